"""Exports: BibTeX that a reference manager can trust, and a Markdown reading list a person can read.

(The JSON contract is checked in test_library.py::test_json_export_contract.)
"""

from __future__ import annotations

import dataclasses
import re

import bibtexparser
import pytest

from store import Library
from store.export import citation, cite_keys, export, short_authors, to_bibtex, to_markdown
from store.model import Paper, ReadStatus


def paper(id: int = 1, **fields) -> Paper:
    base = Paper(
        id=id, title="A Paper", authors=["Ada Lovelace"], authors_truncated=False, date="2022-05-06",
        arxiv_id=None, category=None, has_code=False, orgs=[], venue=None, comments=None, abstract=None,
        status=ReadStatus.UNREAD, starred=False, note="", tags=[],
    )
    return dataclasses.replace(base, **fields)


def parsed(bib: str) -> list:
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    return library.entries


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


# --- BibTeX ---------------------------------------------------------------------------------


def test_a_missing_title_stays_missing() -> None:
    bib = to_bibtex([paper(title=None, authors=[], arxiv_id="2404.02258")])
    assert "Untitled" not in bib and "title" not in bib
    (entry,) = parsed(bib)
    assert entry.entry_type == "misc" and entry.key == "arxiv2404.02258"
    assert fields(entry)["eprint"] == "2404.02258" and fields(entry)["year"] == "2022"


def test_arxiv_preprints_are_misc_with_eprint_class_and_url() -> None:
    (entry,) = parsed(to_bibtex([paper(arxiv_id="2206.04615", category="LG")]))
    assert entry.entry_type == "misc"
    assert {
        "eprint": "2206.04615", "archivePrefix": "arXiv", "primaryClass": "cs.LG", "url": "https://arxiv.org/abs/2206.04615",
    }.items() <= fields(entry).items()
    (unknown_class,) = parsed(to_bibtex([paper(arxiv_id="2206.04615", category="ZZ")]))
    assert "primaryClass" not in fields(unknown_class)


@pytest.mark.parametrize(
    ("venue", "entry_type", "field"),
    [
        ("arXiv.org Machine Learning", "misc", "howpublished"),
        ("arXiv.org Artificial Intelligence", "misc", "howpublished"),
        ("Advances in Neural Information Processing Systems (NeurIPS)", "inproceedings", "booktitle"),
        ("Proceedings of the 39th International Conference on Machine Learning", "inproceedings", "booktitle"),
        ("Journal of Machine Learning Research", "article", "journal"),
        ("Nature", "article", "journal"),
        ("DeepMind blog", "misc", "howpublished"),
    ],
)
def test_the_entry_type_follows_what_the_venue_says(venue: str, entry_type: str, field: str) -> None:
    (entry,) = parsed(to_bibtex([paper(venue=venue)]))
    assert entry.entry_type == entry_type and fields(entry)[field] == venue


def test_authors_are_and_joined_with_and_others_for_a_cut_list() -> None:
    (entry,) = parsed(to_bibtex([paper(authors=["Josh Achiam", "Steven Adler"], authors_truncated=True)]))
    assert fields(entry)["author"] == "Josh Achiam and Steven Adler and others"
    (entry,) = parsed(to_bibtex([paper(authors=["Ada Lovelace", "Charles Babbage"])]))
    assert fields(entry)["author"] == "Ada Lovelace and Charles Babbage"
    (entry,) = parsed(to_bibtex([paper(authors=["Research and Development Lab"])]))
    assert fields(entry)["author"] == "{Research and Development Lab}"  # one name, not two


def test_keys_are_surname_year_first_word_unique_and_stable() -> None:
    a = paper(1, title="The Scaling of Things", authors=["Jack W. Rae"], date="2021-12-08")
    b = paper(2, title="Scaling Again", authors=["Jack Rae"], date="2021-01-01")
    c = paper(3, title="Scaling, a third time", authors=["Jack Rae"], date="2021-02-02")
    d = paper(4, title="Über alles", authors=["Maja Trębacz", "X"], date=None)
    e = paper(5, title=None, authors=["Igor Babuschkin"], date=None)
    keys = cite_keys([c, a, d, b, e])
    assert keys == {1: "rae2021scaling", 2: "rae2021scalingb", 3: "rae2021scalingc", 4: "trebaczuber", 5: "babuschkin"}
    assert cite_keys([a, b]) == {1: "rae2021scaling", 2: "rae2021scalingb"}  # a paper keeps its key as others come
    assert citation(a).startswith("@misc{rae2021scaling,")
    assert not any(key.startswith("anon") for key in keys.values())
    assert cite_keys([paper(title="x", authors=[], arxiv_id=None, date=None)]) == {1: "anonx"}


def test_one_blank_line_between_entries() -> None:
    bib = to_bibtex([paper(1), paper(2), paper(3)])
    assert bib.count("\n\n@") == 2 and "\n\n\n" not in bib and bib.endswith("}\n") and bib.startswith("@")
    assert to_bibtex([]) == ""


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mix&Match 50% #1 a_b", r"Mix\&Match 50\% \#1 a\_b"),
        ("Open { brace", r"Open \textbraceleft{} brace"),
        ("Close } and \\emph{x} ~ ^", r"Close \textbraceright{} and \textbackslash{}emph\textbraceleft{}x\textbraceright{} \textasciitilde{} \textasciicircum{}"),
        ("RL$^2$: Fast", "{RL}$^2$: Fast"),
        ("Costs $5 and $6", r"Costs \$5 and \$6"),  # not math: the closing "$" follows a space (pandoc's rule)
        ("A $\\mathcal{O}(n)$ bound", r"A $\mathcal{O}(n)$ bound"),
        ("Odd $x}$ math", r"Odd \$x\textbraceright{}\$ math"),  # unbalanced braces: not kept as math
        ("GPT-4 and AlphaCode, Self-Supervised", "{GPT-4} and {AlphaCode,} Self-Supervised"),
        ("Trębacz café", "Trębacz café"),
        ("line\nbreak\x1b[2J", "line break {[2J}"),
    ],
)
def test_titles_are_escaped_so_the_file_parses_and_reads_literally(title: str, expected: str) -> None:
    bib = to_bibtex([paper(title=title)])
    (entry,) = parsed(bib)
    value = fields(entry)["title"]
    assert value == expected
    depth = 0
    for ch in bib:  # classic BibTeX counts every brace, escaped or not
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_the_sample_library_exports_as_valid_bibtex(sample_library: Library) -> None:
    papers = list(sample_library.papers(sorted(sample_library.paper_ids())))
    bib = export(papers, "bibtex")
    entries = parsed(bib)
    assert len(entries) == 123 and len({e.key for e in entries}) == 123
    assert "Untitled" not in bib and "anon" not in bib
    assert {e.entry_type for e in entries} == {"misc"}  # every venue on the sample pages is arXiv
    gpt4 = next(e for e in entries if fields(e).get("title") == "{GPT-4} Technical Report")
    assert gpt4.key == "achiam2023gpt" and fields(gpt4)["author"].endswith(" and others")
    assert fields(gpt4)["howpublished"] == "arXiv.org Artificial Intelligence" and "journal" not in fields(gpt4)
    untitled = [e for e in entries if "title" not in fields(e)]
    assert len(untitled) == 9 and all(e.key.startswith("arxiv") and "eprint" in fields(e) for e in untitled)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_is_a_reading_list_newest_first() -> None:
    papers = [
        paper(1, title="Old", date="2019-01-01", status=ReadStatus.READ),
        paper(2, title="New", date="2023-03-01", status=ReadStatus.READING, starred=True),
        paper(3, title="Undated", date=None),
        paper(4, title="Middle", date="2021-06-01", arxiv_id="2106.00001"),
    ]
    md = to_markdown(papers)
    items = [line for line in md.splitlines() if line.startswith("- ")]
    assert [re.search(r"\*\*(?:\[)?(\w+)", line).group(1) for line in items] == ["New", "Middle", "Old", "Undated"]
    assert items[0] == "- [ ] **New** ★ *(reading)*  "
    assert items[1] == "- [ ] **[Middle](https://arxiv.org/abs/2106.00001)**  "
    assert items[2].startswith("- [x] **Old**")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == ["# Reading list", "## 2023", "## 2021", "## 2019", "## Undated"]
    assert "[~]" not in md
    assert "4 papers: 2 unread, 1 reading, 1 read" in md


def test_markdown_authors_are_the_first_few_then_et_al() -> None:
    many = [f"Author {i}" for i in range(441)]
    md = to_markdown([paper(authors=many), paper(2, authors=["A B", "C D"], authors_truncated=True), paper(3, authors=[])])
    assert "Author 0, Author 1, Author 2 et al. · 2022-05-06" in md and "Author 3" not in md
    assert "A B, C D et al." in md
    assert max(len(line) for line in md.splitlines()) < 200
    assert short_authors(["A", "B", "C"]) == "A, B, C" and short_authors([], True) == ""


def test_markdown_tags_and_a_quoted_note() -> None:
    md = to_markdown([paper(tags=["llm", "to-read"], note="Read §3 *first*\n- then [bold]this[/bold]\n\n# not a heading\n")])
    lines = md.splitlines()
    start = lines.index("  `#llm` `#to-read`")
    assert lines[start + 1 :] == [
        "  > Read §3 \\*first\\*",
        "  > \\- then \\[bold\\]this\\[/bold\\]",
        "  >",
        "  > \\# not a heading",
    ]


def test_markdown_escapes_page_text() -> None:
    md = to_markdown([paper(title="[bold]x[/bold] <script> `code` | a_b", authors=["1. Odd", "$"], venue="Mix & Match")])
    assert "**\\[bold\\]x\\[/bold\\] \\<script\\> \\`code\\` \\| a\\_b**" in md
    assert "  1\\. Odd, \\$ · 2022-05-06 · Mix \\& Match" in md
    md = to_markdown([paper(title=None, arxiv_id="2404.02258")])
    assert "- [ ] [*untitled* (arXiv:2404.02258)](https://arxiv.org/abs/2404.02258)" in md
    assert "*untitled*" in to_markdown([paper(title=None)])
