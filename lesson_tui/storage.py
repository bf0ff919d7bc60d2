"""Crash-safe TinyDB files.

TinyDB's own JSONStorage rewrites its file in place: a crash or power cut mid-write leaves
half a JSON document. `AtomicJSONStorage` writes a temp file beside the target, fsyncs it,
and `os.replace`s it over the old one, so at every moment the file on disk is either the
old or the new complete document. It keeps the last document in memory, so a write costs
one serialisation and one small file write, not a parse as well.

A file that cannot be parsed is never written over: opening it raises DataFileError, which
names the file; `quarantine()` moves it aside so the teacher keeps it for recovery.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from lesson_tui.i18n import t

SCHEMA_VERSION = 1
_POSIX = os.name == "posix"


class DataFileError(Exception):
    """A data file that cannot be used; the message names it, for the teacher."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the user only where the OS supports it."""
    path.mkdir(parents=True, exist_ok=True)
    if _POSIX:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass
    # On Windows the per-user data folder (platformdirs) is already private to the account.
    return path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if _POSIX:
            os.chmod(tmp_name, 0o600)  # mkstemp already does, but be explicit
        _replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    if _POSIX:
        _fsync_dir(path.parent)


def _replace(source: str, target: Path) -> None:
    # Windows: a virus scanner or indexer may hold the target for a moment.
    for attempt in range(20):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 19:
                raise
            time.sleep(0.01 * (attempt + 1))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json_file(path: Path) -> dict[str, Any] | None:
    """The parsed document, None if the file does not exist, DataFileError if unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DataFileError(path, t("data.unreadable", path=path, error=error.strerror or error)) from None
    if not raw.strip():
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.empty")))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(path, t("data.corrupt", path=path, detail=str(error))) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.not_tables")))
    return data


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on every write, document cached in memory."""

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: dict[str, Any] | None = read_json_file(self.path)
        if self._cache is None and not create:
            raise DataFileError(self.path, t("data.missing", path=self.path))

    def read(self) -> dict[str, Any] | None:
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with self._lock:
            try:
                atomic_write_bytes(self.path, payload)
            except BaseException:
                # TinyDB mutated our cached dict before calling write: forget it, so the
                # next read comes from the file that is really on disk.
                self._cache = read_json_file(self.path)
                raise
            self._cache = data

    def close(self) -> None:
        pass


def open_db(path: Path, *, kind: str, create: bool = True) -> TinyDB:
    """Open a TinyDB file of `kind`, checking (or writing) its schema version."""
    db = TinyDB(path, storage=AtomicJSONStorage, create=create)
    meta = db.table("meta")
    doc = meta.get(doc_id=1)
    if doc is None:
        if meta.all():
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")))
        meta.insert({"schema": SCHEMA_VERSION, "kind": kind})
        return db
    schema = doc.get("schema")
    if not isinstance(schema, int) or doc.get("kind") != kind:
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")))
    if schema > SCHEMA_VERSION:
        raise DataFileError(path, t("data.too_new", path=path, version=schema))
    return db


def quarantine(path: Path, clock_stamp: str) -> Path:
    """Move an unusable file aside (never delete it) so a fresh one can take its place."""
    target = path.with_name(f"{path.stem}.beschadigd-{clock_stamp}{path.suffix}")
    os.replace(path, target)
    return target
