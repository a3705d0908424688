"""The ``S`` screen: the library at a glance (papers per year, reading progress, top coauthors and tags)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Sparkline, Static

from store import LibraryStats, ReadStatus

from ..safe_text import one_line
from ..widgets.paper_text import STAR, STATUS_GLYPH
from ..wording import busiest_years

SPARK_CELLS = 64


def years_with_gaps(per_year: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every year from the first to the last, with 0 for years without papers (so the shape is honest)."""
    if not per_year:
        return []
    counts = dict(per_year)
    return [(year, counts.get(year, 0)) for year in range(per_year[0][0], per_year[-1][0] + 1)]


def _ranking(title: str, rows: list[tuple[str, int]], prefix: str = "") -> Table:
    table = Table.grid(padding=(0, 2))
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(no_wrap=True, max_width=34)
    table.add_column(justify="right", style="dim")
    for name, count in rows:
        table.add_row(Text(prefix + one_line(name)), f"{count:,}")
    if not rows:
        table.add_row(Text("none yet", style="dim"), "")
    return table


def _summary(stats: LibraryStats) -> Text:
    by = stats.by_status
    text = Text()
    text.append(f"{stats.papers:,} papers · {stats.authors:,} authors · {stats.pages:,} pages\n", "bold")
    parts = [
        f"{STATUS_GLYPH[ReadStatus.READ]} {by[ReadStatus.READ]:,} read",
        f"{STATUS_GLYPH[ReadStatus.READING]} {by[ReadStatus.READING]:,} reading",
        f"{STATUS_GLYPH[ReadStatus.UNREAD]} {by[ReadStatus.UNREAD]:,} unread",
        f"{STAR} {stats.starred:,} starred",
        f"{stats.with_notes:,} with notes",
        f"{stats.tagged:,} tagged",
    ]
    text.append(" · ".join(parts), "dim")
    return text


class StatsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,S", "dismiss", "Close", key_display="esc")]

    def __init__(self, stats: LibraryStats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        years = years_with_gaps(stats.per_year)
        with Vertical(id="stats-box", classes="modal-box"):
            yield Static(Text("Library statistics", style="bold"), id="stats-title")
            yield Static(_summary(stats), id="stats-summary")
            yield Static(Text("Reading progress (read of all papers)", style="bold"), classes="stats-heading")
            yield ProgressBar(total=max(1, stats.papers), show_eta=False, id="stats-progress")
            yield Static(Text("Papers per year", style="bold"), classes="stats-heading")
            if years:
                cells = max(1, SPARK_CELLS // len(years)) * len(years)
                spark = Sparkline([count for _year, count in years], summary_function=max, id="stats-spark")
                spark.styles.width = cells
                yield spark
                first, last = str(years[0][0]), str(years[-1][0])
                labels = first + " " * max(1, cells - len(first) - len(last)) + last
                yield Static(Text(labels, style="dim"), id="stats-years")
                yield Static(Text(busiest_years(years), style="dim"), id="stats-peak")
            else:
                yield Static(Text("no dated papers yet", style="dim"))
            with Horizontal(id="stats-rankings"):
                yield Static(_ranking("Top coauthors", stats.top_coauthors), classes="stats-ranking")
                yield Static(_ranking("Top tags", stats.top_tags, "#"), classes="stats-ranking")
            yield Static(Text("esc closes", style="dim"), id="stats-hint")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).update(progress=self.stats.by_status[ReadStatus.READ])
