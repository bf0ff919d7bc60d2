"""Phase timers computed from stored timestamps, never from a ticking counter.

A phase's running time is the sum of its running segments; a restart, a suspended laptop or
a crash therefore shows the right time, and tests pass any `now` they like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PhaseTiming:
    planned_s: int
    adjust_s: int = 0
    segments: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def running(self) -> bool:
        return bool(self.segments) and self.segments[-1][1] is None

    def elapsed(self, now: datetime) -> float:
        # max(0, ...): a clock set back while the phase runs never gives negative time
        return sum(max(0.0, ((end or now) - start).total_seconds()) for start, end in self.segments)

    def elapsed_until(self, until: datetime, now: datetime) -> float:
        """The running time before `until` (a pupil who left the miniklas at `until`)."""
        total = 0.0
        for start, end in self.segments:
            stop = min(end or now, until)
            total += max(0.0, (stop - start).total_seconds())
        return total

    def remaining(self, now: datetime) -> float:
        """Seconds left; negative in overtime."""
        return self.planned_s + self.adjust_s - self.elapsed(now)

    def start(self, at: datetime) -> None:
        if self.started_at is None:
            self.started_at = at
        if not self.running:
            self.segments.append((at, None))
        self.ended_at = None

    def stop(self, at: datetime) -> None:
        if self.running:
            start, _ = self.segments[-1]
            self.segments[-1] = (start, max(at, start))


def format_clock(seconds: float) -> str:
    """'07:59' counting down, '+01:05' in overtime (whole seconds, rounded towards zero)."""
    overtime = seconds < 0
    total = int(abs(seconds)) if not overtime else int(-seconds + 0.999)
    minutes, secs = divmod(total, 60)
    text = f"{minutes:02d}:{secs:02d}"
    return f"+{text}" if overtime and total else text
