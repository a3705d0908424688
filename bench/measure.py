"""The measurements: import, search (with fzf and a rapidfuzz scan beside it), and the app.

Each function takes a generated corpus (or the library built from it) and returns plain
numbers; ``bench.run`` puts them in tables. Nothing here asserts a time: a benchmark
reports, and the targets are compared in the report only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz, process

from store import Library, ParseError, open_library
from store.formats import read_page
from store.model import ParsedEntry
from store.names import fold

from .generate import TODAY, Corpus

FTS_COLUMNS = ["title", "authors_text", "abstract"]
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"  # what shelf's own papers_fts uses
APP_TYPED = "scaling lwas"  # typed key by key into the app's search bar


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


# --- import -------------------------------------------------------------------------------


def import_shelf(corpus: Corpus, db: Path) -> dict:
    """The real import path (what ``shelf import`` runs): parse, match, merge, store, index."""
    library = open_library(_fresh(db))
    new = merged = failed = 0
    start = time.perf_counter()
    for result in library.import_files(corpus.pages, today=TODAY):
        if isinstance(result, ParseError):
            failed += 1
        else:
            new += result.new
            merged += result.merged + result.unchanged
    seconds = time.perf_counter() - start
    papers = library.count()
    library.close()
    return {
        "seconds": seconds,
        "papers": papers,
        "entries": corpus.entries,
        "new": new,
        "merged": merged,
        "failed": failed,
        "papers_per_s": papers / seconds,
        "entries_per_s": corpus.entries / seconds,
    }


def fts_matches_rebuild(db: Path, workdir: Path) -> bool:
    """Whether the full-text index the import maintained equals one rebuilt from scratch.

    Compares fts5vocab's per-column term statistics of the library with those of a copy
    after FTS5 'rebuild'; catches rows indexed twice, never, or with stale text.
    """
    copy = _fresh(workdir / "fts-check.db")
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
    return _fts_terms(db) == _fts_terms(copy)


def _fts_terms(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, papers_fts, 'col')")
        return conn.execute("SELECT term, col, doc, cnt FROM temp.terms ORDER BY term, col").fetchall()
    finally:
        conn.close()


def parse_all(corpus: Corpus) -> tuple[list[ParsedEntry], float]:
    start = time.perf_counter()
    entries = [entry for path in corpus.pages for entry in read_page(path, TODAY).entries]
    return entries, time.perf_counter() - start


def import_bare(entries: list[ParsedEntry], db: Path) -> dict:
    """The practical limit: sqlite-utils ``insert_all`` of the parsed rows, then an FTS5 build.

    Same rows and text columns as shelf's papers table, same WAL/synchronous settings and
    tokenizer, but no matching, merging, authors, sources or state.
    """
    database = sqlite_utils.Database(_fresh(db))
    database.execute("PRAGMA journal_mode = WAL")
    database.execute("PRAGMA synchronous = NORMAL")
    rows = (
        {
            "title": entry.title,
            "authors_text": ", ".join(entry.authors),
            "authors_truncated": int(entry.authors_truncated),
            "date": entry.date.isoformat() if entry.date else None,
            "arxiv_id": entry.arxiv_id,
            "category": entry.category,
            "has_code": int(entry.has_code),
            "orgs": json.dumps(entry.orgs),
            "venue": entry.venue,
            "comments": entry.comments,
            "abstract": entry.abstract,
        }
        for entry in entries
    )
    start = time.perf_counter()
    database["papers"].insert_all(rows, batch_size=1000)
    inserted = time.perf_counter()
    database["papers"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZE)
    done = time.perf_counter()
    database.close()
    return {
        "insert_s": inserted - start,
        "fts_s": done - inserted,
        "seconds": done - start,
        "rows": len(entries),
        "insert_rows_per_s": len(entries) / (inserted - start),
        "rows_per_s": len(entries) / (done - start),
    }


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    relevant: Callable[[list[str], list[str]], bool] | None = None  # (title words, author words) -> bool


def _in_authors(*names: str) -> Callable[[list[str], list[str]], bool]:
    return lambda title, authors: all(name in authors for name in names)


def _in_title(*words: str) -> Callable[[list[str], list[str]], bool]:
    return lambda title, authors: all(any(w.startswith(word) for w in title) for word in words)


QUERIES: tuple[Query, ...] = (
    Query("scaling laws", "title", _in_title("scaling", "laws")),
    Query("language models", "title", _in_title("language", "models")),
    Query("reinforcement learning", "title", _in_title("reinforcement", "learning")),
    Query("sparse autoencoders", "title", _in_title("sparse", "autoencoders")),
    Query("diffusion", "title", _in_title("diffusion")),
    Query("sutskever", "coauthor", _in_authors("sutskever")),
    Query("kavukcuoglu", "coauthor", _in_authors("kavukcuoglu")),
    Query("oriol vinyals", "coauthor", _in_authors("oriol", "vinyals")),
    Query("hassabis", "coauthor", _in_authors("hassabis")),
    Query("sutskvr", "typo", _in_authors("sutskever")),
    Query("scaling lwas", "typo", _in_title("scaling", "laws")),
    Query("reinforcment lerning", "typo", _in_title("reinforcement", "learning")),
    Query("transfomer", "typo", _in_title("transformer")),
    Query("kavukcuglu", "typo", _in_authors("kavukcuoglu")),
    Query("hasabis", "typo", _in_authors("hassabis")),
    Query("s", "prefix"),
    Query("sc", "prefix"),
    Query("t", "prefix"),
    Query("tr", "prefix"),
    Query("l", "prefix"),
    Query("la", "prefix"),
)
TOP = 10  # results judged for quality


def _lines(library: Library, path: Path) -> dict[int, tuple[str, str]]:
    """Every paper's title and authors, also written as "id<TAB>title<TAB>authors" lines for fzf."""
    texts: dict[int, tuple[str, str]] = {}
    with path.open("w", encoding="utf-8") as out:
        for paper_id, title, authors in library.db.execute("SELECT id, title, authors_text FROM papers ORDER BY id"):
            title = (title or "").replace("\t", " ").replace("\n", " ")
            authors = (authors or "").replace("\t", " ").replace("\n", " ")
            texts[paper_id] = (title, authors)
            out.write(f"{paper_id}\t{title}\t{authors}\n")
    return texts


def _fzf(query: str, lines: Path) -> tuple[list[int], float]:
    with lines.open("rb") as source:
        start = time.perf_counter()
        done = subprocess.run(
            ["fzf", "--filter", query, "--delimiter", "\t", "--nth", "2..", "--no-hscroll"],
            stdin=source,
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: nothing matched
        raise RuntimeError(f"fzf failed: {done.stderr.decode(errors='replace')}")
    ids = [int(line.split(b"\t", 1)[0]) for line in done.stdout.splitlines()[:TOP]]
    return ids, seconds


def _partial_ratio_scan(query: str, choices: dict[int, str]) -> tuple[list[int], float]:
    """Score every title+authors line with rapidfuzz partial_ratio: the brute-force quality bar."""
    start = time.perf_counter()
    best = process.extract(query.lower(), choices, scorer=fuzz.partial_ratio, processor=None, limit=TOP)
    return [key for _, _, key in best], time.perf_counter() - start


def search(library: Library, workdir: Path, *, repeats: int, fzf_repeats: int) -> dict:
    """Time ``Library.search`` per query (index build apart), fzf on the same lines, and judge typo results."""
    texts = _lines(library, workdir / "lines.tsv")
    start = time.perf_counter()
    library.search_index()
    build_s = time.perf_counter() - start
    library.search("warm up")
    have_fzf = shutil.which("fzf") is not None
    folded = {pid: f"{title} {authors}".lower() for pid, (title, authors) in texts.items()}
    per_query = []
    for query in QUERIES:
        shelf_times, fzf_times = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            shelf_ids = library.search(query.text)
            shelf_times.append(time.perf_counter() - started)
        row: dict = {"query": query.text, "kind": query.kind, "shelf_ms": statistics.median(shelf_times) * 1000}
        row["shelf_hits"] = len(shelf_ids)
        if have_fzf:
            for _ in range(fzf_repeats):
                fzf_ids, seconds = _fzf(query.text, workdir / "lines.tsv")
                fzf_times.append(seconds)
            row["fzf_ms"] = statistics.median(fzf_times) * 1000
        judge = _judge(query, texts) if query.relevant is not None else None
        if judge is not None:
            row["shelf_quality"] = judge(shelf_ids[:TOP])
            if have_fzf:
                row["fzf_quality"] = judge(fzf_ids)
            scan_ids, scan_s = _partial_ratio_scan(query.text, folded)
            row["scan_quality"] = judge(scan_ids)
            row["scan_ms"] = scan_s * 1000
        row["shelf_all_ms"] = [t * 1000 for t in shelf_times]
        row["fzf_all_ms"] = [t * 1000 for t in fzf_times]
        per_query.append(row)
    shelf_all = [t for row in per_query for t in row["shelf_all_ms"]]
    fzf_all = [t for row in per_query for t in row["fzf_all_ms"]]
    summary = {
        "index_build_s": build_s,
        "median_ms": statistics.median(shelf_all),
        "p95_ms": percentile(shelf_all, 0.95),
        "fzf_median_ms": statistics.median(fzf_all) if fzf_all else None,
        "fzf_p95_ms": percentile(fzf_all, 0.95) if fzf_all else None,
        "have_fzf": have_fzf,
        "queries": per_query,
    }
    judged = [row for row in per_query if "shelf_quality" in row]
    for who in ("shelf", "fzf", "scan"):
        scores = [row[f"{who}_quality"] for row in judged if f"{who}_quality" in row]
        if scores:
            summary[f"{who}_top1"] = sum(s["top1"] for s in scores)
            summary[f"{who}_p10"] = statistics.mean(s["p10"] for s in scores)
    summary["judged"] = len(judged)
    return summary


def _judge(query: Query, texts: dict[int, tuple[str, str]]) -> Callable[[list[int]], dict] | None:
    """Top-1 hit and precision at 10 of a ranked id list, by the query's relevance rule.

    Precision is over the places relevant papers could fill (at most 10); None when the
    library holds no relevant paper at all, so there is nothing to judge.
    """

    def relevant(paper_id: int) -> bool:
        title, authors = texts[paper_id]
        return query.relevant(_words(title), _words(authors))  # type: ignore[misc]

    reachable = min(TOP, sum(map(relevant, texts)))  # a library with 3 relevant papers can fill 3 places

    def judge(ids: list[int]) -> dict:
        top = ids[:TOP]
        return {"top1": bool(top) and relevant(top[0]), "p10": sum(map(relevant, top)) / reachable, "relevant": reachable}

    return judge if reachable else None


def start_up(library: Library) -> dict:
    """What the app asks the library for before its first paint, timed one call at a time."""
    timings: dict = {}
    start = time.perf_counter()
    timings["authors"] = len(library.authors())
    timings["authors_s"] = time.perf_counter() - start
    start = time.perf_counter()
    ids = library.paper_ids()
    timings["paper_ids_s"] = time.perf_counter() - start
    start = time.perf_counter()
    library.rows(ids[:135])
    library.paper(ids[0])
    timings["first_screen_s"] = time.perf_counter() - start
    return timings


# --- the app ------------------------------------------------------------------------------


def app(db: Path) -> dict:
    """First paint, memory and keystroke latency of the real app, each launch a fresh process.

    Launched twice: the first launch after the harness's other work reads the library
    and Python's own files from a cold cache, as the first ``shelf`` of a day does; the
    figures reported are the second launch's, with the first one's paint beside them.
    """
    first = _probe(db)
    result = _probe(db)
    result["first_launch_paint_s"] = first["first_paint_s"]
    result["first_launch_whole_list_s"] = first["whole_list_s"]
    return result


def _probe(db: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent.parent), os.environ.get("PYTHONPATH")]))}
    started_at = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.app_probe", str(db), repr(started_at), APP_TYPED],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"app probe failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    typed = [k["ms"] for k in result["keystrokes"]]
    result["first_key_ms"] = typed[0]
    later = typed[1:] or typed
    result["key_median_ms"] = statistics.median(later)
    result["key_p95_ms"] = percentile(later, 0.95)
    return result
