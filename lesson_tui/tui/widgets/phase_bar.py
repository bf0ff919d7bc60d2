"""Every phase of the plan in one line: done ones ticked, the current one marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from lesson_tui.base.i18n import t


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

    def _segment(self, index: int) -> tuple[str, str]:
        label = t(f"phase_short.{self.phases[index]}")
        if index == self.current:
            return f"▶{label}", "bold reverse"
        if index in self.done:
            return f"✓{label}", "dim"
        return f" {label}", ""

    def visible_range(self, width: int) -> tuple[int, int]:
        """The phases that fit in `width`, always including the current one: a plan with
        200 phases shows a window around it, with how many are left out on each side."""
        segments = [len(self._segment(i)[0]) + 1 for i in range(len(self.phases))]
        if sum(segments) <= width or not segments:
            return 0, len(self.phases)
        room = max(1, width - 2 * 6)  # room for "‹123 " and " 123›"
        centre = min(max(self.current, 0), len(self.phases) - 1)
        start = end = centre
        used = segments[centre]
        while True:
            grew = False
            if end + 1 < len(segments) and used + segments[end + 1] <= room:
                end += 1
                used += segments[end]
                grew = True
            if start > 0 and used + segments[start - 1] <= room:
                start -= 1
                used += segments[start]
                grew = True
            if not grew:
                return start, end + 1

    def render(self) -> Text:
        start, end = self.visible_range(self.size.width or 80)
        text = Text()
        if start:
            text.append(f"‹{start} ", style="dim")
        for index in range(start, end):
            if index > start:
                text.append(" ")
            label, style = self._segment(index)
            text.append(label, style=style)
        if end < len(self.phases):
            text.append(f" {len(self.phases) - end}›", style="dim")
        return text
