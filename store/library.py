"""Reading and changing the library: papers, authors, personal state. The only home of SQL.

The app asks for ordered paper ids (cheap even at a million rows) and then for the few
rows it draws; it never holds the whole library as objects. Personal state changes
are single small transactions, so a crash or a second shelf never loses one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import sqlite_utils

from . import db as dbmod
from .errors import NotFound, ParseError
from .bulk_import import import_paths
from .importer import ImportReport, import_file
from .model import Author, AuthorTable, Paper, PaperRow, ProfileFigures, ReadStatus, Source
from .names import name_key
from .search import SearchIndex, SearchQuery, highlight_spans, parse_query

SortKey = Literal["date", "title", "changed", "added"]
SORT_KEYS: tuple[SortKey, ...] = ("date", "title", "changed", "added")
_ORDER_BY: dict[str, str] = {
    "date": "p.date DESC NULLS LAST, p.id DESC",
    "title": "p.title COLLATE NOCASE ASC NULLS LAST, p.id",
    "changed": "s.changed_at DESC NULLS LAST, p.date DESC NULLS LAST, p.id DESC",
    "added": "p.id DESC",
}
VISIBLE_FIRST = 50  # search results re-ordered so a visible match comes first (about two screens)
_ARXIV_PREFIX = re.compile(r"\d{4}\.\d{1,5}(?:v\d*)?|[a-z-]+(?:\.[A-Z]{2})?/\d{1,7}")  # new and old style
# The owners of the pages paper p is on who are not among its listed authors (one query's column).
_UNLISTED_OWNERS = """
    SELECT group_concat(a.name, ', ') FROM authors a
    WHERE a.id IN (SELECT g.owner_id FROM sources s2 JOIN pages g ON g.id = s2.page_id WHERE s2.paper_id = p.id)
      AND a.id NOT IN (SELECT author_id FROM paper_authors WHERE paper_id = p.id)
"""
# Each paper with its page owners who are not already among its listed authors.
_INDEX_ROWS = """
    WITH owner_links AS (
        SELECT DISTINCT s.paper_id, g.owner_id FROM sources s JOIN pages g ON g.id = s.page_id
        WHERE g.owner_id IS NOT NULL
    ), unlisted AS (
        SELECT o.paper_id, group_concat(a.name, ', ') AS owners
        FROM owner_links o JOIN authors a ON a.id = o.owner_id
        WHERE NOT EXISTS (SELECT 1 FROM paper_authors pa WHERE pa.paper_id = o.paper_id AND pa.author_id = o.owner_id)
        GROUP BY o.paper_id
    )
    SELECT p.id, p.title, p.authors_text, u.owners FROM papers p LEFT JOIN unlisted u ON u.paper_id = p.id
"""
_READS_STATE = re.compile(r"\bs\.")  # a clause naming the state table's alias
_TAG = re.compile(r"^[^\s#,]{1,64}$")
_FIGURE_COLUMNS = ("main_category", "h_index", "paper_count", "citations", "novelty_pct", "ai_score")


@dataclass(frozen=True)
class PaperFilter:
    """Which papers to show. Empty means all of them."""

    author_id: int | None = None
    statuses: tuple[ReadStatus, ...] = ()
    starred: bool = False
    tags: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, query: SearchQuery, author_id: int | None = None) -> "PaperFilter":
        return cls(
            author_id=author_id,
            statuses=tuple(ReadStatus(s) for s in query.statuses),
            starred=query.starred,
            tags=query.tags,
            year_from=query.year_from,
            year_to=query.year_to,
        )

    @property
    def is_empty(self) -> bool:
        return self == PaperFilter()


@dataclass(frozen=True)
class LibraryStats:
    papers: int
    authors: int
    pages: int
    by_status: dict[ReadStatus, int]
    starred: int
    with_notes: int
    tagged: int
    per_year: list[tuple[int, int]]
    top_coauthors: list[tuple[str, int]]
    top_tags: list[tuple[str, int]]


class Library:
    """A shelf library file. Open it with ``open_library``."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._owner_thread = threading.get_ident()
        self._readers = threading.local()

    def close(self) -> None:
        self.db.close()

    def _read(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """Run a read query on this thread's own connection (WAL lets readers run beside the writer).

        The app searches and builds its index in worker threads; they must not share the
        main connection, whose transactions belong to the main thread.
        """
        if threading.get_ident() == self._owner_thread:
            return self.db.execute(sql, params)
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=dbmod.BUSY_TIMEOUT_MS / 1000)
            self._readers.conn = conn
        return conn.execute(sql, params)

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- importing ---------------------------------------------------------------------

    def import_file(self, path: str | Path, *, owner: str | None = None, today: dt.date | None = None) -> ImportReport:
        """Import one page, all or nothing, in a transaction of its own; a ParseError leaves the library as it was."""
        report = import_file(self.db, path, owner=owner, today=today)
        self._index = None
        return report

    def import_files(
        self, paths: Iterable[str | Path], *, owner: str | None = None, today: dt.date | None = None
    ) -> Iterator[ImportReport | ParseError]:
        """Import each page on its own; yields a report, or the error of a page that was refused.

        Each page is all or nothing; pages are committed in groups (``bulk_import``).
        """
        for result in import_paths(self.db, paths, owner=owner, today=today):
            self._index = None
            yield result

    # --- papers ------------------------------------------------------------------------

    def count(self) -> int:
        """How many papers (reads a whole index: a second or two of disk at a million papers, cold)."""
        return self._read("SELECT count(*) FROM papers").fetchone()[0]

    def is_empty(self) -> bool:
        """Whether the library holds no paper; instant at any size, unlike ``count``."""
        return not self._read("SELECT EXISTS (SELECT 1 FROM papers)").fetchone()[0]

    def paper_ids(self, flt: PaperFilter = PaperFilter(), sort: SortKey = "date", limit: int | None = None) -> list[int]:
        """Ids of the papers *flt* lets through, in *sort* order (the first *limit* of them)."""
        where, params = _where(flt)
        order = _ORDER_BY[sort]
        sql = f"SELECT p.id FROM {_papers_for(where + order)} {where} ORDER BY {order}"
        if limit is not None:
            sql, params = sql + " LIMIT ?", [*params, limit]
        return [paper_id for (paper_id,) in self._read(sql, params)]

    def matching_ids(self, flt: PaperFilter) -> set[int]:
        """The set of ids *flt* lets through (to intersect with search results)."""
        where, params = _where(flt)
        return {paper_id for (paper_id,) in self._read(f"SELECT p.id FROM {_papers_for(where)} {where}", params)}

    def rows(self, ids: Sequence[int], *, with_owners: bool = True) -> dict[int, PaperRow]:
        """The list columns of *ids*, fetched in one query (what one screenful needs).

        *with_owners* also reads which page owners hide behind "et al." (two subqueries a
        row: right for a screenful, wasted on a whole-library listing that does not show them).
        """
        result: dict[int, PaperRow] = {}
        owners_column = f"({_UNLISTED_OWNERS})" if with_owners else "NULL"
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT p.id, p.title, p.authors_text, p.authors_truncated, p.date, p.arxiv_id,"
                f" substr(p.abstract, 1, 160), s.status, s.starred, {owners_column}"
                f" FROM papers p JOIN state s ON s.paper_id = p.id WHERE p.id IN ({marks})"
            )
            for pid, title, authors, truncated, date, arxiv, start, status, starred, owners in self._read(sql, chunk):
                result[pid] = PaperRow(
                    pid,
                    title,
                    authors + (" et al." if truncated else ""),
                    date,
                    arxiv,
                    start,
                    ReadStatus(status),
                    bool(starred),
                    owners or "",
                )
        return result

    def paper(self, paper_id: int) -> Paper:
        row = self.db.execute(
            "SELECT p.id, p.title, p.authors_truncated, p.date, p.arxiv_id, p.category, p.has_code, p.orgs, p.venue,"
            " p.comments, p.abstract, s.status, s.starred, s.note, s.changed_at"
            " FROM papers p JOIN state s ON s.paper_id = p.id WHERE p.id = ?",
            (paper_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no paper with id {paper_id}")
        (pid, title, truncated, date, arxiv, category, code, orgs, venue, comments, abstract, status, starred, note, changed) = row
        return Paper(
            id=pid,
            title=title,
            authors=self._author_names(pid),
            authors_truncated=bool(truncated),
            date=date,
            arxiv_id=arxiv,
            category=category,
            has_code=bool(code),
            orgs=json.loads(orgs),
            venue=venue,
            comments=comments,
            abstract=abstract,
            status=ReadStatus(status),
            starred=bool(starred),
            note=note,
            tags=self.tags_of(pid),
            sources=self._sources(pid),
            changed_at=changed,
        )

    def papers(self, ids: Iterable[int]) -> Iterator[Paper]:
        for paper_id in ids:
            yield self.paper(paper_id)

    def _author_names(self, paper_id: int) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT a.name FROM paper_authors pa JOIN authors a ON a.id = pa.author_id"
                " WHERE pa.paper_id = ? ORDER BY pa.position",
                (paper_id,),
            )
        ]

    def _sources(self, paper_id: int) -> list[Source]:
        return [
            Source(file, owner, fmt, position, date_text)
            for file, owner, fmt, position, date_text in self.db.execute(
                "SELECT g.file, a.name, g.format, s.position, s.date_text FROM sources s"
                " JOIN pages g ON g.id = s.page_id LEFT JOIN authors a ON a.id = g.owner_id"
                " WHERE s.paper_id = ? ORDER BY g.file, g.path, s.position",
                (paper_id,),
            )
        ]

    # --- authors -----------------------------------------------------------------------

    def authors(self, limit: int | None = None) -> AuthorTable:
        """Every author with their paper count: page owners first, then by count and name (the first *limit*).

        An owner's papers are those on their pages as well as those that list them. Only
        owners (a few hundred even in a large library) need that union; everyone else's
        count is read off the paper_authors_author index, which lists each author's
        papers once (the importer links an author to a paper once). With *limit*, SQLite
        keeps only the best rows while sorting, and only those become objects: the first
        screenful of a 100k-paper library costs a third of the whole list.
        """
        sql = f"""
            WITH owners(id) AS (SELECT DISTINCT owner_id FROM pages WHERE owner_id IS NOT NULL),
            counts(author_id, n, is_owner) AS (
                SELECT author_id, count(*), 0 FROM paper_authors WHERE author_id NOT IN owners GROUP BY author_id
                UNION ALL
                SELECT author_id, count(*), 1 FROM (
                    SELECT g.owner_id AS author_id, s.paper_id FROM pages g JOIN sources s ON s.page_id = g.id
                    WHERE g.owner_id IS NOT NULL
                    UNION
                    SELECT pa.author_id, pa.paper_id FROM owners o JOIN paper_authors pa ON pa.author_id = o.id
                ) GROUP BY author_id
            )
            SELECT a.id, a.name, c.n, c.is_owner, {", ".join("a." + c for c in _FIGURE_COLUMNS)}
            FROM counts c JOIN authors a ON a.id = c.author_id
            ORDER BY c.is_owner DESC, c.n DESC, a.name COLLATE NOCASE
            {"" if limit is None else "LIMIT ?"}
        """
        table = AuthorTable()
        for row in self._read(sql, () if limit is None else (limit,)):
            author_id, name, count, is_owner, *figures = row
            table.add(author_id, name, count, bool(is_owner), _profile(figures))
        return table

    def author(self, author_id: int) -> Author:
        table = self.authors()
        at = table.position(author_id)
        if at is None:
            raise NotFound(f"no author with id {author_id}")
        return table[at]

    def find_author(self, name: str) -> Author | None:
        """The author best matching *name* (exact identity first, then the most prolific substring match)."""
        key = name_key(name)
        table = self.authors()
        keys = [name_key(shown) for shown in table.names]
        at = next((i for i, other in enumerate(keys) if other == key), None)
        if at is None and key:
            at = next((i for i, other in enumerate(keys) if key in other), None)
        return None if at is None else table[at]

    # --- personal state ----------------------------------------------------------------

    def set_status(self, paper_id: int, status: ReadStatus | str) -> ReadStatus:
        status = ReadStatus(status)
        self._update_state(paper_id, "status = ?", (status.value,))
        return status

    def cycle_status(self, paper_id: int) -> ReadStatus:
        return self.set_status(paper_id, self.paper_state(paper_id)[0].next())

    def set_starred(self, paper_id: int, starred: bool) -> bool:
        self._update_state(paper_id, "starred = ?", (int(starred),))
        return starred

    def toggle_star(self, paper_id: int) -> bool:
        return self.set_starred(paper_id, not self.paper_state(paper_id)[1])

    def set_note(self, paper_id: int, note: str) -> None:
        """Save a note; unchanged text is not written again (autosave calls this freely)."""
        current = self.db.execute("SELECT note FROM state WHERE paper_id = ?", (paper_id,)).fetchone()
        if current is None:
            raise NotFound(f"no paper with id {paper_id}")
        if current[0] != note:
            self._update_state(paper_id, "note = ?", (note,))

    def paper_state(self, paper_id: int) -> tuple[ReadStatus, bool, str]:
        row = self.db.execute("SELECT status, starred, note FROM state WHERE paper_id = ?", (paper_id,)).fetchone()
        if row is None:
            raise NotFound(f"no paper with id {paper_id}")
        return ReadStatus(row[0]), bool(row[1]), row[2]

    def _update_state(self, paper_id: int, assignment: str, params: tuple) -> None:
        with dbmod.write(self.db):
            cursor = self.db.execute(
                f"UPDATE state SET {assignment}, changed_at = ? WHERE paper_id = ?", (*params, dbmod.now(), paper_id)
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no paper with id {paper_id}")

    # --- tags --------------------------------------------------------------------------

    def tags_of(self, paper_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT tag FROM tags WHERE paper_id = ? ORDER BY tag", (paper_id,))]

    def set_tags(self, paper_id: int, tags: Iterable[str]) -> list[str]:
        """Replace the paper's tags. Tags are single words ("#" and commas are stripped)."""
        clean = sorted({normalise_tag(tag) for tag in tags} - {""})
        with dbmod.write(self.db):
            self.paper_state(paper_id)
            self.db.execute("DELETE FROM tags WHERE paper_id = ?", (paper_id,))
            stamp = dbmod.now()
            self.db.conn.executemany(
                "INSERT INTO tags (paper_id, tag, added_at) VALUES (?, ?, ?)", [(paper_id, t, stamp) for t in clean]
            )
            self.db.execute("UPDATE state SET changed_at = ? WHERE paper_id = ?", (stamp, paper_id))
        return clean

    def add_tags(self, paper_id: int, tags: Iterable[str]) -> list[str]:
        return self.change_tags(paper_id, add=tags)

    def change_tags(self, paper_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
        """Add and remove tags atomically; the paper's tags afterwards.

        The current tags are read inside the write transaction, so another shelf adding
        or removing a tag at the same moment waits, and neither change is lost (reading
        first and then replacing every tag, as ``set_tags`` would, drops the other's).
        Only the difference is written: tags already there keep the time they were put
        on. A tag both added and removed is removed. Adding what is there, or removing
        what is not, writes nothing.
        """
        adding = {normalise_tag(tag) for tag in add} - {""}
        removing = {normalise_tag(tag) for tag in remove} - {""}
        with dbmod.write(self.db):
            self.paper_state(paper_id)  # NotFound for an unknown paper
            current = set(self.tags_of(paper_id))
            new = sorted(adding - removing - current)
            gone = sorted(removing & current)
            if new or gone:
                stamp = dbmod.now()
                self.db.conn.executemany(
                    "INSERT INTO tags (paper_id, tag, added_at) VALUES (?, ?, ?)", [(paper_id, t, stamp) for t in new]
                )
                self.db.conn.executemany("DELETE FROM tags WHERE paper_id = ? AND tag = ?", [(paper_id, t) for t in gone])
                self.db.execute("UPDATE state SET changed_at = ? WHERE paper_id = ?", (stamp, paper_id))
            return sorted((current | set(new)) - set(gone))

    def all_tags(self) -> list[tuple[str, int]]:
        return self.db.execute("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY count(*) DESC, tag").fetchall()

    # --- search ------------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The fuzzy index over titles and authors, built on first use and after imports.

        Locked: the app warms it in a worker while a search worker may ask for it too.
        """
        with self._index_lock:
            return self._build_index_if_needed()

    def _build_index_if_needed(self) -> SearchIndex:
        """Titles, and authors as the page listed them plus the owners of the pages the paper is on.

        A profile page lists three names and "et al."; its owner is an author all the
        same, and "sutskever" must find every paper on Sutskever's page.
        """
        if self._index is None:
            ids, titles, authors = [], [], []
            for pid, title, authors_text, owners in self._read(_INDEX_ROWS):
                ids.append(pid)
                titles.append(title)
                authors.append(f"{authors_text}, {owners}" if owners else authors_text)
            self._index = SearchIndex.build(ids, titles, authors)
        return self._index

    def search(self, text: str, *, author_id: int | None = None, limit: int = 500) -> list[int]:
        """Ranked ids for a search-bar query: fuzzy words, full text (leading "?"), and filters."""
        query = parse_query(text)
        flt = PaperFilter.from_query(query, author_id)
        if not query.text:
            return self.paper_ids(flt)
        if query.full_text:
            ranked = self.full_text(query.text, limit=limit)
        else:
            ranked = self._visible_first(query, self.search_index().search(query, limit))
        by_id = self._arxiv_matches(query.text, limit)
        if by_id:  # "2404.02258" (or the start of one) is the paper with that id, first
            first = set(by_id)
            ranked = by_id + [pid for pid in ranked if pid not in first]
        if flt.is_empty:
            return ranked
        allowed = self.matching_ids(flt)
        return [pid for pid in ranked if pid in allowed]

    def _visible_first(self, query: SearchQuery, ranked: list[int], head: int = VISIBLE_FIRST) -> list[int]:
        """Among the first *head* results, those whose match a reader can see come first.

        A page owner counts among the authors of every paper on their page, yet the
        page may list only "A, B, C et al." — such a paper matches "sutskever" for good
        reason, but should not top the list above one that shows the name. Stable.
        """
        top = ranked[:head]
        if not top:
            return ranked
        marks = ",".join("?" * len(top))
        shown = {
            pid: (title or "", authors)
            for pid, title, authors in self._read(f"SELECT id, title, authors_text FROM papers WHERE id IN ({marks})", top)
        }

        def hidden(pid: int) -> bool:
            title, authors = shown.get(pid, ("", ""))
            return not (highlight_spans(query, title, field="title") or highlight_spans(query, authors, field="author"))

        return sorted(top, key=hidden) + ranked[head:]

    def _arxiv_matches(self, text: str, limit: int) -> list[int]:
        """Papers whose arXiv id starts with the query, when the query is (the start of) one."""
        wanted = text.strip().removeprefix("arXiv:").removeprefix("arxiv:")
        if not _ARXIV_PREFIX.fullmatch(wanted):
            return []
        sql = "SELECT id FROM papers WHERE arxiv_id >= ? AND arxiv_id < ? ORDER BY arxiv_id LIMIT ?"
        return [row[0] for row in self._read(sql, (wanted, wanted + "\U0010ffff", limit))]

    def full_text(self, text: str, *, limit: int = 500) -> list[int]:
        """FTS5 over title, authors and abstract, best first (bm25). Any text is safe to pass."""
        match = fts_query(text)
        if not match:
            return []
        sql = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts, 5.0, 3.0, 1.0) LIMIT ?"
        return [row[0] for row in self._read(sql, (match, limit))]

    def similar(self, paper_id: int, limit: int = 20) -> list[int]:
        """Papers sharing the most distinctive abstract and title terms with this one (FTS5 bm25)."""
        paper = self.paper(paper_id)
        terms = _salient_terms(f"{paper.title or ''} {paper.abstract or ''}")
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)
        sql = (
            "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? AND rowid != ?"
            " ORDER BY bm25(papers_fts, 3.0, 1.0, 1.0) LIMIT ?"
        )
        return [row[0] for row in self.db.execute(sql, (match, paper_id, limit))]

    # --- overview ----------------------------------------------------------------------

    def stats(self) -> LibraryStats:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_status = {ReadStatus(s): n for s, n in self.db.execute("SELECT status, count(*) FROM state GROUP BY status")}
        return LibraryStats(
            papers=one("SELECT count(*) FROM papers"),
            authors=one("SELECT count(*) FROM authors"),
            pages=one("SELECT count(*) FROM pages"),
            by_status={status: by_status.get(status, 0) for status in ReadStatus},
            starred=one("SELECT count(*) FROM state WHERE starred"),
            with_notes=one("SELECT count(*) FROM state WHERE note != ''"),
            tagged=one("SELECT count(DISTINCT paper_id) FROM tags"),
            per_year=[
                (int(y), n)
                for y, n in self.db.execute(
                    "SELECT substr(date, 1, 4) AS y, count(*) FROM papers WHERE date IS NOT NULL GROUP BY y ORDER BY y"
                )
            ],
            top_coauthors=self.db.execute(
                "SELECT a.name, count(*) AS n FROM paper_authors pa JOIN authors a ON a.id = pa.author_id"
                " WHERE a.id NOT IN (SELECT owner_id FROM pages WHERE owner_id IS NOT NULL)"
                " GROUP BY a.id ORDER BY n DESC, a.name LIMIT 10"
            ).fetchall(),
            top_tags=self.all_tags()[:10],
        )


def open_library(path: str | Path) -> Library:
    """Open the library at *path*, creating or upgrading it as needed."""
    path = Path(path)
    return Library(dbmod.connect(path), path)


def normalise_tag(tag: str) -> str:
    """One tag as stored: lower-case (#RL and #rl are one tag), no "#", words joined by "-"."""
    tag = tag.strip().lstrip("#").replace(",", " ").strip().lower()
    tag = "-".join(tag.split())
    return tag[:64]


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every word quoted, the last one a prefix."""
    words = re.findall(r"\w+", text)
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


_STOPWORDS = frozenset(
    """a about above after again against all also an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having here how i if in into is
    it its itself just more most no nor not now of off on once only or other our out over own same she should so some
    such than that the their them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your show shows shown use used using based paper propose
    proposed approach method methods results new work which model models""".split()
)


def _salient_terms(text: str, limit: int = 12) -> list[str]:
    """The longest, non-trivial words of a text: a cheap proxy for what it is about."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", text)]
    counts: dict[str, int] = {}
    for word in words:
        if word not in _STOPWORDS:
            counts[word.replace("-", " ")] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w] * len(w), w))
    return ranked[:limit]


def _papers_for(clauses: str) -> str:
    """Papers, joined to their state only when *clauses* read it: every paper has a state row,
    and without the join the default order is one scan of the date index (a million ids in 0.4 s, not 1 s)."""
    return "papers p JOIN state s ON s.paper_id = p.id" if _READS_STATE.search(clauses) else "papers p"


def _where(flt: PaperFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.author_id is not None:
        clauses.append(
            "(p.id IN (SELECT paper_id FROM paper_authors WHERE author_id = ?)"
            " OR p.id IN (SELECT s2.paper_id FROM sources s2 JOIN pages g ON g.id = s2.page_id WHERE g.owner_id = ?))"
        )
        params += [flt.author_id, flt.author_id]
    if flt.statuses:
        clauses.append(f"s.status IN ({','.join('?' * len(flt.statuses))})")
        params += [status.value for status in flt.statuses]
    if flt.starred:
        clauses.append("s.starred = 1")
    for tag in flt.tags:
        clauses.append("p.id IN (SELECT paper_id FROM tags WHERE tag = ?)")
        params.append(normalise_tag(tag))
    if flt.year_from is not None:
        clauses.append("p.date >= ?")
        params.append(f"{flt.year_from:04d}")
    if flt.year_to is not None:
        clauses.append("p.date < ?")
        params.append(f"{flt.year_to + 1:04d}")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _profile(figures: Sequence[object]) -> ProfileFigures | None:
    """An author's profile figures, when a profile page gave any."""
    return ProfileFigures(*figures) if any(f is not None for f in figures) else None