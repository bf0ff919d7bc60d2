"""How the board's words fit its window: names never broken, criteria one per line, and
names in big letters where there is room.

A terminal has one size of letter, so "big" is drawn: a 3x5 pixel font in block characters.
The timer and a picked name use it at full size (`tui/widgets/big_clock.py`: a pixel is
2*s cells by s rows); the names in the sporen and the groups use it in half blocks
(▀ ▄ █: a pixel is one cell by half a row), three rows a line, so a column of a 200x55
board holds a class's names at three times the height of plain text. A name is drawn as it
is spelled, in capitals: the marks a Flemish class's names carry (Chloë, Inès, Anaïs) sit on
an accent row above the letters, in the blank row between two lines. What does not fit
(a long name in a narrow column, a letter or mark the font lacks, too many names for the
rows) is shown in plain bold text, each name whole on its line.

Widths are in terminal cells (`cells`: a wide letter takes two); nothing here knows
Textual or Rich: the widgets draw what these functions decide.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from lesson_tui.base.i18n import t

# 3x5 bitmaps; ':' is one column wide
FONT = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ":": ("0", "1", "0", "1", "0"),
    "+": ("000", "010", "111", "010", "000"),
    # letters for block text (a beurtstokje's name, the names in the sporen and the groups)
    "A": ("010", "101", "111", "101", "101"),
    "B": ("110", "101", "110", "101", "110"),
    "C": ("011", "100", "100", "100", "011"),
    "D": ("110", "101", "101", "101", "110"),
    "E": ("111", "100", "110", "100", "111"),
    "F": ("111", "100", "110", "100", "100"),
    "G": ("011", "100", "101", "101", "011"),
    "H": ("101", "101", "111", "101", "101"),
    "I": ("111", "010", "010", "010", "111"),
    "J": ("001", "001", "001", "101", "010"),
    "K": ("101", "101", "110", "101", "101"),
    "L": ("100", "100", "100", "100", "111"),
    "M": ("101", "111", "111", "101", "101"),
    "N": ("110", "101", "101", "101", "101"),
    "O": ("010", "101", "101", "101", "010"),
    "P": ("110", "101", "110", "100", "100"),
    "Q": ("010", "101", "101", "110", "011"),
    "R": ("110", "101", "110", "101", "101"),
    "S": ("011", "100", "010", "001", "110"),
    "T": ("111", "010", "010", "010", "010"),
    "U": ("101", "101", "101", "101", "111"),
    "V": ("101", "101", "101", "101", "010"),
    "W": ("101", "101", "111", "111", "101"),
    "X": ("101", "101", "010", "101", "101"),
    "Y": ("101", "101", "010", "010", "010"),
    "Z": ("111", "001", "010", "100", "111"),
    " ": ("00", "00", "00", "00", "00"),
    "-": ("000", "000", "111", "000", "000"),
    ".": ("0", "0", "0", "0", "1"),
    "'": ("1", "1", "0", "0", "0"),
}

BIG_ROWS = 3  # a line of half-block letters: five pixel rows in three terminal rows
BIG_LINE_GAP = 1  # a blank row between two lines of big names
MARK = "☐ "  # before each success criterion
ELLIPSIS = "…"


def cells(text: str) -> int:
    """The terminal cells `text` takes: a wide (east Asian) letter two, a combining mark none."""
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def fit_line(text: str, width: int) -> str:
    """`text` on one line of `width` cells: as it is when it fits, else cut with '…'."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    kept = ""
    for char in text:
        if cells(kept + char) > width - 1:
            break
        kept += char
    return kept.rstrip() + ELLIPSIS


def pack(widths: Sequence[int], width: int, gap: int) -> list[list[int]]:
    """Items of these widths flowed on lines of `width`, `gap` cells apart, each kept
    whole (a name is never broken over two lines: "Noah / V."); an item wider than a
    line gets a line of its own. The indices of the items, line by line, in order."""
    lines: list[list[int]] = []
    used = 0
    for index, size in enumerate(widths):
        if lines and used + gap + size <= width:
            lines[-1].append(index)
            used += gap + size
        else:
            lines.append([index])
            used = size
    return lines


def name_lines(names: Sequence[str], width: int, gap: int = 2) -> list[str]:
    """Names in plain text, as many a line as fit, each whole; one too wide for a line
    alone is cut with '…' (never wrapped)."""
    lines = pack([cells(n) for n in names], width, gap)
    return [fit_line((" " * gap).join(names[i] for i in line), width) for line in lines]


def _wrap(criterion: str, width: int) -> list[str]:
    """One criterion: the mark, then its words on as many lines as it needs, the lines after
    the first indented under its text (so a pupil sees where the next one starts)."""
    indent = " " * cells(MARK)
    room = max(1, width - cells(MARK))
    lines: list[str] = []
    line = ""
    for word in criterion.split():
        while cells(word) > room:  # a word longer than a line: cut where the line ends
            head = fit_line(word, room)[:-1] or word[:1]
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
            word = word[len(head):]
        if not line:
            line = word
        elif cells(line) + 1 + cells(word) <= room:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return [(MARK if n == 0 else indent) + text for n, text in enumerate(lines)]


def criteria_lines(criteria: Sequence[str], width: int, rows: int | None = None) -> list[str]:
    """The success criteria for a board `width` cells wide with `rows` rows for them: each
    starts its own line with ☐ (on shared lines they ran together). A long one wraps under
    its own text; when that needs more rows than there are, each is cut to one line; when
    even one line each is too many, the last line says how many more there are."""
    wrapped = [_wrap(c, width) for c in criteria]
    flat = [line for lines in wrapped for line in lines]
    if rows is None or len(flat) <= rows:
        return flat
    one_each = [fit_line(MARK + " ".join(c.split()), width) for c in criteria]
    if len(one_each) <= rows:
        return one_each
    if rows <= 0:
        return []
    shown = one_each[: rows - 1]
    more = fit_line(t("board.more_criteria", count=len(criteria) - len(shown)), width)
    return [*shown, more]


# --- block letters ------------------------------------------------------------------------

# The marks the font writes over a capital, as one pixel row as wide as the letter (an
# accent row drawn above the letter with a blank pixel row between: 'ZOË', never 'ZOE').
# A mark the font lacks (Ç's cedilla below, a breve, a ring) leaves the name plain.
ACCENTS = {
    "\u0308": "101",  # trema: Ë Ï Ö Ü Ä Ÿ (Chloë, Anaïs)
    "\u0301": "001",  # acute, right of the centre: É Á Ó Ú Í
    "\u0300": "100",  # grave, left of the centre: È À Ò Ù
    "\u0302": "111",  # circumflex, over the whole letter: Ê Â Ô Û Î
    "\u0303": "011",  # tilde, offset to the right so it reads apart from the circumflex: Ñ Ã Õ
    "\u0307": "010",  # dot above: İ (Turkish names)
}


def _letters(value: str) -> list[tuple[str, str]] | None:
    """`value` (capitals, NFC) as (letter, accent pixels) pairs, one per character the font
    draws ('' when it has no mark), or None when a character or a mark is not in the font."""
    letters: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", value):
        if unicodedata.combining(char):
            if not letters or letters[-1][1]:
                return None  # a mark with no letter, or a second mark on one letter
            letter, _ = letters[-1]
            accent = ACCENTS.get(char)
            if accent is None or len(accent) != len(FONT[letter][0]):
                return None
            letters[-1] = (letter, accent)
        elif char in FONT:
            letters.append((char, ""))
        else:
            return None
    return letters


def block_text(value: str, *, exact: bool = False) -> str | None:
    """The text as block letters can write it ('Zoë' -> 'ZOE'), or None if they cannot.

    `exact`: only as it is spelled, in capitals ('Zoë' -> 'ZOË', its trema drawn above the
    E): a pupil's name is never shown changed, so a name with a letter or a mark the font
    lacks ('François': no cedilla) is None there and written in plain letters."""
    upper = unicodedata.normalize("NFC", value.upper())
    if exact:
        return upper if upper and _letters(upper) is not None else None
    plain = "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))
    return plain if plain and all(c in FONT for c in plain) else None


def pixel_rows(value: str) -> list[str]:
    """The letters of `value` as five rows of '1'/'0' pixels, one blank column between
    characters (marks are not in these rows: `accent_pixels` draws them)."""
    glyphs = [FONT[letter] for letter, _ in _letters(value) or []]
    return ["0".join(glyph[row] for glyph in glyphs) for row in range(5)]


def accent_pixels(value: str) -> str:
    """The accent row of `value`: each letter's mark over its columns ('' over a letter with
    none), as wide as `pixel_rows`; all '0' when nothing in it has a mark."""
    letters = _letters(value) or []
    return "0".join(accent or "0" * len(FONT[letter][0]) for letter, accent in letters)


HALF = {("1", "1"): "█", ("1", "0"): "▀", ("0", "1"): "▄", ("0", "0"): " "}


def half_block_rows(value: str) -> list[str]:
    """`value` (as `block_text` gives it) in half blocks: three rows of text, one cell a
    pixel wide and two pixels a cell high (a blank sixth pixel row under the fifth)."""
    rows = pixel_rows(value)
    pixels = [*rows, "0" * len(rows[0])]
    return ["".join(HALF[top, bottom] for top, bottom in zip(pixels[r], pixels[r + 1], strict=True))
            for r in (0, 2, 4)]


def accent_half_row(value: str) -> str:
    """The row of text above `half_block_rows` that carries the marks: each in the top half,
    so a blank half row stays between a mark and its letter (and the letters are the same
    rows with or without marks)."""
    return "".join(HALF[pixel, "0"] for pixel in accent_pixels(value))


def has_accents(value: str) -> bool:
    return "1" in accent_pixels(value)


def big_width(value: str) -> int | None:
    """The cells `value` (a name, a group) takes in half-block letters, None if the font
    cannot write it as it is spelled."""
    shown = block_text(value, exact=True)
    return None if shown is None else len(pixel_rows(shown)[0])


def big_rows_needed(lines: int, accents_on_top: bool = False) -> int:
    """The rows `lines` lines of big names take: three each and a row between two. That
    row between carries the marks of the line under it (`accent_half_row`); the first line
    has a row of its own above it only when it has marks (`accents_on_top`)."""
    if lines <= 0:
        return 0
    return lines * BIG_ROWS + (lines - 1) * BIG_LINE_GAP + (1 if accents_on_top else 0)


def _accented(line: Sequence[str]) -> bool:
    return any(has_accents(block_text(item, exact=True) or "") for item in line)


def big_layout(items: Sequence[str], width: int, rows: int, gap: int = 4) -> list[list[str]] | None:
    """The items (names, or a group "Noah V. + Emma") in half-block letters, each line as
    many as fit `width`, each item whole; None when big letters do not fit: a letter or a
    mark the font lacks, an item wider than the width, or more lines than `rows` holds."""
    if not items or width <= 0:
        return None
    widths = [big_width(item) for item in items]
    if any(w is None or w > width for w in widths):
        return None
    lines = pack([w or 0 for w in widths], width, gap)
    layout = [[items[i] for i in line] for line in lines]
    if big_rows_needed(len(layout), _accented(layout[0])) > rows:
        return None
    return layout


def big_lines(layout: list[list[str]], gap: int = 4) -> list[str]:
    """A `big_layout` as the rows of text it draws: each line's marks on the row above it
    (the blank row between two lines; above the first only when it has marks), then its
    three rows of letters."""
    rows: list[str] = []
    for number, line in enumerate(layout):
        shown = [block_text(item, exact=True) or "" for item in line]
        if _accented(line):
            rows.append((" " * gap).join(accent_half_row(item) for item in shown))
        elif number:
            rows.extend([""] * BIG_LINE_GAP)
        drawn = [half_block_rows(item) for item in shown]
        for r in range(BIG_ROWS):
            rows.append((" " * gap).join(glyphs[r] for glyphs in drawn))  # the three rows of a line as wide
    return rows
