"""Beurtstokjes: a random present pupil, big enough for the class to read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits

from lesson_tui.base.i18n import t
from lesson_tui.lesson.runstate import Pick
from lesson_tui.rules.cfu import SYMBOL
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label


class PickerScreen(FollowsKlasveilig, KeyMapped, ModalScreen[None]):
    KEYMAP = "picker"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self.current: Pick | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Digits("", id="picker-number")
            yield Label("", id="picker-name")
            yield Label("", id="picker-result")
            yield Label("", id="picker-jar")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.action_pick()

    def _show(self) -> None:
        lesson = self.lesson
        number = self.query_one("#picker-number", Digits)
        name = self.query_one("#picker-name", Label)
        result = self.query_one("#picker-result", Label)
        if self.current is None:
            number.update("")
            name.update(t("ui.pick_nobody"))
            result.update("")
        else:
            number.update(str(lesson.number_of(self.current.pupil_id)))
            name.update(lesson.names[self.current.pupil_id])
            if self.current.result and self.app.klasveilig:
                result.update(t("ui.pick_logged"))  # the answer is noted, not shown to the class
            elif self.current.result:
                result.update(f"{SYMBOL[self.current.result]} {t('mark.' + self.current.result)}")
            else:
                result.update(t("ui.pick_log_hint"))
        mode = t("ui.jar_repeats") if lesson.repeats else t("ui.jar_no_repeats", left=lesson.jar_left)
        if self.app.session.least_asked:
            mode += "\n" + t("ui.jar_least_asked")
        self.query_one("#picker-jar", Label).update(mode)

    def show_privacy(self) -> None:
        self._show()

    def action_pick(self) -> None:
        self.current = self.app.session.pick_pupil()
        self._show()

    def action_result(self, value: str) -> None:
        if self.current is not None:
            self.app.session.log_pick(self.current, value)
            self._show()

    def action_undo(self) -> None:
        self.app.session.undo_pick()
        picks = self.lesson.picks
        self.current = picks[-1] if picks else None
        self._show()

    def action_mode(self) -> None:
        self.app.session.set_repeats(not self.lesson.repeats)
        self._show()

    def action_least_asked(self) -> None:
        """The setting: beurtstokjes favour who was asked least this week (this PC's)."""
        self.app.session.set_least_asked(not self.app.session.least_asked)
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)
