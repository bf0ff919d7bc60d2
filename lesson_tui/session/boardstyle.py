"""The class board's colours, its two themes, and what contrast each must reach.

The board is read from the back row through a projector that washes colours out, and about
one boy in twelve is colour-blind. So:
- every colour the board's styles use is one of the CSS variables below (`$board-...`),
  with a value per theme; `tui/app.tcss` uses nothing else in the board's section
  (`board_style_problems` says where it does, a test runs it on the real stylesheet);
- every text colour on every background of the board reaches `REQUIRED_RATIO[theme]`
  (WCAG 2: 4.5:1 in the standard theme, 7:1 (AAA) in the high-contrast one), a border
  3:1 (`NON_TEXT_RATIO`);
- juist / half / fout on the teacher's screen are Okabe-Ito colours (`OKABE_ITO`), in
  variables of their own (`$mark-...`), and never alone: the tile shows the mark's symbol
  (`rules/cfu.SYMBOL`);
- with `NO_COLOR` set the board starts in the high-contrast theme (black and white: what
  Textual's monochrome filter makes of it keeps its contrast).

`t` on the board switches the theme; the choice is this PC's (the room's projector), kept
in its state folder beside klasveilig (`store/settings.py`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from lesson_tui.base.contrast import contrast_ratio

BoardTheme = Literal["standaard", "contrast"]
THEMES: tuple[BoardTheme, ...] = ("standaard", "contrast")
DEFAULT_THEME: BoardTheme = "standaard"

# Okabe & Ito (2002), "Color Universal Design": eight colours told apart by the common
# kinds of colour blindness
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

REQUIRED_RATIO: dict[BoardTheme, float] = {"standaard": 4.5, "contrast": 7.0}
NON_TEXT_RATIO = 3.0  # WCAG 1.4.11: a border or a frame against what is next to it

# what each board variable is for: "fg" a text colour, "bg" a background, "line" a border
BOARD_ROLES = {
    "board-fg": "fg",
    "board-bg": "bg",
    "board-accent": "line",
    "board-last-minute": "fg",
    "board-overtime": "fg",
}

BOARD_COLOURS: dict[BoardTheme, dict[str, str]] = {
    "standaard": {
        "board-fg": "#E0E0E0",
        "board-bg": "#121212",
        "board-accent": OKABE_ITO["orange"],
        "board-last-minute": OKABE_ITO["yellow"],
        # not vermillion: its grey under NO_COLOR is 3.8:1 on the board (the words say it too)
        "board-overtime": OKABE_ITO["orange"],
    },
    "contrast": {
        "board-fg": "#FFFFFF",
        "board-bg": "#000000",
        "board-accent": OKABE_ITO["yellow"],
        "board-last-minute": OKABE_ITO["yellow"],
        "board-overtime": OKABE_ITO["orange"],
    },
}

# juist / half / fout on the teacher's screen (tiles, the round's counts, the advice): the
# same in both themes; fout is a background (vermillion is too dark as text on the dark
# screen) with black text on it
MARK_COLOURS = {
    "mark-juist": OKABE_ITO["bluish green"],
    "mark-half": OKABE_ITO["orange"],
    "mark-fout": OKABE_ITO["vermillion"],
    "mark-on-fout": OKABE_ITO["black"],
}


def theme_variables(theme: BoardTheme) -> dict[str, str]:
    """The CSS variables of one theme: the board's and the marks'."""
    return {**BOARD_COLOURS[theme], **MARK_COLOURS}


def next_theme(theme: BoardTheme) -> BoardTheme:
    """`t` on the board: the other theme."""
    return THEMES[(THEMES.index(theme) + 1) % len(THEMES)]


def start_theme(saved: object, no_color: bool) -> BoardTheme:
    """The theme a board opens in: the one this PC chose last; with NO_COLOR and no choice
    made, the high-contrast one; anything unreadable in the file: the standard one."""
    if saved in THEMES:
        return saved
    return "contrast" if no_color else DEFAULT_THEME


# --- the stylesheet's board section, read as text ---------------------------------------

BOARD_SECTION = "/* --- the class board"  # where the board's rules start in app.tcss
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}", re.S)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_VARIABLE = re.compile(r"\$([a-z0-9-]+)")


@dataclass(frozen=True)
class Declaration:
    selector: str
    prop: str
    value: str
    line: int


def board_section(tcss: str) -> tuple[str, int]:
    """The board's part of the stylesheet (up to the next section) and its first line."""
    start = tcss.find(BOARD_SECTION)
    if start < 0:
        raise ValueError(f"no board section ({BOARD_SECTION!r}) in the stylesheet")
    end = tcss.find("/* ---", start + len(BOARD_SECTION))
    return tcss[start : end if end >= 0 else len(tcss)], tcss.count("\n", 0, start) + 1


def declarations(tcss: str, first_line: int = 1) -> list[Declaration]:
    """Every `property: value;` of every rule, with the line it is on."""
    found: list[Declaration] = []
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), tcss)
    for rule in _RULE.finditer(text):
        selector = " ".join(rule.group(1).split())
        offset = first_line + text.count("\n", 0, rule.start(2))
        body = rule.group(2)
        for number, raw in enumerate(body.split("\n")):
            for part in raw.split(";"):
                if ":" in part:
                    prop, value = part.split(":", 1)
                    found.append(Declaration(selector, prop.strip(), value.strip(), offset + number))
    return found


COLOUR_PROPS = ("color", "background", "border", "border-top", "border-right", "border-bottom",
                "border-left", "outline", "tint", "background-tint")


@dataclass(frozen=True)
class Pair:
    """A text colour on a background of the board, as a theme makes it."""

    theme: BoardTheme
    fg: str
    bg: str
    ratio: float
    needed: float


def board_pairs(tcss: str, themes: Mapping[BoardTheme, Mapping[str, str]] = BOARD_COLOURS) -> list[Pair]:
    """Every text colour the board's rules use (and the board's own) on every background
    they use, and every border on every background, per theme. All pairs, not only the
    ones a selector makes meet: a flash, the last minute and a view can come together."""
    section, first = board_section(tcss)
    fgs, bgs, lines = {"board-fg"}, {"board-bg"}, set()
    for found in declarations(section, first):
        names = _VARIABLE.findall(found.value)
        if found.prop == "color":
            fgs.update(names)
        elif found.prop in ("background", "background-tint", "tint"):
            bgs.update(names)
        elif found.prop in COLOUR_PROPS:
            lines.update(names)
    pairs: list[Pair] = []
    for theme, colours in themes.items():
        for fg in sorted(fgs | lines):
            needed = REQUIRED_RATIO[theme] if fg in fgs else NON_TEXT_RATIO
            for bg in sorted(bgs):
                ratio = contrast_ratio(colours[fg], colours[bg])
                pairs.append(Pair(theme, fg, bg, ratio, needed))
    return pairs


def board_style_problems(tcss: str) -> list[str]:
    """What in the board's section breaks the rules above: a colour that is not a board
    variable (a theme colour such as $warning, a named or hex colour), a variable no theme
    has, a pair below its contrast. Empty: all is well."""
    section, first = board_section(tcss)
    problems: list[str] = []
    for found in declarations(section, first):
        if found.prop not in COLOUR_PROPS:
            continue
        names = _VARIABLE.findall(found.value)
        words = [w for w in re.split(r"\s+", _VARIABLE.sub("", found.value)) if w]
        style_words = {"none", "hidden", "blank", "solid", "heavy", "round", "double", "tall", "thick", "wide",
                       "vkey", "hkey", "outer", "inner", "dashed", "ascii", "panel"}
        stray = [w for w in words if w not in style_words]  # an alpha ("30%") would blend: not allowed
        if stray:
            problems.append(f"line {found.line}: {found.selector} {found.prop}: {found.value} (a colour not from $board-...)")
        for name in names:
            if name not in BOARD_ROLES:
                problems.append(f"line {found.line}: {found.selector} {found.prop}: ${name} is not a board variable")
    if problems:
        return problems
    for pair in board_pairs(tcss):
        if pair.ratio < pair.needed:
            problems.append(
                f"{pair.theme}: ${pair.fg} on ${pair.bg} is {pair.ratio:.2f}:1, needs {pair.needed:g}:1"
            )
    return problems
