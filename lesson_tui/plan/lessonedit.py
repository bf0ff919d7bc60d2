"""Making and changing lesson files without writing TOML: the lesson editor's core.

A `LessonDraft` holds one lesson file as a tomlkit document, so an edit keeps what a
teacher or a colleague wrote by hand: comments, order and layout survive, and changing one
value changes one line. Every check is `lessonplan`'s (the same rules as `lesson-tui check`);
a draft that does not pass yet can still be saved: the library lists it as unfinished and
`start` refuses it with the reason. Saving is atomic and never overwrites a file that
changed on disk since it was opened (`LessonConflict`).

Every shape `check` accepts is edited in its own shape (phases as `[[fase]]` or as an inline
array, questions as `[[fase.cfu]]` or `cfu = [{...}]`, dotted keys); after each edit the text
must parse and mean what the document holds, or the edit is undone and refused
(`LessonEditRefused`): the editor never writes text that does not parse. The file's BOM and
line endings are kept.

Never imports textual: the editor screen presents a draft and forwards the teacher's edits.
"""

from __future__ import annotations

import codecs
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, TypeVar, overload

import tomlkit
from tomlkit.container import Container, OutOfOrderTableProxy
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AbstractTable, AoT, Array, InlineTable, Table

from lesson_tui.base.i18n import t
from lesson_tui.plan.lessonform import FormValue
from lesson_tui.plan.lessonplan import (
    LessonFileError,
    LessonPlan,
    parse_lesson_text,
    toml_problem,
    validate_lesson,
)
from lesson_tui.plan.phases import DEFAULT_MINUTES, LEVELS, PHASES, PhaseKind
from lesson_tui.plan.problems import Problem

Where = tuple[str | int, ...]  # a value's place in the lesson: ("fase", 2, "cfu", 0, "vraag")
# a table or an array of the document (a table whose parts are apart, `[a.b]` ... `[a.c]`
# or dotted keys, is tomlkit's OutOfOrderTableProxy)
Node = Container | OutOfOrderTableProxy | AbstractTable | Array | AoT
_NODES = (Container, OutOfOrderTableProxy, AbstractTable, Array, AoT)
EditValue = FormValue | bool | tuple[str, ...]  # what an edit may set
_T = TypeVar("_T")


class QuestionLine(TypedDict):
    """One check question as the editor's question lines hold it."""

    vraag: str
    niveau: str
    antwoord: NotRequired[str]


class LessonConflict(Exception):
    """The file changed on disk (a colleague, a sync folder, an editor) or was removed
    since it was opened."""

    def __init__(self, path: Path, *, removed: bool = False) -> None:
        super().__init__(t("editor.removed" if removed else "editor.conflict", path=path))
        self.path = path
        self.removed = removed


class LessonEditRefused(Exception):
    """An edit that this file's shape cannot take without loss; the draft is as it was."""


class LessonTextInvalid(Exception):
    """The lesson as text has a TOML mistake: it is not saved (it would not parse)."""


class LessonSaveError(Exception):
    """Writing the lesson failed (disk full, read-only folder); the draft is unchanged."""


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
        lines += ["[[fase]]", f"soort = {quote(soort.value)}", f"minuten = {_number(minutes)}", 'notities = ""', ""]
    lines += ["[sporen]", 'spoor1 = ""', 'spoor2 = ""', 'spoor3 = ""', "", "[exit_ticket]", "vragen = []", ""]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    return tomlkit.string(text).as_string()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _plain(value: object) -> object:
    """A value as `tomllib` reads it: tomlkit keeps a CRLF inside a multi-line string that
    tomllib reads as LF, and NaN is never equal to itself."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def _is_table(item: object) -> bool:
    return isinstance(item, (Table, InlineTable))


def _child(node: Node, key: str | int) -> Any:
    """The item at `key`: a table's by name, an array's by position (the TypeError tomlkit
    raises for the other kind). Any, as tomlkit types every item it hands out."""
    if isinstance(node, (Array, AoT)):
        if not isinstance(key, int):
            raise TypeError("an array is indexed by position")
        return node[key]
    if not isinstance(key, str):
        raise TypeError("Keys must be strings")
    return node[key]


def _delete(node: Node, key: str | int) -> None:
    if isinstance(node, (Array, AoT)):
        if not isinstance(key, int):
            raise TypeError("an array is indexed by position")
        del node[key]
    elif not isinstance(key, str):
        raise TypeError("Keys must be strings")
    else:
        del node[key]


class LessonDraft:
    """One lesson file being edited."""

    def __init__(self, path: Path, text: str, on_disk: bytes | None, *, bom: bool = False, crlf: bool = False) -> None:
        self.path = path
        self.doc = tomlkit.parse(text)
        self._on_disk = on_disk  # what the file held when opened or last saved
        self._bom = bom
        self._crlf = crlf
        # keys emptied in a field: out of the lesson, but kept in their place in the document
        # until the save, so retyping a value puts it back on its own line
        self._cleared: set[Where] = set()
        self.bad_text: str | None = None  # the text tab's text when it does not parse

    # --- opening and making --------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> LessonDraft:
        raw, text = _read(path)
        try:
            return cls(path, text, raw, **_style(raw))
        except TOMLKitError:
            parse_lesson_text(path, text)  # says the line and the fix
            raise

    @classmethod
    def new(cls, folder: Path, titel: str, vak: str, taken: Iterable[str]) -> LessonDraft:
        lesson = unique_id(lesson_id(titel), taken_names(folder, taken))
        return cls(folder / f"{lesson}.toml", template_text(lesson, titel, vak), None)

    @classmethod
    def copy(cls, source: Path, folder: Path, taken: Iterable[str]) -> LessonDraft:
        """A copy of any lesson (an example too) in the teacher's own folder, with its own id
        and title; comments, layout and line endings come along."""
        raw, text = _read(source)
        draft = cls(source, text, None, **_style(raw))
        titel = t("editor.copy_title", titel=str(draft.doc.get("titel", source.stem)))
        lesson = unique_id(lesson_id(titel), taken_names(folder, taken))
        draft.path = folder / f"{lesson}.toml"
        draft.doc["id"] = lesson
        draft.doc["titel"] = titel
        return draft

    # --- reading ---------------------------------------------------------------------

    def _lesson_doc(self) -> tomlkit.TOMLDocument:
        """The document without the keys emptied in a field."""
        if not self._cleared:
            return self.doc
        doc = tomlkit.parse(tomlkit.dumps(self.doc))
        for where in self._cleared:
            container = _walk(doc, where[:-1])
            if container is not None and where[-1] in container:
                _delete(container, where[-1])
                parent = _walk(doc, where[:-2])
                if len(where) > 1 and not container and isinstance(container, Table) and container.is_super_table():
                    # `drempels.x = ...` lines all gone: no header is left to say it exists
                    assert parent is not None  # the table's own container
                    _delete(parent, where[-2])
        return doc

    def text(self) -> str:
        return tomlkit.dumps(self._lesson_doc())

    def data(self) -> dict[str, Any]:
        """The lesson as `tomllib` reads it: any shape a file has, not checked yet."""
        plain = _plain(self._lesson_doc().unwrap())
        assert isinstance(plain, dict)  # a document is a table
        return plain

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

    def phases(self) -> list[dict[str, Any]]:
        phases = self.data().get("fase", [])
        return [p if isinstance(p, dict) else {} for p in phases] if isinstance(phases, list) else []

    def total_minutes(self) -> float:
        total = 0.0
        for phase in self.phases():
            minutes = phase.get("minuten")
            if isinstance(minutes, (int, float)) and not isinstance(minutes, bool):
                total += minutes
        return total

    @property
    def dirty(self) -> bool:
        """What the editor holds is not what the file holds (or there is no file yet)."""
        text = self.bad_text if self.bad_text is not None else self.text()
        return self._on_disk is None or self._encode(text) != self._on_disk

    # --- every edit: undone and refused when the text would not say what the draft holds ---

    def _edit(self, change: Callable[[], _T]) -> _T:
        before = tomlkit.dumps(self.doc)
        try:
            result = change()
            after = tomlkit.dumps(self.doc)
            faithful = _plain(tomllib.loads(after)) == _plain(self.doc.unwrap())
        except (TOMLKitError, tomllib.TOMLDecodeError, TypeError, ValueError, KeyError, IndexError):
            faithful = False  # tomlkit refusing a shape; never a crash that loses the edits
        if not faithful:
            self.doc = tomlkit.parse(before)
            raise LessonEditRefused(t("editor.edit_refused"))
        self.bad_text = None
        return result

    def _flush(self) -> None:
        """Emptied keys leave the document for real (before a save or a change of shape,
        after which their paths would no longer point at them)."""
        if self._cleared:
            self.doc = self._lesson_doc()
            self._cleared = set()

    # --- editing: one value, one line --------------------------------------------------

    def set(self, where: Where, value: EditValue) -> None:
        """Set one value: ("titel",), ("drempels", "beheersing"), ("fase", 2, "minuten"),
        ("fase", 2, "cfu", 0, "vraag"), ("sporen", "spoor1"). A list value is changed
        item by item, so a list written one item per line stays that way."""
        cleared = where in self._cleared
        try:
            self._edit(lambda: self._set(where, value))
        except LessonEditRefused:
            if cleared:
                self._cleared.add(where)
            raise

    def _set(self, where: Where, value: EditValue) -> None:
        self._cleared.discard(where)
        container = self._container(where[:-1], create=True)
        if container is None:
            raise KeyError(where)  # not reached: with `create` every table on the way is made
        key = where[-1]
        current = _child(container, key) if isinstance(key, int) or key in container else None
        if current is not None:
            plain = _plain(current.unwrap() if hasattr(current, "unwrap") else current)
            if plain == (list(value) if isinstance(value, tuple) else value) and type(plain) is type(value):
                return  # the same value: the file and its layout stay as they are
        if isinstance(value, (list, tuple)):
            self._set_list(container, key, list(value))
        elif isinstance(value, str) and "\n" in value and not isinstance(container, InlineTable):
            _put(container, key, tomlkit.string(value, multiline=True))
        else:
            _put(container, key, value)  # in an inline table a line break is written as \n

    def unset(self, where: Where) -> None:
        container = self._container(where[:-1], create=False)
        if container is not None and where[-1] in container:
            self._cleared.add(where)

    def _container(self, where: Where, create: bool) -> Node | None:
        node: Node = self.doc
        for part in where:
            if isinstance(part, int) or part in node:
                node = _child(node, part)
            elif create:
                _put(node, part, tomlkit.inline_table() if isinstance(node, InlineTable) else tomlkit.table())
                node = _child(node, part)
            else:
                return None
        return node

    @staticmethod
    def _set_list(container: Node, key: str | int, values: list[str]) -> None:
        current = _child(container, key) if isinstance(key, int) or key in container else None
        if not isinstance(current, Array):
            array = tomlkit.array()
            array.extend(values)
            _put(container, key, array)
            return
        for index, value in enumerate(values):
            if index < len(current):
                if current[index] != value:
                    current[index] = value
            else:
                current.append(value)
        while len(current) > len(values):
            del current[len(current) - 1]

    # --- phases and questions, in the shape the file has ---------------------------------

    def _phases(self) -> AoT | Array:
        """The phases as written: `[[fase]]` (an array of tables) or `fase = [{...}]`."""
        phases = self.doc.get("fase")
        if phases is None:
            made = tomlkit.aot()
            self.doc["fase"] = made
            return made
        if isinstance(phases, (AoT, Array)) and all(_is_table(p) for p in phases):
            return phases
        raise LessonEditRefused(t("editor.edit_refused"))

    @overload
    def _questions(self, phase: int, create: Literal[True]) -> AoT | Array: ...
    @overload
    def _questions(self, phase: int, create: bool) -> AoT | Array | None: ...
    def _questions(self, phase: int, create: bool) -> AoT | Array | None:
        table = self._phases()[phase]
        questions = table.get("cfu")
        if questions is None and create:
            # a phase in an inline array can only hold an inline array of questions
            questions = tomlkit.array() if isinstance(table, InlineTable) else tomlkit.aot()
            table["cfu"] = questions
        if questions is not None and not (isinstance(questions, (AoT, Array)) and all(_is_table(q) for q in questions)):
            raise LessonEditRefused(t("editor.edit_refused"))
        return questions

    def add_phase(self, index: int, soort: str) -> int:
        """A phase of `soort` with its default minutes, at `index`; its index."""
        self._flush()

        def add() -> int:
            phases = self._phases()
            table = tomlkit.inline_table() if isinstance(phases, Array) else tomlkit.table()
            table["soort"] = str(soort)
            table["minuten"] = DEFAULT_MINUTES.get(PhaseKind(soort), 5) if soort in PHASES else 5
            table["notities"] = ""
            at = max(0, min(index, len(phases)))
            phases.insert(at, table)
            return at

        return self._edit(add)

    def delete_phase(self, index: int) -> None:
        self._flush()
        self._edit(lambda: self._phases().__delitem__(index))

    def move_phase(self, index: int, step: int) -> int:
        self._flush()

        def move() -> int:
            phases = self._phases()
            target = index + step
            if not (0 <= index < len(phases) and 0 <= target < len(phases)):
                return index
            table = phases[index]
            del phases[index]
            phases.insert(target, table)
            return target

        return self._edit(move)

    def add_question(self, phase: int, vraag: str = "", niveau: str = "gesloten") -> int:
        self._flush()

        def add() -> int:
            questions = self._questions(phase, create=True)
            question = tomlkit.inline_table() if isinstance(questions, Array) else tomlkit.table()
            question["vraag"] = vraag
            question["niveau"] = niveau
            questions.append(question)
            return len(questions) - 1

        return self._edit(add)

    def delete_question(self, phase: int, question: int) -> None:
        self._flush()

        def delete() -> None:
            questions = self._questions(phase, create=False)
            if questions is None:
                raise IndexError(question)  # the phase has no questions: nothing to delete
            del questions[question]
            if len(questions) == 0:
                del self._phases()[phase]["cfu"]

        self._edit(delete)

    # --- the text as a whole (for teachers who like files) -----------------------------

    def replace_text(self, text: str) -> list[Problem]:
        """Take the teacher's TOML as the lesson; a syntax error keeps the draft as it was,
        is returned with its line, and keeps the text from being called saved (`bad_text`)."""
        try:
            parse_lesson_text(self.path, text)
            doc = tomlkit.parse(text)
        except LessonFileError as error:
            self.bad_text = text
            return error.problems
        except TOMLKitError as error:
            self.bad_text = text
            return [toml_problem(text, str(error))]
        self.doc = doc
        self._cleared = set()
        self.bad_text = None
        return self.problems()

    # --- saving ----------------------------------------------------------------------------

    def _encode(self, text: str) -> bytes:
        """The text as the file's bytes: its BOM and its line endings (tomlkit writes a new
        line with LF)."""
        if self._crlf:
            text = re.sub(r"(?<!\r)\n", "\r\n", text)
        return (codecs.BOM_UTF8 if self._bom else b"") + text.encode("utf-8")

    def disk_state(self) -> str:
        """"same", "changed" (or appeared since) or "removed" since opened or last saved."""
        try:
            now = self.path.read_bytes()
        except FileNotFoundError:
            return "removed" if self._on_disk is not None else "same"
        except OSError:
            return "same"  # unreadable now: the save itself says why it cannot write
        return "same" if now == self._on_disk else "changed"

    def changed_on_disk(self) -> bool:
        return self.disk_state() != "same"

    def save(self, *, force: bool = False) -> list[Problem]:
        """Write the lesson (atomically); the problems that make it a draft, if any.
        A file changed or removed on disk since it was opened is not overwritten unless
        `force`; a text with a TOML mistake is never written."""
        from lesson_tui.base.oserrors import os_error_text
        from lesson_tui.files.storage import atomic_write_bytes, private_dir

        if self.bad_text is not None:
            problem = self.replace_text(self.bad_text)[0]
            raise LessonTextInvalid(t("editor.text_not_saved", where=problem.field, message=problem.message))
        state = self.disk_state()
        if not force and state != "same":
            raise LessonConflict(self.path, removed=state == "removed")
        self._flush()
        payload = self._encode(self.text())
        try:
            private_dir(self.path.parent)
            atomic_write_bytes(self.path, payload)
        except OSError as error:
            raise LessonSaveError(t("editor.cannot_save", path=self.path, reason=os_error_text(error))) from None
        self._on_disk = payload
        return self.problems()


def _read(path: Path) -> tuple[bytes, str]:
    """A lesson file's bytes and text; why it cannot be read, in the teacher's words."""
    from lesson_tui.base.oserrors import os_error_text

    try:
        raw = path.read_bytes()
        return raw, raw.decode("utf-8-sig")
    except OSError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.unreadable", error=os_error_text(error)))]) from None
    except UnicodeDecodeError as error:
        raise LessonFileError(path, [Problem("-", t("lesson.not_utf8", position=error.start))]) from None


class _Style(TypedDict):
    bom: bool
    crlf: bool


def _style(raw: bytes) -> _Style:
    """How a file writes itself: a BOM, and CRLF when most of its lines end so."""
    crlf = raw.count(b"\r\n")
    return {"bom": raw.startswith(codecs.BOM_UTF8), "crlf": crlf > 0 and crlf * 2 >= raw.count(b"\n")}


def _put(node: Node, key: str | int, value: object) -> None:
    if isinstance(node, (Array, AoT)):
        if not isinstance(key, int):
            raise TypeError("an array is indexed by position")
        node[key] = value
    elif not isinstance(key, str):
        raise TypeError("Keys must be strings")
    else:
        node[key] = value


def _walk(doc: Node, where: Where) -> Node | None:
    """The table or array at `where`, or None when the document has none there."""
    node: object = doc
    for part in where:
        if not isinstance(node, _NODES):
            return None
        try:
            node = _child(node, part)
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, _NODES) else None


# --- check questions as lines: "[gesloten] Welke breuk is groter? → 5/8" -----------------
# The same way the lesson screen shows them, so a teacher types what they will see.

_QUESTION_LINE = re.compile(r"^\s*(?:\[(?P<niveau>[^\]]*)\]\s*)?(?P<vraag>.*?)\s*(?:(?:→|->)\s*(?P<antwoord>.*?))?\s*$")


def question_lines(questions: Sequence[Mapping[str, object]]) -> str:
    lines = []
    for question in questions:
        line = f"[{question.get('niveau', 'gesloten')}] {question.get('vraag', '')}"
        if question.get("antwoord"):
            line += f" → {question['antwoord']}"
        lines.append(line)
    return "\n".join(lines)


def parse_question_lines(text: str) -> tuple[list[QuestionLine], list[tuple[int, str]]]:
    """Questions from lines (empty lines skipped), and (line number, message) for the lines
    a teacher must fix. A line is never dropped: one with a level outside the vragentrap or
    without a question is kept as written, so the lesson stays a concept until it is fixed."""
    from lesson_tui.plan.lessonschema import choice_message

    questions: list[QuestionLine] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _QUESTION_LINE.match(line)
        assert match is not None  # every part is optional
        niveau = match.group("niveau")
        niveau = "gesloten" if niveau is None else niveau.strip()
        question: QuestionLine = {"vraag": match.group("vraag").strip(), "niveau": niveau}
        if match.group("antwoord"):
            question["antwoord"] = match.group("antwoord").strip()
        questions.append(question)
        if niveau not in LEVELS:
            problems.append((number, choice_message(niveau, list(LEVELS))))
        elif not question["vraag"]:
            problems.append((number, t("lesson.empty")))
    return questions, problems


_QUESTION_KEYS: tuple[Literal["vraag", "niveau", "antwoord"], ...] = ("vraag", "niveau", "antwoord")


def set_questions(draft: LessonDraft, phase: int, questions: Sequence[QuestionLine]) -> None:
    """The phase's check questions become `questions`: unchanged ones keep their lines."""
    current = draft.phases()[phase].get("cfu", [])
    current = current if isinstance(current, list) else []
    for index, question in enumerate(questions):
        if index < len(current):
            for key in _QUESTION_KEYS:
                value = question.get(key)
                if value is None:
                    draft.unset(("fase", phase, "cfu", index, key))
                elif current[index].get(key) != value:
                    draft.set(("fase", phase, "cfu", index, key), value)
        else:
            at = draft.add_question(phase, question["vraag"], question["niveau"])
            if question.get("antwoord"):
                draft.set(("fase", phase, "cfu", at, "antwoord"), question["antwoord"])
    while len(draft.phases()[phase].get("cfu", [])) > len(questions):
        draft.delete_question(phase, len(draft.phases()[phase]["cfu"]) - 1)


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
