"""One of two shelf processes writing to the same library at once (run by test_two_instances).

    python hammer.py DB NAME START_AT SECONDS PRIVATE_IDS SHARED_IDS OUT.json

From START_AT (a time.time() both processes share) for SECONDS, it cycles through
marking, starring, tagging and noting its PRIVATE papers, and tagging the SHARED ones
the other process tags too; every fourth write goes through the ``shelf`` command
instead of the Library API. Its last second is a burst of tags on the SHARED papers
alone, the most contended write there is. It records what it wrote and every error
it saw, so the test can count that each write is in the library afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
import traceback

from store import ReadStatus, open_library
from tui.cli import main as shelf

STATUSES = list(ReadStatus)
BURST_SECONDS = 1.0


def run(db: str, name: str, start_at: float, seconds: float, private: list[int], shared: list[int]) -> dict:
    record: dict = {"writes": 0, "errors": [], "final": {}, "tags": {}, "shared_tags": {}}
    with open_library(db) as library:
        time.sleep(max(0.0, start_at - time.time()))
        n = 0
        while time.time() < start_at + seconds:
            paper = private[n % len(private)]
            via_cli = n % 4 == 3
            status = STATUSES[n % 3]
            starred = n % 2 == 0
            note = f"{name} note {n} [bold]x[/] '); DROP TABLE papers;--"
            tag, shared_tag = f"{name}-{n}", f"{name}-shared-{n}"
            shared_paper = shared[n % len(shared)]
            try:
                if via_cli:
                    _cli(db, "mark", str(paper), status.value)
                    _cli(db, "star", str(paper), "--off")
                    if starred:  # ``shelf star`` toggles: off, then on, whatever it was
                        _cli(db, "star", str(paper))
                    _cli(db, "tag", str(paper), tag)
                    _cli(db, "note", str(paper), stdin=note)
                    _cli(db, "tag", str(shared_paper), shared_tag)
                else:
                    library.set_status(paper, status)
                    library.set_starred(paper, starred)
                    library.add_tags(paper, [tag])
                    library.set_note(paper, note)
                    library.add_tags(shared_paper, [shared_tag])
            except Exception:  # noqa: BLE001 - every error is what the test is looking for
                record["errors"].append(traceback.format_exc(limit=3))
            else:
                record["writes"] += 5
                record["final"][str(paper)] = [status.value, starred, note]
                record["tags"].setdefault(str(paper), []).append(tag)
                record["shared_tags"].setdefault(str(shared_paper), []).append(shared_tag)
            n += 1
        _burst(db, library, name, shared, start_at + seconds + BURST_SECONDS, record)
    return record


def _burst(db: str, library, name: str, shared: list[int], until: float, record: dict) -> None:
    """Tag the shared papers as fast as possible until *until*, every fourth tag through the command."""
    n = 0
    while time.time() < until:
        paper, tag = shared[n % len(shared)], f"{name}-burst-{n}"
        try:
            if n % 4 == 3:
                _cli(db, "tag", str(paper), tag)
            else:
                library.add_tags(paper, [tag])
        except Exception:  # noqa: BLE001
            record["errors"].append(traceback.format_exc(limit=3))
        else:
            record["writes"] += 1
            record["shared_tags"].setdefault(str(paper), []).append(tag)
        n += 1


def _cli(db: str, *argv: str, stdin: str | None = None) -> None:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = shelf(["--db", db, *argv])
    finally:
        sys.stdin = old_stdin
    if code != 0:
        raise RuntimeError(f"shelf {' '.join(argv)} exited {code}: {err.getvalue().strip()}")


if __name__ == "__main__":
    db, name, start_at, seconds, private, shared, out = sys.argv[1:8]
    result = run(
        db, name, float(start_at), float(seconds), [int(x) for x in private.split(",")], [int(x) for x in shared.split(",")]
    )
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
