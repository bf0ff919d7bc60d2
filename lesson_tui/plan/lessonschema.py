"""The lesson-plan file format as pydantic v2 models, and its Dutch/English error messages.

Imported only when a lesson file must be validated (a new or changed file, `lesson-tui
check`): pydantic costs ~0.1 s to import, which a teacher should not wait for at every start.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lesson_tui.base.i18n import t
from lesson_tui.plan.goalids import GOAL_ID_MAX
from lesson_tui.plan.phases import Level, PhaseKind
from lesson_tui.plan.problems import Problem
from lesson_tui.rules.thresholds import DEFAULT_BEHEERSING, DEFAULT_MINIKLAS_MAX, DEFAULT_ONDERSTEUNING


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CfuQuestion(_Strict):
    vraag: str = Field(min_length=1)
    niveau: Level = Level.GESLOTEN
    antwoord: str | None = None


class Phase(_Strict):
    soort: PhaseKind
    minuten: float = Field(gt=0, le=240)
    notities: str = ""
    cfu: tuple[CfuQuestion, ...] = ()


class Thresholds(_Strict):
    beheersing: float = Field(default=DEFAULT_BEHEERSING, ge=0, le=1)
    ondersteuning: float = Field(default=DEFAULT_ONDERSTEUNING, ge=0, le=1)
    miniklas_max: int = Field(default=DEFAULT_MINIKLAS_MAX, ge=1, le=40)


class SporenTasks(_Strict):
    spoor1: str = ""
    spoor2: str = ""
    spoor3: str = ""


class ExitTicket(_Strict):
    vragen: tuple[str, ...] = ()


class LessonPlan(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    titel: str = Field(min_length=1)
    vak: str = Field(min_length=1)
    leerjaar: int | None = Field(default=None, ge=1, le=12)
    lesdoel: str = Field(min_length=1)
    # the goals this lesson serves, by id (`goalids.goal_id` normalises them), and the
    # official code of the minimumdoel/leerplandoel it serves (optional)
    doelen: tuple[Annotated[str, Field(min_length=1, max_length=GOAL_ID_MAX)], ...] = ()
    leerplandoel: str = Field(default="", max_length=80)
    succescriteria: tuple[str, ...] = ()
    kernwoorden: tuple[str, ...] = ()
    drempels: Thresholds = Thresholds()
    fase: tuple[Phase, ...] = Field(min_length=1)
    sporen: SporenTasks = SporenTasks()
    exit_ticket: ExitTicket = ExitTicket()



def validate(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The validated plan as plain data (defaults filled in), or the problems found."""
    try:
        plan = LessonPlan.model_validate(data)
    except ValidationError as error:
        return None, _translate(error)
    return plan.model_dump(mode="json"), []


def _format_loc(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            # teachers count from 1: the first [[fase]] is fase[1]
            parts[-1] = f"{parts[-1]}[{item + 1}]" if parts else f"[{item + 1}]"
        else:
            parts.append(str(item))
    return ".".join(parts) or "-"


_KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": tuple(LessonPlan.model_fields),
    "drempels": tuple(Thresholds.model_fields),
    "fase": tuple(Phase.model_fields),
    "cfu": tuple(CfuQuestion.model_fields),
    "sporen": tuple(SporenTasks.model_fields),
    "exit_ticket": tuple(ExitTicket.model_fields),
}


def _translate(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        field = _format_loc(loc)
        if kind == "extra_forbidden":
            parent = next((str(p) for p in reversed(loc[:-1]) if isinstance(p, str)), "")
            known = _KNOWN_KEYS.get(parent, ())
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            if close:
                message = t("lesson.unknown_key_hint", suggestion=close[0])
            else:
                message = t("lesson.unknown_key", known=", ".join(known))
        elif kind == "missing":
            message = t("lesson.missing")
        elif kind in ("literal_error", "enum"):  # a value outside its list (a Literal, a PhaseKind)
            choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            message = choice_message(item.get("input"), choices)
        elif kind in ("string_type",):
            message = t("lesson.want_text")
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            message = t("lesson.want_int")
        elif kind in ("float_type", "float_parsing"):
            message = t("lesson.want_number")
        elif kind in ("tuple_type", "list_type"):
            message = t("lesson.want_list")
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = t("lesson.want_table")
        elif kind == "string_pattern_mismatch":
            message = t("lesson.id_pattern")
        elif kind in ("too_short", "string_too_short"):
            message = t("lesson.empty")
        elif kind == "string_too_long":
            message = t("lesson.too_long", limit=ctx.get("max_length", ""))
        elif kind in ("greater_than", "greater_than_equal"):
            message = t("lesson.min", limit=_number(ctx.get("gt", ctx.get("ge"))))
        elif kind in ("less_than", "less_than_equal"):
            message = t("lesson.max", limit=_number(ctx.get("lt", ctx.get("le"))))
        elif kind == "bool_type":
            message = t("lesson.want_number")
        else:
            message = item["msg"]
        # a union (int | None) reports each branch; keep the useful one
        if kind == "none_required":
            continue
        problems.append(Problem(field, message))
    return problems


def suggest_choice(written: object, choices: list[str]) -> str | None:
    """What a teacher probably meant: `kleine afsluiting` is kleine_afsluiting, `open vraag`
    is open, `Jullie` is jullie."""
    if not isinstance(written, str):
        return None
    plain = written.strip().lower()
    normal = re.sub(r"[\s\-]+", "_", plain)
    if normal in choices:
        return normal
    words = set(re.split(r"[\s_\-]+", plain))
    for choice in choices:
        if choice in words:
            return choice
    close = difflib.get_close_matches(normal, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def choice_message(written: object, choices: list[str]) -> str:
    """A value outside its list, named as written, with the likely one and the list."""
    listed = ", ".join(choices)
    suggestion = suggest_choice(written, choices)
    if suggestion is not None:
        return t("lesson.choice_hint", written=written, suggestion=suggestion, choices=listed)
    return t("lesson.choice_written", written=written, choices=listed)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
