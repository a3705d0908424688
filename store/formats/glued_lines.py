"""Layout 001: three lines an entry, fields glued together, no header.

    CVMay 6, 2022Code                                   <- category, date, code flag
    CLIP-CLOP: ...PhotomontagePiotr Mirowski, ... et al. · deepmind
    abstract

The page does not say whose it is: the owner is the author on most entries.
A last entry without its abstract line is a page cut short, and is refused as such.
"""

from __future__ import annotations

import datetime as dt

from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage
from .common import (
    CATEGORY_DATE,
    CATEGORY_DATE_LINE,
    Byline,
    EntryHead,
    infer_owner,
    listed_entry,
    parse_author_line,
    parse_category_date,
    require_entries,
)
from .title_split import split_title_authors

NAME = "glued-lines"
MARKERS = (CATEGORY_DATE_LINE,)


def looks_like(lines: list[str]) -> bool:
    first = next((line for line in lines[:5] if line.strip()), "")
    return bool(CATEGORY_DATE.match(first.strip()))


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    entries: list[ParsedEntry] = []
    current: list[tuple[int, str]] = []
    heads: list[EntryHead] = []
    groups: list[list[tuple[int, str]]] = []
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        head = parse_category_date(line, today, file, index + 1)
        if head is not None:
            heads.append(head)
            current = []
            groups.append(current)
        elif not groups:
            raise ParseError(file, "expected a category and date line such as 'LGJan 30, 2024'", index + 1)
        else:
            current.append((index + 1, line))
    for number, (head, body) in enumerate(zip(heads, groups), start=1):
        if not body:
            raise ParseError(file, "entry has no title or authors (truncated?)", head.line)
        if len(body) == 1 and number == len(heads):
            raise ParseError(file, "last entry has no abstract (truncated?)", head.line)
        glued_line, glued = body[0]
        title, byline = _split(glued, file, glued_line)
        abstract = "\n\n".join(text for _, text in body[1:]) or None
        entries.append(listed_entry(head, title, byline, abstract))
    require_entries(entries, file)
    return ParsedPage(NAME, file, infer_owner(entries), True, None, entries)


def _split(glued: str, file: str, line_no: int) -> tuple[str, Byline]:
    names_part, _, org_part = glued.rpartition(" · ") if " · " in glued else (glued, "", "")
    names_part = names_part.rstrip()
    bare = names_part.removesuffix("et al.").rstrip(" ,")
    split = split_title_authors(bare)
    if split is None:
        raise ParseError(file, "cannot tell the title from the author list on this line", line_no)
    title, _ = split
    author_text = names_part[len(title):].strip() + (f" · {org_part}" if org_part else "")
    return title, parse_author_line(author_text)
