"""The phase timer: big digits counting down, then up in overtime with a clear change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from lesson_tui.i18n import t
from lesson_tui.timing import format_clock


class PhaseTimer(Vertical):
    def compose(self) -> ComposeResult:
        yield Label("", id="timer-phase")
        yield Digits("00:00", id="timer-digits")
        yield Label("", id="timer-status")

    def show(self, phase_name: str, remaining: float, paused: bool, planned_s: int) -> None:
        overtime = remaining < 0
        self.query_one("#timer-phase", Label).update(phase_name)
        self.query_one("#timer-digits", Digits).update(format_clock(remaining))
        self.set_class(overtime, "-overtime")
        self.set_class(paused, "-paused")
        if paused:
            status = t("ui.timer_paused")
        elif overtime:
            status = t("ui.timer_overtime")
        else:
            status = t("ui.timer_planned", minutes=_minutes(planned_s))
        self.query_one("#timer-status", Label).update(status)


def _minutes(seconds: int) -> str:
    minutes = seconds / 60
    return str(int(minutes)) if minutes.is_integer() else f"{minutes:.1f}"
