"""The seating plan of a class, edited with the keyboard (`z` on the home screen).

The room as the teacher sees it from the board: the front row on top. Arrows move across
the room; a class number puts that pupil at the highlighted desk (whoever sat there takes
the pupil's old place); `r` places everyone at random, "vooraan" pupils in front and "niet
samen" pairs never side by side; `v` marks the pupil at the desk as "vooraan"; `x` takes the
desk away or puts it back; `+`/`-` add or remove a row, `>`/`<` a column; `enter` saves.
"""

from __future__ import annotations

import random

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.klas.pupils import SchoolClass, display_names
from lesson_tui.rules.seating import SeatingPlan, random_plan, room_for
from lesson_tui.store.settings import Settings
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label, Static

DESK_WIDTH = 13  # the narrowest desk that shows "12 Milan ✗"
WIDE_DESK = 22  # a wider desk when the room fits: whole names
MIN_DESK = 7  # a room wider than the screen shrinks its desks, never wraps a row
MARK_STYLE = {"✓": "bold green", "½": "bold yellow", "✗": "bold red", "–": "bold magenta"}


def desk_width(cols: int, width: int | None) -> int:
    """Cells per desk (its gap included) for a room of `cols` in `width` cells."""
    if not width:
        return DESK_WIDTH
    return max(MIN_DESK, min(WIDE_DESK, width // max(cols, 1)))


def room_text(
    plan: SeatingPlan,
    label: dict[str, str],
    cursor: tuple[int, int] | None = None,
    marks: dict[str, str] | None = None,
    width: int | None = None,
) -> Text:
    """The room as text: the board on top, one cell per desk ("12 Milan ✗"), the cursor
    reversed; `marks` (pupil -> symbol) for a check round on the plan, right after the
    name and in a colour of its own, so it never reads as the next desk's. Desks are as
    wide as `width` allows; a row never wraps."""
    cell_width = desk_width(plan.cols, width)
    text = Text(no_wrap=True, overflow="crop")
    board = Text(f"{t('seating.board'):^{plan.cols * cell_width}}\n", style="reverse")
    rows = list(range(plan.rows))
    if plan.board == "voor":
        text.append_text(board)
    else:  # the board at the back of the picture: the front row is the one nearest it
        rows.reverse()
    for row in rows:
        for col in range(plan.cols):
            place = (row, col)
            pid = plan.seats.get(place)
            style = "reverse bold" if place == cursor else ("bold" if place not in plan.empty and pid else "dim")
            if place in plan.empty:
                text.append(" " * (cell_width - 1), style=style)
            else:
                mark = (marks or {}).get(pid, "") if pid else ""
                room = cell_width - 1 - (len(mark) + 1 if mark else 0)
                name = (label.get(pid, "") if pid else "·")[:room]
                text.append(name, style=style)
                if mark:
                    text.append(" ", style=style)
                    text.append(mark, style=MARK_STYLE.get(mark, "bold") + (" reverse" if place == cursor else ""))
                text.append(" " * (room - len(name)), style=style)
            text.append(" ")
        text.append("\n")
    if plan.board != "voor":
        text.append_text(board)
    return text


class SeatingScreen(KeyMapped, Screen[bool]):
    KEYMAP = "seating"

    def __init__(self, school_class: SchoolClass) -> None:
        super().__init__()
        self.school_class = school_class
        self.pupils = school_class.active_pupils
        names = display_names(self.pupils)
        self.label = {p.id: f"{p.number} {names[p.id]}" for p in self.pupils}
        self.cursor = (0, 0)
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Label(t("seating.title", klas=self.school_class.name), classes="section-title")
        yield Static("", id="seating-room")
        yield NumberLine(entry_for(self.pupils), id="seating-number")
        yield Label("", id="seating-unseated")
        yield Label("", id="seating-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        settings = Settings(self.app.store.root)
        self.vooraan = settings.vooraan(self.school_class.id)
        plan = settings.seating(self.school_class.id) or room_for(len(self.pupils))
        self.plan = plan.keep_only(p.id for p in self.pupils)  # who left the class leaves the plan
        self._show()

    def _show(self, status: str = "") -> None:
        room = self.query_one("#seating-room", Static)
        width = room.content_region.width or self.size.width - 2
        room.update(room_text(self.plan, self.label, self.cursor, width=width))
        unseated = [self.label[p.id] for p in self.pupils if self.plan.seat_of(p.id) is None]
        # a line of its own: at the end of the hint it was only seen at ~175 columns
        line = t("seating.unseated", names=", ".join(unseated[:6]) + (" …" if len(unseated) > 6 else "")) if unseated else ""
        self.query_one("#seating-unseated", Label).update(line)
        self.query_one("#seating-unseated", Label).display = bool(unseated)
        self.query_one("#seating-status", Label).update(status or t("seating.hint"))

    def on_resize(self) -> None:
        if hasattr(self, "plan"):
            self._show()

    def _changed(self, plan: SeatingPlan, status: str = "") -> None:
        self.plan, self.dirty = plan, True
        self._show(status)

    # --- keys -------------------------------------------------------------------------

    def action_move(self, rows: int, cols: int) -> None:
        row, col = self.cursor
        self._place(self.query_one(NumberLine).end())  # "1 →": pupil 1 here, then move
        self.cursor = (min(max(row + rows, 0), self.plan.rows - 1), min(max(col + cols, 0), self.plan.cols - 1))
        self._show()

    def on_key(self, event) -> None:
        self._place(self.query_one(NumberLine).take(event))

    def _place(self, step) -> None:
        """A pupil sits down once the number is complete (or ended with enter or an arrow):
        "1 2" seats 12, never 1 first; a refused number seats nobody."""
        if step is not None and step.done and step.number is not None:
            pupil = next(p for p in self.pupils if p.number == step.number)
            self._changed(self.plan.place(self.cursor, pupil.id))

    def action_shuffle(self) -> None:
        settings = Settings(self.app.store.root)
        rng = random.Random(self.app.rng.randrange(1 << 30))
        plan = random_plan(
            replace_seats(self.plan),
            [p.id for p in self.pupils],
            vooraan=self.vooraan,
            niet_samen=settings.niet_samen(self.school_class.id),
            rng=rng,
        )
        self._changed(plan)

    def action_front(self) -> None:
        pupil = self.plan.seats.get(self.cursor)
        if pupil is None:
            return
        (self.vooraan.discard if pupil in self.vooraan else self.vooraan.add)(pupil)
        self.dirty = True
        key = "seating.front_on" if pupil in self.vooraan else "seating.front_off"
        self._show(t(key, name=self.label[pupil]))

    def action_board_side(self) -> None:
        """The board in front of the picture or behind it (how the teacher sees the room)."""
        from dataclasses import replace

        self._changed(replace(self.plan, board="achter" if self.plan.board == "voor" else "voor"))

    def action_toggle_desk(self) -> None:
        self._changed(self.plan.toggle_empty(self.cursor))

    def action_resize(self, rows: int, cols: int) -> None:
        new_rows, new_cols = max(1, self.plan.rows + rows), max(1, self.plan.cols + cols)
        seats = {p: pid for p, pid in self.plan.seats.items() if p[0] < new_rows and p[1] < new_cols}
        empty = frozenset(p for p in self.plan.empty if p[0] < new_rows and p[1] < new_cols)
        self.cursor = (min(self.cursor[0], new_rows - 1), min(self.cursor[1], new_cols - 1))
        self._changed(SeatingPlan(new_rows, new_cols, self.plan.board, empty, seats))

    def action_save(self) -> None:
        settings = Settings(self.app.store.root)
        try:
            settings.set_seating(self.school_class.id, self.plan, self.vooraan)
        except OSError as error:
            self.app.report_save_error(error)
            return
        self.dirty = False
        self.notify(t("seating.saved", klas=self.school_class.name))
        self.dismiss(True)

    def action_leave(self) -> None:
        if self.dirty:
            self.dirty = False  # a second esc leaves without saving
            self._show(t("seating.unsaved"))
            return
        self.dismiss(False)


def replace_seats(plan: SeatingPlan) -> SeatingPlan:
    """The same room, nobody seated yet."""
    return SeatingPlan(plan.rows, plan.cols, plan.board, plan.empty)
