"""Acting on the selected paper: status, star, tags, notes, editor, link, citation, similar papers.

Each change is checked in a freshly opened library on the same file, as after a restart.
"""

from __future__ import annotations

import contextlib
import stat
from pathlib import Path

import pytest

from store import ReadStatus
from store.export import citation
from tui.screens.similar import SimilarScreen
from tui.screens.tags import TagsScreen, parse_tags
from tui.widgets.notes import AUTOSAVE_DELAY

from shelf_pilot import SIZE, screen_text, settle


@pytest.fixture
def notices(monkeypatch):
    """Record what the app tells the user (toasts are not drawn in headless tests)."""
    seen: list[str] = []

    def record(app):
        original = app.notify

        def notify(message, **kwargs):
            seen.append(message)
            return original(message, **kwargs)

        monkeypatch.setattr(app, "notify", notify)
        return seen

    return record


async def test_r_cycles_the_read_status_and_it_persists(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("r")
        assert reopen().paper(paper_id).status is ReadStatus.READING
        assert "◐ reading" in screen_text(app)
        await pilot.press("r")
        assert reopen().paper(paper_id).status is ReadStatus.READ
        await pilot.press("r")
        assert reopen().paper(paper_id).status is ReadStatus.UNREAD


async def test_s_toggles_the_star_and_the_row_shows_it(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        paper_id = app.papers.current_id
        await pilot.press("s")
        await pilot.pause()
        assert reopen().paper(paper_id).starred
        assert "★" in app.papers.render_line(1).text
        await pilot.press("s")
        assert not reopen().paper(paper_id).starred


async def test_t_edits_tags_in_a_dialog(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("t")
        assert isinstance(app.screen, TagsScreen)
        await pilot.press(*"rl, to-read #scaling", "enter")
        await pilot.pause()
        assert reopen().paper(paper_id).tags == ["rl", "scaling", "to-read"]
        assert "#rl #scaling #to-read" in screen_text(app)
        # the dialog shows the existing tags; escape leaves them alone
        await pilot.press("t")
        assert "rl, scaling, to-read" in app.screen.query_one("#tags-input").value
        await pilot.press("x", "escape")
        assert reopen().paper(paper_id).tags == ["rl", "scaling", "to-read"]


def test_tags_are_split_on_commas_and_spaces():
    assert parse_tags("rl,  to-read #scaling,,") == ["rl", "to-read", "scaling"]
    assert parse_tags("") == []


async def test_n_then_typing_autosaves_after_a_pause(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("n", *"key idea: scale")
        assert app.focused is app.notes.editor
        await pilot.pause(AUTOSAVE_DELAY + 0.5)
        assert reopen().paper(paper_id).note == "key idea: scale"


async def test_the_note_is_saved_when_moving_to_another_paper(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("n", *"first")
        await pilot.press("escape", "j")
        await pilot.pause()
        assert reopen().paper(paper_id).note == "first"
        assert app.notes.paper_id == app.papers.ids[1]
        assert app.notes.editor.text == ""


async def test_the_note_is_saved_on_quit(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("n", *"typed just before quitting")
        await pilot.press("escape", "q")
        await pilot.pause()
    assert reopen().paper(paper_id).note == "typed just before quitting"


async def test_the_note_is_saved_on_ctrl_q_while_typing(sample_lib, make_app, reopen):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("n", *"still typing", "ctrl+q")
        await pilot.pause()
    assert reopen().paper(paper_id).note == "still typing"


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch) -> str:
    """$EDITOR as a tiny script that writes known text into the file it is given."""
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\nprintf 'written in the editor\\n' > \"$1\"\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    return "written in the editor\n"


async def test_e_edits_the_note_in_the_editor(sample_lib, make_app, reopen, fake_editor, monkeypatch):
    app = make_app(sample_lib)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # headless tests cannot hand over the terminal
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("e")
        await pilot.pause()
        assert reopen().paper(paper_id).note == fake_editor
        assert app.notes.editor.text == fake_editor


async def test_e_says_so_when_the_terminal_cannot_suspend(sample_lib, make_app, notices, fake_editor, reopen):
    app = make_app(sample_lib)
    seen = notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper_id = app.papers.current_id
        await pilot.press("e")
        await pilot.pause()
    assert any("editor" in message for message in seen)
    assert reopen().paper(paper_id).note == ""


async def test_o_opens_the_arxiv_link_or_says_there_is_none(sample_lib, make_app, notices, monkeypatch):
    app = make_app(sample_lib)
    seen = notices(app)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    with_arxiv = next(pid for pid in sample_lib.paper_ids() if sample_lib.paper(pid).arxiv_id)
    without = next(pid for pid in sample_lib.paper_ids() if not sample_lib.paper(pid).arxiv_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.papers.select_id(without)
        await pilot.press("o")
        assert opened == []
        assert "no arXiv id" in seen[-1]
        app.papers.select_id(with_arxiv)
        await pilot.pause()
        await pilot.press("o")
        assert opened == [f"https://arxiv.org/abs/{sample_lib.paper(with_arxiv).arxiv_id}"]


async def test_y_copies_a_bibtex_citation(sample_lib, make_app, notices):
    app = make_app(sample_lib)
    seen = notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = sample_lib.paper(app.papers.current_id)
        await pilot.press("y")
        assert app.clipboard == citation(paper)
        assert app.clipboard.startswith("@")
        assert "BibTeX" in seen[-1]


async def test_m_lists_similar_papers_and_jumps_to_one(sample_lib, make_app):
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        source = app.papers.current_id
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SimilarScreen)
        similar = sample_lib.similar(source)
        assert similar, "the samples have papers on related topics"
        await pilot.press("j", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SimilarScreen)
        assert app.papers.current_id == similar[1]
        assert app.paper is not None and app.paper.id == similar[1]


async def test_m_jumps_out_of_a_filter_that_hides_the_paper(sample_lib, make_app):
    koray = sample_lib.find_author("Koray Kavukcuoglu")
    app = make_app(sample_lib)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        similar_outside = None
        # choose Koray's papers, then jump to a similar paper that is not his
        await pilot.press("a", *"kavukcuoglu", "enter")
        await settle(pilot)
        for pid in app.papers.ids:
            outside = [s for s in sample_lib.similar(pid) if s not in app.papers.ids]
            if outside:
                app.papers.select_id(pid)
                similar_outside = outside[0]
                break
        assert similar_outside is not None
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        index = app.screen.ids.index(similar_outside)
        await pilot.press(*["j"] * index, "enter")
        await settle(pilot)
        assert app.papers.current_id == similar_outside
        assert app.state.author_id is None
        assert koray.name not in screen_text(app).split("\n")[2]
