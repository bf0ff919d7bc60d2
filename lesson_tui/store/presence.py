"""A lesson that is open on another PC: live there now, or left open there.

Locks are per PC (`store/locks.py`), so this PC cannot see another PC's lock; what it can see
is the run's events a sync engine brings. The rule, in one place:

* a run no PC closed, whose last event was written by another PC (the PC that started it,
  whose id is in the run id, or a PC that took it over, whose id is in its file's meta), is
  **another PC's lesson**;
* it is **live there** when that last event is at most `LIVE_SECONDS` old (a teacher giving
  a lesson records something every few minutes: a phase, a round, a mark), else it was
  **left open there** (stale);
* a run whose last event is this PC's (or a run of an earlier version, without a PC in its
  id) is this PC's own, offered to go on with as before.

Another PC's lesson is never gone on with here without the teacher saying so (the home
screen asks); going on is `RunFiles.take_over`, which writes this PC's own file only.
A file still arriving is read as far as it is complete (`files/tables.py` `parse_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import from_iso
from lesson_tui.files.storage import DATA_FILE_LIMIT
from lesson_tui.files.tables import parse_tables
from lesson_tui.lesson.writers import is_takeover, run_device, writer_files
from lesson_tui.store.devices import devices

LIVE_SECONDS = 10 * 60  # last event at most this old, on another PC: the lesson is live there


@dataclass(frozen=True)
class Elsewhere:
    """Another PC's lesson: which PC wrote its last event, when, and whether it is live."""

    device: str
    name: str  # the PC's name from `devices/<id>.json`, else its id
    last_at: datetime
    live: bool


def _tables(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(DATA_FILE_LIMIT)
    except OSError:
        return {}
    return parse_tables(raw)[0]


def _last_at(tables: dict[str, dict[str, Any]]) -> datetime | None:
    found = None
    for doc in tables.get("events", {}).values():
        try:
            at = from_iso(doc["at"])
            at.timestamp()
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            continue
        if at.tzinfo is not None and (found is None or at > found):
            found = at
    return found


def last_writes(path: Path, run_id: str) -> dict[str, datetime]:
    """Device id -> the time of its last event in this run, for every PC that can be told
    (the starting PC's run file, takeover files); a file half arrived gives what is
    complete in it, and a run file of an earlier version names no PC."""
    found: dict[str, datetime] = {}
    starter = run_device(run_id)
    main = _tables(path)
    at = _last_at(main)
    if at is None:  # started, nothing recorded yet
        info = main.get("run", {}).get("1")
        try:
            at = from_iso(info["started_at"]) if isinstance(info, dict) else None
        except (KeyError, TypeError, ValueError):
            at = None
        if at is not None and at.tzinfo is None:
            at = None
    if starter is not None and at is not None:
        found[starter] = at
    for writer, other in writer_files(path).items():
        tables = _tables(other)
        meta = tables.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("run") != run_id or not is_takeover(meta, writer):
            continue  # a co-teacher's file: written by the PC that gives the lesson
        at = _last_at(tables)
        device = meta["device"]
        if at is not None and (device not in found or at > found[device]):
            found[device] = at
    return found


def elsewhere(root: Path, path: Path, run_id: str, now: datetime, me: str) -> Elsewhere | None:
    """None when the open run is this PC's to go on with; else the other PC's lesson."""
    writes = last_writes(path, run_id)
    if not writes:
        return None
    device, last_at = max(writes.items(), key=lambda item: item[1])
    if device == me:
        return None
    names = {note.id: note.name for note in devices(root)}
    live = (now - last_at).total_seconds() <= LIVE_SECONDS
    return Elsewhere(device, names.get(device, device), last_at, live)
