"""The authors pane: "All papers", then every author, filtered fuzzily as you type.

A library of a million papers may have a hundred thousand authors, so the list is a
``VirtualList`` and the fuzzy filter runs in a worker thread over a plain list of names.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from store import Author, AuthorTable
from store.export import arxiv_category

from ..safe_text import one_line
from .filter_box import FilterBox
from .paper_text import OWNER_MARK
from .virtual_list import VirtualList

MATCH_CUTOFF = 80.0  # partial_ratio: a substring scores 100, one typo in a short name still passes


class AuthorRows(Sequence[Author | None]):
    """The rows of the list: "All papers" (None) and every author, or the authors a filter *picked*.

    A view over the library's ``AuthorTable``: an ``Author`` is made only for a row drawn.
    """

    def __init__(self, table: AuthorTable, picked: list[int] | None = None) -> None:
        self.table = table
        self.picked = picked  # positions in the table, best match first

    def __len__(self) -> int:
        return len(self.table) + 1 if self.picked is None else len(self.picked)

    def __getitem__(self, index: int) -> Author | None:  # type: ignore[override]  # rows are drawn one at a time
        if self.picked is not None:
            return self.table[self.picked[index]]
        return None if index == 0 else self.table[index - 1]

    def row_of(self, author_id: int | None) -> int | None:
        """The row showing *author_id* (None: the "All papers" row), if it is shown."""
        if author_id is None:
            return 0 if self.picked is None else None
        at = self.table.position(author_id)
        if at is None:
            return None
        if self.picked is None:
            return at + 1
        try:
            return self.picked.index(at)
        except ValueError:  # filtered out
            return None


class AuthorList(VirtualList):
    """Rows of authors; row 0 is "All papers" unless a filter is typed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries = AuthorRows(AuthorTable(), [])
        self.total: int | None = None  # papers in the library; None until counted
        self.chosen_id: int | None = None

    @property
    def current(self) -> Author | None:
        return self.entries[self.cursor] if self.entries else None

    def set_entries(self, entries: AuthorRows, total: int | None) -> None:
        self.entries = entries
        self.total = total
        self.set_row_count(len(entries), entries.row_of(self.chosen_id) or 0)

    def set_total(self, total: int) -> None:
        self.total = total
        self.invalidate()

    def set_chosen(self, author_id: int | None) -> None:
        self.chosen_id = author_id
        self.invalidate()

    def render_row(self, index: int, width: int) -> Text:
        author = self.entries[index]
        chosen = (author.id if author else None) == self.chosen_id
        name_style = self.component_style("vlist--accent") if chosen else None
        text = Text()
        if author is None:
            text.append(" All papers", name_style)
            count = "…" if self.total is None else f"{self.total:,}"
        else:
            mark = f" {OWNER_MARK} " if author.is_owner else "   "
            text.append(mark, self.component_style("vlist--warn"))
            text.append(one_line(author.name), name_style)
            count = f"{author.paper_count:,}"
            if author.profile and author.profile.h_index is not None:
                count = f"h{author.profile.h_index}  {count}"
        right = Text(f" {count} ", self.component_style("vlist--dim"))
        text.truncate(max(1, width - right.cell_len), overflow="ellipsis", pad=True)
        return text + right


class AuthorPane(Vertical):
    """Filter input, the author list, and a few facts about the highlighted author."""


    class Chosen(Message):
        """The user chose an author (None: all papers)."""

        def __init__(self, author: Author | None) -> None:
            self.author = author
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._authors = AuthorTable()

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder="find author…", id="author-filter", compact=True)
        yield AuthorList(id="author-list")
        yield Static(id="author-detail")

    @property
    def table(self) -> AuthorTable:
        """Every author of the library (empty until they have loaded)."""
        return self._authors

    @property
    def author_list(self) -> AuthorList:
        return self.query_one(AuthorList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#author-filter", Input)

    def set_loading(self) -> None:
        """Only "All papers" until the authors and the paper count arrive (they load in the background)."""
        self.border_title = "Authors (loading…)"
        self.author_list.set_entries(AuthorRows(AuthorTable()), None)

    def set_total(self, total: int) -> None:
        """The number of papers, for "All papers" (counted before the authors are read)."""
        self.author_list.set_total(total)
        self._highlighted()

    def set_authors(self, authors: AuthorTable, total: int) -> None:
        """Show *authors* (as ``Library.authors()`` orders them) under "All papers (*total*)"."""
        self._authors = authors
        self._apply_filter(self.filter_input.value, total)

    def _apply_filter(self, text: str, total: int | None = None) -> None:
        total = self.author_list.total if total is None else total
        if text.strip():
            self._filter(text, total)
        else:
            self.border_title = f"Authors ({len(self._authors):,})"
            self.author_list.set_entries(AuthorRows(self._authors), total)

    @work(thread=True, exclusive=True, group="author-filter")
    def _filter(self, text: str, total: int | None) -> None:
        """Fuzzy match in a thread: a hundred thousand names take longer than a keystroke."""
        matches = process.extract(
            text, self._authors.names, scorer=fuzz.partial_ratio, processor=default_process, limit=None, score_cutoff=MATCH_CUTOFF
        )
        if get_current_worker().is_cancelled:
            return
        matches.sort(key=lambda m: (-m[1], m[2]))
        entries = AuthorRows(self._authors, [index for _name, _score, index in matches])
        self.app.call_from_thread(self._show_filtered, text, entries, total)

    def _show_filtered(self, text: str, entries: AuthorRows, total: int | None) -> None:
        if text == self.filter_input.value:
            self.border_title = f"Authors ({len(entries):,} of {len(self._authors):,})"
            self.author_list.set_entries(entries, total)

    @on(Input.Changed, "#author-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#author-filter")
    def _filter_submitted(self) -> None:
        if self.author_list.row_count:
            self.author_list.action_select()

    @on(FilterBox.ToList, "#author-filter")
    def _into_list(self, event: FilterBox.ToList) -> None:
        event.stop()
        self.app.set_focus(self.author_list)

    def clear_filter(self) -> None:
        self.filter_input.value = ""

    @on(VirtualList.Highlighted, "#author-list")
    def _highlighted(self, event: VirtualList.Highlighted | None = None) -> None:
        self.query_one("#author-detail", Static).update(author_facts(self.author_list.current, self.author_list.total))

    @on(VirtualList.Selected, "#author-list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.author_list.current))


def author_facts(author: Author | None, total: int | None) -> Text:
    """What the library knows about *author*, for the line under the list (*total* None: not counted yet)."""
    text = Text()
    if author is None:
        text.append("counting papers…" if total is None else f"{total:,} papers in the library", "dim")
        return text
    text.append(one_line(author.name), "bold")
    lines = [f"{author.paper_count:,} papers" + (f" · {OWNER_MARK} page owner" if author.is_owner else "")]
    profile = author.profile
    if profile:
        first = []
        if profile.main_category:
            category = arxiv_category(profile.main_category)
            first.append(one_line(profile.main_category) + (f" ({category})" if category else ""))
        if profile.h_index is not None:
            first.append(f"h-index {profile.h_index}")
        if first:
            lines.append(" · ".join(first))
        if profile.citations is not None:
            lines.append(f"{profile.citations:,} citations")
        if profile.paper_count is not None:
            lines.append(f"profile: {profile.paper_count:,} papers")
        scores = [
            f"novelty {profile.novelty_pct}%" if profile.novelty_pct is not None else "",
            f"AI score {profile.ai_score}" if profile.ai_score is not None else "",
        ]
        if any(scores):
            lines.append(" · ".join(part for part in scores if part))
    for line in lines:
        text.append("\n" + line, "dim")
    return text
