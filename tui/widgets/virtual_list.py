"""A keyboard list that draws only the rows on screen (Textual's Line API).

Papers and authors can number in the hundreds of thousands; a widget per row (ListView,
DataTable) takes seconds to build at that size. Here a row is a ``Strip`` rendered on
demand by ``render_row`` and kept in a small LRU cache, so a million rows cost what a
screenful costs. Subclasses say how many rows there are and how one row reads.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..actions import list_bindings


class VirtualList(ScrollView, can_focus=True, inherit_bindings=False):
    """A cursor over ``row_count`` rows; j/k, pages, g/G, enter and the mouse move it."""

    BINDINGS = list_bindings()
    COMPONENT_CLASSES = {"vlist--cursor", "vlist--dim", "vlist--match", "vlist--accent", "vlist--warn"}

    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    class Highlighted(Message):
        """The cursor moved to *index* (posted also when the rows are replaced)."""

        def __init__(self, vlist: "VirtualList", index: int) -> None:
            self.vlist = vlist
            self.index = index
            super().__init__()

        @property
        def control(self) -> "VirtualList":
            return self.vlist

    class Selected(Highlighted):
        """Enter or a double click on *index*."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._row_count = 0
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}

    # --- what subclasses provide -----------------------------------------------------

    def render_row(self, index: int, width: int) -> Text:
        """Row *index* as one line of at most *width* cells."""
        raise NotImplementedError

    # --- state -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._row_count

    def set_row_count(self, count: int, cursor: int = 0, *, announce: bool = True) -> None:
        """Replace the rows; the cursor moves to *cursor* and a Highlighted is posted unless not *announce*
        (the row under the cursor is known to be the one already shown)."""
        self._row_count = count
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.set_reactive(VirtualList.cursor, self.validate_cursor(cursor))
        self.invalidate()
        self.scroll_to(y=0, animate=False, immediate=True)
        if self.cursor:  # once the new virtual size is laid out, bring the kept row into view
            self.call_after_refresh(self._scroll_to_cursor, True)
        if announce:
            self.post_message(self.Highlighted(self, self.cursor))

    def invalidate(self) -> None:
        """Forget every drawn row (data or styles changed) and repaint."""
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._row_count)
        self._strips.clear()
        self.call_after_refresh(self._scroll_to_cursor)  # a smaller window must still show the cursor

    def component_style(self, name: str) -> Style:
        """The foreground and text style of a component class, to lay over a row.

        Resolved against the list's background (a theme's "$text-muted" is a contrast
        colour, "auto 60%", that means nothing without one) but carrying no background
        of its own, so the cursor row keeps its highlight. Cached until styles change.
        """
        style = self._styles.get(name)
        if style is None:
            full = self.get_component_rich_style(name, partial=False)
            style = Style(
                color=full.color, bold=full.bold, italic=full.italic, underline=full.underline, strike=full.strike
            )
            self._styles[name] = style
        return style

    @property
    def base_style(self) -> Style:
        """The list's own rich style, cached (computing it walks the DOM, and every row needs it)."""
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    # --- drawing -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.base_style
        if index >= self._row_count or width <= 0:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, is_cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            text = self.render_row(index, width)
            text.no_wrap = True
            text.end = ""
            if is_cursor:  # the cursor's colours win over the row's own (dim, accent), for contrast;
                style = self.get_component_rich_style("vlist--cursor")  # bold/underline matches stay
                text.stylize(Style(color=style.color, bgcolor=style.bgcolor))
            else:
                style = base
                text.stylize_before(style)
            strip = Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(0, width, style)
            self._strips[key] = strip
        return strip

    # --- cursor ------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self._row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, new))

    def _scroll_to_cursor(self, center: bool = False) -> None:
        region = Region(0, self.cursor, 1, 1)
        self.scroll_to_region(region, animate=False, force=True, x_axis=False, immediate=True, center=center)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.refresh_line(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.refresh_line(self.cursor)

    def refresh_line(self, y: int) -> None:
        for key in [k for k in self._strips.keys() if k[0] == y]:
            self._strips.discard(key)
        super().refresh_line(y)

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self.page_height

    def action_page_up(self) -> None:
        self.cursor -= self.page_height

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._row_count - 1

    def action_select(self) -> None:
        if self._row_count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self._row_count:
            self.cursor = index
            if event.chain >= 2:
                self.action_select()
