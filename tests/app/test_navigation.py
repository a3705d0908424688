"""Moving around: the list cursor, panes, the mouse, and what the panes show as you move."""

from __future__ import annotations

from textual.widgets import TextArea

from store import PaperFilter
from tui.widgets.abstract import AbstractView
from tui.widgets.authors import AuthorList

from shelf_pilot import SIZE, screen_text, settle, wheel_down


async def test_main_screen_lists_every_paper(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.papers.ids == sample_lib.paper_ids()
        text = screen_text(app)
        first = sample_lib.rows([app.papers.ids[0]])[app.papers.ids[0]]
        assert first.title[:30] in text
        assert f"{sample_lib.count()} papers" in text
        assert "All papers" in text
        assert app.focused is app.papers


async def test_keys_move_the_cursor_and_the_abstract_follows(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        papers = app.papers
        await pilot.press("j", "j", "down")
        assert papers.cursor == 3
        await pilot.press("k", "up")
        assert papers.cursor == 1
        await pilot.press("G")
        assert papers.cursor == len(papers.ids) - 1
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("end")
        assert papers.cursor == len(papers.ids) - 1
        await pilot.press("home", "pagedown")
        assert papers.cursor > 10
        await pilot.press("pageup")
        assert papers.cursor == 0
        await pilot.press("j")
        await pilot.pause()
        paper = sample_lib.paper(papers.ids[1])
        assert app.paper is not None and app.paper.id == paper.id
        assert paper.title[:30] in screen_text(app)


async def test_enter_opens_the_abstract_and_escape_comes_back(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, AbstractView)
        await pilot.press("escape")
        assert app.focused is app.papers


async def test_tab_cycles_the_panes(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, AbstractView)
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea)
        await pilot.press("tab")
        assert isinstance(app.focused, AuthorList)
        await pilot.press("tab")
        assert app.focused is app.papers
        await pilot.press("shift+tab")
        assert isinstance(app.focused, AuthorList)


async def test_clicking_a_row_selects_it(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(app.papers, offset=(10, 4))
        await pilot.pause()
        assert app.papers.cursor == 4 + app.papers.scroll_offset.y
        assert app.paper is not None and app.paper.id == app.papers.ids[app.papers.cursor]


async def test_the_scroll_wheel_scrolls_the_list(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wheel_down(pilot, app.papers)
        await pilot.pause()
        assert app.papers.scroll_offset.y > 0


async def test_choosing_an_author_filters_the_papers(sample_lib, make_app):
    koray = sample_lib.find_author("Koray Kavukcuoglu")
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"kavukcuoglu")
        await settle(pilot)
        authors = app.authors.author_list
        assert authors.current is not None and authors.current.id == koray.id
        await pilot.press("enter")
        await settle(pilot)
        assert app.papers.ids == sample_lib.paper_ids(PaperFilter(author_id=koray.id))
        assert app.focused is app.papers
        assert "Koray Kavukcuoglu" in screen_text(app).split("\n")[2]
        # "All papers" (the first row) brings everything back
        await pilot.press("shift+tab", "g", "enter")
        await settle(pilot)
        assert len(app.papers.ids) == sample_lib.count()
        # x clears the author too, and the authors pane goes back to "All papers"
        await pilot.press("shift+tab", "j", "j", "enter")
        await settle(pilot)
        assert len(app.papers.ids) < sample_lib.count()
        await pilot.press("x")
        await settle(pilot)
        assert len(app.papers.ids) == sample_lib.count() and authors.cursor == 0 and authors.current is None


async def test_authors_pane_shows_owners_and_their_figures(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "◆ Ilya Sutskever" in text
        assert "h74" in text
        assert "All papers" in text
        await pilot.press("a", *"sutskever")
        await settle(pilot)
        text = screen_text(app)
        assert "h-index 74" in text and "300,203 citations" in text
        assert "profile: 59 papers" in text and "novelty 63%" in text and "AI score 43" in text
        assert "Authors (1 of 759)" in text


async def test_narrow_terminal_opens_the_authors_pane_on_demand(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.authors.display or app.authors.region.width == 0
        await pilot.press("a")
        await pilot.pause()
        assert app.authors.region.width > 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.authors.region.width == 0
        assert app.focused is app.papers


async def test_the_cursor_stays_in_view_when_the_terminal_shrinks(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(36):
            await pilot.press("j")
        await settle(pilot)
        await pilot.resize_terminal(100, 24)
        await settle(pilot)
        top = app.papers.scroll_offset.y
        assert top <= app.papers.cursor < top + app.papers.scrollable_content_region.height


async def test_dialogs_switch_off_the_keys_that_would_act_behind_them(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = {b.binding.action.removeprefix("app.") for b in app.active_bindings.values() if b.enabled}
        assert "cycle_status" not in shown and "toggle_star" not in shown
        assert "q" in app.active_bindings  # q and ? still close the dialog
        before = sample_lib.paper_state(app.papers.current_id)
        await pilot.press("r", "s")
        assert sample_lib.paper_state(app.papers.current_id) == before
