"""shelf's library: page parsers, the SQLite store, search and export. Knows nothing of any UI."""

from .errors import NotFound, ParseError, ShelfError
from .importer import ImportReport
from .library import Library, LibraryStats, PaperFilter, SortKey, open_library
from .model import Author, AuthorTable, Paper, PaperRow, ReadStatus

__all__ = [
    "Author",
    "AuthorTable",
    "ImportReport",
    "Library",
    "LibraryStats",
    "NotFound",
    "Paper",
    "PaperFilter",
    "PaperRow",
    "ParseError",
    "ReadStatus",
    "ShelfError",
    "SortKey",
    "open_library",
]
