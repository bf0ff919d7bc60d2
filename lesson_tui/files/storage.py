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
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from lesson_tui.base import jsonread
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text

SCHEMA_VERSION = 1
_POSIX = os.name == "posix"


class DataFileError(Exception):
    """A data file that cannot be used; the message names it, for the teacher.

    `damaged` is True only when the file's content is unusable (it may be moved aside and
    rebuilt); a file that merely cannot be read now (permissions, a lock) is never moved.
    """

    def __init__(self, path: Path, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.damaged = damaged


class SaveError(DataFileError):
    """Writing a data file failed (disk full, read-only, no permission): nothing changed."""


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the user only where the OS
    supports it. A folder that already exists is left as it is: never widen or narrow the
    rights of a folder the teacher made (see `shared_dir_warning`)."""
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        if _POSIX:
            try:
                os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
            except OSError:
                pass
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)  # raises the right OSError
    # On Windows the per-user data folder (platformdirs) is already private to the account.
    return path


def shared_dir_warning(path: Path) -> str | None:
    """A warning when an existing data folder can be read by other accounts."""
    if not _POSIX:
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & 0o077:
        return t("data.dir_shared", path=path, mode=f"{stat.S_IMODE(mode):o}")
    return None


def flush_to_disk(fd: int) -> None:
    """Wait until what was written to `fd` is on the disk, not only in the system's cache:
    only then does a power cut leave the new file. The one place that calls `os.fsync`
    (the test suite skips it, tests/conftest.py: no test can pull the plug)."""
    os.fsync(fd)


def _write_beside(path: Path, data: bytes) -> str:
    """`data` in a private temp file beside `path`, flushed to disk; its name. Nothing is
    left behind when the write fails."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            flush_to_disk(handle.fileno())
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    return tmp_name


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file."""
    tmp_name = _write_beside(path, data)
    try:
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
        flush_to_disk(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ReadError(Exception):
    """A file that cannot be read as asked; the message is for the teacher."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    A FIFO, a device (/dev/zero) or a folder is refused before it is opened, so a wrong
    path never hangs the program or fills the memory."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise ReadError(t("os.cannot_read", reason=os_error_text(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(t("os.is_dir"))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(t("os.not_regular"))
    if info.st_size > limit:
        raise ReadError(t("os.too_big", size=_megabytes(info.st_size), limit=_megabytes(limit)))
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ReadError(t("os.cannot_read", reason=os_error_text(error))) from None
    if len(data) > limit:
        raise ReadError(t("os.too_big", size=_megabytes(len(data)), limit=_megabytes(limit)))
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


DATA_FILE_LIMIT = 256 * 1024 * 1024


def read_json_file(path: Path) -> dict[str, Any] | None:
    """The parsed document, None if the file does not exist, DataFileError if unusable."""
    try:
        raw = read_limited(path, DATA_FILE_LIMIT)
    except FileNotFoundError:
        return None
    except ReadError as error:
        raise DataFileError(path, t("data.unreadable", path=path, error=error)) from None
    if not raw.strip():
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.empty")), damaged=True)
    try:
        data = jsonread.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise DataFileError(path, t("data.corrupt", path=path, detail=str(error)), damaged=True) from None
    # A TinyDB file is {table: {doc_id: {field: value}}}; anything else would crash later.
    if not isinstance(data, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
    ):
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.not_tables")), damaged=True)
    return data


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def append_document(table: Table, doc: dict[str, Any]) -> int:
    """`table.insert(doc)`, for a table that only grows (a run's events): its id. Through
    `AtomicJSONStorage.append` when the file is one (a mark then serialises one event, not
    the whole file), else through TinyDB. The id is TinyDB's own next one, so an insert
    afterwards continues the count."""
    storage = table.storage
    if type(storage) is not AtomicJSONStorage and not (isinstance(storage, WriterFileStorage) and storage.on_disk):
        return table.insert(doc)
    doc_id: int = table._get_next_id()  # type: ignore[no-untyped-call]  # tinydb's counter (4.x): in step with inserts
    storage.append(table.name, doc_id, dict(doc))
    table.clear_cache()
    return doc_id


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic replace on every write, document cached in memory."""

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: dict[str, Any] | None = read_json_file(self.path)
        self._texts: dict[str, bytes] | None = None  # each table of `_cache` as JSON (see `append`)
        if self._cache is None and not create:
            raise DataFileError(self.path, t("data.missing", path=self.path))

    def read(self) -> dict[str, Any] | None:
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        payload = _dumps(data)
        with self._lock:
            self._texts = None
            try:
                atomic_write_bytes(self.path, payload)
            except BaseException as error:
                # TinyDB mutated our cached dict before calling write: forget it, so the
                # next read comes from the file that is really on disk.
                self._cache = read_json_file(self.path)
                if isinstance(error, OSError):
                    reason = os_error_text(error)
                    raise SaveError(self.path, t("data.cannot_save", path=self.path, reason=reason)) from None
                raise
            self._cache = data

    def append(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Add one document at the end of `table` and write the file, as TinyDB's insert
        would (the same bytes), but serialising only the new document: the text of the
        rest is kept from the last append. A lesson's events only ever grow, so one mark
        costs the atomic write and little more. On a failed write nothing changed."""
        with self._lock:
            data = self._cache if self._cache is not None else {}
            if self._texts is None or self._texts.keys() != data.keys():
                self._texts = {name: _dumps(rows) for name, rows in data.items()}
            key = str(doc_id)
            if key in data.get(table, {}):
                raise ValueError(f"Document with ID {doc_id} already exists")
            piece = _dumps({key: doc})
            old = self._texts.get(table, b"{}")
            text = old[:-1] + (b"," if old != b"{}" else b"") + piece[1:]
            texts = {**self._texts, table: text}
            names = [*data, table] if table not in data else list(data)
            payload = b"{" + b",".join(_dumps(name) + b":" + texts[name] for name in names) + b"}"
            try:
                atomic_write_bytes(self.path, payload)
            except OSError as error:
                raise SaveError(self.path, t("data.cannot_save", path=self.path, reason=os_error_text(error))) from None
            data.setdefault(table, {})[key] = doc
            self._cache = data
            self._texts = texts

    def reload(self) -> None:
        """Forget the cached document: the next read is what is on disk now."""
        with self._lock:
            self._cache = read_json_file(self.path)
            self._texts = None

    def close(self) -> None:
        pass


class WriterTaken(Exception):
    """Another device claimed this writer file first."""


def create_new_file(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole and private (0600) from its first byte:
    written beside it, then linked (POSIX) or renamed (Windows refuses an existing target)
    into place, so a reader never sees half of it and two devices never share it."""
    tmp_name = _write_beside(path, data)
    try:
        try:
            if _POSIX:
                os.link(tmp_name, path)
            else:
                os.rename(tmp_name, path)
        except FileExistsError:
            raise WriterTaken(path) from None
    finally:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
    if _POSIX:
        _fsync_dir(path.parent)


class WriterFileStorage(AtomicJSONStorage):
    """A co-writer's own file (`<run>.w<k>.json`): it exists only once this device has
    written an event. Until then the document lives in memory; `claim()` creates the file
    (never over another device's), after which every write is atomic as usual."""

    def __init__(self, path: str | Path, header: dict[str, Any]) -> None:
        super().__init__(path, create=True)
        self.on_disk = self._cache is not None
        if self._cache is None:
            self._cache = header

    def retarget(self, path: Path) -> None:
        assert not self.on_disk
        self.path = Path(path)

    def claim(self) -> None:
        """Create the file with what is in memory; WriterTaken if it exists already."""
        if self.on_disk:
            return
        payload = json.dumps(self._cache, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            create_new_file(self.path, payload)
        except OSError as error:
            raise SaveError(self.path, t("data.cannot_save", path=self.path, reason=os_error_text(error))) from None
        self.on_disk = True

    def write(self, data: dict[str, Any]) -> None:
        if not self.on_disk:  # LessonRun claims first; this only keeps an event from living in memory alone
            self._cache = data
            self.claim()
            return
        super().write(data)


class ReadOnlyJSONStorage(Storage):
    """TinyDB storage for a file another process writes: it reads, never writes.

    `reload()` reads the file again only when its size or mtime changed (one `stat`), so
    a follower can ask ten times a second at almost no cost. The writer replaces the file
    atomically, so every read sees a whole document, old or new."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int] | None = None
        self._cache: dict[str, Any] | None = None
        if not self.reload():
            raise DataFileError(self.path, t("data.missing", path=self.path))

    def reload(self) -> bool:
        """Re-read if the file changed; True if there is a document."""
        try:
            info = self.path.stat()
        except OSError:
            return self._cache is not None
        stamp = (info.st_size, info.st_mtime_ns)
        if stamp != self._stamp:
            try:
                data = read_json_file(self.path)
            except DataFileError as error:
                if self._cache is None or not error.damaged:
                    raise
                # half there (a cloud client copying it in place): the last whole document
                # stands, and the file is read again when it changes
                return True
            if data is not None:
                self._cache, self._stamp = data, stamp
        return self._cache is not None

    @property
    def stamp(self) -> tuple[int, int] | None:
        """(size, mtime) of the document last read: it changes when the file did."""
        return self._stamp

    def read(self) -> dict[str, Any] | None:
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        raise SaveError(self.path, t("data.read_only_follower", path=self.path))

    def close(self) -> None:
        pass


def open_db(path: Path, *, kind: str, create: bool = True) -> TinyDB:
    """Open a TinyDB file of `kind`, checking (or writing) its schema version."""
    db = TinyDB(path, storage=AtomicJSONStorage, create=create)
    meta = db.table("meta")
    doc = meta.get(doc_id=1)
    if doc is None:
        if meta.all():
            raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")), damaged=True)
        meta.insert({"schema": SCHEMA_VERSION, "kind": kind})
        return db
    schema = doc.get("schema")
    if not isinstance(schema, int) or doc.get("kind") != kind:
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")), damaged=True)
    if schema > SCHEMA_VERSION:
        raise DataFileError(path, t("data.too_new", path=path, version=schema))
    return db


def open_db_read_only(path: Path, *, kind: str) -> TinyDB:
    """Open a TinyDB file of `kind` that belongs to someone else (a teacher's folder seen by
    the school view): it is read, never written, not even its schema line (`open_db` adds one
    to a file without it). DataFileError when it is missing, unusable or of another kind."""
    try:
        db = TinyDB(path, storage=ReadOnlyJSONStorage)
    except FileNotFoundError:
        raise DataFileError(path, t("data.missing", path=path)) from None
    doc = db.table("meta").get(doc_id=1)
    schema = doc.get("schema") if doc is not None else None
    if doc is not None and (not isinstance(schema, int) or doc.get("kind") != kind):
        raise DataFileError(path, t("data.corrupt", path=path, detail=t("data.no_schema")), damaged=True)
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise DataFileError(path, t("data.too_new", path=path, version=schema))
    return db


def quarantine(path: Path, clock_stamp: str) -> Path:
    """Move an unusable file aside (never delete it) so a fresh one can take its place."""
    target = path.with_name(f"{path.stem}.beschadigd-{clock_stamp}{path.suffix}")
    os.replace(path, target)
    return target
