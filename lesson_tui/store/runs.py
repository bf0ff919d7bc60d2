"""The run files (`runs/<year>/<run id>.json`): starting a lesson run, opening one again
(to go on after a crash, or read-only for a report), joining one another device is giving,
and releasing its lock when the lesson is left.

A run file is self-contained: the lesson plan and the pupils are copied into it at the
start, so the index can be rebuilt from the run files and a class file from their pupils.
The teacher's app writes the run file itself, under its lock; a co-teacher's device writes
a file of its own beside it (`<run>.w<k>.json`, see `lesson/writers.py`).
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from lesson_tui.base.clock import to_iso
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import (
    SCHEMA_VERSION,
    DataFileError,
    ReadOnlyJSONStorage,
    WriterFileStorage,
    open_db,
    private_dir,
)
from lesson_tui.klas.pupils import SchoolClass
from lesson_tui.lesson.writers import PAGE_SLOT, join_writer, run_device, takeover_writer, writer_file
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.store import layout
from lesson_tui.store.device import device_id
from lesson_tui.store.folder import DataFolder
from lesson_tui.store.index import RunsIndex
from lesson_tui.store.locks import HeldRunLocks, run_lock, writer_lock

if TYPE_CHECKING:
    from lesson_tui.lesson.run import LessonRun


def _recorder() -> type[LessonRun]:
    """The recorder, imported when a lesson is opened: the home screen lists lessons from
    the index and never needs it (its import and its 30 event classes are a tenth of a start)."""
    from lesson_tui.lesson.run import LessonRun

    return LessonRun


def new_run_id(now: datetime, device: str) -> str:
    """`YYYYMMDD-HHMM-<device>-xxxx`: the device id keeps two PCs' runs apart (runs of
    earlier versions are `YYYYMMDD-HHMM-xxxx`, and are read as they are)."""
    return f"{now:%Y%m%d-%H%M}-{device}-{secrets.token_hex(2)}"


def is_own_run(run_id: str) -> bool:
    """This PC started the run (or an earlier version did, before run ids named a PC)."""
    device = run_device(run_id)
    return device is None or device == device_id()


class RunFiles:
    """The lesson runs of one data folder; `index` says where each one is and hears of
    every start (the run's line is written then)."""

    def __init__(self, folder: DataFolder, index: RunsIndex) -> None:
        self.folder = folder
        self.index = index
        self.locks = HeldRunLocks()

    def _path(self, run_id: str) -> Path:
        doc = self.index.line(run_id)
        if doc is None:
            raise KeyError(run_id)
        relative: str = doc["path"]  # a text: lines without one are not read (`_valid_index_doc`)
        return self.folder.root / relative

    def start_run(
        self,
        school_class: SchoolClass,
        plan: LessonPlan,
        absent: set[str] | None = None,
        rng: random.Random | None = None,
    ) -> LessonRun:
        clock = self.folder.clock
        now = clock.now()
        folder = private_dir(layout.runs_year_dir(self.folder.root, now))
        while True:  # two starts in one minute may draw the same 4 hex: never a second
            run_id = new_run_id(now, device_id())  # lesson in the first one's file
            path = folder / f"{run_id}.json"
            if not path.exists() and self.index.line(run_id) is None:
                break
        pupils = school_class.active_pupils
        info: dict[str, Any] = {
            "run_id": run_id,
            "class": school_class.name,
            "class_id": school_class.id,
            "lesson": plan.to_dict(),
            "pupils": [p.to_doc() for p in pupils],
            "absent": sorted(absent or ()),
            "started_at": to_iso(now),
        }
        lock = run_lock(self.folder.root, path)
        db = open_db(path, kind="run")
        db.table("run").insert(info)
        run = _recorder()(db, path, clock, rng)
        self.locks.hold(run_id, lock)
        self.index.update(run)
        return run

    def open_run(self, run_id: str, rng: random.Random | None = None, *, lock: bool = True) -> LessonRun:
        """Open a run to go on with it (under this PC's lock), or with `lock=False` only to
        read it. A run another PC started is never written here: going on with it is taking
        it over (`take_over`), in this PC's own file beside it."""
        path = self._path(run_id)
        if not is_own_run(run_id):
            return self.take_over(run_id, rng) if lock else self._read_only(path, rng)
        if lock:
            self.locks.hold(run_id, run_lock(self.folder.root, path))
        db = open_db(path, kind="run", create=False)
        try:
            return _recorder()(db, path, self.folder.clock, rng)
        except (KeyError, TypeError, ValueError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None

    def join_run(self, run_id: str, rng: random.Random | None = None, *, writer: int | None = None) -> LessonRun:
        """Join a lesson another device is giving, as a co-writer: the run file is only
        read; this device writes a file of its own beside it (`<run>.w<k>.json`). `writer`
        is this device's number when it has one already (the co-teacher page gives each
        device one, so a reload goes on in the same file). Without one, the number is made
        from this PC's id (`writers.join_writer`): two PCs joining the lesson while apart
        never write one file, and this PC goes on in its own file after a restart; a second
        window here at the same time takes the next slot (each file is held under a lock of
        this PC while it is written). The file is made at the device's first event,
        private and exclusively (see `WriterFileStorage`), so an opened and closed tab
        leaves nothing behind."""
        path = self._path(run_id)
        if writer is not None and writer < 1:
            raise ValueError(f"writer {writer}: 0 is the teacher's own file")
        main = TinyDB(path, storage=ReadOnlyJSONStorage)
        me = device_id()
        lock = None
        if writer is None:
            for slot in range(PAGE_SLOT):
                writer = join_writer(me, slot)
                lock = writer_lock(self.folder.root, writer_file(path, writer))
                if lock is not None:
                    break
            if lock is None:
                raise DataFileError(path, t("data.locked", path=path))
        assert writer is not None
        # the run's id in the meta: a file of another lesson copied in is never folded here
        meta = {"schema": SCHEMA_VERSION, "kind": "run-writer", "run": run_id, "device": me}
        own = TinyDB(writer_file(path, writer), storage=WriterFileStorage, header={"meta": {"1": meta}, "events": {}})
        try:
            if isinstance(own.storage, WriterFileStorage) and own.storage.on_disk:
                own = open_db(writer_file(path, writer), kind="run-writer", create=False)
            run = _recorder()(main, path, self.folder.clock, rng, writer=writer, own=own)
        except (KeyError, TypeError, ValueError) as error:
            if lock is not None:
                lock.release()
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if lock is not None:
            self.locks.hold(f"{run_id}#{writer}", lock)
        return run

    def _read_only(self, path: Path, rng: random.Random | None) -> LessonRun:
        try:
            return _recorder()(TinyDB(path, storage=ReadOnlyJSONStorage), path, self.folder.clock, rng)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None

    def take_over(self, run_id: str, rng: random.Random | None = None) -> LessonRun:
        """Go on here with a lesson another PC started (left open there, or still live
        there: the teacher said so, see `store/presence.py`). That PC's run file is only
        read; this PC writes `<run>.w<n>.json`, its number made from its device id
        (`writers.takeover_writer`), made at its first event. Its events are the teacher's
        (the sporen decision, closing), and every PC's events fold together."""
        path = self._path(run_id)
        me = device_id()
        writer = takeover_writer(me)
        lock = run_lock(self.folder.root, path)
        try:
            main = TinyDB(path, storage=ReadOnlyJSONStorage)
            meta = {"schema": SCHEMA_VERSION, "kind": "run-writer", "run": run_id, "device": me, "takeover": True}
            own_path = writer_file(path, writer)
            own = TinyDB(own_path, storage=WriterFileStorage, header={"meta": {"1": meta}, "events": {}})
            if isinstance(own.storage, WriterFileStorage) and own.storage.on_disk:
                own = open_db(own_path, kind="run-writer", create=False)
            run = _recorder()(main, path, self.folder.clock, rng, writer=writer, own=own, lead=True)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            lock.release()
            raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error))) from None
        except BaseException:
            lock.release()
            raise
        self.locks.hold(run_id, lock)
        return run

    def release(self, run_id: str) -> None:
        """Leave the lesson: its lock goes, another window may open it."""
        self.locks.release(run_id)
