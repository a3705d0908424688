"""The note on the selected paper: a plain TextArea that saves itself.

A note is saved half a second after typing stops, when another paper is selected, and when
the app closes, so no path loses text. Control bytes in a stored note are shown (and,
once edited, saved) as visible escapes, because the editor would otherwise send them
to the terminal.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import TextArea

from store import Library

from ..safe_text import printable

AUTOSAVE_DELAY = 0.5  # seconds after the last keystroke: short enough that a crash loses at most this
PLACEHOLDER = "No note yet. Press n to write one; it is saved as you type."
NO_PAPER = "No paper selected."


class NoteEditor(TextArea):
    """The note's text box; says in the footer how to leave it (tab, as everywhere, also does)."""

    BINDINGS = [Binding("escape", "app.back", "Back to the list", key_display="esc")]


class NotesPane(Vertical):
    """One paper's note; ``paper_id`` says which, ``flush()`` saves it now."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.paper_id: int | None = None
        self._saved = ""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield NoteEditor(id="note", soft_wrap=True, tab_behavior="focus", placeholder=PLACEHOLDER)

    def on_mount(self) -> None:
        self.border_title = "Note"

    @property
    def editor(self) -> TextArea:
        return self.query_one("#note", TextArea)

    @property
    def dirty(self) -> bool:
        return self.paper_id is not None and self.editor.text != self._saved

    def bind(self, paper_id: int | None, note: str) -> None:
        """Show *paper_id*'s note, saving the previous paper's first."""
        self.flush()
        self.paper_id = paper_id
        self._saved = printable(note)
        with self.prevent(TextArea.Changed):
            self.editor.load_text(self._saved)
        self.editor.read_only = paper_id is None
        self.editor.placeholder = PLACEHOLDER if paper_id is not None else NO_PAPER
        self.border_subtitle = ""

    def flush(self) -> bool:
        """Save the note now if it changed; True when something was written."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.dirty:
            return False
        assert self.paper_id is not None
        text = self.editor.text
        self.library.set_note(self.paper_id, text)
        self._saved = text
        self.border_subtitle = "saved"
        return True

    @on(TextArea.Changed, "#note")
    def _changed(self) -> None:
        if not self.dirty:
            return
        self.border_subtitle = "editing…"
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush)
