"""Importing many pages: grouped commits keep each page all or nothing and report only what landed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import Library, bulk_import
from store import db as dbmod
from store.errors import ParseError
from store.importer import ImportReport
from store.locations import sample_pages
from tests.conftest import TODAY, sample


def committed_papers(library: Library) -> int:
    """Papers another connection sees: only what has been committed."""
    with sqlite3.connect(library.path) as other:
        return other.execute("SELECT count(*) FROM papers").fetchone()[0]


def test_a_refused_page_inside_a_group_leaves_the_others_whole(library: Library, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    results = list(library.import_files([sample("000"), bad, sample("003")], today=TODAY))
    assert [type(result) for result in results] == [ImportReport, ParseError, ImportReport]
    assert "bad.txt" in str(results[1])
    assert library.count() == committed_papers(library) == 10 + 9 - 1  # Gopher is on both pages


def test_a_page_that_fails_while_written_is_undone_alone(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failing page wrote its papers before failing; its savepoint takes them back out."""
    real = bulk_import.import_loaded

    def fail_on_001(db, loaded, *, owner=None):
        if not loaded.page.file.startswith("001"):
            return real(db, loaded, owner=owner)
        with dbmod.write(db):
            real(db, loaded, owner=owner)
            raise ParseError(loaded.page.file, "refused after writing")

    monkeypatch.setattr(bulk_import, "import_loaded", fail_on_001)
    results = list(library.import_files([sample("000"), sample("001"), sample("002")], today=TODAY))
    assert [type(result) for result in results] == [ImportReport, ParseError, ImportReport]
    assert library.count() == 20
    assert {source.file[:3] for paper in library.papers(library.paper_ids()) for source in paper.sources} == {"000", "002"}


def test_reports_come_after_their_group_commits(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_import, "GROUP_ENTRIES", 1)  # every page closes its group
    results = library.import_files(sample_pages(), today=TODAY)
    first = next(results)
    assert first.new == 10 and committed_papers(library) == 10  # reported means committed
    assert not library.db.conn.in_transaction  # nothing held while the caller has the report
    results.close()  # a caller that stops early keeps what was reported, and no more
    assert library.count() == committed_papers(library) == 10


def test_an_error_mid_group_rolls_the_group_back_and_restores_the_cache(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = library.db.execute("PRAGMA cache_size").fetchone()[0]
    real = bulk_import.import_loaded

    def crash_on_002(db, loaded, *, owner=None):
        if loaded.page.file.startswith("002"):
            raise KeyboardInterrupt
        return real(db, loaded, owner=owner)

    monkeypatch.setattr(bulk_import, "import_loaded", crash_on_002)
    with pytest.raises(KeyboardInterrupt):
        list(library.import_files(sample_pages(), today=TODAY))
    assert library.count() == 0  # 000 and 001 were in the same, uncommitted group
    assert not library.db.conn.in_transaction
    assert library.db.execute("PRAGMA cache_size").fetchone()[0] == cache
