"""Injection: markup, terminal escapes, SQL and LaTeX in any field are stored literally and never obeyed.

A page whose owner, title, authors, organisations and abstract all carry hostile text
is imported; tags and notes carry it too. Export JSON gives every string back exactly;
the ``shelf`` commands print it without a raw control byte; the search accepts any
text, FTS5 syntax included, without an error. (The app's rendering is tests/app's.)
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import open_library
from store.importer import import_text
from store.library import normalise_tag
from store.locations import sample_pages
from tests.conftest import TODAY

from hardening_support import RAW_CONTROL, run_cli

MARKUP = "[bold red]x[/] [link=http://x]y[/link] [@click=app.quit]q[/]"
ESCAPES = "\x1b[2J\x1b]0;pwn\x07\x9b31m"
SQL = "'); DROP TABLE papers;--"
LATEX = "$k$ \\emph{x}"
HOSTILE = f"{MARKUP} {ESCAPES} {SQL} {LATEX}"
LONG = "long " * 40_000  # a 200,000-character line

OWNER = f"Eve [b]Owner[/b]{ESCAPES}"
TITLE = f"Title {HOSTILE}"
AUTHORS = [f"Alice [bold]Smith[/bold]{ESCAPES}", "Bob'); DROP TABLE authors;-- Jones", "Carol $x$ \\emph{Lee}"]
ORGS = ["org [i]x[/i]", "lab\x1b[31m"]
ABSTRACT = f"Abstract {HOSTILE} {LONG}end."
NOTE = f"note {HOSTILE}\nsecond line {LONG}"
TAGS = [MARKUP.split()[0], "[link=http://x]y[/link]", "');DROP-TABLE-tags;--", "$k$", "\\emph{x}", "\x1b]0;pwn\x07"]

PAGE = f"""{OWNER}

LG
h-index3

AIDec 21, 2024
{TITLE}

{", ".join(AUTHORS)} et al. · {", ".join(ORGS)}

{ABSTRACT}
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> tuple[Path, int]:
    """The samples plus the hostile page; the hostile paper carries hostile tags and a note."""
    db = tmp_path_factory.mktemp("hostile") / "library.db"
    with open_library(db) as library:
        for result in library.import_files(sample_pages(), today=TODAY):
            assert not isinstance(result, Exception)
        import_text(library.db, PAGE, "hostile \x1b[2J.txt", today=TODAY)
        paper_id = max(library.paper_ids())
        library.set_tags(paper_id, TAGS)
        library.set_note(paper_id, NOTE)
    return db, paper_id


def test_every_hostile_string_round_trips_through_import_and_export_json(hostile_db, capsys) -> None:
    db, paper_id = hostile_db
    code, out, _ = run_cli(capsys, "--db", db, "export", "--format", "json")
    assert code == 0
    record = next(r for r in json.loads(out) if r["id"] == paper_id)
    assert record["title"] == TITLE
    assert record["authors"] == AUTHORS and record["authors_truncated"] is True
    assert record["orgs"] == ORGS
    assert record["abstract"] == ABSTRACT
    assert record["note"] == NOTE
    assert sorted(record["tags"]) == sorted(normalise_tag(tag) for tag in TAGS)  # tags are stored lower-case
    assert record["sources"] == [{"file": "hostile \x1b[2J.txt", "owner": OWNER}]


def test_sql_in_the_data_is_only_data(hostile_db) -> None:
    db, _ = hostile_db
    with open_library(db) as library:
        tables = {row[0] for row in library.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"papers", "authors", "tags"} <= tables
        assert library.count() == 124
        assert library.find_author("Bob'); DROP TABLE authors;-- Jones") is not None


def commands(paper_id: int) -> list[list[str]]:
    return [
        ["list"],
        ["list", "--tag", "$k$"],
        ["search", "Title"],
        ["search", "?emph DROP TABLE"],
        ["authors"],
        ["stats"],
        ["note", str(paper_id), "--print"],
    ]  # export is data, literal when piped; to a terminal, see below


def assert_no_raw_control(argv: list[str], out: str, err: str) -> None:
    raw = sorted(hex(ord(ch)) for ch in set(out + err) & set(RAW_CONTROL))
    assert not raw, f"shelf {' '.join(argv)} printed raw {raw}"


def test_the_commands_print_hostile_text_literally_without_raw_control_bytes(hostile_db, capsys) -> None:
    db, paper_id = hostile_db
    printed = 0
    for argv in commands(paper_id):
        code, out, err = run_cli(capsys, "--db", db, *argv)
        assert code == 0, (argv, err)
        assert_no_raw_control(argv, out, err)
        printed += len(out)
    code, out, _ = run_cli(capsys, "--db", db, "list", "--tag", "$k$")
    assert MARKUP in out and "\\x1b[2J" in out and SQL in out and LATEX in out  # literal, escapes made visible
    assert printed > 200_000


def test_shelf_tag_prints_hostile_tags_without_raw_control_bytes(hostile_db, capsys) -> None:
    db, paper_id = hostile_db
    for argv in (["tag", str(paper_id), "[bold]new[/bold]"], ["tag", str(paper_id), "-[bold]new[/bold]"]):
        code, out, err = run_cli(capsys, "--db", db, *argv)
        assert code == 0, err
        assert_no_raw_control(argv, out, err)


def test_an_import_summary_naming_a_hostile_owner_is_printed_safely(tmp_path: Path, capsys) -> None:
    page = tmp_path / "evil\x1b]0;pwn\x07.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", tmp_path / "lib.db", "import", page)
    assert code == 0, err
    assert not set(out + err) & set(RAW_CONTROL) and "Eve [b]Owner[/b]" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt", ["csv", "markdown", "json"])
def test_export_to_a_terminal_sends_no_raw_control_bytes(fmt: str, hostile_db, monkeypatch, capsys) -> None:
    db, _ = hostile_db
    terminal = _Terminal()
    with capsys.disabled():
        monkeypatch.setattr(sys, "stdout", terminal)
        code, _, _ = run_cli(capsys, "--db", db, "export", "--format", fmt)
        monkeypatch.undo()
    assert code == 0
    raw = sorted(hex(ord(ch)) for ch in set(terminal.getvalue()) & set(RAW_CONTROL))
    assert not raw, f"raw {raw} sent to the terminal"


# --- search: any text at all ----------------------------------------------------------------

FTS_PIECES = [
    '"', "*", "NEAR(", "NEAR", "^", ":", "-", "+", "AND", "OR", "NOT", "(", ")", "((", "title:", "abstract:",
    "{title abstract}:", "'", ";", "--", "?", "#", "a:", "t:", "is:", "year:", "year:..", "year:2020..2019",
    "\x00", "\x1b[2J", "%", "_", "\\", "NEAR(a b, 2)", "scaling", "sutskever", "[bold]", "*x*",
]
fts_text = st.lists(st.one_of(st.sampled_from(FTS_PIECES), st.text(max_size=6)), max_size=8).map(
    lambda parts: " ".join(parts)
) | st.lists(st.sampled_from(FTS_PIECES), max_size=8).map("".join)
SEARCH = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def searchable(hostile_db):
    db, _ = hostile_db
    library = open_library(db)
    yield library
    library.close()


@SEARCH
@given(st.one_of(fts_text, st.text(max_size=80)))
def test_search_accepts_any_text(searchable, text: str) -> None:
    ids = searchable.search(text)
    assert isinstance(ids, list)
    full = searchable.full_text(text)
    assert isinstance(full, list)
    assert searchable.search("?" + text) is not None


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "(((", "^*:", "NOT", "?\"unbalanced", "?NEAR( x", "-", "year:99999"])
def test_shelf_search_with_fts_syntax_is_not_an_error(query: str, hostile_db, capsys) -> None:
    db, _ = hostile_db
    code, _, err = run_cli(capsys, "--db", db, "search", query)
    assert code in (0, 1) and err == ""  # 1 means "nothing found", said by the exit code alone


def test_similar_papers_of_the_hostile_paper(searchable, hostile_db) -> None:
    _, paper_id = hostile_db
    assert isinstance(searchable.similar(paper_id), list)


def test_names_made_only_of_punctuation_stay_distinct_authors(tmp_path: Path) -> None:
    """Identity keys fold punctuation away; a name with nothing else must not become the empty key."""
    page = "Eve Owner\n\nh-index3\n\nAIDec 21, 2024\nA title\n\nJohn Smith, [/], …, $\n\nAn abstract.\n"
    with open_library(tmp_path / "lib.db") as library:
        import_text(library.db, page, "p.txt", today=TODAY)
        assert library.paper(library.paper_ids()[0]).authors == ["John Smith", "[/]", "…", "$"]
