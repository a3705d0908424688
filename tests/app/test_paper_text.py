"""How a row's author cell is squeezed into its column."""

from __future__ import annotations

import pytest

from tui.widgets.paper_text import fit_authors

TWO = "Stanislas Polu, Ilya Sutskever"
MANY = "Minh-Thang Luong, Quoc V. Le, Ilya Sutskever, Oriol Vinyals, Lukasz Kaiser"
TRUNCATED = "Moksh Jain, Mehdi Bennani, Johannes Bausch et al."


@pytest.mark.parametrize(
    ("authors", "width", "must_show", "shown"),
    [
        (TWO, 40, (), TWO),  # fits: untouched
        (TWO, 17, (), "Polu, Sutskever"),  # surnames before cutting a name
        (TRUNCATED, 17, (), "Moksh Jain et al."),  # the page's own "et al." is kept
        (TRUNCATED, 16, (), "Jain et al."),
        (MANY, 30, (), "Minh-Thang Luong et al."),
        (MANY, 40, (2,), "Minh-Thang Luong … Ilya Sutskever et al."),  # the matched coauthor stays
        (MANY, 27, (2,), "Luong, Le, Sutskever et al."),
        (MANY, 17, (2,), "… Sutskever"),
        (TRUNCATED, 20, (2,), "Jain … Bausch et al."),
    ],
)
def test_fit_authors(authors: str, width: int, must_show: tuple[int, ...], shown: str) -> None:
    assert fit_authors(authors, width, must_show) == shown
    assert len(shown) <= width


def test_a_name_too_long_for_the_column_is_cut_and_says_so() -> None:
    assert fit_authors("Wojciech Marian Czarnecki, X Y", 10) == "Czarnecki…"
    assert fit_authors("Dharshan Kumaran, Viorica Patraucean, Simon Osindero et al.", 13) == "Kumaran…"
    assert fit_authors("Wojciech Marian Czarnecki, X Y", 8) == "Czarnec…"
