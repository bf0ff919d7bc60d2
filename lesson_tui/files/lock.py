"""An exclusive lock on a run, so two windows never write the same lesson file.

The lock is an OS file lock on a held-open file (fcntl on POSIX, msvcrt on Windows): the
operating system drops it when the process ends, even after a crash or kill, so a stale
lock can never keep a teacher out of their own lesson.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import BinaryIO


class LockedError(Exception):
    pass


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: BinaryIO | None = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock; with `wait`, retry for up to that many seconds."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self._try_acquire()
                return
            except LockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.005)

    def _try_acquire(self) -> None:
        # 0600: the lock file sits beside the pupils' data and is as private as it
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        handle = os.fdopen(fd, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise LockedError(str(self.path)) from None
        self._handle = handle

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
