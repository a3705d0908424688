"""Export papers as JSON (a checked contract), CSV, BibTeX (through bibtexparser) or Markdown.

JSON keys and meaning are a contract: unknown values are null, never "".

Every format says only what the library knows: a missing title or author list stays
missing, never "Untitled" or "Anonymous".

BibTeX entries are built as ``bibtexparser`` entries and written by it; the field
*values* are encoded here rather than by its ``LatexEncodingMiddleware``, because that
middleware turns ``RL$^2$`` into ``RL${\\textasciicircum}2$`` (a text command inside
math, an error in LaTeX), escapes braces as ``\\{`` (which classic BibTeX still counts
as a brace, so one stray ``{`` in a title breaks the whole file), and rewrites every
accented letter as a macro. Here text is literal: LaTeX's special characters are
escaped, balanced ``$...$`` math from arXiv titles is kept, accents stay UTF-8 (read by
biber, and by BibTeX with ``inputenc``), and title words with inner capitals are braced
so that styles do not lower-case them ("{GPT-4}", "{AlphaCode}").
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import groupby
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

if TYPE_CHECKING:  # imported for real by _bibtexparser()
    import bibtexparser
    from bibtexparser.model import Entry

from .model import Paper, ReadStatus

ExportFormat = Literal["json", "csv", "bibtex", "markdown"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "bibtex", "markdown")

# The arXiv archive each category code on the pages belongs to (LG -> cs.LG).
ARXIV_ARCHIVES = {
    "AI": "cs.AI", "AR": "cs.AR", "CC": "cs.CC", "CE": "cs.CE", "CG": "cs.CG", "CL": "cs.CL", "CR": "cs.CR",
    "CV": "cs.CV", "CY": "cs.CY", "DB": "cs.DB", "DC": "cs.DC", "DL": "cs.DL", "DM": "cs.DM", "DS": "cs.DS",
    "ET": "cs.ET", "FL": "cs.FL", "GL": "cs.GL", "GR": "cs.GR", "GT": "cs.GT", "HC": "cs.HC", "IR": "cs.IR",
    "IT": "cs.IT", "LG": "cs.LG", "LO": "cs.LO", "MA": "cs.MA", "MM": "cs.MM", "MS": "cs.MS", "NA": "cs.NA",
    "NE": "cs.NE", "NI": "cs.NI", "OH": "cs.OH", "OS": "cs.OS", "PF": "cs.PF", "PL": "cs.PL", "RO": "cs.RO",
    "SC": "cs.SC", "SD": "cs.SD", "SE": "cs.SE", "SI": "cs.SI", "SY": "cs.SY", "ML": "stat.ML",
    "AS": "eess.AS", "IV": "eess.IV", "SP": "eess.SP", "NC": "q-bio.NC",
}

SHORT_AUTHORS = 3  # names shown before "et al." in one-line author lists (Markdown, `shelf list`)


def arxiv_category(code: str | None) -> str | None:
    """The full arXiv category for a page's short code, e.g. "LG" -> "cs.LG"."""
    return ARXIV_ARCHIVES.get(code or "")


def arxiv_url(paper: Paper) -> str | None:
    return f"https://arxiv.org/abs/{quote(paper.arxiv_id, safe='/.:-')}" if paper.arxiv_id else None


def short_authors(names: Sequence[str], truncated: bool = False, first: int = SHORT_AUTHORS) -> str:
    """The first few names, then "et al." when there are more (or the page cut the list)."""
    shown = ", ".join(names[:first])
    if shown and (truncated or len(names) > first):
        return shown + " et al."
    return shown


def paper_record(paper: Paper) -> dict[str, Any]:
    """The JSON contract for one paper."""
    return {
        "id": paper.id,
        "title": paper.title or None,
        "authors": list(paper.authors),
        "authors_truncated": paper.authors_truncated,
        "date": paper.date or None,
        "arxiv_id": paper.arxiv_id or None,
        "category": paper.category or None,
        "has_code": paper.has_code,
        "orgs": list(paper.orgs),
        "venue": paper.venue or None,
        "comments": paper.comments or None,
        "abstract": paper.abstract or None,
        "sources": [{"file": s.file, "owner": s.owner} for s in paper.sources],
        "status": paper.status.value,
        "starred": paper.starred,
        "note": paper.note or None,
        "tags": list(paper.tags),
    }


def export(papers: Iterable[Paper], fmt: ExportFormat) -> str:
    return {"json": to_json, "csv": to_csv, "bibtex": to_bibtex, "markdown": to_markdown}[fmt](papers)


def to_json(papers: Iterable[Paper]) -> str:
    return json.dumps([paper_record(p) for p in papers], ensure_ascii=False, indent=2) + "\n"


def to_csv(papers: Iterable[Paper]) -> str:
    columns = list(paper_record(_EMPTY).keys())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for paper in papers:
        record = paper_record(paper)
        record["authors"] = "; ".join(record["authors"])
        record["orgs"] = "; ".join(record["orgs"])
        record["tags"] = " ".join(record["tags"])
        record["sources"] = "; ".join(s["file"] for s in record["sources"])
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()


# --- BibTeX -------------------------------------------------------------------------------


def to_bibtex(papers: Iterable[Paper]) -> str:
    """One entry per paper, in the order given, one blank line between entries.

    Keys are unique within the export and stable: they are handed out in id order, so
    a paper keeps its key when later papers are added (see ``cite_keys``).
    """
    papers = list(papers)
    keys = cite_keys(papers)
    library = _bibtexparser().Library()
    for paper in papers:
        library.add(bibtex_entry(paper, keys[paper.id]))
    return _write(library)


def citation(paper: Paper) -> str:
    """One paper as a BibTeX entry, for the clipboard."""
    library = _bibtexparser().Library()
    library.add(bibtex_entry(paper, cite_key(paper)))
    return _write(library).strip() + "\n"


def _bibtexparser() -> ModuleType:
    """bibtexparser, imported when BibTeX is first written rather than when shelf starts (30 ms)."""
    import bibtexparser
    import bibtexparser.model

    return bibtexparser


def _write(library: bibtexparser.Library) -> str:
    bibtexparser = _bibtexparser()
    style = bibtexparser.BibtexFormat()
    style.indent = "  "
    style.block_separator = "\n"  # each entry ends with a newline: this makes one blank line between
    return bibtexparser.write_string(library, bibtex_format=style) if library.entries else ""


def bibtex_entry(paper: Paper, key: str) -> Entry:
    """The BibTeX entry for *paper*: only the fields the library knows.

    arXiv preprints are ``@misc`` with ``eprint``/``archivePrefix``/``primaryClass``/``url``;
    ``@inproceedings`` and ``@article`` only when the venue names a conference or a journal.
    """
    model = _bibtexparser().model
    Entry, Field = model.Entry, model.Field  # noqa: N806 (classes)
    entry_type, venue_field = _venue_kind(paper.venue)
    fields: list[Field] = []
    if paper.authors:
        names = " and ".join(_bibtex_name(a) for a in paper.authors)
        fields.append(Field("author", names + (" and others" if paper.authors_truncated else "")))
    if paper.title:
        fields.append(Field("title", _bibtex_title(paper.title)))
    if paper.year:
        fields.append(Field("year", str(paper.year)))
    if venue_field and paper.venue:
        fields.append(Field(venue_field, _bibtex_text(paper.venue)))
    if paper.arxiv_id:
        fields += [Field("eprint", _bibtex_text(paper.arxiv_id)), Field("archivePrefix", "arXiv")]
        if category := arxiv_category(paper.category):
            fields.append(Field("primaryClass", category))
        fields.append(Field("url", arxiv_url(paper)))
    if paper.comments:
        fields.append(Field("note", _bibtex_text(paper.comments)))
    return Entry(entry_type, key, fields)


_ARXIV_VENUE = re.compile(r"\barxiv\b|\bcorr\b", re.IGNORECASE)
_CONFERENCE_VENUE = re.compile(
    r"\b(proceedings|proc\.|conference|conf\.|workshop|symposium|colloquium|congress|meeting"
    r"|neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|eacl|coling|aaai|ijcai|aistats|uai|corl|colt"
    r"|kdd|www|sigir|siggraph|chi|icra|iros|rss|interspeech|icassp)\b",
    re.IGNORECASE,
)
_JOURNAL_VENUE = re.compile(
    r"\b(journal|transactions|trans\.|letters|review|reviews|magazine|annals|bulletin"
    r"|nature|science|cell|pnas|jmlr|tmlr|tpami|neural computation)\b",
    re.IGNORECASE,
)


def _venue_kind(venue: str | None) -> tuple[str, str | None]:
    """The entry type and the field the venue goes in; arXiv is a preprint server, not a journal."""
    if not venue:
        return "misc", None
    if _ARXIV_VENUE.search(venue):
        return "misc", "howpublished"
    if _CONFERENCE_VENUE.search(venue):
        return "inproceedings", "booktitle"
    if _JOURNAL_VENUE.search(venue):
        return "article", "journal"
    return "misc", "howpublished"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_MATH = re.compile(r"\$(?=\S)[^$]*?(?<=\S)\$(?!\d)")  # pandoc's rule: "$x^2$" is math, "$5 and $6" is money
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("[" + re.escape("".join(_LATEX_ESCAPES)) + "]")
_MATH_UNSAFE = re.compile(r"(?<!\\)([%#&])")  # a comment or an alignment tab even inside math


def _bibtex_text(text: str) -> str:
    """*text* as a BibTeX value that reads back as the same text (balanced $math$ kept as math)."""
    return "".join(_latex_segment(segment, is_math) for segment, is_math in _math_segments(_clean(text)))


def _bibtex_title(title: str) -> str:
    """The title; words with a capital inside them ("GPT", "AlphaCode", not "Self-Supervised") braced against lower-casing."""
    parts = []
    for segment, is_math in _math_segments(_clean(title)):
        if is_math:
            parts.append(_latex_segment(segment, True))
            continue
        for piece in re.split(r"(\s+)", segment):
            escaped = _latex_segment(piece, False)
            inner_capital = any(ch.isupper() and prev.isalnum() for prev, ch in zip(piece, piece[1:]))
            parts.append(f"{{{escaped}}}" if inner_capital else escaped)
    return "".join(parts)


def _bibtex_name(name: str) -> str:
    """One author for an "and"-joined list; a name that itself holds " and " is braced whole."""
    text = _latex_segment(_clean(name), False)
    return f"{{{text}}}" if re.search(r"\band\b", text, re.IGNORECASE) else text


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def _math_segments(text: str) -> list[tuple[str, bool]]:
    """(segment, is_math) in order; only brace-balanced $...$ spans count as math."""
    segments: list[tuple[str, bool]] = []
    end = 0
    for match in _MATH.finditer(text):
        if not _balanced(match.group()):
            continue
        segments += [(text[end : match.start()], False), (match.group(), True)]
        end = match.end()
    segments.append((text[end:], False))
    return [(s, m) for s, m in segments if s]


def _balanced(math: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", math):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _latex_segment(text: str, is_math: bool) -> str:
    if is_math:
        return _MATH_UNSAFE.sub(r"\\\1", text)
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES[m.group()], text)


# --- cite keys ----------------------------------------------------------------------------

_KEY_STOPWORDS = frozenset("a an the on of in for and to with at by from as is are via towards toward".split())
_NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def cite_key(paper: Paper) -> str:
    """surname + year + first title word, e.g. "glaese2022improving" (no suffix: see cite_keys).

    Without an author the arXiv id stands in ("arxiv2404.02258"); "anon" only when
    neither an author nor an arXiv id is known.
    """
    surname = _ascii(_surname(paper.authors[0])) if paper.authors else ""
    if paper.authors and not surname:  # a name with no Latin letters: say so rather than "anon"
        surname = "author"
    year = str(paper.year) if paper.year else ""
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(paper.title or "", keep=" -").lower()) if w not in _KEY_STOPWORDS]
    word = words[0] if words else ""
    if not surname and paper.arxiv_id:
        return "arxiv" + re.sub(r"[^A-Za-z0-9.]", "", paper.arxiv_id)
    return f"{surname or 'anon'}{year}{word}".lower()


def cite_keys(papers: Iterable[Paper]) -> dict[int, str]:
    """Unique keys by paper id: the lowest id gets the plain key, later ones b, c, ... appended."""
    keys: dict[int, str] = {}
    used: set[str] = set()
    for paper in sorted(papers, key=lambda p: p.id):
        base = cite_key(paper)
        key, n = base, 1
        while key in used:
            n += 1
            key = base + _letters(n)
        used.add(key)
        keys[paper.id] = key
    return keys


def _letters(n: int) -> str:
    """1 -> a, 2 -> b, ..., 26 -> z, 27 -> aa."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _surname(name: str) -> str:
    if "," in name:  # "Last, First"
        return name.split(",")[0].split()[-1] if name.split(",")[0].split() else ""
    words = [w for w in name.split() if w.lower() not in _NAME_SUFFIXES]
    return words[-1] if words else ""


def _ascii(text: str, keep: str = "") -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(rf"[^A-Za-z0-9{re.escape(keep)}]", "", folded)


# --- Markdown -----------------------------------------------------------------------------


def to_markdown(papers: Iterable[Paper]) -> str:
    """A reading list: newest first under a heading per year, undated papers last.

    Each paper is a task-list item (``- [x]`` read, ``- [ ]`` otherwise, reading said in
    words), its title linked to arXiv when the id is known, then the first few authors,
    date and venue, tags, and the note as a quote. Text from pages and notes is escaped,
    so it reads literally.
    """
    papers = sorted(papers, key=lambda p: (p.date is not None, p.date or "", -p.id), reverse=True)
    counts = {status: sum(p.status is status for p in papers) for status in ReadStatus}
    lines = ["# Reading list", ""]
    if papers:
        lines += [
            f"{plural(len(papers), 'paper')}: {counts[ReadStatus.UNREAD]} unread, "
            f"{counts[ReadStatus.READING]} reading, {counts[ReadStatus.READ]} read",
            "",
        ]
    for year, group in groupby(papers, key=lambda p: p.year):
        lines += [f"## {year if year else 'Undated'}", ""]
        for paper in group:
            lines += _markdown_item(paper)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_item(paper: Paper) -> list[str]:
    link = arxiv_url(paper)
    if paper.title:
        title = _md(paper.title)
        head = f"**[{title}]({link})**" if link else f"**{title}**"
    elif paper.arxiv_id:
        head = f"[*untitled* (arXiv:{_md(paper.arxiv_id)})]({link})"
    else:
        head = "*untitled*"
    box = "[x]" if paper.status is ReadStatus.READ else "[ ]"
    head += " ★" if paper.starred else ""
    head += " *(reading)*" if paper.status is ReadStatus.READING else ""
    body: list[str] = []
    meta = [short_authors(paper.authors, paper.authors_truncated), paper.date or "", paper.venue or ""]
    if any(meta):
        body.append(_md_line(" · ".join(_md(part) for part in meta if part)))
    if paper.tags:
        body.append(" ".join(_code(f"#{tag}") for tag in paper.tags))
    lines = [f"- {box} {head}"] + [f"  {line}" for line in body]
    lines = [line + "  " for line in lines[:-1]] + lines[-1:]  # hard breaks: one line each, not one paragraph
    if paper.note.strip():
        lines += [f"  > {_md_line(_md(line))}".rstrip() for line in paper.note.strip("\n").splitlines()]
    return lines


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def _md(text: str) -> str:
    """*text* as literal inline Markdown: markup characters escaped, control bytes blanked."""
    return _MD_SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", text))


def _md_line(text: str) -> str:
    """Escaped inline text that starts a line: a leading "-", "+", "=" or "1." is not a list or a heading."""
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", text)


def _code(text: str) -> str:
    """*text* as an inline code span, however many backticks it holds."""
    text = _CONTROL.sub(" ", text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 page", "5 pages", "1,234 papers" (*many* for irregular plurals); the app's wording uses it too."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


# A blank paper: its record gives the CSV columns in contract order.
_EMPTY = Paper(0, None, [], False, None, None, None, False, [], None, None, None, ReadStatus.UNREAD, False, "", [])
