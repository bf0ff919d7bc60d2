"""The events of a lesson run: one frozen dataclass per kind, read and written here only.

A run file's `events` table holds one document per event: `{"t": kind, "at": ISO time,
...fields}`; the document's TinyDB id is the event's stable id (its sequence number in the
run). `to_doc` and `event_from_doc` are the only translation between the two, so the fold
(`RunState.apply`) and the recorder (`LessonRun`) work with typed events, and run files
written by earlier versions keep loading: a field added later has a default here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

from lesson_tui.clock import from_iso, to_iso


@dataclass(frozen=True)
class Event:
    KIND: ClassVar[str] = ""

    def to_doc(self, at: datetime) -> dict[str, Any]:
        doc: dict[str, Any] = {"t": self.KIND, "at": to_iso(at)}
        for item in fields(self):
            value = getattr(self, item.name)
            doc[item.name] = list(value) if isinstance(value, tuple) else value
        return doc


@dataclass(frozen=True)
class PhaseStarted(Event):
    KIND = "phase"
    index: int


@dataclass(frozen=True)
class Paused(Event):
    KIND = "pause"


@dataclass(frozen=True)
class Resumed(Event):
    KIND = "resume"


@dataclass(frozen=True)
class TimeAdjusted(Event):
    KIND = "adjust"
    seconds: int


@dataclass(frozen=True)
class AttendanceChanged(Event):
    KIND = "attend"
    pupil: str
    present: bool


@dataclass(frozen=True)
class RoundOpened(Event):
    KIND = "round_open"
    phase: int
    vraag: str
    niveau: str = "gesloten"
    present: tuple[str, ...] = ()
    kind: str = "cfu"


@dataclass(frozen=True)
class Marked(Event):
    KIND = "mark"
    round: int
    pupil: str
    value: str


@dataclass(frozen=True)
class MarkUndone(Event):
    KIND = "undo"
    round: int


@dataclass(frozen=True)
class RoundClosed(Event):
    KIND = "round_close"
    round: int


@dataclass(frozen=True)
class Picked(Event):
    KIND = "pick"
    pupil: str
    cycle: tuple[str, ...] = ()
    repeats: bool = False


@dataclass(frozen=True)
class PickLogged(Event):
    KIND = "pick_result"
    pick: int
    value: str
    cycle: tuple[str, ...] | None = None  # runs before the pass rule did not store the jar


@dataclass(frozen=True)
class PickUndone(Event):
    KIND = "pick_undo"
    pick: int
    cycle: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelfDefaulted(Event):
    KIND = "self_default"
    value: int
    pupils: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelfAssessed(Event):
    KIND = "self_assess"
    pupil: str
    value: int | None


@dataclass(frozen=True)
class SporeOverridden(Event):
    KIND = "override"
    pupil: str
    spoor: int | None


@dataclass(frozen=True)
class VoluntarySet(Event):
    KIND = "voluntary"
    pupil: str
    value: bool | None


@dataclass(frozen=True)
class SporenConfirmed(Event):
    KIND = "sporen"
    assignments: dict


@dataclass(frozen=True)
class NoteWritten(Event):
    KIND = "note"
    key: str
    text: str


@dataclass(frozen=True)
class MiniklasTimerSet(Event):
    KIND = "miniklas_timer"
    running: bool


@dataclass(frozen=True)
class MiniklasAdjusted(Event):
    KIND = "miniklas_adjust"
    seconds: int


@dataclass(frozen=True)
class MiniklasLeft(Event):
    KIND = "miniklas_leave"
    pupil: str
    left: bool


@dataclass(frozen=True)
class HelpAsked(Event):
    KIND = "help_add"
    pupil: str


@dataclass(frozen=True)
class HelpGiven(Event):
    KIND = "help_next"


@dataclass(frozen=True)
class HelpWithdrawn(Event):
    KIND = "help_remove"
    pupil: str


@dataclass(frozen=True)
class PickerSetting(Event):
    KIND = "setting"
    repeats: bool


@dataclass(frozen=True)
class LessonClosed(Event):
    KIND = "close"


EVENT_TYPES: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (
        PhaseStarted, Paused, Resumed, TimeAdjusted, AttendanceChanged, RoundOpened, Marked, MarkUndone,
        RoundClosed, Picked, PickLogged, PickUndone, SelfDefaulted, SelfAssessed, SporeOverridden,
        VoluntarySet, SporenConfirmed, NoteWritten, MiniklasTimerSet, MiniklasAdjusted, MiniklasLeft,
        HelpAsked, HelpGiven, HelpWithdrawn, PickerSetting, LessonClosed,
    )
}


class UnknownEvent(ValueError):
    pass


def event_from_doc(doc: dict) -> tuple[datetime, Event]:
    """(when, what) from a stored document; UnknownEvent for a kind this version lacks."""
    cls = EVENT_TYPES.get(doc.get("t", ""))
    if cls is None:
        raise UnknownEvent(doc.get("t"))
    values = {}
    for item in fields(cls):
        if item.name in doc:
            value = doc[item.name]
            values[item.name] = tuple(value) if isinstance(value, list) else value
    return from_iso(doc["at"]), cls(**values)
