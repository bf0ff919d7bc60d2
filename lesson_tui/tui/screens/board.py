"""Board view on the teacher's own screen (`b`), for a room with one screen: the same class
board as `lesson-tui board`, drawn from the live run. `n` steps the phase and stays here
(going back to the lesson screen would show the notes and answers to the class)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.class_board import ClassBoard


class BoardScreen(KeyMapped, Screen["Step | None"]):
    KEYMAP = "board"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson

    def compose(self) -> ComposeResult:
        yield ClassBoard(id="class-board")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(self.app.tick_seconds, self.tick)

    def on_screen_resume(self) -> None:
        self.tick()

    def tick(self) -> None:
        self.query_one(ClassBoard).show(self.lesson.board())

    def action_next_phase(self) -> None:
        from lesson_tui.session.session import Step

        step = self.app.session.next_phase()
        self.tick()
        if step is not Step.NONE:
            self.dismiss(step)  # a check round or the closing opens on the teacher's screen

    def action_pause(self) -> None:
        self.app.session.toggle_pause()
        self.tick()

    def action_board_theme(self) -> None:
        self.app.toggle_board_theme(self.app.store.root)

    def action_close(self) -> None:
        self.dismiss(None)
