"""The ``?`` screen: every action by group with its keys, generated from ``tui.actions``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import ShelfAction, help_groups

SEARCH_HELP = (
    ("words", "fuzzy match on titles and authors, typos forgiven; every word must match"),
    ("a:word", "this word in authors only: a:quoc t:sequence"),
    ('a:"two words"', 'every quoted word in authors; also t:"a phrase"'),
    ("t:word", "this word in titles only"),
    ("#tag", "papers with this tag"),
    ("is:unread", "also is:reading, is:read, is:starred"),
    ("year:2021", "or year:2020..2022, year:2020.., year:..2019"),
    ("?words", "full text: titles, authors and abstracts"),
)


def _group_table(title: str, actions: list[ShelfAction]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(justify="right", style="bold", no_wrap=True, min_width=10)
    table.add_column()
    for action in actions:
        table.add_row(action.key_display, action.description)
    return table


def _search_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.title = "Search syntax ( / )"
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(justify="right", style="bold", no_wrap=True, min_width=10)
    table.add_column()
    for syntax, meaning in SEARCH_HELP:
        table.add_row(syntax, meaning)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and search syntax; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc")]

    def compose(self) -> ComposeResult:
        groups = help_groups()
        half = (len(groups) + 1) // 2
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Text("shelf · keys", style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                with Horizontal(id="help-columns"):
                    for column in (groups[:half], groups[half:]):
                        with Vertical(classes="help-column"):
                            for title, actions in column:
                                yield Static(_group_table(title, actions), classes="help-group")
                yield Static(_search_table(), classes="help-group")
            yield Static(Text("esc closes · ctrl+p finds any command by name", style="dim"), id="help-hint")
