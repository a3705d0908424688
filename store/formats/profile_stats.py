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
from .common import paragraphs, parse_author_line, parse_category_date, require_entries

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


def looks_like(lines: list[str]) -> bool:
    return any(_FIGURES["h_index"].match(line.strip()) for line in lines[:_HEADER_LINES])


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    blocks = paragraphs(lines)
    owner = display_name(blocks[0].text) if blocks and len(blocks[0].lines) == 1 else None
    figures: dict[str, int | str] = {}
    body_index = 1
    for body_index, block in enumerate(blocks[1:], start=1):
        if parse_category_date(block.lines[0], today, file, block.line) is not None:
            break
        for line in block.lines:
            _read_figure(line, figures)
    else:
        body_index = len(blocks)
    entries = _entries(blocks[body_index:], file, today)
    profile = ProfileFigures(**figures) if figures else None  # type: ignore[arg-type]
    return ParsedPage(NAME, file, owner, False, profile, require_entries(entries, file))


def _read_figure(line: str, figures: dict[str, int | str]) -> None:
    for field, pattern in _FIGURES.items():
        if match := pattern.match(line):
            figures[field] = int(match.group(1).replace(",", ""))
            return
    if re.fullmatch(r"[A-Z]{2,5}", line):
        figures["main_category"] = line


def _entries(blocks: list, file: str, today: dt.date) -> list[ParsedEntry]:
    entries: list[ParsedEntry] = []
    index = 0
    while index < len(blocks):
        head = blocks[index]
        parsed = parse_category_date(head.lines[0], today, file, head.line)
        if parsed is None or len(head.lines) != 2:
            raise ParseError(file, "expected a category/date line followed by a title", head.line)
        category, date, date_text, has_code = parsed
        if index + 1 >= len(blocks):
            raise ParseError(file, "entry is incomplete (no author line)", head.line)
        author_block = blocks[index + 1]
        authors, truncated, orgs = parse_author_line(author_block.text)
        abstract = None
        next_index = index + 2
        if next_index < len(blocks) and parse_category_date(blocks[next_index].lines[0], today, file, 0) is None:
            abstract = "\n".join(blocks[next_index].lines)
            next_index += 1
        if abstract is None and next_index >= len(blocks):
            raise ParseError(file, "last entry has no abstract (truncated?)", head.line)
        entries.append(
            ParsedEntry(
                line=head.line,
                title=head.lines[1],
                authors=authors,
                authors_truncated=truncated,
                orgs=orgs,
                date=date,
                date_text=date_text,
                category=category,
                has_code=has_code,
                abstract=abstract,
            )
        )
        index = next_index
    return entries
