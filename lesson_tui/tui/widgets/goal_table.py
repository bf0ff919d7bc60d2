"""The goal grid's table: pupils by goals, one symbol per cell, drawn line by line.

A DataTable renders each of its ~1,100 cells through Rich on the first paint (most of the
time the grid took to open); this widget draws a line as a few segments of text it already
has. The class number and the name stay in view while the goal columns scroll sideways;
the header stays while the rows scroll. The cursor is a cell (row, column), shown reversed
(never colour alone: the symbol is what the cell says). Column -1 is the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

CELL = 4  # a goal column: "D12" and a space; a symbol is centred under its label's start

_BOLD = Style(bold=True)
_CURSOR = Style(reverse=True)
_PLAIN = Style()


@dataclass(frozen=True)
class GridRow:
    number: str
    name: str
    symbols: tuple[str, ...]
    bold: tuple[bool, ...]  # a cell that needs the teacher (bijna, nog niet)


class GoalTable(Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "select", show=False),
    ]

    DEFAULT_CSS = "GoalTable { height: 1fr; }"

    cursor_row: reactive[int] = reactive(0)
    cursor_column: reactive[int] = reactive(-1)  # -1: the name

    class Moved(Message):
        """The cursor is on another cell."""

    class Selected(Message):
        """Enter on a cell."""

    def __init__(self, headers: list[str], rows: list[GridRow], name_title: str, **options) -> None:
        super().__init__(**options)
        self.headers = headers
        self.rows = rows
        self.number_width = max([2, *(len(r.number) for r in rows)])
        self.name_width = max([len(name_title), *(len(r.name) for r in rows)])
        self.name_title = name_title
        self.cell = max([CELL, *(len(h) + 2 for h in headers)])
        self.top = 0  # the first row shown
        self.first = 0  # the first goal column shown
        if headers:
            self.cursor_column = 0

    # --- geometry ---------------------------------------------------------------------

    @property
    def left_width(self) -> int:
        return 1 + self.number_width + 1 + self.name_width + 2

    def visible_rows(self) -> int:
        return max(1, self.size.height - 1)

    def visible_columns(self) -> int:
        return max(1, (self.size.width - self.left_width) // self.cell)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.left_width + self.cell * len(self.headers)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows) + 1

    def _keep_cursor_in_view(self) -> None:
        rows, columns = self.visible_rows(), self.visible_columns()
        if self.cursor_row < self.top:
            self.top = self.cursor_row
        elif self.cursor_row >= self.top + rows:
            self.top = self.cursor_row - rows + 1
        if self.cursor_column >= 0:
            if self.cursor_column < self.first:
                self.first = self.cursor_column
            elif self.cursor_column >= self.first + columns:
                self.first = self.cursor_column - columns + 1

    def on_resize(self) -> None:
        self._keep_cursor_in_view()
        self.refresh()

    # --- drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        columns = range(self.first, min(len(self.headers), self.first + self.visible_columns()))
        if y == 0:
            left = f" {'#'.ljust(self.number_width)} {self.name_title.ljust(self.name_width)}  "
            segments = [Segment(left, _BOLD)]
            segments += [Segment(self.headers[c].ljust(self.cell), _CURSOR if c == self.cursor_column else _BOLD) for c in columns]
            return Strip(segments).adjust_cell_length(width).crop(0, width)
        index = self.top + y - 1
        if index >= len(self.rows):
            return Strip.blank(width)
        row = self.rows[index]
        on_row = index == self.cursor_row
        name_style = _CURSOR if on_row and self.cursor_column == -1 else (_BOLD if on_row else _PLAIN)
        segments = [
            Segment(f" {row.number.ljust(self.number_width)} ", _BOLD if on_row else _PLAIN),
            Segment(row.name.ljust(self.name_width), name_style),
            Segment("  "),
        ]
        for c in columns:
            style = _CURSOR if on_row and c == self.cursor_column else (_BOLD if row.bold[c] else _PLAIN)
            segments.append(Segment(f" {row.symbols[c]}".ljust(self.cell), style))
        return Strip(segments).adjust_cell_length(width).crop(0, width)

    # --- keys -------------------------------------------------------------------------

    def action_move(self, rows: int, columns: int) -> None:
        if not self.rows:
            return
        self.cursor_row = min(max(0, self.cursor_row + rows), len(self.rows) - 1)
        self.cursor_column = min(max(-1, self.cursor_column + columns), len(self.headers) - 1)
        self._moved()

    def action_page(self, step: int) -> None:
        self.action_move(step * self.visible_rows(), 0)

    def action_edge(self, step: int) -> None:
        self.cursor_column = -1 if step < 0 else len(self.headers) - 1
        if step < 0:
            self.first = 0
        self._moved()

    def on_click(self, event) -> None:
        """A click puts the cursor on the cell (a second click on it opens it, as enter)."""
        x, y = event.x, event.y
        if y < 1 or self.top + y - 1 >= len(self.rows):
            return
        row = self.top + y - 1
        column = -1 if x < self.left_width else self.first + (x - self.left_width) // self.cell
        if column >= len(self.headers):
            return
        if (row, column) == (self.cursor_row, self.cursor_column):
            self.action_select()
        else:
            self.move_to(row, column)

    def action_select(self) -> None:
        self.post_message(self.Selected())

    def move_to(self, row: int, column: int) -> None:
        self.cursor_row, self.cursor_column = row, column
        self._moved()

    def _moved(self) -> None:
        self._keep_cursor_in_view()
        self.refresh()
        self.post_message(self.Moved())

    def row_text(self, index: int) -> list[str]:
        """A row as text cells (number, name, symbols), for tests and reading aloud."""
        row = self.rows[index]
        return [row.number, row.name, *row.symbols]
