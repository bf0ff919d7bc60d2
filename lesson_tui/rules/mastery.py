"""A pupil's status on a goal, across the lessons on that goal: the one mastery rule.

Beheersingsleren (docs/DOMAIN.md, README "Doelen"): the goal is the same for everyone, the
time differs. From every lesson on the goal in which the pupil left evidence (check marks,
beurtstokjes, exit-ticket answers: `LessonEvidence`), `goal_status` says:

* Each lesson gives the pupil a share correct (juist 1, half 0.5, fout 0; the kleine
  lesafsluiting's round and the exit ticket count double, as in the lesson itself) and
  brings its own thresholds (`drempels.beheersing`, `drempels.ondersteuning`).
* Recent evidence counts more: a lesson weighs `0.5 ** (days before the pupil's newest
  lesson on the goal / HALF_LIFE_DAYS)`, so a lesson a week older than the newest counts
  half. Only the times matter, never the order the lessons are given in.
* The weighted share is compared with the weighted thresholds: at least the beheersing
  threshold -> **beheerst**; at least the ondersteuning threshold -> **bijna**; below ->
  **nog niet**. No lesson with evidence -> **geen bewijs**.
* A lesson without evidence of this pupil (absent, never asked) changes nothing.
* More right answers never lower a status (a fout that becomes juist, or a juist more).

`stuck` is the zorgleerkracht's list: not beheerst after `STUCK_AFTER` lessons on the goal
the pupil took part in (vastgelopen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

HALF_LIFE_DAYS = 7.0
STUCK_AFTER = 3


class Status(Enum):
    BEHEERST = "beheerst"
    BIJNA = "bijna"
    NOG_NIET = "nog_niet"
    GEEN_BEWIJS = "geen_bewijs"

    @property
    def symbol(self) -> str:
        """One character per cell, never colour alone."""
        return _SYMBOLS[self]

    @property
    def rank(self) -> int:
        """Higher is further: geen bewijs 0, nog niet 1, bijna 2, beheerst 3."""
        return _RANKS[self]


_SYMBOLS = {Status.BEHEERST: "✓", Status.BIJNA: "~", Status.NOG_NIET: "✗", Status.GEEN_BEWIJS: "·"}
_RANKS = {Status.GEEN_BEWIJS: 0, Status.NOG_NIET: 1, Status.BIJNA: 2, Status.BEHEERST: 3}


@dataclass(frozen=True)
class LessonEvidence:
    """One lesson's evidence of one pupil on the goal: weighted points out of a weighted
    total (as `sporen.Evidence`), when the lesson was, and that lesson's thresholds."""

    at: datetime
    points: float
    weight: float
    beheersing: float
    ondersteuning: float

    @property
    def share(self) -> float | None:
        return self.points / self.weight if self.weight > 0 else None


@dataclass(frozen=True)
class GoalStatus:
    status: Status
    share: float | None = None  # the recency-weighted share correct
    beheersing: float | None = None  # the recency-weighted thresholds it was compared with
    ondersteuning: float | None = None
    lessons: int = 0  # lessons with evidence


def recency_weight(at: datetime, newest: datetime, half_life_days: float = HALF_LIFE_DAYS) -> float:
    days = max(0.0, (newest - at).total_seconds() / 86400)
    return float(0.5 ** (days / half_life_days))


def goal_status(lessons: Iterable[LessonEvidence], half_life_days: float = HALF_LIFE_DAYS) -> GoalStatus:
    """The one mastery rule (see the module docstring)."""
    # sorted: the sum is the same whatever order the lessons come in (to the last bit)
    counted = sorted(
        (lesson for lesson in lessons if lesson.weight > 0),
        key=lambda x: (x.at, x.points, x.weight, x.beheersing, x.ondersteuning),
    )
    if not counted:
        return GoalStatus(Status.GEEN_BEWIJS)
    newest = max(lesson.at for lesson in counted)
    total = share = high = low = 0.0
    for lesson in counted:
        weight = recency_weight(lesson.at, newest, half_life_days)
        total += weight
        share += weight * (lesson.points / lesson.weight)
        high += weight * lesson.beheersing
        low += weight * lesson.ondersteuning
    share, high, low = share / total, high / total, low / total
    # a share that equals a threshold is at it (no rounding error pushes it below)
    if share >= high - 1e-9:
        status = Status.BEHEERST
    elif share >= low - 1e-9:
        status = Status.BIJNA
    else:
        status = Status.NOG_NIET
    return GoalStatus(status, share, high, low, len(counted))


def stuck(status: Status, lessons_taken_part: int, after: int = STUCK_AFTER) -> bool:
    """Vastgelopen: not beheerst after `after` lessons on the goal the pupil was in."""
    return status is not Status.BEHEERST and lessons_taken_part >= after
