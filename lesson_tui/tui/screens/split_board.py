"""The split on the board (`b` on the sporen screen and in FLEX): three columns, each
spoor with its task and its pupils, in the words of the class board (lesson_tui/session/board.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.plain import Label, Static

LIST_LIMIT = 8


class SplitBoardScreen(KeyMapped, Screen):
    KEYMAP = "split_board"

    def __init__(self, lesson: LessonView, *, preview: bool = False) -> None:
        super().__init__()
        self.lesson = lesson
        self.preview = preview

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        spoor_of = None
        if lesson.sporen is None or self.preview:
            spoor_of = {pid: decision.spoor for pid, decision in lesson.decisions().items()}
        yield Label(Text(t("sporen.board_title") + " · " + lesson.plan.lesdoel, style="bold"), id="split-title")
        with Horizontal(id="split-columns"):
            for number, column in enumerate(lesson.columns(spoor_of), start=1):
                text = Text()
                text.append(column.title + "\n\n", style="bold")
                if column.task:
                    text.append(column.task + "\n\n", style="italic")
                # a short group one per line; a long one flows, so a class of 28 fits at 80x24;
                # a name never breaks over two lines
                separator = "\n" if len(column.names) <= LIST_LIMIT else "  ·  "
                text.append(separator.join(name.replace(" ", "\u00a0") for name in column.names), style="bold")
                yield Static(text, classes=f"split-column spoor-{number}")

    def action_close(self) -> None:
        self.dismiss()
