"""A lesson run: the recorder. Every teacher action (a phase step, a pause, a mark, a pick,
an attendance change) is one command here that checks what it may, then records one event.

The run is three parts: `RunLog` (log.py) owns the files, writes each event before the
state changes in memory, and folds every writer's events into the state; `RunQueries`
(queries.py) answers what the lesson is now, read-only; `LessonRun` composes them and holds
the commands, the only methods that change the lesson (`_record`). Resuming after a crash
is the same code path as live use, and `undo` just another event.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from lesson_tui.base.clock import Clock, LessonClock
from lesson_tui.files.storage import SaveError
from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.lesson import events as ev
from lesson_tui.lesson.log import RunLog
from lesson_tui.lesson.queries import RunQueries
from lesson_tui.lesson.runstate import Pick, RunState
from lesson_tui.lesson.untrusted import Context
from lesson_tui.lesson.writers import MAIN
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.rules.cfu import CfuRound
from lesson_tui.rules.picker import cycle_after_pick, pick
from lesson_tui.rules.sporen import Refused, placement
from lesson_tui.rules.timing import PhaseTiming


class LessonRun(RunQueries):
    """One lesson with one class: the commands persist an event, then apply it; what the
    lesson is now is asked through `RunQueries`."""

    def __init__(
        self,
        db: TinyDB,
        path: Path,
        clock: Clock,
        rng: random.Random | None = None,
        *,
        writer: int = MAIN,
        own: TinyDB | None = None,
        lead: bool = False,
        writers: dict[int, Path] | None = None,
    ) -> None:
        """`db` is the run file; `writer` is this device (0: the teacher's app, which
        writes the run file itself; a co-teacher writes `own`, its own file beside it).
        `writers`: the co-writers' files, when a listing of the folder already found them
        (`writers.writers_among`); else the folder is listed."""
        self.db = db
        self.path = path
        self.clock = LessonClock(clock)  # wall time for stamps, never going back (see clock.py)
        self.rng = rng or random.Random()
        info = db.table("run").get(doc_id=1)
        if info is None:
            raise ValueError("run file without run info")
        self.info: dict[str, Any] = dict(info)
        self.plan = LessonPlan.from_dict(self.info["lesson"])
        self.pupils = [Pupil.from_doc(doc) for doc in self.info["pupils"]]
        self.names = display_names(self.pupils)
        context = Context(frozenset(self.pupil_ids), len(self.plan.fase), self.started_at)
        self.log = RunLog(
            db, path, self.run_id, self.clock, context, self._fresh_state,
            writer=writer, own=own, lead=lead, writers=writers,
        )
        self.catch_up()
        self.clock.start(self.state.last_event_at, self.log.own_last)

    def _fresh_state(self) -> RunState:
        return RunState(
            timings=[PhaseTiming(p.planned_seconds) for p in self.plan.fase],
            absent=set(self.info.get("absent", [])),
        )

    # --- the log: saving, other devices -----------------------------------------------

    @property
    def applied_seq(self) -> int:
        """The last of the teacher's app's own events folded (its sequence number)."""
        return self.log.applied_seq

    @property
    def problems(self) -> list[str]:
        """What was skipped in other devices' files, named once."""
        return self.log.problems

    @property
    def save_error(self) -> SaveError | None:
        """Why the last event could not be saved; None once one is saved again."""
        return self.log.save_error

    @property
    def on_save_error(self) -> Callable[[SaveError], None] | None:
        return self.log.on_save_error

    @on_save_error.setter
    def on_save_error(self, callback: Callable[[SaveError], None] | None) -> None:
        self.log.on_save_error = callback

    @property
    def on_change(self) -> Callable[[], None] | None:
        """Told once after every saved event."""
        return self.log.on_change

    @on_change.setter
    def on_change(self, callback: Callable[[], None] | None) -> None:
        self.log.on_change = callback

    def note_problem(self, text: str) -> None:
        """One line for the teacher about another device's file, said once."""
        self.log.note_problem(text)

    def catch_up(self) -> int:
        """Fold events on disk not yet in the state (a follower, a co-teacher's file); the
        number of new events (see `RunLog.catch_up`)."""
        return self.log.catch_up()

    def _record(self, event: ev.Event) -> int | None:
        """Write one event, then apply it; None when it could not be saved (`save_error`
        says why, `on_save_error` is told, nothing changed)."""
        return self.log.record(event)

    # --- phases and timer -----------------------------------------------------------

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
        seq = self._record(
            ev.RoundOpened(phase=max(self.state.phase_index, 0), vraag=vraag, niveau=niveau, present=tuple(present), kind=kind)
        )
        return None if seq is None else self.state.rounds[seq]

    def discard_round(self, round_: CfuRound) -> bool:
        if round_.closed or round_.discarded:
            return False
        return self._record(ev.RoundDiscarded(round=round_.round_id)) is not None

    def mark(self, round_: CfuRound, pupil_id: str, value: str) -> int | None:
        """The event's id once it is on disk; None when nothing changed or it failed."""
        if round_.mark_of(pupil_id) != value:
            return self._record(ev.Marked(round=round_.round_id, pupil=pupil_id, value=value))
        return None

    def undo_mark(self, round_: CfuRound) -> None:
        """Take back this device's own last mark in the round (never the other teacher's)."""
        if round_.can_undo(self.writer):
            self._record(ev.MarkUndone(round=round_.round_id))

    def close_round(self, round_: CfuRound) -> None:
        if not round_.closed:
            self._record(ev.RoundClosed(round=round_.round_id))

    # --- beurtstokjes -----------------------------------------------------------------

    def set_repeats(self, repeats: bool) -> None:
        """'Back in the jar' mode: a picked pupil can be picked again at once."""
        if repeats != self.state.repeats:
            self._record(ev.PickerSetting(repeats=repeats))

    def pick_pupil(self, asked: Mapping[str, int] | None = None) -> Pick | None:
        """A beurtstokje; with `asked` (pupil -> turns so far, e.g. this week's), one of
        those in the jar asked least."""
        present = self.present
        repeats = self.state.repeats
        chosen = pick(present, self.state.pick_cycle, self.rng, repeats=repeats, asked=asked)
        if chosen is None:
            return None
        cycle = cycle_after_pick(present, self.state.pick_cycle, chosen)
        if self._record(ev.Picked(pupil=chosen, cycle=tuple(cycle), repeats=repeats)) is None:
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
        self._record(ev.PickLogged(pick=item.seq, value=value, cycle=tuple(cycle)))

    def undo_pick(self) -> Pick | None:
        """Take back the last pick: the pupil goes back in the jar."""
        live = [p for p in self.state.picks if not p.undone]
        if not live:
            return None
        last = live[-1]
        cycle = list(self.state.pick_cycle)
        if cycle and cycle[-1] == last.pupil_id:
            cycle.pop()
        self._record(ev.PickUndone(pick=last.seq, cycle=tuple(cycle)))
        return last

    # --- kleine lesafsluiting: self-assessment, overrides, the decision ---------------

    def start_self_assessment(self, default: int = 1) -> None:
        """A self-assessment round, as fast as a check round: every present pupil who has
        not said otherwise starts at `default` ("ik kan het alleen"); the teacher marks
        only the pupils who differ."""
        unset = [pid for pid in self.present if pid not in self.state.self_assessment]
        if unset:
            self._record(ev.SelfDefaulted(value=default, pupils=tuple(unset)))

    def set_self_assessment(self, pupil_id: str, value: int | None) -> None:
        if self.state.self_assessment.get(pupil_id) != value:
            self._record(ev.SelfAssessed(pupil=pupil_id, value=value))

    def set_override(self, pupil_id: str, spoor: int | None) -> None:
        if self.state.overrides.get(pupil_id) != spoor:
            self._record(ev.SporeOverridden(pupil=pupil_id, spoor=spoor))

    def set_voluntary(self, pupil_id: str, value: bool | None) -> None:
        """Vrijwillig is the pupil's own ask for the miniklas: only for a pupil in spoor 3
        (None, back to the suggestion, is always allowed). Raises `Refused` otherwise."""
        if value is not None:
            decision = self.decisions().get(pupil_id)
            if decision is None or decision.spoor != 3:
                raise Refused("sporen.voluntary_refused", pupil_id)
        if self.state.voluntary.get(pupil_id) != value:
            self._record(ev.VoluntarySet(pupil=pupil_id, value=value))

    def confirm_sporen(self, reasons: dict[str, str]) -> bool:
        """Store the split: every present pupil's spoor, reason and miniklas status."""
        assignments = {
            pid: ev.placement_to_doc(placement(decision, reasons.get(pid, "")))
            for pid, decision in self.decisions().items()
        }
        return self._record(ev.SporenConfirmed(assignments=assignments)) is not None

    # --- duos and groups ----------------------------------------------------------------

    def set_groups(self, mode: str, size: int, groups: list[list[str]]) -> int | None:
        return self._record(ev.GroupsMade(mode=mode, size=size, groups=tuple(tuple(g) for g in groups)))

    # --- JIJ: miniklas and help queue ---------------------------------------------------

    def miniklas_timer(self, running: bool) -> None:
        if self.state.jij.miniklas_timer.running != running:
            self._record(ev.MiniklasTimerSet(running=running))

    def miniklas_adjust(self, minutes: int) -> None:
        timer = self.state.jij.miniklas_timer
        seconds = max(minutes * 60, -(timer.planned_s + timer.adjust_s))
        if seconds:
            self._record(ev.MiniklasAdjusted(seconds=seconds))

    def toggle_miniklas_leave(self, pupil_id: str) -> int | None:
        """Afvalsysteem: a pupil who gets it leaves the miniklas (and may come back). Only a
        miniklas pupil can; raises `Refused` for anyone else (the co-teacher's device too)."""
        if pupil_id not in self.miniklas:
            raise Refused("flex.not_in_miniklas", pupil_id)
        return self._record(ev.MiniklasLeft(pupil=pupil_id, left=pupil_id not in self.state.jij.left_miniklas))

    def help_add(self, pupil_id: str) -> int | None:
        """A pupil asks for help; one still in the miniklas has the teacher already and is
        refused (`Refused`)."""
        if pupil_id in self.still_in_miniklas:
            raise Refused("flex.in_miniklas", pupil_id)
        if all(pid != pupil_id for pid, _ in self.state.jij.help_queue):
            return self._record(ev.HelpAsked(pupil=pupil_id))
        return None

    def help_next(self) -> str | None:
        queue = self.state.jij.help_queue
        if not queue:
            return None
        pupil = queue[0][0]
        self._record(ev.HelpGiven())
        return pupil

    # --- across lessons -----------------------------------------------------------------

    def set_goal_priors(self, goal: str, statuses: dict[str, str]) -> None:
        """Each pupil's status on the lesson's goal before today (see `ev.GoalPriors`);
        recorded once, at the start, when there is one to record."""
        if statuses and not self.state.goal_priors:
            self._record(ev.GoalPriors(goal=goal, statuses=dict(statuses)))

    def invite_to_miniklas(self, goal: str, pupils: list[str]) -> None:
        """A herhaalles: these pupils start in the miniklas (see `ev.MiniklasInvited`)."""
        if pupils and not self.state.invited:
            self._record(ev.MiniklasInvited(goal=goal, pupils=tuple(pupils)))

    # --- grote lesafsluiting ----------------------------------------------------------

    def set_note(self, key: str, text: str) -> None:
        if self.state.notes.get(key, "") != text:
            self._record(ev.NoteWritten(key=key, text=text))

    # --- closing ----------------------------------------------------------------------

    def close(self) -> bool:
        if self.state.closed_at is None:
            return self._record(ev.LessonClosed()) is not None
        return True
