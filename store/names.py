"""Author identity: one key for every way a page may write the same person.

"Rémi Munos" and "Remi Munos", "Diego de las Casas" and "Diego de Las Casas",
"Babuschkin, Igor" and "Igor Babuschkin", "Jack W. Rae" and "Jack W Rae" are one
person each. The key decides identity; the display keeps the best-written form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s'-]")


def fold(text: str) -> str:
    """Lower-case, accent-free, whitespace-collapsed form of *text*.

    ASCII text has no accents to strip and lower-cases as it case-folds, so it skips
    the per-character loop (names and abstracts are mostly ASCII).
    """
    if text.isascii():
        return _SPACES.sub(" ", text).strip().lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().casefold()


def display_name(raw: str) -> str:
    """A name as a person would write it: "Last, First" turned round, spaces tidied."""
    name = _SPACES.sub(" ", raw.replace("\u00a0", " ")).strip()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            name = f"{first} {last}"
    return name


@lru_cache(maxsize=1 << 16)
def name_key(raw: str) -> str:
    """Identity key: accents, case, punctuation, spacing and name order folded away.

    A "name" that is nothing but punctuation ("[/]", "…") keeps its folded text as its
    key: folding it away would leave "" and make every such name one author. Remembered,
    since the same coauthors come back entry after entry; for an ASCII name folding is
    lower-casing (no accents to strip, and ``display_name`` has tidied the spaces), which
    saves ``fold``'s loop over every character.
    """
    folded = fold(display_name(raw))
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", folded)).strip() or folded


def display_quality(name: str) -> tuple[int, int, int]:
    """Rank competing spellings of one person: accents kept, initials dotted, particles lower."""
    non_ascii = sum(1 for ch in name if ord(ch) > 127)
    dots = name.count(".")
    lower_particles = sum(1 for word in name.split()[1:-1] if word[:1].islower())
    return (non_ascii, dots, lower_particles)


def better_display(current: str, candidate: str) -> str:
    """The better-written of two spellings of the same person: ``display_quality``, then the
    lexicographically smaller, so the name shown does not depend on which page came first."""
    if candidate == current:
        return current
    quality, current_quality = display_quality(candidate), display_quality(current)
    if quality != current_quality:
        return candidate if quality > current_quality else current
    return min(candidate, current)
