"""Bad input: every malformed page is refused in one line naming the file, and the library is untouched.

The corpus is the small files in bad_pages/ (one defect each) plus what cannot be a
static file: a 50 MB page, a directory, a missing path, a FIFO, a device, a symlink
loop, a file name full of escape sequences. Each is checked three ways: the parser
raises ParseError with the file (and line), ``shelf import`` exits non-zero with one
line on stderr, and the library file is byte-identical afterwards.

Some odd pages are not bad: UTF-16 (with or without BOM), a UTF-8 BOM, CRLF or CR
line ends, trailing blanks. Those are read, with exactly the entries of the plain page.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from pathlib import Path

import pytest

from store.errors import ParseError
from store.formats import MAX_PAGE_BYTES, parse_page, read_page
from store.locations import sample_pages
from tests.conftest import TODAY

from hardening_support import RAW_CONTROL, library_digest, run_cli, snapshot

BAD_PAGES = Path(__file__).parent / "bad_pages"

# file -> (what the message must say, the line it must name; None when no line helps)
EXPECTED: dict[str, tuple[str, int | None]] = {
    "empty.txt": ("is empty", None),
    "whitespace_only.txt": ("is empty", None),
    "binary.png": ("binary file", 3),
    "nul_bytes.txt": ("binary file", 3),
    "latin1.txt": ("not UTF-8 text (byte 0xe9)", 6),
    "utf16_odd_length.txt": ("not valid utf-16 text", 2),
    "not_a_page.txt": ("not a page layout shelf knows", 1),
    "terminal_escapes_only.txt": ("not a page layout shelf knows", 1),
    "header_only_picture.txt": ("no paper entries found", None),
    "header_only_profile.txt": ("no paper entries found", None),
    "header_only_collaborators.txt": ("no paper entries found", None),
    "collaborators_no_owner.txt": ("no owner name", 3),
    "truncated_picture.txt": ("entry is incomplete", 12),
    "truncated_glued_head.txt": ("no title or authors (truncated?)", 4),
    "truncated_glued_abstract.txt": ("last entry has no abstract (truncated?)", 4),
    "truncated_arxiv.txt": ("truncated?", 6),
    "truncated_arxiv_footer.txt": ("must be followed by its 'Created:' line", 8),
    "truncated_collaborators.txt": ("entry is incomplete", 6),
    "truncated_profile.txt": ("entry is incomplete (no author line)", 8),
    "glued_no_split.txt": ("cannot tell the title from the author list", 2),
    "feb30_glued.txt": ("no such day: 'Feb 30, 2021'", 4),
    "feb30_picture.txt": ("no such day: 'Feb 30, 2021'", 5),
    "feb29_yearless_ok_but_feb30_not.txt": ("no such day: 'Feb 30'", 1),
    "bad_created_date.txt": ("not a date: '2021-02-30'", 4),
    "crlf_bad_date.txt": ("no such day: 'Apr 31, 2021'", 4),
    "mixed_glued_then_arxiv.txt": ("belongs to another layout (profile-stats or glued-lines)", 1),
    "mixed_profile_then_picture.txt": ("belongs to another layout (picture-header)", 12),
    "mixed_profile_run_into_glued.txt": ("category/date line inside the abstract", 11),
    "huge_figure.txt": ("not a plausible profile figure", 3),
    "profile_missing_authors.txt": ("category/date line inside the author line", 8),
}


def test_the_corpus_is_complete() -> None:
    """Every file in bad_pages/ has an expectation, and there are at least 20 of them."""
    assert sorted(p.name for p in BAD_PAGES.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


def assert_one_line_error(error: ParseError, file: str, message: str, line: int | None) -> None:
    text = str(error)
    assert "\n" not in text and "\r" not in text
    assert error.file == file and error.line == line, text
    assert text.startswith(f"{file}:{line}: " if line is not None else f"{file}: "), text
    assert message in text, text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parser_refuses_with_file_and_line(name: str) -> None:
    message, line = EXPECTED[name]
    with pytest.raises(ParseError) as caught:
        read_page(BAD_PAGES / name, TODAY)
    assert_one_line_error(caught.value, name, message, line)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shelf_import_fails_in_one_line_and_leaves_the_library_byte_identical(
    name: str, db_path: Path, digest_before: str, capsys
) -> None:
    message, line = EXPECTED[name]
    code, out, err = run_cli(capsys, "--db", db_path, "import", BAD_PAGES / name)
    assert code == 1 and out == ""
    first, summary = err.splitlines()
    where = f"{name}:{line}" if line is not None else name
    assert first.startswith(f"shelf: {where}: ") and message in first
    assert summary == "shelf: 1 of 1 files not imported; the library is unchanged by them"
    assert library_digest(db_path) == digest_before


# --- what cannot be a small static file ----------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def _loop(tmp_path: Path) -> Path:
    path = tmp_path / "loop.txt"
    path.symlink_to(path)
    return path


def _fifty_megabytes(tmp_path: Path) -> Path:
    """50 MB of well-formed glued-lines entries: refused for its size before a byte is read."""
    path = tmp_path / "huge.txt"
    chunk = (sample_pages()[1].read_text(encoding="utf-8") * 8).encode()
    with path.open("wb") as handle:
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    return path


def _one_long_line(tmp_path: Path) -> Path:
    path = tmp_path / "one_line.txt"
    path.write_text("word " * 1_000_000, encoding="utf-8")
    return path


def _escape_name(tmp_path: Path) -> Path:
    path = tmp_path / "\x1b[2J\x1b]0;pwn\x07.txt"
    path.write_bytes(b"\x00")
    return path


GENERATED = {
    "fifty_megabytes": (_fifty_megabytes, "huge.txt", "is over 50 MB; saved pages are far smaller", None),
    "directory": (lambda tmp: tmp, None, "is a directory", None),
    "missing": (lambda tmp: tmp / "absent.txt", "absent.txt", "no such file", None),
    "fifo": (_fifo, "pipe.txt", "not a regular file", None),
    "device": (lambda tmp: Path("/dev/zero"), "zero", "not a regular file", None),
    "symlink_loop": (_loop, "loop.txt", "cannot be read", None),
    "one_long_line": (_one_long_line, "one_line.txt", "not a page layout", 1),
    "escape_sequences_in_the_name": (_escape_name, "\x1b[2J\x1b]0;pwn\x07.txt", "binary file", 1),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_bad_inputs(case: str, tmp_path: Path, db_path: Path, digest_before: str, capsys) -> None:
    make, _, message, _ = GENERATED[case]
    source = tmp_path / "pages"
    source.mkdir()
    path = make(source)
    if case == "device" and not path.exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(ParseError) as caught:
        read_page(path, TODAY)
    text = str(caught.value)
    assert "\n" not in text and message in text, text
    assert path.name in text or str(path) in text
    code, out, err = run_cli(capsys, "--db", db_path, "import", path)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 2 and message in err
    assert not any(ch in err for ch in RAW_CONTROL if ch != "\n"), repr(err)  # the name is shown, not obeyed
    assert library_digest(db_path) == digest_before


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    """A sparse file just over the limit is refused without reading it (it would be NULs)."""
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)
    with pytest.raises(ParseError, match="saved pages are far smaller"):
        read_page(path, TODAY)


# --- odd but readable ------------------------------------------------------------------------

VARIANTS = {
    "utf-16 with BOM": lambda text: text.encode("utf-16"),
    "utf-16-le without BOM": lambda text: text.encode("utf-16-le"),
    "utf-16-be without BOM": lambda text: text.encode("utf-16-be"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode(),
    "CRLF": lambda text: text.replace("\n", "\r\n").encode(),
    "CR only": lambda text: text.replace("\n", "\r").encode(),
    "trailing blanks": lambda text: text.replace("\n", " \t\u00a0\n").encode(),
    "no final newline": lambda text: text.rstrip("\n").encode(),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("page", sample_pages(), ids=lambda p: p.name[:3])
def test_odd_encodings_and_line_ends_read_exactly_like_the_plain_page(page: Path, variant: str) -> None:
    text = page.read_text(encoding="utf-8")
    plain = parse_page(text.encode(), page.name, TODAY)
    odd = parse_page(VARIANTS[variant](text), page.name, TODAY)
    assert (odd.format, odd.owner, odd.profile) == (plain.format, plain.owner, plain.profile)
    assert odd.entries == plain.entries


# --- several files: a partial import, reported as one ----------------------------------------


def test_good_files_go_in_and_bad_ones_are_named(tmp_path: Path, capsys) -> None:
    """Each file is its own transaction: the good ones are imported, each bad one gets its line."""
    db = tmp_path / "fresh.db"
    pages = sample_pages()
    files = [pages[0], BAD_PAGES / "feb30_glued.txt", pages[3], BAD_PAGES / "empty.txt"]
    code, out, err = run_cli(capsys, "--db", db, "import", *files)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [pages[0].name, pages[3].name]
    assert err.splitlines() == [
        "shelf: feb30_glued.txt:4: no such day: 'Feb 30, 2021'",
        "shelf: empty.txt: is empty",
        "shelf: 2 of 4 files not imported; the library is unchanged by them",
    ]
    assert {row[1] for row in snapshot(db)["pages"]} == {pages[0].name, pages[3].name}


def test_year_less_dates_never_loop_forever() -> None:
    """Near year 1 there is no earlier Feb 29 to fall back to: refused, not an endless search."""
    with pytest.raises(ParseError, match="no such day"):
        parse_page(b"LGFeb 29\nA TitleJohn Smith\nAn abstract.\n", "p.txt", dt.date(1, 2, 1))
