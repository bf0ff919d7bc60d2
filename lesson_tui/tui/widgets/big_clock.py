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
}


def pixel_rows(value: str) -> list[str]:
    """The value as five rows of '1'/'0' pixels, one blank column between characters."""
    glyphs = [FONT[c] for c in value if c in FONT]
    return ["0".join(glyph[row] for glyph in glyphs) for row in range(5)]


def scale_for(value: str, width: int, height: int) -> int:
    """The largest scale that fits: a pixel is 2*s cells wide and s rows tall."""
    columns = len(pixel_rows(value)[0]) if value else 1
    return max(1, min(width // (2 * columns), height // 5))


class BigClock(Widget):
    value: reactive[str] = reactive("")
    """The text shown, e.g. '07:59' or '+01:05'."""

    def update(self, value: str) -> None:
        self.value = value

    def render(self) -> Text:
        rows = pixel_rows(self.value)
        scale = scale_for(self.value, self.size.width, self.size.height)
        text = Text(justify="center")
        for row in rows:
            line = "".join(("█" if pixel == "1" else " ") * (2 * scale) for pixel in row)
            for _ in range(scale):
                text.append(line + "\n")
        return text
