"""The search bar over the paper list: one line, the query syntax in its placeholder,
and a label that says whether the words are matched fuzzily or in full text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from .filter_box import FilterBox

SYNTAX_HINT = "title or author words · a:coauthor t:title #tag is:unread is:starred year:2020..2022 · ?full text"
FUZZY_LABEL = "/ search"
FULL_TEXT_LABEL = "? full text"


def is_full_text(query: str) -> bool:
    return query.lstrip().startswith("?")


class SearchBar(Horizontal):
    """Posts ``Changed`` on every edit and ``Done`` when the user heads back to the list."""

    class Changed(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Done(Message):
        """Enter or down: go to the results."""

    def compose(self) -> ComposeResult:
        yield Label(FUZZY_LABEL, id="search-mode")
        yield FilterBox(placeholder=SYNTAX_HINT, id="search-input", compact=True, select_on_focus=False)

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def value(self) -> str:
        return self.input.value

    def clear(self) -> None:
        """Empty the bar; posts Changed("") so the list goes back to the whole view."""
        self.input.value = ""

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        full = is_full_text(event.value)
        if full != self.has_class("-full-text"):  # a label update lays the whole screen out again: only on a change
            self.query_one("#search-mode", Label).update(FULL_TEXT_LABEL if full else FUZZY_LABEL)
            self.set_class(full, "-full-text")
        self.set_class(bool(event.value), "-active")
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#search-input")
    @on(FilterBox.ToList, "#search-input")
    def _to_results(self, event: Input.Submitted | FilterBox.ToList) -> None:
        event.stop()
        self.post_message(self.Done())
