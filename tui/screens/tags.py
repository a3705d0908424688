"""The ``t`` screen: edit the selected paper's tags in one line (comma or space separated)."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..safe_text import one_line

_SEPARATORS = re.compile(r"[,\s]+")


def parse_tags(text: str) -> list[str]:
    """Tags typed as "rl, scaling #vision": split on commas and spaces, "#" dropped."""
    return [tag.lstrip("#") for tag in _SEPARATORS.split(text) if tag.lstrip("#")]


class TagsScreen(ModalScreen[list[str] | None]):
    """Dismisses with the new tag list on enter, None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, tags: list[str], popular: list[tuple[str, int]]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = tags
        self.popular = popular

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-box", classes="modal-box"):
            yield Static(Text("Tags for ", style="bold") + Text(one_line(self.paper_title)), id="tags-title")
            yield Input(", ".join(self.tags), placeholder="e.g. rl, to-cite, scaling", id="tags-input")
            yield Static(self._hint(), id="tags-hint")

    def _hint(self) -> Text:
        text = Text("enter saves · esc cancels · separate tags with commas or spaces", style="dim")
        if self.popular:
            text.append("\nin use: ", style="dim")
            text.append(" ".join(f"#{one_line(tag)} ({count})" for tag, count in self.popular[:12]))
        return text

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#tags-input")
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
