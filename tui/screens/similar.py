"""The ``m`` screen: papers like the selected one, in a list you can jump from."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store import Library

from ..safe_text import one_line
from ..widgets.paper_list import PaperList
from ..widgets.virtual_list import VirtualList


class SimilarScreen(ModalScreen[int | None]):
    """Dismisses with the chosen paper's id (enter), or None (escape)."""

    BINDINGS = [Binding("escape,q", "cancel", "Close")]

    def __init__(self, library: Library, title: str, ids: list[int]) -> None:
        super().__init__()
        self.library = library
        self.paper_title = title
        self.ids = ids

    def compose(self) -> ComposeResult:
        with Vertical(id="similar-box", classes="modal-box"):
            heading = Text("Similar to ", style="bold") + Text(one_line(self.paper_title))
            yield Static(heading, id="similar-title")
            if self.ids:
                yield PaperList(self.library, id="similar-list")
            else:
                yield Static("Nothing in the library shares enough words with this paper.", id="similar-empty")
            yield Static(Text("enter jumps to the paper · esc closes", style="dim"), id="similar-hint")

    def on_mount(self) -> None:
        if self.ids:
            papers = self.query_one(PaperList)
            papers.set_ids(self.ids)
            papers.focus()

    @on(VirtualList.Selected, "#similar-list")
    def _chosen(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.dismiss(self.query_one(PaperList).current_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
