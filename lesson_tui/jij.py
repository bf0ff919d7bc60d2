"""JIJ with two teachers: the miniklas (own timer, afvalsysteem) and the help queue.

State only; every change arrives as a stored event through LessonRun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lesson_tui.timing import PhaseTiming

MINIKLAS_MINUTES = 12


@dataclass
class JijState:
    miniklas_timer: PhaseTiming = field(default_factory=lambda: PhaseTiming(MINIKLAS_MINUTES * 60))
    left_miniklas: dict[str, datetime] = field(default_factory=dict)
    help_queue: list[tuple[str, datetime]] = field(default_factory=list)
    helped: list[tuple[str, datetime]] = field(default_factory=list)

    def apply(self, kind: str, doc: dict, at: datetime) -> bool:
        """Apply one event if it is a JIJ event; False if it is not."""
        if kind == "miniklas_timer":
            if doc["running"]:
                self.miniklas_timer.start(at)
            else:
                self.miniklas_timer.stop(at)
        elif kind == "miniklas_adjust":
            self.miniklas_timer.adjust_s += int(doc["seconds"])
        elif kind == "miniklas_leave":
            if doc["left"]:
                self.left_miniklas[doc["pupil"]] = at
            else:
                self.left_miniklas.pop(doc["pupil"], None)
        elif kind == "help_add":
            if all(pid != doc["pupil"] for pid, _ in self.help_queue):
                self.help_queue.append((doc["pupil"], at))
        elif kind == "help_next":
            if self.help_queue:
                pupil, _ = self.help_queue.pop(0)
                self.helped.append((pupil, at))
        elif kind == "help_remove":
            self.help_queue = [(pid, when) for pid, when in self.help_queue if pid != doc["pupil"]]
        else:
            return False
        return True
