"""Self-assessment at the kleine lesafsluiting, as fast as a check round.

Every present pupil starts at 1 ("ik kan het alleen"); the teacher types the class number
of a pupil who said otherwise and a letter: a = alleen (1), b = een beetje hulp (2),
c = nog uitleg nodig (3). Every mark is saved at once; `u` takes the last one back.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label
from lesson_tui.tui.widgets.pupil_grid import PupilGrid

LETTER_LEVEL = {"a": 1, "b": 2, "c": 3}
LEVEL_MARK = {1: "zelf_1", 2: "zelf_2", 3: "zelf_3"}
SYMBOLS = {"zelf_1": "1", "zelf_2": "2 ", "zelf_3": "3 ✋"}


class SelfAssessmentScreen(FollowsKlasveilig, KeyMapped, Screen[None]):
    KEYMAP = "self"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self._undo: list[tuple[str, int | None]] = []

    @property
    def pupils(self):
        present = set(self.lesson.present)
        return [p for p in self.lesson.pupils if p.id in present]

    def compose(self) -> ComposeResult:
        yield Label(t("self.title"), id="self-title")
        yield Label(Text(t("keyhelp.self_letters")), id="self-legend")
        yield PupilGrid(self.pupils, self.lesson.names, "abc", symbols=SYMBOLS, id="self-grid")
        # the digits count against the whole class: with 15 away, "1 5" is 15, refused
        present = [p.id for p in self.pupils]
        yield NumberLine(entry_for(self.lesson.pupils, taken=present, absent=self.lesson.absent), private=True, id="self-number")
        yield Label("", id="self-count")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.app.session.start_self_assessment()
        self.query_one(PupilGrid).focus()
        self._refresh()

    def _refresh(self) -> None:
        values = self.lesson.self_assessment
        self.query_one(PupilGrid).hide_marks = self.app.klasveilig
        self.query_one(PupilGrid).set_marks({p.id: LEVEL_MARK.get(values.get(p.id, 0)) for p in self.pupils})
        counts = [sum(1 for p in self.pupils if values.get(p.id) == level) for level in (1, 2, 3)]
        self.query_one("#self-count", Label).update(t("self.count", one=counts[0], two=counts[1], three=counts[2]))

    def show_privacy(self) -> None:
        self._refresh()

    def on_key(self, event) -> None:
        self.query_one(PupilGrid).take_key(event)

    def on_pupil_grid_pressed(self, event: PupilGrid.Pressed) -> None:
        before = self.lesson.self_assessment.get(event.pupil_id)
        value = LETTER_LEVEL[event.key]
        if before != value:
            self.app.session.set_self_assessment(event.pupil_id, value)
            if self.lesson.self_assessment.get(event.pupil_id) == value:  # saved
                self._undo.append((event.pupil_id, before))
        self._refresh()

    def action_undo(self) -> None:
        if self._undo:
            pupil, before = self._undo.pop()
            self.app.session.set_self_assessment(pupil, before)
            self._refresh()

    def action_done(self) -> None:
        self.dismiss(None)
