"""The search box: its query language, and a fuzzy index over titles and authors.

The list is filtered on every keystroke, so a query must answer in milliseconds at a
million papers. A full fuzzy scan of every title costs ~1 ms per thousand papers, so
the index narrows first: folded title and author words form a sorted vocabulary with
numpy postings; each query word is matched against the *vocabulary* (exact, prefix as
it is being typed, a few typos), papers are scored with numpy, and only the best few
hundred are re-ranked with rapidfuzz so that a phrase beats the same words scattered.

Every query word carries its own field (a ``Term``): ``a:quoc`` must match an author,
``t:sequence`` a title, a bare word either. So ``a:quoc t:sequence``, ``a:quoc sequence``
and ``t:sequence a:quoc`` are one search.

Tags, status, year and full-text search over abstracts are the library's business;
the index only ranks by the words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, count
from typing import Literal, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .names import fold

Field = Literal["any", "title", "author"]
STATUSES = ("unread", "reading", "read")

MAX_QUERY_WORDS = 12  # a pasted paragraph must not cost a vocabulary scan per word
EXACT_SCORE = 1.0
PREFIX_SCORE = (0.75, 0.2)  # base + span * typed/whole length: "sut" likes "sutton" over "sutskever"
FUZZY_SCORE = (0.7, 0.2)  # base - span * typos/length: a typo never beats a word as typed
PHRASE_WEIGHT = 0.5  # re-rank bonus for the query read as one phrase (rapidfuzz partial_ratio)
TYPO_SEARCH_BELOW = 200  # postings of a word as typed beyond which its typos are not looked for
ENCODE_CHUNK = 1 << 13  # texts tokenized at a time while building: bounds the token list (~25 MB at 8k texts)
COMPACT_FRACTION = 4  # fold added papers into the main segment once they are 1/4 of it
COMPACT_MIN = 4096

_RAW_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")  # keeps decomposed accents in the word
_SEPARATOR = "\x00"  # between texts folded in one pass; never part of a word
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_YEAR = re.compile(r"year:(?:([0-9]{4})|([0-9]{4})?\.\.([0-9]{4})?)", re.IGNORECASE)
_FIELD_PREFIXES: dict[str, Field] = {"a:": "author", "t:": "title"}
# A token: a field prefix with a quoted phrase (the closing quote may not be typed yet), or a run of non-spaces.
_TOKEN = re.compile(r'(?P<prefix>[aAtT]:)"(?P<phrase>[^"]*)"?|\S+')


# --- query language -----------------------------------------------------------------------


class Term(NamedTuple):
    """One query word and where it must match: ``"any"`` (title or authors), ``"title"`` or ``"author"``.

    *word* is folded (lower-case, accent-free), the form the index holds.
    """

    word: str
    field: Field = "any"


@dataclass(frozen=True)
class SearchQuery:
    """What the search box asked for: words, each with its field, plus the filters written inline.

    ``text`` holds every word as typed (free and fielded alike; full-text mode searches
    it), ``terms`` the same words folded, each with its field. The two always agree: a
    query made (or ``dataclasses.replace``-d) with ``text`` alone reads its words as free,
    except words that already had a term, which keep its field; one made with ``terms``
    alone gets their words as ``text``. ``unknown`` lists the tokens that looked like a
    filter but were not one (``year:abc``, ``is:foo``, a lone ``a:`` or ``#``): they are left
    out of the search, and ``unknown_hint`` says what was meant.
    """

    text: str = ""
    terms: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    starred: bool = False
    year_from: int | None = None
    year_to: int | None = None
    full_text: bool = False
    unknown: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.terms and not self.text:
            folded = tuple(Term(word, term.field) for term in self.terms for word in _words(term.word))
            object.__setattr__(self, "terms", folded)
            object.__setattr__(self, "text", " ".join(term.word for term in folded))
            return
        words = _words(self.text)
        if [term.word for term in self.terms] != words:
            fields = {term.word: term.field for term in self.terms}
            object.__setattr__(self, "terms", tuple(Term(word, fields.get(word, "any")) for word in words))

    @property
    def field(self) -> Field:
        """The one field every word is limited to, else ``"any"`` (mixed or free words).

        Kept for callers of the single-field query language; prefer ``words_for``.
        """
        fields = {term.field for term in self.terms}
        return fields.pop() if len(fields) == 1 else "any"

    def words_for(self, field: Field) -> tuple[str, ...]:
        """The folded words that may match *field*: ``"title"`` gives free and ``t:`` words,
        ``"author"`` free and ``a:`` words, ``"any"`` every word. Distinct, in query order."""
        return tuple(dict.fromkeys(term.word for term in _query_terms(self) if _may_match(term.field, field)))

    def title_words(self) -> tuple[str, ...]:
        return self.words_for("title")

    def author_words(self) -> tuple[str, ...]:
        return self.words_for("author")

    def for_authors(self, title: str | None = None) -> SearchQuery | None:
        """The query cut to the words that must have matched the paper's authors, or None.

        Every ``a:`` word, and each free word that the paper's *title* does not hold:
        "scaling lwas" matches its titles, and lighting up "de las Casas" for "lwas" would mislead.
        """
        title_words = _words(title)
        terms = tuple(
            term
            for term in _query_terms(self)
            if term.field == "author"
            or (term.field == "any" and not any(_word_match(term.word, word) for word in title_words))
        )
        if not terms:
            return None
        return SearchQuery(terms=terms, full_text=self.full_text)

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.statuses or self.starred or self.year_from is not None or self.year_to is not None)

    @property
    def is_empty(self) -> bool:
        """Nothing to search or filter by: the caller shows the whole list."""
        return not self.text and not self.has_filters


def parse_query(text: str) -> SearchQuery:
    """Read the search box. Never raises.

    Words match titles or authors; all must match. ``a:word`` limits that one word to
    authors, ``t:word`` to titles; ``a:"oriol vinyals"`` / ``t:"scaling laws"`` limit every
    word in the quotes (an unclosed quote runs to the end). ``#tag``;
    ``is:unread|reading|read|starred``; ``year:2021``, ``year:2020..2022``, ``year:2020..``,
    ``year:..2019``; a leading ``?`` searches full text.

    What looks like a filter but is not one goes to ``unknown``. A filter word with a
    value that is not valid (``is:foo``, ``year:abc``) is also searched for as words, as
    any other text is, so a misspelt filter never widens the results; a prefix with
    nothing after it (``a:``, ``t:``, ``#``, ``is:``, ``year:``) is otherwise ignored, as it
    is while being typed.
    """
    body = _CONTROL.sub(" ", text).strip()
    full_text = body.startswith("?")
    if full_text:
        body = body[1:]
    words: list[str] = []
    terms: list[Term] = []
    unknown: list[str] = []
    tags: list[str] = []
    statuses: list[str] = []
    starred = False
    year_from = year_to = None

    def add_words(raw: str, field: Field = "any") -> None:
        words.append(raw.strip())
        terms.extend(Term(word, field) for word in _words(raw))

    for found in _TOKEN.finditer(body):
        token = found.group()
        lower = token.lower()
        prefix, value = (found["prefix"], found["phrase"]) if found["prefix"] else (lower[:2], token[2:])
        if prefix.lower() in _FIELD_PREFIXES:
            if _words(value):
                add_words(value, _FIELD_PREFIXES[prefix.lower()])
            else:
                unknown.append(token)
        elif token.startswith("#"):
            if token.strip("#, "):
                tags.append(token[1:])
            else:
                unknown.append(token)
        elif lower.startswith("is:"):
            if lower[3:] in STATUSES:
                statuses.append(lower[3:])
            elif lower[3:] == "starred":
                starred = True
            else:
                unknown.append(token)
                if lower[3:]:
                    add_words(token)
        elif lower.startswith("year:"):
            if years := _year_range(token):
                year_from = years[0] if years[0] is not None else year_from
                year_to = years[1] if years[1] is not None else year_to
            else:
                unknown.append(token)
                if lower[5:]:
                    add_words(token)
        else:
            add_words(token)
    return SearchQuery(
        text=" ".join(words),
        terms=tuple(terms),
        tags=tuple(dict.fromkeys(tags)),
        statuses=tuple(dict.fromkeys(statuses)),
        starred=starred,
        year_from=year_from,
        year_to=year_to,
        full_text=full_text,
        unknown=tuple(unknown),
    )


def unknown_hint(token: str) -> str:
    """One line for a token of ``SearchQuery.unknown``: what the filter it looks like takes."""
    lower = token.lower()
    if lower[:2] in _FIELD_PREFIXES:
        where = "authors" if lower[0] == "a" else "titles"
        return f'{token}: {lower[:2]} needs a word glued to it ({lower[:2]}word, or {lower[:2]}"two words") to look in {where} only'
    if token.startswith("#"):
        return f"{token}: # needs a tag name glued to it (#tag)"
    if lower.startswith("is:"):
        return f"{token}: is: takes unread, reading, read or starred"
    if lower.startswith("year:"):
        return f"{token}: year: takes 2021, 2020..2022, 2020.. or ..2019"
    return f"{token}: not understood"


def _year_range(token: str) -> tuple[int | None, int | None] | None:
    """Bounds of a ``year:`` token, lowest first; None when the token is not one."""
    match = _YEAR.fullmatch(token)
    if not match:
        return None
    if match[1]:
        return int(match[1]), int(match[1])
    if not match[2] and not match[3]:
        return None
    low, high = (int(m) if m else None for m in (match[2], match[3]))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds (``names.fold``) and turns non-word characters into spaces.

    Filled per character on first sight. Folding character by character is what ``fold``
    does to a whole string, and translate is C-fast, where ``fold`` loops in Python.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.combining(char):
            value = ""  # an accent belongs to its letter: "Re\u0301mi" is one word
        else:
            value = "".join(c if c.isalnum() else " " for c in fold(char)) or " "
        self[code] = value
        return value


_FOLD = _FoldTable({ord(_SEPARATOR): _SEPARATOR})


def _words(text: str | None) -> list[str]:
    """Folded words of *text*: the unit the index and queries are both cut into."""
    if not text:
        return []
    return text.replace(_SEPARATOR, " ").translate(_FOLD).split()


def _query_terms(query: SearchQuery) -> list[Term]:
    """The terms the index matches: each (word, field) once, at most ``MAX_QUERY_WORDS``."""
    return list(dict.fromkeys(query.terms))[:MAX_QUERY_WORDS]


def _may_match(term_field: Field, field: Field) -> bool:
    """Whether a term limited to *term_field* may have matched text of *field*."""
    return field == "any" or term_field == "any" or term_field == field


def _typos_allowed(length: int) -> int:
    """Edit distance a word of *length* may be off by: none for short words, which are still being typed."""
    return 0 if length < 4 else 1 if length < 7 else 2


def _word_match(query_word: str, word: str) -> int:
    """How many leading characters of folded *word* the query word accounts for (0: no match)."""
    if word.startswith(query_word):
        return len(query_word)
    typos = _typos_allowed(len(query_word))
    if typos and OSA.distance(query_word, word, score_cutoff=typos) <= typos:
        return len(word)
    return 0


def highlight_spans(query: SearchQuery | str, text: str, field: Field = "any") -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of *text* that the query's words matched.

    *field* says what *text* is: ``"title"`` lights up only free and ``t:`` words,
    ``"author"`` only free and ``a:`` words, ``"any"`` every word. Word-level, like the
    index: a prefix match lights up the typed part, a typo match the whole word.
    """
    words = (parse_query(query) if isinstance(query, str) else query).words_for(field)
    spans: list[tuple[int, int]] = []
    if not words or not text:
        return spans
    for found in _RAW_WORD.finditer(text):
        raw = found.group()
        folded = "".join(_words(raw))
        matched = max(_word_match(word, folded) for word in words)
        if matched:
            end = found.start() + matched if len(folded) == len(raw) else found.end()
            spans.append((found.start(), end))
    return spans


# --- index --------------------------------------------------------------------------------


class _Postings(NamedTuple):
    """Compressed rows: the papers holding vocabulary word *w* are ``docs[starts[w]:starts[w + 1]]``."""

    starts: np.ndarray  # int64, len(vocabulary) + 1
    docs: np.ndarray  # int32 positions in the segment, ascending within a row


class _Segment:
    """An immutable slice of the corpus with its own vocabulary; papers can only be retired."""

    def __init__(self, ids: Sequence[int], titles: Sequence[str | None], authors: Sequence[str | None]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.titles = list(titles)
        self.authors = list(authors)
        self.alive = np.ones(len(self.ids), dtype=bool)
        self._sorted_ids: tuple[np.ndarray, np.ndarray] | None = None
        first_seen: dict[str, int] = {_SEPARATOR: -1}
        counter = count()
        title_words, title_order = _encode(self.titles, first_seen, counter)
        author_words, author_order = _encode(self.authors, first_seen, counter)
        del first_seen[_SEPARATOR]
        self.vocab = sorted(first_seen)
        rank = np.empty(next(counter), dtype=np.int32)
        rank[np.fromiter(map(first_seen.__getitem__, self.vocab), dtype=np.int64, count=len(self.vocab))] = np.arange(
            len(self.vocab), dtype=np.int32
        )
        self.titles_postings = _postings(title_words, title_order, rank, len(self.vocab), len(self.ids))
        self.authors_postings = _postings(author_words, author_order, rank, len(self.vocab), len(self.ids))
        self.lengths = np.fromiter(map(len, self.vocab), dtype=np.int32, count=len(self.vocab))
        self.by_length_ids = np.argsort(self.lengths, kind="stable")
        self.by_length = [self.vocab[i] for i in self.by_length_ids]
        self.length_starts = np.searchsorted(self.lengths[self.by_length_ids], np.arange(self.lengths.max(initial=0) + 2))

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, paper_id: int) -> int | None:
        if self._sorted_ids is None:
            order = np.argsort(self.ids, kind="stable")
            self._sorted_ids = (self.ids[order], order)
        keys, order = self._sorted_ids
        at = int(np.searchsorted(keys, paper_id))
        return int(order[at]) if at < len(keys) and keys[at] == paper_id else None

    def match(self, terms: list[Term]) -> tuple[np.ndarray, np.ndarray]:
        """Positions of live papers matching every term, each in its own field, and their summed term scores.

        The term with the fewest postings goes first; later terms only score its survivors.
        """
        plans = []
        for term in terms:
            postings = self._postings_for(term.field)
            plans.append((*self._vocab_matches(term.word, postings), postings))
        plans.sort(key=lambda plan: plan[2])
        candidates = self.alive
        positions = np.zeros(0, dtype=np.int64)
        total = np.zeros(0, dtype=np.float32)
        for number, (vocab_ids, scores, _, postings) in enumerate(plans):
            best = np.zeros(len(self), dtype=np.float32)
            for kept in postings:
                starts, ends = kept.starts[vocab_ids], kept.starts[vocab_ids + 1]
                docs = kept.docs[_ranges(starts, ends)]
                doc_scores = np.repeat(scores.astype(np.float32), ends - starts)
                wanted = candidates[docs]
                np.maximum.at(best, docs[wanted], doc_scores[wanted])
            if number == 0:
                positions = np.flatnonzero(best)
                total = best[positions]
            else:
                got = best[positions]
                matched = got > 0
                positions, total = positions[matched], total[matched] + got[matched]
            if not len(positions):
                break
            candidates = np.zeros(len(self), dtype=bool)
            candidates[positions] = True
        return positions, total

    def _postings_for(self, field: Field) -> list[_Postings]:
        if field == "title":
            return [self.titles_postings]
        if field == "author":
            return [self.authors_postings]
        return [self.titles_postings, self.authors_postings]

    def _vocab_matches(self, word: str, postings: list[_Postings]) -> tuple[np.ndarray, np.ndarray, int]:
        """Vocabulary ids *word* may stand for, scored (exact > prefix > typo), and how many postings they hold.

        Typos are looked for only when the word as typed is rare: scanning the vocabulary
        is the costliest step, and a word found hundreds of times is no typo.
        """
        low = bisect_left(self.vocab, word)
        high = bisect_left(self.vocab, word + "\U0010ffff", low)
        ids = np.arange(low, high)
        lengths = self.lengths[low:high]
        scores = np.where(lengths == len(word), EXACT_SCORE, PREFIX_SCORE[0] + PREFIX_SCORE[1] * len(word) / lengths)
        found = sum(int(kept.starts[high] - kept.starts[low]) for kept in postings)
        typos = _typos_allowed(len(word))
        shortest = min(max(len(word) - typos, 0), len(self.length_starts) - 1)
        longest = min(len(word) + typos + 1, len(self.length_starts) - 1)
        first, last = self.length_starts[shortest], self.length_starts[longest]
        if not typos or first == last or found >= TYPO_SEARCH_BELOW:
            return ids, scores, found
        distances = process.cdist(
            [word], self.by_length[first:last], scorer=OSA.distance, score_cutoff=typos, dtype=np.int32, workers=-1
        )[0]
        near = np.flatnonzero(distances <= typos)
        near_ids = self.by_length_ids[first + near]
        outside = (near_ids < low) | (near_ids >= high)  # words in the prefix range already scored higher
        near_ids, near_scores = near_ids[outside], FUZZY_SCORE[0] - FUZZY_SCORE[1] * distances[near][outside] / len(word)
        found += sum(int((kept.starts[near_ids + 1] - kept.starts[near_ids]).sum()) for kept in postings)
        return np.concatenate([ids, near_ids]), np.concatenate([scores, near_scores]), found


def _encode(texts: list[str | None], first_seen: dict[str, int], counter: Iterator[int]) -> tuple[np.ndarray, np.ndarray]:
    """Every word of *texts*, a separator (-1) after each text, and the position of each text in that stream.

    A word is encoded by the *counter* value at its first sighting: one dict operation per
    word, the bulk of the build. Texts are cut in chunks to bound memory.
    """
    ids = []
    orders = []
    for start in range(0, len(texts), ENCODE_CHUNK):
        tokens, order = _tokenize(texts[start : start + ENCODE_CHUNK])
        ids.append(np.fromiter(map(first_seen.setdefault, tokens, counter), dtype=np.int32, count=len(tokens)))
        orders.append(order + start)
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    return np.concatenate(ids), np.concatenate(orders)


def _tokenize(texts: list[str | None]) -> tuple[list[str], np.ndarray]:
    """The words of *texts* (as ``_words`` cuts them) with a separator token after each text,
    and the position of each text in that stream.

    One ``translate`` over the texts joined: calls per text would be most of the build.
    ASCII texts go first, apart, because translate is far faster on pure ASCII.
    """
    clean = [text or "" for text in texts]
    ascii_flags = list(map(str.isascii, clean))
    tokens: list[str] = []
    order = []
    for keep in (ascii_flags, [not flag for flag in ascii_flags]):
        group = list(compress(clean, keep))
        if not group:
            continue
        joined = f" {_SEPARATOR} ".join(group)
        if joined.count(_SEPARATOR) >= len(group):  # some text holds the separator itself
            joined = f" {_SEPARATOR} ".join(text.replace(_SEPARATOR, " ") for text in group)
        tokens += joined.translate(_FOLD).split()
        tokens.append(_SEPARATOR)
        order.append(np.flatnonzero(keep))
    return tokens, np.concatenate(order)


def _postings(encoded: np.ndarray, order: np.ndarray, rank: np.ndarray, words: int, papers: int) -> _Postings:
    """Postings of one field from ``_encode`` output: each (word, paper) pair once, papers ascending.

    The stream holds a few million tokens at 100k papers, so intermediates are int32
    where they fit and are dropped as soon as they are used: this is the build's peak.
    """
    separators = encoded < 0
    text_numbers = np.cumsum(separators, dtype=np.int32)[~separators]
    sources = order[text_numbers].astype(np.int32)
    del text_numbers
    words_of_tokens = rank[encoded[~separators]]
    del separators
    stride = max(papers, 1)
    pairs = words_of_tokens.astype(np.int64)
    del words_of_tokens
    pairs *= stride
    pairs += sources
    del sources
    pairs.sort()
    pairs = pairs[np.flatnonzero(np.diff(pairs, prepend=-1))]
    pair_words = pairs // stride
    starts = np.zeros(words + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_words, minlength=words), out=starts[1:])
    pairs -= pair_words * stride
    return _Postings(starts, pairs.astype(np.int32))


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, e)`` for every pair, without a Python loop."""
    lengths = ends - starts
    skips = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(int(lengths.sum()), dtype=np.int64) + skips


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the *limit* best scores; ties go to the earliest, so results are stable."""
    if len(scores) <= limit:
        return np.arange(len(scores))
    cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
    above = np.flatnonzero(scores > cut)
    tied = np.flatnonzero(scores == cut)[: limit - len(above)]
    return np.concatenate([above, tied])


class SearchIndex:
    """Fuzzy search over titles and authors, built once, then queried per keystroke.

    ``add``/``update``/``remove`` are cheap: the paper's old entry is retired in place and
    new text goes to a small side segment, rebuilt lazily at the next search; once that
    holds a quarter of the corpus everything is rebuilt into one segment. Safe to search
    from several threads.
    """

    def __init__(self, main: _Segment) -> None:
        self._main = main
        self._live_main = len(main)
        self._pending: dict[int, tuple[str | None, str]] = {}
        self._side: _Segment | None = None
        self._lock = threading.Lock()

    @classmethod
    def build(cls, ids: Sequence[int], titles: Sequence[str | None], authors: Sequence[str]) -> SearchIndex:
        """Index papers given as parallel sequences (authors as the display string "A, B, C"); ids unique."""
        if not len(ids) == len(titles) == len(authors):
            raise ValueError(f"ids, titles and authors differ in length ({len(ids)}, {len(titles)}, {len(authors)})")
        return cls(_Segment(ids, titles, authors))

    def __len__(self) -> int:
        return self._live_main + len(self._pending)

    def add(self, paper_id: int, title: str | None, authors: str) -> None:
        """Index a new paper, or re-index one whose title or authors changed."""
        with self._lock:
            self._retire(paper_id)
            self._pending[paper_id] = (title, authors or "")
            self._side = None

    update = add

    def remove(self, paper_id: int) -> None:
        """Forget a deleted paper (no-op when it is not indexed)."""
        with self._lock:
            self._retire(paper_id)
            if self._pending.pop(paper_id, None) is not None:
                self._side = None

    def search(self, query: SearchQuery | str, limit: int = 500) -> list[int]:
        """Paper ids best first for the query's words (all must match, each in its own field).

        No words gives []; the caller then shows the unfiltered list. Filters and the
        full-text flag are ignored here. Equal scores keep corpus order.
        """
        if isinstance(query, str):
            query = parse_query(query)
        terms = _query_terms(query)
        if not terms or limit <= 0:
            return []
        phrases = _Phrases.of(terms)
        segments = self._segments()
        pool: list[tuple[float, int, int]] = []  # (-score, segment, position)
        for number, segment in enumerate(segments):
            positions, scores = segment.match(terms)
            best = _top(scores, limit)
            for position, score in zip(positions[best].tolist(), scores[best].tolist()):
                fine = score / len(terms) + PHRASE_WEIGHT * phrases.score(segment, position)
                pool.append((-fine, number, position))
        pool.sort()
        return [int(segments[number].ids[position]) for _, number, position in pool[:limit]]

    def _segments(self) -> list[_Segment]:
        with self._lock:
            if len(self._pending) > max(COMPACT_MIN, self._live_main // COMPACT_FRACTION):
                self._compact()
            if self._pending and self._side is None:
                ids = list(self._pending)
                self._side = _Segment(ids, [self._pending[i][0] for i in ids], [self._pending[i][1] for i in ids])
            return [self._main] if self._side is None else [self._main, self._side]

    def _retire(self, paper_id: int) -> None:
        position = self._main.position(paper_id)
        if position is not None and self._main.alive[position]:
            self._main.alive[position] = False
            self._live_main -= 1

    def _compact(self) -> None:
        main = self._main
        kept = np.flatnonzero(main.alive).tolist()
        ids = [int(main.ids[i]) for i in kept] + list(self._pending)
        titles = [main.titles[i] for i in kept] + [title for title, _ in self._pending.values()]
        authors = [main.authors[i] for i in kept] + [names for _, names in self._pending.values()]
        self._main = _Segment(ids, titles, authors)
        self._live_main = len(self._main)
        self._pending = {}
        self._side = None


class _Phrases(NamedTuple):
    """The query read as phrases, for the re-rank: a phrase beats the same words scattered.

    Free and ``t:`` words, in query order, read as one phrase against the title (and
    against the authors too when no word is ``t:``: "oriol vinyals" is a name); ``a:``
    words as one phrase against the authors. Each side weighs by its number of words.
    """

    title_side: str
    title_count: int
    either: bool  # the title-side phrase may be read in the authors as well
    author_side: str
    author_count: int

    @classmethod
    def of(cls, terms: list[Term]) -> _Phrases:
        title_words = [term.word for term in terms if term.field != "author"]
        author_words = [term.word for term in terms if term.field == "author"]
        either = all(term.field != "title" for term in terms)
        return cls(" ".join(title_words), len(title_words), either, " ".join(author_words), len(author_words))

    def score(self, segment: _Segment, position: int) -> float:
        """How well the query reads as phrases in the paper's title and authors (0..1)."""
        authors = " ".join(_words(segment.authors[position])) if self.author_count or self.either else ""
        total = 0.0
        if self.title_count:
            best = fuzz.partial_ratio(self.title_side, " ".join(_words(segment.titles[position])))
            if self.either:
                best = max(best, fuzz.partial_ratio(self.title_side, authors))
            total += self.title_count * best
        if self.author_count:
            total += self.author_count * fuzz.partial_ratio(self.author_side, authors)
        return total / (self.title_count + self.author_count) / 100
