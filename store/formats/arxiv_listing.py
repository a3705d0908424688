"""Layout 002: an arXiv-style listing, each entry closed by "arXiv:ID" and "Created: DATE".

    [TITLE                      <- optional, with the author line below it
     A, B, C]
    abstract
    [comments]                  <- optional ("27 pages, 17 figures")
    arXiv:2206.04615
    Created: 2022-06-09

Most entries carry no title: it stays missing rather than being made up.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import DateError, parse_iso
from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage
from .common import Paragraph, infer_owner, paragraphs, parse_author_line, require_entries
from .title_split import is_person_name

NAME = "arxiv-listing"
_ARXIV = re.compile(r"^arXiv:\s*(?P<id>(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)$")
_CREATED = re.compile(r"^Created:\s*(?P<date>\S+)$")
_TITLE_MAX = 300


def looks_like(lines: list[str]) -> bool:
    return any(_ARXIV.match(line.strip()) for line in lines) and any(
        _CREATED.match(line.strip()) for line in lines
    )


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    entries: list[ParsedEntry] = []
    pending: list[Paragraph] = []
    for paragraph in paragraphs(lines):
        body, footer = _split_footer(paragraph)
        if body:
            pending.append(Paragraph(paragraph.line, body))
        if footer is None:
            continue
        arxiv_id, created_text, created_line = footer
        if not pending:
            raise ParseError(file, "arXiv id without an abstract before it", paragraph.line)
        entries.append(_entry(pending, arxiv_id, created_text, created_line, file))
        pending = []
    if pending:
        raise ParseError(file, "last entry has no 'arXiv:' and 'Created:' lines (truncated?)", pending[0].line)
    require_entries(entries, file)
    return ParsedPage(NAME, file, infer_owner(entries), True, None, entries)


def _split_footer(paragraph: Paragraph) -> tuple[list[str], tuple[str, str, int] | None]:
    """Separate the "arXiv:/Created:" pair from the lines above it, if the paragraph ends with it."""
    lines = paragraph.lines
    if len(lines) >= 2 and _ARXIV.match(lines[-2]) and _CREATED.match(lines[-1]):
        arxiv_id = _ARXIV.match(lines[-2]).group("id")  # type: ignore[union-attr]
        created = _CREATED.match(lines[-1]).group("date")  # type: ignore[union-attr]
        return lines[:-2], (arxiv_id, created, paragraph.line + len(lines) - 1)
    return lines, None


def _entry(parts: list[Paragraph], arxiv_id: str, created: str, created_line: int, file: str) -> ParsedEntry:
    try:
        date = parse_iso(created)
    except DateError as exc:
        raise ParseError(file, str(exc), created_line) from None
    entry = ParsedEntry(line=parts[0].line, arxiv_id=arxiv_id, date=date, date_text=created)
    head = parts[0].lines
    if len(parts) >= 2 and len(head) == 2 and len(head[0]) <= _TITLE_MAX and _is_author_line(head[1]):
        entry.title = head[0]
        entry.authors, entry.authors_truncated, entry.orgs = parse_author_line(head[1])
        parts = parts[1:]
    entry.abstract = " ".join(parts[0].lines)
    entry.comments = "; ".join(part.text for part in parts[1:]) or None
    return entry


def _is_author_line(line: str) -> bool:
    names, _, _ = parse_author_line(line)
    return bool(names) and sum(is_person_name(name) for name in names) >= max(1, len(names) * 3 // 4)
