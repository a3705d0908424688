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
from collections.abc import Iterator
from dataclasses import dataclass

from ..dates import DateError, parse_iso
from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage
from .common import (
    Paragraph,
    infer_owner,
    paragraphs,
    parse_author_line,
    require_entries,
)
from .title_split import is_person_name

NAME = "arxiv-listing"
_ARXIV = re.compile(r"^arXiv:\s*(?P<id>(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)$")
_CREATED = re.compile(r"^Created:\s*(?P<date>\S+)$")
_TITLE_MAX = 300
MARKERS = (_ARXIV, _CREATED)


def looks_like(lines: list[str]) -> bool:
    return any(_ARXIV.match(line.strip()) for line in lines) and any(
        _CREATED.match(line.strip()) for line in lines
    )


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    entries: list[ParsedEntry] = []
    pending: list[Paragraph] = []
    for block in _blocks(lines, file):
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        if not pending:
            raise ParseError(file, "arXiv id without an abstract before it", block.line - 1)
        entries.append(_entry(pending, block.arxiv_id, block.created, block.line, file))
        pending = []
    if pending:
        raise ParseError(file, "last entry has no 'arXiv:' and 'Created:' lines (truncated?)", pending[0].line)
    require_entries(entries, file)
    return ParsedPage(NAME, file, infer_owner(entries), True, None, entries)


@dataclass(frozen=True)
class _Footer:
    """The "arXiv:ID" / "Created: DATE" pair that closes an entry; *line* is the Created line."""

    arxiv_id: str
    created: str
    line: int


def _blocks(lines: list[str], file: str) -> Iterator[Paragraph | _Footer]:
    """Paragraphs, with every footer pair cut out as a block of its own wherever it stands.

    A footer glued to the next entry's first line (no blank line between) still closes
    its entry, rather than the whole next entry being swallowed as this one's comments.
    """
    for paragraph in paragraphs(lines):
        text, start, index = paragraph.lines, 0, 0
        while index < len(text):
            arxiv = _ARXIV.match(text[index])
            created = _CREATED.match(text[index + 1]) if arxiv and index + 1 < len(text) else None
            if arxiv and created:
                if start < index:
                    yield Paragraph(paragraph.line + start, text[start:index])
                yield _Footer(arxiv.group("id"), created.group("date"), paragraph.line + index + 1)
                index = start = index + 2
            elif arxiv or _CREATED.match(text[index]):
                line_no = paragraph.line + index
                raise ParseError(file, "an 'arXiv:' line must be followed by its 'Created:' line", line_no)
            else:
                index += 1
        if start < len(text):
            yield Paragraph(paragraph.line + start, text[start:])


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
