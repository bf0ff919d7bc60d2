"""JIJ with two teachers: the miniklas (own timer, afvalsysteem) and the help queue.

State only; every change arrives as a stored event through LessonRun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lesson_tui.lesson.events import (
    Event,
    HelpAsked,
    HelpGiven,
    HelpWithdrawn,
    MiniklasAdjusted,
    MiniklasLeft,
    MiniklasTimerSet,
)
from lesson_tui.rules.timing import PhaseTiming

MINIKLAS_MINUTES = 12


@dataclass
class JijState:
    miniklas_timer: PhaseTiming = field(default_factory=lambda: PhaseTiming(MINIKLAS_MINUTES * 60))
    left_miniklas: dict[str, datetime] = field(default_factory=dict)
    help_queue: list[tuple[str, datetime]] = field(default_factory=list)
    helped: list[tuple[str, datetime]] = field(default_factory=list)

    def apply(self, event: Event, at: datetime) -> bool:
        """Apply one event if it is a JIJ event; False if it is not."""
        match event:
            case MiniklasTimerSet(running=running):
                if running:
                    self.miniklas_timer.start(at)
                else:
                    self.miniklas_timer.stop(at)
            case MiniklasAdjusted(seconds=seconds):
                self.miniklas_timer.adjust_s += int(seconds)
            case MiniklasLeft(pupil=pupil, left=left):
                if left:
                    self.left_miniklas[pupil] = at
                else:
                    self.left_miniklas.pop(pupil, None)
            case HelpAsked(pupil=pupil):
                if all(pid != pupil for pid, _ in self.help_queue):
                    self.help_queue.append((pupil, at))
            case HelpGiven():
                if self.help_queue:
                    helped, _ = self.help_queue.pop(0)
                    self.helped.append((helped, at))
            case HelpWithdrawn(pupil=pupil):
                self.help_queue = [(pid, when) for pid, when in self.help_queue if pid != pupil]
            case _:
                return False
        return True
