"""Who is here today: class number + `a` marks absent, `j` present (`p` in English); enter
confirms.

Used before a lesson (returns the absent set) and during it (each change is recorded the
moment it is made through `on_change`, for a pupil who arrives late or leaves early).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label
from lesson_tui.tui.widgets.pupil_grid import PupilGrid


class AttendanceScreen(KeyMapped, Screen[set[str] | None]):
    KEYMAP = "attendance"

    def __init__(
        self,
        pupils: list[Pupil],
        absent: set[str],
        *,
        title: str,
        on_change: Callable[[str, bool], None] | None = None,
    ) -> None:
        super().__init__()
        self.pupils = pupils
        self.absent = set(absent)
        self.title_text = title
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        yield Label(t("ui.attendance_title", klas=self.title_text), id="attendance-title")
        yield Label(t("ui.attendance_hint"), id="attendance-hint")
        self.present_key = t("ui.attendance_present_key")
        yield PupilGrid(self.pupils, display_names(self.pupils), "a" + self.present_key, id="attendance-grid")
        yield NumberLine(entry_for(self.pupils), id="attendance-number")  # absent pupils too
        yield Label("", id="attendance-count")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(PupilGrid).focus()
        self._refresh()

    def _refresh(self) -> None:
        self.query_one(PupilGrid).set_marks(dict.fromkeys(self.absent, "afwezig"))
        present = len(self.pupils) - len(self.absent)
        self.query_one("#attendance-count", Label).update(
            t("ui.attendance_count", present=present, absent=len(self.absent))
        )

    def _set(self, pupil_id: str, present: bool) -> None:
        if (pupil_id not in self.absent) == present:
            return
        if self.on_change is not None:
            self.on_change(pupil_id, present)  # on disk before the tile changes
        if present:
            self.absent.discard(pupil_id)
        else:
            self.absent.add(pupil_id)
        self._refresh()

    def on_key(self, event) -> None:
        self.query_one(PupilGrid).take_key(event)

    def on_pupil_grid_pressed(self, event: PupilGrid.Pressed) -> None:
        self._set(event.pupil_id, present=(event.key == self.present_key))

    def action_toggle(self) -> None:
        pupil = self.query_one(PupilGrid).target()
        if pupil is None:
            return  # a refused number: nobody is toggled
        self._set(pupil.id, present=pupil.id in self.absent)

    def action_confirm(self) -> None:
        self.dismiss(set(self.absent))

    def action_cancel(self) -> None:
        self.dismiss(set(self.absent) if self.on_change else None)
