"""Fixtures for the hardening tests: a library file with state in it, and ways to prove it unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import ReadStatus, open_library
from store.locations import sample_pages
from tests.conftest import TODAY

from hardening_support import library_digest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A library holding the five sample pages plus personal state on a few papers, closed."""
    path = tmp_path / "library.db"
    with open_library(path) as library:
        for result in library.import_files(sample_pages(), today=TODAY):
            assert not isinstance(result, Exception), result
        ids = library.paper_ids()
        library.set_status(ids[0], ReadStatus.READ)
        library.set_starred(ids[1], True)
        library.set_tags(ids[2], ["llm", "to-read"])
        library.set_note(ids[3], "a note that must survive")
    return path


@pytest.fixture
def digest_before(db_path: Path) -> str:
    return library_digest(db_path)
