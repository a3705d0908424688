"""The line over the paper list: whose papers, which filters, what order, how many."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from store.search import unknown_hint

from ..safe_text import one_line
from .paper_text import STAR, STATUS_GLYPH
from .search_bar import is_full_text
from .view_state import SORT_LABELS, ViewState


class ListHeader(Widget):
    """Reads a ``ViewState`` and a count; the app calls ``show`` after every load."""

    DEFAULT_CSS = "ListHeader { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = ViewState()
        self.count: int | None = None

    def show(self, state: ViewState, count: int | None) -> None:
        """*count* None means the ids are still loading."""
        self.state = state
        self.count = count
        self.refresh()

    def render(self) -> Text:
        return header_text(self.state, self.count, self.size.width)


def header_text(state: ViewState, count: int | None, width: int) -> Text:
    left = Text(" ")
    left.append(one_line(state.author_name) if state.author_name else "All papers", "bold")
    for status in state.statuses:
        left.append(f" · {STATUS_GLYPH[status]} {status.value}")
    if state.starred:
        left.append(f" · {STAR} starred")
    if state.tag:
        left.append(" · #" + one_line(state.tag))
    if state.year is not None:
        left.append(f" · {state.year}")
    if state.searching:
        mode = "full text" if is_full_text(state.query) else "matching"
        left.append(f" · {mode} ")
        left.append(one_line(state.query.strip().lstrip("?").strip()), "italic")
    unknown = state.parsed.unknown if state.parsed else ()
    if unknown:  # say what was not understood, rather than silently match nothing
        right = "; ".join(unknown_hint(token) for token in unknown) + " "
    elif count is None:
        right = "loading… "
    elif count == 0:  # an empty pane should say how to get papers back
        right = "no matches · esc clears the search " if state.searching else "none here · x clears the filters "
    elif state.searching:
        right = f"{count:,} {'match' if count == 1 else 'matches'} · best first "
    else:
        right = f"{count:,} {'paper' if count == 1 else 'papers'} · {SORT_LABELS[state.sort]} "
    room = max(0, width - len(right) - 1)
    left.truncate(room, overflow="ellipsis", pad=True)
    return left + Text(" " + right, style="bold" if unknown else "dim")
