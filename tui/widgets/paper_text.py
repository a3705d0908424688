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


def fit_authors(authors: str, width: int, must_show: Sequence[int] = ()) -> str:
    """The author list in *width* cells: leading names, then "et al." for the rest.

    *must_show* are positions of names that have to stay visible (the coauthor a search
    matched): they are kept after the first author, with "…" where names are skipped.
    When full names do not fit, surnames are tried ("Polu … Sutskever et al."), and
    only then is a name cut.
    """
    truncated = authors.endswith(" et al.")
    names = [name for name in authors.removesuffix(" et al.").split(", ") if name]
    if not names:
        return ""
    if cell_len(authors) <= width:
        return authors
    wanted = [index for index in must_show if 0 < index < len(names)]
    surnames = [_surname(name) for name in names]
    attempts = [(names, True), (surnames, True)] + ([(surnames, False)] if wanted else [])
    for shown, with_first in attempts:
        fitted = _fit_names(shown, width, wanted, truncated, with_first)
        if fitted is not None:
            return fitted
    if wanted and cell_len(f"… {surnames[wanted[0]]}") <= width:
        return f"… {surnames[wanted[0]]}"
    surname = surnames[wanted[0] if wanted else 0]  # a surname says more than half a full name
    return (surname if cell_len(surname) < width else set_cell_size(surname, width - 1).rstrip()) + "…"


def _fit_names(names: list[str], width: int, wanted: list[int], truncated: bool, with_first: bool) -> str | None:
    """The most names that fit (every *wanted* one, and the first unless not *with_first*), or None."""
    chosen = sorted({0, *wanted}) if with_first else wanted
    if not with_first:
        text = _join(names, chosen, truncated, lead=True)
        return text if cell_len(text) <= width else None
    if cell_len(_join(names, chosen, truncated)) > width:
        return None
    for index in range(1, len(names)):  # then as many of the others, in order, as fit
        if index in chosen:
            continue
        candidate = sorted({*chosen, index})
        if cell_len(_join(names, candidate, truncated)) > width:
            break
        chosen = candidate
    return _join(names, chosen, truncated)


def _join(names: list[str], chosen: list[int], truncated: bool, lead: bool = False) -> str:
    """Names at *chosen* positions in page order; "…" marks a gap, "et al." the missing rest."""
    text = "… " if lead else ""
    for previous, index in zip([None, *chosen], chosen):
        if previous is None:
            text += names[index]
        else:
            text += f", {names[index]}" if index == previous + 1 else f" … {names[index]}"
    if truncated or chosen[-1] < len(names) - 1:
        text += " et al."
    return text


def _surname(name: str) -> str:
    """"Ilya Sutskever" -> "Sutskever", keeping particles: "Aaron van den Oord" -> "van den Oord"."""
    words = name.split()
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return " ".join(words[start:])


def year_of(date: str | None) -> str:
    return date[:4] if date else "    "


def row_prefix(row: PaperRow) -> str:
    """Status glyph, star and year: the fixed-width left edge of a paper row."""
    return f" {STATUS_GLYPH[row.status]} {STAR if row.starred else ' '} {year_of(row.date)}  "


def status_text(status: ReadStatus, starred: bool) -> str:
    return f"{STATUS_GLYPH[status]} {STATUS_WORD[status]}" + (f"   {STAR} starred" if starred else "")
