"""Lesson plans: the TOML format of SPEC.md as pydantic models, and their checker.

`load_lesson(path)` returns a LessonPlan or raises LessonFileError with *every* problem of
the file at once, each as (field, message) in the teacher's language. Unknown keys are
errors, because a typo such as `minuten` -> `minuut` must not silently drop a timer.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lesson_tui.i18n import t

PHASES: tuple[str, ...] = (
    "voorkennis",
    "lesdoel",
    "ik",
    "wij",
    "jullie",
    "kleine_afsluiting",
    "jij",
    "grote_afsluiting",
)
LEVELS: tuple[str, ...] = ("doevraag", "gesloten", "open", "denkvraag")

PhaseKind = Literal[
    "voorkennis", "lesdoel", "ik", "wij", "jullie", "kleine_afsluiting", "jij", "grote_afsluiting"
]
Level = Literal["doevraag", "gesloten", "open", "denkvraag"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CfuQuestion(_Strict):
    vraag: str = Field(min_length=1)
    niveau: Level = "gesloten"
    antwoord: str | None = None


class Phase(_Strict):
    soort: PhaseKind
    minuten: float = Field(gt=0, le=240)
    notities: str = ""
    cfu: tuple[CfuQuestion, ...] = ()

    @property
    def planned_seconds(self) -> int:
        return round(self.minuten * 60)


class Thresholds(_Strict):
    beheersing: float = Field(default=0.8, ge=0, le=1)
    ondersteuning: float = Field(default=0.5, ge=0, le=1)
    miniklas_max: int = Field(default=6, ge=1, le=40)


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
    succescriteria: tuple[str, ...] = ()
    kernwoorden: tuple[str, ...] = ()
    drempels: Thresholds = Thresholds()
    fase: tuple[Phase, ...] = Field(min_length=1)
    sporen: SporenTasks = SporenTasks()
    exit_ticket: ExitTicket = ExitTicket()

    def phase_index(self, soort: str) -> int | None:
        for index, phase in enumerate(self.fase):
            if phase.soort == soort:
                return index
        return None


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class LessonFileError(Exception):
    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems

    def lines(self) -> list[str]:
        return [f"{self.path}: {p.field}: {p.message}" for p in self.problems]


# --- reading -------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_lesson(path: Path) -> LessonPlan:
    data = _read_toml(path)
    return validate_lesson(path, data)


def _read_toml(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.unreadable", error=error.strerror))])
    if b"\x00" in raw[:8192]:
        raise LessonFileError(path, [Problem("-", t("lesson.binary"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.not_utf8", position=error.start))])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION.search(message)
        if match:
            detail = _TOML_POSITION.sub("", message).strip()
            field = t("lesson.line", line=match.group(1))
            return _raise(path, field, t("lesson.toml_syntax_at", column=match.group(2), detail=detail))
        return _raise(path, "-", t("lesson.toml_syntax", detail=message))


def _raise(path: Path, field: str, message: str):
    raise LessonFileError(path, [Problem(field, message)])


def validate_lesson(path: Path, data: dict) -> LessonPlan:
    problems: list[Problem] = []
    plan: LessonPlan | None = None
    try:
        plan = LessonPlan.model_validate(data)
    except ValidationError as error:
        problems.extend(_translate(error, data))
    problems.extend(_semantic_problems(data))
    if problems:
        # one message per field is enough for a teacher; keep the first of each
        seen: set[tuple[str, str]] = set()
        unique = [p for p in problems if not ((p.field, p.message) in seen or seen.add((p.field, p.message)))]
        raise LessonFileError(path, unique)
    assert plan is not None
    return plan


def _format_loc(loc: tuple) -> str:
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


def _translate(error: ValidationError, data: dict) -> list[Problem]:
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
        elif kind == "literal_error":
            message = t("lesson.choice", choices=str(ctx.get("expected", "")).replace(" or ", ", "))
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


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _semantic_problems(data: dict) -> list[Problem]:
    """Rules pydantic's field types cannot say: the EDI skeleton and sane thresholds."""
    problems: list[Problem] = []
    phases = data.get("fase")
    if isinstance(phases, list) and phases:
        kinds = [p.get("soort") for p in phases if isinstance(p, dict)]
        known = [k for k in kinds if k in PHASES]
        for required in ("ik", "kleine_afsluiting", "jij"):
            if required not in known:
                problems.append(Problem("fase", t("lesson.phase_required", phase=required)))
        if "wij" not in known and "jullie" not in known:
            problems.append(Problem("fase", t("lesson.phase_guided")))
        order = [PHASES.index(k) for k in known]
        for position in range(1, len(order)):
            if order[position] < order[position - 1]:
                problems.append(
                    Problem(
                        f"fase[{kinds.index(known[position]) + 1}]",
                        t("lesson.phase_order", phase=known[position], before=known[position - 1]),
                    )
                )
                break
    thresholds = data.get("drempels")
    if isinstance(thresholds, dict):
        high = thresholds.get("beheersing", 0.8)
        low = thresholds.get("ondersteuning", 0.5)
        if isinstance(high, (int, float)) and isinstance(low, (int, float)) and low > high:
            problems.append(Problem("drempels", t("lesson.thresholds_order")))
    return problems


# --- finding lessons ---------------------------------------------------------------------


def example_lessons_dir() -> Path:
    """The example lessons: `lessons/` in a source checkout, else the copy in the wheel."""
    checkout = Path(__file__).resolve().parents[1] / "lessons"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().with_name("examples")


def lesson_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their .toml files (sorted), keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        else:
            files.append(path)
    return files


@dataclass
class LessonLibrary:
    """Valid lessons from several folders, and the files that failed to load."""

    lessons: dict[str, tuple[Path, LessonPlan]]
    errors: list[LessonFileError]

    @classmethod
    def scan(cls, folders: list[Path]) -> "LessonLibrary":
        lessons: dict[str, tuple[Path, LessonPlan]] = {}
        errors: list[LessonFileError] = []
        for file in lesson_files([f for f in folders if f.is_dir()]):
            try:
                plan = load_lesson(file)
            except LessonFileError as error:
                errors.append(error)
                continue
            lessons.setdefault(plan.id, (file, plan))
        return cls(lessons, errors)

    def find(self, ref: str) -> LessonPlan | None:
        """A lesson by id, or by a path to a .toml file (which need not be in a folder)."""
        if ref in self.lessons:
            return self.lessons[ref][1]
        path = Path(ref)
        if path.suffix == ".toml" or path.exists():
            return load_lesson(path)
        return None
