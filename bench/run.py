"""The benchmark harness: generate libraries of 10k, 100k and 1M papers, time shelf on them.

    python -m bench                          # 10k, 100k and 1M (the 1M run takes a while)
    python -m bench --sizes 10k,100k         # chosen sizes
    python -m bench --smoke                  # 300 papers, seconds: proves the harness works

For each size: import end to end (beside a bare sqlite-utils insert_all + FTS5 build of
the same parsed rows), fuzzy search per query (beside ``fzf --filter`` on the same
title+authors lines, and a rapidfuzz partial_ratio scan for result quality), and the
app's first paint, memory and keystroke latency in a process of its own. Prints the
tables and writes them to bench/results.md (or ``--out``); raw numbers go to results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from store import open_library

from . import measure
from .generate import generate

HERE = Path(__file__).parent
SMOKE_SIZE = 300
DEFAULT_SIZES = "10k,100k,1M"
SEED = 20240
FTS_CHECK_UP_TO = 10_000  # sizes whose full-text index is compared with a rebuilt one


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown",
    ) if Path("/proc/cpuinfo").exists() else platform.processor() or "unknown"
    fzf = subprocess.run(["fzf", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("fzf") else None
    import sqlite3

    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "fzf": fzf,
        "load_before": os.getloadavg(),
    }


def bench_size(size: int, out: Path, *, repeats: int, log) -> dict:
    """Every measurement for one library size; the corpus is reused when already generated."""
    root = out / f"gen-{size_label(size)}"
    started = time.perf_counter()
    corpus = generate(size, root, SEED)
    result: dict = {"size": size, "label": size_label(size), "pages": len(corpus.pages), "entries": corpus.entries}
    result["formats"] = corpus.formats
    result["generate_s"] = time.perf_counter() - started
    log(f"[{size_label(size)}] corpus: {len(corpus.pages)} pages, {corpus.entries} entries ({result['generate_s']:.1f} s)")

    db = root / "shelf.db"
    result["import"] = measure.import_shelf(corpus, db)
    log(f"[{size_label(size)}] shelf import: {result['import']['papers_per_s']:,.0f} papers/s")
    if size <= FTS_CHECK_UP_TO:
        result["import"]["fts_matches_rebuild"] = measure.fts_matches_rebuild(db, root)
    entries, parse_s = measure.parse_all(corpus)
    result["parse"] = {"seconds": parse_s, "entries_per_s": len(entries) / parse_s}
    result["bare"] = measure.import_bare(entries, root / "bare.db")
    del entries
    log(f"[{size_label(size)}] bare insert_all + FTS: {result['bare']['rows_per_s']:,.0f} rows/s")

    library = open_library(db)
    result["start_up"] = measure.start_up(library)
    result["search"] = measure.search(library, root, repeats=repeats, fzf_repeats=3 if size <= 100_000 else 1)
    library.close()
    log(f"[{size_label(size)}] search median {result['search']['median_ms']:.1f} ms")

    result["app"] = measure.app(db)
    log(f"[{size_label(size)}] app first paint {result['app']['first_paint_s']:.2f} s")
    return result


def app_again(sizes: list[int], work: Path, previous: Path, log) -> tuple[dict, list[dict]]:
    """The app figures measured anew on the libraries an earlier run imported; its other figures kept."""
    if not previous.exists():
        raise SystemExit(f"--app-only needs an earlier run's {previous}")
    earlier = json.loads(previous.read_text())
    by_size = {r["size"]: r for r in earlier["results"]}
    results = []
    for size in sizes:
        db = work / f"gen-{size_label(size)}" / "shelf.db"
        if size not in by_size or not db.exists():
            raise SystemExit(f"--app-only: no earlier {size_label(size)} run with its library at {db}")
        result = by_size[size]
        result["app"] = measure.app(db)
        result["app_measured"] = dt.datetime.now().isoformat(timespec="seconds")
        log(f"[{size_label(size)}] app first paint {result['app']['first_paint_s']:.2f} s")
        results.append(result)
    return earlier["machine"], results


# --- report -------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _quality(search: dict, who: str) -> str:
    if f"{who}_top1" not in search:
        return "–"
    return f"{search[f'{who}_top1']}/{search['judged']} top-1, P@10 {search[f'{who}_p10']:.2f}"


TARGETS = {
    # size: [(what, value getter, limit, higher is better)]
    100_000: [
        ("import papers/s ≥ 30,000", lambda r: r["import"]["papers_per_s"], 30_000, True),
        ("import time ≤ 2× bare insert_all+FTS", lambda r: r["import"]["seconds"] / r["bare"]["seconds"], 2.0, False),
        ("query median ≤ 30 ms", lambda r: r["search"]["median_ms"], 30.0, False),
        ("query median ≤ 1/5 of fzf's", lambda r: r["search"]["median_ms"] / (r["search"]["fzf_median_ms"] or float("nan")), 0.2, False),
        ("query p95 ≤ 60 ms", lambda r: r["search"]["p95_ms"], 60.0, False),
        ("typo quality ≥ partial_ratio scan (P@10)", lambda r: r["search"]["shelf_p10"] - r["search"].get("scan_p10", 0), 0.0, True),
        ("first paint ≤ 1 s", lambda r: r["app"]["first_paint_s"], 1.0, False),
        ("first paint ≤ 1 s, first launch (cold caches)", lambda r: r["app"].get("first_launch_paint_s"), 1.0, False),
        ("peak RSS ≤ 200 MB", lambda r: r["app"]["rss_peak_mb"], 200.0, False),
        ("keystroke → list ≤ 50 ms (median)", lambda r: r["app"]["key_median_ms"], 50.0, False),
    ],
    1_000_000: [
        ("query median ≤ 150 ms", lambda r: r["search"]["median_ms"], 150.0, False),
        ("first paint ≤ 3 s", lambda r: r["app"]["first_paint_s"], 3.0, False),
        ("first paint ≤ 3 s, first launch (cold caches)", lambda r: r["app"].get("first_launch_paint_s"), 3.0, False),
    ],
}


def report(info: dict, results: list[dict]) -> str:
    sizes = [r["label"] for r in results]
    out = [
        "# shelf benchmark results",
        "",
        f"{info['date']} · {info['nproc']} cores ({info['cpu']}) · Python {info['python']} · SQLite {info['sqlite']}"
        f" · fzf {info['fzf'] or 'not installed'} · load average before/after {info['load_before'][0]:.2f}/{info['load_after'][0]:.2f}",
        "",
        "Command: `python -m bench --sizes " + ",".join(sizes) + "`. Synthetic pages from `bench/generate.py`"
        " (seed " + str(SEED) + "), all five layouts; about 8% of entries repeat a paper from an earlier page.",
        "",
        "## Import",
        "",
    ]
    rows = []
    for r in results:
        imp, bare = r["import"], r["bare"]
        rows.append([
            r["label"], f"{r['pages']:,}", f"{r['entries']:,}",
            _fmt(imp["seconds"], 1, " s"), _fmt(imp["papers_per_s"]), _fmt(imp["entries_per_s"]),
            _fmt(r["parse"]["entries_per_s"]),
            _fmt(bare["insert_rows_per_s"]), _fmt(bare["rows_per_s"]), _fmt(bare["seconds"], 1, " s"),
            _fmt(imp["seconds"] / bare["seconds"], 2, "×"),
        ])
    out += _table(
        ["papers", "pages", "entries", "shelf import", "papers/s", "entries/s", "parse only, entries/s",
         "bare insert_all rows/s", "bare insert_all+FTS rows/s", "bare total", "shelf ÷ bare"],
        rows,
    )
    out += ["", "shelf import = `Library.import_files` (what `shelf import` runs): parse, match, merge, store, FTS; each page all or nothing, committed in groups of up to 2 s (store/bulk_import.py).",
            "bare = sqlite-utils `insert_all` of the already-parsed entries into one table, then `enable_fts` (same tokenizer); parsing not included.",
            "", "## Fuzzy search", ""]
    rows = []
    for r in results:
        s = r["search"]
        ratio = s["median_ms"] / s["fzf_median_ms"] if s["fzf_median_ms"] else None
        rows.append([
            r["label"], _fmt(s["index_build_s"], 2, " s"), _fmt(s["median_ms"], 1, " ms"), _fmt(s["p95_ms"], 1, " ms"),
            _fmt(s["fzf_median_ms"], 0, " ms"), _fmt(s["fzf_p95_ms"], 0, " ms"), _fmt(ratio, 3),
            _quality(s, "shelf"), _quality(s, "fzf"), _quality(s, "scan"),
        ])
    out += _table(
        ["papers", "index build", "shelf median", "shelf p95", "fzf --filter median", "fzf p95", "shelf ÷ fzf",
         "shelf typo quality", "fzf typo quality", "partial_ratio scan quality"],
        rows,
    )
    out += ["", f"{len(measure.QUERIES)} queries (titles, coauthors, typos, one- and two-letter prefixes), each timed "
            "through `Library.search` after the index is built; fzf gets the same `id<TAB>title<TAB>authors` lines (matching on title+authors).",
            "Quality: on the typo queries, whether the first result is relevant and the share of relevant results in the top 10.", ""]
    largest = results[-1]
    out += [f"Per query at {largest['label']}:", ""]
    rows = []
    for q in largest["search"]["queries"]:
        quality = lambda who: ("✓" if q[f"{who}_quality"]["top1"] else "✗") + f" {q[f'{who}_quality']['p10']:.1f}" if f"{who}_quality" in q else ""  # noqa: E731
        rows.append([f"`{q['query']}`", q["kind"], _fmt(q["shelf_ms"], 1), str(q["shelf_hits"]), _fmt(q.get("fzf_ms"), 0),
                     quality("shelf"), quality("fzf"), quality("scan"), _fmt(q.get("scan_ms"), 0)])
    out += _table(["query", "kind", "shelf ms", "shelf hits", "fzf ms", "shelf top-1, P@10", "fzf", "partial_ratio", "scan ms"], rows)
    out += ["", "## App", ""]
    rows = []
    for r in results:
        a = r["app"]
        rows.append([r["label"], _fmt(a.get("first_launch_paint_s"), 2, " s"), _fmt(a["first_paint_s"], 2, " s"), _fmt(a.get("whole_list_s"), 2, " s"), _fmt(a["rss_paint_mb"], 0, " MB"), _fmt(a["rss_peak_mb"], 0, " MB"),
                     _fmt(a["first_key_ms"], 0, " ms"), _fmt(a["key_median_ms"], 0, " ms"), _fmt(a["key_p95_ms"], 0, " ms")])
    out += _table(["papers", "first launch → first paint", "launch → first paint", "launch → whole list", "peak RSS at paint", "peak RSS after search", "first keystroke (builds index)",
                   "keystroke → list, median", "p95"], rows)
    rows = [[r["label"], f"{r['start_up']['authors']:,}", _fmt(r["start_up"]["authors_s"], 2, " s"),
             _fmt(r["start_up"]["paper_ids_s"], 2, " s"), _fmt(r["start_up"]["first_screen_s"] * 1000, 0, " ms")] for r in results]
    out += ["", f"Headless Textual Pilot ({measure.APP_TYPED!r} typed key by key into the search bar), each launch a process of its own;"
            " launch includes Python start-up and imports. Two launches per size: the first right after the harness's other work"
            " (caches cold, as for the first `shelf` of a day), the rest of the row from the second. Peak RSS is the probe's own (VmHWM).", ""]
    if any("app_measured" in r for r in results):
        out += [f"App figures re-measured with `--app-only` on {results[0].get('app_measured', '?')}; the rest of the run as dated above.", ""]
    out += ["What the app asks the library for before its first paint, each call timed alone in the harness:", ""]
    out += _table(["papers", "authors", "`authors()`", "`paper_ids()` (date order)", "`rows()` + `paper()` for a screen"], rows)
    out.append("")
    verdicts = targets(results)
    if verdicts:
        out += ["## Targets", ""]
        out += _table(["size", "target", "measured", "met"], verdicts)
        out.append("")
    return "\n".join(out)


def targets(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        for what, get, limit, higher in TARGETS.get(r["size"], []):
            try:
                value = get(r)
            except (KeyError, TypeError, ZeroDivisionError):
                continue
            if value is None:  # measured by a later version of the harness only
                continue
            met = value >= limit if higher else value <= limit
            rows.append([r["label"], what, _fmt(value, 2 if abs(value) < 10 else 0), "yes" if met else "**no**"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated paper counts (default {DEFAULT_SIZES})")
    parser.add_argument("--smoke", action="store_true", help=f"one tiny library ({SMOKE_SIZE} papers), for CI")
    parser.add_argument("--out", type=Path, help="where results.md and results.json go (default: bench/results.md, bench/out/)")
    parser.add_argument("--work", type=Path, help="where generated corpora and libraries go (default bench/out; kept between runs)")
    parser.add_argument("--repeats", type=int, default=5, help="timings per search query (default 5)")
    parser.add_argument(
        "--app-only", action="store_true",
        help="measure the app again on the libraries a previous run left in --work, keeping that run's other figures (its results.json in --out)",
    )
    args = parser.parse_args(argv)
    sizes = [SMOKE_SIZE] if args.smoke else [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    work = args.work or (args.out if args.smoke and args.out else HERE / "out" / ("smoke" if args.smoke else ""))
    out = args.out or work
    for folder in (work, out):
        folder.mkdir(parents=True, exist_ok=True)
    results_md = out / "results.md" if (args.out or args.smoke) else HERE / "results.md"

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.app_only:
        info, results = app_again(sizes, work, out / "results.json", log)
    else:
        info = machine()
        results = [bench_size(size, work, repeats=2 if args.smoke else args.repeats, log=log) for size in sizes]
    info["load_after"] = os.getloadavg()
    text = report(info, results)
    results_md.write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"machine": info, "results": results}, indent=1, default=str))
    print(text)
    log(f"written to {results_md}")
    return 0
