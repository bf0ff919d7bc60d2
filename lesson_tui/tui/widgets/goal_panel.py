"""Lesdoel, succescriteria and kernwoorden: on screen for the whole lesson."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lesson_tui.base.i18n import t
from lesson_tui.plan.lessonplan import LessonPlan


def goal_text(plan: LessonPlan) -> Text:
    text = Text()
    text.append(t("ui.lesdoel") + "  ", style="bold")
    text.append(plan.lesdoel + "\n", style="bold")
    for criterion in plan.succescriteria:
        text.append(f"  ☐ {criterion}\n")
    if plan.kernwoorden:
        text.append(t("ui.kernwoorden") + ": ", style="italic")
        text.append(" · ".join(plan.kernwoorden))
    return text


class GoalPanel(Static):
    def __init__(self, plan: LessonPlan, *, id: str | None = None) -> None:
        super().__init__(goal_text(plan), id=id)
