"""The signals for the zorgoverleg: pure rules over one pupil's lessons, oldest first.

* **spoor 3**: a pupil who was in spoor 3 (the miniklas) in at least N of their last M split
  lessons of one subject (lessons where they were present and placed): the stigma and the
  "verhoogde zorg" signal. The evidence is those lessons.
* **zelfinschatting**: a pupil whose self-assessment and result disagreed in at least N of
  their last M lessons with both: "ik kan het alleen" (1) with a score under the lesson's
  ondersteuning drempel, or "ik heb nog uitleg nodig" (3) with a score at or above its
  beheersing drempel. Lessons without a self-assessment round do not count either way.

N and M are the school's settings (`Thresholds`, kept in the zorgcoördinator's state and shown
on the screen); 1 <= N <= M <= 20.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

SPOOR3 = "spoor3"
ZELF = "zelfinschatting"
VASTGELOPEN = "vastgelopen"  # from the goals' mastery (a `MasterySource`, view.py)

MAX_WINDOW = 20


@dataclass(frozen=True)
class Thresholds:
    spoor3_n: int = 3
    spoor3_m: int = 5
    zelf_n: int = 3
    zelf_m: int = 5

    def problems(self) -> list[tuple[str, int, int]]:
        """(which, n, m) of every pair outside 1 <= n <= m <= 20."""
        pairs = [(SPOOR3, self.spoor3_n, self.spoor3_m), (ZELF, self.zelf_n, self.zelf_m)]
        return [(name, n, m) for name, n, m in pairs if not 1 <= n <= m <= MAX_WINDOW]


class LessonFact(NamedTuple):
    """One lesson as one pupil had it (present). A tuple: a school year makes ~100,000."""

    run_id: str
    date: str
    class_name: str
    vak: str
    titel: str
    spoor: int | None  # None: the lesson had no split
    score: float | None  # today's evidence, None without any
    self_assessment: int | None
    beheersing: float
    ondersteuning: float
    miniklas_s: float = 0.0


def disagreement(fact: LessonFact) -> str | None:
    """'over' (says 1, scored under ondersteuning), 'under' (says 3, scored at or above
    beheersing), or None (they agree, or one of the two is missing)."""
    if fact.self_assessment is None or fact.score is None:
        return None
    if fact.self_assessment == 1 and fact.score < fact.ondersteuning:
        return "over"
    if fact.self_assessment == 3 and fact.score >= fact.beheersing:
        return "under"
    return None


def spoor3_evidence(facts: Sequence[LessonFact], n: int, m: int) -> list[LessonFact]:
    """The spoor-3 lessons among the pupil's last `m` split lessons (of one subject, oldest
    first) when there are at least `n` of them; else nothing (no signal)."""
    window = [f for f in facts if f.spoor is not None][-m:]
    hits = [f for f in window if f.spoor == 3]
    return hits if len(hits) >= n else []


def zelf_evidence(facts: Sequence[LessonFact], n: int, m: int) -> list[LessonFact]:
    """The disagreeing lessons among the last `m` lessons with a self-assessment and a score,
    when there are at least `n`; else nothing."""
    window = [f for f in facts if f.self_assessment is not None and f.score is not None][-m:]
    hits = [f for f in window if disagreement(f) is not None]
    return hits if len(hits) >= n else []


@dataclass(frozen=True)
class Signal:
    kind: str  # SPOOR3, ZELF, VASTGELOPEN
    person: str  # the pupil's key (identity.py)
    name: str
    vak: str  # "" when the signal is across subjects
    evidence: tuple[LessonFact, ...]
    window: tuple[int, int]  # (n, m) it was measured with
    seen: int  # the lessons looked at: the last m that count (fewer when there are fewer)
    miniklas_min: float  # minutes of extra instruction in the miniklas (this subject, this year)
    detail: str = ""  # a MasterySource's words (the goal), else ""


def pupil_signals(
    person: str, name: str, facts: Sequence[LessonFact], thresholds: Thresholds
) -> list[Signal]:
    """Every signal of one pupil (facts of every subject, oldest first)."""
    found: list[Signal] = []
    by_vak: dict[str, list[LessonFact]] = {}
    for fact in facts:
        by_vak.setdefault(fact.vak, []).append(fact)
    for vak in sorted(by_vak):
        of_vak = by_vak[vak]
        minutes = round(sum(f.miniklas_s for f in of_vak) / 60, 1)
        n, m = thresholds.spoor3_n, thresholds.spoor3_m
        hits = spoor3_evidence(of_vak, n, m)
        if hits:
            seen = len([f for f in of_vak if f.spoor is not None][-m:])
            found.append(Signal(SPOOR3, person, name, vak, tuple(hits), (n, m), seen, minutes))
    n, m = thresholds.zelf_n, thresholds.zelf_m
    hits = zelf_evidence(facts, n, m)
    if hits:
        minutes = round(sum(f.miniklas_s for f in facts) / 60, 1)
        seen = len([f for f in facts if f.self_assessment is not None and f.score is not None][-m:])
        found.append(Signal(ZELF, person, name, "", tuple(hits), (n, m), seen, minutes))
    return found
