"""A one-line text box over a list (the paper search, the author filter).

Its keys show in the footer: an Input's own "down" binding (a no-op scroll) would
otherwise hide the one that leads to the list, leaving the footer blank while typing.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterBox(Input):
    """Posts ``ToList`` on down; escape goes back through the app (which also clears the box)."""

    BINDINGS = [
        Binding("down", "to_list", "To the list", key_display="↓"),
        Binding("escape", "app.back", "Clear", key_display="esc"),
    ]

    class ToList(Message):
        """The user wants to leave the box for the list below it."""

        def __init__(self, box: "FilterBox") -> None:
            self.box = box
            super().__init__()

        @property
        def control(self) -> "FilterBox":
            return self.box

    def action_to_list(self) -> None:
        self.post_message(self.ToList(self))
