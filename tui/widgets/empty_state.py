"""What an empty library shows instead of a blank list: how to fill it, and a way to try it now."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Button, Static


def _explanation() -> Text:
    text = Text()
    text.append("Your shelf is empty.\n\n", "bold")
    text.append("Save an author's page from your browser as text, then import it:\n\n")
    text.append("    shelf import FILE...\n\n", "bold")
    text.append("A paper listed on several pages is kept once, and importing a page again ")
    text.append("never touches your statuses, stars, tags or notes.\n\n")
    text.append("Or try shelf now with the five sample pages that come with it.")
    return text


class EmptyState(Vertical):
    """Posts ``LoadSamples`` when the button is pressed (the L key does the same)."""

    class LoadSamples(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Static(_explanation(), id="empty-text")
        with Center():
            yield Button("Load the sample pages  (L)", id="load-samples", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.LoadSamples())
