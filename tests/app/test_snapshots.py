"""Snapshot tests: what a person sees, screen by screen, grouped by feature.

Each test drives the app to a state and compares an SVG of the screen with the one saved
under ``__snapshots__/``. After an intended change of look, review the report and run
``pytest tests/app/test_snapshots.py --snapshot-update``.

The libraries are built from the bundled pages as of a fixed day, and settings live in
tmp_path, so a snapshot never depends on today's date or on the machine's config.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store import Library
from tui.app import ShelfApp

from shelf_pilot import SIZE, settle

NARROW = (80, 24)


@pytest.fixture
def app_for(settings_path: Path) -> Callable[[Library], ShelfApp]:
    return lambda library: ShelfApp(library, settings_path=settings_path)


def keys(*pressed: str) -> Callable[[Pilot], object]:
    """A run_before that waits for the list, presses *pressed*, and waits again."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        if pressed:
            await pilot.press(*pressed)
            await settle(pilot)
        for box in pilot.app.screen.query("Input, TextArea"):  # a blinking cursor is on or off by chance
            box.cursor_blink = False
        await pilot.pause()

    return run


class TestMainScreen:
    def test_wide(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys())

    def test_narrow_80x24(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=NARROW, run_before=keys())

    def test_narrow_with_the_authors_drawer_open(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=NARROW, run_before=keys("a"))

    def test_personal_state_shows_in_the_list(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("r", "j", "r", "r", "s", "j"))


class TestSearch:
    def test_typo_finds_the_author(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("slash", *"sutskvr"))

    def test_title_words_with_a_typo(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("slash", *"scaling lwas"))

    def test_full_text_mode(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("slash", *"?chinchilla"))

    def test_nothing_matches(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("slash", *"qqqzzz"))


class TestScreens:
    def test_help(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("question_mark"))

    def test_stats(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("S"))

    def test_command_palette(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("ctrl+p", *"star"))

    def test_tags_dialog(self, snap_compare, sample_lib, app_for):
        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=keys("t"))


class TestThemes:
    def test_light_theme_keeps_dim_text_readable(self, snap_compare, sample_lib, app_for):
        async def light(pilot: Pilot) -> None:
            pilot.app.theme = "textual-light"
            await keys()(pilot)

        assert snap_compare(app_for(sample_lib), terminal_size=SIZE, run_before=light)


class TestEmptyAndHostile:
    def test_empty_library(self, snap_compare, empty_lib, app_for):
        assert snap_compare(app_for(empty_lib), terminal_size=SIZE, run_before=keys())

    def test_empty_library_80x24(self, snap_compare, empty_lib, app_for):
        assert snap_compare(app_for(empty_lib), terminal_size=NARROW, run_before=keys())

    def test_markup_and_escapes_render_literally(self, snap_compare, evil_lib, app_for):
        assert snap_compare(app_for(evil_lib), terminal_size=SIZE, run_before=keys())
