"""Lesson plans: the TOML format of docs/FORMATS.md, checked, and the plan objects the app uses.

`load_lesson(path)` returns a LessonPlan or raises LessonFileError with *every* problem of
the file at once, each as (field, message) in the teacher's language. Unknown keys are
errors, because a typo such as `minuten` -> `minuut` must not silently drop a timer.

Validation is pydantic's (`lessonschema`); the plan the app works with is a set of plain
frozen dataclasses built from the validated data. A `LessonCache` keeps validated plans by
file size and modification time, so an unchanged lesson is not validated (nor pydantic
imported) again at every start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lesson_tui import __version__
from lesson_tui.base import jsonread
from lesson_tui.base.i18n import t
from lesson_tui.files.synccopies import SyncCopy
from lesson_tui.plan.goalids import goal_id
from lesson_tui.plan.lessoncopies import LessonVersions, lesson_versions, split_lesson_files
from lesson_tui.plan.phases import GUIDED, PHASES, REQUIRED
from lesson_tui.plan.problems import Problem
from lesson_tui.rules.thresholds import DEFAULT_BEHEERSING, DEFAULT_MINIKLAS_MAX, DEFAULT_ONDERSTEUNING


@dataclass(frozen=True)
class CfuQuestion:
    vraag: str
    niveau: str = "gesloten"
    antwoord: str | None = None


@dataclass(frozen=True)
class Phase:
    soort: str
    minuten: float
    notities: str = ""
    cfu: tuple[CfuQuestion, ...] = ()

    @property
    def planned_seconds(self) -> int:
        return round(self.minuten * 60)


@dataclass(frozen=True)
class Thresholds:
    beheersing: float = DEFAULT_BEHEERSING
    ondersteuning: float = DEFAULT_ONDERSTEUNING
    miniklas_max: int = DEFAULT_MINIKLAS_MAX


@dataclass(frozen=True)
class SporenTasks:
    spoor1: str = ""
    spoor2: str = ""
    spoor3: str = ""

    def task(self, spoor: int) -> str:
        return (self.spoor1, self.spoor2, self.spoor3)[spoor - 1]


@dataclass(frozen=True)
class ExitTicket:
    vragen: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonPlan:
    id: str
    titel: str
    vak: str
    lesdoel: str
    fase: tuple[Phase, ...]
    leerjaar: int | None = None
    succescriteria: tuple[str, ...] = ()
    kernwoorden: tuple[str, ...] = ()
    drempels: Thresholds = field(default_factory=Thresholds)
    sporen: SporenTasks = field(default_factory=SporenTasks)
    exit_ticket: ExitTicket = field(default_factory=ExitTicket)
    doelen: tuple[str, ...] = ()  # goal ids, normalised (`goalids.goal_id`)
    leerplandoel: str = ""

    @property
    def goal_ids(self) -> tuple[str, ...]:
        """The goals this lesson serves; a lesson without `doelen` (written before goals
        had ids) serves the goal its title names, flagged by `goal_from_title`."""
        return self.doelen or ((goal_id(self.titel) or self.id),)

    @property
    def goal_from_title(self) -> bool:
        return not self.doelen

    def phase_index(self, soort: str) -> int | None:
        for index, phase in enumerate(self.fase):
            if phase.soort == soort:
                return index
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LessonPlan:
        """A plan from data that was validated before (a cache entry, a stored run)."""
        return cls(
            id=data["id"],
            titel=data["titel"],
            vak=data["vak"],
            lesdoel=data["lesdoel"],
            leerjaar=data.get("leerjaar"),
            succescriteria=tuple(data.get("succescriteria", ())),
            kernwoorden=tuple(data.get("kernwoorden", ())),
            drempels=Thresholds(**data.get("drempels", {})),
            fase=tuple(
                Phase(
                    soort=p["soort"],
                    minuten=p["minuten"],
                    notities=p.get("notities", ""),
                    cfu=tuple(CfuQuestion(**q) for q in p.get("cfu", ())),
                )
                for p in data["fase"]
            ),
            sporen=SporenTasks(**data.get("sporen", {})),
            exit_ticket=ExitTicket(vragen=tuple(data.get("exit_ticket", {}).get("vragen", ()))),
            doelen=goal_ids_of(data.get("doelen", ())),
            leerplandoel=str(data.get("leerplandoel") or ""),
        )


def goal_ids_of(written: object) -> tuple[str, ...]:
    """The goal ids of a plan's `doelen` as written: normalised, each once, in order."""
    if not isinstance(written, (list, tuple)):
        return ()
    ids = (goal_id(item) for item in written if isinstance(item, str))
    return tuple(dict.fromkeys(i for i in ids if i))


class LessonFileError(Exception):
    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems

    def lines(self) -> list[str]:
        return [f"{self.path}: {p.field}: {p.message}" for p in self.problems]


# --- reading -------------------------------------------------------------------------

LESSON_FILE_LIMIT = 2_000_000  # a lesson plan is a few kB; a bigger file is a wrong file

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_lesson(path: Path) -> LessonPlan:
    data = _read_toml(path)
    return validate_lesson(path, data)


def _read_toml(path: Path) -> dict[str, Any]:
    from lesson_tui.base.oserrors import os_error_text
    from lesson_tui.files.storage import ReadError, read_limited

    try:
        raw = read_limited(path, LESSON_FILE_LIMIT)
    except ReadError as error:
        raise LessonFileError(path, [Problem("-", str(error))]) from None
    except OSError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.unreadable", error=os_error_text(error)))]) from None
    if b"\x00" in raw[:8192]:
        raise LessonFileError(path, [Problem("-", t("lesson.binary"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.not_utf8", position=error.start))]) from None
    return parse_lesson_text(path, text)


def parse_lesson_text(path: Path, text: str) -> dict[str, Any]:
    """The TOML of a lesson as data, or a LessonFileError that names the line, says what is
    wrong in the teacher's language and, for the usual mistakes, how to write it."""
    import tomllib  # a lesson file that is not in the lesson cache: not at every start

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LessonFileError(path, [toml_problem(text, str(error))]) from None


# tomllib's messages (Python 3.11-3.13), by their start, to a catalogue key
_TOML_MESSAGES = (
    ("Invalid value", "toml_invalid_value"),
    ("Expected newline or end of document", "toml_after_value"),
    ("Expected '=' after a key", "toml_expected_equals"),
    ("Unterminated string", "toml_unterminated"),
    ("Cannot overwrite a value", "toml_duplicate"),
    ("Cannot declare", "toml_duplicate"),
    ("Expected ']' at the end of a table", "toml_table_bracket"),
    ("Expected ']]' at the end of an array", "toml_table_bracket"),
    ("Unclosed array", "toml_unclosed_array"),
    ("Invalid initial character for a key", "toml_bad_key"),
    ("Illegal character", "toml_illegal_character"),
)
_CURLY_QUOTES = "“”„‘’‚«»"
_DECIMAL_COMMA = re.compile(r"=\s*-?\d+,\d+\s*(#.*)?$")


def toml_problem(text: str, message: str) -> Problem:
    """One TOML syntax error: the line it is on, what is wrong, and a hint for the usual
    mistakes (a decimal comma, curly quotes from Word, text without quotes)."""
    match = _TOML_POSITION.search(message)
    lines = text.splitlines()
    if match:
        line_number = int(match.group(1))
    else:  # "at end of document": the last line with something on it
        line_number = next((i + 1 for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), 1)
    detail = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
    key = next((key for start, key in _TOML_MESSAGES if detail.startswith(start)), None)
    said = t(f"lesson.{key}") if key else detail
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    hint = _toml_hint(line)
    if hint:
        said = f"{said}; {hint}"
    if match:
        said = t("lesson.toml_syntax_at", column=match.group(2), detail=said)
    else:
        said = t("lesson.toml_syntax", detail=said)
    return Problem(t("lesson.line", line=line_number), said)


def _toml_hint(line: str) -> str | None:
    code = line.split("#", 1)[0] if '"' not in line else line
    if any(q in line for q in _CURLY_QUOTES):
        return t("lesson.hint_curly_quotes")
    number = re.search(r"-?\d+,\d+", code) if _DECIMAL_COMMA.search(code.strip()) else None
    if number is not None:
        return t("lesson.hint_decimal_comma", written=number.group(0), fixed=number.group(0).replace(",", "."))
    if line.count('"') % 2 == 1 and '"""' not in line:
        return t("lesson.hint_close_quote")
    value = code.split("=", 1)[1].strip() if "=" in code else ""
    if value and value[0] not in "\"'[{+-0123456789#" and value not in ("true", "false"):
        return t("lesson.hint_quotes")
    return None


def validate_lesson(path: Path, data: dict[str, Any]) -> LessonPlan:
    from lesson_tui.plan import lessonschema  # pydantic only when a file must be checked

    validated, problems = lessonschema.validate(data)
    problems.extend(_semantic_problems(data))
    if problems:
        # one message per field is enough for a teacher; keep the first of each
        unique = list(dict.fromkeys(problems))  # a Problem is its field and its message
        raise LessonFileError(path, unique)
    assert validated is not None
    return LessonPlan.from_dict(validated)


def _semantic_problems(data: dict[str, Any]) -> list[Problem]:
    """Rules pydantic's field types cannot say: the EDI skeleton and sane thresholds."""
    problems: list[Problem] = []
    phases = data.get("fase")
    if isinstance(phases, list) and phases:
        kinds = [p.get("soort") for p in phases if isinstance(p, dict)]
        known = [k for k in kinds if k in PHASES]
        for required in REQUIRED:
            if required not in known:
                problems.append(Problem("fase", t("lesson.phase_required", phase=required)))
        if not any(kind in known for kind in GUIDED):
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
    goals = data.get("doelen")
    if isinstance(goals, list):
        for number, written in enumerate(goals, 1):
            if isinstance(written, str) and written.strip() and not goal_id(written):
                problems.append(Problem(f"doelen[{number}]", t("lesson.goal_id_empty")))
    thresholds = data.get("drempels")
    if isinstance(thresholds, dict):
        high = thresholds.get("beheersing", DEFAULT_BEHEERSING)
        low = thresholds.get("ondersteuning", DEFAULT_ONDERSTEUNING)
        if isinstance(high, (int, float)) and isinstance(low, (int, float)) and low > high:
            problems.append(Problem("drempels", t("lesson.thresholds_order")))
    return problems


# --- finding lessons ---------------------------------------------------------------------


def example_lessons_dir() -> Path:
    """The example lessons: `lessons/` in a source checkout, else the copy in the wheel."""
    package = Path(__file__).resolve().parents[1]  # lesson_tui/
    checkout = package.parent / "lessons"
    if checkout.is_dir():
        return checkout
    return package / "examples"


def lesson_files_and_copies(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
    """Expand folders into their .toml files (sorted), keep files as given; a copy a sync
    engine made of a lesson file in a folder is not a lesson file (`lessoncopies`)."""
    files: list[Path] = []
    copies: list[tuple[Path, SyncCopy]] = []
    for path in paths:
        if path.is_dir():
            found, copied = split_lesson_files(sorted(p for p in path.rglob("*.toml") if p.is_file()))
            files.extend(found)
            copies.extend(copied)
        else:
            files.append(path)
    return files, copies


def lesson_files(paths: list[Path]) -> list[Path]:
    """The lesson files of `paths` (folders expanded, files kept as given)."""
    return lesson_files_and_copies(paths)[0]


class LessonCache:
    """Validated plans by file, so unchanged lessons skip validation at start-up.

    A cache, not data: it is rebuilt whenever it is missing, unreadable or from another
    version, and an entry is used only while the file's size and mtime are unchanged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        # file -> {"stamp": [size, mtime_ns], "plan": LessonPlan.to_dict()}, as read from disk
        self.entries: dict[str, object] = {}
        try:
            data = jsonread.loads(path.read_bytes())
            if data.get("version") == __version__ and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]
        except (OSError, ValueError, AttributeError):
            pass

    @staticmethod
    def _stamp(file: Path) -> list[int]:
        info = file.stat()
        return [info.st_size, info.st_mtime_ns]

    def load(self, file: Path) -> LessonPlan:
        key = str(file.resolve())
        entry = self.entries.get(key)
        try:
            stamp = self._stamp(file)
        except OSError:
            stamp = None
        if isinstance(entry, dict) and stamp is not None and entry.get("stamp") == stamp:
            try:
                return LessonPlan.from_dict(entry["plan"])
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # an entry of another shape: the file is read again
        plan = load_lesson(file)
        if stamp is not None:
            self.entries[key] = {"stamp": stamp, "plan": plan.to_dict()}
            self.changed = True
        return plan

    def save(self) -> None:
        if not self.changed:
            return
        from lesson_tui.files.storage import atomic_write_bytes, private_dir

        try:
            private_dir(self.path.parent)
            payload = json.dumps({"version": __version__, "entries": self.entries}, ensure_ascii=False)
            atomic_write_bytes(self.path, payload.encode("utf-8"))
            self.changed = False
        except OSError:
            pass  # a cache that cannot be written only costs time at the next start


def in_folder(path: Path, folder: Path) -> bool:
    """`path` is a file right in `folder` (the teacher's own lessons folder, say)."""
    return path.resolve().parent == folder.resolve()


def draft_title(path: Path) -> str:
    """A draft's title as written in it, or its file name when even that cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")[:20000]
    except (OSError, UnicodeDecodeError):
        return path.stem
    match = re.search(r"""^\s*titel\s*=\s*["'](.+?)["']\s*$""", text, re.M)
    return match.group(1) if match else path.stem


@dataclass
class LessonLibrary:
    """Valid lessons from several folders, and the files that failed to load."""

    lessons: dict[str, tuple[Path, LessonPlan]]
    errors: list[LessonFileError]
    versions: list[LessonVersions] = field(default_factory=list)  # a lesson and a sync engine's copy

    @classmethod
    def scan(cls, folders: list[Path], cache: LessonCache | None = None) -> LessonLibrary:
        lessons: dict[str, tuple[Path, LessonPlan]] = {}
        errors: list[LessonFileError] = []
        files, copies = lesson_files_and_copies([f for f in folders if f.is_dir()])
        for file in files:
            try:
                plan = cache.load(file) if cache is not None else load_lesson(file)
            except LessonFileError as error:
                errors.append(error)
                continue
            if plan.id in lessons and lessons[plan.id][0] != file:
                other = lessons[plan.id][0]
                errors.append(LessonFileError(file, [Problem("id", t("check.duplicate_id", id=plan.id, other=other))]))
                continue
            lessons[plan.id] = (file, plan)
        if cache is not None:
            cache.save()
        return cls(lessons, errors, _versions(copies, lessons))

    def drafts(self, own: Path) -> list[LessonFileError]:
        """The teacher's drafts: lessons in their own folder `own` (made in the editor) that
        do not pass the check yet. A broken file elsewhere is a problem, not a draft."""
        return [error for error in self.errors if in_folder(error.path, own)]

    def find(self, ref: str) -> LessonPlan | None:
        """A lesson by id, or by a path to a .toml file (which need not be in a folder)."""
        if ref in self.lessons:
            return self.lessons[ref][1]
        path = Path(ref)
        if path.suffix == ".toml" or path.exists():
            return load_lesson(path)
        broken = self.broken_file_for(ref)
        if broken is not None:
            raise broken  # the lesson exists but its file has errors: say which and why
        return None

    def broken_file_for(self, ref: str) -> LessonFileError | None:
        """The load error of a file that is (by name or by its id line) the lesson `ref`."""
        wanted = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(ref)}["']""", re.M)
        for error in self.errors:
            if error.path.stem == ref:
                return error
            try:
                text = error.path.read_bytes()[:LESSON_FILE_LIMIT].decode("utf-8", errors="replace")
            except OSError:
                continue
            if wanted.search(text):
                return error
        return None


def _versions(copies: list[tuple[Path, SyncCopy]], lessons: dict[str, tuple[Path, LessonPlan]]) -> list[LessonVersions]:
    """The two versions of each lesson a sync engine left a copy of, titled as the
    original says (or, when it does not load, as its title line says)."""
    titles = {path: plan.titel for path, plan in lessons.values()}
    found = []
    for path, copy in copies:
        original = path.parent / copy.original
        found.append(lesson_versions(path, copy, titles.get(original) or draft_title(original)))
    return found


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()


def lesson_matches(titel: str, vak: str, query: str, vak_filter: str | None = None) -> bool:
    """The home screen's filter: the subject chosen (if any), and every word typed found in
    the title or the subject, without minding capitals or accents (`kring` finds "De
    kringloop van het water", `cafe` finds "Café")."""
    if vak_filter is not None and _fold(vak) != _fold(vak_filter):
        return False
    haystack = _fold(f"{titel} {vak}")
    return all(word in haystack for word in _fold(query).split())


def folders_stamp(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the lesson files in `folders` (names, sizes, times): when it
    changes, a file was added, changed, removed or archived on disk."""
    stamp = []
    files, copies = lesson_files_and_copies([f for f in folders if f.is_dir()])
    for file in sorted([*files, *(path for path, _ in copies)]):  # a copy arriving changes the library
        try:
            info = file.stat()
        except OSError:
            continue
        stamp.append((str(file), info.st_size, info.st_mtime_ns))
    return tuple(stamp)
