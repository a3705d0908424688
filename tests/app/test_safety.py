"""Page and note text is data: markup, links, LaTeX and escape bytes show literally, everywhere.

The hostile page (see shelf_pilot.EVIL_PAGE) puts "[bold red]x[/]", a [link=...], "$k$",
"\\emph{x}" and an ESC byte in its owner, title, authors, organisation and abstract.
"""

from __future__ import annotations

from textual.command import CommandPalette

from tui.screens.tags import TagsScreen

from shelf_pilot import HOSTILE, HOSTILE_SHOWN, SIZE, screen_segments, screen_text, search_for, settle

PIECES = ("[bold red]x[/]", "[link=https://e.vil]y[/link]", "$k$", "\\emph{x}", "\\x1b[31m")


def assert_literal(app, text: str | None = None) -> None:
    """Every hostile piece is on screen as typed, and no ESC byte is in what is drawn."""
    text = screen_text(app) if text is None else text
    flat = "".join(text.split("\n"))
    for piece in PIECES:
        assert piece in flat, piece
    for segment in screen_segments(app):
        assert "\x1b" not in segment.text
        assert segment.style is None or segment.style.link is None


async def test_list_abstract_authors_and_note_render_literally(evil_lib, make_app):
    paper_id = evil_lib.paper_ids()[0]
    evil_lib.set_note(paper_id, f"note {HOSTILE}")
    evil_lib.set_tags(paper_id, ["[bold]tag[/bold]", "$k$"])
    app = make_app(evil_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.papers.render_line(0).text
        assert "Title [bold red]x[/]" in row
        assert app.notes.editor.text == f"note {HOSTILE_SHOWN}"
        text = screen_text(app)
        assert_literal(app)
        assert "Evil [b]Owner[/b]" in text  # the authors pane and the abstract's "from" line
        assert "Alice [bold]Smith[/bold]" in text
        assert "Bob \\x1b[31mJones" in text
        assert "org [i]x[/i]" in text
        assert "#$k$ #[bold]tag[/bold]" in text
        assert "Abstract [bold red]x[/]" in text


async def test_search_results_render_literally(evil_lib, make_app):
    app = make_app(evil_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search_for(pilot, "title")
        assert app.papers.ids == evil_lib.paper_ids()
        assert_literal(app)
        await pilot.press("escape", "a", *"bold")
        await settle(pilot)
        assert "Alice [bold]Smith[/bold]" in screen_text(app)


async def test_tags_dialog_and_palette_render_literally(evil_lib, make_app):
    paper_id = evil_lib.paper_ids()[0]
    evil_lib.set_tags(paper_id, ["[bold]tag[/bold]"])
    app = make_app(evil_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagsScreen)
        text = screen_text(app)
        assert "Title [bold red]x[/]" in text
        assert "#[bold]tag[/bold] (1)" in text
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"tag")
        await pilot.pause(0.3)
        assert CommandPalette.is_open(app)
        assert "Tag: #[bold]tag[/bold]" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p", *"owner")
        await pilot.pause(0.3)
        assert "Author: Evil [b]Owner[/b]" in screen_text(app)


async def test_notifications_render_literally(evil_lib, make_app):
    app = make_app(evil_lib)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        text = screen_text(app)
        assert "Title [bold red]x[/] [link=https://e.vil]y[/link]" in "".join(text.split("\n"))
        for segment in screen_segments(app):
            assert "\x1b" not in segment.text


async def test_similar_and_stats_render_literally(evil_lib, make_app):
    app = make_app(evil_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert "Similar to Title [bold red]x[/]" in screen_text(app)
        await pilot.press("escape", "S")
        await pilot.pause()
        assert "Alice [bold]Smith[/bold]" in screen_text(app)
        for segment in screen_segments(app):
            assert "\x1b" not in segment.text
