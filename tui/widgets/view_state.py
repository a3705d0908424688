"""What the paper list is showing: author, filters, sort and search, as one immutable value.

Every key that changes the view makes a new ``ViewState``; the app loads ids for it in a
worker and drops results that belong to a state that is no longer current.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from store import Library, PaperFilter, ReadStatus
from store.library import SORT_KEYS, SortKey
from store.search import SearchQuery, parse_query

SORT_LABELS: dict[str, str] = {
    "date": "newest first",
    "title": "by title",
    "changed": "recently changed",
    "added": "recently added",
}


@dataclass(frozen=True)
class ViewState:
    author_id: int | None = None
    author_name: str | None = None
    statuses: tuple[ReadStatus, ...] = ()
    starred: bool = False
    tag: str | None = None
    year: int | None = None
    sort: SortKey = "date"
    query: str = ""

    def but(self, **changes: object) -> "ViewState":
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def searching(self) -> bool:
        return bool(self.query.strip())

    @cached_property
    def parsed(self) -> SearchQuery | None:
        """The search, parsed once for the list and its header (None when not searching)."""
        return parse_query(self.query) if self.searching else None

    @property
    def filtered(self) -> bool:
        """Any filter besides the author (status, star, tag, year)."""
        return bool(self.statuses or self.starred or self.tag or self.year is not None)

    def paper_filter(self, *, with_author: bool = True) -> PaperFilter:
        return PaperFilter(
            author_id=self.author_id if with_author else None,
            statuses=self.statuses,
            starred=self.starred,
            tags=(self.tag,) if self.tag else (),
            year_from=self.year,
            year_to=self.year,
        )

    def next_sort(self) -> "ViewState":
        return self.but(sort=SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)])

    def load_ids(self, library: Library, limit: int | None = None) -> list[int]:
        """The ids to list, in order (the first *limit* of a list that is not a search).

        Safe in a worker thread (the library reads on its own connection).
        """
        if not self.searching:
            return library.paper_ids(self.paper_filter(), self.sort, limit)
        ranked = library.search(self.query, author_id=self.author_id)
        if not self.filtered:
            return ranked
        allowed = library.matching_ids(self.paper_filter(with_author=False))
        return [pid for pid in ranked if pid in allowed]
