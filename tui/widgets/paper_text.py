"""Turning page data into rich ``Text``: one place that knows how a paper is written on screen.

Everything that comes from a page or a note is data. It is appended to ``Text`` objects
(never parsed as markup) after passing through ``safe_text``, so "[bold]" stays literal
and an ESC byte shows as ``\\x1b`` instead of reaching the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

from store import PaperRow, ReadStatus

from ..safe_text import one_line

STATUS_GLYPH = {ReadStatus.UNREAD: "·", ReadStatus.READING: "◐", ReadStatus.READ: "●"}
STATUS_WORD = {ReadStatus.UNREAD: "unread", ReadStatus.READING: "reading", ReadStatus.READ: "read"}
STAR = "★"
OWNER_MARK = "◆"
UNTITLED_WORDS = 12


def untitled_label(arxiv_id: str | None, abstract: str | None) -> str:
    """The honest stand-in for a missing title: what we do know, nothing invented."""
    head = f"untitled · arXiv:{arxiv_id}" if arxiv_id else "untitled"
    words = (abstract or "").split()
    if not words:
        return head
    opening = " ".join(words[:UNTITLED_WORDS])
    return f"{head} — {opening}…"


def append_highlighted(text: Text, value: str, spans: Sequence[tuple[int, int]], style: Style, match: Style) -> None:
    """Append page text to *text* as one safe line, with *spans* (offsets into *value*) in *match*.

    ``one_line`` widens control characters, so each run is made safe on its own and the
    highlight follows the characters it was computed for.
    """
    position = 0
    for start, end in spans:
        if start > position:
            text.append(one_line(value[position:start]), style)
        text.append(one_line(value[start:end]), style + match)
        position = max(position, end)
    if position < len(value):
        text.append(one_line(value[position:]), style)


def fit_authors(authors: str, width: int) -> str:
    """As many leading names as fit in *width* cells, then "et al." for the rest."""
    if cell_len(authors) <= width:
        return authors
    names = authors.removesuffix(" et al.").split(", ")
    shown = ""
    for name in names:
        candidate = f"{shown}, {name}" if shown else name
        if cell_len(candidate + " et al.") > width:
            break
        shown = candidate
    if not shown:  # not even one name and "et al.": cut the first name, but say so
        first = names[0]
        return (first if cell_len(first) < width else set_cell_size(first, width - 1)) + "…"
    return shown + " et al."


def year_of(date: str | None) -> str:
    return date[:4] if date else "    "


def row_prefix(row: PaperRow) -> str:
    """Status glyph, star and year: the fixed-width left edge of a paper row."""
    return f" {STATUS_GLYPH[row.status]} {STAR if row.starred else ' '} {year_of(row.date)}  "


def status_text(status: ReadStatus, starred: bool) -> str:
    return f"{STATUS_GLYPH[status]} {STATUS_WORD[status]}" + (f"   {STAR} starred" if starred else "")
