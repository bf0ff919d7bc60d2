"""`devices/<device id>.json` in the data folder: which PCs wrote to it, and when.

Each PC writes its own file only (one writer, so a sync engine never makes a conflict of
it), at its first change to the data folder on a day: a lesson started or joined, a class
imported or changed. A PC that only reads (the zorgcoördinator's, a Receive Only folder)
writes nothing. `lesson-tui sync` lists them (`syncreport.written_lines`).
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lesson_tui.base.clock import Clock, to_iso
from lesson_tui.files.storage import private_dir
from lesson_tui.files.synccopies import split_sync_copies
from lesson_tui.store import layout
from lesson_tui.store.device import DEVICE_ID, device_id
from lesson_tui.store.identity import write_own


@dataclass(frozen=True)
class DeviceNote:
    id: str
    name: str  # the computer's name, as it gave it
    first_seen: str  # ISO-8601
    last_seen: str


def _read(path: Path) -> DeviceNote | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        note = DeviceNote(doc["id"], doc["name"], doc["first_seen"], doc["last_seen"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # half arrived or damaged: not said as a device
    if not all(isinstance(value, str) for value in (note.id, note.name, note.first_seen, note.last_seen)):
        return None
    try:
        datetime.fromisoformat(note.first_seen), datetime.fromisoformat(note.last_seen)
    except ValueError:
        return None
    return note if DEVICE_ID.match(note.id) and path.stem == note.id else None


def note_this_device(root: Path, clock: Clock) -> None:
    """Say in the data folder that this PC writes to it (once a day at most)."""
    me = device_id()
    path = layout.devices_dir(root) / f"{me}{layout.DATA_FILE}"
    now = to_iso(clock.now())
    name = platform.node() or "?"
    known = _read(path)
    if known is not None and known.last_seen[:10] == now[:10] and known.name == name:
        return
    note = {"id": me, "name": name, "first_seen": known.first_seen if known else now, "last_seen": now}
    try:
        private_dir(path.parent)
        write_own(root, path, json.dumps(note, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:
        pass  # a read-only folder: the change itself says what went wrong


def devices(root: Path) -> list[DeviceNote]:
    """Every PC that said it wrote here, the last one last."""
    files, _copies = split_sync_copies(sorted(layout.devices_dir(root).glob(f"*{layout.DATA_FILE}")))
    found = [note for note in map(_read, files) if note is not None]
    return sorted(found, key=lambda note: note.last_seen)
