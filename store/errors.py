"""The project's own errors: each one is a single line a person can act on."""

from __future__ import annotations


class ShelfError(Exception):
    """Base for every error shelf reports to a person instead of a traceback."""


class ParseError(ShelfError):
    """A page that cannot be read as a known layout; names the file and, where it helps, the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class NotFound(ShelfError):
    """A paper id or author that the library does not hold."""
