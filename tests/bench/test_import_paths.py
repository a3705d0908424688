"""The importer's batched full-text indexing stores exactly what the schema's trigger does.

A page's new papers are indexed in one FTS5 insert at the end of its transaction (the
per-row trigger costs several times more); with that turned off, so that the trigger
indexes each paper as it is inserted, the library must come out the same.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import TODAY, generate
from store import ParseError, importer, open_library
from store.names import display_name, fold, name_key

TABLES = {
    "papers": "SELECT * FROM papers ORDER BY id",
    "authors": "SELECT * FROM authors ORDER BY id",
    "paper_authors": "SELECT * FROM paper_authors ORDER BY paper_id, position",
    "sources": "SELECT s.page_id, s.position, s.paper_id, s.date_text FROM sources s ORDER BY 1, 2",
    "pages": "SELECT id, file, format, owner_id, owner_inferred, sha256, entries FROM pages ORDER BY id",
    "state": "SELECT paper_id, status, starred, note FROM state ORDER BY paper_id",
    "fts": "SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'model OR learning OR scaling' ORDER BY rowid",
}


def _dump(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        dump = {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}
        dump["papers"] = [row[:-1] for row in dump["papers"]]  # added_at is the import's clock
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, papers_fts, 'col')")
        dump["fts_terms"] = conn.execute("SELECT * FROM temp.terms ORDER BY term, col").fetchall()
        return dump
    finally:
        conn.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("corpus")
    corpus = generate(3000, root / "gen")
    broken = root / "broken.txt"
    broken.write_text("CVMay 6, 2022Code\n", encoding="utf-8")  # an entry without its title line
    return corpus.pages[:20] + [broken, _page_naming_a_paper_twice(corpus.pages, root)] + corpus.pages[20:]


def _page_naming_a_paper_twice(pages: list[Path], root: Path) -> Path:
    """A profile page whose last entry is its first again with a fuller author list.

    The second sighting updates a paper the same page just added, before the page's
    full-text batch is written: the update's trigger must find the paper indexed.
    """
    page = next(path for path in pages if "profile-stats" in path.name)
    text = page.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    first = next(i for i, block in enumerate(blocks) if block.count("\n") == 1 and "Papers" not in block)
    head = blocks[first]
    again = f"{head}\n\nXavier Newname, Yolanda Other, Zed Person, Will Fourth, Ann Fifth\n\nA fuller sighting.\n"
    twice = root / "twice.txt"
    twice.write_text(text.rstrip("\n") + "\n\n" + again, encoding="utf-8")
    return twice


def _import(db: Path, pages: list[Path]) -> list[str]:
    library = open_library(db)
    try:
        return [
            f"error {result.file}" if isinstance(result, ParseError) else result.summary()
            for result in library.import_files(pages, today=TODAY)
        ]
    finally:
        library.close()


def test_batched_full_text_import_equals_the_per_row_trigger(pages: list[Path], tmp_path: Path, monkeypatch) -> None:
    fast = _import(tmp_path / "fast.db", pages)
    monkeypatch.setattr(importer, "DEFER_FTS_FROM", 10**9)  # the schema's per-row trigger
    plain = _import(tmp_path / "plain.db", pages)
    assert fast == plain
    assert "error broken.txt" in fast
    assert any(line.startswith("twice.txt") and "1 merged" in line for line in fast)
    assert _dump(tmp_path / "fast.db") == _dump(tmp_path / "plain.db")


# --- the keys the importer matches by, computed the fast way ---------------------------------

_NOT_KEY = re.compile(r"[^0-9a-z]+")
_TEXT = st.text(
    st.one_of(
        st.sampled_from("aZé\u0301ßＡ ,.-!ﬁİıǅ\u00a0\u2003\u0300\u0345ΣσςÅ①²½\t\n"),
        st.characters(max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_keys_equal_the_ones_folded_whole(text: str) -> None:
    """title_key and abstract_key fold by translate table and abstract heads; the result is the plain fold's."""
    assert importer.title_key(text) == (_NOT_KEY.sub(" ", fold(text)).strip() or None if text else None)
    assert importer.abstract_key(text) == (_NOT_KEY.sub("", fold(text))[: importer.ABSTRACT_KEY_CHARS] or None if text else None)


_NAMES = st.text(
    st.one_of(st.sampled_from("aZ ,.-'_\u00a0\t\nJéİ[]/…$0"), st.characters(max_codepoint=0x7F), st.characters()),
    max_size=40,
)


@settings(max_examples=600, deadline=None)
@given(_NAMES)
def test_name_key_fast_path_is_the_plain_fold(name: str) -> None:
    """name_key folds ASCII names by lower-casing; the key must be the one the plain fold gives."""
    folded = fold(display_name(name))
    reference = re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", folded)).strip() or folded
    name_key.cache_clear()
    assert name_key(name) == reference
