"""Put a parsed page into the library: find each paper if it is already there, merge, record the page.

The same paper on several pages is one paper. It is recognised by arXiv id, then by
normalised title, then (when either side has no title) by a near-identical abstract.
Personal state (status, star, note, tags) is never written here. A page is imported
in one transaction (a savepoint when a group of pages shares one): all of it, or none.

Merging does not depend on the order pages are imported in, and importing a page
again changes nothing: each field keeps the best value any page gave it, by a fixed
rule (see ``_Importer.merge``). Every page the paper was seen on is recorded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz

from . import db as dbmod
from .errors import ParseError
from .formats import parse_page, read_bytes
from .model import ParsedEntry, ParsedPage
from .names import better_display, display_name, display_quality, fold, name_key

ABSTRACT_KEY_CHARS = 80
ABSTRACT_MATCH_RATIO = 90.0
DEFER_FTS_FROM = 16  # entries on a page from which full-text rows are written in one batch
SQL_VARIABLES = 500  # ids or keys bound to one "IN (...)" query
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class ImportReport:
    """What one page did to the library."""

    file: str
    format: str
    owner: str | None
    owner_inferred: bool
    entries: int
    new: int
    merged: int
    unchanged: int

    def summary(self) -> str:
        owner = f"{self.owner}{' (inferred)' if self.owner_inferred else ''}" if self.owner else "unknown owner"
        return (
            f"{self.file}: {self.format}, {owner}: {self.entries} entries, "
            f"{self.new} new, {self.merged} merged, {self.unchanged} already here"
        )


def title_key(title: str | None) -> str | None:
    if not title:
        return None
    return _NON_ALNUM.sub(" ", _fold(title)).strip() or None


def abstract_key(abstract: str | None) -> str | None:
    """The first ABSTRACT_KEY_CHARS letters and digits of the folded abstract.

    Folding works character by character, so the key of a prefix is a prefix of the key;
    folding a short head first (and the whole text only when the head is mostly
    punctuation) saves folding a thousand characters per entry.
    """
    if not abstract:
        return None
    head = _NON_ALNUM.sub("", _fold(abstract[: ABSTRACT_KEY_CHARS * 3]))
    squeezed = head if len(head) >= ABSTRACT_KEY_CHARS else _NON_ALNUM.sub("", _fold(abstract))
    return squeezed[:ABSTRACT_KEY_CHARS] or None


class _KeyFold(dict[int, str]):
    """``str.translate`` table doing what ``names.fold`` does, one character at a time.

    Keys keep only letters and digits, so folding may go character by character (Unicode
    decomposition and case folding are per character; the accents it strips are the
    only characters canonical reordering moves) and spacing need not be tidied. Each
    character is folded once, on first sight; translate then runs at C speed, where
    ``fold`` loops in Python over every character of a thousand-character abstract.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        self[code] = value
        return value


_KEY_FOLD = _KeyFold()


def _fold(text: str) -> str:
    """Folded *text* for keys: equal to ``names.fold`` once everything but letters and digits is dropped."""
    return text.translate(_KEY_FOLD)


@dataclass(frozen=True)
class LoadedPage:
    """A page file read and parsed: everything an import does before it touches the library."""

    page: ParsedPage
    digest: str  # sha256 of the bytes that were parsed
    path: str  # where the page lives, resolved (pages are told apart by it)


def load_file(path: str | Path, today: dt.date | None = None) -> LoadedPage:
    """Read and parse one page file; raises ParseError. The bytes parsed are the bytes hashed."""
    path = Path(path)
    data = read_bytes(path)
    page = parse_page(data, path.name or str(path), today)
    return LoadedPage(page, hashlib.sha256(data).hexdigest(), str(path.resolve()))


def import_file(
    db: sqlite_utils.Database, path: str | Path, *, owner: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Parse and import one page file. Raises ParseError, leaving the library untouched."""
    return import_loaded(db, load_file(path, today), owner=owner)


def import_loaded(db: sqlite_utils.Database, loaded: LoadedPage, *, owner: str | None = None) -> ImportReport:
    """Import a page ``load_file`` read, recorded under its path (see ``_Importer.upsert_page``)."""
    return import_page(db, loaded.page, loaded.digest, owner=owner, path=loaded.path)


def import_text(
    db: sqlite_utils.Database, text: str, file: str, *, owner: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Import page text that has no file behind it; it is matched to earlier pages by *file* name alone."""
    page = parse_page(text, file, today)
    return import_page(db, page, hashlib.sha256(text.encode()).hexdigest(), owner=owner)


def import_page(
    db: sqlite_utils.Database, page: ParsedPage, digest: str, *, owner: str | None = None, path: str | None = None
) -> ImportReport:
    """Write *page* into the library in a single transaction. *path* is where the page lives, when it is a file."""
    if owner:
        page.owner, page.owner_inferred = display_name(owner), False
    with dbmod.write(db):
        return _Importer(db).run(page, digest, path)


_PAPER_COLUMNS = (
    "title", "title_key", "authors_text", "authors_truncated", "date", "date_inferred", "arxiv_id", "category",
    "has_code", "orgs", "venue", "comments", "abstract", "abstract_key",
)  # fmt: skip
_MATCH_KEYS = ("arxiv_id", "title_key", "abstract_key")  # the columns papers are found by


@dataclass(eq=False)
class _Paper:
    """A paper as one page's import holds it: read once, merged in memory, written once at the end."""

    id: int
    title: str | None
    title_key: str | None
    authors_text: str
    authors_truncated: int
    date: str | None
    date_inferred: int
    arxiv_id: str | None
    category: str | None
    has_code: int
    orgs: str
    venue: str | None
    comments: str | None
    abstract: str | None
    abstract_key: str | None
    author_count: int = 0  # distinct authors linked
    new: bool = False
    author_ids: list[int] | None = None  # the list to link, when it is new or replaces the stored one
    changed: dict[str, None] = field(default_factory=dict)  # columns to write back (stored papers)

    def set(self, column: str, value: object) -> None:
        setattr(self, column, value)
        self.changed[column] = None


@dataclass
class _Author:
    id: int
    name: str
    new: bool = False
    renamed: bool = False


class _Importer:
    """One page's import, inside its transaction. Lives as long as that transaction.

    The page is read against the library in a few bulk queries: every stored paper one
    of its entries could match (by arXiv id, title key or abstract key, all the page's
    keys in a handful of ``IN`` queries) and every author it names. Matching and
    merging then run in memory, the page's own new papers included, so a later entry
    finds an earlier one exactly as if it had been written; and at the end everything
    is written with one ``executemany`` per table. Ids are handed out as SQLite would
    (the largest id plus one, in order), inside the write transaction that holds the
    library, so they are the ids row-by-row inserts would have got.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.conn = db.conn
        self.stamp = dbmod.now()
        self.authors: dict[str, _Author] = {}
        self.absent_authors: set[str] = set()  # keys known not to be in the library yet
        self.next_author_id = 0  # read when the first new author needs one
        self.papers: dict[int, _Paper] = {}
        self.index: dict[str, dict[str, list[int]]] = {column: {} for column in _MATCH_KEYS}
        self.next_paper_id = 0
        self.keys: dict[int, tuple[str | None, str | None]] = {}  # id(entry) -> (title key, abstract key)

    def run(self, page: ParsedPage, digest: str, path: str | None = None) -> ImportReport:
        for entry in page.entries:
            self.keys[id(entry)] = (title_key(entry.title), abstract_key(entry.abstract))
        self.prefetch_authors(page)
        self.prefetch_papers(page)
        owner_id = self.author_id(page.owner) if page.owner else None
        page_id = self.find_page(page, digest, path)
        previous = {} if page_id is None else dict(
            self.conn.execute("SELECT position, paper_id FROM sources WHERE page_id = ?", (page_id,)).fetchall()
        )
        new = merged = unchanged = 0
        sources = []
        for position, entry in enumerate(page.entries):
            paper = self.find(entry)
            if paper is None:
                paper_id = self.insert_paper(entry)
                new += 1
            else:
                paper_id = paper.id
                changed = self.merge(paper, entry)
                if previous.get(position) == paper_id and not changed:
                    unchanged += 1
                else:
                    merged += 1
            sources.append((position, paper_id, entry.date_text))
        self.write_authors(page, owner_id)
        page_id = self.upsert_page(page, digest, owner_id, path, page_id)
        self.conn.execute("DELETE FROM sources WHERE page_id = ?", (page_id,))
        self.write_papers(len(page.entries) >= DEFER_FTS_FROM)
        self.conn.executemany(
            "INSERT OR REPLACE INTO sources (page_id, position, paper_id, date_text) VALUES (?, ?, ?, ?)",
            [(page_id, *source) for source in sources],
        )
        return ImportReport(
            page.file, page.format, page.owner, page.owner_inferred, len(page.entries), new, merged, unchanged
        )

    # --- authors and pages -------------------------------------------------------------

    def prefetch_authors(self, page: ParsedPage) -> None:
        """Look up every author the page names in a few queries, not one query per name."""
        keys = {name_key(name) for entry in page.entries for name in entry.authors}
        if page.owner:
            keys.add(name_key(page.owner))
        wanted = list(keys - self.authors.keys() - self.absent_authors)
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for author_id, key, shown in self.conn.execute(f"SELECT id, key, name FROM authors WHERE key IN ({marks})", chunk):
                self.authors[key] = _Author(author_id, shown)
        self.absent_authors.update(key for key in wanted if key not in self.authors)

    def author_id(self, name: str) -> int:
        """The id of the author *name* spells, added if new; the better spelling is kept (``names.better_display``)."""
        key = name_key(name)
        author = self.authors.get(key)
        if author is None:
            row = None if key in self.absent_authors else self.conn.execute(
                "SELECT id, name FROM authors WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                if not self.next_author_id:
                    self.next_author_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM authors").fetchone()[0]
                author = _Author(self.next_author_id, name, new=True)
                self.next_author_id += 1
                self.absent_authors.discard(key)
            else:
                author = _Author(row[0], row[1])
            self.authors[key] = author
        elif name != author.name:
            better = better_display(author.name, name)
            if better != author.name:
                author.name, author.renamed = better, True
        return author.id

    def write_authors(self, page: ParsedPage, owner_id: int | None) -> None:
        """New authors, better spellings of known ones, and the owner's profile figures."""
        authors = sorted(self.authors.items(), key=lambda item: item[1].id)
        self.conn.executemany(
            "INSERT INTO authors (id, key, name) VALUES (?, ?, ?)", [(a.id, key, a.name) for key, a in authors if a.new]
        )
        self.conn.executemany(
            "UPDATE authors SET name = ? WHERE id = ?", [(a.name, a.id) for _, a in authors if a.renamed and not a.new]
        )
        if owner_id is not None and page.profile is not None:
            figures = {k: v for k, v in asdict(page.profile).items() if v is not None}
            if figures:
                assignments = ", ".join(f"{column} = ?" for column in figures)
                self.conn.execute(f"UPDATE authors SET {assignments} WHERE id = ?", (*figures.values(), owner_id))

    def find_page(self, page: ParsedPage, digest: str, path: str | None) -> int | None:
        """Which earlier page this one *is*:

        - the page at the same resolved *path*: the same page, perhaps saved again;
        - else a page of the same file name and the same content (sha256) whose path is
          unknown (imported before paths were kept, or as text) or elsewhere: the same
          page moved or copied, so its path becomes this one;
        - else none: a new page, even if another page has the same file name
          ("page.txt" saved from two profiles is two pages).

        Text imported without a file (*path* None) is the page of that file name that
        has no path either.
        """
        if path is None:
            row = self.conn.execute(
                "SELECT id FROM pages WHERE file = ? AND path IS NULL ORDER BY id LIMIT 1", (page.file,)
            ).fetchone()
        else:
            row = self.conn.execute("SELECT id FROM pages WHERE path = ?", (path,)).fetchone() or self.conn.execute(
                "SELECT id FROM pages WHERE file = ? AND sha256 = ? ORDER BY path IS NOT NULL, id LIMIT 1",
                (page.file, digest),
            ).fetchone()
        return row[0] if row else None

    def upsert_page(
        self, page: ParsedPage, digest: str, owner_id: int | None, path: str | None, page_id: int | None
    ) -> int:
        """Record the page: update the row ``find_page`` found (*page_id*), or add one."""
        values = (page.format, owner_id, int(page.owner_inferred), digest, len(page.entries), self.stamp)
        if page_id is not None:
            self.conn.execute(
                "UPDATE pages SET format = ?, owner_id = ?, owner_inferred = ?, sha256 = ?, entries = ?, imported_at = ?,"
                " file = ?, path = coalesce(?, path) WHERE id = ?",
                (*values, page.file, path, page_id),
            )
            return page_id
        cursor = self.conn.execute(
            "INSERT INTO pages (file, path, format, owner_id, owner_inferred, sha256, entries, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (page.file, path, *values),
        )
        return cursor.lastrowid

    # --- matching ----------------------------------------------------------------------

    def prefetch_papers(self, page: ParsedPage) -> None:
        """Read every stored paper an entry of the page could match, in a few ``IN`` queries."""
        wanted: dict[str, set[str]] = {column: set() for column in _MATCH_KEYS}
        for entry in page.entries:
            tkey, akey = self.keys[id(entry)]
            for column, value in (("arxiv_id", entry.arxiv_id), ("title_key", tkey), ("abstract_key", akey)):
                if value:
                    wanted[column].add(value)
        select = f"SELECT id, {', '.join(_PAPER_COLUMNS)} FROM papers"
        for column, values in wanted.items():
            for chunk in _chunks(sorted(values)):
                for row in self.conn.execute(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk):
                    if row[0] not in self.papers:
                        self.papers[row[0]] = _Paper(*row)
        loaded = sorted(self.papers)
        for chunk in _chunks(loaded):
            marks = ",".join("?" * len(chunk))
            for paper_id, count in self.conn.execute(
                f"SELECT paper_id, count(*) FROM paper_authors WHERE paper_id IN ({marks}) GROUP BY paper_id", chunk
            ):
                self.papers[paper_id].author_count = count
        for paper_id in loaded:
            self.index_paper(self.papers[paper_id])

    def index_paper(self, paper: _Paper) -> None:
        for column in _MATCH_KEYS:
            value = getattr(paper, column)
            if value:
                self.index[column].setdefault(value, []).append(paper.id)

    def rekey(self, paper: _Paper, column: str, value: str | None) -> None:
        """Change one of the columns papers are found by, keeping the in-memory index current."""
        old = getattr(paper, column)
        if old == value:
            return
        if old:
            self.index[column][old].remove(paper.id)
        if value:
            bisect.insort(self.index[column].setdefault(value, []), paper.id)
        paper.set(column, value)

    def find(self, entry: ParsedEntry) -> _Paper | None:
        """The library's paper for *entry*: same arXiv id, else same title, else same abstract.

        Of several, the oldest (lowest id), as the stored indexes would list them.
        """
        if entry.arxiv_id:
            ids = self.index["arxiv_id"].get(entry.arxiv_id)
            if ids:
                return self.papers[ids[0]]
        key, akey = self.keys[id(entry)]
        if key:
            for paper_id in self.index["title_key"].get(key, ()):
                paper = self.papers[paper_id]
                if not (entry.arxiv_id and paper.arxiv_id and paper.arxiv_id != entry.arxiv_id):
                    return paper
        return self.find_by_abstract(entry, key, akey)

    def find_by_abstract(self, entry: ParsedEntry, key: str | None, akey: str | None) -> _Paper | None:
        if not akey:
            return None
        wanted: str | None = None  # folded only when a candidate needs comparing: most entries have none
        for paper_id in self.index["abstract_key"].get(akey, ()):
            paper = self.papers[paper_id]
            if key and paper.title_key:
                continue  # two titled papers with different titles are different papers
            if entry.arxiv_id and paper.arxiv_id and entry.arxiv_id != paper.arxiv_id:
                continue
            wanted = fold(entry.abstract or "") if wanted is None else wanted
            if fuzz.ratio(wanted, fold(paper.abstract or ""), score_cutoff=ABSTRACT_MATCH_RATIO):
                return paper
        return None

    # --- papers ------------------------------------------------------------------------

    def insert_paper(self, entry: ParsedEntry) -> int:
        """A new paper for *entry*, held until the page is written; its id."""
        if not self.next_paper_id:
            self.next_paper_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM papers").fetchone()[0]
        tkey, akey = self.keys[id(entry)]
        author_ids = self.author_list(entry.authors)
        paper = _Paper(
            self.next_paper_id,
            entry.title,
            tkey,
            ", ".join(entry.authors),
            int(entry.authors_truncated),
            entry.date.isoformat() if entry.date else None,
            int(_date_inferred(entry)),
            entry.arxiv_id,
            entry.category,
            int(entry.has_code),
            _orgs(entry.orgs),
            entry.venue,
            entry.comments,
            entry.abstract,
            akey,
            author_count=len(author_ids),
            new=True,
            author_ids=author_ids,
        )
        self.next_paper_id += 1
        self.papers[paper.id] = paper
        self.index_paper(paper)
        return paper.id

    def author_list(self, names: Iterable[str]) -> list[int]:
        """The author ids of *names*, in order, each once."""
        return list(dict.fromkeys(self.author_id(name) for name in names))

    def merge(self, paper: _Paper, entry: ParsedEntry) -> bool:
        """Fold *entry* into *paper*; True when anything changed.

        Each field keeps the better of the stored and the incoming value, by rules that
        give the same paper whichever page came first, and that a page imported again
        cannot change (the stored value already beats or equals it):

        - date: one whose year the page printed beats one shelf inferred for a year-less
          "Jan 30"; then the earliest, which is the first version's;
        - abstract, title, venue, comments, category, arXiv id: a value beats none;
          of two, the longer (pages shorten text, never lengthen it, so the longer is
          the fuller), then the lexicographically smaller, an arbitrary but fixed tie-break;
        - code: any page saying it has code;
        - organisations: the pages' own order while they all list the same ones; once
          two disagree, every page's, in alphabetical order;
        - authors: a list beats no list, a complete list a truncated ("et al.") one,
          then the longer list; of two equally long, the better-written names (accents,
          dotted initials: ``names.display_quality``), then the lexicographically smaller text.
        """
        changed = False
        if _text_wins(entry.title, paper.title):
            paper.set("title", entry.title)
            self.rekey(paper, "title_key", self.keys[id(entry)][0])
            changed = True
        for column, incoming in (
            ("arxiv_id", entry.arxiv_id),
            ("category", entry.category),
            ("venue", entry.venue),
            ("comments", entry.comments),
        ):
            if _text_wins(incoming, getattr(paper, column)):
                self.rekey(paper, column, incoming) if column == "arxiv_id" else paper.set(column, incoming)
                changed = True
        if _text_wins(entry.abstract, paper.abstract):
            paper.set("abstract", entry.abstract)
            self.rekey(paper, "abstract_key", self.keys[id(entry)][1])
            changed = True
        if entry.date:
            incoming_date = (_date_inferred(entry), entry.date.isoformat())
            if paper.date is None or incoming_date < (bool(paper.date_inferred), paper.date):
                paper.set("date", incoming_date[1])
                paper.set("date_inferred", int(incoming_date[0]))
                changed = True
        if entry.has_code and not paper.has_code:
            paper.set("has_code", 1)
            changed = True
        merged_orgs = _merge_orgs(paper.orgs, entry.orgs)
        if merged_orgs != paper.orgs:
            paper.set("orgs", merged_orgs)
            changed = True
        if entry.authors and self.better_authors(paper, entry):
            paper.set("authors_text", ", ".join(entry.authors))
            paper.set("authors_truncated", int(entry.authors_truncated))
            paper.author_ids = self.author_list(entry.authors)
            paper.author_count = len(paper.author_ids)
            changed = True
        else:
            for name in entry.authors:  # a better spelling of a known author still counts
                self.author_id(name)
        return changed

    def better_authors(self, paper: _Paper, entry: ParsedEntry) -> bool:
        """Whether the entry's author list beats the paper's (the rule in ``merge``)."""
        count = paper.author_count
        incoming = len({name_key(name) for name in entry.authors})
        text = ", ".join(entry.authors)
        mine = (incoming > 0, not entry.authors_truncated, incoming)
        theirs = (count > 0, not paper.authors_truncated, count)
        if mine != theirs:
            return mine > theirs
        if text == paper.authors_text:
            return False
        quality, stored_quality = _list_quality(entry.authors), _list_quality(paper.authors_text.split(", "))
        if quality != stored_quality:
            return quality > stored_quality
        return text < paper.authors_text

    def write_papers(self, batch_fts: bool) -> None:
        """Write the page's new papers and the changes to stored ones, one statement per table.

        A stored paper is updated in the columns that changed only, so the full-text
        trigger fires only when its text did. New papers are indexed by the schema's
        insert trigger, or, for a page of DEFER_FTS_FROM entries or more, in one batch
        (``_batched_fts``).
        """
        new = [paper for paper in self.papers.values() if paper.new]
        stored = [paper for paper in self.papers.values() if not paper.new and paper.changed]
        for paper in stored:
            columns = list(paper.changed)
            assignments = ", ".join(f"{column} = ?" for column in columns)
            values = [getattr(paper, column) for column in columns]
            self.conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", (*values, paper.id))
        columns = ", ".join(_PAPER_COLUMNS)
        with _batched_fts(self.conn, new[0].id if batch_fts and new else None):
            self.conn.executemany(
                f"INSERT INTO papers (id, {columns}, added_at) VALUES ({','.join('?' * (len(_PAPER_COLUMNS) + 2))})",
                [(p.id, *(getattr(p, column) for column in _PAPER_COLUMNS), self.stamp) for p in new],
            )
        relinked = [paper for paper in stored if paper.author_ids is not None]
        self.conn.executemany("DELETE FROM paper_authors WHERE paper_id = ?", [(paper.id,) for paper in relinked])
        self.conn.executemany(
            "INSERT INTO paper_authors (paper_id, position, author_id) VALUES (?, ?, ?)",
            [
                (paper.id, position, author_id)
                for paper in (*new, *relinked)
                for position, author_id in enumerate(paper.author_ids or ())
            ],
        )
        self.conn.executemany("INSERT OR IGNORE INTO state (paper_id) VALUES (?)", [(paper.id,) for paper in new])


_FTS_TRIGGER = "papers_fts_insert"


@contextmanager
def _batched_fts(conn: sqlite3.Connection, first_id: int | None) -> Iterator[None]:
    """Index the papers inserted inside the block, ids from *first_id* on, in one statement instead of one per paper.

    The schema keeps ``papers_fts`` current with an AFTER INSERT trigger: one FTS5 insert
    per paper, which costs two to three times what FTS5 spends on the same rows inserted
    together (measured by the benchmark in bench/). So for a page of some size the
    trigger is dropped inside the page's transaction, and once the papers are inserted
    they are indexed in one INSERT ... SELECT (a page's new ids are consecutive and the
    largest) and the trigger is created again from its own SQL, read back from the
    schema. DDL is transactional in SQLite: if the import fails, the rollback restores
    the trigger as well. Stored papers are updated before the block, while the trigger
    that keeps their text indexed is in place. With *first_id* None the trigger indexes.
    """
    if first_id is None:
        yield
        return
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_FTS_TRIGGER,)).fetchone()
    if row is None:
        yield
        return
    conn.execute(f"DROP TRIGGER {_FTS_TRIGGER}")
    yield  # on an exception the whole transaction (trigger included) is rolled back by the caller
    columns = ", ".join(column[1] for column in conn.execute("PRAGMA table_info(papers_fts)"))
    conn.execute(f"INSERT INTO papers_fts (rowid, {columns}) SELECT id, {columns} FROM papers WHERE id >= ?", (first_id,))
    conn.execute(row[0])


def _text_wins(incoming: str | None, current: str | None) -> bool:
    """Whether *incoming* beats *current*: something beats nothing, then the longer, then the lexicographically smaller."""
    if not incoming or incoming == current:
        return False
    if not current:
        return True
    if len(incoming) != len(current):
        return len(incoming) > len(current)
    return incoming < current


def _orgs(orgs: list[str]) -> str:
    """One page's organisations as stored: each once, in the page's order."""
    return json.dumps(list(dict.fromkeys(orgs)), ensure_ascii=False) if orgs else "[]"


def _merge_orgs(stored: str, incoming: list[str]) -> str:
    """The stored list when the page lists the same (or none); otherwise every organisation, alphabetically.

    Keeping one page's order only while no page disagrees, and sorting as soon as one
    does, gives the same list whatever order the pages come in.
    """
    current = json.loads(stored)
    mine = list(dict.fromkeys(incoming))
    if not mine or mine == current:
        return stored
    if not current:
        return _orgs(mine)
    return json.dumps(sorted({*current, *mine}), ensure_ascii=False)


def _list_quality(names: Iterable[str]) -> tuple[int, int, int]:
    """How well a list of names is written: ``display_quality`` summed over its names."""
    total = (0, 0, 0)
    for name in names:
        total = tuple(a + b for a, b in zip(total, display_quality(name)))  # type: ignore[assignment]
    return total


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), SQL_VARIABLES):
        yield values[start : start + SQL_VARIABLES]


_YEAR = re.compile(r"\d{4}")


def _date_inferred(entry: ParsedEntry) -> bool:
    """A year-less "Jan 30" was placed in a year by shelf, not by the page."""
    return bool(entry.date_text) and not _YEAR.search(entry.date_text or "")


__all__ = [
    "ImportReport",
    "LoadedPage",
    "ParseError",
    "abstract_key",
    "import_file",
    "import_loaded",
    "import_page",
    "import_text",
    "load_file",
    "title_key",
]
