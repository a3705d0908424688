"""Shared fixtures: the bundled sample pages (read from the package, never from outside it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store import Library, open_library
from store.locations import sample_pages

# Year-less dates ("Jan 30") resolve against the import date; pin it so tests never drift.
TODAY = dt.date(2026, 11, 25)


def sample(prefix: str) -> Path:
    """The bundled sample page whose name starts with *prefix* ("000" .. "004")."""
    return next(path for path in sample_pages() if path.name.startswith(prefix))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """An empty library in a temporary file."""
    lib = open_library(tmp_path / "library.db")
    yield lib
    lib.close()


@pytest.fixture
def sample_library(library: Library) -> Library:
    """A library holding all five sample pages."""
    for result in library.import_files(sample_pages(), today=TODAY):
        assert not isinstance(result, Exception), result
    return library
