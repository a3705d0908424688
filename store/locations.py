"""Where things live: the user's library file and the bundled sample pages."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "shelf"
ENV_DB = "SHELF_DB"


def default_library_path() -> Path:
    """$SHELF_DB if set, else the platform's per-user data directory."""
    if override := os.environ.get(ENV_DB):
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def sample_pages() -> list[Path]:
    """The five real saved pages shipped with shelf, in name order."""
    folder = resources.files("store") / "samples"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt"))
