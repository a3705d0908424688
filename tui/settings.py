"""The app's few remembered choices (theme, sort), kept as a small JSON file.

Settings are a convenience, never a reason to fail: a missing, unreadable or
half-written file gives the defaults, and a save that cannot be written is skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from store.library import SORT_KEYS
from store.locations import config_dir

DEFAULT_THEME = "textual-dark"


@dataclass
class Settings:
    """What the app remembers between runs."""

    theme: str = DEFAULT_THEME
    sort: str = "date"

    @classmethod
    def load(cls, path: Path) -> "Settings":
        """The settings stored at *path*, or the defaults for anything missing or invalid."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})
        if settings.sort not in SORT_KEYS:
            settings.sort = "date"
        return settings

    def save(self, path: Path) -> bool:
        """Write atomically (temp file + rename) so a crash never leaves half a file."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(asdict(self), out, indent=2)
            os.replace(temp, path)
        except OSError:
            return False
        return True


def default_settings_path() -> Path:
    return config_dir() / "settings.json"
