"""The events of a lesson run: one frozen dataclass per kind, read and written here only.

A run file's `events` table holds one document per event: `{"t": kind, "at": ISO time,
...fields}`; the document's TinyDB id is the event's stable id (its sequence number in the
run). `to_doc` and `event_from_doc` are the only translation between the two, so the fold
(`RunState.apply`) and the recorder (`LessonRun`) work with typed events, and run files
written by earlier versions keep loading: a field added later has a default here.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar, dataclass_transform

from lesson_tui.base.clock import from_iso, to_iso
from lesson_tui.rules.sporen import Placement

# Frozen, with __eq__ and __repr__ written once here instead of generated for every kind:
# generating them costs ~1 ms a class at import, and import time is start-up time.
_E = TypeVar("_E")


@dataclass_transform(frozen_default=True, eq_default=False)
def event(cls: type[_E]) -> type[_E]:
    return dataclass(frozen=True, repr=False, eq=False)(cls)


def event_fields(kind: object) -> tuple[Field[Any], ...]:
    """The fields of an event or event class (typed for mypy, which cannot see through
    `event` that its classes are dataclasses)."""
    return fields(kind)  # type: ignore[arg-type]


@event
class Event:
    KIND: ClassVar[str] = ""

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, item.name) for item in event_fields(self))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), repr(self._values())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{item.name}={getattr(self, item.name)!r}" for item in event_fields(self))
        return f"{type(self).__name__}({inner})"

    def to_doc(self, at: datetime) -> dict[str, Any]:
        doc: dict[str, Any] = {"t": self.KIND, "at": to_iso(at)}
        for item in event_fields(self):
            value = getattr(self, item.name)
            doc[item.name] = list(value) if isinstance(value, tuple) else value
        return doc


@event
class PhaseStarted(Event):
    KIND = "phase"
    index: int


@event
class Paused(Event):
    KIND = "pause"


@event
class Resumed(Event):
    KIND = "resume"


@event
class TimeAdjusted(Event):
    KIND = "adjust"
    seconds: int


@event
class AttendanceChanged(Event):
    KIND = "attend"
    pupil: str
    present: bool


@event
class RoundOpened(Event):
    KIND = "round_open"
    phase: int
    vraag: str
    niveau: str = "gesloten"
    present: tuple[str, ...] = ()
    kind: str = "cfu"


@event
class Marked(Event):
    KIND = "mark"
    round: int
    pupil: str
    value: str


@event
class MarkUndone(Event):
    KIND = "undo"
    round: int


@event
class RoundClosed(Event):
    KIND = "round_close"
    round: int


@event
class RoundDiscarded(Event):
    """A round thrown away (another device's check left open): it never counts."""

    KIND = "round_discard"
    round: int


@event
class Picked(Event):
    KIND = "pick"
    pupil: str
    cycle: tuple[str, ...] = ()
    repeats: bool = False


@event
class PickLogged(Event):
    KIND = "pick_result"
    pick: int
    value: str
    cycle: tuple[str, ...] | None = None  # runs before the pass rule did not store the jar


@event
class PickUndone(Event):
    KIND = "pick_undo"
    pick: int
    cycle: tuple[str, ...] = ()


@event
class SelfDefaulted(Event):
    KIND = "self_default"
    value: int
    pupils: tuple[str, ...] = ()


@event
class SelfAssessed(Event):
    KIND = "self_assess"
    pupil: str
    value: int | None


@event
class SporeOverridden(Event):
    KIND = "override"
    pupil: str
    spoor: int | None


@event
class VoluntarySet(Event):
    KIND = "voluntary"
    pupil: str
    value: bool | None


@event
class SporenConfirmed(Event):
    """The confirmed split; `assignments` is the stored payload (pupil -> a document with
    the Dutch keys below), read into `Placement`s by `split_from_doc`."""

    KIND = "sporen"
    assignments: dict[str, Any]  # pupil -> entry, as stored (read by `placement_from_doc`)


# The keys of one pupil's entry in a stored split (run files of every version use these)
_SPOOR, _SUGGESTED, _OVERRIDDEN, _VOLUNTARY, _REASON = "spoor", "voorstel", "aangepast", "vrijwillig", "reden"


def placement_to_doc(entry: Placement) -> dict[str, Any]:
    return {
        _SPOOR: entry.spoor,
        _SUGGESTED: entry.suggested,
        _OVERRIDDEN: entry.overridden,
        _VOLUNTARY: entry.voluntary,
        _REASON: entry.reason,
    }


def placement_from_doc(doc: object) -> Placement:
    """One pupil's stored entry as a `Placement`; ValueError when it is not one (a spoor
    other than 1, 2 or 3, a field of the wrong type). A field missing has its default."""
    if not isinstance(doc, dict):
        raise ValueError("split entry is not an object")
    spoor, suggested = doc.get(_SPOOR), doc.get(_SUGGESTED)
    reason = doc.get(_REASON, "")
    overridden, voluntary = doc.get(_OVERRIDDEN, False), doc.get(_VOLUNTARY, False)
    if spoor not in (1, 2, 3) or isinstance(spoor, bool):
        raise ValueError(f"spoor {spoor!r}")
    if suggested is not None and (suggested not in (1, 2, 3) or isinstance(suggested, bool)):
        raise ValueError(f"suggested spoor {suggested!r}")
    if not isinstance(reason, str) or not isinstance(overridden, bool) or not isinstance(voluntary, bool):
        raise ValueError("split entry field of the wrong type")
    return Placement(int(spoor), reason, overridden, voluntary, None if suggested is None else int(suggested))


def split_from_doc(assignments: dict[str, Any]) -> dict[str, Placement]:
    """A stored split: the entries that can be read (one that cannot, in a hand-edited
    or damaged file, leaves that pupil without a spoor rather than stopping the lesson)."""
    split = {}
    for pid, doc in assignments.items():
        try:
            split[str(pid)] = placement_from_doc(doc)
        except ValueError:
            continue
    return split


@event
class NoteWritten(Event):
    KIND = "note"
    key: str
    text: str


@event
class MiniklasTimerSet(Event):
    KIND = "miniklas_timer"
    running: bool


@event
class MiniklasAdjusted(Event):
    KIND = "miniklas_adjust"
    seconds: int


@event
class MiniklasLeft(Event):
    KIND = "miniklas_leave"
    pupil: str
    left: bool


@event
class HelpAsked(Event):
    KIND = "help_add"
    pupil: str


@event
class HelpGiven(Event):
    KIND = "help_next"


@event
class HelpWithdrawn(Event):
    KIND = "help_remove"
    pupil: str


@event
class PickerSetting(Event):
    KIND = "setting"
    repeats: bool


@event
class LessonClosed(Event):
    KIND = "close"


@event
class GoalPriors(Event):
    """When the lesson starts: each pupil's status on the lesson's goal from earlier lessons
    (`rules/mastery`), so the sporen suggestion for a pupil without evidence today starts
    from it (`rules/sporen`), the same on every device and on resume."""

    KIND = "goal_priors"
    goal: str
    statuses: dict[str, Any]  # pupil -> "beheerst" | "bijna" | "nog_niet"


@event
class MiniklasInvited(Event):
    """A herhaalles: the pupils not yet at beheerst on its goal, invited to the miniklas."""

    KIND = "miniklas_invite"
    goal: str
    pupils: tuple[str, ...] = ()


@event
class GroupsMade(Event):
    """Duos or groups for cooperative work (JULLIE): who works with whom, as accepted."""

    KIND = "groups"
    mode: str
    size: int
    groups: tuple[tuple[str, ...], ...] = ()


EVENT_TYPES: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (
        PhaseStarted, Paused, Resumed, TimeAdjusted, AttendanceChanged, RoundOpened, Marked, MarkUndone,
        RoundClosed, RoundDiscarded, Picked, PickLogged, PickUndone, SelfDefaulted, SelfAssessed, SporeOverridden,
        VoluntarySet, SporenConfirmed, NoteWritten, MiniklasTimerSet, MiniklasAdjusted, MiniklasLeft,
        HelpAsked, HelpGiven, HelpWithdrawn, PickerSetting, LessonClosed, GroupsMade, GoalPriors, MiniklasInvited,
    )
}


class UnknownEvent(ValueError):
    pass


def event_from_doc(doc: dict[str, Any]) -> tuple[datetime, Event]:
    """(when, what) from a stored document; UnknownEvent for a kind this version lacks."""
    cls = EVENT_TYPES.get(doc.get("t", ""))
    if cls is None:
        raise UnknownEvent(doc.get("t"))
    names = _FIELD_NAMES.get(cls)
    if names is None:  # asked once per kind: a school year's runs read ~100,000 events
        names = _FIELD_NAMES[cls] = tuple(item.name for item in event_fields(cls))
    values: dict[str, Any] = {}
    for name in names:
        if name in doc:
            value = doc[name]
            if isinstance(value, list):  # lists in JSON are tuples in an event (nested too)
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            values[name] = value
    return from_iso(doc["at"]), cls(**values)


_FIELD_NAMES: dict[type[Event], tuple[str, ...]] = {}  # an event class's field names
