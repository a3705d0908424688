"""The benchmark harness must keep working: run its smoke mode and read what it wrote.

This is not a timed test. It asserts that every measurement ran and that the numbers
agree with each other (the library holds exactly the papers generated, the bare
baseline saw the same entries, the full-text index matches a rebuilt one), never that
anything was fast.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE_PAPERS = 300


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / "results.json").read_text()), (out / "results.md").read_text()


def test_the_import_keeps_every_generated_paper_once(smoke) -> None:
    result = smoke[0]["results"][0]
    imported = result["import"]
    assert result["size"] == SMOKE_PAPERS
    assert imported["failed"] == 0
    assert imported["papers"] == SMOKE_PAPERS == imported["new"]
    assert imported["new"] + imported["merged"] == result["entries"] > SMOKE_PAPERS  # some entries repeat a paper
    assert imported["fts_matches_rebuild"] is True
    assert imported["papers_per_s"] > 0


def test_the_bare_baseline_stored_the_same_entries(smoke) -> None:
    result = smoke[0]["results"][0]
    assert result["bare"]["rows"] == result["entries"]
    assert result["bare"]["rows_per_s"] > 0 and result["parse"]["entries_per_s"] > 0


def test_every_query_was_timed_and_typos_find_their_papers(smoke) -> None:
    search = smoke[0]["results"][0]["search"]
    assert search["median_ms"] > 0 and search["p95_ms"] >= search["median_ms"]
    by_text = {row["query"]: row for row in search["queries"]}
    assert len(by_text) >= 20
    assert all(row["shelf_ms"] > 0 for row in by_text.values())
    assert by_text["sutskvr"]["shelf_quality"]["top1"], "a Sutskever paper should come first for 'sutskvr'"
    assert by_text["scaling lwas"]["shelf_quality"]["top1"]
    if search["have_fzf"]:  # CI installs fzf; a laptop may not have it
        assert search["fzf_median_ms"] > 0
        assert all("fzf_ms" in row for row in by_text.values())


def test_the_app_painted_and_answered_every_keystroke(smoke) -> None:
    app = smoke[0]["results"][0]["app"]
    assert app["papers_listed"] == SMOKE_PAPERS
    assert app["first_paint_s"] > 0 and app["rss_peak_mb"] >= app["rss_paint_mb"] > 0
    assert [key["typed"] for key in app["keystrokes"]][-1] == "scaling lwas"
    assert app["keystrokes"][-1]["listed"] > 0


def test_the_report_has_every_table_and_the_machine(smoke) -> None:
    text = smoke[1]
    for heading in ("## Import", "## Fuzzy search", "## App"):
        assert heading in text
    assert "cores" in text and "Python" in text
