"""One entry point for every page layout: read a file, detect its layout, parse it.

Adding a layout is one module here (``NAME``, ``looks_like``, ``parse``) and one line
in ``LAYOUTS``. Layouts are tried in order: the ones with an unmistakable header first.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import ModuleType

from ..errors import ParseError
from ..model import ParsedPage
from . import arxiv_listing, collaborators, glued_lines, picture_header, profile_stats
from .common import clean_lines

LAYOUTS: tuple[ModuleType, ...] = (picture_header, collaborators, profile_stats, arxiv_listing, glued_lines)
# A saved page of a thousand papers is about 2 MB; a 20,000-paper page still fits.
MAX_PAGE_BYTES = 32 * 1024 * 1024


def layout_names() -> list[str]:
    return [layout.NAME for layout in LAYOUTS]


def read_page(path: str | Path, today: dt.date | None = None) -> ParsedPage:
    """Parse the page at *path*; every failure is a ParseError naming the file."""
    path = Path(path)
    return parse_page(read_bytes(path), path.name or str(path), today)


def read_bytes(path: Path) -> bytes:
    """The bytes of a saved page, refusing what cannot be one before reading it.

    Only regular files are read (a FIFO would block and ``/dev/zero`` never ends), and
    never more than MAX_PAGE_BYTES of them, even if the file grows while it is read.
    """
    name = path.name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ParseError(name, "is a directory, not a saved page")
        if not stat.S_ISREG(info.st_mode):
            raise ParseError(name, "is not a regular file (a device, pipe or socket), not a saved page")
        if info.st_size > MAX_PAGE_BYTES:
            raise ParseError(name, _too_big(info.st_size))
        with path.open("rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError:
        raise ParseError(str(path), "no such file") from None
    except PermissionError:
        raise ParseError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise ParseError(name, "is a directory, not a saved page") from None
    except OSError as exc:
        raise ParseError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise ParseError(name, _too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    return f"is over {size / 1e6:.0f} MB; saved pages are far smaller (limit {MAX_PAGE_BYTES // 2**20} MiB)"


def parse_page(data: bytes | str, file: str, today: dt.date | None = None) -> ParsedPage:
    """Detect the layout of *data* and parse it. *today* resolves dates printed without a year."""
    text = data if isinstance(data, str) else decode(data, file)
    today = today or dt.date.today()
    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ParseError(file, "is empty")
    for layout in LAYOUTS:
        if layout.looks_like(lines):
            refuse_foreign_lines(lines, layout, file)
            try:
                return layout.parse(lines, file, today)
            except ParseError:
                raise
            except (ValueError, IndexError, KeyError, AttributeError, TypeError, StopIteration) as exc:
                raise ParseError(file, f"could not be read as a {layout.NAME} page ({exc})") from None
    raise ParseError(file, f"not a page layout shelf knows ({', '.join(layout_names())})", 1)


def refuse_foreign_lines(lines: list[str], layout: ModuleType, file: str) -> None:
    """Refuse a page with another layout's structural lines in it: two pages saved into one file.

    Parsed as one layout, the other page's lines would otherwise be read as abstracts or
    comments, injecting a whole page into one paper. Each layout's ``MARKERS`` match
    whole lines that only a page of that layout prints ("Picture for ...", "arXiv:ID").
    Every line of every page passes here, so each layout's markers (and all the others')
    are joined into one pattern.
    """
    own, foreign = _marker_patterns(layout.NAME)
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line or own.match(line) or not foreign.match(line):
            continue
        owners = [other.NAME for other in LAYOUTS if other is not layout and _joined(other.MARKERS).match(line)]
        raise ParseError(
            file,
            f"this line belongs to another layout ({' or '.join(owners)}), in a page read as {layout.NAME}:"
            " two pages saved in one file?",
            index + 1,
        )


def _joined(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern matching where any of *patterns* matches (group names dropped)."""
    bodies = [_GROUP_NAME.sub("(?:", pattern.pattern) for pattern in patterns]
    return re.compile("|".join(f"(?:{body})" for body in bodies))


_GROUP_NAME = re.compile(r"\(\?P<\w+>")
@cache
def _marker_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Layout *name*'s own markers and every other layout's, each joined into one pattern (compiled on first use)."""
    layout = next(layout for layout in LAYOUTS if layout.NAME == name)
    return (
        _joined(layout.MARKERS),
        _joined(marker for other in LAYOUTS if other is not layout for marker in other.MARKERS),
    )


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16 when a BOM or the bytes say so; anything else is refused.

    Windows tools save "Unicode" text as UTF-16, often without a BOM; such a page is
    mostly ASCII, so every other byte is NUL. That shape is read as UTF-16 rather than
    refused as binary, which is what it would otherwise look like.
    """
    text = _decode_text(data, file)
    if "\x00" in text:
        raise ParseError(file, "is a binary file, not a saved text page", text.count("\n", 0, text.index("\x00")) + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(data: bytes, file: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_as(data, encoding, file)
    if b"\x00" in data[:8192]:
        encoding = _sniff_utf16(data)
        if encoding is None:
            raise ParseError(file, "is a binary file, not a saved text page", _line_of(data, data.index(b"\x00")))
        return _decode_as(data, encoding, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(
            file, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save the page as UTF-8", _line_of(data, exc.start)
        ) from None


def _decode_as(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(file, f"is not valid {encoding} text ({exc.reason})", _line_of(data, exc.start)) from None


def _sniff_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when NULs sit on one side of nearly every byte pair, else None."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    if odd_nuls >= 0.7 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.7 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
