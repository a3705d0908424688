"""The abstract pane: everything the library knows about the selected paper, read-only.

Fields that a page did not carry are left out rather than shown empty; the arXiv link is
shown only when an id is known. All page text goes in as ``Text``, never markup.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store import Paper
from store.export import arxiv_category, arxiv_url

from ..safe_text import one_line, printable
from .paper_text import status_text, untitled_label

LABEL_STYLE = "dim"
BYLINE_NAMES = 8


class AbstractView(VerticalScroll, can_focus=True):
    """A scrollable page about one paper."""

    def compose(self) -> ComposeResult:
        yield Static(id="abstract-body")

    def show(self, paper: Paper | None, *, keep_scroll: bool = False) -> None:
        """Show *paper*; *keep_scroll* when it is the same paper with a changed status or tags."""
        self.query_one("#abstract-body", Static).update(describe(paper) if paper else _nothing())
        if not keep_scroll:
            self.scroll_home(animate=False)


def _nothing() -> Text:
    return Text("No paper selected.", style="dim")


def describe(paper: Paper) -> RenderableType:
    """The paper as a small page: title, authors, facts, abstract, where it came from."""
    parts: list[RenderableType] = []
    if paper.title:
        parts.append(Text(one_line(paper.title), style="bold"))
    else:
        parts.append(Text(one_line(untitled_label(paper.arxiv_id, None)), style="bold dim"))
    if paper.authors:
        parts.append(Text(_byline(paper), style="italic"))
    elif paper.authors_truncated:
        parts.append(Text("et al.", style="italic"))
    else:
        parts.append(Text("authors not given on the page", style="dim italic"))
    parts.append(Text())
    parts.append(_facts(paper))
    parts.append(Text())
    if paper.abstract:
        parts.append(Text(printable(paper.abstract)))
    else:
        parts.append(Text("No abstract on the page.", style="dim"))
    if len(paper.authors) > BYLINE_NAMES:  # the whole list, after what a reader came for
        parts += [Text(), Text(f"All {len(paper.authors)} authors", style=LABEL_STYLE), Text(_all_authors(paper))]
    return Group(*parts)


def _byline(paper: Paper) -> str:
    """The first BYLINE_NAMES authors: a paper with 80 (or 450) would push everything else off the pane."""
    if len(paper.authors) > BYLINE_NAMES:
        names = ", ".join(one_line(a) for a in paper.authors[:BYLINE_NAMES])
        return names + f" … and {len(paper.authors) - BYLINE_NAMES} more (listed below)"
    return _all_authors(paper)


def _all_authors(paper: Paper) -> str:
    return ", ".join(one_line(a) for a in paper.authors) + (", et al." if paper.authors_truncated else "")


def _date(paper: Paper) -> Text:
    """The date, and whether its year is shelf's inference: pages print this year's papers as "Jan 30"."""
    text = Text(paper.date or "")
    printed = [source.date_text for source in paper.sources if source.date_text]
    if printed and not any(re.search(r"\d{4}", date_text) for date_text in printed):
        text.append(f"  (“{one_line(printed[0])}”, year assumed)", style=LABEL_STYLE)
    return text


class LabelledRows:
    """Label and value rows, a value's wrapped lines indented under the value column.

    What a two-column ``Table.grid`` draws, without the table measuring every cell on each
    of the two renders Textual makes per update (it was most of the cost of showing a paper).
    """

    def __init__(self, rows: list[tuple[str, Text]]) -> None:
        self.rows = rows
        self.label_width = max((len(label) for label, _ in rows), default=0) + 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.label_width)
        for label, value in self.rows:
            for number, line in enumerate(value.wrap(console, width, overflow="fold")):
                shown = (label if number == 0 else "").ljust(self.label_width)
                yield Text.assemble((shown, LABEL_STYLE), line)


def _facts(paper: Paper) -> LabelledRows:
    rows: list[tuple[str, Text]] = [("status", Text(status_text(paper.status, paper.starred)))]
    if paper.tags:
        rows.append(("tags", Text(" ".join("#" + one_line(t) for t in paper.tags))))
    if paper.date:
        rows.append(("date", _date(paper)))
    if paper.category:
        full = arxiv_category(paper.category)
        rows.append(("category", Text(one_line(paper.category) + (f"  ({full})" if full else ""))))
    if paper.has_code:
        rows.append(("code", Text("code available")))
    if paper.orgs:
        rows.append(("orgs", Text(", ".join(one_line(o) for o in paper.orgs))))
    if paper.venue:
        rows.append(("venue", Text(one_line(paper.venue))))
    if paper.comments:
        rows.append(("comments", Text(one_line(paper.comments))))
    url = arxiv_url(paper)
    rows.append(("arXiv", Text(one_line(url)) if url else Text("no arXiv id on the page", style="dim")))
    for number, source in enumerate(paper.sources):
        owner = f"  ({one_line(source.owner)})" if source.owner else ""
        rows.append(("from" if number == 0 else "", Text(one_line(source.file) + owner)))
    return LabelledRows(rows)
