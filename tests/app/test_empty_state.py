"""An empty library explains how to fill it and can load the bundled samples on the spot."""

from __future__ import annotations

from store.locations import sample_pages

from shelf_pilot import SIZE, screen_text, settle


async def test_empty_library_explains_how_to_import(empty_lib, make_app):
    app = make_app(empty_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Your shelf is empty" in text
        assert "shelf import FILE..." in text
        assert "Load the sample pages" in text
        assert "No paper selected" in text
        assert not app.papers.display or app.papers.region.height == 0


async def test_l_loads_the_sample_pages(empty_lib, make_app, reopen):
    app = make_app(empty_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        count = reopen().count()
        assert count > 100
        assert len(app.papers.ids) == count
        assert app.papers.region.height > 0
        assert "Your shelf is empty" not in screen_text(app)
        assert app.focused is app.papers
        assert len(reopen().stats().per_year) > 1
        assert reopen().stats().pages == len(sample_pages())


async def test_the_button_loads_the_sample_pages(empty_lib, make_app, reopen):
    app = make_app(empty_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#load-samples")
        await settle(pilot)
        assert reopen().count() > 100
        assert "All papers" in screen_text(app)


async def test_paper_keys_on_an_empty_library_say_there_is_no_paper(empty_lib, make_app):
    app = make_app(empty_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("r", "s", "y", "o", "m"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running


async def test_paper_keys_in_a_row_warn_once(empty_lib, make_app):
    app = make_app(empty_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r", "s", "y", "o", "r")
        await settle(pilot)
        assert len(app._notifications) == 1
