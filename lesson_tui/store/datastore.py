"""Where the data lives, and how it is split so one keypress never waits on history.

    DATA/classes/<slug>/<device>.json one file per class and PC: that PC's changes to it
    DATA/classes/<slug>.json          a class file from before (read, never written)
    DATA/runs/<year>/<run_id>.json    one file per lesson run: its info and event log
    DATA/settings/<device>.json       per class: niet samen, the seating plan, vooraan (each PC's changes)
    DATA/instellingen.json            the settings as versions before wrote them (read, never written)
    DATA/devices/<device id>.json     which PC wrote here, and when (`store/devices.py`)
    PC/<folder key>/index.json        runs index: one small doc per lesson run (this PC's)
    PC/<folder key>/locks/, cache/    the locks, the lesson cache, settings.json, coteach.json
    PC/device.json                    this PC's device id (in every run id it starts)
    PC/<folder key>/written/          what this PC last wrote in each of its own files (`identity`)

DATA is synced between the teacher's PCs; PC is this PC's state folder (`layout.pc_dir`,
`LESSON_TUI_STATE`), never synced: what belongs to one PC never travels to another.

The live lesson writes only its own run file (tens of KB), so the cost of a mark does not
grow with the years of history beside it. The index is written at a run's start, at the
sporen decision and at its close. Every run file is self-contained (lesson plan and pupils
are copied into it), so the index can be rebuilt from the run files if it is ever lost.

`DataStore` is the one door to the folder; each kind of file has its own module behind it:

    store/index.py     the runs index (`RunsIndex`, `RunSummary`): a cache of the run files
    store/classes.py   the class files (`ClassFiles`): import, re-import, one pupil at a time
    store/runs.py      the run files (`RunFiles`): start, open, join, release
    store/locks.py     the locks: the index's, a class file's, a run's (held while open)
    store/layout.py    every file and folder name, the data folder's and this PC's
    store/device.py    this PC's device id; store/identity.py: a clone of it found, a new id
    store/settings.py  the classes' settings (each PC's changes, folded by store/settingslog.py)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lesson_tui.base.clock import Clock, SystemClock
from lesson_tui.files.storage import private_dir, shared_dir_warning
from lesson_tui.klas.classimport import ImportedRow
from lesson_tui.klas.pupils import Pupil, SchoolClass
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.store import layout
from lesson_tui.store.classes import ClassFiles, ClassStamp, ImportResult, import_summary
from lesson_tui.store.device import device_id
from lesson_tui.store.devices import note_this_device
from lesson_tui.store.folder import DataFolder
from lesson_tui.store.index import RunsIndex, RunSummary
from lesson_tui.store.presence import Elsewhere, elsewhere
from lesson_tui.store.runs import RunFiles, is_own_run
from lesson_tui.store.settings import Settings

if TYPE_CHECKING:  # made by `RunFiles` when a lesson opens, not imported at start
    from lesson_tui.lesson.run import LessonRun

__all__ = ["DataStore", "Elsewhere", "ImportResult", "RunSummary", "import_summary"]

T = TypeVar("T")


class DataStore:
    """One data folder: its classes, its lesson runs and their index. Every caller goes
    through here; the work is done by `RunsIndex`, `ClassFiles` and `RunFiles`."""

    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        root = Path(root)
        existed = root.is_dir()
        self.folder = DataFolder(private_dir(root), clock or SystemClock())
        if existed:
            warning = shared_dir_warning(self.folder.root)
            if warning:
                self.folder.problems.append(warning)
        from lesson_tui.store.identity import check

        cloned = check(self.folder.root)  # before anything is written under this PC's id
        if cloned:
            self.folder.problems.append(cloned)
        self.runs_index = RunsIndex(self.folder)
        self.class_files = ClassFiles(self.folder, self.runs_index)
        self.run_files = RunFiles(self.folder, self.runs_index)

    @property
    def root(self) -> Path:
        return self.folder.root

    @property
    def clock(self) -> Clock:
        return self.folder.clock

    @property
    def problems(self) -> list[str]:
        """What was found wrong while reading the folder, one line each, said once."""
        return self.folder.problems

    def settings(self) -> Settings:
        """The settings (this PC's and every class's), read now; what was wrong in their files
        (another PC's settings file half arrived, say) joins `problems`, said once."""
        settings = Settings(self.root, self.clock)
        for problem in settings.problems:
            self.folder.add_problem(problem)
        return settings

    @property
    def exports_dir(self) -> Path:
        """Where exports made in the app go (private, like the rest of the data)."""
        return private_dir(layout.exports_dir(self.root))

    def note_writing(self) -> None:
        """This PC is about to change the data folder: its `devices/` file says so."""
        note_this_device(self.root, self.clock)

    # --- the runs index ------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.runs_index.path

    def runs(self, class_id: str | None = None) -> list[RunSummary]:
        """Every lesson run, or one class's (by its id, whatever it was called then)."""
        return self.runs_index.runs(class_id)

    def runs_derived(self, key: object, make: Callable[[], T]) -> T:
        """`make()`, kept under `key` until the runs index changes (`RunsIndex.derived`)."""
        return self.runs_index.derived(key, make)

    def kept_on_disk(self, name: str, digest: str) -> Any:
        """What was kept under `name` for `digest` (`RunsIndex.kept_on_disk`), or None."""
        return self.runs_index.kept_on_disk(name, digest)

    def keep_on_disk(self, name: str, digest: str, doc: object) -> None:
        self.runs_index.keep_on_disk(name, digest, doc)

    def unfinished_runs(self) -> list[RunSummary]:
        """Open lessons, newest first."""
        return self.runs_index.unfinished_runs()

    def refresh_run_summaries(self, summaries: list[RunSummary]) -> None:
        """Read these runs' index lines again from their run files (a damaged summary)."""
        self.runs_index.refresh(summaries)

    def update_run_summary(self, run: LessonRun) -> None:
        """Write the run's line in the index (at start, at the sporen decision, at close)."""
        self.runs_index.update(run)

    def recent_pairs(self, run: LessonRun, lessons: int = 3) -> dict[frozenset[str], int]:
        """Who worked with whom in this class's last lessons with groups: pair -> how often."""
        return self.runs_index.recent_pairs(run, lessons)

    def split_runs(self, class_id: str, vak: str | None = None) -> list[RunSummary]:
        """This class's lessons that ended in a sporen split (of one subject), oldest first."""
        return self.runs_index.split_runs(class_id, vak)

    def spoor3_history(self, run: LessonRun, limit: int = 5) -> list[set[str]]:
        """Spoor-3 pupils of this class's last `limit` split lessons before `run`."""
        return self.runs_index.spoor3_history(run, limit)

    def resolve_run_id(self, ref: str | None, *, last: bool = False, class_id: str | None = None) -> str:
        return self.runs_index.resolve_run_id(ref, last=last, class_id=class_id)

    # --- classes ------------------------------------------------------------------

    @property
    def classes_dir(self) -> Path:
        return self.class_files.dir

    def classes_stamp(self) -> ClassStamp:
        """Changes when a class file is added, changed or removed (another window)."""
        return self.class_files.stamp()

    def classes(self) -> list[SchoolClass]:
        return self.class_files.classes()

    def class_by_id(self, class_id: str) -> SchoolClass | None:
        return self.class_files.class_by_id(class_id)

    def get_class(self, name: str) -> SchoolClass | None:
        """The class of this name (any capitals): for the command line."""
        return self.class_files.get_class(name)

    def import_class(self, name: str, rows: list[ImportedRow]) -> ImportResult:
        """Import (or re-import) a class list: pupils still on it keep their ids."""
        self.note_writing()
        return self.class_files.import_class(name, rows)

    def add_pupil(self, class_id: str, first_name: str, last_name: str = "", number: int | None = None) -> Pupil:
        self.note_writing()
        return self.class_files.add_pupil(class_id, first_name, last_name, number)

    def rename_pupil(self, class_id: str, pupil_id: str, first_name: str, last_name: str = "") -> Pupil:
        self.note_writing()
        return self.class_files.rename_pupil(class_id, pupil_id, first_name, last_name)

    def archive_pupil(self, class_id: str, pupil_id: str) -> Pupil:
        self.note_writing()
        return self.class_files.archive_pupil(class_id, pupil_id)

    # --- runs ---------------------------------------------------------------------

    def start_run(
        self,
        school_class: SchoolClass,
        plan: LessonPlan,
        absent: set[str] | None = None,
        rng: random.Random | None = None,
    ) -> LessonRun:
        self.note_writing()
        return self.run_files.start_run(school_class, plan, absent, rng)

    def open_run(self, run_id: str, rng: random.Random | None = None, *, lock: bool = True) -> LessonRun:
        """Open a run to go on with it, or (`lock=False`) to read it; another PC's run is
        gone on with in this PC's own file (`RunFiles.take_over`)."""
        if lock and not is_own_run(run_id):
            self.note_writing()
        return self.run_files.open_run(run_id, rng, lock=lock)

    def elsewhere(self, summary: RunSummary) -> Elsewhere | None:
        """An open run another PC wrote last: live there, or left open there (see
        `store/presence.py`); None when it is this PC's to go on with."""
        if summary.status != "open":
            return None
        return elsewhere(self.root, self.root / summary.path, summary.run_id, self.clock.now(), device_id())

    def join_run(self, run_id: str, rng: random.Random | None = None, *, writer: int | None = None) -> LessonRun:
        """Join a lesson another device is giving, as a co-writer (see `RunFiles.join_run`)."""
        self.note_writing()
        return self.run_files.join_run(run_id, rng, writer=writer)

    def release(self, run_id: str) -> None:
        self.run_files.release(run_id)
