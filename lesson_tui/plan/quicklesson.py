"""The quick lesson: only a goal, questions asked live, kept afterwards as a lesson file if wanted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from lesson_tui.base.i18n import t
from lesson_tui.plan.lessonedit import LessonDraft, lesson_id, taken_names, template_text, unique_id
from lesson_tui.plan.lessonplan import LessonPlan, validate_lesson
from lesson_tui.plan.phases import LEVELS
from lesson_tui.rules.cfu import CfuRound

QUICK_PREFIX = "snelle-les"


def quick_plan(lesdoel: str, succescriteria: list[str], when: datetime) -> LessonPlan:
    """A lesson with only a goal (and criteria): every EDI phase with its default minutes,
    no questions planned; the teacher asks them live as "eigen vraag"."""
    import tomllib

    lesdoel = lesdoel.strip()
    lesson = f"{QUICK_PREFIX}-{when:%Y%m%d-%H%M}"
    data = tomllib.loads(template_text(lesson, _quick_title(lesdoel), t("quick.vak")))
    data["lesdoel"] = lesdoel
    data["succescriteria"] = [c.strip() for c in succescriteria if c.strip()]
    return validate_lesson(Path(f"{lesson}.toml"), data)


def herhaal_plan(goal: str, lesdoel: str, vak: str, when: datetime) -> LessonPlan:
    """A herhaalles: a quick lesson on the same goal (its id, its sentence, its subject)."""
    from dataclasses import replace

    plan = quick_plan(lesdoel, [], when)
    return replace(plan, titel=_quick_title(t("quick.herhaal_title", lesdoel=lesdoel)), vak=vak or plan.vak, doelen=(goal,))


def _quick_title(lesdoel: str) -> str:
    return lesdoel if len(lesdoel) <= 60 else lesdoel[:59].rstrip() + "…"


def is_quick(plan: LessonPlan) -> bool:
    return plan.id.startswith(QUICK_PREFIX + "-")


def draft_from_quick_lesson(
    plan: LessonPlan, rounds: Iterable[CfuRound], folder: Path, taken: Iterable[str]
) -> LessonDraft:
    """A quick lesson kept as a lesson file: its goal and criteria, and the check questions
    that were asked, each in the phase it was asked in (once, as first asked)."""
    titel = plan.titel
    lesson = unique_id(lesson_id(titel), taken_names(folder, taken))
    draft = LessonDraft(folder / f"{lesson}.toml", template_text(lesson, titel, plan.vak), None)
    draft.set(("lesdoel",), plan.lesdoel)
    if plan.succescriteria:
        draft.set(("succescriteria",), list(plan.succescriteria))
    asked: set[tuple[int, str]] = set()
    phases = len(draft.phases())
    for round_ in rounds:
        if round_.kind != "cfu" or not round_.vraag or round_.vraag == t("ui.cfu_oral"):
            continue
        if not 0 <= round_.phase_index < phases or (round_.phase_index, round_.vraag) in asked:
            continue
        asked.add((round_.phase_index, round_.vraag))
        draft.add_question(round_.phase_index, round_.vraag, round_.niveau if round_.niveau in LEVELS else "open")
    return draft
