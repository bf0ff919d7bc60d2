"""Where the data lives, and how it is split so one keypress never waits on history.

    DATA/index.json                   runs index: one small doc per lesson run
    DATA/classes/<slug>.json          one file per class: its pupils
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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tinydb import Query

from lesson_tui.classlist import (
    ClassListError,
    ImportedRow,
    Pupil,
    SchoolClass,
    class_slug,
    demo_class,
    merge_class,
    valid_class_name,
)
from lesson_tui.clock import Clock, SystemClock, to_iso
from lesson_tui.i18n import t
from lesson_tui.lessonplan import LessonPlan
from lesson_tui.lock import FileLock, LockedError
from lesson_tui.run import LessonRun
from lesson_tui.storage import (
    SCHEMA_VERSION,
    DataFileError,
    atomic_write_bytes,
    open_db,
    private_dir,
    quarantine,
)


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

    @property
    def miniklas(self) -> int | None:
        return None if self.spoor3 is None else len(self.spoor3)

    @classmethod
    def from_doc(cls, doc: dict) -> "RunSummary":
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
        )


@dataclass(frozen=True)
class ImportResult:
    school_class: SchoolClass
    added: int
    kept: int
    archived: int


class DataStore:
    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        self.root = private_dir(Path(root))
        self.clock = clock or SystemClock()
        self.problems: list[str] = []
        self._index = None
        self._locks: dict[str, FileLock] = {}

    # --- index --------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.root / "index.json"

    def _stamp(self) -> str:
        return self.clock.now().strftime("%Y%m%d-%H%M%S")

    @property
    def index(self):
        if self._index is None:
            try:
                self._index = open_db(self.index_path, kind="index")
            except DataFileError as error:
                moved = quarantine(self.index_path, self._stamp())
                self.problems.append(t("data.index_rebuilt", error=str(error), moved=moved.name))
                self._index = open_db(self.index_path, kind="index")
                self._rebuild_index()
        return self._index

    def _rebuild_index(self) -> None:
        docs = []
        for path in sorted((self.root / "runs").glob("*/*.json")):
            try:
                run = LessonRun(open_db(path, kind="run", create=False), path, self.clock)
                docs.append(self._run_doc(run))
            except DataFileError as error:
                self.problems.append(str(error))
            except (KeyError, TypeError, ValueError) as error:
                self.problems.append(t("data.corrupt", path=path, detail=repr(error)))
        if docs:
            self._index.table("runs").insert_multiple(docs)

    def runs(self, class_name: str | None = None) -> list[RunSummary]:
        table = self.index.table("runs")
        docs = table.all() if class_name is None else table.search(Query()["class"] == class_name)
        return sorted((RunSummary.from_doc(d) for d in docs), key=lambda r: r.started_at)

    def unfinished_runs(self) -> list[RunSummary]:
        """Open lessons, newest first (a search: the home screen asks this at every start)."""
        docs = self.index.table("runs").search(Query().status == "open")
        return sorted((RunSummary.from_doc(d) for d in docs), key=lambda r: r.started_at, reverse=True)

    def update_run_summary(self, run: LessonRun) -> None:
        """Write the run's line in the index (at start, at the sporen decision, at close)."""
        self.index.table("runs").upsert(self._run_doc(run), Query().run_id == run.run_id)

    def _run_doc(self, run: LessonRun) -> dict:
        """The run's line in the index: enough for lists, history and the stigma guard
        without opening the run file."""
        split = run.sporen
        return {
            "run_id": run.run_id,
            "class": run.class_name,
            "lesson_id": run.plan.id,
            "titel": run.plan.titel,
            "vak": run.plan.vak,
            "started_at": run.info["started_at"],
            "status": "closed" if run.closed else "open",
            "closed_at": to_iso(run.state.closed_at) if run.state.closed_at else None,
            "spoor3": run.miniklas if split is not None else None,
            "sizes": [sum(1 for v in split.values() if v["spoor"] == n) for n in (1, 2, 3)] if split else None,
            "path": run.path.relative_to(self.root).as_posix(),
        }

    def split_runs(self, class_name: str, vak: str | None = None) -> list[RunSummary]:
        """This class's lessons that ended in a sporen split (of one subject), oldest first."""
        return [r for r in self.runs(class_name) if r.spoor3 is not None and (vak is None or r.vak == vak)]

    def spoor3_history(self, run: LessonRun, limit: int = 5) -> list[set[str]]:
        """Spoor-3 pupils of this class's last `limit` split lessons of the same subject
        before `run`, oldest first: the stigma guard's evidence."""
        earlier = [
            r
            for r in self.split_runs(run.class_name, run.plan.vak)
            if r.run_id != run.run_id and r.started_at <= run.info["started_at"]
        ]
        return [set(r.spoor3 or ()) for r in earlier[-limit:]]

    # --- classes ------------------------------------------------------------------

    @property
    def classes_dir(self) -> Path:
        return private_dir(self.root / "classes")

    def classes(self) -> list[SchoolClass]:
        found: dict[str, SchoolClass] = {}
        for path in sorted(self.classes_dir.glob("*.json")):
            try:
                school_class = self._read_class(path)
            except DataFileError as error:
                if str(error) not in self.problems:
                    self.problems.append(str(error))
                continue
            found[school_class.name] = school_class
        demo = demo_class()
        if demo.name not in found:
            found[demo.name] = demo
        return sorted(found.values(), key=lambda c: (c.builtin, c.name.casefold()))

    def get_class(self, name: str) -> SchoolClass | None:
        wanted = name.strip().casefold()
        return next((c for c in self.classes() if c.name.casefold() == wanted), None)

    def _read_class(self, path: Path) -> SchoolClass:
        db = open_db(path, kind="class", create=False)
        info = db.table("class").get(doc_id=1)
        if info is None:
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")))
        try:
            pupils = [Pupil.from_doc(doc) for doc in db.table("pupils").all()]
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None
        return SchoolClass(str(info["name"]), pupils)

    def import_class(self, name: str, rows: list[ImportedRow]) -> ImportResult:
        name = " ".join(name.split())
        if not valid_class_name(name):
            raise ClassListError(t("class.bad_class_name", name=name))
        path = self.classes_dir / f"{class_slug(name)}.json"
        existing: list[Pupil] = []
        if path.exists():
            try:
                current = self._read_class(path)
                if current.name.casefold() != name.casefold():
                    raise ClassListError(t("class.slug_clash", name=name, other=current.name))
                existing = current.pupils
            except DataFileError as error:
                moved = quarantine(path, self._stamp())
                self.problems.append(t("data.class_moved", error=str(error), moved=moved.name))
        if not existing:
            demo = demo_class()
            if name.casefold() == demo.name.casefold():
                existing = demo.pupils
        merged = merge_class(existing, rows)
        known = {p.id for p in existing}
        was_active = {p.id for p in existing if p.active}
        added = sum(1 for p in merged if p.active and p.id not in known)
        kept = sum(1 for p in merged if p.active and p.id in known)
        archived = sum(1 for p in merged if not p.active and p.id in was_active)
        # Write the whole class as one new document: one atomic replace.
        document = {
            "meta": {"1": {"schema": SCHEMA_VERSION, "kind": "class"}},
            "class": {"1": {"name": name, "imported_at": to_iso(self.clock.now())}},
            "pupils": {str(i): p.to_doc() for i, p in enumerate(merged, start=1)},
        }
        atomic_write_bytes(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        return ImportResult(SchoolClass(name, merged), added, kept, archived)

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
        folder = private_dir(self.root / "runs" / f"{now:%Y}")
        path = folder / f"{run_id}.json"
        pupils = school_class.active_pupils
        info = {
            "run_id": run_id,
            "class": school_class.name,
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

    def _lock(self, path: Path) -> FileLock:
        lock = FileLock(path.with_suffix(".lock"))
        try:
            lock.acquire()
        except LockedError:
            raise DataFileError(path, t("data.locked", path=path)) from None
        return lock

    def release(self, run_id: str) -> None:
        lock = self._locks.pop(run_id, None)
        if lock is not None:
            lock.release()

    def resolve_run_id(self, ref: str | None, *, last: bool = False, class_name: str | None = None) -> str:
        runs = self.runs(class_name)
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
