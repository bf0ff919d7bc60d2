"""A grid of pupil tiles (class number + name + mark) driven by number keys and arrows.

Typing a class number moves the cursor to that pupil (one digit is enough when no other
number starts with it); a mark letter then applies to the pupil under the cursor. Arrows
move the cursor too. The grid only reports keys; the screen decides what a mark means.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from lesson_tui.cfu import SYMBOL
from lesson_tui.classlist import Pupil
from lesson_tui.numbers import NumberEntry


class PupilTile(Static):
    mark: reactive[str | None] = reactive(None)
    """The mark shown on the tile: juist, half, fout, afwezig, pas, or None."""

    def __init__(self, pupil: Pupil, name: str, symbols: dict[str, str]) -> None:
        super().__init__(id=f"tile-{pupil.number}", classes="pupil-tile")
        self.pupil = pupil
        self.label = name
        self.symbols = symbols

    def render(self) -> Text:
        # teacher text is never markup: a name like "Noah [B]" stays as it is
        symbol = self.symbols.get(self.mark or "", " ")
        return Text(f"{self.pupil.number:>2} {self.label} {symbol}")

    def watch_mark(self, old: str | None, new: str | None) -> None:
        if old:
            self.remove_class(f"-{old}")
        if new:
            self.add_class(f"-{new}")


class PupilGrid(Grid, can_focus=True):
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("up", "move_row(-1)", show=False),
        Binding("down", "move_row(1)", show=False),
        Binding("backspace", "clear_number", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    """Index of the highlighted tile."""

    typed: reactive[str] = reactive("")
    """The digits typed so far for a class number."""

    @dataclass
    class Pressed(Message):
        """A mark letter was pressed for a pupil."""

        pupil_id: str
        key: str

    def __init__(
        self,
        pupils: list[Pupil],
        names: dict[str, str],
        letters: str,
        *,
        symbols: dict[str, str] = SYMBOL,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.symbols = symbols
        self.hide_marks = False  # klasveilig: tiles show number and name only
        self._marks: dict[str, str | None] = {}
        self.pupils = pupils
        self.names = names
        self.letters = letters
        self._entry = NumberEntry([p.number for p in pupils])
        self._index_of = {p.number: index for index, p in enumerate(pupils)}

    def compose(self):
        for pupil in self.pupils:
            yield PupilTile(pupil, self.names[pupil.id], self.symbols)

    @property
    def tiles(self) -> list[PupilTile]:
        return list(self.query(PupilTile))

    def on_mount(self) -> None:
        self._show_cursor(None, self.cursor)

    def set_marks(self, marks: dict[str, str | None]) -> None:
        self._marks = dict(marks)
        for tile in self.tiles:
            tile.mark = None if self.hide_marks else marks.get(tile.pupil.id)

    def set_hide_marks(self, hide: bool) -> None:
        self.hide_marks = hide
        self.set_marks(self._marks)

    def _columns(self) -> int:
        tiles = self.tiles
        if len(tiles) < 2:
            return 1
        first_y = tiles[0].region.y
        same_row = sum(1 for tile in tiles if tile.region.y == first_y)
        return max(1, same_row)

    def watch_cursor(self, old: int, new: int) -> None:
        self._show_cursor(old, new)

    def _show_cursor(self, old: int | None, new: int) -> None:
        tiles = self.tiles
        if old is not None and 0 <= old < len(tiles):
            tiles[old].remove_class("-cursor")
        if 0 <= new < len(tiles):
            tiles[new].add_class("-cursor")
            tiles[new].scroll_visible()

    def action_move(self, step: int) -> None:
        self._entry.clear()
        self.typed = ""
        if self.pupils:
            self.cursor = (self.cursor + step) % len(self.pupils)

    def action_move_row(self, step: int) -> None:
        self._entry.clear()
        self.typed = ""
        target = self.cursor + step * self._columns()
        if 0 <= target < len(self.pupils):
            self.cursor = target

    def action_clear_number(self) -> None:
        self._entry.clear()
        self.typed = ""

    def type_digit(self, digit: str) -> None:
        chosen = self._entry.digit(digit)
        if chosen is not None:
            self.cursor = self._index_of[chosen]
        self.typed = self._entry.typed

    def press_letter(self, key: str) -> None:
        self._entry.clear()
        self.typed = ""
        if self.pupils:
            self.post_message(self.Pressed(self.pupils[self.cursor].id, key))

    def take_key(self, event) -> bool:
        """Take a digit or mark letter. The screen calls this from its own `on_key`; the
        grid has no key handler of its own, so every key reaches the screen in the order it
        was typed: a grid that took digits itself took `2 4 a` typed behind an `enter` that
        had already closed the round, and marked the wrong round. It also means keys typed
        before the grid has focus are never lost."""
        character = event.character
        if character and character.isdigit():
            event.stop()
            self.type_digit(character)
            return True
        if character and character in self.letters:
            event.stop()
            self.press_letter(character)
            return True
        return False

