"""Text from pages and notes is data: make it safe to put on a terminal, literally.

Control characters (ESC, BEL, CSI and friends) would move the cursor or recolour the
screen; they are shown as visible escapes instead. Markup is never interpreted because
callers build ``rich.text.Text`` objects (or plain strings for the CLI), never markup.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """*text* with every control character replaced by a visible ``\\xNN`` escape."""
    cleaned = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return cleaned if keep_newlines else cleaned.replace("\n", " ").replace("\t", " ")


def one_line(text: str) -> str:
    """A single printable line (for lists and tables)."""
    return printable(text, keep_newlines=False)
