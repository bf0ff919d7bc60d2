"""Label and Static that never read their text as markup.

Teacher text (a lesson title "Breuken [herhaling] [/b]", a pupil's name, a file path) goes
into these widgets; Textual's own ones would read square brackets as markup, drop them or
crash. Styling here is done with rich Text and the .tcss file, never with markup."""

from __future__ import annotations

from rich.text import Text
from textual import widgets
from textual.visual import VisualType


class Label(widgets.Label):
    def __init__(self, content="", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if not same_text(self.content, content):
            super().update(content, layout=layout)


class Static(widgets.Static):
    def __init__(self, content="", *, markup: bool = False, **options) -> None:
        super().__init__(content, markup=markup, **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if not same_text(self.content, content):
            super().update(content, layout=layout)


def same_text(shown: object, new: object) -> bool:
    """`new` would draw exactly what is shown. Screens redraw by setting every line again
    (a mark, a tick of the clock, a key typed in the editor), and most lines stay what they
    were; Textual lays out the whole screen again for each line set, even to the same text,
    which was most of the time a key took. A rich Text is the same only if its characters,
    spans, style and layout options are; the very object handed in again may have been
    changed in place since, so it is drawn again."""
    if isinstance(shown, str) and isinstance(new, str):
        return shown == new
    if isinstance(shown, Text) and isinstance(new, Text) and shown is not new:
        return (shown.plain, shown.spans, shown.style, shown.justify, shown.overflow, shown.no_wrap, shown.end, shown.tab_size) == (
            new.plain,
            new.spans,
            new.style,
            new.justify,
            new.overflow,
            new.no_wrap,
            new.end,
            new.tab_size,
        )
    return False


def plain(text: object) -> Text:
    """Any value as text that is shown exactly as written (for options and table cells)."""
    return text if isinstance(text, Text) else Text(str(text))


class PlainNotify:
    """App mixin: notifications carry teacher text (titles, names, paths), never markup."""

    def notify(self, message: str, *, markup: bool = False, **options) -> None:
        super().notify(message, markup=markup, **options)  # type: ignore[misc]


def packed(items: list[Text], width: int, gap: str = "  ") -> Text:
    """`items` (a name, "14 Kacper") flowed on lines of `width` cells, each kept whole: the
    wrapping of Rich and Textual breaks at a no-break space too, so "Noah V." became
    "Noah" and "V." on two lines. An item wider than a line gets a line of its own
    (`session/boardfit.pack` decides the lines)."""
    from lesson_tui.session.boardfit import pack

    text = Text()
    for number, line in enumerate(pack([item.cell_len for item in items], width, len(gap))):
        if number:
            text.append("\n")
        for position, index in enumerate(line):
            if position:
                text.append(gap)
            text.append_text(items[index])
    return text
