"""The quick lesson: only a goal (and criteria, if the teacher has them); the rest is the
EDI template, and check questions are asked live as "eigen vraag"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from lesson_tui.base.i18n import t
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.plain import Label


class QuickLessonScreen(KeyMapped, ModalScreen[tuple[str, list[str]] | None]):
    KEYMAP = "quick"

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-box"):
            yield Label(t("quick.title"), classes="section-title")
            yield Label(t("quick.hint"))
            yield Label(t("quick.goal"), classes="editor-heading")
            yield Input(id="quick-goal")
            yield Label(t("quick.criteria"), classes="editor-heading")
            yield TextArea(id="quick-criteria", soft_wrap=True, show_line_numbers=False)
            yield Label("", id="quick-error", classes="editor-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        goal = self.query_one("#quick-goal", Input).value.strip()
        if not goal:
            self.query_one("#quick-error", Label).update(t("lesson.empty"))
            self.query_one("#quick-goal", Input).focus()
            return
        criteria = self.query_one("#quick-criteria", TextArea).text.splitlines()
        self.dismiss((goal, [line.strip() for line in criteria if line.strip()]))

    def action_cancel(self) -> None:
        self.dismiss(None)
