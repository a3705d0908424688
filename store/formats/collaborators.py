"""Layout 003: "Collaborating Authors" pages keyed by a "Last, First" owner.

    Collaborating Authors
     Babuschkin, Igor           <- owner
    TITLE
    arXiv.org Machine Learning  <- venue
    abstract

Entries name no authors: the owner is the one known author, and the list is
marked incomplete rather than presented as whole.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import ParseError
from ..model import ParsedEntry, ParsedPage
from ..names import display_name
from .common import paragraphs, require_entries

NAME = "collaborators"
_MARKER = "Collaborating Authors"
_CHROME = {"Goto"}
MARKERS = (re.compile(rf"^{_MARKER}$"),)


def looks_like(lines: list[str]) -> bool:
    return any(line.strip() == _MARKER for line in lines[:10])


def parse(lines: list[str], file: str, today: dt.date) -> ParsedPage:
    marker = next(index for index, line in enumerate(lines) if line.strip() == _MARKER)
    blocks = [p for p in paragraphs(lines, marker + 1) if p.text not in _CHROME]
    if not blocks:
        raise ParseError(file, "no owner name after 'Collaborating Authors'", marker + 1)
    owner = display_name(blocks[0].text)
    body = blocks[1:]
    entries: list[ParsedEntry] = []
    for start in range(0, len(body), 3):
        group = body[start : start + 3]
        if len(group) < 3:
            raise ParseError(file, "entry is incomplete (expected title, venue and abstract)", group[0].line)
        title, venue, abstract = group
        if len(title.lines) != 1 or len(venue.lines) != 1:
            raise ParseError(file, "expected a one-line title followed by a one-line venue", title.line)
        entries.append(
            ParsedEntry(
                line=title.line,
                title=title.text,
                venue=venue.text,
                abstract="\n".join(abstract.lines),
                authors=[owner],
                authors_truncated=True,
            )
        )
    require_entries(entries, file)
    return ParsedPage(NAME, file, owner, False, None, entries)
