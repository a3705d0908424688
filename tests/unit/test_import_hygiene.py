"""store/ knows nothing of the UI: importing it must never pull in textual or rich."""

from __future__ import annotations

import subprocess
import sys


def test_store_never_imports_textual_or_rich() -> None:
    code = (
        "import sys, store, store.library, store.search, store.export, store.importer, store.formats;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich', 'tui'});"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"store/ imported: {result.stdout.strip()} {result.stderr.strip()}"


def test_tui_never_writes_sql() -> None:
    from pathlib import Path

    import tui

    root = Path(tui.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "import sqlite3" in path.read_text(encoding="utf-8") or ".execute(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
