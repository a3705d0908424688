"""Export papers as JSON (a checked contract), CSV, BibTeX (through bibtexparser) or Markdown.

JSON keys and meaning are a contract: unknown values are null, never "".
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

import bibtexparser
from bibtexparser.model import Entry, Field

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


def arxiv_category(code: str | None) -> str | None:
    """The full arXiv category for a page's short code, e.g. "LG" -> "cs.LG"."""
    return ARXIV_ARCHIVES.get(code or "")


def arxiv_url(paper: Paper) -> str | None:
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None


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


def to_bibtex(papers: Iterable[Paper]) -> str:
    library = bibtexparser.Library()
    used: set[str] = set()
    for paper in papers:
        library.add(bibtex_entry(paper, used))
    return bibtexparser.write_string(library)


def citation(paper: Paper) -> str:
    """One paper as a BibTeX entry, for the clipboard."""
    library = bibtexparser.Library()
    library.add(bibtex_entry(paper, set()))
    return bibtexparser.write_string(library).strip() + "\n"


def bibtex_entry(paper: Paper, used_keys: set[str]) -> Entry:
    fields = [Field("title", _latex(paper.title or "Untitled"))]
    if paper.authors:
        names = " and ".join(_latex(a) for a in paper.authors)
        fields.append(Field("author", names + (" and others" if paper.authors_truncated else "")))
    if paper.date:
        fields.append(Field("year", paper.date[:4]))
    if paper.arxiv_id:
        fields += [Field("eprint", paper.arxiv_id), Field("archivePrefix", "arXiv")]
        if category := arxiv_category(paper.category):
            fields.append(Field("primaryClass", category))
        fields.append(Field("url", arxiv_url(paper)))
    if paper.venue:
        fields.append(Field("journal", _latex(paper.venue)))
    if paper.comments:
        fields.append(Field("note", _latex(paper.comments)))
    entry_type = "article" if paper.venue or paper.arxiv_id else "misc"
    return Entry(entry_type, _cite_key(paper, used_keys), fields)


def to_markdown(papers: Iterable[Paper]) -> str:
    lines = ["# Reading list", ""]
    glyph = {"unread": "[ ]", "reading": "[~]", "read": "[x]"}
    for paper in papers:
        title = _md(paper.title) if paper.title else f"*untitled* (arXiv:{paper.arxiv_id})" if paper.arxiv_id else "*untitled*"
        link = arxiv_url(paper)
        head = f"[{title}]({link})" if link and paper.title else title
        star = " ★" if paper.starred else ""
        lines.append(f"- {glyph[paper.status.value]} **{head}**{star}")
        authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
        meta = " · ".join(x for x in (_md(authors), paper.date, paper.venue and _md(paper.venue)) if x)
        if meta:
            lines.append(f"  {meta}")
        if paper.tags:
            lines.append("  " + " ".join(f"`#{t}`" for t in paper.tags))
        if paper.note:
            lines.extend("  > " + _md(line) for line in paper.note.splitlines())
    return "\n".join(lines) + "\n"


_LATEX_SPECIALS = re.compile(r"(?<!\\)([&%#_])")


def _latex(text: str) -> str:
    text = _LATEX_SPECIALS.sub(r"\\\1", text)
    if text.count("{") != text.count("}"):
        text = text.replace("{", "").replace("}", "")
    return text


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _cite_key(paper: Paper, used: set[str]) -> str:
    surname = paper.authors[0].split()[-1] if paper.authors else "anon"
    word = next((w for w in re.findall(r"[A-Za-z]+", paper.title or "") if len(w) > 3), "paper")
    base = _ascii(f"{surname}{paper.date[:4] if paper.date else ''}{word}").lower() or f"paper{paper.id}"
    key, suffix = base, 0
    while key in used:
        suffix += 1
        key = f"{base}{chr(ord('a') + suffix - 1) if suffix <= 26 else suffix}"
    used.add(key)
    return key


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


# A blank paper: its record gives the CSV columns in contract order.
_EMPTY = Paper(0, None, [], False, None, None, None, False, [], None, None, None, ReadStatus.UNREAD, False, "", [])
