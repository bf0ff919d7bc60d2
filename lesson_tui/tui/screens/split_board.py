"""The split on the board: three columns, each spoor with its pupils and its task."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen

from lesson_tui.tui.widgets.plain import Label, Static
from lesson_tui.i18n import t
from lesson_tui.tui.keys import KeyMapped
from lesson_tui.run import LessonRun

LIST_LIMIT = 8


class SplitBoardScreen(KeyMapped, Screen):
    KEYMAP = "split_board"

    def __init__(self, run: LessonRun, *, preview: bool = False) -> None:
        super().__init__()
        self.run = run
        self.preview = preview

    def compose(self) -> ComposeResult:
        run = self.run
        if run.sporen is not None and not self.preview:
            groups = {n: [pid for pid in run.pupil_ids if run.sporen.get(pid, {}).get("spoor") == n] for n in (1, 2, 3)}
        else:
            decisions = run.decisions()
            groups = {n: [pid for pid in run.pupil_ids if pid in decisions and decisions[pid].spoor == n] for n in (1, 2, 3)}
        yield Label(Text(t("sporen.board_title") + " · " + run.plan.lesdoel, style="bold"), id="split-title")
        with Horizontal(id="split-columns"):
            for number in (1, 2, 3):
                text = Text()
                text.append(t("ui.spoor_heading", number=number) + "\n", style="bold")
                text.append(t(f"sporen.spoor_{number}").split(" ", 1)[1] + "\n\n", style="italic")
                task = run.plan.sporen.task(number)
                if task:
                    text.append(task + "\n\n")
                # a short group one per line; a long one flows, so a class of 28 fits at 80x24
                separator = "\n" if len(groups[number]) <= LIST_LIMIT else "  ·  "
                for position, pid in enumerate(groups[number]):
                    left = pid in run.state.jij.left_miniklas
                    if position:
                        text.append(separator)
                    text.append(f"{run.names[pid]}{' ✓' if left else ''}", style="strike" if left else "bold")
                yield Static(text, classes=f"split-column spoor-{number}")

    def action_close(self) -> None:
        self.dismiss()
