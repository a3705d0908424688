"""Launch the real app headless on a library and time it, in a process of its own.

Run by the harness once per library size, so one size's memory never counts for
another. Prints one JSON object:

- ``first_paint_s``: from the moment the harness started this process (imports
  included, as a person launching ``shelf`` waits for them) to the first screen on which
  the paper list shows its first paper (the app shows the head of a long list first);
- ``whole_list_s``: from the same moment until every paper is in the list (scrollable
  to the end);
- ``keystrokes``: for each key typed into the search bar, milliseconds from the key
  event to the list showing that query's results, painted (the index is warm by then,
  as it is a moment after start-up for a person);
- ``rss_paint_mb`` / ``rss_peak_mb``: peak resident memory at first paint and at the end.

Usage: python -m bench.app_probe LIBRARY.db STARTED_AT TEXT
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from textual import events

from store import open_library
from tui.app import ShelfApp

SIZE = (160, 45)
POLL_S = 0.001
TIMEOUT_S = 300.0


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    Linux keeps ``ru_maxrss`` across exec, so a probe started by a harness holding
    gigabytes would report the harness's peak; VmHWM belongs to this process's own
    address space. ``ru_maxrss`` only where /proc is missing.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _painted_text(app: ShelfApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _until(condition, what: str) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(POLL_S)


async def _painted(app: ShelfApp) -> None:
    """Until the screen has been refreshed once more: the list with the new results drawn."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await asyncio.wait_for(done.wait(), TIMEOUT_S)


async def probe(db: Path, started_at: float, text: str) -> dict:
    library = open_library(db)
    settings = Path(tempfile.mkdtemp(prefix="shelf-bench-")) / "settings.json"
    app = ShelfApp(library, settings_path=settings)
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: app.papers.row_count > 0, "the first ids")
        first = library.rows([app.papers.ids[0]])[app.papers.ids[0]]
        marker = (first.title or "")[:20]
        # No pilot.pause() here: it waits until the whole process is idle, background
        # threads included (authors, the search index), which is not what a person waits for.
        await _until(lambda: marker in _painted_text(app), "the first paper on screen")
        result["first_paint_s"] = time.time() - started_at
        result["rss_paint_mb"] = _peak_rss_mb()
        result["papers_listed_at_paint"] = app.papers.row_count  # the head of a long list (tui.app.HEAD_ROWS)
        total = library.count()
        await _until(lambda: app.papers.row_count == total, "the whole list")
        result["whole_list_s"] = time.time() - started_at
        result["papers_listed"] = app.papers.row_count
        await pilot.press("slash")
        await app.workers.wait_for_complete()  # authors and the search index, loaded after first paint
        keystrokes = []
        for typed_length in range(1, len(text) + 1):
            typed = text[:typed_length]
            before = app.papers.query
            start = time.perf_counter()
            app.post_message(events.Key(typed[-1], typed[-1]))  # as the terminal driver would
            await _until(lambda: app.papers.query is not before and app.state.query == typed, f"results for {typed!r}")
            await _painted(app)
            keystrokes.append({"typed": typed, "ms": (time.perf_counter() - start) * 1000, "listed": app.papers.row_count})
        result["keystrokes"] = keystrokes
        result["rss_peak_mb"] = _peak_rss_mb()
        await pilot.press("escape")
    library.close()
    return result


def main(argv: list[str]) -> int:
    db, started_at, text = Path(argv[0]), float(argv[1]), argv[2]
    print(json.dumps(asyncio.run(probe(db, started_at, text))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
