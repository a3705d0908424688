"""Fixtures for the app tests: libraries in tmp_path, an app factory, and ways to read the screen.

Every app gets a settings file inside tmp_path, so no test touches the real config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import Library, open_library
from store.importer import import_text
from store.locations import sample_pages
from tui.app import ShelfApp

from shelf_pilot import EVIL_PAGE, TODAY


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "lib.db"


@pytest.fixture
def sample_lib(lib_path: Path) -> Iterator[Library]:
    """The five bundled sample pages, imported as of a fixed day."""
    library = open_library(lib_path)
    for result in library.import_files(sample_pages(), today=TODAY):
        assert not isinstance(result, Exception), result
    yield library
    library.close()


@pytest.fixture
def empty_lib(lib_path: Path) -> Iterator[Library]:
    library = open_library(lib_path)
    yield library
    library.close()


@pytest.fixture
def evil_lib(lib_path: Path) -> Iterator[Library]:
    """One page whose every field holds markup, LaTeX and an ESC byte."""
    library = open_library(lib_path)
    import_text(library.db, EVIL_PAGE, "evil.txt", today=TODAY)
    yield library
    library.close()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def make_app(settings_path: Path) -> Callable[[Library], ShelfApp]:
    def make(library: Library) -> ShelfApp:
        return ShelfApp(library, settings_path=settings_path)

    return make


@pytest.fixture
def reopen(lib_path: Path) -> Iterator[Callable[[], Library]]:
    """Open the same library file again, as a restart would."""
    opened: list[Library] = []

    def open_again() -> Library:
        library = open_library(lib_path)
        opened.append(library)
        return library

    yield open_again
    for library in opened:
        library.close()
