"""Following a live lesson from another process (the class board), read-only.

A `RunFollower` opens the run file of the lesson being taught without taking its lock and
without ever writing; `poll()` costs one `stat` when nothing changed and folds only the new
events when something did, with the same fold (`RunState.apply`) as the teacher's app. Which
lesson to follow: the one asked for, else the open lesson whose file changed last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB

from lesson_tui.base.clock import Clock
from lesson_tui.files.storage import DataFileError, ReadOnlyJSONStorage
from lesson_tui.lesson.run import LessonRun
from lesson_tui.store.datastore import DataStore, RunSummary


def open_run_read_only(path: Path, clock: Clock) -> LessonRun:
    db = TinyDB(path, storage=ReadOnlyJSONStorage)
    try:
        return LessonRun(db, path, clock)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DataFileError(path, str(error), damaged=True) from None


def live_run(store: DataStore, run_id: str | None = None) -> RunSummary | None:
    """The lesson to follow: `run_id` (or a unique prefix), else the open lesson whose run
    file was written last (the one a teacher is giving now)."""
    if run_id is not None:
        try:
            wanted = store.resolve_run_id(run_id)
        except KeyError:
            return None
        return next((r for r in store.runs() if r.run_id == wanted), None)
    best, best_mtime = None, -1
    for summary in store.unfinished_runs():
        try:
            mtime = (store.root / summary.path).stat().st_mtime_ns
        except OSError:
            continue
        if mtime > best_mtime:
            best, best_mtime = summary, mtime
    return best


POLL_SECONDS = 0.1  # how often a follower (the class board) looks at the run file
RESCAN_EVERY = 10  # polls between looks for a newer live lesson (once a second at 0.1 s)


@dataclass
class FollowResult:
    changed: bool
    switched: bool = False


class RunFollower:
    """Follows one data directory's live lesson; `run` is None while there is none."""

    def __init__(self, store: DataStore, run_id: str | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self.run: LessonRun | None = None
        self.problem: str | None = None
        self._polls = 0

    def poll(self) -> FollowResult:
        """Fold what is new; switch to a newer live lesson when not pinned to one."""
        if self.run is None:
            return self._find()
        try:
            changed = self.run.catch_up() > 0  # one stat per file when nothing changed
        except DataFileError as error:
            self.problem = str(error)  # keep showing the last good state
            return FollowResult(False)
        self._polls += 1
        # another lesson may have started (the teacher switched class): look now and then,
        # at once when this one has ended; an ended lesson stays on the board till then
        if self.run_id is None and (self.run.closed or self._polls % RESCAN_EVERY == 0):
            found = self._find()
            if found.switched:
                return found
        return FollowResult(changed)

    def _find(self) -> FollowResult:
        summary = live_run(self.store, self.run_id)
        if summary is None or (self.run is not None and summary.run_id == self.run.run_id):
            return FollowResult(False)
        try:
            self.run = open_run_read_only(self.store.root / summary.path, self.store.clock)
            self.problem = None
        except DataFileError as error:
            self.problem = str(error)
            return FollowResult(False)
        return FollowResult(True, switched=True)
