"""Making and changing lesson files without writing TOML: the lesson editor's core.

A `LessonDraft` holds one lesson file as a tomlkit document, so an edit keeps what a
teacher or a colleague wrote by hand: comments, order and layout survive, and changing one
value changes one line. Every check is `lessonplan`'s (the same rules as `lesson-tui check`);
a draft that does not pass yet can still be saved: the library lists it as unfinished and
`start` refuses it with the reason. Saving is atomic and never overwrites a file that
changed on disk since it was opened (`LessonConflict`).

Never imports textual: the editor screen presents a draft and forwards the teacher's edits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Table

from lesson_tui.i18n import t
from lesson_tui.lessonplan import (
    PHASES,
    LessonFileError,
    LessonPlan,
    Problem,
    parse_lesson_text,
    toml_problem,
    validate_lesson,
)

# The one table of default minutes per EDI phase (a 50-minute lesson): the template and the
# quick lesson both use it.
DEFAULT_MINUTES: dict[str, float] = {
    "voorkennis": 4,
    "lesdoel": 2,
    "ik": 8,
    "wij": 8,
    "jullie": 6,
    "kleine_afsluiting": 3,
    "jij": 15,
    "grote_afsluiting": 4,
}
assert tuple(DEFAULT_MINUTES) == PHASES

LEVELS: tuple[str, ...] = ("doevraag", "gesloten", "open", "denkvraag")


class LessonConflict(Exception):
    """The file changed on disk (a colleague, a sync folder, an editor) since it was opened."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("editor.conflict", path=path))
        self.path = path


def lesson_id(title: str) -> str:
    """An id from a title: `Breuken vergelijken (2)` -> `breuken-vergelijken-2`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words)[:60].strip("-") or "les"


def unique_id(wanted: str, taken: Iterable[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken yet."""
    taken = set(taken)
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def taken_names(folder: Path, ids: Iterable[str]) -> set[str]:
    """Ids in use: the library's and the file names already in `folder`."""
    names = set(ids)
    if folder.is_dir():
        names.update(p.stem for p in folder.glob("*.toml"))
    return names


def template_text(lesson: str, titel: str, vak: str) -> str:
    """A new lesson: every EDI phase with its default minutes, nothing else filled in."""
    quote = _toml_string
    lines = [
        f"# {titel}: gemaakt in lesson-tui.",
        f"id = {quote(lesson)}",
        f"titel = {quote(titel)}",
        f"vak = {quote(vak)}",
        'lesdoel = ""',
        "succescriteria = []",
        "kernwoorden = []",
        "",
    ]
    for soort, minutes in DEFAULT_MINUTES.items():
        lines += ["[[fase]]", f"soort = {quote(soort)}", f"minuten = {_number(minutes)}", 'notities = ""', ""]
    lines += ["[sporen]", 'spoor1 = ""', 'spoor2 = ""', 'spoor3 = ""', "", "[exit_ticket]", "vragen = []", ""]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    return tomlkit.string(text).as_string()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class LessonDraft:
    """One lesson file being edited."""

    def __init__(self, path: Path, text: str, on_disk: bytes | None) -> None:
        self.path = path
        self.doc = tomlkit.parse(text)
        self._on_disk = on_disk  # what the file held when opened or last saved
        self.dirty = on_disk is None

    # --- opening and making --------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> "LessonDraft":
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        try:
            return cls(path, text, raw)
        except TOMLKitError:
            parse_lesson_text(path, text)  # says the line and the fix
            raise

    @classmethod
    def new(cls, folder: Path, titel: str, vak: str, taken: Iterable[str]) -> "LessonDraft":
        lesson = unique_id(lesson_id(titel), taken_names(folder, taken))
        return cls(folder / f"{lesson}.toml", template_text(lesson, titel, vak), None)

    @classmethod
    def copy(cls, source: Path, folder: Path, taken: Iterable[str]) -> "LessonDraft":
        """A copy of any lesson (an example too) in the teacher's own folder, with its own id
        and title; comments and layout come along."""
        draft = cls(source, source.read_bytes().decode("utf-8-sig"), None)
        titel = t("editor.copy_title", titel=str(draft.doc.get("titel", source.stem)))
        lesson = unique_id(lesson_id(titel), taken_names(folder, taken))
        draft.path = folder / f"{lesson}.toml"
        draft.doc["id"] = lesson
        draft.doc["titel"] = titel
        return draft

    # --- reading ---------------------------------------------------------------------

    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    def data(self) -> dict:
        return self.doc.unwrap()

    def problems(self) -> list[Problem]:
        """Everything `lesson-tui check` would say of this lesson now."""
        try:
            validate_lesson(self.path, parse_lesson_text(self.path, self.text()))
        except LessonFileError as error:
            return error.problems
        return []

    def plan(self) -> LessonPlan | None:
        try:
            return validate_lesson(self.path, parse_lesson_text(self.path, self.text()))
        except LessonFileError:
            return None

    def phases(self) -> list[dict]:
        return list(self.data().get("fase", []))

    def total_minutes(self) -> float:
        total = 0.0
        for phase in self.phases():
            minutes = phase.get("minuten")
            if isinstance(minutes, (int, float)) and not isinstance(minutes, bool):
                total += minutes
        return total

    # --- editing: one value, one line --------------------------------------------------

    def set(self, where: tuple, value) -> None:
        """Set one value: ("titel",), ("drempels", "beheersing"), ("fase", 2, "minuten"),
        ("fase", 2, "cfu", 0, "vraag"), ("sporen", "spoor1"). A list value is changed
        item by item, so a list written one item per line stays that way."""
        container = self._container(where[:-1], create=True)
        key = where[-1]
        current = container.get(key) if isinstance(key, str) else container[key]
        if current is not None:
            plain = current.unwrap() if hasattr(current, "unwrap") else current
            if plain == (list(value) if isinstance(value, tuple) else value) and type(plain) is type(value):
                return  # the same value: the file and its layout stay as they are
        if isinstance(value, (list, tuple)):
            self._set_list(container, key, list(value))
        elif isinstance(value, str) and "\n" in value:
            container[key] = tomlkit.string(value, multiline=True)
        else:
            container[key] = value
        self.dirty = True

    def unset(self, where: tuple) -> None:
        container = self._container(where[:-1], create=False)
        if container is not None and where[-1] in container:
            del container[where[-1]]
            self.dirty = True

    def _container(self, where: tuple, create: bool):
        node = self.doc
        for part in where:
            if isinstance(part, int):
                node = node[part]
            elif part in node:
                node = node[part]
            elif create:
                node[part] = tomlkit.table()
                node = node[part]
            else:
                return None
        return node

    @staticmethod
    def _set_list(container, key: str, values: list) -> None:
        current = container.get(key)
        if not isinstance(current, Array):
            array = tomlkit.array()
            array.extend(values)
            container[key] = array
            return
        for index, value in enumerate(values):
            if index < len(current):
                if current[index] != value:
                    current[index] = value
            else:
                current.append(value)
        while len(current) > len(values):
            del current[len(current) - 1]

    # --- phases and questions ------------------------------------------------------------

    def _phases(self) -> AoT:
        phases = self.doc.get("fase")
        if not isinstance(phases, AoT):
            phases = tomlkit.aot()
            self.doc["fase"] = phases
        return phases

    def add_phase(self, index: int, soort: str) -> int:
        """A phase of `soort` with its default minutes, at `index`; its index."""
        table = tomlkit.table()
        table["soort"] = soort
        table["minuten"] = DEFAULT_MINUTES.get(soort, 5)
        table["notities"] = ""
        phases = self._phases()
        index = max(0, min(index, len(phases)))
        phases.insert(index, table)
        self.dirty = True
        return index

    def delete_phase(self, index: int) -> None:
        del self._phases()[index]
        self.dirty = True

    def move_phase(self, index: int, step: int) -> int:
        phases = self._phases()
        target = index + step
        if not (0 <= index < len(phases) and 0 <= target < len(phases)):
            return index
        table = phases[index]
        del phases[index]
        phases.insert(target, table)
        self.dirty = True
        return target

    def add_question(self, phase: int, vraag: str = "", niveau: str = "gesloten") -> int:
        table = self._phases()[phase]
        question = tomlkit.table()
        question["vraag"] = vraag
        question["niveau"] = niveau
        if "cfu" not in table:
            table["cfu"] = tomlkit.aot()
        table["cfu"].append(question)
        self.dirty = True
        return len(table["cfu"]) - 1

    def delete_question(self, phase: int, question: int) -> None:
        questions = self._phases()[phase]["cfu"]
        del questions[question]
        if len(questions) == 0:
            del self._phases()[phase]["cfu"]
        self.dirty = True

    # --- the text as a whole (for teachers who like files) -----------------------------

    def replace_text(self, text: str) -> list[Problem]:
        """Take the teacher's TOML as the lesson; a syntax error keeps the draft as it was
        and is returned with its line."""
        try:
            parse_lesson_text(self.path, text)
            doc = tomlkit.parse(text)
        except LessonFileError as error:
            return error.problems
        except TOMLKitError as error:
            return [toml_problem(text, str(error))]
        self.doc = doc
        self.dirty = True
        return self.problems()

    # --- saving ----------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """The file is not what it was when opened or last saved (or appeared since)."""
        try:
            now = self.path.read_bytes()
        except FileNotFoundError:
            return self._on_disk is not None
        return now != self._on_disk

    def save(self, *, force: bool = False) -> list[Problem]:
        """Write the lesson (atomically); the problems that make it a draft, if any.
        A file changed on disk since it was opened is not overwritten unless `force`."""
        from lesson_tui.storage import atomic_write_bytes, private_dir

        if not force and self.changed_on_disk():
            raise LessonConflict(self.path)
        payload = self.text().encode("utf-8")
        private_dir(self.path.parent)
        atomic_write_bytes(self.path, payload)
        self._on_disk = payload
        self.dirty = False
        return self.problems()


# --- check questions as lines: "[gesloten] Welke breuk is groter? → 5/8" -----------------
# The same way the lesson screen shows them, so a teacher types what they will see.

_QUESTION_LINE = re.compile(r"^\s*(?:\[(?P<niveau>[^\]]*)\]\s*)?(?P<vraag>.*?)\s*(?:(?:→|->)\s*(?P<antwoord>.*?))?\s*$")


def question_lines(questions: list[dict]) -> str:
    lines = []
    for question in questions:
        line = f"[{question.get('niveau', 'gesloten')}] {question.get('vraag', '')}"
        if question.get("antwoord"):
            line += f" → {question['antwoord']}"
        lines.append(line)
    return "\n".join(lines)


def parse_question_lines(text: str) -> tuple[list[dict], list[tuple[int, str]]]:
    """Questions from lines (empty lines skipped), and (line number, message) for the lines
    a teacher must fix: a level outside the vragentrap, named as written."""
    from lesson_tui.lessonschema import choice_message

    questions: list[dict] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _QUESTION_LINE.match(line)
        assert match is not None  # every part is optional
        niveau = (match.group("niveau") or "gesloten").strip()
        if niveau not in LEVELS:
            problems.append((number, choice_message(niveau, list(LEVELS))))
            continue
        vraag = match.group("vraag").strip()
        if not vraag:
            problems.append((number, t("lesson.empty")))
            continue
        question = {"vraag": vraag, "niveau": niveau}
        if match.group("antwoord"):
            question["antwoord"] = match.group("antwoord").strip()
        questions.append(question)
    return questions, problems


def set_questions(draft: LessonDraft, phase: int, questions: list[dict]) -> None:
    """The phase's check questions become `questions`: unchanged ones keep their lines."""
    table = draft._phases()[phase]
    current = list(table.get("cfu", []))
    for index, question in enumerate(questions):
        if index < len(current):
            for key in ("vraag", "niveau", "antwoord"):
                value = question.get(key)
                if value is None:
                    draft.unset(("fase", phase, "cfu", index, key))
                elif current[index].get(key) != value:
                    draft.set(("fase", phase, "cfu", index, key), value)
        else:
            at = draft.add_question(phase, question["vraag"], question["niveau"])
            if question.get("antwoord"):
                draft.set(("fase", phase, "cfu", at, "antwoord"), question["antwoord"])
    while len(table.get("cfu", [])) > len(questions):
        draft.delete_question(phase, len(table["cfu"]) - 1)


# --- the quick lesson: only a goal, questions asked live, kept afterwards if wanted ---------

QUICK_PREFIX = "snelle-les"


def quick_plan(lesdoel: str, succescriteria: list[str], when) -> LessonPlan:
    """A lesson with only a goal (and criteria): every EDI phase with its default minutes,
    no questions planned; the teacher asks them live as "eigen vraag"."""
    import tomllib

    lesdoel = lesdoel.strip()
    lesson = f"{QUICK_PREFIX}-{when:%Y%m%d-%H%M}"
    data = tomllib.loads(template_text(lesson, _quick_title(lesdoel), t("quick.vak")))
    data["lesdoel"] = lesdoel
    data["succescriteria"] = [c.strip() for c in succescriteria if c.strip()]
    return validate_lesson(Path(f"{lesson}.toml"), data)


def _quick_title(lesdoel: str) -> str:
    return lesdoel if len(lesdoel) <= 60 else lesdoel[:59].rstrip() + "…"


def is_quick(plan: LessonPlan) -> bool:
    return plan.id.startswith(QUICK_PREFIX + "-")


def draft_from_quick_lesson(plan: LessonPlan, rounds, folder: Path, taken: Iterable[str]) -> LessonDraft:
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


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def line_of(text: str, field: str) -> int | None:
    """The line (from 1) a problem of `check` is on, for the edit-as-text tab:
    `fase[3].minuten` is the `minuten =` line under the third `[[fase]]`; a table or list
    problem points at its header or key. None when the key is not in the text (missing)."""
    parts = re.findall(r"([A-Za-z0-9_\-]+)(?:\[(\d+)\])?", field)
    if not parts:
        return None
    # the table path as headers count it: fase[3].cfu[2].vraag -> ("fase", 3), ("cfu", 2), key
    *tables, (key, key_index) = parts
    if key_index:  # a whole item of an array of tables: its header
        tables.append((key, key_index))
        key = None
    wanted = [name for name, _ in tables]
    counts: dict[str, int] = {}
    current: list[str] = []
    matched = not tables
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            path = header.group(2).split(".")
            if header.group(1) == "[[":
                name = ".".join(path)
                counts[name] = counts.get(name, 0) + 1
                for deeper in [n for n in counts if n.startswith(name + ".")]:
                    counts[deeper] = 0
            current = path
            matched = current == wanted and all(
                counts.get(".".join(wanted[: i + 1]), 1) == int(index or 1) for i, (_, index) in enumerate(tables)
            )
            if matched and key is None:
                return number
            continue
        if matched and key is not None:
            found = _KEY.match(line)
            if found and found.group(1) == key:
                return number
    if key is not None and not tables:  # a top-level table named as a whole (drempels)
        for number, line in enumerate(text.split("\n"), start=1):
            header = _HEADER.match(line)
            if header and header.group(2) == key:
                return number
    return None
