"""Helpers shared by the hardening tests: run the CLI, fingerprint a library, dump its content."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tui.cli import main

REPO = Path(__file__).resolve().parents[2]

# Bytes that must never reach a terminal raw: ESC, BEL, CSI (C1), and friends.
RAW_CONTROL = tuple(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def library_digest(path: Path) -> str:
    """SHA-256 of the library file, once every connection is closed (so the WAL is folded in).

    A -wal file left next to it would hold changes the main file does not show yet;
    there must be none, or the digest would not describe the library.
    """
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{wal} still holds changes"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(capsys, *argv: str | Path) -> tuple[int, str, str]:
    """Run ``shelf`` in-process; (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table a person cares about, read through a fresh read-only connection."""
    tables = ["papers", "authors", "paper_authors", "pages", "sources", "state", "tags"]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def export_json(db: Path) -> list[dict]:
    """``shelf export --format json`` run as a separate process, parsed."""
    result = run_python(["-m", "tui.cli", "--db", str(db), "export", "--format", "json"])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def run_python(args: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=120, **kwargs
    )


def child_env() -> dict[str, str]:
    """The environment for a child shelf: the repo importable, no library chosen by accident."""
    env = {k: v for k, v in os.environ.items() if k != "SHELF_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env
