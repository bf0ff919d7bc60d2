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
from textual.widgets import Footer

from lesson_tui.classlist import SchoolClass, display_names
from lesson_tui.i18n import t
from lesson_tui.numbers import entry_for
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.seating import SeatingPlan, random_plan, room_for
from lesson_tui.settings import Settings
from lesson_tui.tui.keys import KeyMapped
from lesson_tui.tui.widgets.plain import Label, Static

DESK_WIDTH = 13


def room_text(plan: SeatingPlan, label: dict[str, str], cursor: tuple[int, int] | None = None, marks: dict[str, str] | None = None) -> Text:
    """The room as text: the board on top, one cell per desk ("12 Milan"), the cursor
    reversed; `marks` (pupil -> symbol) for a check round on the plan."""
    text = Text()
    width = plan.cols * DESK_WIDTH
    board = Text(f"{t('seating.board'):^{width}}\n", style="reverse")
    rows = list(range(plan.rows))
    if plan.board == "voor":
        text.append_text(board)
    else:  # the board at the back of the picture: the front row is the one nearest it
        rows.reverse()
    for row in rows:
        for col in range(plan.cols):
            place = (row, col)
            if place in plan.empty:
                cell = " " * (DESK_WIDTH - 1)
            else:
                pid = plan.seats.get(place)
                name = label.get(pid, "") if pid else "·"
                mark = (marks or {}).get(pid, "") if pid else ""
                cell = f"{name[: DESK_WIDTH - 3]:<{DESK_WIDTH - 3}}{mark:>2}"
            style = "reverse bold" if place == cursor else ("bold" if place not in plan.empty and plan.seats.get(place) else "dim")
            text.append(cell, style=style)
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
        yield Label("", id="seating-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        settings = Settings(self.app.store.root)
        self.vooraan = settings.vooraan(self.school_class.id)
        self.plan = settings.seating(self.school_class.id) or room_for(len(self.pupils))
        self._show()

    def _show(self, status: str = "") -> None:
        self.query_one("#seating-room", Static).update(room_text(self.plan, self.label, self.cursor))
        unseated = [self.label[p.id] for p in self.pupils if self.plan.seat_of(p.id) is None]
        line = status or t("seating.hint")
        if unseated:
            line += "  " + t("seating.unseated", names=", ".join(unseated[:6]) + (" …" if len(unseated) > 6 else ""))
        self.query_one("#seating-status", Label).update(line)

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
