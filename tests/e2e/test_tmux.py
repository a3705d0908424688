"""The real `shelf` command in a real terminal: tmux starts it, sends keys, reads the screen.

Pilot tests drive the app in-process; these prove the installed command, the terminal
driver and the library file work together. Each test runs its own tmux server (-L) with
HOME, XDG dirs and SHELF_DB inside tmp_path, so nothing of the user's is read or written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]

WIDTH, HEIGHT = 140, 40
TIMEOUT = 20.0
ESC_WAIT = 0.5  # longer than a terminal app waits to tell a lone ESC from an escape sequence


def shelf_command() -> list[str]:
    """The installed console script beside this Python, else the module (same code)."""
    script = Path(sys.executable).with_name("shelf")
    if script.exists():
        return [str(script)]
    found = shutil.which("shelf")
    return [found] if found else [sys.executable, "-m", "tui.cli"]


class Terminal:
    """One tmux session running one command."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env, check=check, timeout=TIMEOUT
        )
        return result.stdout

    def start(self, argv: list[str], width: int = WIDTH, height: int = HEIGHT) -> None:
        command = " ".join(_quote(arg) for arg in argv)
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), command)
        self.tmux("set-option", "-t", "e2e", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = TIMEOUT) -> str:
        """Poll the screen until *predicate* (or the text) holds; fail showing the last screen."""
        check = (lambda screen: predicate in screen) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {predicate!r}; the screen was:\n{screen}")

    def exited(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "e2e", "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def wait_for_exit(terminal: Terminal) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not terminal.exited() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert terminal.exited(), f"shelf did not quit; the screen was:\n{terminal.screen()}"


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "SHELF_DB": str(tmp_path / "library.db"),
        "TERM": "xterm-256color",
        "EDITOR": "true",
    }
    env.pop("TMUX", None)
    term = Terminal(f"shelf-e2e-{uuid.uuid4().hex[:8]}", env)
    yield term
    term.kill()


def test_shelf_demo_opens_searches_stars_and_quits(terminal: Terminal) -> None:
    terminal.start([*shelf_command(), "demo"])
    terminal.wait_for(lambda s: "123 papers" in s and "? Help" in s)  # the list and the footer
    screen = terminal.wait_for("Authors (759)")  # the authors pane fills in just after the list
    assert "Ilya Sutskever" in screen and "/ Search" in screen

    terminal.keys("/")
    terminal.keys("sutskvr", literal=True)
    screen = terminal.wait_for("Stanislas Polu, Ilya Sutskever")  # the top match, in the paper pane
    assert "matching sutskvr" in screen  # typed straight after "/", nothing lost to the list

    terminal.keys("Enter")  # to the results (a person takes a moment before the next key;
    time.sleep(ESC_WAIT)  # the footer is no signal: it is redrawn a little after focus moves)
    terminal.keys("s")
    screen = terminal.wait_for("★ starred")

    terminal.keys("?")
    terminal.wait_for("shelf · keys")
    terminal.keys("Escape")
    time.sleep(ESC_WAIT)
    terminal.wait_for(lambda s: "shelf · keys" not in s)

    terminal.keys("q")
    wait_for_exit(terminal)


def test_changes_made_in_the_app_reach_the_library_file(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    from store.locations import sample_pages

    subprocess.run([*shelf_command(), "--db", str(db), "import", *map(str, sample_pages())], check=True, env=terminal.env)
    terminal.start([*shelf_command(), "--db", str(db)])
    terminal.wait_for("123 papers")
    terminal.keys("r")  # the first paper: unread -> reading
    terminal.wait_for("◐ reading")
    terminal.keys("n")
    terminal.keys("typed in tmux [not markup]", literal=True)
    terminal.wait_for("typed in tmux [not markup]")
    terminal.keys("Escape")  # back to the list, so that q quits instead of typing a q
    time.sleep(ESC_WAIT)  # ESC with a key right behind it reads as alt+key, as in any terminal
    terminal.wait_for(lambda s: "q Quit" in s.splitlines()[-1])
    terminal.keys("q")
    wait_for_exit(terminal)

    exported = subprocess.run(
        [*shelf_command(), "--db", str(db), "export", "--format", "json"],
        check=True, capture_output=True, text=True, env=terminal.env,
    ).stdout
    papers = json.loads(exported)
    reading = [paper for paper in papers if paper["status"] == "reading"]
    assert len(reading) == 1
    assert reading[0]["note"] == "typed in tmux [not markup]"
