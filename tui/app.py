"""shelf's terminal app: authors | papers | abstract and note, all on the keyboard.

The app is the controller. Widgets each draw one pane and post messages; the app turns
keys (declared in ``tui.actions``) into calls on ``store.Library`` and tells the panes
what changed. Paper ids are loaded in a worker thread so a million papers never freeze
the screen; everything else the library answers in milliseconds on the main thread.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, TextArea
from textual.worker import get_current_worker

from store import Author, Library, NotFound, Paper, ParseError, ReadStatus
from store.export import arxiv_url, citation
from store.library import SORT_KEYS
from store.locations import sample_pages

from .actions import (
    APP_ACTION_NAMES,
    TYPING_KEYS_FOLLOW,
    WHILE_IN_DIALOG,
    Command,
    ShelfCommands,
    app_bindings,
    choices,
)
from .safe_text import one_line
from .screens.help import HelpScreen
from .screens.similar import SimilarScreen
from .screens.stats import StatsScreen
from .screens.tags import TagsScreen
from .settings import Settings, default_settings_path
from .widgets.abstract import AbstractView
from .widgets.authors import AuthorPane
from .widgets.empty_state import EmptyState
from .widgets.list_header import ListHeader
from .widgets.notes import NotesPane
from .widgets.paper_list import PaperList
from .widgets.paper_text import untitled_label
from .widgets.search_bar import SearchBar
from .widgets.view_state import SORT_LABELS, ViewState
from .widgets.virtual_list import VirtualList

WARNING_SECONDS = 3.0
HEAD_ROWS = 200  # shown while a long list loads: more than any screen holds
DETAIL_DELAY = 0.08  # seconds: highlights closer than this coalesce (see _paper_highlighted)
NARROW = 110  # below this many columns the authors pane opens on demand (a)
WIDE = 140  # below this, the side panes are slimmer so the paper list keeps its authors column


class ShelfApp(App[None]):
    """The reading-list browser over one open ``Library``."""

    TITLE = "shelf"
    CSS_PATH = "shelf.tcss"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {ShelfCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (NARROW, "-medium"), (WIDE, "-wide")]

    def __init__(self, library: Library, *, settings_path: Path | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings_path = settings_path or default_settings_path()
        self.settings = Settings.load(self.settings_path)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.state = ViewState(sort=self.settings.sort if self.settings.sort in SORT_KEYS else "date")  # type: ignore[arg-type]
        self.paper: Paper | None = None  # the selected paper, as last read from the library
        self._background_after_paint = False
        self._last_highlight = 0.0
        self._last_warning: tuple[str, float] = ("", 0.0)
        self._detail_timer: Timer | None = None

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield AuthorPane(id="authors")
            with Vertical(id="centre"):
                yield SearchBar(id="search")
                yield ListHeader(id="list-header")
                yield PaperList(self.library, id="papers")
                yield EmptyState(id="empty")
            with Vertical(id="detail"):
                yield AbstractView(id="abstract")
                yield NotesPane(self.library, id="notes")
        yield Footer(compact=True)

    @property
    def papers(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def authors(self) -> AuthorPane:
        return self.query_one("#authors", AuthorPane)

    @property
    def notes(self) -> NotesPane:
        return self.query_one("#notes", NotesPane)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.query_one("#authors").border_title = "Authors"
        self.query_one("#abstract").border_title = "Paper"
        self.query_one("#centre").border_title = "Papers"
        self.reload_library()
        self.focus_now(self.papers)

    def on_unmount(self) -> None:
        self._save_note()

    # --- loading -----------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return self.screen.has_class("-library-empty") if self.is_mounted else False

    def reload_library(self) -> None:
        """Read authors and counts again (start-up, after an import) and reload the list.

        The paper list comes first; authors and the search index are read in a worker
        afterwards, since at 100,000 papers they take seconds and the list does not need them.
        """
        empty = self.library.is_empty()  # not count(): at a million papers that reads a whole index
        self.screen.set_class(empty, "-library-empty")
        self.authors.set_loading()
        self.papers.forget_rows()
        self._background_after_paint = True
        self.set_view(self.state)
        if empty:
            self.focus_now(self.query_one("#load-samples"))

    @work(thread=True, exclusive=True, group="background")
    def _load_in_background(self) -> None:
        """The paper count, the fuzzy index (so the first search is as quick as the rest), then the authors.

        The index comes first because searching is what a person does first: at 100k
        papers it takes 1.4 s, the author list 3 s (17 s and 30 s at a million).
        """
        worker = get_current_worker()
        total = self.library.count()
        self.call_from_thread(self.authors.set_total, total)
        self.library.search_index()
        if worker.is_cancelled:
            return
        authors = self.library.authors()
        if not worker.is_cancelled:
            self.call_from_thread(self.authors.set_authors, authors, total)

    def set_view(self, state: ViewState, *, keep: bool = True) -> None:
        """Show *state*; the cursor stays on the current paper when *keep* and it is still listed."""
        self.state = state
        self.query_one(ListHeader).show(state, None)
        self._load_ids(state, self.papers.current_id if keep else None)

    @work(thread=True, exclusive=True, group="ids")
    def _load_ids(self, state: ViewState, keep: int | None) -> None:
        """Ordering a million ids takes half a second: do it off the main thread, latest state wins.

        A list that starts at its top shows its first HEAD_ROWS at once (a query that
        stops early), then the whole list: the first screen does not wait for the rest.
        """
        worker = get_current_worker()
        if keep is None and not state.searching:
            head = state.load_ids(self.library, HEAD_ROWS)
            if worker.is_cancelled:
                return
            if len(head) < HEAD_ROWS:  # that was all of it
                self.call_from_thread(self._show_ids, state, head, None)
                return
            self.call_from_thread(self._show_ids, state, head, None, head_only=True)
        ids = state.load_ids(self.library)
        if not worker.is_cancelled:
            self.call_from_thread(self._show_ids, state, ids, keep, after_head=keep is None and not state.searching)

    def _show_ids(
        self, state: ViewState, ids: list[int], keep: int | None, *, head_only: bool = False, after_head: bool = False
    ) -> None:
        """Show *ids*; *head_only* when more are coming, *after_head* when the head is already shown
        (the cursor stays where the user has moved it meanwhile)."""
        if self._background_after_paint and not head_only:  # once the list is on screen: authors and the index
            self._background_after_paint = False
            self.call_after_refresh(self._load_in_background)
        if state != self.state:
            return
        if after_head:  # the same paper stays under the cursor, and the paper pane already shows it
            keep = self.papers.current_id
        self.papers.set_ids(ids, keep=keep, query=state.parsed, announce=not after_head)
        self.query_one(ListHeader).show(state, None if head_only else len(ids))
        if not ids:
            self._show_paper(None)

    @on(VirtualList.Highlighted, "#papers")
    def _paper_highlighted(self) -> None:
        """Show the highlighted paper; while highlights come in quick succession, only the last.

        Each keystroke of a search (or a held-down j) highlights a new paper, and laying
        out its abstract costs more than drawing the list. The list keeps up at once;
        the paper pane follows when the keys pause for DETAIL_DELAY.
        """
        now = time.monotonic()
        rapid = now - self._last_highlight < DETAIL_DELAY
        self._last_highlight = now
        self._cancel_pending_detail()
        if rapid:
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_highlighted)
        else:
            self._show_highlighted()

    def _show_highlighted(self) -> None:
        self._detail_timer = None
        self._show_paper(self.papers.current_id)

    def _cancel_pending_detail(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None

    @property
    def detail_pending(self) -> bool:
        """Whether the paper pane is about to catch up with the list."""
        return self._detail_timer is not None

    def _show_paper(self, paper_id: int | None, *, keep_scroll: bool = False) -> None:
        try:
            paper = self.library.paper(paper_id) if paper_id is not None else None
        except NotFound:
            paper = None
        self.paper = paper
        self.query_one(AbstractView).show(paper, keep_scroll=keep_scroll)
        if self.notes.paper_id != paper_id or paper is None:
            self.notes.bind(paper.id if paper else None, paper.note if paper else "")

    def _paper_changed(self) -> None:
        """The selected paper's state changed: redraw its row and its page."""
        if self.paper is not None:
            self.papers.paper_changed(self.paper.id)
            self._show_paper(self.paper.id, keep_scroll=True)

    def _save_note(self) -> None:
        try:
            self.notes.flush()
        except Exception as error:  # noqa: BLE001 - quitting must not lose the message either
            self.log.error(f"could not save the note: {error}")

    # --- messages from the panes -------------------------------------------------------

    @on(VirtualList.Selected, "#papers")
    def _paper_selected(self) -> None:
        self.focus_now(self.query_one(AbstractView))

    @on(AuthorPane.Chosen)
    def _author_chosen(self, event: AuthorPane.Chosen) -> None:
        author = event.author
        self.authors.author_list.set_chosen(author.id if author else None)
        self.authors.clear_filter()
        self.screen.remove_class("-authors-open")
        self.set_view(self.state.but(author_id=author.id if author else None, author_name=author.name if author else None))
        self.focus_now(self.papers)

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self._last_highlight = time.monotonic()  # typing: the paper pane waits for a pause, the list does not
        self.set_view(self.state.but(query=event.text), keep=not event.text.strip())

    @on(SearchBar.Done)
    def _search_done(self) -> None:
        self.focus_now(self.papers)

    @on(EmptyState.LoadSamples)
    def _load_samples_pressed(self) -> None:
        self.action_load_samples()

    # --- actions: moving around --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen.is_modal and action in APP_ACTION_NAMES and action not in WHILE_IN_DIALOG:
            return False  # tab moves inside the dialog; paper keys would act behind it
        if action in TYPING_KEYS_FOLLOW:  # priority keys: let them through to dialogs and text boxes
            return not self.screen.is_modal and not isinstance(self.focused, (Input, TextArea))
        return True

    def _panes(self) -> list[tuple[Widget, Widget]]:
        """(pane, what to focus in it) in tab order."""
        panes: list[tuple[Widget, Widget]] = []
        if not self.screen.has_class("-narrow") or self.screen.has_class("-authors-open"):
            panes.append((self.authors, self.authors.author_list))
        papers_target = self.query_one("#load-samples") if self.is_empty else self.papers
        panes.append((self.query_one("#centre"), papers_target))
        panes.append((self.query_one(AbstractView), self.query_one(AbstractView)))
        panes.append((self.notes, self.notes.editor))
        return panes

    def _cycle_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        current = -1 if step > 0 else 0
        if focused is not None:
            for index, (pane, _target) in enumerate(panes):
                if pane in focused.ancestors_with_self:
                    current = index
        self.focus_now(panes[(current + step) % len(panes)][1])

    def action_next_pane(self) -> None:
        self._cycle_pane(+1)

    def action_previous_pane(self) -> None:
        self._cycle_pane(-1)

    def action_back(self) -> None:
        """Escape: close the authors drawer, clear the search, or come back to the list."""
        focused = self.focused
        in_search = focused is not None and self.search_bar in focused.ancestors_with_self
        in_authors = focused is not None and self.authors in focused.ancestors_with_self
        if in_authors and self.authors.filter_input.value:
            self.authors.clear_filter()
            self.focus_now(self.authors.author_list)
            return
        self.screen.remove_class("-authors-open")
        if (in_search or focused is self.papers) and self.search_bar.value:
            self.search_bar.clear()
        self.focus_now(self.papers)

    def action_search(self) -> None:
        self.focus_now(self.search_bar.input)

    def action_find_author(self) -> None:
        self.screen.add_class("-authors-open")
        self.focus_now(self.authors.filter_input)

    def action_focus_note(self) -> None:
        if self._need_paper():
            self.focus_now(self.notes.editor)

    # --- actions: the selected paper ---------------------------------------------------

    def focus_now(self, widget: Widget) -> None:
        """Focus *widget* before the next key is handled.

        ``Widget.focus()`` defers the change, so keys already queued behind the one that
        asked for it (a fast typist's "/sut", a paste) would go to the old widget.
        """
        self.screen.set_focus(widget)
        if self.screen.focused is not widget:  # not focusable yet (still being shown): the usual way
            widget.focus()

    def warn_once(self, message: str) -> None:
        """A warning toast, not repeated while the same one is still showing (keys pressed in a row)."""
        now = time.monotonic()
        last_message, shown_at = self._last_warning
        if message == last_message and now - shown_at < WARNING_SECONDS:
            return
        self._last_warning = (message, now)
        self.notify(message, severity="warning", timeout=WARNING_SECONDS, markup=False)

    def _need_paper(self) -> Paper | None:
        if self.detail_pending:  # act on the paper under the cursor, not the one shown a moment ago
            self._cancel_pending_detail()
            self._show_highlighted()
        if self.paper is None:
            self.warn_once("No paper is selected.")
        return self.paper

    def action_cycle_status(self) -> None:
        if paper := self._need_paper():
            self.library.cycle_status(paper.id)
            self._paper_changed()

    def action_toggle_star(self) -> None:
        if paper := self._need_paper():
            self.library.toggle_star(paper.id)
            self._paper_changed()

    def action_edit_tags(self) -> None:
        if not (paper := self._need_paper()):
            return

        def save(tags: list[str] | None) -> None:
            if tags is not None:
                self.library.set_tags(paper.id, tags)
                if self.paper is not None and self.paper.id == paper.id:
                    self._paper_changed()

        title = paper.title or untitled_label(paper.arxiv_id, None)
        self.push_screen(TagsScreen(title, paper.tags, self.library.all_tags()), save)

    def action_edit_note_external(self) -> None:
        """Hand the note to $EDITOR (the app steps aside), then show what was saved."""
        if not (paper := self._need_paper()):
            return
        from .cli import edit_in_editor  # the CLI owns how an editor is run

        self._save_note()
        note = self.library.paper(paper.id).note
        try:
            with self.suspend():
                edited = edit_in_editor(note)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor; write the note here instead (n).", severity="warning")
            return
        if edited is None:
            self.notify("The editor exited with an error; the note is unchanged.", severity="warning")
            return
        self.library.set_note(paper.id, edited)
        self.notes.paper_id = None  # force a reload of the text just saved
        self._show_paper(paper.id, keep_scroll=True)
        self.notify("Note saved from the editor.")

    def action_open_link(self) -> None:
        if not (paper := self._need_paper()):
            return
        url = arxiv_url(paper)
        if url is None:
            self.notify("The page gave no arXiv id for this paper, so there is no link to open.", severity="warning")
            return
        self.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    def action_copy_citation(self) -> None:
        if paper := self._need_paper():
            self.copy_to_clipboard(citation(paper))
            self.notify(f"Copied a BibTeX entry for “{_short_title(paper)}”.", markup=False)

    def action_similar(self) -> None:
        if not (paper := self._need_paper()):
            return
        ids = self.library.similar(paper.id)
        self.push_screen(SimilarScreen(self.library, _short_title(paper, 80), ids), self._jump_to)

    def _jump_to(self, paper_id: int | None) -> None:
        """Select *paper_id*, widening the view to all papers if the current one hides it."""
        if paper_id is None:
            return
        if self.papers.select_id(paper_id):
            self.focus_now(self.papers)
            return
        self.search_bar.clear()
        self.authors.author_list.set_chosen(None)
        self.state = ViewState(sort=self.state.sort)
        self.query_one(ListHeader).show(self.state, None)
        self._load_ids(self.state, paper_id)
        self.focus_now(self.papers)

    # --- actions: what the list shows --------------------------------------------------

    def action_cycle_sort(self) -> None:
        state = self.state.next_sort()
        self.settings.sort = state.sort
        self.settings.save(self.settings_path)
        self.set_view(state)
        if state.searching:
            self.notify(f"Sort set to {SORT_LABELS[state.sort]}; it applies once the search is cleared (matches are best first).")

    def action_show_status(self, which: str) -> None:
        statuses = () if which == "all" else (ReadStatus(which),)
        self.set_view(self.state.but(statuses=statuses))

    def action_toggle_starred_filter(self) -> None:
        self.set_view(self.state.but(starred=not self.state.starred))

    def action_filter_tag(self) -> None:
        tags = self.library.all_tags()
        if not tags:
            self.notify("No paper has a tag yet: press t on a paper to tag it.")
            return
        items: list[Command] = [("Any tag", "remove the tag filter", partial(self._set_tag, None))]
        items += [(f"#{tag}", f"{count:,} papers", partial(self._set_tag, tag)) for tag, count in tags]
        self.push_screen(CommandPalette(providers=[choices(items)], placeholder="Filter by tag…"))

    def _set_tag(self, tag: str | None) -> None:
        self.set_view(self.state.but(tag=tag))

    def action_filter_year(self) -> None:
        years = self.library.stats().per_year
        items: list[Command] = [("Any year", "remove the year filter", partial(self._set_year, None))]
        items += [(str(year), f"{count:,} papers", partial(self._set_year, year)) for year, count in reversed(years)]
        self.push_screen(CommandPalette(providers=[choices(items)], placeholder="Filter by year…"))

    def _set_year(self, year: int | None) -> None:
        self.set_view(self.state.but(year=year))

    def action_clear_filters(self) -> None:
        self.authors.author_list.set_chosen(None)
        self.authors.author_list.cursor = 0  # back on "All papers", as the list now shows
        self.authors.clear_filter()
        if self.search_bar.value:
            with self.search_bar.prevent(SearchBar.Changed):
                self.search_bar.clear()
        self.set_view(ViewState(sort=self.state.sort))

    # --- actions: the library and the app ----------------------------------------------

    def action_stats(self) -> None:
        self.push_screen(StatsScreen(self.library.stats()))

    def action_load_samples(self) -> None:
        """Import the bundled sample pages into this library (safe to repeat: papers merge)."""
        new = failed = 0
        for result in self.library.import_files(sample_pages()):
            if isinstance(result, ParseError):
                failed += 1
            else:
                new += result.new
        self.reload_library()
        self.focus_now(self.papers)
        message = f"Imported the {len(sample_pages())} sample pages: {new} new papers."
        self.notify(message + (f" {failed} pages could not be read." if failed else ""))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self._save_note()
        self.exit()

    def _remember_theme(self, theme: Theme) -> None:
        self.settings.theme = theme.name
        self.settings.save(self.settings_path)

    def extra_commands(self) -> list[Command]:
        """Palette commands that depend on the library: each sort, each tag, each page owner."""
        commands: list[Command] = [
            (f"Sort: {label}", "View", partial(self._sort_by, key)) for key, label in SORT_LABELS.items()
        ]
        commands += [(f"Tag: #{tag}", f"{count:,} papers", partial(self._set_tag, tag)) for tag, count in self.library.all_tags()[:50]]
        owners = self.authors.table.page_owners()
        commands += [(f"Author: {a.name}", f"{a.paper_count:,} papers · page owner", partial(self._choose_author, a)) for a in owners]
        return commands

    def _sort_by(self, key: str) -> None:
        self.settings.sort = key
        self.settings.save(self.settings_path)
        self.set_view(self.state.but(sort=key))

    def _choose_author(self, author: Author) -> None:
        self.post_message(AuthorPane.Chosen(author))


def _short_title(paper: Paper, width: int = 60) -> str:
    title = one_line(paper.title or untitled_label(paper.arxiv_id, None))
    return title if len(title) <= width else title[: width - 1] + "…"
