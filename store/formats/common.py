"""Pieces every page layout shares: paragraphs, author lines, category/date lines, owners."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..dates import MONTH_PATTERN, DateError, parse_month_day
from ..errors import ParseError
from ..model import ParsedEntry
from ..names import display_name, name_key

ORG_SEPARATOR = " · "
ET_AL = "et al."

# "CVMay 6, 2022Code", "LGJan 30": category, date, optional code flag, glued together.
CATEGORY_DATE = re.compile(
    rf"^(?P<category>[A-Z][A-Za-z]{{1,5}}?)?(?P<date>{MONTH_PATTERN}\s+\d{{1,2}}(?:,\s*\d{{4}})?)(?P<code>Code)?$"
)

# The same line with the category required: a line no other layout prints.
CATEGORY_DATE_LINE = re.compile(rf"^[A-Z][A-Za-z]{{1,5}}?{MONTH_PATTERN}\s+\d{{1,2}}(?:,\s*\d{{4}})?(?:Code)?$")


@dataclass
class Paragraph:
    """A run of non-blank lines and the 1-based line number it starts on."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def clean_lines(text: str) -> list[str]:
    """Lines with trailing white space (including the pages' non-breaking spaces) removed."""
    return [line.rstrip(" \t\u00a0\r") for line in text.split("\n")]


def paragraphs(lines: list[str], start: int = 0) -> list[Paragraph]:
    """Group *lines* (from index *start*) into blank-line separated paragraphs."""
    result: list[Paragraph] = []
    current: Paragraph | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if current is None:
                current = Paragraph(index + 1, [])
                result.append(current)
            current.lines.append(line.strip())
        else:
            current = None
    return result


class Byline(NamedTuple):
    """An author line: the names, whether "et al." cut it short, and the "· organisations"."""

    authors: list[str]
    truncated: bool
    orgs: list[str]


class EntryHead(NamedTuple):
    """The line that opens an entry in listing layouts: "CVMay 6, 2022Code"."""

    line: int
    category: str | None
    date: dt.date
    date_text: str
    has_code: bool


def parse_author_line(text: str) -> Byline:
    """Split "A, B, C et al. · org1, org2" into (authors, truncated, orgs)."""
    orgs: list[str] = []
    if ORG_SEPARATOR in text:
        text, org_text = text.rsplit(ORG_SEPARATOR, 1)
        orgs = [org.strip() for org in org_text.split(",") if org.strip()]
    text = text.strip()
    truncated = text.endswith(ET_AL)
    if truncated:
        text = text[: -len(ET_AL)].rstrip(" ,")
    authors = [display_name(name) for name in text.split(",") if name.strip()]
    return Byline(authors, truncated, orgs)


def parse_category_date(line: str, today: dt.date, file: str, line_no: int) -> EntryHead | None:
    """Read "CVMay 6, 2022Code" (at *line_no*) as an EntryHead; None if the line is not that shape."""
    match = CATEGORY_DATE.match(line.strip())
    if not match:
        return None
    date_text = match.group("date")
    try:
        date = parse_month_day(date_text, today)
    except DateError as exc:
        raise ParseError(file, str(exc), line_no) from None
    return EntryHead(line_no, match.group("category"), date, date_text, bool(match.group("code")))


def listed_entry(head: EntryHead, title: str, byline: Byline, abstract: str | None) -> ParsedEntry:
    """An entry of a listing layout (glued-lines, profile-stats): head, title, byline, abstract."""
    return ParsedEntry(
        line=head.line,
        title=title,
        authors=byline.authors,
        authors_truncated=byline.truncated,
        orgs=byline.orgs,
        date=head.date,
        date_text=head.date_text,
        category=head.category,
        has_code=head.has_code,
        abstract=abstract,
    )


def infer_owner(entries: Iterable[ParsedEntry]) -> str | None:
    """The author on most entries, when one clearly stands out (on two or more, and alone on top)."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for entry in entries:
        for key in {name_key(name) for name in entry.authors}:
            counts[key] += 1
        for name in entry.authors:
            spelling.setdefault(name_key(name), name)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return spelling[ranked[0][0]]


def require_entries(entries: list[ParsedEntry], file: str) -> list[ParsedEntry]:
    if not entries:
        raise ParseError(file, "no paper entries found")
    return entries
