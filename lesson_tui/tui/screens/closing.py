"""Grote lesafsluiting: the kijkwijzer's process questions and the three feedback questions,
each with a free note saved as it is written; ctrl+s closes the lesson."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input

from lesson_tui.base.i18n import t
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label

PROMPTS = ("process_1", "process_2", "process_3", "feedback_1", "feedback_2", "feedback_3")


class ClosingScreen(KeyMapped, Screen[bool]):
    KEYMAP = "closing"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield Label(t("closing.title"), id="closing-title")
        yield Label(t("closing.exit_done", count=len(self.lesson.exit_rounds)), id="closing-exit")
        with VerticalScroll(id="closing-box"):
            for key in PROMPTS:
                yield Label(t(f"closing.{key}"), classes="closing-prompt")
                yield Input(self.lesson.notes.get(key, ""), placeholder=t("closing.placeholder"), id=f"note-{key}")
        yield Label(t("closing.hint"), id="closing-hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _save(self, field: Input) -> None:
        self.app.session.set_note(field.id.removeprefix("note-"), field.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save(event.input)
        self.focus_next()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, Input):
            self._save(event.widget)

    def _save_all(self) -> None:
        for field in self.query(Input):
            self._save(field)

    def action_close_lesson(self) -> None:
        self._save_all()
        if not self.app.session.close():
            return  # not saved: the app said why
        self.dismiss(True)

    def action_review(self) -> None:
        """F2: the lesson as it went so far (the reflection notes saved first)."""
        from lesson_tui.tui.screens.reflect import LessonPageScreen

        self._save_all()
        self.app.push_screen(LessonPageScreen(self.app.session.review()))

    def action_back(self) -> None:
        self._save_all()
        self.dismiss(False)
