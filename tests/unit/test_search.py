"""The search box's query language and the fuzzy index: per-word fields, filters, typos, highlighting."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.search import (
    MAX_QUERY_WORDS,
    SearchIndex,
    SearchQuery,
    Term,
    _words,
    highlight_spans,
    parse_query,
    unknown_hint,
)

# --- parse_query ----------------------------------------------------------------------------


def terms(*pairs: str) -> tuple[Term, ...]:
    """``terms("quoc:author", "sequence")`` -> the Terms, "any" when no field is written."""
    return tuple(Term(*pair.split(":")) if ":" in pair else Term(pair) for pair in pairs)


@pytest.mark.parametrize(
    "text, text_out, expected",
    [
        ("", "", ()),
        ("scaling laws", "scaling laws", terms("scaling", "laws")),
        ("a:quoc", "quoc", terms("quoc:author")),
        ("A:Quoc", "Quoc", terms("quoc:author")),
        ("t:sequence", "sequence", terms("sequence:title")),
        ("a:quoc t:sequence", "quoc sequence", terms("quoc:author", "sequence:title")),
        ("a:quoc sequence", "quoc sequence", terms("quoc:author", "sequence")),
        ("t:sequence a:quoc", "sequence quoc", terms("sequence:title", "quoc:author")),
        ("a:oriol a:vinyals", "oriol vinyals", terms("oriol:author", "vinyals:author")),
        ('a:"oriol vinyals" learning', "oriol vinyals learning", terms("oriol:author", "vinyals:author", "learning")),
        ('t:"scaling laws"', "scaling laws", terms("scaling:title", "laws:title")),
        ('a:"oriol vin', "oriol vin", terms("oriol:author", "vin:author")),  # still typing: the quote runs to the end
        ("a:Rémi", "Rémi", terms("remi:author")),  # folded: accents and case
        ("a:le-cun", "le-cun", terms("le:author", "cun:author")),  # one token, two words, one field
        ('"scaling laws"', '"scaling laws"', terms("scaling", "laws")),  # bare quotes are just punctuation
        ("scaling - & lwas", "scaling - & lwas", terms("scaling", "lwas")),  # wordless tokens match nothing ...
        ("-", "-", ()),  # ... so they alone match no paper (the query is not empty)
        ("BERT: pre-training", "BERT: pre-training", terms("bert", "pre", "training")),  # an ordinary colon is text
    ],
)
def test_words_and_their_fields(text: str, text_out: str, expected: tuple[Term, ...]) -> None:
    query = parse_query(text)
    assert query.text == text_out
    assert query.terms == expected
    assert query.unknown == ()


def test_filters() -> None:
    query = parse_query("#llm #safety #llm is:unread is:READ is:starred year:2020..2022 scaling")
    assert query.tags == ("llm", "safety")
    assert query.statuses == ("unread", "read")
    assert query.starred
    assert (query.year_from, query.year_to) == (2020, 2022)
    assert query.terms == terms("scaling")
    assert query.has_filters and not query.is_empty and not query.full_text


@pytest.mark.parametrize(
    "token, years",
    [
        ("year:2021", (2021, 2021)),
        ("year:2020..2022", (2020, 2022)),
        ("year:2022..2020", (2020, 2022)),  # written backwards: read the right way round
        ("year:2020..", (2020, None)),
        ("year:..2019", (None, 2019)),
        ("YEAR:2021", (2021, 2021)),
    ],
)
def test_year_forms(token: str, years: tuple[int | None, int | None]) -> None:
    query = parse_query(token)
    assert (query.year_from, query.year_to) == years
    assert query.text == "" and query.unknown == ()


def test_full_text() -> None:
    query = parse_query("?starcraft a:vinyals #rl")
    assert query.full_text
    assert query.text == "starcraft vinyals"  # every word, for full-text search
    assert query.terms == terms("starcraft", "vinyals:author")
    assert query.tags == ("rl",)
    assert parse_query("?").full_text and parse_query("?").is_empty


@pytest.mark.parametrize(
    "text, unknown",
    [
        ("a:", ("a:",)),
        ("t:", ("t:",)),
        ('a:""', ('a:""',)),
        ('a:"', ('a:"',)),
        ("a:-", ("a:-",)),
        ("#", ("#",)),
        ("##", ("##",)),
        ("is:", ("is:",)),
        ("year:", ("year:",)),
        ("scaling a: # is:", ("a:", "#", "is:")),
    ],
)
def test_a_prefix_with_nothing_after_it_is_reported_and_ignored(text: str, unknown: tuple[str, ...]) -> None:
    query = parse_query(text)
    assert query.unknown == unknown
    assert not query.has_filters
    assert query.terms in ((), terms("scaling"))
    assert all(unknown_hint(token).startswith(token + ": ") for token in unknown)


def test_a_lone_prefix_no_longer_matches_everything_silently() -> None:
    query = parse_query("a:")
    assert query.is_empty  # the caller shows the whole list, as while typing
    assert query.unknown == ("a:",)  # ... and can say why
    assert "a:word" in unknown_hint("a:")


@pytest.mark.parametrize(
    "text, unknown, words",
    [
        ("is:foo", ("is:foo",), ("is", "foo")),
        ("is:unred scaling", ("is:unred",), ("is", "unred", "scaling")),
        ("year:abc", ("year:abc",), ("year", "abc")),
        ("YEAR:20x", ("YEAR:20x",), ("year", "20x")),
        ("year:202", ("year:202",), ("year", "202")),  # still typing
        ("year:99999", ("year:99999",), ("year", "99999")),
        ("year:..", ("year:..",), ("year",)),
        ("year:abc is:foo", ("year:abc", "is:foo"), ("year", "abc", "is", "foo")),
    ],
)
def test_a_filter_with_a_bad_value_is_reported_and_still_searched_as_words(
    text: str, unknown: tuple[str, ...], words: tuple[str, ...]
) -> None:
    """A misspelt filter must not widen the results: its words are looked for, as before."""
    query = parse_query(text)
    assert query.unknown == unknown
    assert query.text == text
    assert query.words_for("any") == words
    assert not query.has_filters and not query.is_empty
    assert all(unknown_hint(token).startswith(token + ": ") for token in unknown)


def test_unknown_hints_name_the_valid_forms() -> None:
    assert "unread, reading, read or starred" in unknown_hint("is:foo")
    assert "2020..2022" in unknown_hint("year:abc")
    assert "#tag" in unknown_hint("#")
    assert "titles" in unknown_hint("t:")


def test_control_characters_are_spaces() -> None:
    assert parse_query("a:quoc\x00t:sequence\x1b").terms == terms("quoc:author", "sequence:title")


# --- SearchQuery helpers --------------------------------------------------------------------


def test_words_for_each_field() -> None:
    query = parse_query("a:quoc t:sequence learning learning")
    assert query.words_for("any") == ("quoc", "sequence", "learning")
    assert query.title_words() == ("sequence", "learning")
    assert query.author_words() == ("quoc", "learning")


def test_field_is_the_one_shared_field_else_any() -> None:
    assert parse_query("a:quoc a:le").field == "author"
    assert parse_query('t:"scaling laws"').field == "title"
    assert parse_query("a:quoc t:sequence").field == "any"
    assert parse_query("a:quoc sequence").field == "any"
    assert parse_query("").field == "any"


def test_text_and_terms_always_agree() -> None:
    query = parse_query("a:quoc t:sequence learning")
    narrowed = replace(query, text="quoc learning")  # what older callers do: words keep their fields
    assert narrowed.terms == terms("quoc:author", "learning")
    assert SearchQuery(text="Scaling Laws").terms == terms("scaling", "laws")
    made = SearchQuery(terms=(Term("Quoc", "author"), Term("Le-Cun")))
    assert made.text == "quoc le cun" and made.terms == terms("quoc:author", "le", "cun")


def test_for_authors_keeps_what_the_title_does_not_explain() -> None:
    title = "Scaling Laws for Neural Language Models"
    assert parse_query("scaling lwas").for_authors(title) is None  # both words are the title's
    assert parse_query("scaling kaplan").for_authors(title).terms == terms("kaplan")
    assert parse_query("a:scaling t:laws").for_authors(title).terms == terms("scaling:author")
    assert parse_query("t:scaling").for_authors(title) is None
    assert parse_query("kaplan laws").for_authors(None).terms == terms("kaplan", "laws")


# --- the index: per-word fields -------------------------------------------------------------

PAPERS = {
    1: ("Multi-task Sequence to Sequence Learning", "Minh-Thang Luong, Quoc V. Le, Ilya Sutskever, Oriol Vinyals, Lukasz Kaiser"),
    2: ("Sequence to Sequence Learning with Neural Networks", "Ilya Sutskever, Oriol Vinyals, Quoc V. Le"),
    3: ("Scaling Laws for Neural Language Models", "Jared Kaplan, Sam McCandlish, Tom Henighan, Dario Amodei"),
    4: ("Grandmaster level in StarCraft II using multi-agent reinforcement learning", "Oriol Vinyals, Igor Babuschkin"),
    5: ("A Quoc Sequence Benchmark", "Ada Lovelace"),  # both words, but in the title
    6: ("Notes on Quoc", "Ann Sequence"),  # both words, fields swapped
    7: ("Safe and Efficient Off-Policy Reinforcement Learning", "Rémi Munos, Tom Stepleton, Marc G. Bellemare"),
    8: ("Networks that Learn: a Neural Approach", "Bob Smith"),
    9: ("Some Other Work", "Oriol Smith, Jane Vinyals"),  # the name's words, scattered
    10: (None, "Quoc Nobody"),  # an untitled paper
}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    ids = list(PAPERS)
    return SearchIndex.build(ids, [PAPERS[i][0] for i in ids], [PAPERS[i][1] for i in ids])


@pytest.mark.parametrize("text", ["a:quoc t:sequence", "a:quoc sequence", "t:sequence a:quoc"])
def test_each_prefix_binds_its_own_word(index: SearchIndex, text: str) -> None:
    """The review's three queries: all find Quoc V. Le's sequence papers, and only those."""
    found = index.search(text)
    assert 1 in found
    assert set(found) == {1, 2}


def test_free_words_match_title_or_authors(index: SearchIndex) -> None:
    assert set(index.search("quoc sequence")) == {1, 2, 5, 6}
    assert set(index.search("quoc")) == {1, 2, 5, 6, 10}


def test_a_fielded_word_matches_only_its_field(index: SearchIndex) -> None:
    assert set(index.search("t:quoc")) == {5, 6}
    assert set(index.search("a:quoc")) == {1, 2, 10}
    assert set(index.search("a:sequence")) == {6}
    assert set(index.search("t:sequence")) == {1, 2, 5}
    assert index.search("a:quoc t:notes") == []
    assert index.search("t:quoc a:sequence") == [6]


def test_every_word_is_required(index: SearchIndex) -> None:
    assert set(index.search("sequence networks")) == {2}
    assert index.search("a:kaplan t:starcraft") == []


def test_author_phrases(index: SearchIndex) -> None:
    assert set(index.search('a:"oriol vinyals"')) == set(index.search("a:oriol a:vinyals")) == {1, 2, 4, 9}
    assert index.search('a:"oriol vinyals"')[-1] == 9  # the name as written beats its words scattered
    assert index.search("oriol vinyals")[-1] == 9


def test_title_phrase_ranks_first(index: SearchIndex) -> None:
    assert index.search("neural networks") == [2, 8]
    assert index.search("t:neural t:networks") == [2, 8]
    assert index.search("a:sutskever neural networks") == [2]


def test_accents_fold(index: SearchIndex) -> None:
    assert index.search("a:remi") == [7]
    assert index.search("a:Rémi munos") == [7]


def test_typos_are_forgiven_in_the_word_s_own_field(index: SearchIndex) -> None:
    assert set(index.search("sutskvr")) == {1, 2}
    assert set(index.search("a:sutskvr")) == {1, 2}
    assert index.search("t:sutskvr") == []
    assert set(index.search("a:sutskvr t:sequense")) == {1, 2}
    assert index.search("reinforcment lerning")[:2] in ([7, 4], [4, 7])


def test_prefix_as_typed(index: SearchIndex) -> None:
    assert set(index.search("a:sut t:seq")) == {1, 2}
    assert index.search("t:q a:s") == [6]


def test_no_words_no_results(index: SearchIndex) -> None:
    for text in ("", "a:", "#llm", "is:read year:2020", "-", "year:abc", "is:foo"):
        assert index.search(text) == []
    assert index.search("quoc", limit=0) == []


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("quoc", limit=2)) == 2


def test_a_pasted_paragraph_is_cut_to_the_first_words(index: SearchIndex) -> None:
    words = ["sequence"] + [f"w{n}" for n in range(MAX_QUERY_WORDS * 3)]
    assert index.search(" ".join(words)) == []  # the first twelve must all match
    assert set(index.search(" ".join(["sequence"] * 40))) == {1, 2, 5, 6}


def test_added_and_removed_papers_honour_fields() -> None:
    index = SearchIndex.build([1, 2], [PAPERS[1][0], PAPERS[6][0]], [PAPERS[1][1], PAPERS[6][1]])
    index.add(3, "Quoc Learns", "Sequence Quocson")
    assert set(index.search("a:quoc t:sequence")) == {1}
    assert set(index.search("a:quoc sequence")) == {1, 3}
    assert set(index.search("a:quocson t:quoc")) == {3}
    index.update(1, PAPERS[1][0], "Nobody Else")
    assert index.search("a:quoc t:sequence") == []
    index.remove(3)
    assert index.search("a:quocson") == []


# --- highlighting ---------------------------------------------------------------------------

TITLE = "Multi-task Sequence to Sequence Learning"
AUTHORS = "Minh-Thang Luong, Quoc V. Le, Ilya Sutskever"


def lit(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_highlight_each_field_with_its_own_words() -> None:
    query = parse_query("a:quoc t:sequence")
    assert lit(TITLE, highlight_spans(query, TITLE, field="title")) == ["Sequence", "Sequence"]
    assert lit(AUTHORS, highlight_spans(query, AUTHORS, field="author")) == ["Quoc"]
    assert highlight_spans(query, "Quoc Sequence Notes", field="title") == [(5, 13)]  # not the author word
    assert highlight_spans(query, "Ann Sequence", field="author") == []  # not the title word
    assert lit("Quoc Sequence", highlight_spans(query, "Quoc Sequence")) == ["Quoc", "Sequence"]  # field="any"


def test_highlight_free_words_in_both_fields() -> None:
    query = parse_query("a:quoc sequence")
    assert lit(TITLE, highlight_spans(query, TITLE, field="title")) == ["Sequence", "Sequence"]
    assert lit("Quoc V. Le, Ann Sequence", highlight_spans(query, "Quoc V. Le, Ann Sequence", field="author")) == [
        "Quoc",
        "Sequence",
    ]


def test_highlight_prefix_typo_and_accents() -> None:
    assert lit(TITLE, highlight_spans("seq", TITLE)) == ["Seq", "Seq"]
    assert lit(AUTHORS, highlight_spans("a:sutskvr", AUTHORS, field="author")) == ["Sutskever"]
    assert highlight_spans("a:sutskvr", AUTHORS, field="title") == []
    assert lit("Rémi Munos", highlight_spans("remi", "Rémi Munos")) == ["Rémi"]
    decomposed = "Re\u0301mi Munos"
    assert lit(decomposed, highlight_spans("remi", decomposed)) == ["Re\u0301mi"]


def test_highlight_nothing() -> None:
    assert highlight_spans("", TITLE) == []
    assert highlight_spans("a:", TITLE) == []
    assert highlight_spans("sequence", "") == []


# --- any text at all ------------------------------------------------------------------------

PIECES = ["a:", "t:", 'a:"', 't:"', '"', "#", "is:", "year:", "year:..", "..", "?", ":", "-", "Quoc", "séquence", "\x00", " "]
any_text = st.text(max_size=60) | st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=10).map("".join)
ANY = settings(max_examples=300, deadline=None)


@ANY
@given(any_text)
def test_parse_query_never_raises_and_keeps_text_and_terms_in_step(text: str) -> None:
    query = parse_query(text)
    assert [term.word for term in query.terms] == _words(query.text)
    assert all(term.field in ("any", "title", "author") and term.word for term in query.terms)
    assert all(unknown_hint(token) for token in query.unknown)
    assert query.text or not query.terms  # words to match always show in the text


@ANY
@given(any_text, st.text(max_size=60), st.sampled_from(["any", "title", "author"]))
def test_highlight_spans_are_sorted_disjoint_and_inside(query: str, text: str, field: str) -> None:
    spans = highlight_spans(query, text, field=field)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


@ANY
@given(any_text)
def test_the_index_accepts_any_text(index: SearchIndex, text: str) -> None:
    found = index.search(text)
    assert set(found) <= set(PAPERS) and len(found) == len(set(found))
