"""Migrations: an older library is backed up, then upgraded in place with all personal state; a newer one is refused.

The v1 library is built from ``store.db.SCHEMA_V1`` itself and filled with the rows of
a current library holding the samples and personal state (status, star, note, tags),
so the upgrade is tested on real content rather than an empty schema.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from store import db as dbmod
from store import open_library
from store.db import SCHEMA_V1, LibraryTooNew
from store.errors import ShelfError

from hardening_support import integrity, run_cli, snapshot

V1_TABLES = ["authors", "papers", "paper_authors", "pages", "sources", "state"]
V1_COLUMNS = {"pages": "id, file, format, owner_id, owner_inferred, sha256, entries, imported_at"}  # v3 added path


def make_v1(current: Path, target: Path) -> Path:
    """A schema-1 library with every row of *current* (tags without the v2 added_at column)."""
    conn = sqlite3.connect(str(target))
    try:
        conn.executescript(SCHEMA_V1)
        conn.execute("ATTACH DATABASE ? AS cur", (str(current),))
        conn.execute("BEGIN")
        for table in V1_TABLES:
            columns = V1_COLUMNS.get(table, "*")
            conn.execute(f"INSERT INTO main.{table} SELECT {columns} FROM cur.{table}")
        conn.execute("INSERT INTO main.tags (paper_id, tag) SELECT paper_id, tag FROM cur.tags")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE cur")
        conn.execute("PRAGMA user_version = 1")
    finally:
        conn.close()
    return target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def v1_content(path: Path) -> dict:
    """The rows as schema 1 held them (the columns later versions added left out)."""
    content = snapshot(path)
    content["tags"] = sorted((row[0], row[1]) for row in content["tags"])
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        content["pages"] = sorted(conn.execute(f"SELECT {V1_COLUMNS['pages']} FROM pages").fetchall(), key=repr)
    finally:
        conn.close()
    return content


@pytest.fixture
def v1_path(db_path: Path, tmp_path: Path) -> Path:
    """A v1 library in a folder of its own (so its backup is easy to find)."""
    folder = tmp_path / "old"
    folder.mkdir()
    return make_v1(db_path, folder / "library.db")


def test_a_v1_library_is_backed_up_then_upgraded_with_all_personal_state(v1_path: Path, db_path: Path) -> None:
    before = v1_content(v1_path)
    assert sum(len(rows) for rows in before.values()) > 500
    with open_library(v1_path) as library:
        assert dbmod.schema_version(library.db) == dbmod.SCHEMA_VERSION
        starred = [pid for pid in library.paper_ids() if library.paper(pid).starred]
        assert len(starred) == 1
        assert library.full_text("Sparrow")  # the FTS index came along
        assert library.search("sutskvr")
    assert v1_content(v1_path) == before  # every paper, author, page, state row and tag kept
    assert snapshot(v1_path)["state"] == snapshot(db_path)["state"]
    assert integrity(v1_path) == "ok"
    backups = sorted(v1_path.parent.glob("library.db.v1-*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(str(backups[0]))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()
    assert v1_content(backups[0]) == before


def test_the_upgrade_happens_once(v1_path: Path) -> None:
    for _ in range(3):
        with open_library(v1_path):
            pass
    assert len(list(v1_path.parent.glob("*.bak"))) == 1


def test_new_tags_on_an_upgraded_library_are_dated(v1_path: Path) -> None:
    with open_library(v1_path) as library:
        paper_id = library.paper_ids()[0]
        library.add_tags(paper_id, ["after-upgrade"])
        stamps = dict(library.db.execute("SELECT tag, added_at FROM tags WHERE paper_id = ?", (paper_id,)).fetchall())
    assert stamps["after-upgrade"] is not None


def test_a_migration_that_fails_leaves_the_v1_library_as_it_was(v1_path: Path, monkeypatch) -> None:
    before = v1_content(v1_path)

    def broken(db) -> None:
        db.execute("ALTER TABLE tags ADD COLUMN added_at TEXT")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(dbmod, "MIGRATIONS", [dbmod.MIGRATIONS[0], broken])
    with pytest.raises(ShelfError, match="disk I/O error"):
        open_library(v1_path)
    monkeypatch.undo()
    conn = sqlite3.connect(str(v1_path))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "added_at" not in [row[1] for row in conn.execute("PRAGMA table_info(tags)")]
    finally:
        conn.close()
    assert v1_content(v1_path) == before
    with open_library(v1_path):  # and the real migration still works afterwards
        pass


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_library_from_a_newer_shelf_is_refused_and_left_untouched(
    journal: str, db_path: Path, tmp_path: Path, capsys
) -> None:
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(str(newer))
    try:
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("CREATE TABLE future (x)")
        conn.execute("INSERT INTO future VALUES ('from shelf 9')")
        conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 7}")
        conn.commit()
    finally:
        conn.close()
    before = digest(newer)
    with pytest.raises(LibraryTooNew) as caught:
        open_library(newer)
    message = str(caught.value)
    assert "\n" not in message and "newer shelf" in message and str(newer) in message
    assert f"schema {dbmod.SCHEMA_VERSION + 7}" in message
    code, out, err = run_cli(capsys, "--db", newer, "import", db_path)  # any command: refused before it runs
    assert code == 1 and out == "" and len(err.splitlines()) == 1 and "newer shelf" in err
    assert digest(newer) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("newer")) == ["newer.db"]
    assert not list(tmp_path.glob("*.bak"))


def test_a_file_that_is_not_a_library_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    for name, make in {
        "notes.db": lambda p: p.write_text("just some notes\n"),
        "folder.db": lambda p: p.mkdir(),
    }.items():
        path = tmp_path / name
        make(path)
        code, out, err = run_cli(capsys, "--db", path, "list")
        assert code == 1 and out == ""
        assert err.startswith(f"shelf: {path}: cannot open as a shelf library (") and len(err.splitlines()) == 1
    assert (tmp_path / "notes.db").read_text() == "just some notes\n"
