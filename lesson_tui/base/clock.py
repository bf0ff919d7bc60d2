"""One injected clock: the app and the core never call datetime.now() themselves.

Tests and snapshots pass a FakeClock so timers are deterministic; the live app uses
SystemClock. Times are timezone-aware (local offset), stored as ISO-8601 strings.

A clock gives two readings: the wall time (`now`, for stamps) and a monotonic reading in
seconds (`monotonic`, which a PC setting its clock never moves). `LessonClock` makes the
time a lesson runs on out of both.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to: `advance` moves both readings (time passes),
    `set` moves the wall time only (the PC's clock is set)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 9, 0, 0).astimezone()
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

    def set(self, when: datetime) -> None:
        self._now = when


class LessonClock:
    """The time a lesson runs on: the wall time, except that it never goes back. When the
    PC's clock is set back, it runs on by the monotonic reading (so a phase timer neither
    freezes nor restarts); when the wall time is ahead (a laptop that slept), it follows it.
    Event times are this clock's, so durations computed from them are true as well."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._at: datetime | None = None
        self._mono = 0.0

    def start(self, floor: datetime | None, own: tuple[datetime, float] | None) -> None:
        """Begin at the wall time, unless it is before `floor` (the last event already
        recorded: the clock was set back while the app was closed); then run on from this
        device's last event (`own`: its time and monotonic reading) by the monotonic clock
        if that reading is from this boot, else from `floor`."""
        wall, mono = self.clock.now(), self.clock.monotonic()
        at = wall
        if floor is not None and wall < floor:
            at = floor
            if own is not None and mono >= own[1]:
                at = max(floor, own[0] + timedelta(seconds=mono - own[1]))
        self._at, self._mono = at, mono

    def now(self) -> datetime:
        wall, mono = self.clock.now(), self.clock.monotonic()
        if self._at is None:
            return wall
        ran = self._at + timedelta(seconds=max(0.0, mono - self._mono))
        self._at, self._mono = max(wall, ran), mono
        return self._at

    def monotonic(self) -> float:
        return self.clock.monotonic()


def to_iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
