"""Plain data passed between the parsers, the importer and the library.

Parsers produce ``ParsedPage``; the library hands out ``Paper`` and ``Author``.
Nothing here touches SQLite, so the shapes can be tested and reasoned about alone.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import overload


class ReadStatus(str, Enum):
    """Where a person is with a paper. Cycling order is unread -> reading -> read."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"

    def next(self) -> "ReadStatus":
        order = list(ReadStatus)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class ProfileFigures:
    """The numbers an author-profile page prints in its header."""

    main_category: str | None = None
    h_index: int | None = None
    paper_count: int | None = None
    citations: int | None = None
    novelty_pct: int | None = None
    ai_score: int | None = None


@dataclass
class ParsedEntry:
    """One paper as a page shows it: every field the page carries, nothing invented."""

    line: int  # 1-based line in the page where the entry starts
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    orgs: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str | None = None  # the date exactly as printed
    arxiv_id: str | None = None
    category: str | None = None
    has_code: bool = False
    venue: str | None = None
    comments: str | None = None
    abstract: str | None = None


@dataclass
class ParsedPage:
    """A whole saved page: its layout, whose page it is, and its entries in order."""

    format: str
    file: str
    owner: str | None
    owner_inferred: bool
    profile: ProfileFigures | None
    entries: list[ParsedEntry]


@dataclass(frozen=True, slots=True)
class Source:
    """A page a paper was seen on."""

    file: str
    owner: str | None
    format: str
    position: int
    date_text: str | None = None


@dataclass
class Paper:
    """A paper in the library, with the reader's own state."""

    id: int
    title: str | None
    authors: list[str]
    authors_truncated: bool
    date: str | None
    arxiv_id: str | None
    category: str | None
    has_code: bool
    orgs: list[str]
    venue: str | None
    comments: str | None
    abstract: str | None
    status: ReadStatus
    starred: bool
    note: str
    tags: list[str]
    sources: list[Source] = field(default_factory=list)
    changed_at: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True, slots=True)
class PaperRow:
    """The few columns the paper list draws; cheap to fetch a screenful at a time."""

    id: int
    title: str | None
    authors_text: str
    date: str | None
    arxiv_id: str | None
    abstract_start: str | None
    status: ReadStatus
    starred: bool
    unlisted_owners: str = ""  # owners of its pages hidden behind the page's "et al." ("A, B")


@dataclass(frozen=True, slots=True)
class Author:
    """An author with how many papers the library holds of theirs."""

    id: int
    name: str
    paper_count: int
    is_owner: bool
    profile: ProfileFigures | None = None


class AuthorTable(Sequence[Author]):
    """Every author of a library, held as columns; an ``Author`` is made when one is asked for.

    A library of 100,000 papers has some 280,000 authors: as objects they take about
    100 bytes each beyond their names, as columns about 17.
    """

    def __init__(self) -> None:
        self.ids = array("q")
        self.names: list[str] = []
        self.counts = array("q")
        self.owner_flags = bytearray()
        self.profiles: dict[int, ProfileFigures] = {}  # by position; only profile pages give figures

    def add(self, author_id: int, name: str, paper_count: int, is_owner: bool, profile: ProfileFigures | None = None) -> None:
        """One more author, as columns (no ``Author`` is made: a million-paper library has millions)."""
        if profile is not None:
            self.profiles[len(self.names)] = profile
        self.ids.append(author_id)
        self.names.append(name)
        self.counts.append(paper_count)
        self.owner_flags.append(is_owner)

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Author: ...

    @overload
    def __getitem__(self, index: slice) -> list[Author]: ...

    def __getitem__(self, index: int | slice) -> Author | list[Author]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Author(self.ids[index], self.names[index], self.counts[index], bool(self.owner_flags[index]), self.profiles.get(index))

    def __iter__(self) -> Iterator[Author]:
        return (self[i] for i in range(len(self)))

    def page_owners(self) -> list[Author]:
        """The authors whose pages were imported, in table order."""
        found, at = [], self.owner_flags.find(1)
        while at >= 0:
            found.append(self[at])
            at = self.owner_flags.find(1, at + 1)
        return found

    def position(self, author_id: int) -> int | None:
        """Where the author with *author_id* is (a scan at C speed: no id index is kept for a rare lookup)."""
        try:
            return self.ids.index(author_id)
        except ValueError:
            return None
