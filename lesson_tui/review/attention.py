"""Attention per pupil over a period, and the two signals the teacher is shown.

Seed 003 names the trap: "some pupils get more attention than others; keep a record and be
aware of the time you give each pupil". Per pupil, over the lessons of a period: the turns
with a beurtstokje, the check rounds in which the teacher marked them by name, the minutes in
the miniklas, the help requests answered in FLEX and the pre-teaching invitations.

The rule that names a pupil who got clearly less than the class (`less_than_class`, the one
place it lives; the README says it in Dutch): a pupil's *moments of individual attention*
are their beurtstokje turns, their marks by name and their help answered in FLEX (the
miniklas and pre-teaching follow from need, not from who the teacher turns to, so they do
not count here). Over the lessons of the period they were present at (at least
`MIN_LESSONS`), a pupil is named when their moments per lesson are less than
`ATTENTION_SHARE` (half) of the class's median per lesson, and that is at least
`ATTENTION_GAP` (2) moments fewer over their lessons than the median would have given them.
The median is the lower middle value (`median_low`): a value some pupil really has, so more
attention for one pupil can never name that pupil.

Always in the miniklas (`always_in_miniklas`): in the miniklas in every lesson with a split
that the pupil was present at, and at least `STREAK_WARNING` (3) of them, whatever the
subject: the stigma signal of the sporen (rules/sporen.py), over subjects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from statistics import median_low

from lesson_tui.klas.pupils import Pupil
from lesson_tui.review.lesson import LessonReview
from lesson_tui.review.names import review_names
from lesson_tui.rules.sporen import STREAK_WARNING

ATTENTION_SHARE = 0.5
ATTENTION_GAP = 2
MIN_LESSONS = 2


@dataclass(frozen=True)
class PupilAttention:
    pupil_id: str
    lessons: int = 0  # lessons of the period the pupil was present at
    asked: int = 0  # beurtstokje turns
    checked: int = 0  # check rounds in which the teacher marked them by name
    helped: int = 0  # help requests answered in FLEX
    miniklas_s: int = 0  # seconds in the running miniklas
    invited: int = 0  # pre-teaching invitations after the period's lessons
    split_lessons: int = 0  # lessons with a split the pupil was present at
    in_miniklas: int = 0  # of those, placed in the miniklas
    vakken: tuple[str, ...] = ()  # the subjects of those miniklas lessons, sorted

    @property
    def moments(self) -> int:
        """Moments of individual attention (the attention rule counts these)."""
        return self.asked + self.checked + self.helped

    @property
    def per_lesson(self) -> float:
        return self.moments / self.lessons if self.lessons else 0.0


def less_than_class(pupils: Mapping[str, PupilAttention]) -> list[str]:
    """The pupils who got clearly less individual attention than the class (the module
    docstring states the rule); in the order given."""
    counted = {pid: p for pid, p in pupils.items() if p.lessons >= MIN_LESSONS}
    if len(counted) < 2:
        return []
    middle = median_low([p.per_lesson for p in counted.values()])
    return [
        pid
        for pid, p in counted.items()
        if p.per_lesson < ATTENTION_SHARE * middle and (middle - p.per_lesson) * p.lessons >= ATTENTION_GAP
    ]


def always_in_miniklas(pupils: Mapping[str, PupilAttention]) -> list[str]:
    """The pupils in the miniklas in every split lesson they were at, at least STREAK_WARNING."""
    return [
        pid for pid, p in pupils.items() if p.split_lessons >= STREAK_WARNING and p.in_miniklas == p.split_lessons
    ]


@dataclass(frozen=True)
class AttentionReport:
    pupils: dict[str, PupilAttention]  # in class order
    names: dict[str, str]
    lessons: int
    less: list[str] = field(default_factory=list)
    always_miniklas: list[str] = field(default_factory=list)


def period_attention(reviews: Sequence[LessonReview]) -> AttentionReport:
    """Every pupil's attention over the lessons (of one class), from their reviews."""
    roster: dict[str, Pupil] = {}
    for review in reviews:
        for pupil in review.pupils:
            roster[pupil.id] = pupil  # the latest lesson's name and number
    pupils = sorted(roster.values(), key=lambda p: (p.number, p.id))
    found = {p.id: PupilAttention(p.id) for p in pupils}
    for review in reviews:
        split = review.split
        present = set(review.present)
        for pid in found:
            item = found[pid]
            if pid not in present and pid not in review.picks.asked:
                continue
            in_miniklas = split is not None and pid in split.miniklas
            found[pid] = replace(
                item,
                lessons=item.lessons + 1,
                asked=item.asked + review.picks.asked.get(pid, 0),
                checked=item.checked + review.marked_by_name.get(pid, 0),
                helped=item.helped + sum(1 for helped, _ in review.helped if helped == pid),
                miniklas_s=item.miniklas_s + (split.seconds.get(pid, 0) if split is not None else 0),
                invited=item.invited + (pid in review.invited),
                split_lessons=item.split_lessons + (split is not None),
                in_miniklas=item.in_miniklas + in_miniklas,
                vakken=tuple(sorted({*item.vakken, review.vak})) if in_miniklas else item.vakken,
            )
    return AttentionReport(
        found, review_names(pupils), len(reviews), less_than_class(found), always_in_miniklas(found)
    )


def asked_counts(reviews: Sequence[LessonReview]) -> dict[str, int]:
    """Beurtstokje turns per pupil over these lessons (the picker's "least asked")."""
    counts: dict[str, int] = {}
    for review in reviews:
        for pid, count in review.picks.asked.items():
            counts[pid] = counts.get(pid, 0) + count
    return counts

