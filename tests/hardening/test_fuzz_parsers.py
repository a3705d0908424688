"""Parser fuzzing: generated pages parse to exactly what was written; mutated pages raise only ParseError.

There is no page writer in store/, so page_strategies renders each layout from drawn
fields; parsing the rendered text must give those fields back (parse(render(x)) == x).
Mutations start from the real sample pages and from generated pages: lines deleted,
duplicated, swapped or blanked, the text cut short, random bytes inserted or flipped.
Whatever comes out, a parser either returns a page or raises ParseError naming the file
in one line; any other exception is a bug.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.formats import parse_page
from store.locations import sample_pages

from page_strategies import PAGES, TODAY, Rendered, any_page

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Drawing a whole page costs ~15 ms of Hypothesis' time; 100 a layout is 500 pages in all.
FUZZ_PAGES = settings(FUZZ, max_examples=100)
FIELDS = (
    "title", "authors", "authors_truncated", "orgs", "date", "date_text", "arxiv_id",
    "category", "has_code", "venue", "comments", "abstract",
)
SAMPLES = [path.read_bytes() for path in sample_pages()]


def fields(entry) -> dict:
    return {name: getattr(entry, name) for name in FIELDS}


@pytest.mark.parametrize("layout", sorted(PAGES))
def test_generated_pages_parse_to_what_was_written(layout: str) -> None:
    @FUZZ_PAGES
    @given(PAGES[layout])
    def check(page: Rendered) -> None:
        parsed = parse_page(page.text.encode(), "generated.txt", TODAY)
        assert parsed.format == layout
        assert [fields(e) for e in parsed.entries] == [fields(e) for e in page.entries]
        if page.owner is not None:
            assert parsed.owner == page.owner and not parsed.owner_inferred
        assert parsed.profile == page.profile

    check()


# --- mutations ------------------------------------------------------------------------------

line_edit = st.tuples(st.sampled_from(["delete", "duplicate", "swap", "blank", "cut"]), st.integers(0), st.integers(0))
byte_edit = st.tuples(st.sampled_from(["insert", "flip", "truncate"]), st.integers(0), st.binary(min_size=1, max_size=8))


def edit_lines(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    lines = data.split(b"\n")
    for op, a, b in edits:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "blank":
            lines[i] = b""
        else:  # cut a line short, mid-character if need be
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
    return b"\n".join(lines)


def edit_bytes(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for op, at, chunk in edits:
        at = at % (len(data) + 1)
        if op == "insert":
            data = data[:at] + chunk + data[at:]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (chunk[0] or 1)]) + data[at + 1 :]
        elif op == "truncate":
            data = data[:at]
    return data


def parses_or_refuses(data: bytes) -> None:
    try:
        page = parse_page(data, "mutated.txt", TODAY)
    except ParseError as error:
        text = str(error)
        assert text.startswith("mutated.txt") and "\n" not in text, text
    else:
        assert page.entries, "a page that parses has entries"


originals = st.one_of(st.sampled_from(SAMPLES), any_page.map(lambda page: page.text.encode()))


@FUZZ
@given(originals, st.lists(line_edit, min_size=1, max_size=6))
def test_line_mutations_raise_only_parse_error(data: bytes, edits) -> None:
    parses_or_refuses(edit_lines(data, edits))


@FUZZ
@given(originals, st.lists(byte_edit, min_size=1, max_size=4))
def test_byte_mutations_raise_only_parse_error(data: bytes, edits) -> None:
    parses_or_refuses(edit_bytes(data, edits))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_parse_error(data: bytes) -> None:
    parses_or_refuses(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_raises_only_parse_error(text: str) -> None:
    parses_or_refuses(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.sampled_from(SAMPLES), st.sampled_from(SAMPLES), st.sampled_from([b"\n", b"\n\n", b""]))
def test_two_pages_in_one_file_are_never_read_as_one_page_of_the_first(first: bytes, second: bytes, sep: bytes) -> None:
    """Pages of different layouts run together are refused; nothing of one lands in the other's fields."""
    if first == second:
        return
    with pytest.raises(ParseError):
        parse_page(first + sep + second, "two.txt", TODAY)


def test_every_truncation_of_every_sample_parses_or_refuses() -> None:
    """Not sampled: every cut at a line end, and 20 random cuts mid-line, of each sample."""
    rng = random.Random(5)
    tried = 0
    for data in SAMPLES:
        ends = [i for i, b in enumerate(data) if b == 0x0A]
        for cut in ends + rng.sample(range(len(data)), 20):
            parses_or_refuses(data[:cut])
            tried += 1
    assert tried > 800
