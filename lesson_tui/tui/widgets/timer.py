"""The phase timer: big digits counting down, then up in overtime with a clear change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits

from lesson_tui.base.i18n import t
from lesson_tui.rules.timing import format_clock
from lesson_tui.session.view import LessonView
from lesson_tui.tui.widgets.plain import Label


class PhaseTimer(Vertical):
    def __init__(self, *, big: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.big = big

    def compose(self) -> ComposeResult:
        from lesson_tui.tui.widgets.big_clock import BigClock

        yield Label("", id="timer-phase")
        # the board view grows its clock with the projector; elsewhere Textual's digits
        yield BigClock(id="timer-digits") if self.big else Digits("00:00", id="timer-digits")
        yield Label("", id="timer-status")

    _shown: tuple | None = None

    def show(
        self, phase_name: str, remaining: float, paused: bool, planned_s: int, pause_key: str | None = None
    ) -> None:
        """`pause_key` is the key that resumes this timer, named in the paused line."""
        state = (phase_name, format_clock(remaining), paused, planned_s)
        if state == self._shown:
            return  # repaint only when what the class sees changes
        self._shown = state
        overtime = remaining < 0
        self.query_one("#timer-phase", Label).update(phase_name)
        self.query_one("#timer-digits").update(format_clock(remaining))
        self.set_class(overtime, "-overtime")
        self.set_class(paused, "-paused")
        if paused:
            status = t("ui.timer_paused", key=pause_key or t("keys.name_space"))
        elif overtime:
            status = t("ui.timer_overtime")
        else:
            status = t("ui.timer_planned", minutes=_minutes(planned_s))
        self.query_one("#timer-status", Label).update(status)


    def show_phase(self, lesson: LessonView) -> float | None:
        """Show the lesson's current phase timer; returns the seconds left (None before start)."""
        timing, phase = lesson.current_timing, lesson.phase
        if timing is None or phase is None:
            return None
        remaining = timing.remaining(lesson.now())
        self.show(t(f"phase.{phase.soort}"), remaining, lesson.paused, timing.planned_s + timing.adjust_s)
        return remaining


def _minutes(seconds: int) -> str:
    minutes = seconds / 60
    return str(int(minutes)) if minutes.is_integer() else f"{minutes:.1f}"
