"""A seeded generator of synthetic author pages in the five layouts shelf reads.

Everything is recombined from the bundled sample pages: title fragments (word n-grams
of real titles and abstracts), given names and surnames (real ones, plus blends of
two real surnames so the vocabulary grows with the library as a real one does),
abstract sentences, organisations, venues, categories and comments. The same seed
and size always give byte-identical pages.

Each paper is written once as new, and about one entry in twelve repeats a paper an
earlier page already showed (in whatever layout this page uses), so the importer's
matching and merging run as they do on real libraries. Titles are unique by the
importer's own title key, and abstracts start with a unique sentence, so the library
must end up with exactly the number of papers asked for; the harness checks that.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from store.dates import MONTHS
from store.formats import read_page
from store.formats.title_split import is_person_name, split_title_authors
from store.importer import title_key
from store.locations import sample_pages

GENERATOR_VERSION = 3  # bump when the pages change, so cached corpora are rebuilt
TODAY = dt.date(2026, 1, 15)  # the import date year-less dates are resolved against
FORMATS = ("picture-header", "glued-lines", "arxiv-listing", "collaborators", "profile-stats")
PAGE_ENTRIES = (60, 140)  # entries per page, uniformly
REPEAT_SHARE = 0.08  # entries that show a paper an earlier page already showed
FAMOUS_SHARE = 0.05  # author slots filled from the real names on the sample pages
FIRST_DAY, LAST_DAY = dt.date(2012, 1, 1), dt.date(2025, 12, 31)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORD_OK = re.compile(r"^[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]$|^[A-Za-z]$")


# --- material from the samples ------------------------------------------------------------


@dataclass(frozen=True)
class Material:
    """What the sample pages offer to recombine."""

    chunks: tuple[str, ...]  # word 1..3-grams of titles (and some abstract phrases)
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    famous: tuple[str, ...]  # full names as printed on the samples, owners first
    sentences: tuple[str, ...]
    abstract_lengths: tuple[int, ...]
    orgs: tuple[str, ...]
    venues: tuple[str, ...]
    categories: tuple[str, ...]
    comments: tuple[str, ...]


@cache
def material() -> Material:
    pages = [read_page(path, TODAY) for path in sample_pages()]
    entries = [entry for page in pages for entry in page.entries]
    owners = [page.owner for page in pages if page.owner]
    names = list(dict.fromkeys(owners + [name for entry in entries for name in entry.authors]))
    famous = [name for name in names if is_person_name(name, min_words=2, max_words=4)]
    given = sorted({name.split()[0] for name in famous if _WORD_OK.match(name.split()[0]) and len(name.split()[0]) > 2})
    surnames = sorted({name.split()[-1] for name in famous if _WORD_OK.match(name.split()[-1]) and len(name.split()[-1]) > 2})
    titles = [entry.title for entry in entries if entry.title]
    abstracts = [entry.abstract.replace("\n", " ") for entry in entries if entry.abstract]
    chunks: list[str] = []
    for title in titles:
        words = title.split()
        for size in (1, 2, 3):
            chunks += [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    for abstract in abstracts[::3]:  # some abstract phrases widen the title vocabulary
        words = [w for w in abstract.split() if _WORD_OK.match(w)]
        chunks += [" ".join(words[i : i + 2]) for i in range(0, len(words) - 1, 7)]
    sentences = [s.strip() for abstract in abstracts for s in _SENTENCE.split(abstract) if 30 <= len(s.strip()) <= 400]
    return Material(
        chunks=tuple(sorted(set(chunks))),
        given=tuple(given),
        surnames=tuple(surnames),
        famous=tuple(famous),
        sentences=tuple(s for s in dict.fromkeys(sentences) if not s.startswith("* ")),
        abstract_lengths=tuple(len(a) for a in abstracts),
        orgs=tuple(sorted({org for entry in entries for org in entry.orgs})),
        venues=tuple(sorted({entry.venue for entry in entries if entry.venue})),
        categories=tuple(sorted({entry.category for entry in entries if entry.category})),
        comments=tuple(sorted({entry.comments for entry in entries if entry.comments and "\n" not in entry.comments})),
    )


# --- papers -------------------------------------------------------------------------------


@dataclass
class Paper:
    """One synthetic paper: the truth every page showing it is cut from."""

    title: str
    authors: list[str]
    date: dt.date
    arxiv_id: str
    category: str
    has_code: bool
    orgs: list[str]
    venue: str
    comments: str | None
    abstract: str


@dataclass
class Corpus:
    """Where a generated corpus lives and what it holds."""

    root: Path
    papers: int
    entries: int
    pages: list[Path]
    formats: dict[str, int] = field(default_factory=dict)

    @property
    def lines_file(self) -> Path:
        return self.root / "lines.tsv"


class _Papers:
    """Makes new papers (unique titles and abstract openings) and remembers some for repeats."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.m = material()
        self.title_keys: set[str] = set()
        self.recent: list[Paper] = []
        self.arxiv_seq: dict[str, int] = {}
        self.span = (LAST_DAY - FIRST_DAY).days
        blends = max(0, size // 4 - len(self.m.surnames))
        self.surnames = list(self.m.surnames) + self._blends(blends)

    def _blends(self, count: int) -> list[str]:
        """Surnames made of the head of one real surname and the tail of another."""
        made: set[str] = set(self.m.surnames)
        result: list[str] = []
        pool = [s for s in self.m.surnames if s.isalpha() and s[0].isupper() and s[1:].islower()]
        for _ in range(count * 3):
            if len(result) >= count:
                break
            a, b = self.rng.choice(pool), self.rng.choice(pool)
            name = (a[: self.rng.randint(2, 4)] + b[-self.rng.randint(3, 5) :].lower()).capitalize()
            if len(name) >= 4 and name not in made:
                made.add(name)
                result.append(name)
        return result

    def author(self) -> str:
        if self.rng.random() < FAMOUS_SHARE:
            return self.rng.choice(self.m.famous)
        return f"{self.rng.choice(self.m.given)} {self.rng.choice(self.surnames)}"

    def title(self) -> str:
        while True:
            parts = [self.rng.choice(self.m.chunks) for _ in range(self.rng.randint(2, 4))]
            text = parts[0] + (": " if self.rng.random() < 0.3 else " ") + " ".join(parts[1:])
            text = text[0].upper() + text[1:]
            key = title_key(text)
            if key and key not in self.title_keys and len(text) < 200:
                self.title_keys.add(key)
                return text

    def new(self, owner: str) -> Paper:
        rng = self.rng
        title = self.title()
        authors = list(dict.fromkeys(self.author() for _ in range(rng.randint(2, 12))))
        authors = [name for name in authors if name != owner]
        authors.insert(rng.randint(0, min(2, len(authors))), owner)  # shown even when the list is cut at three
        date = FIRST_DAY + dt.timedelta(days=rng.randrange(self.span))
        month = f"{date.year % 100:02d}{date.month:02d}"
        self.arxiv_seq[month] = self.arxiv_seq.get(month, 0) + 1
        paper = Paper(
            title=title,
            authors=authors,
            date=date,
            arxiv_id=f"{month}.{self.arxiv_seq[month]:05d}",
            category=rng.choice(self.m.categories),
            has_code=rng.random() < 0.3,
            orgs=rng.sample(self.m.orgs, rng.randint(0, 2)),
            venue=rng.choice(self.m.venues),
            comments=rng.choice(self.m.comments) if rng.random() < 0.3 else None,
            abstract=self._abstract(title),
        )
        self.recent.append(paper)
        if len(self.recent) > 4096:
            del self.recent[:2048]
        return paper

    def _abstract(self, title: str) -> str:
        """A unique opening sentence (from the unique title), then sample sentences up to a sample's length."""
        wanted = self.rng.choice(self.m.abstract_lengths)
        parts = [f"We study {title[0].lower() + title[1:]}."]
        length = len(parts[0])
        while length < wanted:
            sentence = self.rng.choice(self.m.sentences)
            parts.append(sentence)
            length += len(sentence) + 1
        return " ".join(parts)

    def repeat(self) -> Paper | None:
        return self.rng.choice(self.recent) if self.recent else None


# --- layouts ------------------------------------------------------------------------------


def _month_day(date: dt.date, pad: bool = False, year: bool = True) -> str:
    day = f"{date.day:02d}" if pad else str(date.day)
    return f"{MONTHS[date.month - 1]} {day}" + (f", {date.year}" if year else "")


def _shown_authors(paper: Paper, cut: bool) -> str:
    """The author line as listing pages print it: three names and "et al." when cut."""
    if cut and len(paper.authors) > 3:
        text = ", ".join(paper.authors[:3]) + " et al."
    else:
        text = ", ".join(paper.authors)
    return text + (f" · {', '.join(paper.orgs)}" if paper.orgs else "")


def _picture_header(owner: str, papers: list[Paper], rng: random.Random) -> str:
    out = ["Alert button", f"Picture for {owner}", "", owner, "", "Alert button", ""]
    for paper in papers:
        out += [paper.title, "", _month_day(paper.date, pad=True), ", ".join(paper.authors), ""]
        out += [f"Figure {n} for {paper.title}" for n in range(1, rng.randint(1, 4) + 1)]
        out += ["", paper.abstract, ""]
        if paper.comments:
            out.append(f"* {paper.comments}\u00a0")
        out += ["Viaarxiv icon", ""]
    return "\n".join(out)


def _glued_date(paper: Paper) -> str:
    """Papers from the last year print without one, as listing sites do (resolved against TODAY)."""
    recent = dt.timedelta(0) <= TODAY - paper.date < dt.timedelta(days=365)
    return paper.category + _month_day(paper.date, year=not recent) + ("Code" if paper.has_code else "")


def _glued_lines(owner: str, papers: list[Paper], rng: random.Random) -> str:
    out = []
    for paper in papers:
        out += [_glued_date(paper), paper.title + _shown_authors(paper, cut=True), paper.abstract]
    return "\n".join(out) + "\n"


def _arxiv_listing(owner: str, papers: list[Paper], rng: random.Random) -> str:
    out = []
    for paper in papers:
        if rng.random() < 0.4:
            out += [paper.title, ", ".join(paper.authors), ""]
        out += [paper.abstract, ""]
        if paper.comments:
            out += [paper.comments, ""]
        out += [f"arXiv:{paper.arxiv_id}", f"Created: {paper.date.isoformat()}", ""]
    return "\n".join(out)


def _collaborators(owner: str, papers: list[Paper], rng: random.Random) -> str:
    given, _, surname = owner.rpartition(" ")
    out = ["Goto", "", "Collaborating Authors", "", f"\u00a0{surname}, {given}", "", ""]
    for paper in papers:
        out += [paper.title, "", paper.venue, "", paper.abstract, "", ""]
    return "\n".join(out)


def _profile_stats(owner: str, papers: list[Paper], rng: random.Random) -> str:
    m = material()
    out = [owner, "", rng.choice(m.categories), f"h-index{rng.randint(5, 120)}", f"{len(papers)}papers"]
    out += [f"{rng.randint(100, 400000):,}citations", f"Novelty{rng.randint(1, 99)}%", f"AI Score{rng.randint(1, 99)}", ""]
    out += [f"{len(papers)} Papers", ""]
    for paper in papers:
        head = paper.category + _month_day(paper.date) + ("Code" if paper.has_code else "")
        out += [head, paper.title, "", _shown_authors(paper, cut=True), "", paper.abstract, ""]
    return "\n".join(out)


_WRITERS = {
    "picture-header": _picture_header,
    "glued-lines": _glued_lines,
    "arxiv-listing": _arxiv_listing,
    "collaborators": _collaborators,
    "profile-stats": _profile_stats,
}


def _fits(layout: str, paper: Paper) -> bool:
    """Whether the page layout will read *paper* back as written (the glued split is heuristic)."""
    if layout != "glued-lines":
        return True
    bare = paper.title + _shown_authors(paper, cut=True).split(" · ")[0].removesuffix(" et al.")
    split = split_title_authors(bare.rstrip(" ,"))
    return split is not None and split[0] == paper.title


# --- the corpus ---------------------------------------------------------------------------


def _pages(size: int, seed: int) -> Iterator[tuple[str, str, list[Paper]]]:
    """(layout, owner, papers) per page until *size* distinct papers have been shown."""
    rng = random.Random(seed)
    papers = _Papers(rng, size)
    made = 0
    while made < size:
        layout = rng.choice(FORMATS)
        owner = papers.author() if rng.random() < 0.5 else rng.choice(material().famous)
        wanted = rng.randint(*PAGE_ENTRIES)
        chosen: list[Paper] = []
        seen_titles: set[str] = set()
        while len(chosen) < wanted and made < size:
            paper = papers.repeat() if rng.random() < REPEAT_SHARE else None
            if paper is None or paper.title in seen_titles or not _fits(layout, paper):
                paper = papers.new(owner)
                while not _fits(layout, paper):
                    paper = papers.new(owner)
                made += 1
            seen_titles.add(paper.title)
            chosen.append(paper)
        yield layout, owner, chosen


def generate(size: int, root: Path, seed: int = 20240) -> Corpus:
    """Write a corpus of *size* distinct papers under *root* (reused when already there)."""
    manifest_path = root / "manifest.json"
    wanted = {"version": GENERATOR_VERSION, "size": size, "seed": seed}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == wanted:
            return _corpus(root, manifest)
    pages_dir = root / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for old in pages_dir.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed + 1)
    files, formats, entries = [], dict.fromkeys(FORMATS, 0), 0
    for number, (layout, owner, papers) in enumerate(_pages(size, seed)):
        path = pages_dir / f"p{number:06d}-{layout}.txt"
        path.write_text(_WRITERS[layout](owner, papers, rng), encoding="utf-8")
        files.append(path.name)
        formats[layout] += len(papers)
        entries += len(papers)
    manifest = {"key": wanted, "papers": size, "entries": entries, "files": files, "formats": formats}
    manifest_path.write_text(json.dumps(manifest))
    return _corpus(root, manifest)


def _corpus(root: Path, manifest: dict) -> Corpus:
    return Corpus(
        root=root,
        papers=manifest["papers"],
        entries=manifest["entries"],
        pages=[root / "pages" / name for name in manifest["files"]],
        formats=manifest["formats"],
    )
