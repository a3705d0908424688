"""Put a parsed page into the library: find each paper if it is already there, merge, record the page.

The same paper on several pages is one paper. It is recognised by arXiv id, then by
normalised title, then (when either side has no title) by a near-identical abstract.
Personal state (status, star, note, tags) is never written here. A page is imported
in one transaction: all of it, or none of it.

Merging does not depend on the order pages are imported in, and importing a page
again changes nothing: each field keeps the best value any page gave it, by a fixed
rule (see ``_Importer.merge``). Every page the paper was seen on is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz

from . import db as dbmod
from .errors import ParseError
from .formats import parse_page, read_bytes
from .model import ParsedEntry, ParsedPage, ProfileFigures
from .names import display_name, display_quality, fold, name_key

ABSTRACT_KEY_CHARS = 80
ABSTRACT_MATCH_RATIO = 90.0
DEFER_FTS_FROM = 16  # entries on a page from which full-text rows are written in one batch
SQL_VARIABLES = 500  # ids or keys bound to one "IN (...)" query
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


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


def _fold_text(text: str) -> str:
    """Exactly ``names.fold``, without its per-character loop when the text is ASCII."""
    return _SPACES.sub(" ", text).strip().lower() if text.isascii() else fold(text)


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """``names.name_key``, remembered: the same coauthors come back entry after entry."""
    return name_key(name)


def import_file(
    db: sqlite_utils.Database, path: str | Path, *, owner: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Parse and import one page file. Raises ParseError, leaving the library untouched.

    The file is read once: the bytes that are parsed are the bytes that are hashed. The
    page is recorded under its resolved path (see ``_Importer.upsert_page``).
    """
    path = Path(path)
    data = read_bytes(path)
    page = parse_page(data, path.name or str(path), today)
    return import_page(db, page, hashlib.sha256(data).hexdigest(), owner=owner, path=str(path.resolve()))


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


class _Importer:
    """One page's import, inside its transaction. Lives as long as that transaction."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.conn = db.conn
        self.stamp = dbmod.now()
        self.author_ids: dict[str, tuple[int, str]] = {}
        self.absent_authors: set[str] = set()  # keys known not to be in the library yet
        self.fts = _DeferredFts(self.conn)

    def run(self, page: ParsedPage, digest: str, path: str | None = None) -> ImportReport:
        self.prefetch_authors(page)
        owner_id = self.author_id(page.owner, page.profile) if page.owner else None
        page_id = self.upsert_page(page, digest, owner_id, path)
        previous = dict(self.conn.execute("SELECT position, paper_id FROM sources WHERE page_id = ?", (page_id,)).fetchall())
        self.conn.execute("DELETE FROM sources WHERE page_id = ?", (page_id,))
        new = merged = unchanged = 0
        sources = []
        with self.fts.deferred(len(page.entries) >= DEFER_FTS_FROM):
            for position, entry in enumerate(page.entries):
                paper_id = self.find(entry)
                if paper_id is None:
                    paper_id = self.insert_paper(entry)
                    new += 1
                else:
                    changed = self.merge(paper_id, entry)
                    if previous.get(position) == paper_id and not changed:
                        unchanged += 1
                    else:
                        merged += 1
                sources.append((page_id, position, paper_id, entry.date_text))
        self.conn.executemany(
            "INSERT OR REPLACE INTO sources (page_id, position, paper_id, date_text) VALUES (?, ?, ?, ?)", sources
        )
        return ImportReport(
            page.file, page.format, page.owner, page.owner_inferred, len(page.entries), new, merged, unchanged
        )

    # --- authors and pages -------------------------------------------------------------

    def prefetch_authors(self, page: ParsedPage) -> None:
        """Look up every author the page names in a few queries, not one query per name."""
        keys = {_name_key(name) for entry in page.entries for name in entry.authors}
        if page.owner:
            keys.add(_name_key(page.owner))
        wanted = list(keys - self.author_ids.keys() - self.absent_authors)
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for author_id, key, shown in self.conn.execute(f"SELECT id, key, name FROM authors WHERE key IN ({marks})", chunk):
                self.author_ids[key] = (author_id, shown)
        self.absent_authors.update(key for key in wanted if key not in self.author_ids)

    def author_id(self, name: str, profile: ProfileFigures | None = None) -> int:
        key = _name_key(name)
        cached = self.author_ids.get(key)
        if cached is None:
            row = None if key in self.absent_authors else self.conn.execute(
                "SELECT id, name FROM authors WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                cursor = self.conn.execute("INSERT INTO authors (key, name) VALUES (?, ?)", (key, name))
                cached = (cursor.lastrowid, name)
                self.absent_authors.discard(key)
            else:
                cached = (row[0], row[1])
            self.author_ids[key] = cached
        author_id, shown = cached
        if name != shown:
            better = _better_name(shown, name)
            if better != shown:
                self.conn.execute("UPDATE authors SET name = ? WHERE id = ?", (better, author_id))
                self.author_ids[key] = (author_id, better)
        if profile is not None:
            figures = {k: v for k, v in vars(profile).items() if v is not None}
            if figures:
                assignments = ", ".join(f"{column} = ?" for column in figures)
                self.conn.execute(f"UPDATE authors SET {assignments} WHERE id = ?", (*figures.values(), author_id))
        return author_id

    def upsert_page(self, page: ParsedPage, digest: str, owner_id: int | None, path: str | None) -> int:
        """The page's row, updated or added. Which earlier page this one *is*:

        - the page at the same resolved *path*: the same page, perhaps saved again;
        - else a page of the same file name and the same content (sha256) whose path is
          unknown (imported before paths were kept, or as text) or elsewhere: the same
          page moved or copied, so its path becomes this one;
        - else a new page, even if another page has the same file name ("page.txt"
          saved from two profiles is two pages).

        Text imported without a file (*path* None) is the page of that file name that
        has no path either.
        """
        values = (page.format, owner_id, int(page.owner_inferred), digest, len(page.entries), self.stamp)
        if path is None:
            row = self.conn.execute(
                "SELECT id FROM pages WHERE file = ? AND path IS NULL ORDER BY id LIMIT 1", (page.file,)
            ).fetchone()
        else:
            row = self.conn.execute("SELECT id FROM pages WHERE path = ?", (path,)).fetchone() or self.conn.execute(
                "SELECT id FROM pages WHERE file = ? AND sha256 = ? ORDER BY path IS NOT NULL, id LIMIT 1",
                (page.file, digest),
            ).fetchone()
        if row:
            self.conn.execute(
                "UPDATE pages SET format = ?, owner_id = ?, owner_inferred = ?, sha256 = ?, entries = ?, imported_at = ?,"
                " file = ?, path = coalesce(?, path) WHERE id = ?",
                (*values, page.file, path, row[0]),
            )
            return row[0]
        cursor = self.conn.execute(
            "INSERT INTO pages (file, path, format, owner_id, owner_inferred, sha256, entries, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (page.file, path, *values),
        )
        return cursor.lastrowid

    # --- matching ----------------------------------------------------------------------

    def find(self, entry: ParsedEntry) -> int | None:
        """The library's paper for *entry*: same arXiv id, else same title, else same abstract."""
        if entry.arxiv_id:
            row = self.conn.execute("SELECT id FROM papers WHERE arxiv_id = ? LIMIT 1", (entry.arxiv_id,)).fetchone()
            if row:
                return row[0]
        key = title_key(entry.title)
        if key:
            rows = self.conn.execute(
                "SELECT id, arxiv_id FROM papers WHERE title_key = ? ORDER BY id", (key,)
            ).fetchall()
            for paper_id, arxiv_id in rows:
                if not (entry.arxiv_id and arxiv_id and arxiv_id != entry.arxiv_id):
                    return paper_id
        return self.find_by_abstract(entry, key)

    def find_by_abstract(self, entry: ParsedEntry, key: str | None) -> int | None:
        akey = abstract_key(entry.abstract)
        if not akey:
            return None
        rows = self.conn.execute(
            "SELECT id, title_key, arxiv_id, abstract FROM papers WHERE abstract_key = ? ORDER BY id", (akey,)
        ).fetchall()
        wanted: str | None = None  # folded only when a candidate needs comparing: most entries have none
        for paper_id, other_title, other_arxiv, other_abstract in rows:
            if key and other_title:
                continue  # two titled papers with different titles are different papers
            if entry.arxiv_id and other_arxiv and entry.arxiv_id != other_arxiv:
                continue
            wanted = _fold_text(entry.abstract or "") if wanted is None else wanted
            if fuzz.ratio(wanted, _fold_text(other_abstract or ""), score_cutoff=ABSTRACT_MATCH_RATIO):
                return paper_id
        return None

    # --- writing papers ----------------------------------------------------------------

    def insert_paper(self, entry: ParsedEntry) -> int:
        cursor = self.conn.execute(
            "INSERT INTO papers (title, title_key, authors_text, authors_truncated, date, date_inferred, arxiv_id,"
            " category, has_code, orgs, venue, comments, abstract, abstract_key, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.title,
                title_key(entry.title),
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
                abstract_key(entry.abstract),
                self.stamp,
            ),
        )
        paper_id = cursor.lastrowid
        self.fts.added(paper_id)
        self.link_authors(paper_id, entry.authors)
        self.conn.execute("INSERT OR IGNORE INTO state (paper_id) VALUES (?)", (paper_id,))
        return paper_id

    def link_authors(self, paper_id: int, authors: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM paper_authors WHERE paper_id = ?", (paper_id,))
        seen: set[int] = set()
        rows = []
        for name in authors:
            author_id = self.author_id(name)
            if author_id not in seen:
                seen.add(author_id)
                rows.append((paper_id, len(rows), author_id))
        self.conn.executemany("INSERT INTO paper_authors (paper_id, position, author_id) VALUES (?, ?, ?)", rows)

    def merge(self, paper_id: int, entry: ParsedEntry) -> bool:
        """Fold *entry* into the stored paper; True when anything changed.

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
        row = self.conn.execute(
            "SELECT title, authors_text, authors_truncated, date, date_inferred, arxiv_id, category, has_code, orgs,"
            " venue, comments, abstract FROM papers WHERE id = ?",
            (paper_id,),
        ).fetchone()
        title, authors_text, truncated, date, date_inferred, arxiv_id, category, has_code, orgs, venue, comments, abstract = row
        updates: dict[str, object] = {}
        if _text_wins(entry.title, title):
            updates.update(title=entry.title, title_key=title_key(entry.title))
        for column, current, incoming in (
            ("arxiv_id", arxiv_id, entry.arxiv_id),
            ("category", category, entry.category),
            ("venue", venue, entry.venue),
            ("comments", comments, entry.comments),
        ):
            if _text_wins(incoming, current):
                updates[column] = incoming
        if _text_wins(entry.abstract, abstract):
            updates.update(abstract=entry.abstract, abstract_key=abstract_key(entry.abstract))
        if entry.date:
            incoming_date = (_date_inferred(entry), entry.date.isoformat())
            if date is None or incoming_date < (bool(date_inferred), date):
                updates.update(date=incoming_date[1], date_inferred=int(incoming_date[0]))
        if entry.has_code and not has_code:
            updates["has_code"] = 1
        merged_orgs = _merge_orgs(orgs, entry.orgs)
        if merged_orgs != orgs:
            updates["orgs"] = merged_orgs
        if entry.authors and self.better_authors(paper_id, authors_text, bool(truncated), entry):
            updates.update(authors_text=", ".join(entry.authors), authors_truncated=int(entry.authors_truncated))
            self.link_authors(paper_id, entry.authors)
        else:
            for name in entry.authors:  # a better spelling of a known author still counts
                self.author_id(name)
        if updates:
            self.fts.before_update(paper_id)
            assignments = ", ".join(f"{column} = ?" for column in updates)
            self.conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", (*updates.values(), paper_id))
        return bool(updates)

    def better_authors(self, paper_id: int, stored_text: str, truncated: bool, entry: ParsedEntry) -> bool:
        """Whether the entry's author list beats the stored one (the rule in ``merge``)."""
        count = self.conn.execute("SELECT count(*) FROM paper_authors WHERE paper_id = ?", (paper_id,)).fetchone()[0]
        incoming = len({_name_key(name) for name in entry.authors})
        text = ", ".join(entry.authors)
        mine = (incoming > 0, not entry.authors_truncated, incoming)
        theirs = (count > 0, not truncated, count)
        if mine != theirs:
            return mine > theirs
        if text == stored_text:
            return False
        quality, stored_quality = _list_quality(entry.authors), _list_quality(stored_text.split(", "))
        if quality != stored_quality:
            return quality > stored_quality
        return text < stored_text


def _text_wins(incoming: str | None, current: str | None) -> bool:
    """Whether *incoming* beats *current*: something beats nothing, then the longer, then the lexicographically smaller."""
    if not incoming or incoming == current:
        return False
    if not current:
        return True
    if len(incoming) != len(current):
        return len(incoming) > len(current)
    return incoming < current


def _orgs(orgs: Iterable[str]) -> str:
    """One page's organisations as stored: each once, in the page's order."""
    return json.dumps(list(dict.fromkeys(orgs)), ensure_ascii=False)


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


def _better_name(current: str, candidate: str) -> str:
    """The better-written spelling of one person: ``names.display_quality``, then the lexicographically smaller.

    Unlike ``names.better_display`` a tie does not keep the current spelling, so the
    name shown does not depend on which page was imported first.
    """
    if candidate == current:
        return current
    quality, current_quality = display_quality(candidate), display_quality(current)
    if quality != current_quality:
        return candidate if quality > current_quality else current
    return min(candidate, current)


class _DeferredFts:
    """Full-text rows for a page's new papers, written in one statement instead of one per paper.

    The schema keeps ``papers_fts`` current with an AFTER INSERT trigger: one FTS5 insert
    per paper, which costs two to three times what FTS5 spends on the same rows inserted
    together (measured by the benchmark in bench/). So for a page of some size the
    trigger is dropped inside the page's transaction, new paper ids are queued, and
    before the transaction ends they are indexed in one INSERT ... SELECT and the trigger
    is created again from its own SQL, read back from the schema. DDL is transactional
    in SQLite: if the import fails, the rollback restores the trigger as well.

    A queued paper about to be updated is indexed first, so the update trigger's
    'delete' of its old text always finds that text in the index.
    """

    TRIGGER = "papers_fts_insert"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.trigger_sql: str | None = None
        self.pending: dict[int, None] = {}

    @contextmanager
    def deferred(self, wanted: bool) -> Iterator[None]:
        """Defer indexing inside the block when *wanted* and the schema has the trigger to defer."""
        row = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (self.TRIGGER,)).fetchone()
        if not wanted or row is None:
            yield
            return
        self.trigger_sql = row[0]
        self.conn.execute(f"DROP TRIGGER {self.TRIGGER}")
        yield  # on an exception the whole transaction (trigger included) is rolled back by the caller
        self.flush()
        self.conn.execute(self.trigger_sql)
        self.trigger_sql = None

    def added(self, paper_id: int) -> None:
        if self.trigger_sql is not None:
            self.pending[paper_id] = None

    def before_update(self, paper_id: int) -> None:
        if paper_id in self.pending:
            self.flush()

    def flush(self) -> None:
        """Index the queued papers with the columns the full-text table declares."""
        if not self.pending:
            return
        columns = ", ".join(row[1] for row in self.conn.execute("PRAGMA table_info(papers_fts)"))
        for chunk in _chunks(list(self.pending)):
            self.conn.execute(
                f"INSERT INTO papers_fts (rowid, {columns}) SELECT id, {columns} FROM papers"
                f" WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        self.pending.clear()


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), SQL_VARIABLES):
        yield values[start : start + SQL_VARIABLES]


def _date_inferred(entry: ParsedEntry) -> bool:
    """A year-less "Jan 30" was placed in a year by shelf, not by the page."""
    return bool(entry.date_text) and not re.search(r"\d{4}", entry.date_text or "")


__all__ = [
    "ImportReport",
    "ParseError",
    "abstract_key",
    "import_file",
    "import_page",
    "import_text",
    "title_key",
]
