"""A lesson run: everything that happened in one lesson, as an append-only event log.

Every teacher action (a phase step, a pause, a mark, a pick, an attendance change) is one
event, written to the run's own small TinyDB file *before* the state changes in memory, so
the screen never shows what is not on disk. The state is a fold over the events, which makes
resuming after a crash the same code path as live use, and `undo` just another event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from lesson_tui.cfu import CfuRound
from lesson_tui.classlist import Pupil, display_names
from lesson_tui.clock import Clock, from_iso, to_iso
from lesson_tui.lessonplan import LessonPlan
from lesson_tui.picker import cycle_after_pick, pick
from lesson_tui.timing import PhaseTiming

PICK_RESULTS = ("juist", "half", "fout", "pas")


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


class LessonRun:
    """One lesson with one class; `record_*` methods persist, then apply."""

    def __init__(self, db: TinyDB, path: Path, clock: Clock, rng: random.Random | None = None) -> None:
        self.db = db
        self.path = path
        self.clock = clock
        self.rng = rng or random.Random()
        info = db.table("run").get(doc_id=1)
        if info is None:
            raise ValueError("run file without run info")
        self.info: dict[str, Any] = dict(info)
        self.plan = LessonPlan.from_dict(self.info["lesson"])
        self.pupils = [Pupil.from_doc(doc) for doc in self.info["pupils"]]
        self.names = display_names(self.pupils)
        self.timings = [PhaseTiming(p.planned_seconds) for p in self.plan.fase]
        self.state = RunState(absent=set(self.info.get("absent", [])))
        self._events = db.table("events")
        for doc in self._events.all():
            self._apply(doc.doc_id, doc)

    # --- identity -------------------------------------------------------------------

    @property
    def run_id(self) -> str:
        return self.info["run_id"]

    @property
    def class_name(self) -> str:
        return self.info["class"]

    @property
    def started_at(self) -> datetime:
        return from_iso(self.info["started_at"])

    @property
    def pupil_ids(self) -> list[str]:
        return [p.id for p in self.pupils]

    def pupil_by_number(self, number: int) -> Pupil | None:
        return next((p for p in self.pupils if p.number == number), None)

    @property
    def present(self) -> list[str]:
        return [pid for pid in self.pupil_ids if pid not in self.state.absent]

    # --- writing --------------------------------------------------------------------

    def _record(self, kind: str, **data: Any) -> int:
        doc = {"t": kind, "at": to_iso(self.clock.now()), **data}
        seq = self._events.insert(doc)  # atomic write to disk first ...
        self._apply(seq, doc)  # ... then the state the screen shows
        return seq

    def _apply(self, seq: int, doc: dict) -> None:
        state = self.state
        at = from_iso(doc["at"])
        state.last_event_at = at
        kind = doc["t"]
        if kind == "phase":
            index = int(doc["index"])
            if 0 <= state.phase_index < len(self.timings):
                current = self.timings[state.phase_index]
                current.stop(at)
                current.ended_at = at
            state.phase_index = index
            if index < len(self.timings):
                self.timings[index].start(at)
                if state.paused:
                    self.timings[index].stop(at)
        elif kind == "pause":
            state.paused = True
            if 0 <= state.phase_index < len(self.timings):
                self.timings[state.phase_index].stop(at)
        elif kind == "resume":
            state.paused = False
            if 0 <= state.phase_index < len(self.timings):
                self.timings[state.phase_index].start(at)
        elif kind == "adjust":
            if 0 <= state.phase_index < len(self.timings):
                self.timings[state.phase_index].adjust_s += int(doc["seconds"])
        elif kind == "attend":
            if doc["present"]:
                state.absent.discard(doc["pupil"])
            else:
                state.absent.add(doc["pupil"])
        elif kind == "round_open":
            state.rounds[seq] = CfuRound(
                seq, int(doc["phase"]), doc["vraag"], doc.get("niveau", "gesloten"), list(doc["present"])
            )
        elif kind == "mark":
            state.rounds[int(doc["round"])].set_mark(doc["pupil"], doc["value"])
        elif kind == "undo":
            state.rounds[int(doc["round"])].undo()
        elif kind == "round_close":
            state.rounds[int(doc["round"])].closed = True
        elif kind == "pick":
            state.picks.append(Pick(seq, doc["pupil"]))
            state.pick_cycle = list(doc["cycle"])
        elif kind == "pick_result":
            for item in state.picks:
                if item.seq == int(doc["pick"]):
                    item.result = doc["value"]
        elif kind == "pick_undo":
            for item in state.picks:
                if item.seq == int(doc["pick"]):
                    item.undone = True
            state.pick_cycle = list(doc["cycle"])
        elif kind == "setting":
            state.repeats = bool(doc.get("repeats", state.repeats))
        elif kind == "close":
            if 0 <= state.phase_index < len(self.timings):
                self.timings[state.phase_index].stop(at)
                self.timings[state.phase_index].ended_at = at
            state.closed_at = at

    # --- phases and timer -----------------------------------------------------------

    @property
    def phase_index(self) -> int:
        return self.state.phase_index

    @property
    def current_timing(self) -> PhaseTiming | None:
        index = self.state.phase_index
        return self.timings[index] if 0 <= index < len(self.timings) else None

    def go_to_phase(self, index: int) -> None:
        if not 0 <= index < len(self.plan.fase) or index == self.state.phase_index:
            return
        if self.state.paused:
            self._record("resume")
        self._record("phase", index=index)

    def next_phase(self) -> bool:
        if self.state.phase_index + 1 >= len(self.plan.fase):
            return False
        self.go_to_phase(self.state.phase_index + 1)
        return True

    def previous_phase(self) -> bool:
        if self.state.phase_index <= 0:
            return False
        self.go_to_phase(self.state.phase_index - 1)
        return True

    def toggle_pause(self) -> None:
        self._record("resume" if self.state.paused else "pause")

    def pause(self) -> None:
        if not self.state.paused:
            self._record("pause")

    def resume(self) -> None:
        if self.state.paused:
            self._record("resume")

    def adjust_minutes(self, minutes: int) -> None:
        timing = self.current_timing
        if timing is None:
            return
        # never take a phase below zero planned time
        seconds = max(minutes * 60, -(timing.planned_s + timing.adjust_s))
        if seconds:
            self._record("adjust", seconds=seconds)

    # --- attendance -----------------------------------------------------------------

    def set_present(self, pupil_id: str, present: bool) -> None:
        if (pupil_id not in self.state.absent) != present:
            self._record("attend", pupil=pupil_id, present=present)

    # --- check for understanding ----------------------------------------------------

    def open_round(self, vraag: str, niveau: str = "gesloten") -> CfuRound:
        seq = self._record(
            "round_open", phase=max(self.state.phase_index, 0), vraag=vraag, niveau=niveau, present=self.present
        )
        return self.state.rounds[seq]

    def open_round_in_progress(self) -> CfuRound | None:
        return next((r for r in self.state.rounds.values() if not r.closed), None)

    def mark(self, round_: CfuRound, pupil_id: str, value: str) -> None:
        if round_.mark_of(pupil_id) != value:
            self._record("mark", round=round_.round_id, pupil=pupil_id, value=value)

    def undo_mark(self, round_: CfuRound) -> None:
        if round_.history:
            self._record("undo", round=round_.round_id)

    def close_round(self, round_: CfuRound) -> None:
        if not round_.closed:
            self._record("round_close", round=round_.round_id)

    @property
    def rounds(self) -> list[CfuRound]:
        return list(self.state.rounds.values())

    # --- beurtstokjes -----------------------------------------------------------------

    def set_repeats(self, repeats: bool) -> None:
        """'Back in the jar' mode: a picked pupil can be picked again at once."""
        if repeats != self.state.repeats:
            self._record("setting", repeats=repeats)

    def pick_pupil(self) -> Pick | None:
        present = self.present
        repeats = self.state.repeats
        chosen = pick(present, self.state.pick_cycle, self.rng, repeats=repeats)
        if chosen is None:
            return None
        cycle = cycle_after_pick(present, self.state.pick_cycle, chosen)
        self._record("pick", pupil=chosen, cycle=cycle, repeats=repeats)
        return self.state.picks[-1]

    def log_pick(self, item: Pick, value: str) -> None:
        self._record("pick_result", pick=item.seq, value=value)

    def undo_pick(self) -> Pick | None:
        """Take back the last pick: the pupil goes back in the jar."""
        live = [p for p in self.state.picks if not p.undone]
        if not live:
            return None
        last = live[-1]
        cycle = list(self.state.pick_cycle)
        if cycle and cycle[-1] == last.pupil_id:
            cycle.pop()
        self._record("pick_undo", pick=last.seq, cycle=cycle)
        return last

    @property
    def picks(self) -> list[Pick]:
        return [p for p in self.state.picks if not p.undone]

    # --- closing ----------------------------------------------------------------------

    def close(self) -> None:
        if self.state.closed_at is None:
            self._record("close")

    @property
    def closed(self) -> bool:
        return self.state.closed_at is not None
