"""The `shelf` command: a thin layer of argparse over the store, and the way into the app."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from store import (
    Library,
    NotFound,
    PaperFilter,
    ParseError,
    ReadStatus,
    ShelfError,
    open_library,
)
from store.db import LibraryTooNew
from store.export import EXPORT_FORMATS, export, short_authors
from store.library import SORT_KEYS
from store.locations import default_library_path, sample_pages
from store.search import SearchQuery, parse_query, unknown_hint

from .safe_text import one_line, printable
from .wording import busiest_years, plural

STATUS_GLYPH = {ReadStatus.UNREAD: "·", ReadStatus.READING: "◐", ReadStatus.READ: "●"}

EXIT_STATUS = (
    "exit status: 0 when the query ran, even if no paper matched (nothing is printed then);"
    " 1 on an error, such as a --year or --author that cannot be used."
)
SEARCH_SYNTAX = (
    "query syntax: words (fuzzy, typo-tolerant, all must match); a:WORD or a:\"TWO WORDS\" in authors only;"
    " t:WORD in titles only; #TAG;"
    " is:unread|reading|read|starred; year:2021, year:2020..2022, year:2020.., year:..2019;"
    " a leading ? searches the full text, abstracts included."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shelf",
        description="A keyboard-driven reading list for research papers. With no command, opens the app.",
    )
    parser.add_argument("--db", type=Path, help="library file (default: $SHELF_DB or the user data directory)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, *epilog: str) -> argparse.ArgumentParser:
        """A subcommand; each *epilog* string is a paragraph after the options in its --help."""
        sub = commands.add_parser(
            name,
            help=help_text,
            description=textwrap.fill(help_text, 79),
            epilog="\n\n".join(textwrap.fill(paragraph, 79) for paragraph in epilog) or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="library file")
        return sub

    command("open", "open the app on your library (the default)")
    demo = command("demo", "open the app on a throwaway library holding the bundled sample pages")
    demo.add_argument("--print-path", action="store_true", help="build the demo library, print its path, do not open the app")

    imp = command("import", "import saved author pages (each file all or nothing)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--owner", help="whose page this is, when the page does not say")

    lst = command("list", "list papers", EXIT_STATUS)
    lst.add_argument("--status", choices=[s.value for s in ReadStatus], action="append")
    lst.add_argument("--starred", action="store_true")
    lst.add_argument("--author", help="only papers by this author (name, fuzzy)")
    lst.add_argument("--tag", action="append", default=[])
    lst.add_argument("--year", help="YEAR or FROM..TO")
    lst.add_argument("--sort", choices=SORT_KEYS, default="date")

    search = command(
        "search",
        "fuzzy search over titles and authors (same syntax as the app's search bar), best match first",
        SEARCH_SYNTAX,
        EXIT_STATUS,
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words and filters (see below)")
    search.add_argument(
        "--limit", type=_count, default=20, metavar="N", help="show at most N results (default 20, 0 for all); stderr says how many more"
    )

    command("authors", "list authors with their paper counts")

    mark = command("mark", "set read status")
    mark.add_argument("id", type=int)
    mark.add_argument("status", choices=[s.value for s in ReadStatus])

    star = command("star", "toggle the star on a paper")
    star.add_argument("id", type=int)
    star.add_argument("--off", action="store_true", help="remove the star instead of toggling")

    tag = command(
        "tag",
        "show a paper's tags, or add tags (prefix a tag with - to remove it)",
        "tags are separated by spaces or commas, as in the app (\"llm, to-read\" is two tags),"
        " and compared and stored in lower case. With no TAG, the paper's tags are printed.",
    )
    tag.add_argument("id", type=int)
    # REMAINDER, so "-old" reaches us as a tag to remove instead of being read as an option.
    tag.add_argument("tags", nargs=argparse.REMAINDER, metavar="TAG", help="tags to add; -TAG removes one")

    note = command("note", "edit a paper's note in $EDITOR (or read it from stdin when piped)")
    note.add_argument("id", type=int)
    note.add_argument("--print", action="store_true", dest="print_note", help="print the note instead")

    command("stats", "counts, reading progress, papers per year")

    exp = command("export", "export the library")
    exp.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    exp.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "open"
    if command == "demo":
        return _demo(args)
    path = args.db or default_library_path()
    try:
        with open_library(path) as library:
            return HANDLERS[command](library, args)
    except (LibraryTooNew, ShelfError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"shelf: {printable(message)}", file=sys.stderr)
    return 1


def _count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"takes a whole number (0 for no limit), not {text!r}")
    return value


def _open(library: Library, args: argparse.Namespace) -> int:
    from .app import ShelfApp

    ShelfApp(library).run()
    return 0


def _demo(args: argparse.Namespace) -> int:
    """The bundled sample pages in a throwaway library, removed when the app closes.

    ``--print-path`` keeps the library (for scripts and tests) and prints where it is.
    """
    if args.print_path:
        path = Path(tempfile.mkdtemp(prefix="shelf-demo-")) / "library.db"

        def print_path(library: Library) -> int:
            print(path)
            return 0

        return _with_samples(path, print_path)
    with tempfile.TemporaryDirectory(prefix="shelf-demo-") as folder:
        return _with_samples(Path(folder) / "library.db", lambda library: _open(library, args))


def _with_samples(path: Path, then: Callable[[Library], int]) -> int:
    with open_library(path) as library:
        for result in library.import_files(sample_pages()):
            if isinstance(result, ParseError):
                return _fail(str(result))
        return then(library)


def _import(library: Library, args: argparse.Namespace) -> int:
    failed = 0
    for result in library.import_files(args.files, owner=args.owner):
        if isinstance(result, ParseError):
            failed += 1
            print(f"shelf: {printable(str(result))}", file=sys.stderr)
        else:
            print(printable(result.summary()))
    if failed:  # "1 of 1 files": the count is of the files given
        print(f"shelf: {failed} of {len(args.files)} files not imported; the library is unchanged by them", file=sys.stderr)
    return 1 if failed else 0


def _filter(library: Library, args: argparse.Namespace) -> PaperFilter:
    author_id = None
    if args.author:
        author = library.find_author(args.author)
        if author is None:
            raise NotFound(f"no author matching {args.author!r}")
        author_id = author.id
    year_from = year_to = None
    if args.year:
        low, dots, high = args.year.partition("..")
        try:
            year_from = int(low) if low else None
            year_to = (int(high) if high else None) if dots else year_from
        except ValueError:
            raise NotFound(f"--year takes YEAR or FROM..TO, not {args.year!r}") from None
    return PaperFilter(
        author_id=author_id,
        statuses=tuple(ReadStatus(s) for s in args.status or ()),
        starred=args.starred,
        tags=tuple(args.tag),
        year_from=year_from,
        year_to=year_to,
    )


def _print_rows(library: Library, ids: Sequence[int]) -> None:
    rows = library.rows(ids, with_owners=False)  # the listing does not show them
    for paper_id in ids:
        row = rows[paper_id]
        title = row.title or (f"untitled · arXiv:{row.arxiv_id}" if row.arxiv_id else "untitled")
        star = "★" if row.starred else " "
        truncated = row.authors_text.endswith(" et al.")
        names = [name for name in row.authors_text.removesuffix(" et al.").split(", ") if name]
        authors = short_authors(names, truncated) or "—"
        print(f"{row.id:>6} {STATUS_GLYPH[row.status]}{star} {row.date or '—':10}  {one_line(title)}  —  {one_line(authors)}")


def _list(library: Library, args: argparse.Namespace) -> int:
    _print_rows(library, library.paper_ids(_filter(library, args), args.sort))
    return 0


SEARCH_POOL = 500  # ranked results counted beyond --limit, to say how many more there are


def _search(library: Library, args: argparse.Namespace) -> int:
    text = " ".join(args.query)
    query = parse_query(text)
    for hint in _filter_hints(query):
        print(f"shelf: {printable(hint)}", file=sys.stderr)
    if query.is_empty:  # no word and no filter (only punctuation, say): nothing was asked, nothing matches
        return 0
    pool = max(SEARCH_POOL, args.limit)
    found = library.search(text, limit=pool)
    shown = found[: args.limit] if args.limit else found
    _print_rows(library, shown)
    if more := len(found) - len(shown):
        capped = len(found) >= pool and bool(query.text)  # ranked searches stop counting at the pool
        see = "--limit 0 to see them all" if capped else f"--limit {len(found)} to see them"
        print(f"shelf: … {more:,}{'+' if capped else ''} more; {see}", file=sys.stderr)
    return 0


_NUMERIC_YEAR = re.compile(r"year:[0-9.]+", re.IGNORECASE)


def _filter_hints(query: SearchQuery) -> list[str]:
    """A line for each token that looks like a filter but is not one ("year:abc", "is:unred", a lone "a:").

    A year of digits in another shape ("year:99999") gets none: like ``--year 99999`` it
    is a year, one no paper has (the search finds nothing for it, and says nothing).
    """
    return [unknown_hint(token) for token in query.unknown if not _NUMERIC_YEAR.fullmatch(token)]


def _authors(library: Library, args: argparse.Namespace) -> int:
    for author in library.authors():
        figures = ""
        if author.profile:
            p = author.profile
            parts = [
                f"h-index {p.h_index}" if p.h_index is not None else "",
                plural(p.citations, "citation") if p.citations is not None else "",
            ]
            figures = "  (" + ", ".join(x for x in parts if x) + ")" if any(parts) else ""
        owner = " [page owner]" if author.is_owner else ""
        print(f"{author.paper_count:>5}  {one_line(author.name)}{owner}{figures}")
    return 0


def _mark(library: Library, args: argparse.Namespace) -> int:
    print(f"{args.id}: {library.set_status(args.id, args.status).value}")
    return 0


def _star(library: Library, args: argparse.Namespace) -> int:
    starred = library.set_starred(args.id, False) if args.off else library.toggle_star(args.id)
    print(f"{args.id}: {'starred' if starred else 'not starred'}")
    return 0


_TAG_SEPARATORS = re.compile(r"[,\s]+")


def _tag(library: Library, args: argparse.Namespace) -> int:
    """Show, add and remove tags; the change is one transaction, so a concurrent `shelf tag` loses nothing."""
    add: set[str] = set()
    remove: set[str] = set()
    for piece in (p for arg in args.tags for p in _TAG_SEPARATORS.split(arg) if p):
        removing = piece.startswith("-")
        tag = (piece[1:] if removing else piece).lstrip("#").lower()
        if tag:
            (remove if removing else add).add(tag)
    library.paper_state(args.id)  # "no paper with id N" before anything else
    if not add and not remove:
        tags = library.tags_of(args.id)
    else:
        # Tags stored before tags were lower-cased ("LLM") are matched without regard to case.
        legacy = {t for t in library.tags_of(args.id) if t != t.lower() and t.lower() in add | remove}
        tags = library.change_tags(args.id, add=add, remove=remove | legacy)
    print(printable(f"{args.id}: {' '.join('#' + t for t in tags) or '(no tags)'}"))
    return 0


def _note(library: Library, args: argparse.Namespace) -> int:
    current = library.paper(args.id).note
    if args.print_note:
        print(printable(current))
        return 0
    if not sys.stdin.isatty():
        library.set_note(args.id, sys.stdin.read())
        return 0
    text = edit_in_editor(current)
    if text is not None:
        library.set_note(args.id, text)
    return 0


def edit_in_editor(text: str, suffix: str = ".md") -> str | None:
    """Run $VISUAL/$EDITOR on *text*; the edited text, or None if the editor failed."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as handle:
        handle.write(text)
        name = handle.name
    try:
        if subprocess.call([*shlex.split(editor), name]) != 0:
            return None
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def _stats(library: Library, args: argparse.Namespace) -> int:
    stats = library.stats()
    print(f"{plural(stats.papers, 'paper')} by {plural(stats.authors, 'author')} from {plural(stats.pages, 'page')}")
    done = stats.by_status[ReadStatus.READ]
    print(
        f"read {done:,}, reading {stats.by_status[ReadStatus.READING]:,}, unread {stats.by_status[ReadStatus.UNREAD]:,}"
        f" ({100 * done // max(1, stats.papers)}% read); {stats.starred:,} starred, {stats.with_notes:,} with notes"
    )
    if stats.per_year:
        print("papers per year:")
        for year, count in stats.per_year:
            print(f"  {year}  {'█' * min(count, 60)} {count:,}")
        print(busiest_years(stats.per_year))
    undated = stats.papers - sum(count for _, count in stats.per_year)
    if undated:
        print(f"{plural(undated, 'paper')} {'has' if undated == 1 else 'have'} no date")
    if stats.top_coauthors:
        print("top coauthors: " + ", ".join(f"{one_line(n)} ({c})" for n, c in stats.top_coauthors))
    return 0


def _export(library: Library, args: argparse.Namespace) -> int:
    ids = sorted(library.paper_ids())
    text = export(library.papers(ids), args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(printable(f"wrote {plural(len(ids), 'paper')} to {args.output}"), file=sys.stderr)
    else:  # a file or a pipe gets the data as it is; a terminal must not receive its control bytes
        sys.stdout.write(printable(text) if sys.stdout.isatty() else text)
    return 0


HANDLERS = {
    "open": _open,
    "import": _import,
    "list": _list,
    "search": _search,
    "authors": _authors,
    "mark": _mark,
    "star": _star,
    "tag": _tag,
    "note": _note,
    "stats": _stats,
    "export": _export,
}


if __name__ == "__main__":
    sys.exit(main())
