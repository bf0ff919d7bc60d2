"""`devices/<device id>.json` in the data folder: which PCs wrote to it, and when; and a
lesson started on another PC (`started_elsewhere`).

Each PC writes its own file only (one writer, so a sync engine never makes a conflict of
it), at its first change to the data folder on a day: a lesson started or joined, a class
imported or changed. A PC that only reads (the zorgcoördinator's, a Receive Only folder)
writes nothing. `lesson-tui sync` lists them (`syncreport.written_lines`).
"""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
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


# `runs.new_run_id`: YYYYMMDD-HHMM-<device>-xxxx (runs of earlier versions have no device part)
_RUN_DEVICE = re.compile(r"^\d{8}-\d{4}-(?P<device>[a-z2-7]{8})-[0-9a-f]+$")
LIVE_MINUTES = 15  # an open lesson with an event this recent is taken to be going on there


@dataclass(frozen=True)
class Elsewhere:
    """An open lesson another PC started: which PC, and whether it seems to be going on."""

    device: str
    name: str  # the computer's name from its `devices/` file, else its device id
    live: bool  # an event in the last LIVE_MINUTES (by this PC's clock)


def run_device(run_id: str) -> str | None:
    """The device that started a run, from its id; None for a run of an earlier version."""
    found = _RUN_DEVICE.match(run_id)
    return found.group("device") if found else None


def started_elsewhere(root: Path, run_id: str, last_event_at: datetime | None, now: datetime) -> Elsewhere | None:
    """None when this PC started the run (or nobody knows who did); else the other PC, and
    whether the lesson is going on there now. Going on here as well would make two PCs write
    one run file, which a sync engine turns into a conflict copy: the teacher says so first."""
    device = run_device(run_id)
    if device is None or device == device_id():
        return None
    name = next((note.name for note in devices(root) if note.id == device), device)
    live = last_event_at is not None and now - last_event_at <= timedelta(minutes=LIVE_MINUTES)
    return Elsewhere(device, name, live)
