"""Merging one paper seen on several pages: fixed rules, whatever order the pages come in, and idempotent."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

from store import open_library
from store.importer import import_page
from store.model import ParsedEntry, ParsedPage

ARXIV = "2202.01169"


def page(name: str, **fields) -> ParsedPage:
    """A page with one entry, the paper ARXIV as that page prints it."""
    entry = ParsedEntry(line=1, arxiv_id=ARXIV, **fields)
    return ParsedPage("arxiv-listing", name, None, False, None, [entry])


PAGES = [
    page(
        "a.txt",
        title="Unified Scaling Laws for Routed Language Models",
        date=dt.date(2022, 2, 9),
        date_text="Feb 09, 2022",
        authors=["Aidan Clark", "Diego de las Casas", "Remi Munos"],
        abstract="The performance of a language model has been shown to be effectively modeled.",
        orgs=["deepmind", "berkeley"],
        venue="ICML",
        category="LG",
    ),
    page(
        "b.txt",
        title="Unified scaling laws for routed language models",
        date=dt.date(2022, 2, 2),
        date_text="Feb 2, 2022",
        authors=["Aidan Clark", "Diego de las Casas", "Rémi Munos"],
        abstract="The performance of a language model has been shown to be effectively modeled as a power law.",
        orgs=["deepmind"],
        has_code=True,
        comments="18 pages",
        category="CL",
    ),
    page(
        "c.txt",
        date=dt.date(2021, 12, 1),
        date_text="Dec 1",  # year-less: inferred, so it loses to any printed year however early
        authors=["Aidan Clark", "Diego de las Casas", "Aurelia Guy", "Arthur Mensch"],
        authors_truncated=True,
        abstract="The performance of a language model has been shown to be effectively modelled.",
        orgs=["alphabet"],
        venue="ICML 2022",
        comments="18 pages, 9 figures",
    ),
]


def build(folder: Path, order: tuple[int, ...]) -> tuple[dict, list]:
    with open_library(folder / f"{''.join(map(str, order))}.db") as library:
        for index in order:
            import_page(library.db, PAGES[index], f"digest-{index}")
        (paper_id,) = library.paper_ids()
        paper = library.paper(paper_id)
        stored = library.db.execute(
            "SELECT title, title_key, authors_text, authors_truncated, date, date_inferred, arxiv_id, category, has_code,"
            " orgs, venue, comments, abstract, abstract_key FROM papers"
        ).fetchone()
        again = [import_page(library.db, PAGES[index], f"digest-{index}") for index in reversed(order)]
    assert all(report.new == 0 and report.merged == 0 and report.unchanged == 1 for report in again), again
    return {"row": stored, "authors": paper.authors}, stored


def test_every_order_gives_the_same_paper_and_re_importing_changes_nothing(tmp_path: Path) -> None:
    results = {order: build(tmp_path, order)[0] for order in itertools.permutations(range(3))}
    first = results[(0, 1, 2)]
    assert all(result == first for result in results.values())


def test_one_page_keeps_its_order_of_organisations_until_another_disagrees(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib.db") as library:
        import_page(library.db, page("a.txt", title="T", orgs=["deepmind", "berkeley", "deepmind"]), "a")
        import_page(library.db, page("b.txt", title="T", orgs=["deepmind", "berkeley"]), "b")
        import_page(library.db, page("c.txt", title="T"), "c")
        assert json.loads(library.db.execute("SELECT orgs FROM papers").fetchone()[0]) == ["deepmind", "berkeley"]
        import_page(library.db, page("d.txt", title="T", orgs=["berkeley"]), "d")
        assert json.loads(library.db.execute("SELECT orgs FROM papers").fetchone()[0]) == ["berkeley", "deepmind"]


def test_the_rules(tmp_path: Path) -> None:
    _, row = build(tmp_path, (2, 1, 0))
    (title, _, authors_text, truncated, date, inferred, arxiv, category, code, orgs, venue, comments, abstract, _) = row
    assert title == "Unified Scaling Laws for Routed Language Models"  # same length: the smaller ("S" < "s")
    assert (date, inferred) == ("2022-02-02", 0)  # a printed year beats an inferred one; then the earliest
    assert abstract.endswith("as a power law.")  # the longest
    assert (venue, comments, category, arxiv) == ("ICML 2022", "18 pages, 9 figures", "CL", ARXIV)
    assert code == 1 and json.loads(orgs) == ["alphabet", "berkeley", "deepmind"]
    assert (authors_text, truncated) == ("Aidan Clark, Diego de las Casas, Rémi Munos", 0)  # complete, better written


def test_an_inferred_date_is_kept_until_a_printed_one_comes(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib.db") as library:
        import_page(library.db, PAGES[2], "c")
        assert library.db.execute("SELECT date, date_inferred FROM papers").fetchone() == ("2021-12-01", 1)
        report = import_page(library.db, PAGES[0], "a")
        assert report.merged == 1
        assert library.db.execute("SELECT date, date_inferred FROM papers").fetchone() == ("2022-02-09", 0)


def test_an_author_spelling_tie_does_not_depend_on_the_order(tmp_path: Path) -> None:
    """Two spellings equally well written (same accents, dots, particles): the smaller is shown, whichever came first."""
    spellings = ["David Mcallester", "David McAllester"]
    shown = set()
    for order in (spellings, spellings[::-1]):
        with open_library(tmp_path / f"{order[0]}.db") as library:
            for n, name in enumerate(order):
                import_page(library.db, page(f"{n}.txt", title="T", authors=[name]), str(n))
            shown.add(library.db.execute("SELECT name FROM authors").fetchone()[0])
    assert shown == {"David McAllester"}
