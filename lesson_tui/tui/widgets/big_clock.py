"""A clock drawn in block digits that grow with the space: readable from the back of a
classroom on a projector, still fitting a laptop."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from lesson_tui.session.boardfit import accent_pixels, block_text, has_accents, pixel_rows  # the font lives in the core


def big_pixel_rows(value: str) -> list[str]:
    """The pixel rows drawn for `value`: its five, and above them, when it has marks (a
    picked 'Zoë'), its accent row and a blank one (the clock's digits have none)."""
    rows = pixel_rows(value)
    if value and has_accents(value):
        return [accent_pixels(value), "0" * len(rows[0]), *rows]
    return rows


def scale_for(value: str, width: int, height: int) -> int:
    """The largest scale that fits: a pixel is 2*s cells wide and s rows tall."""
    columns = len(pixel_rows(value)[0]) if value else 1
    return max(1, min(width // (2 * columns), height // len(big_pixel_rows(value))))


class BigText(Widget):
    """One line of block letters as large as the space allows; `fits` says whether it
    could be drawn at all (else the caller shows ordinary bold text)."""

    value: reactive[str] = reactive("")
    exact = True  # a picked pupil's name as it is spelled ('ZOË'), else plain text below it


    def update(self, value: str) -> None:
        self.value = value

    def fits(self, value: str, width: int) -> bool:
        shown = block_text(value, exact=self.exact)
        return shown is not None and 2 * len(pixel_rows(shown)[0]) <= width

    def render(self) -> Text:
        shown = block_text(self.value, exact=self.exact) or ""
        rows = big_pixel_rows(shown)
        scale = scale_for(shown, self.size.width, self.size.height)
        text = Text(justify="center")
        if 0 < self.size.height < len(rows):
            return text  # cut off at the bottom it would read as other letters: the plain name says it
        for row in rows:
            line = "".join(("█" if pixel == "1" else " ") * (2 * scale) for pixel in row)
            for _ in range(scale):
                text.append(line + "\n")
        return text


class BigClock(BigText):
    """The phase timer in block digits ('07:59', '+01:05'), drawn like any BigText."""

    exact = False
