"""A clock drawn in block digits that grow with the space: readable from the back of a
classroom on a projector, still fitting a laptop."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

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
    # letters for one line of block text (a beurtstokje's name on the board)
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


def block_text(value: str) -> str | None:
    """The text as block letters can write it ('Zoë' -> 'ZOE'), or None if they cannot."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", value.upper()) if not unicodedata.combining(c))
    return plain if plain and all(c in FONT for c in plain) else None


def pixel_rows(value: str) -> list[str]:
    """The value as five rows of '1'/'0' pixels, one blank column between characters."""
    glyphs = [FONT[c] for c in value if c in FONT]
    return ["0".join(glyph[row] for glyph in glyphs) for row in range(5)]


def scale_for(value: str, width: int, height: int) -> int:
    """The largest scale that fits: a pixel is 2*s cells wide and s rows tall."""
    columns = len(pixel_rows(value)[0]) if value else 1
    return max(1, min(width // (2 * columns), height // 5))


class BigText(Widget):
    """One line of block letters as large as the space allows; `fits` says whether it
    could be drawn at all (else the caller shows ordinary bold text)."""

    value: reactive[str] = reactive("")

    def update(self, value: str) -> None:
        self.value = value

    def fits(self, value: str, width: int) -> bool:
        shown = block_text(value)
        return shown is not None and 2 * len(pixel_rows(shown)[0]) <= width

    def render(self) -> Text:
        shown = block_text(self.value) or ""
        rows = pixel_rows(shown)
        scale = scale_for(shown, self.size.width, self.size.height)
        text = Text(justify="center")
        for row in rows:
            line = "".join(("█" if pixel == "1" else " ") * (2 * scale) for pixel in row)
            for _ in range(scale):
                text.append(line + "\n")
        return text


class BigClock(BigText):
    """The phase timer in block digits ('07:59', '+01:05'), drawn like any BigText."""
