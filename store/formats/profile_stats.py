"""Layout 004: a profile with figures in its header, then category/date, title, authors, abstract.

    Ilya Sutskever              <- owner
    LG / h-index74 / 59papers / 300,203citations / Novelty63% / AI Score43
    59 Papers
    AIDec 21, 2024[Code]        <- category, date, code flag
    TITLE
    A, B, C et al. · openai
    abstract
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage, ProfileFigures
from ..names import display_name
from .common import (
    CATEGORY_DATE,
    CATEGORY_DATE_LINE,
    EntryHead,
    Paragraph,
    listed_entry,
    paragraphs,
    parse_author_line,
    parse_category_date,
    require_entries,
)

NAME = "profile-stats"
_FIGURES = {
    "h_index": re.compile(r"^h-index\s*([\d,]+)$"),
    "paper_count": re.compile(r"^([\d,]+)\s*papers$"),
    "citations": re.compile(r"^([\d,]+)\s*citations$"),
    "novelty_pct": re.compile(r"^Novelty\s*([\d,]+)%$"),
    "ai_score": re.compile(r"^AI Score\s*([\d,]+)$"),
}
_PAPERS_HEADING = re.compile(r"^[\d,]+ Papers$")
_HEADER_LINES = 15
_MAX_FIGURE_DIGITS = 12  # SQLite integers stop at 19 digits; no real figure comes near
MARKERS = (_FIGURES["h_index"], CATEGORY_DATE_LINE)


def looks_like(lines: list[str]) -> bool:
    return any(_FIGURES["h_index"].match(line.strip()) for line in lines[:_HEADER_LINES])


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    blocks = paragraphs(lines)
    owner = display_name(blocks[0].text) if blocks and len(blocks[0].lines) == 1 else None
    figures: dict[str, int | str] = {}
    body_index = 1
    for body_index, block in enumerate(blocks[1:], start=1):
        if _head(block, file, today) is not None:
            break
        for offset, line in enumerate(block.lines):
            _read_figure(line, figures, file, block.line + offset)
    else:
        body_index = len(blocks)
    entries = _entries(blocks[body_index:], file, today)
    profile = ProfileFigures(**figures) if figures else None  # type: ignore[arg-type]
    return ParsedPage(NAME, file, owner, False, profile, require_entries(entries, file))


def _read_figure(line: str, figures: dict[str, int | str], file: str, line_no: int) -> None:
    for field, pattern in _FIGURES.items():
        if match := pattern.match(line):
            digits = match.group(1).replace(",", "")
            if not digits or len(digits) > _MAX_FIGURE_DIGITS:
                raise ParseError(file, f"not a plausible profile figure: {line[:40]!r}", line_no)
            figures[field] = int(digits)
            return
    if re.fullmatch(r"[A-Z]{2,5}", line):
        figures["main_category"] = line


def _head(block: Paragraph, file: str, today: dt.date) -> EntryHead | None:
    """The category/date a block starts with, or None when it is not an entry's first block."""
    return parse_category_date(block.lines[0], today, file, block.line)


def _text(block: Paragraph, file: str, what: str) -> str:
    """A block of free text (authors, abstract), refused when a category/date line hides inside it.

    Such a line means an entry's fields are missing, or another page was pasted on
    without a blank line; either way the block is not the field it would be stored as.
    """
    for offset, line in enumerate(block.lines):
        if CATEGORY_DATE.match(line):
            raise ParseError(
                file, f"a category/date line inside the {what} (a missing field, or pages run together?)", block.line + offset
            )
    return "\n".join(block.lines)


def _entries(blocks: list[Paragraph], file: str, today: dt.date) -> list[ParsedEntry]:
    entries: list[ParsedEntry] = []
    index = 0
    while index < len(blocks):
        head = blocks[index]
        parsed = _head(head, file, today)
        if parsed is None or len(head.lines) != 2:
            raise ParseError(file, "expected a category/date line followed by a title", head.line)
        if index + 1 >= len(blocks):
            raise ParseError(file, "entry is incomplete (no author line)", head.line)
        byline = parse_author_line(_text(blocks[index + 1], file, "author line").replace("\n", " "))
        abstract = None
        next_index = index + 2
        if next_index < len(blocks) and _head(blocks[next_index], file, today) is None:
            abstract = _text(blocks[next_index], file, "abstract")
            next_index += 1
        if abstract is None and next_index >= len(blocks):
            raise ParseError(file, "last entry has no abstract (truncated?)", head.line)
        entries.append(listed_entry(parsed, head.lines[1], byline, abstract))
        index = next_index
    return entries
