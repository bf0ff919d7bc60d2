"""A lesson run: everything that happened in one lesson, as an append-only event log.

Every teacher action (a phase step, a pause, a mark, a pick, an attendance change) is one
event, written to the run's own small TinyDB file *before* the state changes in memory, so
the screen never shows what is not on disk. The state is a fold over the events, which makes
resuming after a crash the same code path as live use, and `undo` just another event.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from collections.abc import Callable
from typing import Any

from tinydb import TinyDB

from lesson_tui.cfu import CfuRound, ExitScore, exit_score
from lesson_tui.classlist import Pupil, display_names
from lesson_tui.clock import Clock, from_iso
from lesson_tui import events as ev
from lesson_tui.lessonplan import LessonPlan
from lesson_tui.picker import cycle_after_pick, pick
from lesson_tui.sporen import Decision, Evidence, KLEINE_AFSLUITING_WEIGHT, decide, suggest_sporen
from lesson_tui.runstate import Pick, RunState
from lesson_tui.storage import SaveError
from lesson_tui.timing import PhaseTiming



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
        self.state = RunState(
            timings=[PhaseTiming(p.planned_seconds) for p in self.plan.fase],
            absent=set(self.info.get("absent", [])),
        )
        self.save_error: SaveError | None = None
        self.on_save_error: Callable[[SaveError], None] | None = None
        self.on_change: Callable[[], None] | None = None  # told once after every saved event
        self._events = db.table("events")
        self.applied_seq = 0  # the last event folded into the state
        self.catch_up()

    def catch_up(self) -> int:
        """Fold events that are in the file but not yet in the state (a follower's file
        grows under it); the number of new events."""
        self._events.clear_cache()
        new = sorted((doc for doc in self._events.all() if doc.doc_id > self.applied_seq), key=lambda d: d.doc_id)
        for doc in new:
            at, event = ev.event_from_doc(doc)
            self.state.apply(doc.doc_id, at, event)
            self.applied_seq = doc.doc_id
        return len(new)

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

    def _record(self, event: ev.Event) -> int | None:
        """Write one event, then apply it; None when it could not be saved.

        A failed save (disk full, a folder gone read-only, a USB stick pulled) changes
        nothing: the state stays what is on disk, `save_error` says why, and `on_save_error`
        is told, so the screen can say so and the teacher can go on when space returns."""
        at = self.clock.now()
        try:
            seq = self._events.insert(event.to_doc(at))  # atomic write to disk first ...
        except SaveError as error:
            self.save_error = error
            if self.on_save_error is not None:
                self.on_save_error(error)
            return None
        self.save_error = None
        self.state.apply(seq, at, event)  # ... then the state the screen shows
        self.applied_seq = max(self.applied_seq, seq)
        if self.on_change is not None:
            self.on_change()
        return seq

    @property
    def timings(self) -> list[PhaseTiming]:
        return self.state.timings

    # --- phases and timer -----------------------------------------------------------

    @property
    def phase_index(self) -> int:
        return self.state.phase_index

    @property
    def current_timing(self) -> PhaseTiming | None:
        return self.state.current_timing

    def go_to_phase(self, index: int) -> None:
        if not 0 <= index < len(self.plan.fase) or index == self.state.phase_index:
            return
        if self.state.paused:
            self._record(ev.Resumed())
        self._record(ev.PhaseStarted(index=index))

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
        self._record(ev.Resumed() if self.state.paused else ev.Paused())

    def pause(self) -> None:
        if not self.state.paused:
            self._record(ev.Paused())

    def resume(self) -> None:
        if self.state.paused:
            self._record(ev.Resumed())

    def adjust_minutes(self, minutes: int) -> None:
        timing = self.current_timing
        if timing is None:
            return
        # never take a phase below zero planned time
        seconds = max(minutes * 60, -(timing.planned_s + timing.adjust_s))
        if seconds:
            self._record(ev.TimeAdjusted(seconds=seconds))

    # --- attendance -----------------------------------------------------------------

    def set_present(self, pupil_id: str, present: bool) -> None:
        if (pupil_id not in self.state.absent) != present:
            self._record(ev.AttendanceChanged(pupil=pupil_id, present=present))

    # --- check for understanding ----------------------------------------------------

    def open_round(
        self, vraag: str, niveau: str = "gesloten", *, kind: str = "cfu", pupils: list[str] | None = None
    ) -> CfuRound | None:
        """A new round for the present pupils (or the given ones, e.g. the miniklas)."""
        present = [pid for pid in (pupils if pupils is not None else self.present) if pid not in self.state.absent]
        seq = self._record(ev.RoundOpened(phase=max(self.state.phase_index, 0), vraag=vraag, niveau=niveau, present=present, kind=kind))
        return None if seq is None else self.state.rounds[seq]

    def open_round_in_progress(self) -> CfuRound | None:
        return next((r for r in self.state.rounds.values() if not r.closed), None)

    def mark(self, round_: CfuRound, pupil_id: str, value: str) -> None:
        if round_.mark_of(pupil_id) != value:
            self._record(ev.Marked(round=round_.round_id, pupil=pupil_id, value=value))

    def undo_mark(self, round_: CfuRound) -> None:
        if round_.history:
            self._record(ev.MarkUndone(round=round_.round_id))

    def close_round(self, round_: CfuRound) -> None:
        if not round_.closed:
            self._record(ev.RoundClosed(round=round_.round_id))

    @property
    def rounds(self) -> list[CfuRound]:
        return list(self.state.rounds.values())

    # --- beurtstokjes -----------------------------------------------------------------

    def set_repeats(self, repeats: bool) -> None:
        """'Back in the jar' mode: a picked pupil can be picked again at once."""
        if repeats != self.state.repeats:
            self._record(ev.PickerSetting(repeats=repeats))

    def pick_pupil(self) -> Pick | None:
        present = self.present
        repeats = self.state.repeats
        chosen = pick(present, self.state.pick_cycle, self.rng, repeats=repeats)
        if chosen is None:
            return None
        cycle = cycle_after_pick(present, self.state.pick_cycle, chosen)
        if self._record(ev.Picked(pupil=chosen, cycle=cycle, repeats=repeats)) is None:
            return None
        return self.state.picks[-1]

    def log_pick(self, item: Pick, value: str) -> None:
        """The picked pupil's answer. A pupil who passes ("pas") goes back in the jar and
        is asked again later in the round; an answer after a pass takes them out again."""
        cycle = list(self.state.pick_cycle)
        if value == "pas":
            cycle = [pid for pid in cycle if pid != item.pupil_id]
        elif item.result == "pas" and item.pupil_id not in cycle:
            cycle.append(item.pupil_id)
        self._record(ev.PickLogged(pick=item.seq, value=value, cycle=cycle))

    def undo_pick(self) -> Pick | None:
        """Take back the last pick: the pupil goes back in the jar."""
        live = [p for p in self.state.picks if not p.undone]
        if not live:
            return None
        last = live[-1]
        cycle = list(self.state.pick_cycle)
        if cycle and cycle[-1] == last.pupil_id:
            cycle.pop()
        self._record(ev.PickUndone(pick=last.seq, cycle=cycle))
        return last

    @property
    def picks(self) -> list[Pick]:
        return [p for p in self.state.picks if not p.undone]

    # --- kleine lesafsluiting: evidence, suggestion, decision --------------------------

    def evidence(self) -> dict[str, Evidence]:
        """Today's evidence per pupil: CFU rounds (the kleine lesafsluiting's counts
        double) and beurtstokje answers."""
        kleine = {i for i, phase in enumerate(self.plan.fase) if phase.soort == "kleine_afsluiting"}
        found: dict[str, Evidence] = {pid: Evidence() for pid in self.pupil_ids}
        for round_ in self.state.rounds.values():
            if round_.kind != "cfu":
                continue
            weight = KLEINE_AFSLUITING_WEIGHT if round_.phase_index in kleine else 1.0
            for pid, mark in round_.final_marks(self.pupil_ids).items():
                found[pid] = found[pid].add(mark, weight)
        for item in self.picks:
            if item.result:
                found[item.pupil_id] = found[item.pupil_id].add(item.result)
        return found

    def decisions(self) -> dict[str, Decision]:
        drempels = self.plan.drempels
        suggestions = suggest_sporen(
            self.present, self.evidence(), self.state.self_assessment, drempels.beheersing, drempels.ondersteuning
        )
        return {
            pid: decide(s, self.state.overrides.get(pid), self.state.voluntary.get(pid))
            for pid, s in suggestions.items()
        }

    def start_self_assessment(self, default: int = 1) -> None:
        """A self-assessment round, as fast as a check round: every present pupil who has
        not said otherwise starts at `default` ("ik kan het alleen"); the teacher marks
        only the pupils who differ."""
        unset = [pid for pid in self.present if pid not in self.state.self_assessment]
        if unset:
            self._record(ev.SelfDefaulted(value=default, pupils=unset))

    def set_self_assessment(self, pupil_id: str, value: int | None) -> None:
        if self.state.self_assessment.get(pupil_id) != value:
            self._record(ev.SelfAssessed(pupil=pupil_id, value=value))

    def set_override(self, pupil_id: str, spoor: int | None) -> None:
        if self.state.overrides.get(pupil_id) != spoor:
            self._record(ev.SporeOverridden(pupil=pupil_id, spoor=spoor))

    def set_voluntary(self, pupil_id: str, value: bool | None) -> None:
        if self.state.voluntary.get(pupil_id) != value:
            self._record(ev.VoluntarySet(pupil=pupil_id, value=value))

    def confirm_sporen(self, reasons: dict[str, str]) -> bool:
        """Store the split: every present pupil's spoor, reason and miniklas status."""
        assignments = {}
        for pid, decision in self.decisions().items():
            assignments[pid] = {
                "spoor": decision.spoor,
                "voorstel": decision.suggestion.spoor,
                "aangepast": decision.overridden,
                "vrijwillig": decision.voluntary,
                "reden": reasons.get(pid, ""),
            }
        return self._record(ev.SporenConfirmed(assignments=assignments)) is not None

    @property
    def sporen(self) -> dict[str, dict] | None:
        return self.state.sporen

    @property
    def miniklas(self) -> list[str]:
        if not self.state.sporen:
            return []
        return [pid for pid in self.pupil_ids if self.state.sporen.get(pid, {}).get("spoor") == 3]

    # --- JIJ: miniklas and help queue ---------------------------------------------------

    def miniklas_timer(self, running: bool) -> None:
        if self.state.jij.miniklas_timer.running != running:
            self._record(ev.MiniklasTimerSet(running=running))

    def miniklas_adjust(self, minutes: int) -> None:
        timer = self.state.jij.miniklas_timer
        seconds = max(minutes * 60, -(timer.planned_s + timer.adjust_s))
        if seconds:
            self._record(ev.MiniklasAdjusted(seconds=seconds))

    def toggle_miniklas_leave(self, pupil_id: str) -> None:
        """Afvalsysteem: a pupil who gets it leaves the miniklas (and may come back)."""
        self._record(ev.MiniklasLeft(pupil=pupil_id, left=pupil_id not in self.state.jij.left_miniklas))

    def help_add(self, pupil_id: str) -> None:
        if all(pid != pupil_id for pid, _ in self.state.jij.help_queue):
            self._record(ev.HelpAsked(pupil=pupil_id))

    def help_next(self) -> str | None:
        queue = self.state.jij.help_queue
        if not queue:
            return None
        pupil = queue[0][0]
        self._record(ev.HelpGiven())
        return pupil

    # --- grote lesafsluiting ----------------------------------------------------------

    def set_note(self, key: str, text: str) -> None:
        if self.state.notes.get(key, "") != text:
            self._record(ev.NoteWritten(key=key, text=text))

    def exit_rounds(self) -> list[CfuRound]:
        return [r for r in self.state.rounds.values() if r.kind == "exit"]

    def exit_ticket(self) -> dict[str, ExitScore]:
        """Each pupil's exit ticket; afwezig never counts (see `exit_score`)."""
        rounds = self.exit_rounds()
        scores = {pid: exit_score([r.mark_of(pid) for r in rounds if pid in r.present]) for pid in self.pupil_ids}
        return {pid: score for pid, score in scores.items() if score is not None}

    # --- closing ----------------------------------------------------------------------

    def close(self) -> bool:
        if self.state.closed_at is None:
            return self._record(ev.LessonClosed()) is not None
        return True

    @property
    def closed(self) -> bool:
        return self.state.closed_at is not None
