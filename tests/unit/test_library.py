"""The library: merging across pages, idempotent re-import, personal state, migrations, export."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from store import Library, PaperFilter, ReadStatus, open_library
from store.db import SCHEMA_V1, SCHEMA_VERSION, schema_version
from store.errors import NotFound, ParseError
from store.export import citation, export
from store.locations import sample_pages
from store.names import display_name, name_key
from tests.conftest import TODAY, sample


def by_title(library: Library, title: str):
    matches = [p for p in library.papers(library.paper_ids()) if p.title == title]
    assert len(matches) == 1, f"{title!r}: {len(matches)} papers"
    return matches[0]


def test_samples_make_one_library_with_cross_page_merges(sample_library: Library) -> None:
    assert sample_library.count() == 123  # 129 entries, six of them seen on two or three pages
    gpt4 = by_title(sample_library, "GPT-4 Technical Report")
    assert {s.file[:3] for s in gpt4.sources} == {"003", "004"}
    assert gpt4.authors == ["Josh Achiam", "Steven Adler", "Sandhini Agarwal"] and gpt4.authors_truncated
    assert gpt4.venue == "arXiv.org Artificial Intelligence" and gpt4.category == "CL"
    assert gpt4.orgs == ["berkeley", "deepmind"] and gpt4.date == "2023-03-15"
    gopher = by_title(sample_library, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher")
    assert {s.file[:3] for s in gopher.sources} == {"000", "001", "003"}
    assert len(gopher.authors) > 50 and not gopher.authors_truncated  # the full list from 000 wins
    assert gopher.comments == "118 pages" and gopher.category == "CL"


def test_owner_of_collaborator_page_keeps_their_papers(sample_library: Library) -> None:
    igor = sample_library.find_author("Babuschkin, Igor")
    assert igor is not None and igor.name == "Igor Babuschkin" and igor.is_owner
    titles = {p.title for p in sample_library.papers(sample_library.paper_ids(PaperFilter(author_id=igor.id)))}
    assert len(titles) == 9 and "GPT-4 Technical Report" in titles


def test_profile_figures_are_stored_on_the_author(sample_library: Library) -> None:
    ilya = sample_library.find_author("Ilya Sutskever")
    assert ilya.profile.h_index == 74 and ilya.profile.citations == 300203 and ilya.profile.paper_count == 59
    assert ilya.profile.novelty_pct == 63 and ilya.profile.ai_score == 43 and ilya.profile.main_category == "LG"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rémi Munos", "Remi Munos"),
        ("Diego de las Casas", "Diego de Las Casas"),
        ("Babuschkin, Igor", "Igor Babuschkin"),
        ("Jack W. Rae", "Jack W Rae"),
        ("Viorica Pătrăucean", "Viorica  Patraucean"),
    ],
)
def test_author_identity(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_display_keeps_the_best_spelling(sample_library: Library) -> None:
    names = {a.name for a in sample_library.authors()}
    assert "Viorica Pătrăucean" in names and "Viorica Patraucean" not in names
    assert "Nenad Tomašev" in names and "Nenad Tomasev" not in names
    assert "Diego de las Casas" in names
    assert display_name("Babuschkin, Igor") == "Igor Babuschkin"


def test_reimport_three_times_changes_nothing_and_keeps_personal_state(sample_library: Library) -> None:
    gpt4 = by_title(sample_library, "GPT-4 Technical Report")
    sample_library.set_status(gpt4.id, "reading")
    sample_library.toggle_star(gpt4.id)
    sample_library.set_note(gpt4.id, "read section 2 [again]")
    sample_library.set_tags(gpt4.id, ["#llm", "report"])
    before = export(sample_library.papers(sorted(sample_library.paper_ids())), "json")
    for _ in range(3):
        reports = list(sample_library.import_files(reversed(sample_pages()), today=TODAY))
        assert all(r.new == 0 and r.unchanged == r.entries for r in reports)
    assert export(sample_library.papers(sorted(sample_library.paper_ids())), "json") == before
    again = sample_library.paper(gpt4.id)
    assert (again.status, again.starred, again.note, again.tags) == (ReadStatus.READING, True, "read section 2 [again]", ["llm", "report"])


def test_state_changes_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with open_library(path) as lib:
        lib.import_file(sample("004"), today=TODAY)
        first = lib.paper_ids()[0]
        assert lib.cycle_status(first) == ReadStatus.READING
        assert lib.cycle_status(first) == ReadStatus.READ
        lib.set_note(first, "kept")
    with open_library(path) as lib:
        assert lib.paper_state(first) == (ReadStatus.READ, False, "kept")


def test_bad_file_leaves_the_library_byte_identical(sample_library: Library, tmp_path: Path) -> None:
    sample_library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sample_library.path.read_bytes()
    bad = tmp_path / "broken.txt"
    good_then_bad = sample("001").read_text(encoding="utf-8") + "\nLGFeb 30, 2021\nX TitleJohn Smith\nText.\n"
    bad.write_text(good_then_bad, encoding="utf-8")
    with pytest.raises(ParseError, match=r"broken.txt:151: no such day"):
        sample_library.import_file(bad, today=TODAY)
    sample_library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert sample_library.path.read_bytes() == before


def test_failure_inside_the_transaction_rolls_everything_back(library: Library, monkeypatch) -> None:
    from store import importer

    calls = {"n": 0}
    original = importer._Importer.insert_paper

    def failing(self, entry):
        calls["n"] += 1
        if calls["n"] == 30:
            raise RuntimeError("disk on fire")
        return original(self, entry)

    monkeypatch.setattr(importer._Importer, "insert_paper", failing)
    with pytest.raises(RuntimeError):
        library.import_file(sample("004"), today=TODAY)
    assert library.count() == 0
    assert library.db.execute("SELECT count(*) FROM authors").fetchone()[0] == 0


def test_json_export_contract(sample_library: Library) -> None:
    records = json.loads(export(sample_library.papers(sorted(sample_library.paper_ids())), "json"))
    assert len(records) == 123
    keys = {
        "id", "title", "authors", "authors_truncated", "date", "arxiv_id", "category", "has_code", "orgs",
        "venue", "comments", "abstract", "sources", "status", "starred", "note", "tags",
    }
    for record in records:
        assert set(record) == keys
        assert all(value != "" for value in record.values())
        assert isinstance(record["authors"], list) and isinstance(record["has_code"], bool)
        assert record["sources"] and all(set(s) == {"file", "owner"} for s in record["sources"])
    untitled = [r for r in records if r["title"] is None]
    assert len(untitled) == 9 and all(r["arxiv_id"] for r in untitled)
    assert all(r["sources"][0]["owner"] is None for r in untitled)
    clip = next(r for r in records if r["title"] and r["title"].startswith("CLIP-CLOP"))
    assert clip["date"] == "2022-05-06" and clip["category"] == "CV" and clip["has_code"] is True
    assert clip["sources"] == [{"file": "001_3e59003a9a0e6f39.txt", "owner": "Simon Osindero"}]


def test_other_exports(sample_library: Library) -> None:
    papers = list(sample_library.papers(sorted(sample_library.paper_ids())))
    bib = export(papers, "bibtex")
    assert bib.count("@") == 123 and "Mix\\&Match" in bib and "eprint = {2404.02258}" in bib
    csv_text = export(papers, "csv")
    assert csv_text.splitlines()[0].startswith("id,title,authors,")
    md = export(papers, "markdown")
    assert "*untitled* (arXiv:2404.02258)" in md
    one = citation(by_title(sample_library, "GPT-4 Technical Report"))
    assert one.startswith("@") and "and others" in one and "year = {2023}" in one


def test_filters_sorts_and_full_text(sample_library: Library) -> None:
    lib = sample_library
    ids = lib.paper_ids()
    lib.set_status(ids[0], "read")
    lib.toggle_star(ids[1])
    lib.set_tags(ids[2], ["rl"])
    assert lib.paper_ids(PaperFilter(statuses=(ReadStatus.READ,))) == [ids[0]]
    assert lib.paper_ids(PaperFilter(starred=True)) == [ids[1]]
    assert lib.paper_ids(PaperFilter(tags=("rl",))) == [ids[2]]
    in_2022 = lib.paper_ids(PaperFilter(year_from=2022, year_to=2022))
    assert in_2022 and all(lib.paper(i).date.startswith("2022") for i in in_2022)
    dates = [lib.paper(i).date for i in ids if lib.paper(i).date]
    assert dates == sorted(dates, reverse=True)
    assert lib.paper_ids(sort="changed")[:3] == [ids[2], ids[1], ids[0]]
    hits = lib.full_text("Chinchilla")
    assert hits and lib.paper(hits[0]).title == "Training Compute-Optimal Large Language Models"
    for weird in ['"', "AND OR NOT", "title:x*", "(", "^", "NEAR(a b)", "\\", "'; DROP TABLE papers; --"]:
        lib.full_text(weird)  # never raises
    assert lib.count() == 123


def test_similar_papers(sample_library: Library) -> None:
    gopher = by_title(sample_library, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher")
    similar = sample_library.similar(gopher.id)
    assert similar and gopher.id not in similar


def test_migration_from_v1_keeps_state_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.execute("INSERT INTO papers (id, title, added_at) VALUES (1, 'Old paper', 'x')")
    conn.execute("INSERT INTO state (paper_id, status, starred, note) VALUES (1, 'read', 1, 'my old note')")
    conn.execute("INSERT INTO tags (paper_id, tag) VALUES (1, 'classic')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_library(path) as lib:
        assert schema_version(lib.db) == SCHEMA_VERSION
        assert lib.paper_state(1) == (ReadStatus.READ, True, "my old note")
        assert lib.tags_of(1) == ["classic"]
    backups = list(tmp_path.glob("old.db.v1-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT note FROM state").fetchone()[0] == "my old note"


def test_change_tags_adds_and_removes_in_one_step_and_keeps_when_tags_were_put_on(sample_library: Library) -> None:
    lib = sample_library
    paper_id = lib.paper_ids()[0]
    assert lib.change_tags(paper_id, add=["#llm", "safety"]) == ["llm", "safety"]
    stamped = dict(lib.db.execute("SELECT tag, added_at FROM tags WHERE paper_id = ?", (paper_id,)).fetchall())
    assert lib.change_tags(paper_id, add=["rl"], remove=["#safety", "absent"]) == ["llm", "rl"]
    assert lib.db.execute("SELECT added_at FROM tags WHERE paper_id = ? AND tag = 'llm'", (paper_id,)).fetchone()[0] == stamped["llm"]
    assert lib.change_tags(paper_id, add=["x"], remove=["x"]) == ["llm", "rl"]  # both: removed
    changed = lib.paper(paper_id).changed_at
    assert lib.change_tags(paper_id, add=["llm"], remove=["nope"]) == ["llm", "rl"]
    assert lib.paper(paper_id).changed_at == changed  # nothing to do, nothing written
    assert lib.add_tags(paper_id, ["new one"]) == ["llm", "new-one", "rl"]
    with pytest.raises(NotFound):
        lib.change_tags(10**6, add=["x"])


def test_authors_are_counted_as_before_and_limit_gives_the_head_of_the_list(sample_library: Library) -> None:
    """The reference is the plain query: every (author, paper) link, owners' pages included, counted once."""
    reference = sample_library.db.execute(
        """
        WITH links(author_id, paper_id) AS (
            SELECT author_id, paper_id FROM paper_authors
            UNION
            SELECT g.owner_id, s.paper_id FROM sources s JOIN pages g ON g.id = s.page_id WHERE g.owner_id IS NOT NULL
        )
        SELECT a.id, count(*) AS n, a.id IN (SELECT owner_id FROM pages WHERE owner_id IS NOT NULL) AS is_owner FROM links l
        JOIN authors a ON a.id = l.author_id GROUP BY a.id ORDER BY is_owner DESC, n DESC, a.name COLLATE NOCASE
        """
    ).fetchall()
    authors = sample_library.authors()
    assert [(a.id, a.paper_count, int(a.is_owner)) for a in authors] == reference
    assert sum(a.is_owner for a in authors) == 4  # the arXiv listing has no owner
    assert list(sample_library.authors(limit=7)) == authors[:7]


def test_search_finds_a_page_owners_papers_and_papers_by_arxiv_id(sample_library: Library) -> None:
    sutskever = sample_library.find_author("Ilya Sutskever")
    his = set(sample_library.paper_ids(PaperFilter(author_id=sutskever.id)))
    assert len(his) == 50  # most of his page lists three names and "et al."
    assert set(sample_library.search("sutskever", limit=1000)) == his
    assert sample_library.search("a:sutskvr", limit=1000)[0] in his
    gpt4 = by_title(sample_library, "GPT-4 Technical Report")
    assert sample_library.rows([gpt4.id])[gpt4.id].unlisted_owners == "Igor Babuschkin, Ilya Sutskever"
    untitled = sample_library.search("2404.02258")
    assert sample_library.paper(untitled[0]).arxiv_id == "2404.02258"
    assert sample_library.paper(sample_library.search("arXiv:2404.0")[0]).arxiv_id.startswith("2404.0")


def test_tags_are_one_tag_whatever_their_case(library: Library, tmp_path: Path) -> None:
    library.import_files([sample("003")], today=TODAY).__next__()
    paper_id = library.paper_ids()[0]
    assert library.set_tags(paper_id, ["RL", "rl", "#Vision"]) == ["rl", "vision"]
    assert library.search("#RL") == [paper_id]


def test_author_table_gives_back_the_authors_it_holds(sample_library: Library) -> None:
    table = sample_library.authors()
    as_objects = list(table)
    assert len(table) == len(as_objects) and table[-1] == as_objects[-1] and table[2:5] == as_objects[2:5]
    ilya = sample_library.find_author("Ilya Sutskever")
    assert table[table.position(ilya.id)] == ilya and ilya.profile.h_index == 74
    assert table.position(-1) is None
    assert table.page_owners() == [a for a in as_objects if a.is_owner] and len(table.page_owners()) == 4
    assert sample_library.author(ilya.id) == ilya
    with pytest.raises(NotFound):
        sample_library.author(-1)


@pytest.mark.parametrize("sort", ["date", "title", "added"])
def test_sorts_that_need_no_state_read_one_index(sample_library: Library, sort: str) -> None:
    """The unfiltered list skips the join to state, and sorting by title uses the v4 index."""
    from store.library import _ORDER_BY

    plan = " ".join(row[3] for row in sample_library.db.execute(f"EXPLAIN QUERY PLAN SELECT p.id FROM papers p ORDER BY {_ORDER_BY[sort]}"))
    assert "TEMP B-TREE" not in plan, plan
    ids = sample_library.paper_ids(sort=sort)
    joined = [row[0] for row in sample_library.db.execute(
        f"SELECT p.id FROM papers p JOIN state s ON s.paper_id = p.id ORDER BY {_ORDER_BY[sort]}"
    )]
    assert ids == joined and len(ids) == sample_library.count()
    sample_library.set_status(ids[0], ReadStatus.READ)
    assert sample_library.paper_ids(PaperFilter(statuses=(ReadStatus.READ,)), sort=sort) == [ids[0]]


def test_is_empty_without_counting(library: Library, sample_library: Library) -> None:
    assert sample_library.is_empty() is False and sample_library.count() == 123
    with open_library(library.path.with_name("other.db")) as empty:
        assert empty.is_empty() is True and empty.count() == 0


def test_rows_without_owners_differ_only_in_the_owners(sample_library: Library) -> None:
    ids = sample_library.paper_ids()
    full, bare = sample_library.rows(ids), sample_library.rows(ids, with_owners=False)
    assert any(row.unlisted_owners for row in full.values())
    assert {pid: replace(row, unlisted_owners="") for pid, row in full.items()} == bare
