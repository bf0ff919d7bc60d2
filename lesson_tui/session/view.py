"""What a front end shows of a lesson: a read-only view of the run.

Screens (and the co-teacher's page) read the lesson through a `LessonView` and act through
`LessonActions` / `LessonSession` (session.py); neither reaches into the recorder's state.
The view decides nothing itself: each property is one of the run's queries or a rule of
the core (`rules`, `plan`) applied to the run's state. What it returns cannot change the
lesson: lists come as tuples, maps as read-only maps, timers as copies. The check rounds
and the picks are the recorded ones (an action takes one back, e.g. `LessonActions.mark`,
and sees it as it is now); a front end does not change them.

`session.view` is the teacher's; `LessonView(run)` serves any device with a run (the
co-teacher's page has `LessonActions(run).view`). The core's functions that take a run
(the exports) take a view too (`run_of`); front ends never call `run_of`
(tests/processes/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from lesson_tui.klas.pupils import Pupil
from lesson_tui.lesson.run import LessonRun
from lesson_tui.lesson.runstate import Pick
from lesson_tui.plan.lessonplan import LessonPlan, Phase
from lesson_tui.plan.phases import shows_split_line
from lesson_tui.rules.cfu import CfuRound
from lesson_tui.rules.groups import GroupsOnOpen, groups_on_open
from lesson_tui.rules.picker import jar
from lesson_tui.rules.sporen import Decision, Evidence, Placement, spoor_counts
from lesson_tui.rules.timing import PhaseTiming
from lesson_tui.session.board import BoardView, SporenColumn, board_view, sporen_columns


class LessonView:
    """One lesson as a front end shows it; read-only (properties and queries only)."""

    __slots__ = ("_run",)
    _run: LessonRun

    def __init__(self, run: LessonRun) -> None:
        object.__setattr__(self, "_run", run)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"LessonView is read-only ({name})")

    # --- the lesson and its class --------------------------------------------------

    @property
    def run_id(self) -> str:
        return self._run.run_id

    @property
    def class_name(self) -> str:
        return self._run.class_name

    @property
    def class_id(self) -> str:
        return self._run.class_id

    @property
    def plan(self) -> LessonPlan:
        return self._run.plan

    @property
    def pupils(self) -> tuple[Pupil, ...]:
        """The class as it was when the lesson started, in class order."""
        return tuple(self._run.pupils)

    @property
    def names(self) -> Mapping[str, str]:
        """The name each pupil is shown by (first names, made unique in the class)."""
        return MappingProxyType(self._run.names)

    @property
    def pupil_ids(self) -> list[str]:
        return self._run.pupil_ids

    def pupil_by_number(self, number: int) -> Pupil | None:
        return self._run.pupil_by_number(number)

    def number_of(self, pupil_id: str) -> int:
        return next(p.number for p in self._run.pupils if p.id == pupil_id)

    @property
    def present(self) -> list[str]:
        return self._run.present

    @property
    def absent(self) -> frozenset[str]:
        return frozenset(self._run.state.absent)

    def now(self) -> datetime:
        """The lesson's clock (never going back)."""
        return self._run.clock.now()

    @property
    def problems(self) -> tuple[str, ...]:
        """What was skipped in another device's file, one line each, for the teacher."""
        return tuple(self._run.problems)

    # --- phases and the timer ----------------------------------------------------------

    @property
    def phase_index(self) -> int:
        return self._run.phase_index

    @property
    def phase(self) -> Phase | None:
        """The phase the lesson is in (None before the first)."""
        index = self._run.phase_index
        fase = self._run.plan.fase
        return fase[index] if 0 <= index < len(fase) else None

    @property
    def is_last_phase(self) -> bool:
        return self._run.phase_index == len(self._run.plan.fase) - 1

    @property
    def timings(self) -> tuple[PhaseTiming, ...]:
        return tuple(_copy(timing) for timing in self._run.timings)

    @property
    def current_timing(self) -> PhaseTiming | None:
        timing = self._run.current_timing
        return None if timing is None else _copy(timing)

    @property
    def paused(self) -> bool:
        return self._run.state.paused

    @property
    def closed(self) -> bool:
        return self._run.closed

    @property
    def last_event_at(self) -> datetime | None:
        """When anything last happened in the lesson (where a lesson left open stopped)."""
        return self._run.state.last_event_at

    # --- check rounds ------------------------------------------------------------------

    @property
    def rounds(self) -> tuple[CfuRound, ...]:
        """The rounds that count."""
        return tuple(self._run.rounds)

    def round(self, round_id: int) -> CfuRound | None:
        """A round as the lesson has it now (a co-teacher's late event folds the state anew)."""
        return self._run.state.rounds.get(round_id)

    def others_open_rounds(self) -> tuple[CfuRound, ...]:
        return tuple(self._run.others_open_rounds())

    @property
    def exit_rounds(self) -> tuple[CfuRound, ...]:
        return tuple(self._run.exit_rounds())

    def miniklas_check(self, own: int | None = None) -> CfuRound | None:
        """The miniklas's quick check being marked: the one this device opened (`own`),
        else one the other teacher opened and did not close."""
        rounds = self._run.state.rounds
        if own is not None and own in rounds and not rounds[own].closed:
            return rounds[own]
        return next((r for r in rounds.values() if r.kind == "miniklas" and not r.closed), None)

    # --- beurtstokjes ------------------------------------------------------------------

    @property
    def picks(self) -> tuple[Pick, ...]:
        return tuple(self._run.picks)  # as recorded: an action takes a pick back (`log_pick`)

    @property
    def repeats(self) -> bool:
        """'Back in the jar': a picked pupil can be picked again at once."""
        return self._run.state.repeats

    @property
    def jar_left(self) -> int:
        """How many present pupils are still in the jar this cycle."""
        return len(jar(self._run.present, self._run.state.pick_cycle))

    # --- the sporen --------------------------------------------------------------------

    def evidence(self) -> dict[str, Evidence]:
        return self._run.evidence()

    def decisions(self) -> dict[str, Decision]:
        return self._run.decisions()

    @property
    def self_assessment(self) -> Mapping[str, int]:
        return MappingProxyType(self._run.state.self_assessment)

    @property
    def sporen(self) -> Mapping[str, Placement] | None:
        """The confirmed split (pupil -> `Placement`), None before it is confirmed."""
        split = self._run.sporen
        return None if split is None else MappingProxyType(split)

    @property
    def miniklas(self) -> list[str]:
        return self._run.miniklas

    @property
    def still_in_miniklas(self) -> list[str]:
        return self._run.still_in_miniklas

    @property
    def left_miniklas(self) -> list[str]:
        return self._run.left_miniklas

    def sporen_now(self) -> dict[str, int]:
        return self._run.sporen_now()

    @property
    def spoor_counts(self) -> dict[int, int]:
        """How many pupils are in each spoor now (who left the miniklas counts with 2)."""
        return spoor_counts(self._run.sporen_now())

    @property
    def split_line(self) -> dict[int, int] | None:
        """The split in one line for the teacher (pupils per spoor now), in the phases that
        show it (`phases.shows_split_line`) once it is confirmed; else None."""
        phase = self.phase
        if self._run.sporen is None or phase is None or not shows_split_line(phase.soort):
            return None
        return self.spoor_counts

    def minutes_before_leaving(self, pupil_id: str) -> int:
        """How long a pupil who left the miniklas was in it (whole minutes from the split)."""
        left = self._run.state.jij.left_miniklas.get(pupil_id)
        start = self._run.state.sporen_at
        if left is None or start is None:
            return 0
        return int((left - start).total_seconds() // 60)

    def columns(self, spoor_of: dict[str, int] | None = None) -> tuple[SporenColumn, ...]:
        """The split as the board shows it (`board.sporen_columns`)."""
        return sporen_columns(self._run, spoor_of)

    # --- FLEX ----------------------------------------------------------------------------

    @property
    def help_queue(self) -> tuple[tuple[str, datetime], ...]:
        """Who waits for help, longest first, with when they asked."""
        return tuple(self._run.state.jij.help_queue)

    @property
    def miniklas_timer(self) -> PhaseTiming:
        return _copy(self._run.state.jij.miniklas_timer)

    # --- duos and groups --------------------------------------------------------------

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(group) for group in self._run.state.groups)

    @property
    def groups_mode(self) -> str:
        return self._run.state.groups_mode

    @property
    def groups_size(self) -> int:
        return self._run.state.groups_size

    def groups_on_open(self, mode: str, size: int) -> GroupsOnOpen:
        """What the groups screen starts with (`groups.groups_on_open`): the groups made
        earlier in the lesson, for who is here now, or new ones of `mode` and `size`."""
        state = self._run.state
        made = [list(group) for group in state.groups]
        return groups_on_open(made, state.groups_mode, state.groups_size, self._run.present, mode, size)

    # --- the closing and the board ------------------------------------------------------

    @property
    def notes(self) -> Mapping[str, str]:
        return MappingProxyType(self._run.state.notes)

    def board(self, now: datetime | None = None) -> BoardView:
        """What the class sees on the board now (`board.board_view`)."""
        return board_view(self._run, self.now() if now is None else now)


def run_of(lesson: LessonRun | LessonView) -> LessonRun:
    """The run behind a view, for the core's functions that take a run (the exports);
    never for a front end."""
    return lesson._run if isinstance(lesson, LessonView) else lesson


def _copy(timing: PhaseTiming) -> PhaseTiming:
    return replace(timing, segments=list(timing.segments))
