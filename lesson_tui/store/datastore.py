"""Where the data lives, and how it is split so one keypress never waits on history.

    DATA/index.json                   runs index: one small doc per lesson run
    DATA/classes/<slug>.json          one file per class: its id, name and pupils
    DATA/runs/<year>/<run_id>.json    one file per lesson run: its info and event log

The live lesson writes only its own run file (tens of KB), so the cost of a mark does not
grow with the years of history beside it. The index is written at a run's start, at the
sporen decision and at its close. Every run file is self-contained (lesson plan and pupils
are copied into it), so the index can be rebuilt from the run files if it is ever lost.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from lesson_tui.base.clock import Clock, SystemClock, to_iso
from lesson_tui.base.i18n import t
from lesson_tui.files.lock import FileLock, LockedError
from lesson_tui.files.storage import (
    SCHEMA_VERSION,
    AtomicJSONStorage,
    DataFileError,
    ReadOnlyJSONStorage,
    SaveError,
    WriterFileStorage,
    atomic_write_bytes,
    open_db,
    os_error_text,
    private_dir,
    quarantine,
    shared_dir_warning,
)
from lesson_tui.klas.classimport import ImportedRow, merge_class
from lesson_tui.klas.pupils import (
    ClassListError,
    Pupil,
    SchoolClass,
    check_pupil_name,
    class_slug,
    demo_class,
    display_names,
    legacy_class_id,
    new_class_id,
    valid_class_name,
)
from lesson_tui.lesson.run import LessonRun
from lesson_tui.lesson.writers import is_writer_file, writer_file
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.rules.sporen import spoor_counts, spoor_of_split
from lesson_tui.store import layout


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    class_name: str
    lesson_id: str
    titel: str
    vak: str
    started_at: str
    status: str
    closed_at: str | None
    path: str
    spoor3: tuple[str, ...] | None = None
    sizes: tuple[int, ...] | None = None
    groups: tuple[tuple[str, ...], ...] = ()  # who worked with whom (duos, groups)
    class_id: str = ""  # the class's identity; `class_name` is its name on that day

    @property
    def miniklas(self) -> int | None:
        return None if self.spoor3 is None else len(self.spoor3)

    @classmethod
    def from_doc(cls, doc: dict) -> RunSummary:
        return cls(
            run_id=doc["run_id"],
            class_name=doc["class"],
            lesson_id=doc["lesson_id"],
            titel=doc.get("titel", doc["lesson_id"]),
            vak=doc.get("vak", ""),
            started_at=doc["started_at"],
            status=doc.get("status", "open"),
            closed_at=doc.get("closed_at"),
            path=doc["path"],
            spoor3=tuple(doc["spoor3"]) if doc.get("spoor3") is not None else None,
            sizes=tuple(doc["sizes"]) if doc.get("sizes") is not None else None,
            groups=tuple(tuple(g) for g in doc.get("groups") or () if isinstance(g, list)),
            class_id=doc.get("class_id") or legacy_class_id(doc["class"]),
        )


@dataclass(frozen=True)
class ImportResult:
    school_class: SchoolClass
    added: int
    kept: int
    archived: int
    recovered: bool = False  # the class file was damaged; ids came back from the run files
    lost: bool = False  # the class file was damaged and no run knew these pupils


_INDEX_FIELDS = {"run_id": str, "class": str, "lesson_id": str, "started_at": str, "path": str}


def _valid_index_doc(doc: dict) -> bool:
    # class_id: absent in lines written before classes had an id (see `legacy_class_id`)
    return all(isinstance(doc.get(name), kind) for name, kind in _INDEX_FIELDS.items()) and isinstance(
        doc.get("class_id", ""), str
    )


def _pupil_index(pupils: list[Pupil], pupil_id: str) -> int:
    index = next((i for i, p in enumerate(pupils) if p.id == pupil_id), None)
    if index is None:
        raise ClassListError(t("class.pupil_gone"))
    return index


def import_summary(result: ImportResult, notes: list[str]) -> list[str]:
    """What an import says, on the command line and in the app: the counts, how the file
    was read, and the names told apart on screen."""
    pupils = result.school_class.active_pupils
    summary = "class.imported_lost" if result.lost else ("class.imported_recovered" if result.recovered else "class.imported")
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


class DataStore:
    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        root = Path(root)
        existed = root.is_dir()
        self.root = private_dir(root)
        self.clock = clock or SystemClock()
        self.problems: list[str] = []
        if existed:
            warning = shared_dir_warning(self.root)
            if warning:
                self.problems.append(warning)
        self._index: TinyDB | None = None
        self._index_stamp: tuple[int, int] | None = None
        self._locks: dict[str, FileLock] = {}

    # --- index --------------------------------------------------------------------
    #
    # Several windows may use one data directory (the home screen in one, a lesson in
    # another). The index is therefore never written from a copy in memory: every write
    # takes the index lock, re-reads the file and changes only its own line. Reads notice
    # a change on disk (size and mtime) and re-read.

    @property
    def index_path(self) -> Path:
        return layout.index_path(self.root)

    def _stamp(self) -> str:
        return self.clock.now().strftime("%Y%m%d-%H%M%S")

    def _disk_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.index_path.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    @property
    def index(self) -> TinyDB:
        stamp = self._disk_stamp()
        if self._index is None or (stamp != self._index_stamp and isinstance(self._index.storage, AtomicJSONStorage)):
            self._index = self._open_index()
            self._index_stamp = self._disk_stamp()
        return self._index

    def _open_index(self) -> TinyDB:
        try:
            db = open_db(self.index_path, kind="index")
            bad = [doc for doc in db.table("runs").all() if not _valid_index_doc(doc)]
            if bad:
                raise DataFileError(
                    self.index_path,
                    t("data.corrupt", path=self.index_path, detail=t("data.index_fields", count=len(bad))),
                    damaged=True,
                )
            return db
        except DataFileError as error:
            return self._replace_index(error)

    def _replace_index(self, error: DataFileError) -> TinyDB:
        """A damaged index is moved aside and rebuilt from the run files; one that cannot
        be read or moved (a read-only folder) is left alone and rebuilt in memory."""
        if error.damaged:
            try:
                with self._index_lock():
                    moved = quarantine(self.index_path, self._stamp())
                    db = open_db(self.index_path, kind="index")
                    self._rebuild_index(db)
                self._add_problem(t("data.index_rebuilt", error=str(error), moved=moved.name))
                return db
            except (OSError, DataFileError) as second:
                reason = os_error_text(second) if isinstance(second, OSError) else str(second)
                self._add_problem(t("data.index_in_memory", error=str(error), reason=reason))
        else:
            self._add_problem(t("data.index_unreadable", error=str(error)))
        db = TinyDB(storage=MemoryStorage)
        self._rebuild_index(db)
        return db

    def _add_problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def _index_lock(self) -> FileLock:
        lock = FileLock(layout.index_lock_path(self.root))
        try:
            lock.acquire(wait=5.0)
        except LockedError:
            raise SaveError(self.index_path, t("data.index_busy", path=self.index_path)) from None
        except OSError as error:
            raise SaveError(self.index_path, t("data.cannot_save", path=self.index_path, reason=os_error_text(error))) from None
        return lock

    def _rebuild_index(self, db: TinyDB) -> None:
        docs = []
        for path in layout.run_files(self.root):
            if is_writer_file(path):
                continue  # a co-teacher's events, part of the run file beside it
            try:
                run = LessonRun(open_db(path, kind="run", create=False), path, self.clock)
                docs.append(self._run_doc(run))
            except DataFileError as error:
                self._add_problem(str(error))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                self._add_problem(t("data.corrupt", path=path, detail=repr(error)))
        if docs:
            db.table("runs").insert_multiple(docs)

    def _write_index_line(self, doc: dict) -> None:
        """Change this run's line only, on the index as it is on disk now."""
        index = self.index  # a damaged index is replaced here, before the lock is taken
        if not isinstance(index.storage, AtomicJSONStorage):
            index.table("runs").upsert(doc, Query().run_id == doc["run_id"])  # in memory only
            return
        with self._index_lock():
            try:
                fresh = open_db(self.index_path, kind="index")
            except DataFileError:
                fresh = index  # damaged since we read it: keep our copy, it is no older
            fresh.table("runs").upsert(doc, Query().run_id == doc["run_id"])
            self._index = fresh
            self._index_stamp = self._disk_stamp()

    def runs(self, class_id: str | None = None) -> list[RunSummary]:
        """Every lesson run, or one class's (by its id, whatever it was called then)."""
        found = (RunSummary.from_doc(d) for d in self.index.table("runs").all())
        return sorted((r for r in found if class_id is None or r.class_id == class_id), key=lambda r: r.started_at)

    def unfinished_runs(self) -> list[RunSummary]:
        """Open lessons, newest first (a search: the home screen asks this at every start)."""
        docs = self.index.table("runs").search(Query().status == "open")
        return sorted((RunSummary.from_doc(d) for d in docs), key=lambda r: r.started_at, reverse=True)

    def update_run_summary(self, run: LessonRun) -> None:
        """Write the run's line in the index (at start, at the sporen decision, at close)."""
        self._write_index_line(self._run_doc(run))

    def _run_doc(self, run: LessonRun) -> dict:
        """The run's line in the index: enough for lists, history and the stigma guard
        without opening the run file."""
        split = run.sporen
        return {
            "run_id": run.run_id,
            "class": run.class_name,
            "class_id": run.class_id,
            "lesson_id": run.plan.id,
            "titel": run.plan.titel,
            "vak": run.plan.vak,
            "started_at": run.info["started_at"],
            "status": "closed" if run.closed else "open",
            "closed_at": to_iso(run.state.closed_at) if run.state.closed_at else None,
            "spoor3": run.miniklas if split is not None else None,
            "sizes": [spoor_counts(spoor_of_split(split))[n] for n in (1, 2, 3)] if split else None,
            "path": run.path.relative_to(self.root).as_posix(),
            "groups": run.state.groups,
        }

    def recent_pairs(self, run: LessonRun, lessons: int = 3) -> dict[frozenset[str], int]:
        """Who worked with whom in this class's last lessons with groups (not this one):
        pair -> how often, so the next groups can mix the class."""
        from lesson_tui.rules.groups import pairs_of

        earlier = [r for r in self.runs(run.class_id) if r.groups and r.run_id != run.run_id]
        counts: dict[frozenset[str], int] = {}
        for summary in earlier[-lessons:]:
            for pair in pairs_of(summary.groups):
                counts[pair] = counts.get(pair, 0) + 1
        return counts

    def split_runs(self, class_id: str, vak: str | None = None) -> list[RunSummary]:
        """This class's lessons that ended in a sporen split (of one subject), oldest first."""
        return [r for r in self.runs(class_id) if r.spoor3 is not None and (vak is None or r.vak == vak)]

    def spoor3_history(self, run: LessonRun, limit: int = 5) -> list[set[str]]:
        """Spoor-3 pupils of this class's last `limit` split lessons of the same subject
        before `run`, oldest first: the stigma guard's evidence."""
        earlier = [
            r
            for r in self.split_runs(run.class_id, run.plan.vak)
            if r.run_id != run.run_id and r.started_at <= run.info["started_at"]
        ]
        return [set(r.spoor3 or ()) for r in earlier[-limit:]]

    @property
    def exports_dir(self) -> Path:
        """Where exports made in the app go (private, like the rest of the data)."""
        return private_dir(layout.exports_dir(self.root))

    # --- classes ------------------------------------------------------------------
    #
    # A class is its id, stored in its class file; its name is only what the teacher reads
    # (re-importing "5B" as "5b" respells it). Files from before ids carry none: their id is
    # `legacy_class_id(name)`, which is also what their runs, index lines and settings
    # (keyed by name then) map to, so old data folders need no conversion step. The id is
    # written into the file at its next change.

    @property
    def classes_dir(self) -> Path:
        return private_dir(layout.classes_dir(self.root))

    def _class_files(self) -> list[Path]:
        return [p for p in sorted(self.classes_dir.glob("*.json")) if ".beschadigd-" not in p.name]

    def classes_stamp(self) -> tuple:
        """Changes when a class file is added, changed or removed (another window, the
        command line): the home screen compares it every few seconds."""
        stamp = []
        for path in self._class_files():
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((path.name, info.st_size, info.st_mtime_ns))
        return tuple(stamp)

    def _read_classes(self) -> dict[str, tuple[Path | None, SchoolClass]]:
        found: dict[str, tuple[Path | None, SchoolClass]] = {}
        for path in self._class_files():
            try:
                school_class = self._read_class(path)
            except DataFileError as error:
                self._add_problem(str(error))
                continue
            if school_class.id in found:  # a copy of a class file: the first one counts
                self._add_problem(t("class.duplicate_id", path=path, other=found[school_class.id][0]))
                continue
            found[school_class.id] = (path, school_class)
        demo = demo_class()
        found.setdefault(demo.id, (None, demo))
        return found

    def classes(self) -> list[SchoolClass]:
        return sorted((c for _, c in self._read_classes().values()), key=lambda c: (c.builtin, c.name.casefold()))

    def class_by_id(self, class_id: str) -> SchoolClass | None:
        entry = self._read_classes().get(class_id)
        return entry[1] if entry else None

    def get_class(self, name: str) -> SchoolClass | None:
        """The class of this name (any capitals): for the command line, where the teacher
        types a name."""
        wanted = " ".join(name.split()).casefold()
        return next((c for c in self.classes() if c.name.casefold() == wanted), None)

    def _read_class(self, path: Path) -> SchoolClass:
        db = open_db(path, kind="class", create=False)
        info = db.table("class").get(doc_id=1)
        if info is None or not isinstance(info.get("name"), str) or not info["name"].strip():
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_class_name")), damaged=True)
        try:
            pupils = [Pupil.from_doc(doc) for doc in db.table("pupils").all()]
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error)), damaged=True) from None
        stored = info.get("id")
        class_id = stored if isinstance(stored, str) and stored.strip() else legacy_class_id(info["name"])
        return SchoolClass(info["name"], pupils, id=class_id)

    def pupils_from_runs(self, class_id: str) -> list[Pupil]:
        """The pupils of a class as its lessons knew them (every run file holds a copy),
        newest first: the way back to their ids when the class file is lost."""
        found: dict[str, Pupil] = {}
        for summary in reversed(self.runs(class_id)):
            try:
                db = open_db(self.root / summary.path, kind="run", create=False)
                info = db.table("run").get(doc_id=1) or {}
                for doc in info.get("pupils", []):
                    pupil = Pupil.from_doc(doc)
                    found.setdefault(pupil.id, pupil)
            except (DataFileError, KeyError, TypeError, ValueError, AttributeError):
                continue
        return list(found.values())

    def _free_class_path(self, name: str) -> Path:
        slug = class_slug(name)
        path, number = self.classes_dir / f"{slug}.json", 2
        while path.exists() or path.is_symlink():
            path, number = self.classes_dir / f"{slug}_{number}.json", number + 1
        return path

    def _damaged_class_file(self, name: str) -> tuple[Path, DataFileError] | None:
        """A class file that may hold this class but cannot be read: named after the class
        (`<slug>.json`, `<slug>_2.json`)."""
        slug = class_slug(name)
        for path in self._class_files():
            if path.stem != slug and not path.stem.startswith(f"{slug}_"):
                continue
            try:
                self._read_class(path)
            except DataFileError as error:
                return path, error
        return None

    def _class_lock(self, path: Path) -> FileLock:
        lock = FileLock(layout.lock_path(path))
        try:
            lock.acquire(wait=5.0)
        except LockedError:
            raise ClassListError(t("class.busy", path=path)) from None
        except OSError as error:
            raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
        return lock

    def _write_class(self, path: Path, school_class: SchoolClass, stamp_field: str = "changed_at") -> None:
        """The whole class as one new document: one atomic replace."""
        document = {
            "meta": {"1": {"schema": SCHEMA_VERSION, "kind": "class"}},
            "class": {"1": {"id": school_class.id, "name": school_class.name, stamp_field: to_iso(self.clock.now())}},
            "pupils": {str(i): p.to_doc() for i, p in enumerate(school_class.pupils, start=1)},
        }
        try:
            atomic_write_bytes(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as error:
            raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None

    def _class_id_from_runs(self, name: str) -> str | None:
        wanted = name.casefold()
        known = [r for r in self.runs() if r.class_name.casefold() == wanted]
        return known[-1].class_id if known else None

    def import_class(self, name: str, rows: list[ImportedRow]) -> ImportResult:
        """Import (or re-import) a class list: pupils still on it keep their ids, the others
        are archived; a class of the same name in other capitals is the same class."""
        name = " ".join(name.split())
        if not valid_class_name(name):
            raise ClassListError(t("class.bad_class_name", name=name))
        current = next((entry for entry in self._read_classes().values() if entry[1].name.casefold() == name.casefold()), None)
        existing: list[Pupil] = []
        recovered = lost = False
        if current is not None:
            path = current[0] or self._free_class_path(name)  # the built-in demo class gets a file
            class_id, existing = current[1].id, current[1].pupils
        else:
            damaged = self._damaged_class_file(name)
            path, class_id = self._free_class_path(name), new_class_id()
            if damaged is not None:
                path, error = damaged
                if not error.damaged:
                    # readable later (rights, a lock): never overwrite what we could not read
                    raise ClassListError(t("class.file_unreadable", error=str(error)))
                try:
                    moved = quarantine(path, self._stamp())
                except OSError as move_error:
                    raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(move_error))) from None
                self.problems.append(t("data.class_moved", error=str(error), moved=moved.name))
                # the run files hold copies of the pupils: their ids, and so their history
                class_id = self._class_id_from_runs(name) or class_id
                existing = [replace(p, active=False) for p in self.pupils_from_runs(class_id)]
                recovered, lost = bool(existing), not existing
        with self._class_lock(path):
            merged = merge_class(existing, rows)
            school_class = SchoolClass(name, merged, id=class_id)
            self._write_class(path, school_class, "imported_at")
        known = {p.id for p in existing}
        was_active = {p.id for p in existing if p.active}
        added = sum(1 for p in merged if p.active and p.id not in known)
        kept = sum(1 for p in merged if p.active and p.id in known)
        archived = sum(1 for p in merged if not p.active and p.id in was_active)
        return ImportResult(school_class, added, kept, archived, recovered=recovered, lost=lost)

    # --- one pupil at a time (the class screen in the app) -------------------------------

    def _change_class(self, class_id: str, change) -> tuple[SchoolClass, Pupil]:
        """Apply `change(pupils) -> (pupils, pupil)` to the class as it is on disk now, under
        its lock, and write it in one atomic replace."""
        entry = self._read_classes().get(class_id)
        if entry is None:
            raise ClassListError(t("class.gone"))
        path = entry[0] or self._free_class_path(entry[1].name)
        with self._class_lock(path):
            if entry[0] is not None:
                try:
                    current = self._read_class(path)  # another window may have changed it
                except DataFileError as error:
                    raise ClassListError(t("class.file_unreadable", error=str(error))) from None
            else:
                current = entry[1]
            pupils, pupil = change(list(current.pupils))
            school_class = SchoolClass(current.name, pupils, id=current.id)
            self._write_class(path, school_class)
        return school_class, pupil

    def add_pupil(self, class_id: str, first_name: str, last_name: str = "", number: int | None = None) -> Pupil:
        """A pupil who joins the class: a new id, the first free class number unless given."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]):
            taken = {p.number for p in pupils if p.active}
            wanted = number if number is not None else max(taken, default=0) + 1
            if not 1 <= wanted <= 999:
                raise ClassListError(t("class.number_range", number=wanted))
            if wanted in taken:
                other = next(p for p in pupils if p.active and p.number == wanted)
                raise ClassListError(t("class.number_taken", number=wanted, name=other.full_name))
            pupil = Pupil(uuid.uuid4().hex[:12], first_name, last_name, wanted)
            return [*pupils, pupil], pupil

        return self._change_class(class_id, change)[1]

    def rename_pupil(self, class_id: str, pupil_id: str, first_name: str, last_name: str = "") -> Pupil:
        """A name spelled differently: same pupil, same id, same history."""
        first_name, last_name = check_pupil_name(first_name, last_name)

        def change(pupils: list[Pupil]):
            index = _pupil_index(pupils, pupil_id)
            pupils[index] = replace(pupils[index], first_name=first_name, last_name=last_name)
            return pupils, pupils[index]

        return self._change_class(class_id, change)[1]

    def archive_pupil(self, class_id: str, pupil_id: str) -> Pupil:
        """A pupil who left: no longer in the class, kept in the file (as a re-import does),
        so every past lesson keeps the name and the history stays."""

        def change(pupils: list[Pupil]):
            index = _pupil_index(pupils, pupil_id)
            pupils[index] = replace(pupils[index], active=False)
            return pupils, pupils[index]

        return self._change_class(class_id, change)[1]

    # --- runs ---------------------------------------------------------------------

    def _new_run_id(self, now: datetime) -> str:
        return f"{now:%Y%m%d-%H%M}-{secrets.token_hex(2)}"

    def start_run(
        self,
        school_class: SchoolClass,
        plan: LessonPlan,
        absent: set[str] | None = None,
        rng: random.Random | None = None,
    ) -> LessonRun:
        now = self.clock.now()
        run_id = self._new_run_id(now)
        folder = private_dir(layout.runs_year_dir(self.root, now))
        path = folder / f"{run_id}.json"
        pupils = school_class.active_pupils
        info = {
            "run_id": run_id,
            "class": school_class.name,
            "class_id": school_class.id,
            "lesson": plan.to_dict(),
            "pupils": [p.to_doc() for p in pupils],
            "absent": sorted(absent or ()),
            "started_at": to_iso(now),
        }
        lock = self._lock(path)
        db = open_db(path, kind="run")
        db.table("run").insert(info)
        run = LessonRun(db, path, self.clock, rng)
        self._locks[run_id] = lock
        self.update_run_summary(run)
        return run

    def open_run(self, run_id: str, rng: random.Random | None = None, *, lock: bool = True) -> LessonRun:
        doc = self.index.table("runs").get(Query().run_id == run_id)
        if doc is None:
            raise KeyError(run_id)
        path = self.root / doc["path"]
        if lock:
            self._locks[run_id] = self._lock(path)
        db = open_db(path, kind="run", create=False)
        try:
            return LessonRun(db, path, self.clock, rng)
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None

    def join_run(self, run_id: str, rng: random.Random | None = None, *, writer: int | None = None) -> LessonRun:
        """Join a lesson another device is giving, as a co-writer: the run file is only
        read; this device writes a file of its own beside it (`<run>.w<k>.json`). `writer`
        is this device's number when it has one already (the co-teacher page gives each
        device one, so a reload goes on in the same file); else the first number without a
        file. The file is made at the device's first event, private and exclusively (see
        `WriterFileStorage`), so an opened and closed tab leaves nothing behind."""
        doc = self.index.table("runs").get(Query().run_id == run_id)
        if doc is None:
            raise KeyError(run_id)
        if writer is not None and writer < 1:
            raise ValueError(f"writer {writer}: 0 is the teacher's own file")
        path = self.root / doc["path"]
        main = TinyDB(path, storage=ReadOnlyJSONStorage)
        if writer is None:
            writer = 1
            while writer_file(path, writer).exists():
                writer += 1
        # the run's id in the meta: a file of another lesson copied in is never folded here
        header = {"meta": {"1": {"schema": SCHEMA_VERSION, "kind": "run-writer", "run": run_id}}, "events": {}}
        own = TinyDB(writer_file(path, writer), storage=WriterFileStorage, header=header)
        if own.storage.on_disk:
            own = open_db(writer_file(path, writer), kind="run-writer", create=False)
        try:
            return LessonRun(main, path, self.clock, rng, writer=writer, own=own)
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None

    def _lock(self, path: Path) -> FileLock:
        lock = FileLock(layout.lock_path(path))
        try:
            lock.acquire()
        except LockedError:
            raise DataFileError(path, t("data.locked", path=path)) from None
        except OSError as error:
            raise DataFileError(path, t("data.unreadable", path=path, error=os_error_text(error))) from None
        return lock

    def release(self, run_id: str) -> None:
        lock = self._locks.pop(run_id, None)
        if lock is not None:
            lock.release()

    def resolve_run_id(self, ref: str | None, *, last: bool = False, class_id: str | None = None) -> str:
        runs = self.runs(class_id)
        if last or ref is None:
            if not runs:
                raise KeyError("")
            return runs[-1].run_id
        if any(r.run_id == ref for r in runs):
            return ref
        matches = [r.run_id for r in runs if r.run_id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(ref)
