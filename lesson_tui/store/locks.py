"""The locks of the data folder: which file one process is changing (see `files/lock.py`).

    index.lock                the runs index, held for one read-change-write (waits 5 s)
    locks/classes__<slug>.lock       a class file, held for one change (waits 5 s)
    locks/settings__<device>.lock    this PC's settings file, held for one change (waits 5 s)
    locks/runs__<year>__<run>.lock   a lesson run, held as long as the lesson is open here
    locks/runs__<year>__<run>.w<k>.lock   a co-writer's file, held as long as it is written here

They are in this PC's state folder (`layout.pc_dir`), never in the data folder: an OS lock
guards against another window on this PC only, and a lock file a sync engine carries to
another PC is one more file two PCs write.

Who holds a lock, and for how long, is decided here only; each kind of file says what a
busy lock means to the teacher in its own words.
"""

from __future__ import annotations

from pathlib import Path

from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.lock import FileLock, LockedError
from lesson_tui.files.storage import DataFileError, SaveError
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.store import layout

WAIT_SECONDS = 5.0  # a short change (the index, a class file) by another window


def index_lock(root: Path) -> FileLock:
    """The index lock: another window writing its line holds it for milliseconds."""
    path = layout.index_path(root)
    lock = FileLock(layout.index_lock_path(root))
    try:
        lock.acquire(wait=WAIT_SECONDS)
    except LockedError:
        raise SaveError(path, t("data.index_busy", path=path)) from None
    except OSError as error:
        raise SaveError(path, t("data.cannot_save", path=path, reason=os_error_text(error))) from None
    return lock


def class_lock(root: Path, path: Path) -> FileLock:
    """A class file's lock, for one change to it."""
    lock = FileLock(layout.lock_path(root, path))
    try:
        lock.acquire(wait=WAIT_SECONDS)
    except LockedError:
        raise ClassListError(t("class.busy", path=path)) from None
    except OSError as error:
        raise ClassListError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
    return lock


def settings_lock(root: Path, path: Path) -> FileLock:
    """This PC's settings file's lock, for one change to it."""
    lock = FileLock(layout.lock_path(root, path))
    try:
        lock.acquire(wait=WAIT_SECONDS)
    except LockedError:
        raise SaveError(path, t("settings.busy", path=path)) from None
    except OSError as error:
        raise SaveError(path, t("data.cannot_save", path=path, reason=os_error_text(error))) from None
    return lock


def run_lock(root: Path, path: Path) -> FileLock:
    """A lesson run's lock: taken at once or not at all (the lesson is open elsewhere)."""
    lock = FileLock(layout.lock_path(root, path))
    try:
        lock.acquire()
    except LockedError:
        raise DataFileError(path, t("data.locked", path=path)) from None
    except OSError as error:
        raise DataFileError(path, t("data.unreadable", path=path, error=os_error_text(error))) from None
    return lock


def writer_lock(root: Path, path: Path) -> FileLock | None:
    """A co-writer's file's lock, taken at once, held as long as this PC writes that file:
    None when another window of this PC writes it (that window takes the next number)."""
    lock = FileLock(layout.lock_path(root, path))
    try:
        lock.acquire()
    except LockedError:
        return None
    except OSError as error:
        raise DataFileError(path, t("data.unreadable", path=path, error=os_error_text(error))) from None
    return lock


class HeldRunLocks:
    """The lesson runs this process has open, each under its lock until released."""

    def __init__(self) -> None:
        self._locks: dict[str, FileLock] = {}

    def hold(self, run_id: str, lock: FileLock) -> None:
        self._locks[run_id] = lock

    def release(self, run_id: str) -> None:
        """The run's lock, and those of the co-writers' files it has open (`<run>#<k>`)."""
        for key in [key for key in self._locks if key == run_id or key.startswith(f"{run_id}#")]:
            self._locks.pop(key).release()
