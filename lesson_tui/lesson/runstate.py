"""The state of a lesson run, as a fold over its stored events.

`RunState.apply` is the only place where state changes; `LessonRun` records an event on
disk first and then applies it, and resuming a lesson applies the stored events in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from lesson_tui.lesson.events import (
    AttendanceChanged,
    Event,
    GoalPriors,
    GroupsMade,
    LessonClosed,
    Marked,
    MarkUndone,
    MiniklasInvited,
    NoteWritten,
    Paused,
    PhaseStarted,
    Picked,
    PickerSetting,
    PickLogged,
    PickUndone,
    Resumed,
    RoundClosed,
    RoundDiscarded,
    RoundOpened,
    SelfAssessed,
    SelfDefaulted,
    SporenConfirmed,
    SporeOverridden,
    TimeAdjusted,
    VoluntarySet,
    split_from_doc,
)
from lesson_tui.lesson.jij import JijState
from lesson_tui.lesson.writers import MAIN, is_main
from lesson_tui.rules.cfu import CfuRound
from lesson_tui.rules.sporen import Placement
from lesson_tui.rules.timing import PhaseTiming


@dataclass
class Pick:
    seq: int
    pupil_id: str
    result: str | None = None
    undone: bool = False


@dataclass
class RunState:
    timings: list[PhaseTiming] = field(default_factory=list)  # one per phase of the plan
    phase_index: int = -1
    paused: bool = False
    closed_at: datetime | None = None
    absent: set[str] = field(default_factory=set)
    rounds: dict[int, CfuRound] = field(default_factory=dict)
    picks: list[Pick] = field(default_factory=list)
    pick_cycle: list[str] = field(default_factory=list)
    repeats: bool = False
    last_event_at: datetime | None = None
    last_event_kind: str = ""
    self_assessment: dict[str, int] = field(default_factory=dict)
    overrides: dict[str, int] = field(default_factory=dict)
    voluntary: dict[str, bool] = field(default_factory=dict)
    sporen: dict[str, Placement] | None = None  # the confirmed split, pupil -> place
    sporen_at: datetime | None = None
    jij: JijState = field(default_factory=JijState)
    notes: dict[str, str] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)  # the last accepted duos or groups
    groups_mode: str = ""
    groups_size: int = 0  # the size asked for (2, 3, 4): `g` again keeps it
    goal_priors: dict[str, str] = field(default_factory=dict)  # pupil -> status on the goal before today
    invited: frozenset[str] = frozenset()  # a herhaalles: invited to the miniklas

    @property
    def current_timing(self) -> PhaseTiming | None:
        index = self.phase_index
        return self.timings[index] if 0 <= index < len(self.timings) else None

    def apply(self, seq: int, at: datetime, event: Event, writer: int = MAIN, *, lead: bool = False) -> None:
        """Fold one stored event into the state (the only place state changes); `writer`
        is the device that wrote it (0: the teacher's app, see `writers`); `lead` when it
        is a PC that took the lesson over (the teacher, too)."""
        teacher = is_main(writer) or lead
        if not teacher and isinstance(event, MAIN_TEACHER_ONLY):
            return  # the sporen decision and closing belong to the main teacher
        if not teacher and self.closed_at is not None:
            return  # a co-teacher's tap after the close (an open tab) is not part of the lesson
        # A clock that jumps backward (a PC syncing its time) must not give negative
        # phase times or an end before its start: event time never goes back.
        if self.last_event_at is not None and at < self.last_event_at:
            at = self.last_event_at
        self.last_event_at = at
        self.last_event_kind = event.KIND
        current = self.current_timing
        match event:
            case PhaseStarted(index=index):
                if current is not None:
                    current.stop(at)
                    current.ended_at = at
                self.phase_index = int(index)
                if self.current_timing is not None:
                    self.current_timing.start(at)
                    if self.paused:
                        self.current_timing.stop(at)
            case Paused():
                self.paused = True
                if current is not None:
                    current.stop(at)
            case Resumed():
                self.paused = False
                if current is not None:
                    current.start(at)
            case TimeAdjusted(seconds=seconds):
                if current is not None:
                    current.adjust_s += int(seconds)
            case AttendanceChanged(pupil=pupil, present=present):
                if present:
                    self.absent.discard(pupil)
                else:
                    self.absent.add(pupil)
            case RoundOpened():
                self.rounds[seq] = CfuRound(
                    seq, int(event.phase), event.vraag, event.niveau, list(event.present), kind=event.kind,
                    opened_at=at, writer=writer, lead=lead and not is_main(writer),
                )
            case Marked(round=round_id, pupil=pupil, value=value):
                if int(round_id) in self.rounds:
                    self.rounds[int(round_id)].set_mark(pupil, value, writer)
            case MarkUndone(round=round_id):
                if int(round_id) in self.rounds:
                    self.rounds[int(round_id)].undo(writer)
            case RoundClosed(round=round_id):
                if int(round_id) in self.rounds:
                    self.rounds[int(round_id)].closed = True
            case RoundDiscarded(round=round_id):
                if int(round_id) in self.rounds:
                    self.rounds[int(round_id)].discarded = True
            case Picked(pupil=pupil, cycle=cycle):
                self.picks.append(Pick(seq, pupil))
                self.pick_cycle = list(cycle)
            case PickLogged(pick=pick, value=value, cycle=cycle):
                for item in self.picks:
                    if item.seq == int(pick):
                        item.result = value
                if cycle is not None:  # older runs did not record the jar with a result
                    self.pick_cycle = list(cycle)
            case PickUndone(pick=pick, cycle=cycle):
                for item in self.picks:
                    if item.seq == int(pick):
                        item.undone = True
                self.pick_cycle = list(cycle)
            case SelfDefaulted(value=value, pupils=pupils):
                for pupil in pupils:
                    self.self_assessment.setdefault(pupil, int(value))
            case SelfAssessed(pupil=pupil, value=value):
                _set_or_clear(self.self_assessment, pupil, value)
            case SporeOverridden(pupil=pupil, spoor=spoor):
                _set_or_clear(self.overrides, pupil, spoor)
            case VoluntarySet(pupil=pupil, value=value):
                _set_or_clear(self.voluntary, pupil, value)
            case SporenConfirmed(assignments=assignments):
                self.sporen = split_from_doc(assignments)
                self.sporen_at = at
            case NoteWritten(key=key, text=text):
                self.notes[key] = text
            case PickerSetting(repeats=repeats):
                self.repeats = bool(repeats)
            case GroupsMade(mode=mode, size=size, groups=groups):
                self.groups = [list(group) for group in groups]
                self.groups_mode = mode
                self.groups_size = size
            case GoalPriors(statuses=statuses):
                if isinstance(statuses, dict):  # another device's file is untrusted input
                    self.goal_priors = {str(k): v for k, v in statuses.items() if isinstance(v, str)}
            case MiniklasInvited(pupils=pupils):
                self.invited = frozenset(str(p) for p in pupils)
            case LessonClosed():
                if current is not None:
                    current.stop(at)
                    current.ended_at = at
                self.closed_at = at
            case _:
                self.jij.apply(event, at)


MAIN_TEACHER_ONLY = (SporenConfirmed, LessonClosed, GoalPriors, MiniklasInvited)

_V = TypeVar("_V")


def _set_or_clear(target: dict[str, _V], key: str, value: _V | None) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
