"""Every user action, declared once: the key bindings, the footer, the help screen and the
command palette are all generated from ``ACTIONS``, so they can never disagree.

An action's ``scope`` says who carries it out: "app" actions are methods of ``ShelfApp``
(``action_<name>``); "list" actions belong to the focused list widget (papers, authors,
similar papers), so j/k move whichever list you are in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Literal

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.keys import format_key
from textual.markup import escape

from .safe_text import one_line

Scope = Literal["app", "list"]


@dataclass(frozen=True)
class ShelfAction:
    """One thing the user can do, and every way to reach it."""

    id: str
    action: str  # Textual action string, e.g. "cycle_status" or "show_status('unread')"
    keys: str  # Textual key names, comma separated ("down,j")
    description: str
    group: str
    show: bool = False  # shown in the footer
    scope: Scope = "app"
    palette: bool = True  # offered by the command palette
    bind: bool = True  # False when Textual already binds the key (ctrl+p)
    priority: bool = False
    footer_label: str | None = None  # shorter text for the footer
    moves_focus: bool = False  # handled before later keys are routed (see TYPING_KEYS_FOLLOW)

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",") if key.strip()]

    @property
    def key_display(self) -> str:
        """The keys as a person types them: "j ↓", "?", "^p"."""
        return " ".join(display_key(key) for key in self.key_list)


def display_key(key: str) -> str:
    """A Textual key name as shown on screen ("question_mark" -> "?", "ctrl+p" -> "^p")."""
    named = {"down": "↓", "up": "↑", "pagedown": "pgdn", "pageup": "pgup", "escape": "esc", "shift+tab": "⇧tab"}
    if key in named:
        return named[key]
    if key.startswith("ctrl+"):
        return "^" + format_key(key[5:])
    return format_key(key)


A = ShelfAction
ACTIONS: tuple[ShelfAction, ...] = (
    # Moving around: the list actions run on whichever list has focus.
    A("cursor_down", "cursor_down", "down,j", "Next row", "Move", scope="list", palette=False),
    A("cursor_up", "cursor_up", "up,k", "Previous row", "Move", scope="list", palette=False),
    A("page_down", "page_down", "pagedown", "Page down", "Move", scope="list", palette=False),
    A("page_up", "page_up", "pageup", "Page up", "Move", scope="list", palette=False),
    A("first", "first", "home,g", "First row", "Move", scope="list", palette=False),
    A("last", "last", "end,G", "Last row", "Move", scope="list", palette=False),
    A("select", "select", "enter", "Open the paper / choose the author", "Move", scope="list", palette=False),
    A("next_pane", "next_pane", "tab", "Next pane", "Move", palette=False, priority=True),
    A("previous_pane", "previous_pane", "shift+tab", "Previous pane", "Move", palette=False, priority=True),
    A("back", "back", "escape", "Back to the paper list (clears the search)", "Move", palette=False),
    A("search", "search", "slash", "Search papers", "Move", show=True, footer_label="Search", moves_focus=True),
    A("find_author", "find_author", "a", "Find an author", "Move", show=True, footer_label="Authors", moves_focus=True),
    A("focus_note", "focus_note", "n", "Write a note on this paper", "Move", footer_label="Note", moves_focus=True),
    # The selected paper.
    A("cycle_status", "cycle_status", "r", "Cycle read status (unread → reading → read)", "Paper", show=True, footer_label="Status"),
    A("toggle_star", "toggle_star", "s", "Star or unstar", "Paper", show=True, footer_label="Star"),
    A("edit_tags", "edit_tags", "t", "Edit tags", "Paper", show=True, footer_label="Tags"),
    A("edit_note_external", "edit_note_external", "e", "Edit the note in $EDITOR", "Paper"),
    A("open_link", "open_link", "o", "Open the paper on arXiv", "Paper"),
    A("copy_citation", "copy_citation", "y", "Copy a BibTeX citation", "Paper"),
    A("similar", "similar", "m", "Similar papers", "Paper"),
    # What the list shows.
    A("cycle_sort", "cycle_sort", "comma", "Cycle sort: date, title, recently changed, recently added", "View", show=True, footer_label="Sort"),
    A("show_all", "show_status('all')", "1", "Show every status", "View"),
    A("show_unread", "show_status('unread')", "2", "Show unread papers only", "View"),
    A("show_reading", "show_status('reading')", "3", "Show papers being read only", "View"),
    A("show_read", "show_status('read')", "4", "Show read papers only", "View"),
    A("toggle_starred", "toggle_starred_filter", "asterisk", "Starred papers only (toggle)", "View"),
    A("filter_tag", "filter_tag", "number_sign", "Filter by tag…", "View"),
    A("filter_year", "filter_year", "Y", "Filter by year…", "View"),
    A("clear_filters", "clear_filters", "x", "Clear every filter (author, status, star, tag, year, search)", "View"),
    # The whole library and the app.
    A("stats", "stats", "S", "Library statistics", "Library"),
    A("load_samples", "load_samples", "L", "Import the bundled sample pages", "Library"),
    A("change_theme", "change_theme", "ctrl+t", "Change theme", "Library", palette=False),  # the palette has "Theme"
    A("help", "help", "question_mark", "Keys and help", "Library", show=True, footer_label="Help"),
    A("command_palette", "command_palette", "ctrl+p", "Command palette", "Library", palette=False, bind=False),
    A("quit", "quit", "q", "Quit (the note is saved)", "Library", show=True, footer_label="Quit", palette=False),
)
del A

GROUPS: tuple[str, ...] = ("Move", "Paper", "View", "Library")

# Keys that move focus into a text box, where the user goes on typing at once ("/sutskvr").
# Textual routes queued keys to the focused widget before that widget runs a normal
# binding, so "sutskvr" would reach the list (and star a paper on "s"). As priority
# bindings these run as their key arrives; the app declines them while a text box has
# focus, so "/" and "a" still type themselves there.
TYPING_KEYS_FOLLOW: frozenset[str] = frozenset(a.action for a in ACTIONS if a.moves_focus)

# What still works while a dialog (help, tags, stats, a picker) is open; every other app
# action is switched off there, so the footer shows only keys that do something.
WHILE_IN_DIALOG: frozenset[str] = frozenset({"help", "quit", "command_palette", "change_theme"})
APP_ACTION_NAMES: frozenset[str] = frozenset(a.action.split("(")[0] for a in ACTIONS if a.scope == "app")


def _bindings(actions: Iterable[ShelfAction]) -> list[Binding]:
    return [
        Binding(
            action.keys,
            action.action,
            action.footer_label or action.description,
            show=action.show,
            priority=action.priority or action.moves_focus,
            tooltip=action.description,
            id=action.id,
        )
        for action in actions
        if action.bind
    ]


def app_bindings() -> list[Binding]:
    """Bindings for ``ShelfApp.BINDINGS``."""
    return _bindings(a for a in ACTIONS if a.scope == "app")


def list_bindings() -> list[Binding]:
    """Bindings every list widget carries (movement and enter)."""
    return _bindings(a for a in ACTIONS if a.scope == "list")


def by_id(action_id: str) -> ShelfAction:
    return next(a for a in ACTIONS if a.id == action_id)


def help_groups() -> list[tuple[str, list[ShelfAction]]]:
    """The actions by group, in the order the help screen lists them."""
    return [(group, [a for a in ACTIONS if a.group == group]) for group in GROUPS]


Command = tuple[str, str, Callable[[], object]]  # (title, help, callback)


class SafeProvider(Provider):
    """A palette provider whose titles are plain text.

    Textual's own providers read titles as markup; ours carry tags and names from pages,
    so "[bold]x" must stay literal.
    """

    def commands(self) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(Content(one_line(title)), callback, text=title, help=escape(one_line(help_text)))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            title = one_line(title)
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, text=title, help=escape(one_line(help_text)))


class ShelfCommands(SafeProvider):
    """Every palette-worthy action (with its key), plus the app's data-dependent commands."""

    def commands(self) -> list[Command]:
        app = self.app
        result: list[Command] = []
        for action in ACTIONS:
            if action.palette and action.scope == "app":
                help_text = f"{action.group} · key {action.key_display}"
                result.append((action.description, help_text, partial(app.run_action, action.action)))
        extra = getattr(app, "extra_commands", None)
        if extra is not None:
            result.extend(extra())
        return result


def choices(items: list[Command]) -> type[SafeProvider]:
    """A provider offering just *items*: a fuzzy picker (tags, years) in the palette's clothes."""

    class Choices(SafeProvider):
        def commands(self) -> list[Command]:
            return items

    return Choices


def _highlight(matcher: Matcher, title: str) -> Content:
    """Like ``Matcher.highlight`` but on plain text."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
