"""The class files: importing and re-importing a class list, and changing one pupil at a
time (the class screen in the app).

Each PC writes its changes to a class in a file of its own, `classes/<slug>/<device id>.json`
(every change it ever made to the class, rewritten in one atomic replace under that file's
lock); the class is the fold of every device's file (`classlog`), so two PCs synced by
Syncthing or OneDrive never write one file. A class file from before, `classes/<slug>.json`
(the whole class), is where the fold starts: read, never written again.

A class is its id, stored in every file of it; its name is only what the teacher reads
(re-importing "5B" as "5b" respells it). Files from before ids carry none: their id is
`legacy_class_id(name)`, which is also what their runs, index lines and settings (keyed by
name then) map to, so old data folders need no conversion step.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import to_iso
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import SCHEMA_VERSION, DataFileError, open_db, private_dir, quarantine
from lesson_tui.files.synccopies import SyncCopy, copy_problem, split_sync_copies
from lesson_tui.klas.classimport import ImportedRow
from lesson_tui.klas.pupils import (
    ClassListError,
    Pupil,
    SchoolClass,
    check_pupil_name,
    class_slug,
    demo_class,
    display_names,
    imported_class_id,
    legacy_class_id,
    pupil_id,
    unique_id,
    valid_class_name,
)
from lesson_tui.lesson.writers import HybridClock
from lesson_tui.store import layout
from lesson_tui.store.classlog import ADD, ARCHIVE, RENAME, RESTORE, ClassChange, fold, import_change
from lesson_tui.store.device import DEVICE_ID, device_id
from lesson_tui.store.folder import DataFolder
from lesson_tui.store.identity import write_own
from lesson_tui.store.index import RunsIndex
from lesson_tui.store.locks import class_lock

# What one change to the pupils does: the pupils as they are on disk -> (the change to
# record, the pupil it makes or changes)
PupilsChange = Callable[[list[Pupil]], tuple[tuple[str, dict[str, Any]], Pupil]]
LOG_KIND = "class-changes"  # a device's file of changes to one class
ClassStamp = tuple[tuple[str, int, int], ...]  # (file name, size, mtime) per class file


@dataclass(frozen=True)
class ImportResult:
    school_class: SchoolClass
    added: int
    kept: int
    archived: int
    recovered: bool = False  # the class file was damaged; ids came back from the run files
    lost: bool = False  # the class file was damaged and no run knew these pupils


def import_summary(result: ImportResult, notes: list[str]) -> list[str]:
    """What an import says, on the command line and in the app: the counts, how the file
    was read, and the names told apart on screen."""
    pupils = result.school_class.active_pupils
    summary = (
        "class.imported_lost" if result.lost else ("class.imported_recovered" if result.recovered else "class.imported")
    )
    lines = [
        t(
            summary,
            name=result.school_class.name,
            count=len(pupils),
            added=result.added,
            kept=result.kept,
            archived=result.archived,
        )
    ]
    lines.extend(f"  · {note}" for note in notes)
    names = display_names(pupils)
    shortened = [names[p.id] for p in pupils if names[p.id] != p.first_name]
    if shortened:
        lines.append(t("class.told_apart", names=", ".join(shortened)))
    return lines


def _pupil_index(pupils: list[Pupil], pupil_id: str) -> int:
    index = next((i for i, p in enumerate(pupils) if p.id == pupil_id), None)
    if index is None:
        raise ClassListError(t("class.pupil_gone"))
    return index


@dataclass
class _Log:
    """One device's file of changes to one class."""

    path: Path
    device: str
    class_id: str
    name: str
    changes: list[ClassChange]


@dataclass
class _Entry:
    """One class as read: the fold, its file from before (if any), its devices' files."""

    school_class: SchoolClass
    legacy: Path | None = None
    logs: list[_Log] = field(default_factory=list)


class ClassFiles:
    """The classes of one data folder, read from their files at every ask (another window,
    the command line or another PC may have changed them); the built-in demo class when no
    file holds it. `index` is where a damaged class file's pupils are found again.

    A class is the fold (`classlog.fold`) of every device's file in its folder,
    `classes/<slug>/<device id>.json`, each written by that device only, started from its
    file from before, `classes/<slug>.json`, when it has one (read, never written again)."""

    def __init__(self, folder: DataFolder, index: RunsIndex) -> None:
        self.folder = folder
        self.index = index

    @property
    def dir(self) -> Path:
        return private_dir(layout.classes_dir(self.folder.root))

    def _files(self) -> list[Path]:
        """The class files from before, without a damaged file moved aside and without a
        sync engine's copy (`4a-DESKTOP-X.json` sorts before `4a.json`: read, it would win)."""
        return self._split_files()[0]

    def files(self) -> list[Path]:
        """Every class file, from before and each device's (`lesson-tui sync` says when they
        last changed)."""
        return [*self._files(), *self._split_logs()[0]]

    def _split_files(self) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
        return split_sync_copies(p for p in sorted(self.dir.glob("*.json")) if ".beschadigd-" not in p.name)

    def _split_logs(self) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
        """The devices' files (named after their device; anything else there is not read)
        and the sync engines' copies of them."""
        paths = sorted(p for p in self.dir.glob("*/*.json") if ".beschadigd-" not in p.name)
        logs, copies = split_sync_copies(paths)
        return [p for p in logs if DEVICE_ID.match(p.stem)], copies

    def stamp(self) -> ClassStamp:
        """Changes when a class file is added, changed or removed (another window, the
        command line, another PC): the home screen compares it every few seconds."""
        stamp = []
        files, copies = self._split_files()
        logs, log_copies = self._split_logs()
        every = [*files, *logs, *(copy for copy, _ in [*copies, *log_copies])]  # a copy arriving is said at once
        for path in sorted(every):
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((path.relative_to(self.dir).as_posix(), info.st_size, info.st_mtime_ns))
        return tuple(stamp)

    def _read_all(self) -> dict[str, _Entry]:
        starts: dict[str, tuple[Path, SchoolClass]] = {}
        files, copies = self._split_files()
        logs, log_copies = self._split_logs()
        for path, copy in [*copies, *log_copies]:
            self.folder.add_problem(copy_problem(path, copy, "class"))
        for path in files:
            try:
                school_class = self._read(path)
            except DataFileError as error:
                self.folder.add_problem(str(error))
                continue
            if school_class.id in starts:  # a copy of a class file: the first one counts
                self.folder.add_problem(t("class.duplicate_id", path=path, other=starts[school_class.id][0]))
                continue
            starts[school_class.id] = (path, school_class)
        by_class: dict[str, list[_Log]] = {}
        for path in logs:
            try:
                log = self._read_log(path)
            except DataFileError as error:
                self.folder.add_problem(str(error))
                continue
            by_class.setdefault(log.class_id, []).append(log)
        found: dict[str, _Entry] = {}
        demo = demo_class()
        for class_id in [*starts, *(c for c in by_class if c not in starts)]:
            legacy: Path | None = None
            start: SchoolClass | None = demo if class_id == demo.id else None
            if class_id in starts:
                legacy, start = starts[class_id]
            class_logs = by_class.get(class_id, [])
            folded = fold(class_id, start, _changes(class_logs), next((log.name for log in class_logs), ""))
            if folded is not None:
                found[class_id] = _Entry(folded, legacy, class_logs)
        found.setdefault(demo.id, _Entry(demo))
        return found

    def classes(self) -> list[SchoolClass]:
        return sorted((e.school_class for e in self._read_all().values()), key=lambda c: (c.builtin, c.name.casefold()))

    def class_by_id(self, class_id: str) -> SchoolClass | None:
        entry = self._read_all().get(class_id)
        return entry.school_class if entry else None

    def get_class(self, name: str) -> SchoolClass | None:
        """The class of this name (any capitals): for the command line, where the teacher
        types a name."""
        wanted = " ".join(name.split()).casefold()
        return next((c for c in self.classes() if c.name.casefold() == wanted), None)

    def _read(self, path: Path) -> SchoolClass:
        db = open_db(path, kind="class", create=False)
        info = db.table("class").get(doc_id=1)
        if info is None or not isinstance(info.get("name"), str) or not info["name"].strip():
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_class_name")), damaged=True)
        name: str = info["name"]
        try:
            pupils = [Pupil.from_doc(doc) for doc in db.table("pupils").all()]
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error)), damaged=True) from None
        stored = info.get("id")
        class_id = stored if isinstance(stored, str) and stored.strip() else legacy_class_id(name)
        return SchoolClass(name, pupils, id=class_id)

    def _read_log(self, path: Path) -> _Log:
        db = open_db(path, kind=LOG_KIND, create=False)
        info = db.table("class").get(doc_id=1)
        if info is None or not isinstance(info.get("id"), str) or not info["id"].strip():
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_class_name")), damaged=True)
        try:
            changes = [ClassChange.from_doc(path.stem, doc) for doc in db.table("changes").all()]
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error)), damaged=True) from None
        name = info.get("name")
        return _Log(path, path.stem, info["id"], name if isinstance(name, str) else "", changes)

    def pupils_from_runs(self, class_id: str) -> list[Pupil]:
        """The pupils of a class as its lessons knew them (every run file holds a copy),
        newest first: the way back to their ids when the class file is lost."""
        found: dict[str, Pupil] = {}
        for summary in reversed(self.index.runs(class_id)):
            try:
                db = open_db(self.folder.root / summary.path, kind="run", create=False)
                info: dict[str, Any] = db.table("run").get(doc_id=1) or {}
                for doc in info.get("pupils", []):
                    pupil = Pupil.from_doc(doc)
                    found.setdefault(pupil.id, pupil)
            except (DataFileError, KeyError, TypeError, ValueError, AttributeError):
                continue
        return list(found.values())

    def _own_file(self, class_id: str, name: str, entry: _Entry | None) -> Path:
        """Where this PC writes its changes to a class: beside the other devices' files of
        it, else in the folder named after its file from before, else in a new folder."""
        me = device_id()
        logs = entry.logs if entry is not None else []
        mine = next((log.path for log in logs if log.device == me), None)
        if mine is not None:
            return mine
        if logs:
            return logs[0].path.parent / f"{me}.json"
        if entry is not None and entry.legacy is not None:
            return self.dir / entry.legacy.stem / f"{me}.json"
        slug = class_slug(name)
        folder, number = self.dir / slug, 2
        # every PC importing "5B" first picks `5b/`: their files meet there
        while folder.with_suffix(".json").exists() or any(DEVICE_ID.match(p.stem) for p in folder.glob("*.json")):
            folder, number = self.dir / f"{slug}_{number}", number + 1
        return folder / f"{me}.json"

    def _damaged_file(self, name: str) -> tuple[Path, DataFileError] | None:
        """A class file that may hold this class but cannot be read: named after the class
        (`<slug>.json`, `<slug>_2.json`, or this PC's file in `<slug>/`)."""
        slug = class_slug(name)
        me = device_id()
        candidates = [*self._files(), *(p for p in self._split_logs()[0] if p.stem == me)]
        for path in candidates:
            stem = path.parent.name if path.parent != self.dir else path.stem
            if stem != slug and not stem.startswith(f"{slug}_"):
                continue
            try:
                self._read(path) if path.parent == self.dir else self._read_log(path)
            except DataFileError as error:
                return path, error
        return None

    def _write_log(self, path: Path, class_id: str, name: str, changes: list[ClassChange]) -> None:
        """This PC's changes to a class, all of them, as one new document: one atomic replace."""
        document = {
            "meta": {"1": {"schema": SCHEMA_VERSION, "kind": LOG_KIND}},
            "class": {"1": {"id": class_id, "name": name, "changed_at": to_iso(self.folder.clock.now())}},
            "changes": {str(i): change.to_doc() for i, change in enumerate(changes, start=1)},
        }
        try:
            private_dir(path.parent)
            write_own(self.folder.root, path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as error:
            raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None

    def _record(self, path: Path, class_id: str, name: str, new: list[tuple[str, dict[str, Any]]]) -> SchoolClass:
        """Add this PC's changes to its file of the class (under the file's lock), stamped
        after every change of every device it has read; the class after them."""
        entry = self._read_all().get(class_id)  # as it is on disk now: another window may have changed it
        logs = entry.logs if entry is not None else []
        mine = next((log for log in logs if log.path == path), None)
        if mine is None and (path.exists() or path.is_symlink()):
            try:
                mine = self._read_log(path)
            except DataFileError as error:
                if not error.damaged or not logs:
                    # readable later (rights, a lock), or the class's only file: never overwritten
                    raise ClassListError(t("class.file_unreadable", error=str(error))) from None
                # the other PCs' files still hold the class: this PC's damaged file is kept aside
                try:
                    moved = quarantine(path, self.folder.stamp())
                except OSError as move_error:
                    raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(move_error))) from None
                self.folder.problems.append(t("data.class_moved", error=str(error), moved=moved.name))
        own = list(mine.changes) if mine is not None else []
        clock = HybridClock()
        for change in _changes(logs):
            clock.see(change.stamp)
        seq = max((change.seq for change in own), default=0)
        wall_ms = int(self.folder.clock.now().timestamp() * 1000)
        for kind, data in new:
            seq += 1
            own.append(ClassChange(clock.stamp(wall_ms), path.stem, seq, kind, data))
        self._write_log(path, class_id, name, own)
        others = [log for log in logs if log.path != path]
        start = self._start(entry) if entry is not None else None
        folded = fold(class_id, start, [*_changes(others), *own], name)
        assert folded is not None  # `name` names it
        return folded

    def _start(self, entry: _Entry) -> SchoolClass | None:
        """Where a class's fold starts: its file from before, or the demo class."""
        if entry.legacy is not None:
            return self._read(entry.legacy)
        demo = demo_class()
        return demo if entry.school_class.id == demo.id else None

    def _class_id_from_runs(self, name: str) -> str | None:
        wanted = name.casefold()
        known = [r for r in self.index.runs() if r.class_name.casefold() == wanted]
        return known[-1].class_id if known else None

    def import_class(self, name: str, rows: list[ImportedRow]) -> ImportResult:
        """Import (or re-import) a class list: pupils still on it keep their ids, the others
        are archived; a class of the same name in other capitals is the same class."""
        name = " ".join(name.split())
        if not valid_class_name(name):
            raise ClassListError(t("class.bad_class_name", name=name))
        every = self._read_all()
        current = next(
            (entry for entry in every.values() if entry.school_class.name.casefold() == name.casefold()), None
        )
        existing: list[Pupil] = []
        recovered = lost = False
        new: list[tuple[str, dict[str, Any]]] = []
        if current is not None:
            class_id, existing = current.school_class.id, current.school_class.pupils
        else:
            damaged = self._damaged_file(name)
            # the same name gives the same id on every PC (one class, not one per PC that
            # imports it); an id a class or a lesson of the past holds is not taken again, so
            # next year's 5B, imported after this year's file was removed, is another class
            known_ids = set(every) | {summary.class_id for summary in self.index.runs()}
            class_id = unique_id(imported_class_id(name), known_ids)
            if damaged is not None:
                path, error = damaged
                if not error.damaged:
                    # readable later (rights, a lock): never overwrite what we could not read
                    raise ClassListError(t("class.file_unreadable", error=str(error)))
                try:
                    moved = quarantine(path, self.folder.stamp())
                except OSError as move_error:
                    raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(move_error))) from None
                self.folder.problems.append(t("data.class_moved", error=str(error), moved=moved.name))
                # the run files hold copies of the pupils: their ids, and so their history
                class_id = self._class_id_from_runs(name) or class_id
                existing = [replace(p, active=False) for p in self.pupils_from_runs(class_id)]
                recovered, lost = bool(existing), not existing
                if existing:
                    new.append((RESTORE, {"pupils": [p.to_doc() for p in existing]}))
        new.append(import_change(name, rows))
        path = self._own_file(class_id, name, current)
        with class_lock(self.folder.root, path):
            school_class = self._record(path, class_id, name, new)
        merged = school_class.pupils
        known = {p.id for p in existing}
        was_active = {p.id for p in existing if p.active}
        added = sum(1 for p in merged if p.active and p.id not in known)
        kept = sum(1 for p in merged if p.active and p.id in known)
        archived = sum(1 for p in merged if not p.active and p.id in was_active)
        return ImportResult(school_class, added, kept, archived, recovered=recovered, lost=lost)

    # --- one pupil at a time (the class screen in the app) -------------------------------

    def _change(self, class_id: str, change: PupilsChange) -> tuple[SchoolClass, Pupil]:
        """`change(pupils) -> (the change to record, the pupil it makes)`, checked against the
        class as it is on disk now, under the lock of this PC's file of it."""
        entry = self._read_all().get(class_id)
        if entry is None:
            raise ClassListError(t("class.gone"))
        path = self._own_file(class_id, entry.school_class.name, entry)
        with class_lock(self.folder.root, path):
            current = self._read_all().get(class_id)  # another window may have changed it
            if current is None:
                raise ClassListError(t("class.gone"))
            if current.legacy is not None:
                try:
                    self._read(current.legacy)
                except DataFileError as error:
                    raise ClassListError(t("class.file_unreadable", error=str(error))) from None
            recorded, pupil = change(list(current.school_class.pupils))
            school_class = self._record(path, class_id, current.school_class.name, [recorded])
        return school_class, next((p for p in school_class.pupils if p.id == pupil.id), pupil)

    def add_pupil(self, class_id: str, first_name: str, last_name: str = "", number: int | None = None) -> Pupil:
        """A pupil who joins the class: a new id, the first free class number unless given."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]) -> tuple[tuple[str, dict[str, Any]], Pupil]:
            taken = {p.number for p in pupils if p.active}
            wanted = number if number is not None else max(taken, default=0) + 1
            if not 1 <= wanted <= 999:
                raise ClassListError(t("class.number_range", number=wanted))
            if wanted in taken:
                other = next(p for p in pupils if p.active and p.number == wanted)
                raise ClassListError(t("class.number_taken", number=wanted, name=other.full_name))
            # the same child added on two PCs is one pupil: its id from the class and the name
            pupil = Pupil(
                unique_id(pupil_id(class_id, first_name, last_name), {p.id for p in pupils}),
                first_name,
                last_name,
                wanted,
            )
            return (ADD, {"pupil": pupil.to_doc()}), pupil

        return self._change(class_id, change)[1]

    def rename_pupil(self, class_id: str, pupil_id: str, first_name: str, last_name: str = "") -> Pupil:
        """A name spelled differently: same pupil, same id, same history."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]) -> tuple[tuple[str, dict[str, Any]], Pupil]:
            pupil = pupils[_pupil_index(pupils, pupil_id)]
            return (RENAME, {"pupil": pupil.id, "first_name": first_name, "last_name": last_name}), pupil

        return self._change(class_id, change)[1]

    def archive_pupil(self, class_id: str, pupil_id: str) -> Pupil:
        """A pupil who left: no longer in the class, kept in the file (as a re-import does),
        so every past lesson keeps the name and the history stays."""

        def change(pupils: list[Pupil]) -> tuple[tuple[str, dict[str, Any]], Pupil]:
            pupil = pupils[_pupil_index(pupils, pupil_id)]
            return (ARCHIVE, {"pupil": pupil.id}), pupil

        return self._change(class_id, change)[1]


def _changes(logs: list[_Log]) -> list[ClassChange]:
    """Every device's changes. A change read twice (a device's file copied into a second
    folder) changes nothing the second time: every change is idempotent."""
    return [change for log in logs for change in log.changes]
