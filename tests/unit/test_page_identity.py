"""Which earlier page a page is: the same path, else the same file name and content, else a new page."""

from __future__ import annotations

import shutil
from pathlib import Path

from store import Library, importer
from tests.conftest import TODAY, sample


def pages(library: Library) -> list[tuple]:
    return library.db.execute("SELECT id, file, path, entries FROM pages ORDER BY id").fetchall()


def sources(library: Library) -> int:
    return library.db.execute("SELECT count(*) FROM sources").fetchone()[0]


def test_the_same_path_saved_again_is_the_same_page(library: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(sample("004").read_bytes())
    library.import_file(page, today=TODAY)
    page.write_bytes(sample("000").read_bytes())  # the browser saved a different page over it
    library.import_file(page, today=TODAY)
    (row,) = pages(library)
    assert row[1:] == ("page.txt", str(page.resolve()), 10)
    assert sources(library) == 10  # the old page's sightings are gone with it


def test_a_moved_page_is_the_same_page_at_its_new_path(library: Library, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"
    first.parent.mkdir()
    second.parent.mkdir()
    shutil.copy(sample("004"), first)
    report = library.import_file(first, today=TODAY)
    first.rename(second)
    again = library.import_file(Path(str(second)), today=TODAY)
    assert report.new == 50 and again.new == 0 and again.unchanged == again.entries
    (row,) = pages(library)
    assert row[2] == str(second.resolve())


def test_same_name_different_content_elsewhere_is_another_page(library: Library, tmp_path: Path) -> None:
    for folder, prefix in (("x", "000"), ("y", "004")):
        (tmp_path / folder).mkdir()
        shutil.copy(sample(prefix), tmp_path / folder / "page.txt")
        library.import_file(tmp_path / folder / "page.txt", today=TODAY)
    assert [row[1] for row in pages(library)] == ["page.txt", "page.txt"]
    assert sources(library) == 60


def test_a_page_without_a_path_is_adopted_by_the_same_file(library: Library, tmp_path: Path) -> None:
    """A page recorded before paths were kept (path NULL) takes the path of the same file imported again."""
    text = sample("001").read_text(encoding="utf-8")
    importer.import_text(library.db, text, "page.txt", today=TODAY)
    assert pages(library)[0][2] is None
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    report = library.import_file(page, today=TODAY)
    assert report.new == 0 and report.unchanged == report.entries
    (row,) = pages(library)
    assert row[2] == str(page.resolve())


def test_text_without_a_path_is_matched_by_name_among_pages_without_one(library: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    shutil.copy(sample("004"), page)
    library.import_file(page, today=TODAY)
    text = sample("000").read_text(encoding="utf-8")
    importer.import_text(library.db, text, "page.txt", today=TODAY)  # not the file above: that one has a path
    importer.import_text(library.db, text, "page.txt", today=TODAY)  # but this is the text page again
    assert [(row[1], row[2] is None) for row in pages(library)] == [("page.txt", False), ("page.txt", True)]


def test_import_file_reads_the_file_once(library: Library, monkeypatch) -> None:
    reads: list[Path] = []
    original = importer.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(importer, "read_bytes", counting)
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("read twice")))
    library.import_file(sample("002"), today=TODAY)
    assert len(reads) == 1
