"""Shared pieces of the app tests: fixed data, and ways to wait for and read the screen."""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from textual.pilot import Pilot

from tui.app import DETAIL_DELAY, ShelfApp

TODAY = dt.date(2026, 11, 25)
SIZE = (160, 45)

# Everything a page might carry that must never be read as markup or reach the terminal raw.
HOSTILE = "[bold red]x[/] [link=https://e.vil]y[/link] $k$ \\emph{x} \x1b[31mred"
HOSTILE_SHOWN = "[bold red]x[/] [link=https://e.vil]y[/link] $k$ \\emph{x} \\x1b[31mred"
EVIL_PAGE = f"""Evil [b]Owner[/b]

LG
h-index3
5papers
10citations
Novelty1%
AI Score2

1 Papers

AIDec 21, 2024
Title {HOSTILE}

Alice [bold]Smith[/bold], Bob \x1b[31mJones et al. · org [i]x[/i]

Abstract {HOSTILE} end.
"""


async def settle(pilot: Pilot) -> None:
    """Wait for the workers (ids, search, authors and index) and for the screen to catch up.

    A worker may start only after a refresh (authors load once the list is painted), so
    wait until a pause starts no new one; and the paper pane follows the list a moment
    after a quick series of moves.
    """
    for _ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(pilot.app, "detail_pending", False):  # the paper pane catches up a moment later
            await pilot.pause(DETAIL_DELAY)
            continue
        if not any(worker.is_running for worker in pilot.app.workers):
            break


async def search_for(pilot: Pilot, text: str) -> None:
    """Open the search bar, type *text* key by key as a person would, and wait for the results."""
    await pilot.press("slash", *text)
    await settle(pilot)


def screen_lines(app: ShelfApp) -> list[str]:
    """The text of the active screen, line by line, as a person would read it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: ShelfApp) -> str:
    return "\n".join(screen_lines(app))


def screen_segments(app: ShelfApp) -> list[Segment]:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


async def wheel_down(pilot: Pilot, widget: object, times: int = 3) -> None:
    """Scroll the mouse wheel over *widget* (Pilot has clicks but no wheel of its own)."""
    from textual import events

    for _ in range(times):
        await pilot._post_mouse_events([events.MouseScrollDown], widget, offset=(5, 5))  # type: ignore[arg-type]


async def pick(pilot: Pilot, opener: str, typed: str) -> None:
    """Open the palette (or a picker in its clothes) with *opener*, type, take the top entry."""
    from textual.command import CommandPalette

    await pilot.press(opener)
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*typed)
    await pilot.pause(0.3)  # the palette searches after a short debounce
    await pilot.press("enter")
    await settle(pilot)

