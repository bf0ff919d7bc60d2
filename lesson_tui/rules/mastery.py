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

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import NamedTuple

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


class LessonEvidence(NamedTuple):
    """One lesson's evidence of one pupil on the goal: weighted points out of a weighted
    total (as `sporen.Evidence`), when the lesson was (`day`: see `day_of`), and that
    lesson's thresholds. A tuple: the grid makes one per pupil per lesson."""

    day: float
    points: float
    weight: float
    beheersing: float
    ondersteuning: float

    @property
    def share(self) -> float | None:
        return self.points / self.weight if self.weight > 0 else None


def day_of(at: datetime) -> float:
    """A moment as days (a float), the time the rule reads."""
    return at.timestamp() / 86400


@dataclass(frozen=True)
class GoalStatus:
    status: Status
    share: float | None = None  # the recency-weighted share correct
    beheersing: float | None = None  # the recency-weighted thresholds it was compared with
    ondersteuning: float | None = None
    lessons: int = 0  # lessons with evidence


# A lesson's evidence as the rule reads it: a `LessonEvidence` or the same five numbers as a
# plain tuple (the grid makes one per pupil per lesson, thousands at a time)
EvidenceTuple = tuple[float, float, float, float, float]


def goal_status(lessons: Iterable[EvidenceTuple], half_life_days: float = HALF_LIFE_DAYS) -> GoalStatus:
    """The one mastery rule (see the module docstring). `lessons`: (day, points, weight,
    beheersing, ondersteuning) per lesson, as `LessonEvidence` names them."""
    counted = [lesson for lesson in lessons if lesson[2] > 0]
    if not counted:
        return GoalStatus(Status.GEEN_BEWIJS)
    newest = max(lesson[0] for lesson in counted)
    weights = [0.5 ** ((newest - lesson[0]) / half_life_days) for lesson in counted]
    # fsum: exactly rounded, so the same whatever order the lessons come in (to the last bit)
    total = math.fsum(weights)
    share = math.fsum([w * (x[1] / x[2]) for w, x in zip(weights, counted, strict=True)]) / total
    high = math.fsum([w * x[3] for w, x in zip(weights, counted, strict=True)]) / total
    low = math.fsum([w * x[4] for w, x in zip(weights, counted, strict=True)]) / total
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
