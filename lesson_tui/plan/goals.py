"""The goal catalogue: every goal the teacher's lessons serve, built from the lesson files.

A goal is known by its id (`goalids.goal_id`). The catalogue gives, per goal, the sentence
the class reads (the `lesdoel` of the lessons serving it, the first one found), the subject,
the official code when a lesson names one, and the lessons that serve it. A lesson written
before goals had ids (no `doelen`) serves the goal its title names: that goal is flagged
`from_title` as long as no lesson names it with `doelen`.

`suggest_goals` is what the editor offers while a teacher types a goal: the existing goals
that are the same after normalising, near-duplicates (`goalids.near_duplicate`), or start
with / contain what was typed, so "breuken vergelijken" and "breuken-vergelijken" never
become two goals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lesson_tui.plan.goalids import goal_id, near_duplicate
from lesson_tui.plan.lessonplan import LessonPlan


@dataclass(frozen=True)
class Goal:
    id: str
    sentence: str  # the lesdoel of a lesson serving it
    vak: str
    lessons: tuple[str, ...]  # lesson ids, sorted
    from_title: bool = False  # no lesson names it in `doelen`: a title stands in
    leerplandoel: str = ""


def goal_catalogue(plans: Iterable[LessonPlan]) -> dict[str, Goal]:
    """goal id -> `Goal`, from the lesson plans (sorted by id). A plan that names its goals
    wins the sentence over one whose title stands in."""
    lessons: dict[str, set[str]] = {}
    named: dict[str, LessonPlan] = {}
    titled: dict[str, LessonPlan] = {}
    for plan in sorted(plans, key=lambda p: p.id):
        for goal in plan.goal_ids:
            lessons.setdefault(goal, set()).add(plan.id)
            (titled if plan.goal_from_title else named).setdefault(goal, plan)
    catalogue = {}
    for goal in sorted(lessons):
        plan = named.get(goal) or titled[goal]
        code = next((p.leerplandoel for p in (named.get(goal),) if p is not None and p.leerplandoel), "")
        catalogue[goal] = Goal(goal, plan.lesdoel, plan.vak, tuple(sorted(lessons[goal])), goal not in named, code)
    return catalogue


def suggest_goals(typed: str, catalogue: dict[str, Goal], limit: int = 5) -> list[Goal]:
    """The existing goals that fit what was typed, best first: the same goal, one that is
    probably the same goal typed another way, then ids and sentences that start with or
    contain it. Nothing for fewer than three letters."""
    wanted = goal_id(typed)
    if len(wanted.replace("-", "")) < 3:
        return []
    ranked: list[tuple[int, str]] = []
    for gid, goal in catalogue.items():
        sentence = goal_id(goal.sentence)
        if gid == wanted:
            rank = 0
        elif near_duplicate(gid, wanted):
            rank = 1
        elif gid.startswith(wanted):
            rank = 2
        elif wanted in gid or wanted in sentence:
            rank = 3
        else:
            continue
        ranked.append((rank, gid))
    return [catalogue[gid] for _, gid in sorted(ranked)[:limit]]
