"""A clock drawn in block digits that grow with the space: readable from the back of a
classroom on a projector, still fitting a laptop."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from lesson_tui.session.boardfit import block_text, pixel_rows  # the font lives in the core


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
