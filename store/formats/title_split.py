"""Split a title glued to its author list: "...PhotomontagePiotr Mirowski, Dylan Banarse et al.".

The first author's given name starts right after the title's last character with no
space, so every candidate split is an upper-case letter glued to what precedes it.
A candidate is accepted when everything after it reads as a list of personal names
(titles carry "of", "with", colons and capitals inside words, which names do not),
so a title ending in an acronym ("MMLU"), a digit ("GPT-4") or a word with inner
capitals ("AlgebraNets") keeps all of its letters. The leftmost such split wins:
later ones could only cut into the author list itself ("JJ Abrams").
"""

from __future__ import annotations

import re
from functools import lru_cache

PARTICLES = frozenset(
    "de del della der den da das di do dos du la las le los van von ter ten zu y bin ibn al el st".split()
)
# Surname prefixes that legitimately carry an inner capital: McAleese, LeCun, DiCarlo.
INNER_CAPITAL_PREFIXES = ("Mc", "Mac", "De", "Di", "Le", "La", "Du", "Van", "Von", "Fitz", "O'", "D'", "O’", "D’")
_NAME_PUNCT = "-'’."


_INITIAL = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.-?){2,3}$")


def _is_initial(token: str) -> bool:
    """"W.", "M", "J.-B.", "J.R." (but not "TS.", which is an acronym's tail)."""
    return bool(_INITIAL.match(token))


def _has_bad_inner_capital(token: str) -> bool:
    for index in range(1, len(token)):
        if token[index].isupper() and token[index - 1] not in _NAME_PUNCT:
            if not token[:index].endswith(INNER_CAPITAL_PREFIXES):
                return True
    return False


def _is_name_word(token: str, first: bool) -> bool:
    if _is_initial(token):
        return True
    if not token[0].isupper() or not all(ch.isalpha() or ch in _NAME_PUNCT for ch in token):
        return False
    if token.count(".") > 0 and not token.endswith("."):
        return False
    if first:
        return not any(token[i].isupper() and token[i - 1] not in "-'’" for i in range(1, len(token)))
    return not _has_bad_inner_capital(token)


@lru_cache(maxsize=1 << 16)
def is_person_name(name: str, *, min_words: int = 1, max_words: int = 7) -> bool:
    """Whether *name* reads as one personal name ("Jack W. Rae", "Diego de las Casas").

    Remembered: a page names the same coauthors entry after entry.
    """
    words = name.split()
    if not (min_words <= len(words) <= max_words):
        return False
    if not _is_name_word(words[0], first=True) or words[-1].lower() in PARTICLES:
        return False
    return all(
        word.lower() in PARTICLES and word.islower() or _is_name_word(word, first=False)
        for word in words[1:]
    )


def _reads_as_author_list(text: str) -> bool:
    names = [part.strip() for part in text.split(",")]
    if not names or not all(names):
        return False
    return is_person_name(names[0], min_words=2, max_words=6) and all(
        is_person_name(name) for name in names[1:]
    )


def split_title_authors(glued: str) -> tuple[str, str] | None:
    """Return (title, author text) or None when no split reads as title + names."""
    for index in range(1, len(glued)):
        char, before = glued[index], glued[index - 1]
        if not char.isupper() or before.isspace() or before in "-'’":
            continue
        fragment = glued[:index].rsplit(" ", 1)[-1]
        if fragment in INNER_CAPITAL_PREFIXES:
            continue
        if _reads_as_author_list(glued[index:]):
            title = glued[:index].strip()
            if title:
                return title, glued[index:]
    return None
