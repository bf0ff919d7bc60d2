"""What another device wrote is untrusted input: read it so that nothing in it can stop the
lesson or change what the teacher's own device recorded.

A co-writer's file (`<run>.w<k>.json`) is read here and nowhere else. The rules, once:
* only a regular file (never a symlink, never the run file under another name) whose meta
  says it is a writer file of this run is read;
* a file that cannot be parsed (a truncated copy, a sync in progress) gives what is complete
  in it; what was read from it before stays, and it is read again when it changes;
* an event that cannot be read, or that names what does not exist (a pupil not in the
  class, a phase not in the plan, a mark no version writes), is skipped with a reason;
* a stamp or time far from the reader's clock is not trusted for durations: the event keeps
  its place in the writer's own order but gets the reader's time.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import from_iso
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import DATA_FILE_LIMIT
from lesson_tui.files.tables import parse_tables
from lesson_tui.lesson import events as ev
from lesson_tui.lesson.writers import is_takeover
from lesson_tui.plan.phases import LEVELS
from lesson_tui.rules.cfu import MARKS, SYMBOL
from lesson_tui.rules.groups import MODES

MAX_SKEW = timedelta(seconds=30)  # further from the reader's clock: not trusted for durations
MAX_ADJUST_S = 6 * 3600
MAX_TEXT = 20_000
ROUND_KINDS = ("cfu", "exit", "miniklas")
PUPIL_FIELDS = ("pupil", "pupils", "present", "cycle")
_YEAR_9999_MS = 253_402_300_799_000  # past it, datetime cannot say when


class Untrusted(ValueError):
    """A co-writer's event that is skipped; the message says why, for the teacher."""


@dataclass(frozen=True)
class Context:
    """What exists in this run: an event that names anything else is skipped."""

    pupils: frozenset[str]
    phases: int
    started_at: datetime


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_TYPES: dict[str, Callable[[object], bool]] = {
    "int": _is_int,
    "str": lambda v: isinstance(v, str) and len(v) <= MAX_TEXT,
    "bool": lambda v: isinstance(v, bool),
    "dict": lambda v: isinstance(v, dict),
    "int | None": lambda v: v is None or _is_int(v),
    "bool | None": lambda v: v is None or isinstance(v, bool),
    "tuple[str, ...]": _str_list,
    "tuple[str, ...] | None": lambda v: v is None or _str_list(v),
    "tuple[tuple[str, ...], ...]": lambda v: isinstance(v, list) and all(_str_list(g) for g in v),
}


def _pupils_named(name: str, value: Any) -> list[str]:
    """The pupil ids a field names (its type already checked); `present` is a list of
    pupils in a round but a yes/no in an attendance change."""
    if name == "groups" and isinstance(value, list):
        return [pid for group in value for pid in group]
    if name in PUPIL_FIELDS:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return list(value)
    return []


def _meaning(event: ev.Event, context: Context) -> None:
    """Values that name what does not exist in this run."""
    match event:
        case ev.PhaseStarted(index=index) if not 0 <= index < context.phases:
            raise Untrusted(t("untrusted.no_phase", phase=index))
        case ev.RoundOpened(phase=phase, kind=kind, niveau=niveau) if (
            not 0 <= phase < context.phases or kind not in ROUND_KINDS or niveau not in LEVELS
        ):
            raise Untrusted(t("untrusted.bad_value", field="round_open"))
        case ev.Marked(value=value) if value not in MARKS:
            raise Untrusted(t("untrusted.bad_value", field="value"))
        case ev.PickLogged(value=value) if value not in SYMBOL:
            raise Untrusted(t("untrusted.bad_value", field="value"))
        case ev.SelfDefaulted(value=value) | ev.SelfAssessed(value=value) if value not in (None, 1, 2, 3):
            raise Untrusted(t("untrusted.bad_value", field="value"))
        case ev.SporeOverridden(spoor=spoor) if spoor not in (None, 1, 2, 3):
            raise Untrusted(t("untrusted.bad_value", field="spoor"))
        case ev.TimeAdjusted(seconds=s) | ev.MiniklasAdjusted(seconds=s) if abs(s) > MAX_ADJUST_S:
            raise Untrusted(t("untrusted.bad_value", field="seconds"))
        case ev.GroupsMade(mode=mode) if mode not in MODES:
            raise Untrusted(t("untrusted.bad_value", field="mode"))


def read_event(doc: Any, context: Context) -> tuple[tuple[int, int] | None, datetime, ev.Event]:
    """(stamp or None, time, event) of one co-writer document, or Untrusted."""
    if not isinstance(doc, dict):
        raise Untrusted(t("untrusted.not_event"))
    kind = doc.get("t")
    cls = ev.EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise Untrusted(t("untrusted.unknown_kind", kind=str(kind)[:40]))
    for item in ev.event_fields(cls):
        if item.name not in doc:
            continue
        if not _TYPES[str(item.type)](doc[item.name]):
            raise Untrusted(t("untrusted.bad_value", field=item.name))
        for pid in _pupils_named(item.name, doc[item.name]):
            if pid not in context.pupils:
                raise Untrusted(t("untrusted.no_pupil", pupil=str(pid)[:40]))
    at = _time(doc.get("at"))
    stamp = _stamp(doc.get("hlc"))
    try:
        _, event = ev.event_from_doc(doc)
    except (KeyError, TypeError, ValueError) as error:  # a field without a default is missing
        raise Untrusted(t("untrusted.bad_value", field=type(error).__name__)) from None
    _meaning(event, context)
    return stamp, at, event


def _time(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise Untrusted(t("untrusted.bad_time"))
    try:
        at = from_iso(value)
        at.timestamp()
    except (ValueError, OverflowError, OSError):
        raise Untrusted(t("untrusted.bad_time")) from None
    if at.tzinfo is None:  # compared with aware times, a naive one would raise
        raise Untrusted(t("untrusted.bad_time"))
    return at


def _stamp(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None  # a writer before stamps: ordered by its time
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(_is_int(v) and 0 <= v < 2**53 for v in value)
    ):
        return (value[0], value[1])
    raise Untrusted(t("untrusted.bad_stamp"))


def trusted_time(at: datetime, stamp_ms: int | None, context: Context, now: datetime) -> datetime | None:
    """None when the event's time can be used; else the reader's time to use instead (its
    stamp or time is before the lesson began or after the reader's now)."""
    low, high = context.started_at - MAX_SKEW, now + MAX_SKEW
    moments = [at]
    if stamp_ms is not None:
        moments.append(datetime.fromtimestamp(stamp_ms / 1000, tz=at.tzinfo) if stamp_ms < _YEAR_9999_MS else high + MAX_SKEW)
    if all(low <= moment <= high for moment in moments):
        return None
    return min(max(at, context.started_at), now)


# --- the file --------------------------------------------------------------------------


@dataclass
class WriterFile:
    """One co-writer's file, read only; `docs` keeps every complete event ever read."""

    path: Path
    run_file: Path
    run_id: str
    docs: dict[int, Any] = field(default_factory=dict)
    stamp: tuple[int, int] | None = None
    writer: int = 0  # its number (`<run>.w<writer>.json`)
    lead: bool = False  # a PC that took the lesson over wrote it (`is_takeover`)

    def poll(self) -> tuple[bool, str | None]:
        """(something new may be in `docs`, a problem to name)."""
        try:
            info = os.lstat(self.path)
        except OSError:
            return False, None  # gone for now (a sync): keep what was read
        stamp = (info.st_size, info.st_mtime_ns)
        if stamp == self.stamp:
            return False, None
        self.stamp = stamp
        if not stat.S_ISREG(info.st_mode):
            return False, t("untrusted.not_regular", path=self.path.name)
        try:
            if os.path.samestat(info, os.stat(self.run_file)):
                return False, t("untrusted.not_regular", path=self.path.name)
        except OSError:
            pass
        if info.st_size > DATA_FILE_LIMIT:
            return False, t("untrusted.unreadable", path=self.path.name)
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(DATA_FILE_LIMIT + 1)
        except OSError:
            return False, t("untrusted.unreadable", path=self.path.name)
        tables, complete = parse_tables(raw)
        meta = tables.get("meta", {}).get("1")
        if not isinstance(meta, dict) or meta.get("kind") != "run-writer" or meta.get("run", self.run_id) != self.run_id:
            if not complete and not tables.get("meta"):
                return False, t("untrusted.incomplete", path=self.path.name)
            return False, t("untrusted.not_this_run", path=self.path.name)
        self.lead = is_takeover(meta, self.writer)
        found = 0
        for key, doc in tables.get("events", {}).items():
            if key.isdigit() and len(key) < 10 and int(key) not in self.docs:
                self.docs[int(key)] = doc
                found += 1
        return found > 0, None if complete else t("untrusted.incomplete", path=self.path.name)
