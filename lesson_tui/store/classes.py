"""The class files (`classes/<slug>.json`): importing and re-importing a class list, and
changing one pupil at a time (the class screen in the app).

A class is its id, stored in its class file; its name is only what the teacher reads
(re-importing "5B" as "5b" respells it). Files from before ids carry none: their id is
`legacy_class_id(name)`, which is also what their runs, index lines and settings (keyed by
name then) map to, so old data folders need no conversion step. The id is written into the
file at its next change. Every change is the whole class as one new document, written in
one atomic replace under the class file's lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import to_iso
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import SCHEMA_VERSION, DataFileError, atomic_write_bytes, open_db, private_dir, quarantine
from lesson_tui.files.synccopies import SyncCopy, copy_problem, split_sync_copies
from lesson_tui.klas.classimport import ImportedRow, merge_class
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
from lesson_tui.store import layout
from lesson_tui.store.folder import DataFolder
from lesson_tui.store.index import RunsIndex
from lesson_tui.store.locks import class_lock

# What one change to the pupils does: the pupils as they are on disk -> (the new pupils,
# the pupil it changed)
PupilsChange = Callable[[list[Pupil]], tuple[list[Pupil], Pupil]]
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


class ClassFiles:
    """The classes of one data folder, read from their files at every ask (another window
    or the command line may have changed them); the built-in demo class when no file
    holds it. `index` is where a damaged class file's pupils are found again."""

    def __init__(self, folder: DataFolder, index: RunsIndex) -> None:
        self.folder = folder
        self.index = index

    @property
    def dir(self) -> Path:
        return private_dir(layout.classes_dir(self.folder.root))

    def _files(self) -> list[Path]:
        """The class files, without a damaged file moved aside and without a sync engine's
        copy (`4a-DESKTOP-X.json` sorts before `4a.json`: read, it would win)."""
        return self._split_files()[0]

    def files(self) -> list[Path]:
        """The class files (`lesson-tui sync` says when they last changed)."""
        return self._files()

    def _split_files(self) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
        return split_sync_copies(p for p in sorted(self.dir.glob("*.json")) if ".beschadigd-" not in p.name)

    def stamp(self) -> ClassStamp:
        """Changes when a class file is added, changed or removed (another window, the
        command line): the home screen compares it every few seconds."""
        stamp = []
        files, copies = self._split_files()
        for path in sorted([*files, *(copy for copy, _ in copies)]):  # a copy arriving is said at once
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((path.name, info.st_size, info.st_mtime_ns))
        return tuple(stamp)

    def _read_all(self) -> dict[str, tuple[Path | None, SchoolClass]]:
        found: dict[str, tuple[Path | None, SchoolClass]] = {}
        files, copies = self._split_files()
        for path, copy in copies:
            self.folder.add_problem(copy_problem(path, copy, "class"))
        for path in files:
            try:
                school_class = self._read(path)
            except DataFileError as error:
                self.folder.add_problem(str(error))
                continue
            if school_class.id in found:  # a copy of a class file: the first one counts
                self.folder.add_problem(t("class.duplicate_id", path=path, other=found[school_class.id][0]))
                continue
            found[school_class.id] = (path, school_class)
        demo = demo_class()
        found.setdefault(demo.id, (None, demo))
        return found

    def classes(self) -> list[SchoolClass]:
        return sorted((c for _, c in self._read_all().values()), key=lambda c: (c.builtin, c.name.casefold()))

    def class_by_id(self, class_id: str) -> SchoolClass | None:
        entry = self._read_all().get(class_id)
        return entry[1] if entry else None

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

    def _free_path(self, name: str) -> Path:
        slug = class_slug(name)
        path, number = self.dir / f"{slug}.json", 2
        while path.exists() or path.is_symlink():
            path, number = self.dir / f"{slug}_{number}.json", number + 1
        return path

    def _damaged_file(self, name: str) -> tuple[Path, DataFileError] | None:
        """A class file that may hold this class but cannot be read: named after the class
        (`<slug>.json`, `<slug>_2.json`)."""
        slug = class_slug(name)
        for path in self._files():
            if path.stem != slug and not path.stem.startswith(f"{slug}_"):
                continue
            try:
                self._read(path)
            except DataFileError as error:
                return path, error
        return None

    def _write(self, path: Path, school_class: SchoolClass, stamp_field: str = "changed_at") -> None:
        """The whole class as one new document: one atomic replace."""
        document = {
            "meta": {"1": {"schema": SCHEMA_VERSION, "kind": "class"}},
            "class": {
                "1": {"id": school_class.id, "name": school_class.name, stamp_field: to_iso(self.folder.clock.now())}
            },
            "pupils": {str(i): p.to_doc() for i, p in enumerate(school_class.pupils, start=1)},
        }
        try:
            atomic_write_bytes(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as error:
            raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None

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
        current = next(
            (entry for entry in self._read_all().values() if entry[1].name.casefold() == name.casefold()), None
        )
        existing: list[Pupil] = []
        recovered = lost = False
        if current is not None:
            path = current[0] or self._free_path(name)  # the built-in demo class gets a file
            class_id, existing = current[1].id, current[1].pupils
        else:
            damaged = self._damaged_file(name)
            # the same name gives the same id on every PC (one class, not one per PC that
            # imports it); an id a class or a lesson of the past holds is not taken again, so
            # next year's 5B, imported after this year's file was removed, is another class
            known_ids = set(self._read_all()) | {summary.class_id for summary in self.index.runs()}
            path, class_id = self._free_path(name), unique_id(imported_class_id(name), known_ids)
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
        with class_lock(self.folder.root, path):
            merged = merge_class(existing, rows, class_id)
            school_class = SchoolClass(name, merged, id=class_id)
            self._write(path, school_class, "imported_at")
        known = {p.id for p in existing}
        was_active = {p.id for p in existing if p.active}
        added = sum(1 for p in merged if p.active and p.id not in known)
        kept = sum(1 for p in merged if p.active and p.id in known)
        archived = sum(1 for p in merged if not p.active and p.id in was_active)
        return ImportResult(school_class, added, kept, archived, recovered=recovered, lost=lost)

    # --- one pupil at a time (the class screen in the app) -------------------------------

    def _change(self, class_id: str, change: PupilsChange) -> tuple[SchoolClass, Pupil]:
        """Apply `change(pupils) -> (pupils, pupil)` to the class as it is on disk now, under
        its lock, and write it in one atomic replace."""
        entry = self._read_all().get(class_id)
        if entry is None:
            raise ClassListError(t("class.gone"))
        path = entry[0] or self._free_path(entry[1].name)
        with class_lock(self.folder.root, path):
            if entry[0] is not None:
                try:
                    current = self._read(path)  # another window may have changed it
                except DataFileError as error:
                    raise ClassListError(t("class.file_unreadable", error=str(error))) from None
            else:
                current = entry[1]
            pupils, pupil = change(list(current.pupils))
            school_class = SchoolClass(current.name, pupils, id=current.id)
            self._write(path, school_class)
        return school_class, pupil

    def add_pupil(self, class_id: str, first_name: str, last_name: str = "", number: int | None = None) -> Pupil:
        """A pupil who joins the class: a new id, the first free class number unless given."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]) -> tuple[list[Pupil], Pupil]:
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
            return [*pupils, pupil], pupil

        return self._change(class_id, change)[1]

    def rename_pupil(self, class_id: str, pupil_id: str, first_name: str, last_name: str = "") -> Pupil:
        """A name spelled differently: same pupil, same id, same history."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]) -> tuple[list[Pupil], Pupil]:
            index = _pupil_index(pupils, pupil_id)
            pupils[index] = replace(pupils[index], first_name=first_name, last_name=last_name)
            return pupils, pupils[index]

        return self._change(class_id, change)[1]

    def archive_pupil(self, class_id: str, pupil_id: str) -> Pupil:
        """A pupil who left: no longer in the class, kept in the file (as a re-import does),
        so every past lesson keeps the name and the history stays."""

        def change(pupils: list[Pupil]) -> tuple[list[Pupil], Pupil]:
            index = _pupil_index(pupils, pupil_id)
            pupils[index] = replace(pupils[index], active=False)
            return pupils, pupils[index]

        return self._change(class_id, change)[1]
