"""Layout 000: "Picture for NAME" profile pages with figure captions and "Viaarxiv icon" rules.

    Picture for Koray Kavukcuoglu          <- owner
    TITLE / date "Sep 28, 2022" / full author list
    "Figure N for TITLE" lines             <- layout, dropped
    abstract
    "* 13 pages, 6 figures"                <- comments (optional)
    "Viaarxiv icon"                        <- ends the entry
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import DateError, parse_month_day
from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage
from ..names import display_name
from .common import parse_author_line, require_entries

NAME = "picture-header"
_PICTURE = re.compile(r"^Picture for (?P<owner>.+)$")
_FIGURE = re.compile(r"^Figure \d+ for ")
_END = "Viaarxiv icon"
_CHROME = {"Alert button"}
MARKERS = (_PICTURE, re.compile(rf"^{_END}$"))


def looks_like(lines: list[str]) -> bool:
    return any(_PICTURE.match(line) for line in lines[:10])


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    owner: str | None = None
    body_start = 0
    for index, line in enumerate(lines[:10]):
        if match := _PICTURE.match(line):
            owner = display_name(match.group("owner"))
            body_start = index + 1
    entries: list[ParsedEntry] = []
    chunk: list[tuple[int, str]] = []
    for index in range(body_start, len(lines)):
        line = lines[index].strip()
        if line == _END:
            if chunk:
                entries.append(_entry(chunk, file, today))
            chunk = []
        elif line and line not in _CHROME and not _FIGURE.match(line):
            if not entries and not chunk and owner is not None and display_name(line) == owner:
                continue  # the owner's name printed again under the picture
            chunk.append((index + 1, line))
    if chunk:  # a last entry without its end rule: keep it if it is whole
        entries.append(_entry(chunk, file, today))
    return ParsedPage(NAME, file, owner, False, None, require_entries(entries, file))


def _entry(chunk: list[tuple[int, str]], file: str, today: dt.date) -> ParsedEntry:
    """title, date, authors, abstract, "* comments" — in that order."""
    start = chunk[0][0]
    if len(chunk) < 4:
        raise ParseError(file, "entry is incomplete (expected title, date, authors and abstract)", start)
    (_, title), (date_line, date_text), (_, author_text) = chunk[:3]
    try:
        date = parse_month_day(date_text, today)
    except DateError as exc:
        raise ParseError(file, str(exc), date_line) from None
    authors, truncated, orgs = parse_author_line(author_text)
    body = [text for _, text in chunk[3:]]
    comments = [text[1:].strip() for text in body if text.startswith("* ")]
    abstract = [text for text in body if not text.startswith("* ")]
    if not abstract:
        raise ParseError(file, "entry has no abstract", start)
    return ParsedEntry(
        line=start,
        title=title,
        authors=authors,
        authors_truncated=truncated,
        orgs=orgs,
        date=date,
        date_text=date_text,
        abstract="\n\n".join(abstract),
        comments="; ".join(comments) or None,
    )
