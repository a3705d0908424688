"""Hypothesis strategies that write valid pages in each layout, with the fields each one should parse to.

store/ has no page writer, so each layout gets a small renderer here. A generated page
is a ``Rendered``: its text and the entries (as ``ParsedEntry``) it was written from.
Free text mixes markup, LaTeX, punctuation and accents, but always opens with a
capitalised word, so no line of it can be mistaken for a layout's structural line
(which the parsers rightly refuse, and which is what the mutation tests are for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hypothesis import strategies as st

from store.dates import MONTHS
from store.model import ParsedEntry, ProfileFigures

TODAY = dt.date(2026, 11, 25)

GIVEN = ["Ann", "Bob", "Rémi", "Petar", "Nenad", "Jack", "Joel", "Koray", "Zoë", "Li", "Ola", "Jean-Baptiste"]
MIDDLE = ["W.", "Z.", "A.", "de las", "van der", "da"]
FAMILY = ["Smith", "Munos", "Veličković", "Tomašev", "McAleese", "LeCun", "Warde-Farley", "O'Neil", "Lee", "Rae"]
OPENERS = ["Deep", "Learning", "On", "Towards", "Scaling", "Why", "Notes", "The", "A", "Sparse", "Über", "Ζeta"]
CATEGORIES = ["LG", "CV", "CL", "AI", "RO", "NE", "ML"]
VENUES = ["arXiv.org Machine Learning", "arXiv.org Artificial Intelligence", "NeurIPS", "ICML 2021"]
ORGS = ["deepmind", "openai", "amazon-science", "berkeley", "mila"]

# Lower-case words with the characters hostile text carries: markup, LaTeX, SQL, punctuation.
_LETTERS = "abcdefghijklmnopqrstuvwxyzéøß"
_HOSTILE = _LETTERS + "0123456789[]$\\/@=:;()?!'\"%&*{}<>#-"


def _sentence(opener: str, raw: str) -> str:
    """*opener* and the words of *raw*, single-spaced, ending in a letter (glued titles need one)."""
    text = " ".join([opener, *raw.split()])
    return text if text[-1] in _LETTERS or text == opener else text + "x"


# One draw per sentence (not one per word) keeps generation cheap enough for 200 examples a layout.
sentence = st.builds(_sentence, st.sampled_from(OPENERS), st.text(_HOSTILE + "    ", max_size=60))


@st.composite
def person(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(GIVEN))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(MIDDLE)))
    parts.append(draw(st.sampled_from(FAMILY)))
    return " ".join(parts)


authors_list = st.lists(person(), min_size=1, max_size=5)
orgs_list = st.lists(st.sampled_from(ORGS), max_size=3, unique=True)
full_date = st.dates(dt.date(1990, 1, 1), TODAY)


def month_day_year(date: dt.date) -> str:
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def latest_on_or_before(month: int, day: int, today: dt.date) -> dt.date:
    """What a year-less "Mon D" means: that day in the latest year that puts it on or before *today*."""
    year = today.year
    while True:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= today:
            return candidate
        year -= 1


@st.composite
def printed_date(draw: st.DrawFn, year_less: bool = False) -> tuple[str, dt.date]:
    """A date as the listing pages print it, and the day it means."""
    date = draw(full_date)
    if year_less and draw(st.booleans()):
        text = f"{MONTHS[date.month - 1]} {date.day}"
        return text, latest_on_or_before(date.month, date.day, TODAY)
    return month_day_year(date), date


def author_line(authors: list[str], truncated: bool, orgs: list[str]) -> str:
    text = ", ".join(authors) + (" et al." if truncated else "")
    return text + (" · " + ", ".join(orgs) if orgs else "")


@dataclass
class Rendered:
    layout: str
    text: str
    entries: list[ParsedEntry]
    owner: str | None = None
    profile: ProfileFigures | None = None
    notes: list[str] = field(default_factory=list)


# --- glued-lines ----------------------------------------------------------------------------


@st.composite
def glued_entry(draw: st.DrawFn) -> tuple[str, ParsedEntry]:
    date_text, date = draw(printed_date(year_less=True))
    category, code = draw(st.sampled_from(CATEGORIES)), draw(st.booleans())
    title, authors = draw(sentence), draw(authors_list)
    truncated, orgs, abstract = draw(st.booleans()), draw(orgs_list), draw(sentence)
    text = f"{category}{date_text}{'Code' if code else ''}\n{title}{author_line(authors, truncated, orgs)}\n{abstract}\n"
    entry = ParsedEntry(
        line=0, title=title, authors=authors, authors_truncated=truncated, orgs=orgs, date=date,
        date_text=date_text, category=category, has_code=code, abstract=abstract,
    )
    return text, entry


@st.composite
def glued_page(draw: st.DrawFn) -> Rendered:
    parts = draw(st.lists(glued_entry(), min_size=1, max_size=6))
    return Rendered("glued-lines", "".join(text for text, _ in parts), [entry for _, entry in parts])


# --- picture-header -------------------------------------------------------------------------


@st.composite
def picture_entry(draw: st.DrawFn) -> tuple[str, ParsedEntry]:
    date_text, date = draw(printed_date())
    title, authors = draw(sentence), draw(authors_list)
    abstract = draw(st.lists(sentence, min_size=1, max_size=3))
    comments = draw(st.lists(sentence, max_size=2))
    figures = "".join(f"Figure {n} for {title}\n" for n in range(1, draw(st.integers(0, 3)) + 1))
    text = (
        f"{title}\n\n{date_text}\n{', '.join(authors)}\n\n{figures}\n"
        + "\n\n".join(abstract)
        + "\n\n"
        + "".join(f"* {c} \n" for c in comments)
        + "Viaarxiv icon\n\n"
    )
    entry = ParsedEntry(
        line=0, title=title, authors=authors, date=date, date_text=date_text,
        abstract="\n\n".join(abstract), comments="; ".join(comments) or None,
    )
    return text, entry


@st.composite
def picture_page(draw: st.DrawFn) -> Rendered:
    owner = draw(person())
    parts = draw(st.lists(picture_entry(), min_size=1, max_size=5))
    text = f"Alert button\nPicture for {owner}\n\n{owner}\n\nAlert button\n\n" + "".join(t for t, _ in parts)
    return Rendered("picture-header", text, [entry for _, entry in parts], owner=owner)


# --- arxiv-listing --------------------------------------------------------------------------


@st.composite
def arxiv_entry(draw: st.DrawFn) -> tuple[str, ParsedEntry]:
    number, version = draw(st.integers(0, 99_999)), draw(st.integers(0, 9))
    arxiv_id = f"{number // 10:04d}.{number:05d}" + (f"v{version}" if version else "")
    created = draw(full_date)
    abstract = draw(sentence)
    comments = draw(st.lists(sentence, max_size=2))
    entry = ParsedEntry(line=0, arxiv_id=arxiv_id, date=created, date_text=created.isoformat(), abstract=abstract)
    head = ""
    if draw(st.booleans()):
        entry.title, entry.authors = draw(sentence), draw(authors_list)
        head = f"{entry.title}\n{', '.join(entry.authors)}\n\n"
    entry.comments = "; ".join(comments) or None
    body = "".join(f"{c}\n\n" for c in comments)
    return f"{head}{abstract}\n\n{body}arXiv:{arxiv_id}\nCreated: {created.isoformat()}\n\n", entry


@st.composite
def arxiv_page(draw: st.DrawFn) -> Rendered:
    parts = draw(st.lists(arxiv_entry(), min_size=1, max_size=6))
    return Rendered("arxiv-listing", "".join(t for t, _ in parts), [entry for _, entry in parts])


# --- collaborators --------------------------------------------------------------------------


@st.composite
def collaborators_page(draw: st.DrawFn) -> Rendered:
    given, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
    owner = f"{given} {family}"
    entries, text = [], f"Goto\n\nCollaborating Authors\n\n {family}, {given}\n\n\n"
    for _ in range(draw(st.integers(1, 5))):
        title, venue = draw(sentence), draw(st.sampled_from(VENUES))
        abstract = draw(st.lists(sentence, min_size=1, max_size=3))
        text += f"{title}\n\n{venue}\n\n" + "\n".join(abstract) + "\n\n\n"
        entries.append(
            ParsedEntry(
                line=0, title=title, venue=venue, abstract="\n".join(abstract), authors=[owner], authors_truncated=True
            )
        )
    return Rendered("collaborators", text, entries, owner=owner)


# --- profile-stats --------------------------------------------------------------------------


@st.composite
def profile_page(draw: st.DrawFn) -> Rendered:
    owner = draw(person())
    figures = ProfileFigures(
        main_category=draw(st.sampled_from(CATEGORIES)),
        h_index=draw(st.integers(0, 300)),
        paper_count=draw(st.integers(0, 5000)),
        citations=draw(st.integers(0, 10**9)),
        novelty_pct=draw(st.integers(0, 100)),
        ai_score=draw(st.integers(0, 100)),
    )
    text = (
        f"{owner}\n\n{figures.main_category}\nh-index{figures.h_index}\n{figures.paper_count}papers\n"
        f"{figures.citations:,}citations\nNovelty{figures.novelty_pct}%\nAI Score{figures.ai_score}\n\n"
        f"{figures.paper_count} Papers\n\n"
    )
    entries = []
    for _ in range(draw(st.integers(1, 5))):
        date_text, date = draw(printed_date(year_less=True))
        category, code = draw(st.sampled_from(CATEGORIES)), draw(st.booleans())
        title, authors, truncated, orgs = draw(sentence), draw(authors_list), draw(st.booleans()), draw(orgs_list)
        abstract = draw(st.lists(sentence, min_size=1, max_size=3))
        text += f"{category}{date_text}{'Code' if code else ''}\n{title}\n\n{author_line(authors, truncated, orgs)}\n\n"
        text += "\n".join(abstract) + "\n\n"
        entries.append(
            ParsedEntry(
                line=0, title=title, authors=authors, authors_truncated=truncated, orgs=orgs, date=date,
                date_text=date_text, category=category, has_code=code, abstract="\n".join(abstract),
            )
        )
    return Rendered("profile-stats", text, entries, owner=owner, profile=figures)


PAGES = {
    "picture-header": picture_page(),
    "glued-lines": glued_page(),
    "arxiv-listing": arxiv_page(),
    "collaborators": collaborators_page(),
    "profile-stats": profile_page(),
}
any_page = st.one_of(*PAGES.values())
