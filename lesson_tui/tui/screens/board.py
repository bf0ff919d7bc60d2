"""Board view for the projector: lesdoel, phase and timer, big; no teacher notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.tui.widgets.plain import Static
from lesson_tui.i18n import t
from lesson_tui.tui.keys import KeyMapped
from lesson_tui.run import LessonRun
from lesson_tui.tui.widgets.timer import PhaseTimer


class BoardScreen(KeyMapped, Screen):
    KEYMAP = "board"

    def __init__(self, run: LessonRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        yield Static(self._goal(), id="board-goal")
        yield PhaseTimer(big=True, id="board-timer")

    def _goal(self) -> Text:
        plan = self.run.plan
        text = Text(justify="center")
        text.append(plan.lesdoel.upper() + "\n\n", style="bold")
        for criterion in plan.succescriteria:
            text.append(f"☐ {criterion}\n")
        if plan.kernwoorden:
            text.append("\n" + "  ·  ".join(plan.kernwoorden), style="italic")
        return text

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(self.app.tick_seconds, self.tick)

    def tick(self) -> None:
        self.query_one(PhaseTimer).show_phase(self.run)

    def action_next_phase(self) -> None:
        self.dismiss()
        self.app.screen.action_next_phase()

    def action_pause(self) -> None:
        self.run.toggle_pause()
        self.tick()

    def action_close(self) -> None:
        self.dismiss()
