"""What the list shows: sort, filters, search; and the library-wide screens (help, stats, palette, theme)."""

from __future__ import annotations

import json
import re


from store import PaperFilter, ReadStatus
from tui.actions import ACTIONS
from tui.screens.help import HelpScreen
from tui.screens.stats import StatsScreen
from tui.settings import Settings

from shelf_pilot import SIZE, pick, screen_text, search_for, settle


async def test_sort_cycles_and_is_remembered(sample_lib, make_app, settings_path):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert app.state.sort == "title"
        assert app.papers.ids == sample_lib.paper_ids(sort="title")
        assert "by title" in screen_text(app)
    assert json.loads(settings_path.read_text())["sort"] == "title"
    again = make_app(sample_lib)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.state.sort == "title"
        await pilot.press("comma", "comma", "comma")
        await settle(pilot)
        assert again.state.sort == "date"


async def test_status_and_star_filters(sample_lib, make_app):
    ids = sample_lib.paper_ids()
    sample_lib.set_status(ids[0], "reading")
    sample_lib.set_status(ids[1], "read")
    sample_lib.set_starred(ids[2], True)
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.papers.ids == [ids[0]]
        assert "reading" in screen_text(app).split("\n")[2]
        await pilot.press("4")
        await settle(pilot)
        assert app.papers.ids == [ids[1]]
        await pilot.press("2")
        await settle(pilot)
        assert app.papers.ids == sample_lib.paper_ids(PaperFilter(statuses=(ReadStatus.UNREAD,)))
        await pilot.press("1", "asterisk")
        await settle(pilot)
        assert app.papers.ids == [ids[2]]
        await pilot.press("x")
        await settle(pilot)
        assert app.papers.ids == ids


async def test_tag_and_year_filters_through_pickers(sample_lib, make_app):
    ids = sample_lib.paper_ids()
    sample_lib.set_tags(ids[3], ["scaling"])
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pick(pilot, "number_sign", "scaling")
        assert app.papers.ids == [ids[3]]
        await pilot.press("x")
        await pick(pilot, "Y", "2019")
        assert app.state.year == 2019
        assert app.papers.ids == sample_lib.paper_ids(PaperFilter(year_from=2019, year_to=2019))


async def test_search_ranks_fuzzy_matches_first(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "sutskvr")
        sutskever = sample_lib.find_author("Ilya Sutskever")
        his = sample_lib.paper_ids(PaperFilter(author_id=sutskever.id))
        assert app.papers.ids[0] in his  # listed, or on his page behind "et al."
        assert sorted(app.papers.ids) == sorted(his)
        assert "matching sutskvr" in screen_text(app)


async def test_search_by_author_lists_only_their_papers(sample_lib, make_app):
    osindero = sample_lib.find_author("Simon Osindero")
    his = set(sample_lib.paper_ids(PaperFilter(author_id=osindero.id)))
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "a:osindero")
        assert app.papers.ids
        assert set(app.papers.ids) <= his


async def test_search_highlights_matches_in_titles(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "gpt")
        strip = app.papers.render_line(0)
        match_style = app.papers.get_component_rich_style("vlist--match", partial=True)
        highlighted = "".join(seg.text for seg in strip if seg.style and seg.style.underline)
        assert match_style.underline
        assert highlighted.lower() == "gpt"


async def test_escape_clears_the_search(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "gpt")
        assert len(app.papers.ids) < sample_lib.count()
        await pilot.press("escape")
        await settle(pilot)
        assert app.search_bar.value == ""
        assert app.focused is app.papers
        assert len(app.papers.ids) == sample_lib.count()


async def test_full_text_mode_is_shown_and_searches_abstracts(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "?starcraft")
        assert "? full text" in screen_text(app)
        assert app.papers.ids == sample_lib.search("?starcraft")
        assert app.papers.ids


async def test_enter_in_the_search_goes_to_the_results(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"gpt", "enter")
        await settle(pilot)
        assert app.focused is app.papers
        assert app.search_bar.value == "gpt"


async def test_help_lists_every_action(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        for action in ACTIONS:
            assert " ".join(action.description.split())[:20] in text, action.id
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_stats_screen(sample_lib, make_app):
    sample_lib.set_status(sample_lib.paper_ids()[0], "read")
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert f"{sample_lib.count()} papers" in text
        assert "Karen Simonyan" in text  # the top coauthor
        assert "2014" in text and "2026" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


async def test_the_palette_runs_an_action(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pick(pilot, "ctrl+p", "star or unstar")
        assert reopen().paper(paper_id).starred


async def test_the_palette_keeps_the_system_commands(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.3)
        assert "Theme" in screen_text(app)
        assert "Star or unstar" not in screen_text(app)


async def test_the_theme_is_remembered(sample_lib, make_app, settings_path):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert Settings.load(settings_path).theme == "nord"
    again = make_app(sample_lib)
    async with again.run_test(size=SIZE) as pilot:
        assert again.theme == "nord"


async def test_unreadable_settings_fall_back_to_defaults(sample_lib, make_app, settings_path):
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text("{ not json")
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.sort == "date"


async def test_a_filter_not_understood_is_named_and_an_empty_list_says_how_back(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "is:unred")
        header = screen_text(app).splitlines()[2]
        assert "is:unred" in header and "unread, reading, read or starred" in header
        await pilot.press("escape")
        await settle(pilot)
        await search_for(pilot, "qqqzzz")
        assert "no matches · esc clears the search" in screen_text(app)


async def test_a_long_list_shows_its_head_first_then_all_of_it(sample_lib, make_app, monkeypatch):
    """The first screen comes from a query that stops after HEAD_ROWS; the rest follows, cursor kept."""
    import tui.app

    monkeypatch.setattr(tui.app, "HEAD_ROWS", 20)
    everything = sample_lib.paper_ids()
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.papers.ids == everything and f"{len(everything)} papers" in screen_text(app)
        app._show_ids(app.state, everything[:20], None, head_only=True)  # as the worker delivers them
        await pilot.pause()
        assert app.papers.row_count == 20 and "loading…" in screen_text(app)
        await pilot.press("j", "j", "j")
        moved_to = app.papers.current_id
        app._show_ids(app.state, everything, None, after_head=True)
        await pilot.pause()
        assert app.papers.row_count == len(everything) and app.papers.current_id == moved_to == everything[3]
        assert f"{len(everything)} papers" in screen_text(app)


async def test_all_papers_shows_the_count_once_counted_before_the_authors_arrive(sample_lib, make_app):
    """Start-up never counts on the main thread: 'All papers' says '…' until the background worker has counted."""
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.authors
        pane.set_loading()
        await pilot.pause()
        assert re.search(r"All papers +… ", screen_text(app)) and "counting papers…" in screen_text(app)
        pane.set_total(123)
        await pilot.pause()
        assert re.search(r"All papers +123 ", screen_text(app)) and "123 papers in the library" in screen_text(app)
