"""A teacher's data folder opened read-only: what the school view (the zorgcoördinator's PC,
`lesson-tui school`) reads of every teacher's synced folder.

Nothing here writes, creates or locks anything in the folder: no index (the school view
keeps its own cache in its own state folder), no lock, no schema line, no folder made, no
damaged file moved aside, no `devices/` note. The readers are the app's own, opened on a
read-only storage (`files.storage.open_db_read_only`):

- the classes are every device's file of changes folded in their one order (`classlog.fold`),
  started from a class file from before, as `ClassFiles` does;
- a run is its run file and its co-teachers' files (`<run>.w<k>.json`), folded by the same
  `LessonRun` as the teacher's app, read-only as the class board reads one;
- a sync engine's conflict copy or temp file is named, never read; a file that cannot be read
  (half arrived, damaged, a newer version) is named and left out, the rest is read; a run
  that is still arriving is read again when its size or time changes (`RunFile.fingerprint`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lesson_tui.base.clock import Clock
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import DataFileError, open_db_read_only
from lesson_tui.files.synccopies import copy_problem, sync_copy
from lesson_tui.klas.pupils import SchoolClass
from lesson_tui.lesson.run import LessonRun
from lesson_tui.lesson.writers import WRITER_FILE, writers_among
from lesson_tui.store import layout
from lesson_tui.store.classes import LOG_KIND, _Log, class_from_db, log_from_db
from lesson_tui.store.classlog import fold
from lesson_tui.store.device import DEVICE_ID

Fingerprint = tuple[tuple[str, int, int], ...]  # (file name, size, mtime_ns) of a run's files


@dataclass(frozen=True)
class RunFile:
    """One lesson run in a teacher's folder: its main file and what its files were on disk
    when listed (the run file and every co-teacher's file). A run whose fingerprint has not
    changed need not be read again."""

    folder: Path  # its year folder
    name: str
    rel: str  # the path in the data folder, with `/`
    fingerprint: Fingerprint

    @property
    def path(self) -> Path:
        return self.folder / self.name

    @property
    def writers(self) -> tuple[str, ...]:
        """The names of its co-teachers' files, as the listing found them."""
        return tuple(name for name, _, _ in self.fingerprint if name != self.name)


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def run_files(root: Path, problems: list[str]) -> list[RunFile]:
    """Every lesson run of the folder `root`, one `stat` per file (a listing per year folder),
    sorted by path; sync engines' copies are named in `problems`, never read."""
    found: list[RunFile] = []
    for year in sorted(_listing(layout.runs_dir(root)), key=lambda e: e.name):
        if not year.is_dir(follow_symlinks=False):
            continue
        year_dir = Path(year.path)
        entries = [e for e in _listing(year_dir) if e.name.endswith(layout.DATA_FILE)]
        names = frozenset(e.name for e in entries)
        stats: dict[str, tuple[int, int]] = {}
        mains: list[str] = []
        writers: dict[str, list[str]] = {}  # run stem -> its co-writers' file names
        for entry in entries:
            copy = sync_copy(entry.name, names)
            if copy is not None:
                problems.append(copy_problem(year_dir / entry.name, copy, "run"))
                continue
            if ".beschadigd-" in entry.name:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            stats[entry.name] = (info.st_size, info.st_mtime_ns)
            writer = WRITER_FILE.match(entry.name[: -len(layout.DATA_FILE)])  # on the name alone
            if writer is None:
                mains.append(entry.name)
            else:
                writers.setdefault(writer.group("run"), []).append(entry.name)
        for name in sorted(mains):
            stem = name[: -len(layout.DATA_FILE)]
            own = sorted([name, *writers.get(stem, [])])
            fingerprint = tuple((n, *stats[n]) for n in own)
            found.append(RunFile(year_dir, name, f"{layout.RUNS}/{year.name}/{name}", fingerprint))
    return found


def open_run(path: Path, clock: Clock, writers: Iterable[str] | None = None) -> LessonRun:
    """A run and its co-teachers' files, folded read-only; DataFileError (naming the file)
    when it cannot be read now (half arrived: read again when it changes). `writers`: the
    names of the files in the run's folder that may be its co-teachers' (`RunFile.writers`),
    so the folder is not listed again for each run; None: it is."""
    db = open_db_read_only(path, kind="run")
    listed = None if writers is None else writers_among(path, writers)
    try:
        return LessonRun(db, path, clock, writers=listed)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DataFileError(path, t("data.corrupt", path=path, detail=repr(error)), damaged=True) from None


def classes(root: Path, problems: list[str]) -> list[SchoolClass]:
    """The folder's classes as the teacher's app folds them (without the built-in demo
    class, which is nobody's class); files that cannot be read are named in `problems`."""
    folder = layout.classes_dir(root)
    top = sorted(e.name for e in _listing(folder))
    names = frozenset(top)
    starts: dict[str, SchoolClass] = {}
    logs: dict[str, list[_Log]] = {}
    for name in top:
        path = folder / name
        if ".beschadigd-" in name:
            continue
        copy = sync_copy(name, names)
        if copy is not None:
            problems.append(copy_problem(path, copy, "class"))
            continue
        if name.endswith(layout.DATA_FILE) and path.is_file():
            try:
                school_class = class_from_db(path, open_db_read_only(path, kind="class"))
            except DataFileError as error:
                problems.append(str(error))
                continue
            starts.setdefault(school_class.id, school_class)
        elif path.is_dir():
            inner = sorted(e.name for e in _listing(path))
            inner_names = frozenset(inner)
            for file_name in inner:
                log_path = path / file_name
                if not file_name.endswith(layout.DATA_FILE) or ".beschadigd-" in file_name:
                    continue
                copy = sync_copy(file_name, inner_names)
                if copy is not None:
                    problems.append(copy_problem(log_path, copy, "class"))
                    continue
                if not DEVICE_ID.match(log_path.stem):
                    continue
                try:
                    log = log_from_db(log_path, open_db_read_only(log_path, kind=LOG_KIND))
                except DataFileError as error:
                    problems.append(str(error))
                    continue
                logs.setdefault(log.class_id, []).append(log)
    found = []
    for class_id in [*starts, *(c for c in logs if c not in starts)]:
        class_logs = logs.get(class_id, [])
        changes = [change for log in class_logs for change in log.changes]
        folded = fold(class_id, starts.get(class_id), changes, next((log.name for log in class_logs), ""))
        if folded is not None:
            found.append(folded)
    return sorted(found, key=lambda c: c.name.casefold())

