"""One entry point for every page layout: read a file, detect its layout, parse it.

Adding a layout is one module here (``NAME``, ``looks_like``, ``parse``) and one line
in ``LAYOUTS``. Layouts are tried in order: the ones with an unmistakable header first.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from types import ModuleType

from ..errors import ParseError
from ..model import ParsedPage
from . import arxiv_listing, collaborators, glued_lines, picture_header, profile_stats
from .common import clean_lines

LAYOUTS: tuple[ModuleType, ...] = (picture_header, collaborators, profile_stats, arxiv_listing, glued_lines)
MAX_PAGE_BYTES = 64 * 1024 * 1024


def layout_names() -> list[str]:
    return [layout.NAME for layout in LAYOUTS]


def read_page(path: str | Path, today: dt.date | None = None) -> ParsedPage:
    """Parse the page at *path*; every failure is a ParseError naming the file."""
    path = Path(path)
    name = path.name or str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ParseError(name, "is a directory, not a saved page")
        if size > MAX_PAGE_BYTES:
            raise ParseError(name, f"is {size / 1e6:.0f} MB; saved pages are far smaller (limit {MAX_PAGE_BYTES // 2**20} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError(str(path), "no such file") from None
    except PermissionError:
        raise ParseError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise ParseError(name, "is a directory, not a saved page") from None
    return parse_page(data, name, today)


def parse_page(data: bytes | str, file: str, today: dt.date | None = None) -> ParsedPage:
    """Detect the layout of *data* and parse it. *today* resolves dates printed without a year."""
    text = data if isinstance(data, str) else decode(data, file)
    today = today or dt.date.today()
    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ParseError(file, "is empty")
    for layout in LAYOUTS:
        if layout.looks_like(lines):
            try:
                return layout.parse(lines, file, today)
            except ParseError:
                raise
            except (ValueError, IndexError, KeyError, AttributeError, TypeError, StopIteration) as exc:
                raise ParseError(file, f"could not be read as a {layout.NAME} page ({exc})") from None
    raise ParseError(file, f"not a page layout shelf knows ({', '.join(layout_names())})", 1)


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16 when a BOM says so; anything else is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(file, f"is not valid {encoding} text ({exc.reason})", _line_of(data, exc.start)) from None
    if b"\x00" in data[:8192]:
        raise ParseError(file, "is a binary file, not a saved text page", _line_of(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(
            file, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save the page as UTF-8", _line_of(data, exc.start)
        ) from None
    if "\x00" in text:
        raise ParseError(file, "is a binary file, not a saved text page", _line_of(data, data.index(b"\x00")))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
