"""Re-import: importing the sample pages again, in any order, changes nothing; what "the same" means.

Ids are handed out in import order, so libraries are compared by content: each paper
keyed by its arXiv id, else its title, else the start of its abstract, with the id
dropped from the exported JSON (``shelf export --format json``).

What holds for every order:
- once every page is in, importing any of them again changes nothing, byte for byte
  in the exported JSON, and keeps all personal state;
- the same papers, with the same authors, sources, flags and organisations, come out
  whichever order the pages went in first.

Two papers are printed differently on two pages ("Unified Scaling Laws for Routed
Language Models" is dated Feb 9, 2022 on one page and Feb 2, 2022 on another; Gopher
has a different abstract on the collaborators page). The importer once kept the first
value it saw, so those fields followed the order the pages were first imported in;
merging now keeps the better value by fixed rules (printed year, then earliest date;
the longer abstract), so the library is the same for every order.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

from store import ReadStatus, open_library
from store.locations import sample_pages
from tests.conftest import TODAY
from tui.cli import main

PAGES = sample_pages()
FIRST_WINS = ("date", "abstract", "title", "comments", "venue", "category", "arxiv_id")


def build(db: Path, order: list[int]) -> None:
    with open_library(db) as library:
        for index in order:
            library.import_file(PAGES[index], today=TODAY)


def exported(db: Path) -> str:
    out = db.with_suffix(".json")
    assert main(["--db", str(db), "export", "--format", "json", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def by_content(export_json: str, drop: tuple[str, ...] = ()) -> dict[str, dict]:
    """The exported papers keyed by content, without their ids (and without the *drop* fields)."""
    papers: dict[str, dict] = {}
    for record in json.loads(export_json):
        key = record["arxiv_id"] or record["title"] or record["abstract"][:80]
        assert key not in papers, f"two papers with the key {key!r}"
        papers[key] = {k: v for k, v in record.items() if k != "id" and k not in drop}
    return papers


def first_appearances(order: list[int]) -> list[int]:
    return list(dict.fromkeys(order))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, dict]:
    db = tmp_path_factory.mktemp("ref") / "library.db"
    build(db, [0, 1, 2, 3, 4])
    return by_content(exported(db))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations([0, 1, 2, 3, 4] * 3))
def test_three_imports_in_any_order_equal_one_import_in_first_seen_order(tmp_path_factory, reference, order) -> None:
    folder = tmp_path_factory.mktemp("order")
    build(folder / "thrice.db", order)
    build(folder / "once.db", first_appearances(order))
    thrice, once = by_content(exported(folder / "thrice.db")), by_content(exported(folder / "once.db"))
    assert thrice == once
    assert thrice == reference  # not even the fields that once followed the first import order differ
    assert by_content(exported(folder / "thrice.db"), FIRST_WINS) == {
        key: {k: v for k, v in record.items() if k not in FIRST_WINS} for key, record in reference.items()
    }


def test_reimporting_in_another_order_changes_nothing_and_keeps_personal_state(db_path: Path) -> None:
    with open_library(db_path) as library:
        for n, paper_id in enumerate(library.paper_ids()):
            library.set_status(paper_id, list(ReadStatus)[n % 3])
            library.set_starred(paper_id, n % 2 == 0)
            library.set_note(paper_id, f"note {n}")
            library.add_tags(paper_id, [f"t{n % 7}"])
    before = exported(db_path)
    for order in ([4, 3, 2, 1, 0], [2, 0, 4, 1, 3]):
        build(db_path, order)
        assert exported(db_path) == before  # byte for byte: ids, fields, sources, state


def test_the_library_does_not_depend_on_the_first_import_order(tmp_path: Path, reference) -> None:
    orders = [list(order) for order in itertools.islice(itertools.permutations(range(5)), 0, 120, 23)]
    for order in [*orders, [4, 3, 2, 1, 0]]:
        db = tmp_path / f"{''.join(map(str, order))}.db"
        build(db, order)
        assert by_content(exported(db)) == reference, order


def test_two_different_pages_with_the_same_file_name_are_both_kept(tmp_path: Path, capsys) -> None:
    """Saving every page as page.txt in its own folder is not re-importing one page."""
    for folder, sample in (("koray", PAGES[0]), ("ilya", PAGES[4])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_bytes(sample.read_bytes())
    db = tmp_path / "library.db"
    assert main(["--db", str(db), "import", str(tmp_path / "koray" / "page.txt"), str(tmp_path / "ilya" / "page.txt")]) == 0
    capsys.readouterr()
    with open_library(db) as library:
        owners = {author.name for author in library.authors() if author.is_owner}
        sources = library.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    assert owners == {"Koray Kavukcuoglu", "Ilya Sutskever"}
    assert sources == 60
