"""The five page layouts, parsed from the real sample pages bundled with shelf."""

from __future__ import annotations

import datetime as dt

import pytest

from store.errors import ParseError
from store.formats import parse_page, read_page
from store.formats.title_split import split_title_authors
from store.model import ProfileFigures
from tests.conftest import TODAY, sample


def page(prefix: str):
    return read_page(sample(prefix), TODAY)


@pytest.mark.parametrize(
    ("prefix", "layout", "count"),
    [
        ("000", "picture-header", 10),
        ("001", "glued-lines", 50),
        ("002", "arxiv-listing", 10),
        ("003", "collaborators", 9),
        ("004", "profile-stats", 50),
    ],
)
def test_every_sample_is_detected_and_fully_read(prefix: str, layout: str, count: int) -> None:
    parsed = page(prefix)
    assert parsed.format == layout
    assert len(parsed.entries) == count
    assert all(entry.abstract for entry in parsed.entries)


# --- 000: "Picture for NAME" -------------------------------------------------------------


def test_picture_header_owner_fields_and_comments() -> None:
    parsed = page("000")
    assert parsed.owner == "Koray Kavukcuoglu" and not parsed.owner_inferred
    first = parsed.entries[0]
    assert first.title == "Improving alignment of dialogue agents via targeted human judgements"
    assert first.date == dt.date(2022, 9, 28) and first.date_text == "Sep 28, 2022"
    assert len(first.authors) == 34 and first.authors[0] == "Amelia Glaese" and first.authors[-1] == "Geoffrey Irving"
    assert not first.authors_truncated
    assert first.abstract.startswith("We present Sparrow")
    assert first.comments is None
    routed = parsed.entries[1]
    assert routed.comments == "Fixing typos and affiliation clarity"
    assert "Diego de las Casas" in routed.authors
    streetlearn = next(e for e in parsed.entries if e.title == "The StreetLearn Environment and Dataset")
    assert streetlearn.comments == "13 pages, 6 figures, 4 tables. arXiv admin note: text overlap with arXiv:1804.00168"


def test_picture_header_drops_layout_lines() -> None:
    for entry in page("000").entries:
        text = " ".join(filter(None, [entry.title, entry.abstract, entry.comments, *entry.authors]))
        assert "Figure 1 for" not in text and "Viaarxiv icon" not in text and "Alert button" not in text


# --- 001: glued lines --------------------------------------------------------------------

SPLITS_001 = [
    ("CLIP-CLOP: CLIP-Guided Collage and Photomontage", "Piotr Mirowski"),
    ("Training Compute-Optimal Large Language Models", "Jordan Hoffmann"),
    ("Perplexity Cannot Always Tell Right from Wrong", "Petar Veličković"),
    ("Promptbreeder: Self-Referential Self-Improvement Via Prompt Evolution", "Chrisantha Fernando"),
    ("Solving MaxSAT with Matrix Multiplication", "David Warde-Farley"),
    ("How do LLMs Compute Verbal Confidence", "Dharshan Kumaran"),
    ("How LLMs Detect and Correct Their Own Errors: The Role of Internal Confidence Signals", "Dharshan Kumaran"),
    ("Neural Compression of Atmospheric States", "Piotr Mirowski"),
    ("Intelligent AI Delegation", "Nenad Tomašev"),
    ("A Theory of Appropriateness That Accounts for Norms of Rationality", "Joel Z. Leibo"),
    ("Causal Evidence that Language Models use Confidence to Drive Behavior", "Dharshan Kumaran"),
    ("Distributional AGI Safety", "Nenad Tomašev"),
    (
        "Gemini 2.5: Pushing the Frontier with Advanced Reasoning, Multimodality, Long Context, and Next Generation"
        " Agentic Capabilities",
        "Gheorghe Comanici",
    ),
    ("TRecViT: A Recurrent Video Transformer", "Viorica Pătrăucean"),
    ("Genie: Generative Interactive Environments", "Jake Bruce"),
    ("MaD Physics: Evaluating information seeking under constraints in physical environments", "Moksh Jain"),
    ("Perception Test: A Diagnostic Benchmark for Multimodal Video Models", "Viorica Pătrăucean"),
    ("Cross-dimensional Weighting for Aggregated Deep Convolutional Features", "Yannis Kalantidis"),
    (
        "Generative agent-based modeling with actions grounded in physical, social, or digital space using Concordia",
        "Alexander Sasha Vezhnevets",
    ),
    ("A theory of appropriateness with applications to generative artificial intelligence", "Joel Z. Leibo"),
    (
        "How Overconfidence in Initial Choices and Underconfidence Under Criticism Modulate Change of Mind in Large"
        " Language Models",
        "Dharshan Kumaran",
    ),
    ("Virtual Agent Economies", "Nenad Tomasev"),
    ("Multi-Actor Generative Artificial Intelligence as a Game Engine", "Alexander Sasha Vezhnevets"),
    (
        "Societal and technological progress as sewing an ever-growing, ever-changing, patchy, and polychrome quilt",
        "Joel Z. Leibo",
    ),
    ("Wanting to be Understood", "Chrisantha Fernando"),
    ("Wanting to Be Understood Explains the Meta-Problem of Consciousness", "Chrisantha Fernando"),
    ("Retrieval-Augmented Reinforcement Learning", "Anirudh Goyal"),
    ("Unified Scaling Laws for Routed Language Models", "Aidan Clark"),
    ("Scaling Language Models: Methods, Analysis & Insights from Training Gopher", "Jack W. Rae"),
    ("Improving language models by retrieving from trillions of tokens", "Sebastian Borgeaud"),
    ("Model-Value Inconsistency as a Signal for Epistemic Uncertainty", "Angelos Filos"),
    ("Top-KAST: Top-K Always Sparse Training", "Siddhant M. Jayakumar"),
    ("Generative Art Using Neural Visual Grammars and Dual Encoders", "Chrisantha Fernando"),
    (
        "Contrastive Topographic Models: Energy-based density models applied to the understanding of sensory coding"
        " and cortical topography",
        "Simon Osindero",
    ),
    ("From Language Games to Drawing Games", "Chrisantha Fernando"),
    ("Small Data, Big Decisions: Model Selection in the Small-Data Regime", "Jorg Bornschein"),
    ("AlgebraNets", "Jordan Hoffmann"),
    ("A Practical Sparse Approximation for Real Time Recurrent Learning", "Jacob Menick"),
    ("A Deep Neural Network's Loss Surface Contains Every Low-dimensional Pattern", "Wojciech Marian Czarnecki"),
    ("Adapting Behaviour for Learning Progress", "Tom Schaul"),
    ("Meta-Learning Deep Energy-Based Memory Models", "Sergey Bartunov"),
    ("Meta-learning of Sequential Strategies", "Pedro A. Ortega"),
    ("Distilling Policy Distillation", "Wojciech Marian Czarnecki"),
    ("Meta-Learning with Latent Embedding Optimization", "Andrei A. Rusu"),
    ("Massively Parallel Video Networks", "Joao Carreira"),
    ("Meta-Learning by the Baldwin Effect", "Chrisantha Thomas Fernando"),
    ("Mix&Match - Agent Curricula for Reinforcement Learning", "Wojciech Marian Czarnecki"),
    ("Kickstarting Deep Reinforcement Learning", "Simon Schmitt"),
    ("Population Based Training of Neural Networks", "Max Jaderberg"),
    (
        "Beautiful and damned. Combined effect of content quality and social ties on user engagement",
        "Luca M. Aiello",
    ),
]


def test_glued_lines_split_every_title_from_its_authors() -> None:
    entries = page("001").entries
    assert [(e.title, e.authors[0]) for e in entries] == SPLITS_001


def test_glued_lines_fields() -> None:
    entries = page("001").entries
    clip = entries[0]
    assert (clip.category, clip.date, clip.has_code) == ("CV", dt.date(2022, 5, 6), True)
    assert clip.authors == ["Piotr Mirowski", "Dylan Banarse", "Mateusz Malinowski"]
    assert clip.authors_truncated and clip.orgs == ["deepmind"]
    chinchilla = entries[1]
    assert (chinchilla.category, chinchilla.has_code, chinchilla.orgs) == ("CL", False, [])
    delegation = entries[8]  # three authors and no "et al.": the list is whole
    assert delegation.authors == ["Nenad Tomašev", "Matija Franklin", "Simon Osindero"]
    assert not delegation.authors_truncated
    gemini = entries[12]
    assert gemini.orgs == ["amazon-science", "baidu"]
    osindero_alone = entries[33]
    assert osindero_alone.authors == ["Simon Osindero"] and not osindero_alone.authors_truncated


def test_glued_lines_year_less_dates_are_the_latest_such_day_not_after_import() -> None:
    entries = page("001").entries
    perplexity = entries[2]
    assert perplexity.date_text == "Jan 30" and perplexity.date == dt.date(2026, 1, 30)
    # The same page read on an earlier day places "Jan 30" in the year before.
    earlier = read_page(sample("001"), dt.date(2026, 1, 29)).entries[2]
    assert earlier.date == dt.date(2025, 1, 30)
    assert all(e.date <= TODAY for e in entries)


def test_glued_lines_owner_is_inferred_and_can_be_overridden(library) -> None:
    parsed = page("001")
    assert parsed.owner == "Simon Osindero" and parsed.owner_inferred
    report = library.import_file(sample("001"), owner="Someone Else", today=TODAY)
    assert report.owner == "Someone Else" and not report.owner_inferred


@pytest.mark.parametrize(
    ("glued", "title", "first_author"),
    [
        ("Results on MMLUDharshan Kumaran, Nat McAleese", "Results on MMLU", "Dharshan Kumaran"),
        ("Notes on GPT-4Josh Achiam", "Notes on GPT-4", "Josh Achiam"),
        ("Why?Jean-Baptiste Alayrac", "Why?", "Jean-Baptiste Alayrac"),
        ("Vision with ViTS. M. Ali Eslami", "Vision with ViT", "S. M. Ali Eslami"),
        ("Judging agentsNat McAleese, Yann LeCun", "Judging agents", "Nat McAleese"),
    ],
)
def test_title_split_edge_cases(glued: str, title: str, first_author: str) -> None:
    split = split_title_authors(glued)
    assert split is not None
    assert split[0] == title and split[1].split(",")[0] == first_author


def test_title_split_refuses_a_line_with_no_names() -> None:
    assert split_title_authors("a title with no author list at all") is None


# --- 002: arXiv listing ------------------------------------------------------------------


def test_arxiv_listing_keeps_missing_titles_missing() -> None:
    entries = page("002").entries
    assert page("002").owner is None  # nothing on the page says whose it is
    untitled = [e for e in entries if e.title is None]
    assert len(untitled) == 9
    first = entries[0]
    assert (first.arxiv_id, first.date, first.authors) == ("2404.02258", dt.date(2024, 4, 2), [])
    assert first.abstract.startswith("Transformer-based language models spread FLOPs")
    assert entries[7].comments == "22 pages"


def test_arxiv_listing_titled_entry() -> None:
    big_bench = page("002").entries[2]
    assert big_bench.title.startswith("Beyond the Imitation Game")
    assert big_bench.authors[:2] == ["Aarohi Srivastava", "Abhinav Rastogi"] and len(big_bench.authors) > 400
    assert big_bench.comments.startswith("27 pages, 17 figures")
    assert big_bench.arxiv_id == "2206.04615" and big_bench.date == dt.date(2022, 6, 9)
    assert big_bench.abstract.startswith("Language models demonstrate")


# --- 003: collaborating authors ----------------------------------------------------------


def test_collaborators_owner_venue_and_incomplete_authors() -> None:
    parsed = page("003")
    assert parsed.owner == "Igor Babuschkin"
    gpt4 = parsed.entries[0]
    assert gpt4.title == "GPT-4 Technical Report"
    assert gpt4.venue == "arXiv.org Artificial Intelligence"
    assert gpt4.authors == ["Igor Babuschkin"] and gpt4.authors_truncated
    assert gpt4.date is None
    assert parsed.entries[-1].venue == "arXiv.org Machine Learning"


# --- 004: profile with figures -----------------------------------------------------------


def test_profile_figures_are_read() -> None:
    parsed = page("004")
    assert parsed.owner == "Ilya Sutskever"
    assert parsed.profile == ProfileFigures(
        main_category="LG", h_index=74, paper_count=59, citations=300203, novelty_pct=63, ai_score=43
    )


def test_profile_entries() -> None:
    entries = page("004").entries
    o1 = entries[0]
    assert (o1.category, o1.date, o1.title) == ("AI", dt.date(2024, 12, 21), "OpenAI o1 System Card")
    assert o1.authors == ["Aaron Jaech", "Adam Kalai", "Adam Lerer"] and o1.authors_truncated
    gpt4 = entries[2]
    assert gpt4.orgs == ["berkeley", "deepmind"]
    sae = next(e for e in entries if e.title == "Scaling and evaluating sparse autoencoders")
    assert sae.has_code and sae.authors[1] == "Tom Dupré la Tour"
    assert entries[-1].title == "Addressing the Rare Word Problem in Neural Machine Translation"


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Ilya Sutskever\n\nh-index74\n\nAIDec 21, 2024\nCaf\u00e9\n".encode("latin-1"), "not UTF-8"),
        (b"just some notes\nnothing like a page\n", "not a page layout"),
        (b"LGFeb 30, 2021\nA TitleJohn Smith\nAbstract.\n", "no such day"),
        (b"LGJan 3, 2021\n", "no title"),
        (b"LGJan 3, 2021\nall lower case, no names here\nAbstract.\n", "cannot tell the title"),
        (b"An abstract.\n\narXiv:2101.00001\nCreated: 2021-01-01\n\nA truncated abstract\n", "truncated"),
    ],
)
def test_bad_pages_give_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_page(data, "bad.txt", TODAY)
    text = str(caught.value)
    assert text.startswith("bad.txt") and message in text and "\n" not in text


def test_error_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_page(b"LGJan 3, 2021\nA TitleJohn Smith\nAbstract.\nCVFeb 30, 2021\nB TitleJane Doe\nText.\n", "p.txt", TODAY)
    assert caught.value.line == 4 and str(caught.value).startswith("p.txt:4:")


def test_utf16_with_bom_is_read() -> None:
    text = sample("004").read_text(encoding="utf-8")
    parsed = parse_page(text.encode("utf-16"), "sixteen.txt", TODAY)
    assert len(parsed.entries) == 50


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        read_page(tmp_path / "absent.txt")
    with pytest.raises(ParseError, match="directory"):
        read_page(tmp_path)
