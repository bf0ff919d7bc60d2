"""The board's colours: WCAG contrast of every pair its stylesheet uses, in both themes; the
marks in Okabe-Ito colours of their own; the theme a board opens in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.contrast import contrast_ratio, parse_hex, relative_luminance
from lesson_tui.session import boardstyle
from lesson_tui.session.boardstyle import (
    BOARD_COLOURS,
    MARK_COLOURS,
    OKABE_ITO,
    REQUIRED_RATIO,
    board_pairs,
    board_style_problems,
    next_theme,
    start_theme,
)

TCSS = (Path(boardstyle.__file__).parent.parent / "tui" / "app.tcss").read_text(encoding="utf-8")
colours = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))


def test_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's checker: #777777 on white is 4.48:1 (just under AA), #767676 4.54:1
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(5.19, abs=0.01)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)


@given(colours, colours)
def test_contrast_is_symmetric_and_between_1_and_21(a, b):
    ratio = contrast_ratio(a, b)
    assert 1.0 <= ratio <= 21.0 + 1e-9
    assert ratio == pytest.approx(contrast_ratio(b, a))


@given(colours)
def test_a_lighter_text_on_black_never_has_less_contrast(rgb):
    lighter = tuple(min(255, c + 10) for c in rgb)
    assert contrast_ratio(lighter, "#000000") >= contrast_ratio(rgb, "#000000")


def test_bad_colour_is_refused():
    with pytest.raises(ValueError):
        parse_hex("red")


def test_every_pair_the_board_uses_has_its_contrast_in_both_themes():
    assert board_style_problems(TCSS) == []
    pairs = board_pairs(TCSS)
    assert {p.theme for p in pairs} == {"standaard", "contrast"}
    # the pairs come from the stylesheet: the clock's colours in the last minute and after
    used = {(p.fg, p.bg) for p in pairs}
    assert ("board-last-minute", "board-bg") in used and ("board-overtime", "board-bg") in used
    for pair in pairs:
        if pair.fg in ("board-fg", "board-last-minute", "board-overtime"):
            assert pair.ratio >= REQUIRED_RATIO[pair.theme], pair


def test_a_low_contrast_colour_in_the_stylesheet_is_found():
    """The check itself: a board colour changed to a dim one, a theme colour, an alpha."""
    dim = {**BOARD_COLOURS, "contrast": {**BOARD_COLOURS["contrast"], "board-overtime": "#555555"}}
    low = [p for p in board_pairs(TCSS, dim) if p.ratio < p.needed]
    assert low and low[0].theme == "contrast" and low[0].fg == "board-overtime"
    for bad in ("color: $warning;", "color: #444444;", "background: $board-bg 40%;"):
        broken = TCSS.replace("ClassBoard.-overtime #cb-clock {\n", "ClassBoard.-overtime #cb-clock {\n    " + bad + "\n")
        assert broken != TCSS
        problems = board_style_problems(broken)
        assert problems and "ClassBoard.-overtime #cb-clock" in problems[0], bad


def test_the_contrast_theme_reaches_aaa_and_the_standard_aa():
    assert REQUIRED_RATIO == {"standaard": 4.5, "contrast": 7.0}
    for theme, colours_ in BOARD_COLOURS.items():
        for name in ("board-fg", "board-last-minute", "board-overtime"):
            assert contrast_ratio(colours_[name], colours_["board-bg"]) >= REQUIRED_RATIO[theme], (theme, name)
    assert contrast_ratio(BOARD_COLOURS["contrast"]["board-fg"], BOARD_COLOURS["contrast"]["board-bg"]) == pytest.approx(21)


def test_marks_are_okabe_ito_in_their_own_variables_never_the_theme_ones():
    palette = {c.upper() for c in OKABE_ITO.values()}
    assert {MARK_COLOURS[f"mark-{m}"].upper() for m in ("juist", "half", "fout")} <= palette
    assert len({MARK_COLOURS[f"mark-{m}"] for m in ("juist", "half", "fout")}) == 3
    # fout is a background: its text on it has the contrast too
    assert contrast_ratio(MARK_COLOURS["mark-on-fout"], MARK_COLOURS["mark-fout"]) >= 4.5
    for mark in ("juist", "half", "fout"):
        block = TCSS[TCSS.index(f"PupilTile.-{mark} {{"):]
        block = block[: block.index("}")]
        assert f"$mark-{mark}" in block and "$success" not in block and "$warning" not in block and "$error" not in block


def test_the_theme_a_board_opens_in():
    assert start_theme(None, no_color=False) == "standaard"
    assert start_theme(None, no_color=True) == "contrast"  # NO_COLOR: black and white
    assert start_theme("standaard", no_color=True) == "standaard"  # a choice made wins
    assert start_theme("contrast", no_color=False) == "contrast"
    assert start_theme("paars", no_color=False) == "standaard"  # a file edited by hand
    assert next_theme("standaard") == "contrast" and next_theme("contrast") == "standaard"
