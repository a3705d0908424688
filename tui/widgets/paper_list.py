"""The paper list: an ordered list of ids, drawn a screenful at a time.

The library answers "which ids, in what order" cheaply even at a million papers; the
columns of a row are fetched only when it is about to be drawn, a window at a time, and
kept in an LRU cache. Search matches are highlighted in the titles of the rows drawn.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache

from store import Library, PaperRow
from store.search import SearchQuery, highlight_spans

from ..safe_text import one_line
from .paper_text import append_highlighted, fit_authors, row_prefix, untitled_label
from .virtual_list import VirtualList

ROW_CACHE = 8192
AUTHORS_MIN, AUTHORS_MAX = 12, 32
AUTHORS_FROM_WIDTH = 44  # narrower than this, the title gets the whole row


class PaperList(VirtualList):
    """Rows of papers: status, star, year, title (or an honest untitled line), authors."""

    def __init__(self, library: Library, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library
        self.ids: list[int] = []
        self.query: SearchQuery | None = None
        self._rows: LRUCache[int, PaperRow] = LRUCache(ROW_CACHE)

    @property
    def current_id(self) -> int | None:
        return self.ids[self.cursor] if self.ids else None

    def set_ids(
        self, ids: list[int], *, keep: int | None = None, query: SearchQuery | None = None, announce: bool = True
    ) -> None:
        """Show *ids*; the cursor stays on paper *keep* when it is still listed (see ``set_row_count`` for *announce*)."""
        self.ids = ids
        self.query = query
        cursor = 0
        if keep is not None:
            try:
                cursor = ids.index(keep)
            except ValueError:
                cursor = 0
        kept = keep is not None and cursor < len(ids) and ids[cursor] == keep
        self.set_row_count(len(ids), cursor, announce=announce or not kept)  # a different paper is always announced

    def select_id(self, paper_id: int) -> bool:
        """Move the cursor to *paper_id*; False when it is not in the list."""
        try:
            self.cursor = self.ids.index(paper_id)
        except ValueError:
            return False
        return True

    def paper_changed(self, paper_id: int) -> None:
        """Redraw *paper_id* after its status, star or tags changed."""
        self._rows.discard(paper_id)
        self.invalidate()

    def forget_rows(self) -> None:
        """Drop every fetched row (after an import changed the papers themselves)."""
        self._rows.clear()
        self.invalidate()

    # --- drawing -----------------------------------------------------------------------

    def _row(self, index: int) -> PaperRow | None:
        paper_id = self.ids[index]
        row = self._rows.get(paper_id)
        if row is None:
            self._fetch_around(index)
            row = self._rows.get(paper_id)
        return row

    def _fetch_around(self, index: int) -> None:
        """Fetch the rows of a window around *index* in one query (a screen above, two below)."""
        height = max(self.scrollable_content_region.height, 20)
        start, end = max(0, index - height), min(len(self.ids), index + 2 * height)
        missing = [pid for pid in self.ids[start:end] if pid not in self._rows]
        for paper_id, row in self.library.rows(missing).items():
            self._rows[paper_id] = row

    def render_row(self, index: int, width: int) -> Text:
        row = self._row(index)
        text = Text()
        if row is None:  # deleted under us; show the gap honestly rather than fail
            text.append(" (paper no longer in the library)", self.component_style("vlist--dim"))
            return text
        prefix = row_prefix(row)
        authors_width = max(AUTHORS_MIN, min(AUTHORS_MAX, width // 4)) if width >= AUTHORS_FROM_WIDTH else 0
        title_width = max(8, width - len(prefix) - (authors_width + 2 if authors_width else 0))
        text.append(prefix, self.component_style("vlist--dim"))
        if row.starred:
            star_at = prefix.index("★")
            text.stylize(self.component_style("vlist--warn"), star_at, star_at + 1)
        searching = self.query is not None and bool(self.query.text)
        title = Text()
        if row.title:
            spans = highlight_spans(self.query, row.title, field="title") if searching else []
            append_highlighted(title, row.title, spans, Style(), self.component_style("vlist--match"))
        else:
            title.append(one_line(untitled_label(row.arxiv_id, row.abstract_start)), self.component_style("vlist--dim"))
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text.append_text(title)
        if authors_width:
            text.append("  ")
            text.append_text(self._authors_cell(row, authors_width, searching))
        return text

    def _authors_cell(self, row: PaperRow, width: int, searching: bool) -> Text:
        """The first authors and, during a search, the coauthors that the title alone does not explain.

        A page owner hidden behind the page's "et al." counts: on Sutskever's page,
        "Achiam, Adler, Agarwal et al." matches "sutskever" and shows "Achiam … Sutskever et al.".
        """
        authors = one_line(row.authors_text)
        author_query = self.query.for_authors(row.title) if searching and self.query is not None else None
        matched: list[int] = []
        if author_query is not None:
            matched = _matched_names(author_query, authors)
            if not matched and row.unlisted_owners:
                with_owners = f"{authors.removesuffix(' et al.')}, {one_line(row.unlisted_owners)} et al."
                matched = _matched_names(author_query, with_owners)
                authors = with_owners if matched else authors
        shown = fit_authors(authors, width, matched)
        cell = Text()
        spans = highlight_spans(author_query, shown, field="author") if author_query is not None and matched else []
        append_highlighted(cell, shown, spans, self.component_style("vlist--accent"), self.component_style("vlist--match"))
        return cell


def _matched_names(query: SearchQuery, authors: str) -> list[int]:
    """Positions of the names in "A, B, C" that *query* matches, in one pass (a paper may have 450)."""
    starts = [start for start, _end in highlight_spans(query, authors, field="author")]
    return sorted({authors.count(", ", 0, start) for start in starts})
