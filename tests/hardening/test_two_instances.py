"""Two instances: two processes writing to one library at once lose nothing and see no "database is locked".

Each process (tests/hardening/hammer.py) spends a few seconds marking, starring,
tagging and noting its own papers, and tagging papers the other one tags too; a
quarter of its writes go through the ``shelf`` command. Afterwards every write is
counted back out of the library: the last status, star and note of each private
paper, and every tag either process added, on private and shared papers alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store import open_library

from hardening_support import REPO, child_env, integrity

SECONDS = 2.0  # then a one-second burst on the shared paper
HAMMER = Path(__file__).with_name("hammer.py")


def hammer_together(db: Path, tmp_path: Path, private: dict[str, list[int]], shared: list[int]) -> dict[str, dict]:
    start_at = time.time() + 1.5  # both are imported and connected by then
    children = {}
    for name, ids in private.items():
        out = tmp_path / f"{name}.json"
        args = [str(HAMMER), str(db), name, str(start_at), str(SECONDS), ",".join(map(str, ids)), ",".join(map(str, shared)), str(out)]
        children[name] = (subprocess.Popen([sys.executable, *args], cwd=REPO, env=child_env(), stderr=subprocess.PIPE, text=True), out)
    results = {}
    for name, (child, out) in children.items():
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results[name] = json.loads(out.read_text(encoding="utf-8"))
    return results


@pytest.fixture(scope="module")
def hammered(tmp_path_factory) -> tuple[Path, dict[str, dict], list[int]]:
    """Run the two processes once; the tests below each check one part of what they wrote."""
    from store.locations import sample_pages
    from tests.conftest import TODAY

    tmp_path = tmp_path_factory.mktemp("two")
    db = tmp_path / "library.db"
    with open_library(db) as library:
        for result in library.import_files(sample_pages(), today=TODAY):
            assert not isinstance(result, Exception)
        ids = library.paper_ids()
    private = {"one": ids[0:10], "two": ids[10:20]}
    shared = ids[20:21]  # one paper, so the two processes tag it as often as possible
    return db, hammer_together(db, tmp_path, private, shared), shared


def test_no_error_reaches_either_process(hammered) -> None:
    _, results, _ = hammered
    for name, result in results.items():
        assert result["errors"] == [], f"{name}: {result['errors'][:3]}"
        assert result["writes"] > 50, f"{name} hardly wrote anything ({result['writes']})"


def test_every_write_to_a_private_paper_is_there(hammered) -> None:
    db, results, _ = hammered
    assert integrity(db) == "ok"
    checked = 0
    with open_library(db) as library:
        for result in results.values():
            for paper_id, (status, starred, note) in result["final"].items():
                paper = library.paper(int(paper_id))
                assert (paper.status.value, paper.starred, paper.note) == (status, starred, note)
                assert set(result["tags"][paper_id]) <= set(paper.tags)
                checked += 3 + len(result["tags"][paper_id])
    assert checked > 100


def test_tags_added_to_the_same_paper_by_both_processes_are_all_there(hammered) -> None:
    db, results, shared = hammered
    with open_library(db) as library:
        for paper_id in shared:
            wanted = {tag for result in results.values() for tag in result["shared_tags"].get(str(paper_id), [])}
            missing = wanted - set(library.tags_of(paper_id))
            assert not missing, f"paper {paper_id}: {len(missing)} of {len(wanted)} tags lost"


def test_a_tag_added_between_add_tags_reading_and_writing_is_kept(db_path: Path, monkeypatch) -> None:
    """The race above, made certain: another connection adds a tag right after add_tags has read the old ones.

    Once the read happens inside the write transaction, the other writer waits for it
    (the join below times out) and adds its tag afterwards, so both tags are kept.
    """
    with open_library(db_path) as mine, open_library(db_path) as theirs:
        paper_id = mine.paper_ids()[5]
        read_tags = mine.tags_of

        def tags_of_then_the_other_process_writes(pid: int) -> list[str]:
            tags = read_tags(pid)
            writer = threading.Thread(target=theirs.add_tags, args=(pid, ["theirs"]))
            writer.start()
            writer.join(timeout=1.0)
            threads.append(writer)
            return tags

        threads: list[threading.Thread] = []
        monkeypatch.setattr(mine, "tags_of", tags_of_then_the_other_process_writes)
        mine.add_tags(paper_id, ["mine"])
        monkeypatch.undo()
        for writer in threads:
            writer.join()
        assert {"mine", "theirs"} <= set(mine.tags_of(paper_id))
