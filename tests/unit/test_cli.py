"""The `shelf` command line, run in-process through tui.cli.main."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from store.locations import sample_pages
from tui.cli import main


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "lib.db"
    monkeypatch.setenv("SHELF_DB", str(path))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_reports_per_file_and_is_idempotent(db: Path, capsys) -> None:
    code, out, err = run(capsys, "import", *map(str, sample_pages()))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 5
    assert "glued-lines, Simon Osindero (inferred): 50 entries, 48 new, 2 merged" in lines[1]
    code, out, _ = run(capsys, "import", *map(str, sample_pages()))
    assert code == 0 and all("0 new, 0 merged" in line for line in out.splitlines())


def test_import_of_a_bad_file_fails_with_one_line(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    good = sample_pages()[0]
    code, out, err = run(capsys, "import", str(bad), str(good))
    assert code == 1
    assert err.splitlines()[0].startswith("shelf: garbage.bin:1: is a binary file")
    assert "picture-header" in out  # the good file still went in, in its own transaction


def test_list_search_authors_stats(db: Path, capsys) -> None:
    run(capsys, "import", *map(str, sample_pages()))
    code, out, _ = run(capsys, "list", "--author", "Babuschkin")
    assert code == 0 and len(out.splitlines()) == 9
    code, out, _ = run(capsys, "list", "--year", "2014")
    assert code == 0 and all(" 2014-" in line for line in out.splitlines()) and out
    _, his, _ = run(capsys, "list", "--author", "sutskever", "--sort", "title")
    code, out, _ = run(capsys, "search", "sutskvr", "--limit", "0")
    assert code == 0 and len(out.splitlines()) == len(his.splitlines()) == 50  # his page's papers too
    assert sorted(out.splitlines()) == sorted(his.splitlines())
    code, out, _ = run(capsys, "authors")
    assert out.splitlines()[0].split()[-1] != "" and "[page owner]" in out and "h-index 74" in out
    code, out, _ = run(capsys, "stats")
    assert code == 0 and out.startswith("123 papers")


def test_state_commands_and_export(db: Path, capsys, monkeypatch) -> None:
    run(capsys, "import", str(sample_pages()[4]))
    assert run(capsys, "mark", "1", "reading")[1].strip() == "1: reading"
    assert run(capsys, "star", "1")[1].strip() == "1: starred"
    assert run(capsys, "tag", "1", "llm", "#safety")[1].strip() == "1: #llm #safety"
    assert run(capsys, "tag", "1", "-llm")[1].strip() == "1: #safety"
    assert run(capsys, "tag", "1")[1].strip() == "1: #safety"  # no TAG: show them
    monkeypatch.setattr("sys.stdin", io.StringIO("a note with [markup] and $math$\n"))
    assert run(capsys, "note", "1")[0] == 0
    assert run(capsys, "note", "1", "--print")[1] == "a note with [markup] and $math$\n\n"
    code, out, _ = run(capsys, "list", "--starred", "--status", "reading", "--tag", "safety")
    assert len(out.splitlines()) == 1
    code, out, _ = run(capsys, "export", "--format", "json")
    first = json.loads(out)[0]
    assert (first["status"], first["starred"], first["tags"]) == ("reading", True, ["safety"])
    assert first["note"] == "a note with [markup] and $math$\n"


def test_unknown_paper_is_a_clean_error(db: Path, capsys) -> None:
    code, _, err = run(capsys, "mark", "999", "read")
    assert code == 1 and err.strip() == "shelf: no paper with id 999"
    code, _, err = run(capsys, "tag", "999")
    assert code == 1 and err.strip() == "shelf: no paper with id 999"


def test_list_and_search_print_the_first_few_authors(db: Path, capsys) -> None:
    run(capsys, "import", *map(str, sample_pages()))
    for argv in (["list"], ["search", "beyond imitation game"], ["search", "a:srivastava"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out
        assert max(len(line) for line in out.splitlines()) < 250, argv
    out = run(capsys, "search", "beyond imitation game")[1]
    assert out.splitlines()[0].endswith("—  Aarohi Srivastava, Abhinav Rastogi, Abhishek Rao et al.")
    out = run(capsys, "search", "gpt-4 technical report")[1]
    assert out.splitlines()[0].endswith("—  Josh Achiam, Steven Adler, Sandhini Agarwal et al.")  # cut by the page


def test_search_says_how_many_more_there_are(db: Path, capsys) -> None:
    run(capsys, "import", *map(str, sample_pages()))
    code, out, err = run(capsys, "search", "is:unread")
    assert code == 0 and len(out.splitlines()) == 20
    assert err == "shelf: … 103 more; --limit 123 to see them\n"
    code, out, err = run(capsys, "search", "is:unread", "--limit", "123")
    assert code == 0 and len(out.splitlines()) == 123 and err == ""
    code, out, err = run(capsys, "search", "--limit", "0", "is:unread")
    assert code == 0 and len(out.splitlines()) == 123 and err == ""
    with pytest.raises(SystemExit):
        main(["search", "--limit", "-1", "x"])
    assert "takes a whole number" in capsys.readouterr().err


def test_search_and_list_exit_0_when_nothing_matches(db: Path, capsys) -> None:
    run(capsys, "import", str(sample_pages()[0]))
    assert run(capsys, "search", "zzzzqqqq") == (0, "", "")
    assert run(capsys, "list", "--tag", "nothing-has-this") == (0, "", "")
    code, _, err = run(capsys, "list", "--year", "abc")
    assert code == 1 and "--year takes YEAR or FROM..TO" in err
    for command in ("list", "search"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "exit status: 0 when the query ran" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(("query", "hint"), [("year:abc", "year:"), ("is:unred scaling", "is:"), ("YEAR:20x", "year:")])
def test_search_explains_a_filter_it_did_not_understand(db: Path, capsys, query: str, hint: str) -> None:
    run(capsys, "import", str(sample_pages()[0]))
    code, _, err = run(capsys, "search", query)
    assert code == 0
    lines = err.splitlines()
    assert lines and lines[0].startswith("shelf: ") and hint in lines[0] and query.split()[0] in lines[0]


def test_terminal_escapes_in_data_are_not_sent_to_the_terminal(db: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "evil.txt"
    page.write_text("LGJan 3, 2021\nEvil \x1b[31mred\x1b[0m TitleJohn Smith\nAbstract.\n", encoding="utf-8")
    assert run(capsys, "import", str(page))[0] == 0
    out = run(capsys, "list")[1]
    assert "\x1b" not in out and "\\x1b[31mred" in out


def test_demo_builds_the_sample_library(capsys) -> None:
    code, out, _ = run(capsys, "demo", "--print-path")
    assert code == 0 and Path(out.strip()).exists()


def test_every_command_has_help(capsys) -> None:
    for command in ["import", "list", "search", "authors", "mark", "star", "tag", "note", "stats", "export", "demo"]:
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        assert "usage: shelf" in capsys.readouterr().out


def test_tag_splits_like_the_app_and_ignores_case(db: Path, capsys) -> None:
    run(capsys, "import", str(sample_pages()[4]))
    assert run(capsys, "tag", "2") == (0, "2: (no tags)\n", "")
    assert run(capsys, "tag", "2", "Foo Bar,baz", "#LLM")[1] == "2: #bar #baz #foo #llm\n"
    assert run(capsys, "tag", "2", "llm", "FOO")[1] == "2: #bar #baz #foo #llm\n"  # no duplicates
    assert run(capsys, "tag", "2", "-Foo,-BAZ", "-missing")[1] == "2: #bar #llm\n"
    assert run(capsys, "tag", "2", "-bar", "-#llm")[1] == "2: (no tags)\n"


def test_tag_matches_tags_stored_in_another_case(db: Path, capsys) -> None:
    from store import open_library

    run(capsys, "import", str(sample_pages()[4]))
    with open_library(db) as library:
        library.set_tags(3, ["LLM", "Vision"])
    assert run(capsys, "tag", "3", "llm", "-vision")[1] == "3: #llm\n"


def test_stats_counts_in_words(db: Path, tmp_path: Path, capsys) -> None:
    assert run(capsys, "stats")[1].splitlines()[0] == "0 papers by 0 authors from 0 pages"
    page = tmp_path / "one.txt"
    page.write_text("LGJan 3, 2014\nA Title about ThingsJohn Smith\nAbstract.\n", encoding="utf-8")
    run(capsys, "import", str(page))
    out = run(capsys, "stats")[1]
    assert out.splitlines()[0] == "1 paper by 1 author from 1 page"
    assert "most in 2014: 1 paper" in out and "no date" not in out
    run(capsys, "import", *map(str, sample_pages()))
    out = run(capsys, "stats")[1]
    assert "most in 2018, 2021 and 2022: 13 papers each\n" in out  # three years tie
    assert "5 papers have no date\n" in out


def test_export_to_a_file_says_how_many(db: Path, tmp_path: Path, capsys) -> None:
    run(capsys, "import", str(sample_pages()[0]))
    target = tmp_path / "list.md"
    code, out, err = run(capsys, "export", "--format", "markdown", "-o", str(target))
    assert code == 0 and out == "" and err == f"wrote 10 papers to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# Reading list\n")
