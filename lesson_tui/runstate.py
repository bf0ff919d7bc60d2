"""The state of a lesson run, as a fold over its stored events.

`RunState.apply` is the only place where state changes; `LessonRun` records an event on
disk first and then applies it, and resuming a lesson applies the stored events in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lesson_tui.cfu import CfuRound
from lesson_tui.clock import from_iso
from lesson_tui.jij import JijState
from lesson_tui.timing import PhaseTiming


@dataclass
class Pick:
    seq: int
    pupil_id: str
    result: str | None = None
    undone: bool = False


@dataclass
class RunState:
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
    sporen: dict[str, dict] | None = None
    sporen_at: datetime | None = None
    jij: JijState = field(default_factory=JijState)
    notes: dict[str, str] = field(default_factory=dict)

    def apply(self, seq: int, doc: dict, timings: list[PhaseTiming]) -> None:
        """Fold one stored event into the state (the only place state changes)."""
        at = from_iso(doc["at"])
        # A clock that jumps backward (a PC syncing its time) must not give negative
        # phase times or an end before its start: event time never goes back.
        if self.last_event_at is not None and at < self.last_event_at:
            at = self.last_event_at
        self.last_event_at = at
        kind = doc["t"]
        self.last_event_kind = kind
        if kind == "phase":
            index = int(doc["index"])
            if 0 <= self.phase_index < len(timings):
                current = timings[self.phase_index]
                current.stop(at)
                current.ended_at = at
            self.phase_index = index
            if index < len(timings):
                timings[index].start(at)
                if self.paused:
                    timings[index].stop(at)
        elif kind == "pause":
            self.paused = True
            if 0 <= self.phase_index < len(timings):
                timings[self.phase_index].stop(at)
        elif kind == "resume":
            self.paused = False
            if 0 <= self.phase_index < len(timings):
                timings[self.phase_index].start(at)
        elif kind == "adjust":
            if 0 <= self.phase_index < len(timings):
                timings[self.phase_index].adjust_s += int(doc["seconds"])
        elif kind == "attend":
            if doc["present"]:
                self.absent.discard(doc["pupil"])
            else:
                self.absent.add(doc["pupil"])
        elif kind == "round_open":
            self.rounds[seq] = CfuRound(
                seq,
                int(doc["phase"]),
                doc["vraag"],
                doc.get("niveau", "gesloten"),
                list(doc["present"]),
                kind=doc.get("kind", "cfu"),
                opened_at=at,
            )
        elif kind == "mark":
            self.rounds[int(doc["round"])].set_mark(doc["pupil"], doc["value"])
        elif kind == "undo":
            self.rounds[int(doc["round"])].undo()
        elif kind == "round_close":
            self.rounds[int(doc["round"])].closed = True
        elif kind == "pick":
            self.picks.append(Pick(seq, doc["pupil"]))
            self.pick_cycle = list(doc["cycle"])
        elif kind == "pick_result":
            for item in self.picks:
                if item.seq == int(doc["pick"]):
                    item.result = doc["value"]
            if "cycle" in doc:  # older runs did not record the jar with a result
                self.pick_cycle = list(doc["cycle"])
        elif kind == "pick_undo":
            for item in self.picks:
                if item.seq == int(doc["pick"]):
                    item.undone = True
            self.pick_cycle = list(doc["cycle"])
        elif kind == "self_default":
            for pupil in doc["pupils"]:
                self.self_assessment.setdefault(pupil, int(doc["value"]))
        elif kind == "self_assess":
            _set_or_clear(self.self_assessment, doc["pupil"], doc["value"])
        elif kind == "override":
            _set_or_clear(self.overrides, doc["pupil"], doc["spoor"])
        elif kind == "voluntary":
            _set_or_clear(self.voluntary, doc["pupil"], doc["value"])
        elif kind == "sporen":
            self.sporen = dict(doc["assignments"])
            self.sporen_at = at
        elif kind == "note":
            self.notes[doc["key"]] = doc["text"]
        elif self.jij.apply(kind, doc, at):
            pass
        elif kind == "setting":
            self.repeats = bool(doc.get("repeats", self.repeats))
        elif kind == "close":
            if 0 <= self.phase_index < len(timings):
                timings[self.phase_index].stop(at)
                timings[self.phase_index].ended_at = at
            self.closed_at = at


def _set_or_clear(target: dict, key: str, value) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
