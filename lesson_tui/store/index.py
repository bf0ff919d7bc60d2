"""The runs index (`index.json`): one small line per lesson run, so lists, history and the
stigma guard never open the run files. It is a cache: every run file is self-contained, so
a lost or damaged index is rebuilt from them. It is this PC's (`layout.index_path`: in the
state folder, never synced); an index earlier versions kept in the data folder is never
read, and removed once this PC's own is written (see `_create`).

Because each PC has its own index, a run file that a sync engine brings from another PC (a
new lesson, or one closed there) is found by the index itself: each line remembers the size
and time of the run file it was read from (`file`), and when a runs folder changed since the
index last looked, the run files that are new or changed are read again (`_catch_up`).

Several windows may use one data folder (the home screen in one, a lesson in another). The
index is therefore never written from a copy in memory: every write takes the index lock,
re-reads the file and changes only its own line. Reads notice a change on disk (size and
mtime) and re-read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from lesson_tui.base import jsonread
from lesson_tui.base.clock import from_iso, to_iso
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import (
    AtomicJSONStorage,
    DataFileError,
    ReadError,
    atomic_write_bytes,
    open_db,
    private_dir,
    quarantine,
    read_limited,
)
from lesson_tui.files.synccopies import copy_problem, sync_copy
from lesson_tui.klas.pupils import legacy_class_id
from lesson_tui.lesson.writers import WRITER_FILE, writer_files
from lesson_tui.store import layout
from lesson_tui.store.folder import DataFolder
from lesson_tui.store.locks import index_lock

if TYPE_CHECKING:  # the recorder and the rules are imported when a run file is read, or a
    # goal summary, not at every start (docs/ARCHITECTURE.md, "What a start costs")
    from lesson_tui.lesson.run import LessonRun
    from lesson_tui.rules.mastery import EvidenceTuple

IndexDoc = dict[str, Any]  # one line of the index, as JSON
T = TypeVar("T")
DERIVED_LIMIT = 64 * 1024 * 1024  # a derived file larger than this is not read (made again)
# The version of a line's goal summary (`goal_summary`): a line with another (or none, written
# before goals) is read again from its run file once, so the goal grid never opens a run file.
GOAL_SUMMARY_VERSION = 3
FileStamp = list[int]  # a run file's [size, mtime_ns], as a line keeps it


def file_stamp(path: Path | os.DirEntry[str]) -> FileStamp | None:
    """A file's [size, mtime_ns]; of an entry a folder's listing gave, too (on Windows its
    stat needs no look at the file), None when it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


Listed = Path | os.DirEntry[str]  # a file by its path, or as a folder's listing gave it


def run_stamp(path: Listed, writers: list[Listed] | None = None) -> FileStamp | None:
    """A run's stamp: its file's, then each writer file's beside it (`writers`, when the
    caller listed them; by name, as they are all in one folder): a co-teacher's or a
    takeover's events (a lesson closed on the PC that took it over) change the run's line
    too."""
    stamp = file_stamp(path)
    others: list[Listed] = list(writer_files(Path(path)).values()) if writers is None else writers
    for other in sorted(others, key=lambda other: other.name):
        extra = file_stamp(other)
        if stamp is not None and extra is not None:
            stamp += extra
    return stamp


def _folders_stamp(root: Path) -> tuple[tuple[str, int], ...]:
    """Changes when a run file is added or replaced in any runs folder (a folder's time
    changes when a name in it does: every write of ours and of a sync engine is a rename)."""
    runs = layout.runs_dir(root)
    found = []
    for folder in (runs, *sorted(runs.glob("*"))):
        try:
            found.append((folder.name, folder.stat().st_mtime_ns))
        except OSError:
            continue
    return tuple(found)


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
    goal_doc: Any = field(default=None, compare=False, repr=False)  # the line's goal summary, JSON text

    @cached_property
    def goal(self) -> GoalLine | None:
        """What the run showed on its goals (None: not known yet); read when first asked,
        so the lists that never ask (home, history) do not pay for it."""
        return GoalLine.from_doc(self.goal_doc, self.started_at)

    @property
    def miniklas(self) -> int | None:
        return None if self.spoor3 is None else len(self.spoor3)

    @classmethod
    def from_doc(cls, doc: IndexDoc) -> RunSummary:
        lesson_id: str = doc["lesson_id"]  # the fields `_valid_index_doc` checks are texts
        return cls(
            run_id=doc["run_id"],
            class_name=doc["class"],
            lesson_id=lesson_id,
            titel=doc.get("titel", lesson_id),
            vak=doc.get("vak", ""),
            started_at=doc["started_at"],
            status=doc.get("status", "open"),
            closed_at=doc.get("closed_at"),
            path=doc["path"],
            spoor3=tuple(doc["spoor3"]) if doc.get("spoor3") is not None else None,
            sizes=tuple(doc["sizes"]) if doc.get("sizes") is not None else None,
            groups=tuple(tuple(g) for g in doc.get("groups") or () if isinstance(g, list)),
            class_id=doc.get("class_id") or legacy_class_id(doc["class"]),
            goal_doc=doc.get("goal") if doc.get("goal_v") == GOAL_SUMMARY_VERSION else None,
        )


@dataclass(frozen=True)
class GoalLine:
    """One run's summary for the goal grid (`session/goals.py`), kept in its index line:
    the goals the lesson served, its thresholds, who was there, and per pupil with evidence
    (`LessonRun.goal_evidence`) the points, weight and answers, in three lists beside the
    pupils' (so reading 2,000 lines converts no number), and the miniklas seconds."""

    goals: tuple[str, ...]
    from_title: bool
    beheersing: float
    ondersteuning: float
    present: frozenset[str]
    pupils: list[str]  # the pupils with evidence, and per pupil:
    points: list[float]
    weights: list[float]
    answers: list[int]
    miniklas_s: dict[str, int]
    day: float  # when the lesson was, as the mastery rule reads it (`mastery.day_of`)

    @cached_property
    def evidence(self) -> dict[str, tuple[float, float, int]]:
        """pupil -> (points, weight, answers), for a cell's detail."""
        return {pid: (p, w, n) for pid, p, w, n in zip(self.pupils, self.points, self.weights, self.answers, strict=True)}

    def lessons(self) -> Iterator[tuple[str, EvidenceTuple]]:
        """(pupil, the mastery rule's input) per pupil with evidence."""
        day, high, low = self.day, self.beheersing, self.ondersteuning
        for pid, points, weight in zip(self.pupils, self.points, self.weights, strict=True):
            yield pid, (day, points, weight, high, low)

    @classmethod
    def from_doc(cls, text: object, started_at: str) -> GoalLine | None:
        """The line's goal summary (JSON text, see `goal_summary`); None when there is none
        or it cannot be read. The lists are checked whole (their types at once), never
        converted number by number."""
        if not isinstance(text, str):
            return None
        try:
            return cls.from_parsed(jsonread.loads(text), started_at)
        except ValueError:
            return None

    @classmethod
    def from_parsed(cls, doc: object, started_at: str) -> GoalLine | None:
        """`from_doc` after the JSON text was read."""
        from lesson_tui.rules.mastery import day_of

        if not isinstance(doc, dict):
            return None
        try:
            # who was there: the pupils with evidence, and "x" the others present
            ev, mk, present = doc["ev"], doc["mk"], doc["x"]
            pupils, points, weights, answers = ev["p"], ev["pt"], ev["w"], ev["n"]
            lists = (pupils, points, weights, answers, present)
            if not all(type(x) is list for x in lists) or not len(pupils) == len(points) == len(weights) == len(answers):
                return None
            if not (set(map(type, pupils)) | set(map(type, present))) <= {str}:
                return None
            if not (set(map(type, points)) | set(map(type, weights)) | set(map(type, answers))) <= {int, float}:
                return None
            if not isinstance(mk, dict) or not all(isinstance(v, int) for v in mk.values()):
                return None
            return cls(
                tuple(str(g) for g in doc["ids"]),
                bool(doc.get("from_title")),
                float(doc["b"]),
                float(doc["o"]),
                frozenset(pupils) | frozenset(present),
                pupils,
                points,
                weights,
                answers,
                {str(pid): v for pid, v in mk.items()},
                day_of(from_iso(started_at)),
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None


def read_goal_lines(summaries: list[RunSummary]) -> None:
    """Read the goal summaries of many lines at once (one JSON parse for all of them, the
    goal grid's first open); each `RunSummary.goal` then answers from it."""
    waiting = [r for r in summaries if "goal" not in r.__dict__ and isinstance(r.goal_doc, str)]
    if not waiting:
        return
    try:
        parsed = jsonread.loads("[" + ",".join(r.goal_doc for r in waiting) + "]")
    except ValueError:  # one damaged text: each is read on its own (and that one is None)
        return
    for summary, doc in zip(waiting, parsed, strict=True):
        summary.__dict__["goal"] = GoalLine.from_parsed(doc, summary.started_at)


def goal_summary(run: LessonRun) -> str:
    """The run's goal summary as its index line keeps it (`GoalLine`): one JSON text in the
    line, so reading the index at start-up (which every screen does) only scans past it;
    it is parsed when the goal grid first asks for it."""
    return json.dumps(_goal_summary(run), separators=(",", ":"))


def _goal_summary(run: LessonRun) -> IndexDoc:
    state = run.state
    now = state.closed_at or state.last_event_at or run.started_at
    evidence = run.goal_evidence()
    return {
        "ids": list(run.plan.goal_ids),
        "from_title": run.plan.goal_from_title,
        "b": run.plan.drempels.beheersing,
        "o": run.plan.drempels.ondersteuning,
        "x": [pid for pid in run.present if pid not in evidence],
        "ev": {
            "p": list(evidence),
            "pt": [round(e.points, 4) for e in evidence.values()],
            "w": [round(e.weight, 4) for e in evidence.values()],
            "n": [e.answers + len(e.weighted) for e in evidence.values()],
        },
        "mk": run.miniklas_seconds(now),
    }


def _lines(db: TinyDB) -> list[IndexDoc]:
    """The index's lines as they were read, to look at, never to change (TinyDB's `all()`
    and `search()` copy each of a few thousand lines into a `Document` at every look: at
    start that was done three times, 10 ms each on a classroom-sized PC)."""
    tables = db.storage.read() or {}
    runs = tables.get("runs")
    return list(runs.values()) if isinstance(runs, dict) else []


def _put_lines(db: TinyDB, docs: list[IndexDoc]) -> None:
    """Write these lines, each over its run's line or as a new one, in one write of the
    file (two when some lines change and some are new). TinyDB's `upsert` wrote the whole
    index twice for each new line (an update that matched nothing, then an insert), and
    once per line for a catch-up of many: a hundred lessons arriving from another PC were
    two hundred writes of the whole index."""
    table = db.table("runs")
    stored = (db.storage.read() or {}).get("runs")
    ids: dict[object, list[int]] = {}
    for key, line in (stored.items() if isinstance(stored, dict) else ()):
        ids.setdefault(line.get("run_id") if isinstance(line, dict) else None, []).append(int(key))
    changed = {doc["run_id"]: doc for doc in docs if doc["run_id"] in ids}
    if changed:
        table.update(lambda line: line.update(changed[line["run_id"]]), doc_ids=[i for r in changed for i in ids[r]])
    new = list({doc["run_id"]: doc for doc in docs if doc["run_id"] not in ids}.values())
    if new:
        table.insert_multiple(new)


def _valid_index_doc(doc: IndexDoc) -> bool:
    """A line has the fields every list reads, each a string. class_id: absent in lines
    written before classes had an id (see `legacy_class_id`). Written out, not a loop over a
    table of fields: every line is checked at every start."""
    get = doc.get
    return (
        isinstance(get("run_id"), str)
        and isinstance(get("class"), str)
        and isinstance(get("lesson_id"), str)
        and isinstance(get("started_at"), str)
        and isinstance(get("path"), str)
        and isinstance(get("class_id", ""), str)
    )


def _goal_current(doc: IndexDoc) -> bool:
    return doc.get("goal_v") == GOAL_SUMMARY_VERSION and isinstance(doc.get("goal"), str)


def run_doc(run: LessonRun, root: Path) -> IndexDoc:
    """The run's line in the index: enough for lists, history and the stigma guard
    without opening the run file."""
    from lesson_tui.rules.sporen import spoor_counts, spoor_of_split

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
        "path": run.path.relative_to(root).as_posix(),
        "groups": run.state.groups,
        "goal_v": GOAL_SUMMARY_VERSION,
        "goal": goal_summary(run),
    }


class RunsIndex:
    """The index of one data folder: read (and rebuilt) on demand, written one line at a
    time under its lock."""

    def __init__(self, folder: DataFolder) -> None:
        self.folder = folder
        self._db: TinyDB | None = None
        self._stamp: tuple[int, int, int] | None = None  # the index file's, when `_db` was read or written
        self._folders: tuple[tuple[str, int], ...] | None = None  # the runs folders last looked at
        # run files that could not be read (half arrived, damaged): their stamp then, and
        # the problem said; each is looked at again when it changes, and read once whole
        self._pending: dict[Path, tuple[FileStamp | None, str]] = {}
        self._changes = 0  # counts every change of the index in memory (the summaries' cache key)
        self._summaries: tuple[tuple[int, int, tuple[int, int, int] | None], list[RunSummary]] | None = None
        # what callers made from the summaries (`derived`), kept while the index is unchanged
        self._derived: tuple[tuple[int, int, tuple[int, int, int] | None], dict[object, Any]] | None = None

    @property
    def path(self) -> Path:
        return layout.index_path(self.folder.root)

    def _disk_stamp(self) -> tuple[int, int, int] | None:
        """The index file's size, time and file id. Every write of it (this window's or
        another's, always under the index lock) puts a new file in place: a new id, even
        where size and time come out the same."""
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns, info.st_ino

    def _fresh(self, db: TinyDB) -> TinyDB:
        """Under the index lock: the index as it is on disk. `db` itself while the file is
        the one it was read from, or last written as (its stamp, taken before it was read,
        says so); else the file read again, or `db` when that file is damaged (ours is no
        older). Reading 2,000 lessons' lines again was about a quarter of writing one."""
        if db is self._db and self._stamp is not None and self._disk_stamp() == self._stamp:
            return db
        try:
            return open_db(self.path, kind="index")
        except DataFileError:
            return db

    @property
    def db(self) -> TinyDB:
        """The index as it is on disk now (or in memory, when the file cannot be used)."""
        return self._current()

    def _current(self, writing: IndexDoc | None = None) -> TinyDB:
        """`db`, before `writing` (a line made from its run file as that file is now) is
        written: the catch-up leaves that run to it, instead of reading the file back and
        writing its line twice (a lesson's start, its split and its close each wrote the
        whole index twice and read the run file once more)."""
        stamp = self._disk_stamp()
        if self._db is None or (stamp != self._stamp and isinstance(self._db.storage, AtomicJSONStorage)):
            self._db = self._open()
            # the stamp from before the read: a write meanwhile (or the index made or
            # replaced just now) makes the next look read it again
            self._stamp = stamp
            self._changes += 1
        folders = _folders_stamp(self.folder.root)
        # a file a cloud client writes in place changes no folder's time: a half one is
        # looked at (one stat) until it changes
        if folders != self._folders or any(run_stamp(p) != s for p, (s, _) in self._pending.items()):
            self._folders = folders
            self._catch_up(self._db, writing)
        return self._db

    def _read_run(self, path: Path) -> IndexDoc | None:
        """The line of one run file, read from it (None, and a problem said, when it cannot
        be read: a file still arriving is read again at the next look)."""
        from lesson_tui.lesson.run import LessonRun

        stamp = run_stamp(path)  # before reading: a change meanwhile is seen next time
        try:
            run = LessonRun(open_db(path, kind="run", create=False), path, self.folder.clock)
            doc = {**run_doc(run, self.folder.root), "file": stamp}
        except DataFileError as error:
            # half arrived (a sync in progress) or damaged: one line per file, whatever
            # piece of it is here; never moved, never written (another PC's, most likely)
            self._not_read(path, stamp, t("data.run_incomplete", path=path) if error.damaged else str(error))
        except (KeyError, TypeError, ValueError, AttributeError):
            self._not_read(path, stamp, t("data.run_incomplete", path=path))
        else:
            self._not_read(path, None, None)
            return doc
        return None

    def _not_read(self, path: Path, stamp: FileStamp | None, problem: str | None) -> None:
        """Remember (problem) or forget (None) that a run file could not be read."""
        before = self._pending.pop(path, None)
        if before is not None and before[1] != problem:
            self.folder.drop_problem(before[1])
        if problem is not None:
            self._pending[path] = (stamp, problem)
            self.folder.add_problem(problem)

    def _scan(self) -> list[tuple[Path, str, str, FileStamp | None]]:
        """The main run files, each with its line's key (`run_doc`'s "path") and its stamp
        (`run_stamp`: a co-teacher's file is part of the run beside it), from one listing per
        runs folder; a sync engine's copies are said, never read. The stamps come from the
        listing: on Windows without opening a file (an entry's size and time can lag while a
        program still has the file open: such a file is read again when its folder changes)."""
        root = self.folder.root
        base = layout.runs_dir(root).relative_to(root).as_posix()
        found: list[tuple[Path, str, str, FileStamp | None]] = []  # folder, name, key, stamp
        cut = len(layout.DATA_FILE)
        for folder, entries in layout.run_folders(root):
            names = frozenset(entry.name for entry in entries)
            mains: list[os.DirEntry[str]] = []
            writers: dict[str, list[Listed]] = {}
            for entry in entries:
                if not layout.is_data_entry(entry):
                    continue
                copy = sync_copy(entry.name, names)
                if copy is not None:  # never a second run, never a "damaged" co-writer's file
                    self.folder.add_problem(copy_problem(folder / entry.name, copy, "run"))
                    continue
                match = WRITER_FILE.match(entry.name[:-cut])  # what `is_writer_file` asks
                if match:
                    writers.setdefault(match.group("run") + layout.DATA_FILE, []).append(entry)
                else:
                    mains.append(entry)
            prefix = f"{base}/{folder.name}/"
            for entry in mains:
                stamp = run_stamp(entry, writers.get(entry.name, []))
                found.append((folder, entry.name, prefix + entry.name, stamp))  # no `Path` per file
        return found

    def _run_files(self) -> list[Path]:
        """The main run files (see `_scan`)."""
        return [folder / name for folder, name, _, _ in self._scan()]

    def _catch_up(self, db: TinyDB, writing: IndexDoc | None = None) -> None:
        """Read again the run files that are new or changed since their line was written
        (another PC's lessons, arrived by a sync engine), and write their lines; the run
        of `writing` (see `_current`) counts as known, as long as its file is unchanged."""
        root = self.folder.root
        known = {doc.get("path"): doc.get("file") for doc in _lines(db) if _goal_current(doc)}
        if writing is not None:
            known[writing.get("path")] = writing.get("file")
        docs = []
        found = self._scan()
        if self._pending:
            present = {folder / name for folder, name, _, _ in found}
            for gone in set(self._pending) - present:  # removed (or renamed) meanwhile
                self._not_read(gone, None, None)
        for folder, name, key, stamp in found:
            if known.get(key, False) == stamp:
                continue
            doc = self._read_run(folder / name)
            if doc is not None:
                docs.append(doc)
        if not docs:
            return
        self._changes += 1
        if not isinstance(db.storage, AtomicJSONStorage):
            _put_lines(db, docs)  # in memory only
            return
        try:
            with index_lock(root):
                fresh = self._fresh(db)
                _put_lines(fresh, docs)
                self._db = fresh
                self._stamp = self._disk_stamp()
        except DataFileError as error:  # the index cannot be written now: known in memory
            self.folder.add_problem(str(error))
            _put_lines(db, docs)

    def _open(self) -> TinyDB:
        if not self.path.exists():
            return self._create()
        try:
            db = open_db(self.path, kind="index")
            bad = [doc for doc in _lines(db) if not _valid_index_doc(doc)]
            if bad:
                raise DataFileError(
                    self.path,
                    t("data.corrupt", path=self.path, detail=t("data.index_fields", count=len(bad))),
                    damaged=True,
                )
            return db
        except DataFileError as error:
            return self._replace(error)

    def _create(self) -> TinyDB:
        """No index yet (a new data folder, or one whose index was lost or not synced): made
        from the run files, under the lock, so that a line another window writes meanwhile is
        never replaced by an empty index, and a lost index never hides a lesson."""
        try:
            with index_lock(self.folder.root):
                missing = not self.path.exists()  # another window may have made it meanwhile
                db = open_db(self.path, kind="index")
                if missing:
                    self._rebuild(db)
            self._forget_legacy_index()
            return db
        except DataFileError as error:
            if error.damaged:
                return self._replace(error)
            self.folder.add_problem(t("data.index_unreadable", error=str(error)))
        db = TinyDB(storage=MemoryStorage)
        self._rebuild(db)
        return db

    def _forget_legacy_index(self) -> None:
        """The index an earlier version kept in the data folder: every PC wrote it, so a
        sync engine made conflict copies of it (and each PC then listed only its own
        lessons). It is removed only now that this PC's index is written from the run files,
        so nothing it listed is lost; when it cannot be removed (a read-only folder) it
        stays, and is still never read."""
        try:
            layout.legacy_index_path(self.folder.root).unlink(missing_ok=True)
        except OSError:
            pass

    def _replace(self, error: DataFileError) -> TinyDB:
        """A damaged index is moved aside and rebuilt from the run files; one that cannot
        be read or moved (a read-only folder) is left alone and rebuilt in memory."""
        if error.damaged:
            try:
                with index_lock(self.folder.root):
                    moved = quarantine(self.path, self.folder.stamp())
                    db = open_db(self.path, kind="index")
                    self._rebuild(db)
                self.folder.add_problem(t("data.index_rebuilt", error=str(error), moved=moved.name))
                return db
            except (OSError, DataFileError) as second:
                reason = os_error_text(second) if isinstance(second, OSError) else str(second)
                self.folder.add_problem(t("data.index_in_memory", error=str(error), reason=reason))
        else:
            self.folder.add_problem(t("data.index_unreadable", error=str(error)))
        db = TinyDB(storage=MemoryStorage)
        self._rebuild(db)
        return db

    def _rebuild(self, db: TinyDB) -> None:
        self._folders = _folders_stamp(self.folder.root)  # every run file is read now
        docs = [doc for doc in map(self._read_run, self._run_files()) if doc is not None]
        if docs:
            db.table("runs").insert_multiple(docs)

    def _write_line(self, doc: IndexDoc) -> None:
        """Change this run's line only, on the index as it is on disk now."""
        index = self._current(doc)  # a damaged index is replaced here, before the lock is taken
        self._changes += 1
        if not isinstance(index.storage, AtomicJSONStorage):
            _put_lines(index, [doc])  # in memory only
            return
        with index_lock(self.folder.root):
            fresh = self._fresh(index)
            _put_lines(fresh, [doc])
            self._db = fresh
            self._stamp = self._disk_stamp()

    def update(self, run: LessonRun) -> None:
        """Write the run's line (at start, at the sporen decision, at close)."""
        self._write_line({**run_doc(run, self.folder.root), "file": run_stamp(run.path)})

    def refresh(self, summaries: list[RunSummary]) -> None:
        """Read these runs' lines again from their run files (a goal summary in the index
        that could not be read: the index is a cache, the run file says what happened)."""
        for summary in summaries:
            doc = self._read_run(self.folder.root / summary.path)
            if doc is not None:
                self._write_line(doc)

    def line(self, run_id: str) -> IndexDoc | None:
        """The run's line, None when the index does not know it."""
        return self.db.table("runs").get(Query().run_id == run_id)

    # --- what the index answers -----------------------------------------------------

    def runs(self, class_id: str | None = None) -> list[RunSummary]:
        """Every lesson run, or one class's (by its id, whatever it was called then)."""
        every = self._all_summaries()
        return every if class_id is None else [r for r in every if r.class_id == class_id]

    def version(self) -> tuple[int, int, tuple[int, int, int] | None]:
        """Changes whenever the index does (a line written, another PC's run read, the file
        changed on disk): the key of everything made from its lines. Looks at the disk first."""
        db = self.db
        return (id(db), self._changes, self._stamp)

    def derived(self, key: object, make: Callable[[], T]) -> T:
        """What `make()` made from the index's lines (the goal grid's folded cells), kept
        under `key` until the index changes (`version`), then made again. The index stays
        the cache of the run files; this is a cache of the index, in memory only."""
        version = self.version()
        if self._derived is None or self._derived[0] != version:
            self._derived = (version, {})
        kept = self._derived[1]
        if key in kept:
            found: T = kept[key]
            return found
        made = make()
        if self._derived is not None and self._derived[0] == self.version():  # changed meanwhile: not kept
            self._derived[1][key] = made
        return made

    def kept_on_disk(self, name: str, digest: str) -> Any:
        """What `keep_on_disk` kept under `name` for this `digest` (a hash of everything it
        was made from), None when there is none, it was made from something else, or the
        file cannot be read (it is a cache: made again, never an error)."""
        try:
            doc = jsonread.loads(read_limited(layout.derived_path(self.folder.root, name), DERIVED_LIMIT))
        except (OSError, ReadError, UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(doc, dict) or doc.get("schema") != 1 or doc.get("digest") != digest:
            return None
        return doc.get("doc")

    def keep_on_disk(self, name: str, digest: str, doc: object) -> None:
        """Keep `doc` (JSON) under `name` for the next start of the app (written atomically,
        private; one that cannot be written is simply made again next time)."""
        path = layout.derived_path(self.folder.root, name)
        data = json.dumps({"schema": 1, "kind": "derived", "digest": digest, "doc": doc}, separators=(",", ":"))
        try:
            private_dir(path.parent)
            atomic_write_bytes(path, data.encode("utf-8"))
        except OSError:
            pass

    def _all_summaries(self) -> list[RunSummary]:
        """Every line as a `RunSummary`, oldest first; made again only when the index
        changed (a line written, another PC's run read, the file changed on disk), so the
        goal grid reads each line's goal summary once, not at every open."""
        key = self.version()
        db = self._db
        assert db is not None
        if self._summaries is None or self._summaries[0] != key:
            found = (RunSummary.from_doc(d) for d in _lines(db))
            self._summaries = (key, sorted(found, key=lambda r: r.started_at))
        return list(self._summaries[1])

    def unfinished_runs(self) -> list[RunSummary]:
        """Open lessons, newest first (a search: the home screen asks this at every start)."""
        docs = [doc for doc in _lines(self.db) if doc.get("status") == "open"]
        return sorted(map(RunSummary.from_doc, docs), key=lambda r: r.started_at, reverse=True)

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

    def resolve_run_id(self, ref: str | None, *, last: bool = False, class_id: str | None = None) -> str:
        """A run id from what the teacher typed: the whole id, a unique start of one, or
        the last run (of a class)."""
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
