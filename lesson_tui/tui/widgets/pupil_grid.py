"""A grid of pupil tiles (class number + name + mark) driven by number keys and arrows.

Typing a class number moves the cursor to that pupil (the rule and the line that shows the
digits are lesson_tui/klas/numbers.py and widgets/number_line.py, shared by every screen that
takes class numbers); a mark letter then applies to the pupil under the cursor. A number
the screen does not take is refused on that line and leaves nobody under the cursor, so
the letter after it marks nobody. Arrows move the cursor too. The grid only reports keys;
the screen decides what a mark means.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from lesson_tui.klas.numbers import Step
from lesson_tui.klas.pupils import Pupil
from lesson_tui.rules.cfu import SYMBOL
from lesson_tui.tui.widgets.number_line import NumberLine


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
    ]

    cursor: reactive[int] = reactive(0)
    """Index of the highlighted tile."""

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
        self._index_of = {p.number: index for index, p in enumerate(pupils)}
        # False after a refused number (or digits naming nobody yet): a letter marks nobody
        self.has_target = True
        # klasveilig: a typed number moves the cursor without lighting the tile, so the
        # class cannot see who is about to be marked; arrows light it as always
        self._quiet = False

    def compose(self):
        for pupil in self.pupils:
            yield PupilTile(pupil, self.names[pupil.id], self.symbols)

    @property
    def tiles(self) -> list[PupilTile]:
        return list(self.query(PupilTile))

    def on_mount(self) -> None:
        self._show_cursor()

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
        self._show_cursor()

    def _show_cursor(self) -> None:
        lit = self.has_target and not (self._quiet and self.hide_marks)
        for index, tile in enumerate(self.tiles):
            tile.set_class(lit and index == self.cursor, "-cursor")
        tiles = self.tiles
        if 0 <= self.cursor < len(tiles):
            tiles[self.cursor].scroll_visible()

    @property
    def typed_quietly(self) -> bool:
        """The cursor was put here by a typed number (not by arrows or a desk chosen)."""
        return self._quiet

    def _line(self) -> NumberLine | None:
        lines = self.screen.query(NumberLine)
        return lines.first() if lines else None

    def _by_arrow(self) -> None:
        line = self._line()
        if line is not None:
            line.clear()
        self.has_target, self._quiet = True, False

    def action_move(self, step: int) -> None:
        self._by_arrow()
        if self.pupils:
            self.cursor = (self.cursor + step) % len(self.pupils)
        self._show_cursor()

    def action_move_row(self, step: int) -> None:
        self._by_arrow()
        target = self.cursor + step * self._columns()
        if 0 <= target < len(self.pupils):
            self.cursor = target
        self._show_cursor()

    def point_at(self, index: int) -> None:
        """The pupil at this tile, chosen by looking (the seating plan's arrows)."""
        self._by_arrow()
        self.cursor = index
        self._show_cursor()

    def follow(self, step: Step) -> None:
        """The cursor goes to the pupil the digits name; digits that name nobody (yet), or a
        refused number, leave nobody under it."""
        index = self._index_of.get(step.number) if step.number is not None else None
        self.has_target, self._quiet = index is not None, True
        if index is not None:
            self.cursor = index
        self._show_cursor()

    def target(self) -> Pupil | None:
        """The pupil a key acts on now: digits still typed end here, as the whole number.
        None after a refused number (the refusal stays on its line)."""
        line = self._line()
        if line is not None and line.entry.pending:
            self.follow(line.end())
        if not (self.pupils and self.has_target):
            return None
        if line is not None:
            line.clear()
        return self.pupils[self.cursor]

    def press_letter(self, key: str) -> None:
        pupil = self.target()
        if pupil is not None:
            self.post_message(self.Pressed(pupil.id, key))

    def take_key(self, event) -> bool:
        """Take a digit or mark letter. The screen calls this from its own `on_key`; the
        grid has no key handler of its own, so every key reaches the screen in the order it
        was typed: a grid that took digits itself took `2 4 a` typed behind an `enter` that
        had already closed the round, and marked the wrong round. It also means keys typed
        before the grid has focus are never lost."""
        line = self._line()
        step = line.take(event) if line is not None else None
        if step is not None:
            self.follow(step)
            return True
        character = event.character
        if character and character in self.letters:
            event.stop()
            self.press_letter(character)
            return True
        return False
