"""A PC that finds its own files written by someone else takes a new identity.

Every file of the data folder has one writer: this PC writes only the files named after its
device id (`classes/<slug>/<id>.json`, `settings/<id>.json`, `devices/<id>.json`). The id
lives in this PC's state folder (`device`), so a cloned disk, or a state folder restored
from a backup, gives two PCs one id, or this PC an id whose files moved on without it: two
writers of one file again, and a sync engine's conflict copy or silent loss.

So this PC remembers, in its state folder, what it last wrote in each of its files
(`layout.written_dir`: the SHA-256 of the bytes, one small file per data file, written
under that data file's lock). When it opens the data folder (`check`: at every start, and
in `lesson-tui sync`) and one of its files holds something else (a clone wrote it and the
sync engine brought it here; or this state folder is older than the data folder's files),
it says so and takes a new device id for everything it writes next. A file that is not whole
(damaged on this disk) is no sign of another writer: its reader moves it aside, as before. The old files stay as
they are and are read as another device's: nothing recorded is lost, and this PC never
writes them again.

Writing a file is two steps here: first both the old and the new hash are remembered,
then the file is replaced, then only the new hash. A crash in between leaves a file that
matches one of the two, so it is never taken for someone else's.

A data folder this PC opened before it remembered anything (a version before this one)
holds files it cannot tell apart: their hashes are taken as its own once (`BEGUN`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from lesson_tui.base.i18n import t
from lesson_tui.files.storage import atomic_write_bytes, private_dir
from lesson_tui.store import layout

BEGUN = "begun.txt"  # in `written_dir`: this PC remembers every file it writes in this folder


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_path(root: Path, path: Path) -> Path:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = (layout.folder_key(path),)
    return layout.written_dir(root) / ("__".join(parts))


def _remembered(record: Path) -> list[str]:
    try:
        doc = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = doc.get("sha256") if isinstance(doc, dict) else None
    return [h for h in found if isinstance(h, str)] if isinstance(found, list) else []


def _remember(root: Path, path: Path, record: Path, hashes: list[str]) -> None:
    doc = {"path": path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path), "sha256": hashes}
    private_dir(record.parent)
    atomic_write_bytes(record, json.dumps(doc).encode("utf-8"))


def write_own(root: Path, path: Path, data: bytes) -> None:
    """Replace one of this PC's own files of the data folder `root` with `data` (atomically),
    remembering what it wrote there. The caller holds the file's lock."""
    record = _record_path(root, path)
    before = _remembered(record)[-1:]
    new = _digest(data)
    _remember(root, path, record, [*before, new])  # a crash after this: either version is ours
    atomic_write_bytes(path, data)
    try:
        _remember(root, path, record, [new])
    except OSError:
        pass  # the two-hash record still holds the new one


def _whole(data: bytes) -> bool:
    """A file some PC wrote as a whole (a JSON object with something in it)."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except ValueError:
        return False
    return isinstance(doc, dict) and bool(doc)


def own_files(root: Path, device: str) -> list[Path]:
    """The files of the data folder that only the device `device` writes."""
    name = f"{device}{layout.DATA_FILE}"
    found = list(layout.classes_dir(root).glob(f"*/{name}"))
    found += [p for p in (layout.settings_dir(root) / name, layout.devices_dir(root) / name) if p.is_file()]
    return sorted(p for p in found if p.is_file())


def foreign_files(root: Path, device: str) -> list[Path]:
    """This PC's own files that hold what it did not write: empty when all is well. The
    first time in a data folder, every file is taken as its own (remembered from now on)."""
    written = layout.written_dir(root)
    begun = written / BEGUN
    files = own_files(root, device)
    foreign = []
    for path in files:
        record = _record_path(root, path)
        remembered = _remembered(record)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # cannot be read now (a sync in progress): looked at again next time
        current = _digest(data)
        if current in remembered:
            continue
        if not _whole(data):
            continue  # damaged, not written by a PC: the file's own reader says so and moves it aside
        if begun.is_file():
            foreign.append(path)
        else:
            _remember(root, path, record, [current])
    if not begun.is_file():
        private_dir(written)
        atomic_write_bytes(begun, b"this PC remembers what it writes in this data folder\n")
    return foreign


def check(root: Path) -> str | None:
    """Look whether another PC wrote this PC's files (a cloned disk, a state folder from a
    backup); if so, take a new device id and say so, in the teacher's words. None: all well."""
    from lesson_tui.store.device import device_id, take_new_id

    old = device_id()
    try:
        foreign = foreign_files(root, old)
    except OSError:
        return None  # the state folder cannot be written: nothing is known, nothing changes
    if not foreign:
        return None
    new = take_new_id(old)
    names = ", ".join(p.relative_to(root).as_posix() for p in foreign[:3])
    more = len(foreign) - 3
    if more > 0:
        names += " " + t("identity.more", count=more)
    return t("identity.new", files=names, old=old, new=new)
