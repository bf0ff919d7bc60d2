"""What a lesson run answers without changing it: who is in the lesson, the rounds that
count, today's evidence and the sporen it suggests, who is in the miniklas now, the exit
ticket. Read-only questions over the folded state (`RunState`), asked by the session, the
board, the exports and the recorder's own commands (run.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lesson_tui.base.clock import from_iso
from lesson_tui.klas.pupils import Pupil, legacy_class_id
from lesson_tui.lesson.log import RunLog
from lesson_tui.lesson.runstate import Pick, RunState
from lesson_tui.lesson.writers import round_counts
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.plan.phases import PhaseKind
from lesson_tui.rules.cfu import CfuRound, ExitScore, exit_score
from lesson_tui.rules.sporen import (
    KLEINE_AFSLUITING_WEIGHT,
    Decision,
    Evidence,
    Placement,
    decide,
    spoor_of_split,
    suggest_sporen,
)
from lesson_tui.rules.timing import PhaseTiming


def _text(info: dict[str, Any], key: str) -> str:
    """A text field of the run's info (a run file's JSON): a run file without it is damaged."""
    value = info[key]
    if not isinstance(value, str):
        raise ValueError(f"run info {key!r} is not a text")
    return value


class RunQueries:
    """The read-only half of `LessonRun`: everything here reads `plan`, `pupils`, `info`
    and the log's folded state, and records nothing."""

    plan: LessonPlan
    pupils: list[Pupil]
    info: dict[str, Any]  # the run file's info document (JSON)
    log: RunLog

    @property
    def state(self) -> RunState:
        """The fold of every writer's events so far."""
        return self.log.state

    @property
    def writer(self) -> int:
        """This device (0: the teacher's app; a co-teacher's device writes its own file)."""
        return self.log.writer

    # --- identity -------------------------------------------------------------------

    @property
    def run_id(self) -> str:
        return _text(self.info, "run_id")

    @property
    def class_name(self) -> str:
        return _text(self.info, "class")

    @property
    def class_id(self) -> str:
        """The class's identity (runs from before class ids: derived from the name)."""
        stored = self.info.get("class_id")
        return stored if isinstance(stored, str) and stored else legacy_class_id(self.class_name)

    @property
    def started_at(self) -> datetime:
        return from_iso(_text(self.info, "started_at"))

    @property
    def pupil_ids(self) -> list[str]:
        return [p.id for p in self.pupils]

    def pupil_by_number(self, number: int) -> Pupil | None:
        return next((p for p in self.pupils if p.number == number), None)

    @property
    def present(self) -> list[str]:
        return [pid for pid in self.pupil_ids if pid not in self.state.absent]

    # --- phases and timer -----------------------------------------------------------

    @property
    def timings(self) -> list[PhaseTiming]:
        return self.state.timings

    @property
    def phase_index(self) -> int:
        return self.state.phase_index

    @property
    def current_timing(self) -> PhaseTiming | None:
        return self.state.current_timing

    # --- check for understanding ----------------------------------------------------

    def open_round_in_progress(self) -> CfuRound | None:
        """This device's open round (to go on with); another device's never opens here."""
        return next(
            (r for r in self.state.rounds.values() if r.writer == self.writer and not (r.closed or r.discarded)), None
        )

    def others_open_rounds(self) -> list[CfuRound]:
        """Rounds another device opened and did not close (a tab closed halfway): they do
        not count, and a teacher may throw them away (`discard_round`)."""
        return [r for r in self.state.rounds.values() if r.writer != self.writer and not (r.closed or r.discarded)]

    @property
    def rounds(self) -> list[CfuRound]:
        """The rounds that count (see `writers.round_counts`)."""
        return [r for r in self.state.rounds.values() if round_counts(r)]

    # --- beurtstokjes -----------------------------------------------------------------

    @property
    def picks(self) -> list[Pick]:
        return [p for p in self.state.picks if not p.undone]

    # --- kleine lesafsluiting: evidence, suggestion, decision --------------------------

    def evidence(self) -> dict[str, Evidence]:
        """Today's evidence per pupil: CFU rounds (the kleine lesafsluiting's counts
        double) and beurtstokje answers."""
        kleine = {i for i, phase in enumerate(self.plan.fase) if phase.soort == PhaseKind.KLEINE_AFSLUITING}
        found: dict[str, Evidence] = {pid: Evidence() for pid in self.pupil_ids}
        for round_ in self.rounds:
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
            self.present, self.evidence(), self.state.self_assessment, drempels.beheersing, drempels.ondersteuning,
            self.state.goal_priors, self.state.invited,
        )
        return {
            pid: decide(s, self.state.overrides.get(pid), self.state.voluntary.get(pid))
            for pid, s in suggestions.items()
        }

    @property
    def sporen(self) -> dict[str, Placement] | None:
        """The confirmed split (pupil -> `Placement`), None before it is confirmed."""
        return self.state.sporen

    @property
    def miniklas(self) -> list[str]:
        """Who the split put in spoor 3 (in class order), also those who left since."""
        split = spoor_of_split(self.state.sporen)
        return [pid for pid in self.pupil_ids if split.get(pid) == 3]

    def sporen_now(self, split: dict[str, int] | None = None) -> dict[str, int]:
        """Each pupil's spoor as it is now. A pupil who left the miniklas because they got it
        (afvalsysteem) works on their own with spoor 2; coming back puts them in spoor 3
        again. The one rule for who is still in the miniklas (screens, board, exports).
        `split` is a split not yet confirmed (pupil -> spoor); by default the stored one."""
        if split is None:
            split = spoor_of_split(self.state.sporen)
        left = self.state.jij.left_miniklas
        now = {}
        for pid in self.pupil_ids:
            spoor = split.get(pid)
            if spoor is not None:
                now[pid] = 2 if spoor == 3 and pid in left else spoor
        return now

    @property
    def still_in_miniklas(self) -> list[str]:
        """The miniklas now: spoor 3 minus who left it (in class order)."""
        return [pid for pid, spoor in self.sporen_now().items() if spoor == 3]

    @property
    def left_miniklas(self) -> list[str]:
        """Who the split put in the miniklas and who left it since (in class order)."""
        staying = set(self.still_in_miniklas)
        return [pid for pid in self.miniklas if pid not in staying]

    # --- across lessons: the goal's evidence and the time given ------------------------

    def goal_evidence(self) -> dict[str, Evidence]:
        """What this lesson showed of each pupil on its goal (`rules/mastery`): today's
        evidence (`evidence`) and the exit ticket's answers, which count double like the
        kleine lesafsluiting's round (the check at the end of the lesson). Pupils without
        any are left out."""
        found = self.evidence()
        for round_ in self.exit_rounds():
            for pid in round_.present:
                if pid in found:
                    found[pid] = found[pid].add(round_.mark_of(pid), KLEINE_AFSLUITING_WEIGHT)
        return {pid: item for pid, item in found.items() if item.weight > 0}

    def miniklas_seconds(self, now: datetime) -> dict[str, int]:
        """Time given at the instructietafel: per pupil of the miniklas, the seconds its
        timer ran while they were in it (until they left it, afvalsysteem)."""
        timer = self.state.jij.miniklas_timer
        left = self.state.jij.left_miniklas
        seconds = {}
        for pid in self.miniklas:
            until = left.get(pid)
            spent = timer.elapsed_until(until, now) if until is not None else timer.elapsed(now)
            seconds[pid] = round(spent)
        return seconds

    # --- duos and groups ----------------------------------------------------------------

    @property
    def groups(self) -> list[list[str]]:
        return self.state.groups

    # --- grote lesafsluiting ----------------------------------------------------------

    def exit_rounds(self) -> list[CfuRound]:
        return [r for r in self.rounds if r.kind == "exit"]

    def exit_ticket(self) -> dict[str, ExitScore]:
        """Each pupil's exit ticket; afwezig never counts (see `exit_score`)."""
        rounds = self.exit_rounds()
        scores = {pid: exit_score([r.mark_of(pid) for r in rounds if pid in r.present]) for pid in self.pupil_ids}
        return {pid: score for pid, score in scores.items() if score is not None}

    # --- closing ----------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self.state.closed_at is not None
