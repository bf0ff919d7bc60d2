"""Every phase of the plan in one line: done ones ticked, the current one marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from lesson_tui.i18n import t


class PhaseBar(Widget):
    current: reactive[int] = reactive(-1)
    """Index of the phase in progress."""

    def __init__(self, phases: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phases = phases
        self.done: set[int] = set()

    def update_state(self, current: int, done: set[int]) -> None:
        self.done = set(done)
        self.current = current
        self.refresh()

    def render(self) -> Text:
        text = Text()
        for index, soort in enumerate(self.phases):
            if index:
                text.append(" ")
            label = t(f"phase_short.{soort}")
            if index == self.current:
                text.append(f"▶{label}", style="bold reverse")
            elif index in self.done:
                text.append(f"✓{label}", style="dim")
            else:
                text.append(f" {label}")
        return text
