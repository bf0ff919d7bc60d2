"""A lesson being taught: its flow, headless. Screens present it and forward keys.

`LessonSession` owns what follows what in an EDI lesson (docs/DOMAIN.md, "EDI: the lesson in phases"):

* reaching the kleine lesafsluiting opens its check round (`Step.CHECK`);
* saving that round leads to the sporen (`Step.SPOREN`); confirming the split stores it,
  writes the run's index line and moves the lesson on to JIJ, and FLEX opens (`Step.FLEX`);
* FLEX needs the split: asked for without one, the sporen open first; opening FLEX starts
  the miniklas's timer (once);
* a lesson resumed with a check round this device left open goes on with that round
  (`Step.ROUND`);
* reaching the grote lesafsluiting, or stepping past the last phase, starts the closing:
  the exit-ticket questions one by one (`Step.EXIT`), then the reflection (`Step.REFLECT`);
* closing stores `closed_at` and the index line; leaving pauses and releases the lock.

Every recorded change is announced once to the subscribers (the app turns it into one
Textual message), so screens refresh by reacting, not by calling each other. A save that
fails is announced through `on_save_error` and changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from lesson_tui.files.storage import DataFileError
from lesson_tui.klas.pupils import SchoolClass
from lesson_tui.lesson.run import LessonRun
from lesson_tui.lesson.runstate import Pick
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.plan.phases import PhaseKind
from lesson_tui.rules.cfu import CfuRound
from lesson_tui.rules.sporen import PRIOR_SPOOR, reason_text
from lesson_tui.session.view import LessonView
from lesson_tui.store.datastore import DataStore

if TYPE_CHECKING:  # the review is built when a lesson closes, not at every start
    from lesson_tui.review.lesson import LessonReview


class Step(Enum):
    NONE = "none"  # nothing opens by itself
    CHECK = "check"  # the kleine lesafsluiting's check round
    SPOREN = "sporen"  # the split, after that round is saved
    EXIT = "exit"  # the next exit-ticket question
    REFLECT = "reflect"  # the process and feedback questions, then closing
    END = "end"  # the lesson is closed; nothing follows
    GROUPS = "groups"  # JULLIE starts: duos are proposed
    FLEX = "flex"  # the FLEX block, once the split is confirmed
    ROUND = "round"  # a check round left open on this device goes on (`round_in_progress`)


class LessonActions:
    """What a teacher does in a lesson, key by key, on any device (the teacher's app and
    the co-teacher's page): every action a front end takes goes through one of these. The
    recorder `LessonRun` writes the event and refuses what the rules forbid (`Refused`);
    a front end never calls it itself (tests/processes/test_architecture.py)."""

    def __init__(self, run: LessonRun) -> None:
        self.run = run
        self.view = LessonView(run)  # what a front end shows of the lesson (read-only)

    def follow_others(self) -> bool:
        """Fold what another device wrote beside the lesson; a file that cannot be read
        is named for the teacher, never stopping the lesson. True when anything changed."""
        run = self.run
        seen = len(run.problems)
        try:
            changed = run.catch_up()
        except DataFileError as error:
            run.note_problem(str(error))
            changed = 0
        return bool(changed) or len(run.problems) != seen

    def catch_up(self) -> int:
        """Fold what the other devices wrote (the co-teacher's page: the teacher's file);
        the number of events folded."""
        return self.run.catch_up()

    # phases and the timer
    def previous_phase(self) -> bool:
        return self.run.previous_phase()

    def toggle_pause(self) -> None:
        self.run.toggle_pause()

    def adjust_minutes(self, minutes: int) -> None:
        self.run.adjust_minutes(minutes)

    def set_present(self, pupil_id: str, present: bool) -> None:
        self.run.set_present(pupil_id, present)

    # check rounds (also the miniklas's and the exit ticket's)
    def open_round(
        self, vraag: str, niveau: str = "gesloten", *, kind: str = "cfu", pupils: list[str] | None = None
    ) -> CfuRound | None:
        return self.run.open_round(vraag, niveau, kind=kind, pupils=pupils)

    def mark(self, round_: CfuRound, pupil_id: str, value: str) -> int | None:
        return self.run.mark(round_, pupil_id, value)

    def undo_mark(self, round_: CfuRound) -> None:
        self.run.undo_mark(round_)

    def close_round(self, round_: CfuRound) -> None:
        self.run.close_round(round_)

    def discard_round(self, round_: CfuRound) -> bool:
        return self.run.discard_round(round_)

    # beurtstokjes
    def pick_pupil(self) -> Pick | None:
        return self.run.pick_pupil()

    def log_pick(self, item: Pick, value: str) -> None:
        self.run.log_pick(item, value)

    def undo_pick(self) -> Pick | None:
        return self.run.undo_pick()

    def set_repeats(self, repeats: bool) -> None:
        self.run.set_repeats(repeats)

    # the sporen
    def start_self_assessment(self) -> None:
        self.run.start_self_assessment()

    def set_self_assessment(self, pupil_id: str, value: int | None) -> None:
        self.run.set_self_assessment(pupil_id, value)

    def set_override(self, pupil_id: str, spoor: int | None) -> None:
        self.run.set_override(pupil_id, spoor)

    def set_voluntary(self, pupil_id: str, value: bool | None) -> None:
        self.run.set_voluntary(pupil_id, value)

    # FLEX: the miniklas and the help queue
    def toggle_miniklas_leave(self, pupil_id: str) -> int | None:
        return self.run.toggle_miniklas_leave(pupil_id)

    def help_add(self, pupil_id: str) -> int | None:
        return self.run.help_add(pupil_id)

    def help_next(self) -> str | None:
        return self.run.help_next()

    def miniklas_timer(self, running: bool) -> None:
        self.run.miniklas_timer(running)

    def toggle_miniklas_timer(self) -> None:
        self.run.miniklas_timer(not self.run.state.jij.miniklas_timer.running)

    def miniklas_adjust(self, minutes: int) -> None:
        self.run.miniklas_adjust(minutes)

    # the grote lesafsluiting
    def set_note(self, key: str, text: str) -> None:
        self.run.set_note(key, text)


class LessonSession(LessonActions):
    """The main teacher's lesson: its flow, its index line, its lock; the actions of
    `LessonActions` besides."""

    def __init__(self, store: DataStore, run: LessonRun) -> None:
        super().__init__(run)
        self.store = store
        self._listeners: list[Callable[[], None]] = []
        self.on_save_error: Callable[[Exception], None] | None = None
        run.on_change = self._changed
        run.on_save_error = self._save_failed
        self._least_asked: bool | None = None  # the teacher's setting, read once
        self._week_asked: dict[str, int] | None = None  # this week's other lessons' turns

    # --- beurtstokjes over the week --------------------------------------------------

    @property
    def least_asked(self) -> bool:
        """The setting "favour the pupils asked least this week" (off by default)."""
        if self._least_asked is None:
            from lesson_tui.store.settings import Settings

            self._least_asked = Settings(self.store.root).least_asked
        return self._least_asked

    def set_least_asked(self, value: bool) -> None:
        from lesson_tui.store.settings import Settings

        Settings(self.store.root).set_least_asked(value)
        self._least_asked = bool(value)

    def asked_this_week(self) -> dict[str, int]:
        """Beurtstokje turns per pupil this week: the class's other lessons of the week
        (read once), and this lesson's turns so far."""
        from lesson_tui.review.period import asked_this_week

        if self._week_asked is None:
            day = self.run.started_at.date()
            self._week_asked = asked_this_week(self.store, self.run.class_id, day, leave_out=self.run.run_id)
        counts = dict(self._week_asked)
        for item in self.run.picks:
            counts[item.pupil_id] = counts.get(item.pupil_id, 0) + 1
        return counts

    def review(self) -> LessonReview:
        """This lesson as it went so far (the lesson page at the grote lesafsluiting)."""
        from lesson_tui.review.lesson import review_run

        return review_run(self.run)

    def pick_pupil(self) -> Pick | None:
        """A beurtstokje; with the setting on, from those in the jar asked least this week."""
        return self.run.pick_pupil(asked=self.asked_this_week() if self.least_asked else None)

    # --- starting ------------------------------------------------------------------

    @classmethod
    def start(
        cls, store: DataStore, school_class: SchoolClass, plan: LessonPlan, absent: set[str],
        rng: random.Random | None = None,
    ) -> LessonSession:
        session = cls(store, store.start_run(school_class, plan, absent, rng=rng))
        session.record_goal_priors()
        session.run.next_phase()
        return session

    @classmethod
    def start_herhaalles(
        cls, store: DataStore, school_class: SchoolClass, goal: str, lesdoel: str, vak: str,
        rng: random.Random | None = None,
    ) -> LessonSession:
        """A herhaalles in two keys: a quick lesson on the goal, the pupils not yet at
        beheerst on it (bijna, nog niet) invited to the miniklas."""
        from lesson_tui.plan.goals import goal_catalogue
        from lesson_tui.plan.quicklesson import herhaal_plan
        from lesson_tui.session.goals import goal_grid

        plan = herhaal_plan(goal, lesdoel, vak, store.clock.now())
        grid = goal_grid(store, school_class.id, goal_catalogue([plan]), goal=goal)
        invited = [p.id for p in grid.needs_support(goal)] if grid.goal(goal) else []
        session = cls(store, store.start_run(school_class, plan, set(), rng=rng))
        session.record_goal_priors()
        session.run.invite_to_miniklas(goal, invited)
        session.run.next_phase()
        return session

    def record_goal_priors(self) -> None:
        """Output = input: each pupil's status on the lesson's (first) goal from the
        earlier lessons on it, kept in the run for the sporen suggestion (`rules/sporen`)."""
        from lesson_tui.plan.goals import goal_catalogue
        from lesson_tui.session.goals import goal_grid

        run = self.run
        goal = run.plan.goal_ids[0]
        grid = goal_grid(self.store, run.class_id, goal_catalogue([run.plan]), goal=goal)
        if grid.goal(goal) is None:
            return
        statuses: dict[str, str] = {}
        for pid in run.pupil_ids:
            cell = grid.cells.get((pid, goal))
            if cell is not None and cell.status.status.value in PRIOR_SPOOR:
                statuses[pid] = cell.status.status.value
        run.set_goal_priors(goal, statuses)

    @classmethod
    def resume(cls, store: DataStore, run_id: str, rng: random.Random | None = None) -> LessonSession:
        session = cls(store, store.open_run(run_id, rng=rng))
        if session.run.phase_index < 0:
            session.run.next_phase()
        session.run.resume()
        return session

    # --- announcing ----------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def _save_failed(self, error: Exception) -> None:
        if self.on_save_error is not None:
            self.on_save_error(error)

    def save_summary(self) -> bool:
        """The run's index line (at start, the split and the close); a failure is told."""
        try:
            self.store.update_run_summary(self.run)
        except (DataFileError, OSError) as error:
            self._save_failed(error)
            return False
        return True

    # --- the flow ------------------------------------------------------------------

    @property
    def soort(self) -> str:
        index = self.run.phase_index
        return self.run.plan.fase[index].soort if 0 <= index < len(self.run.plan.fase) else ""

    def next_phase(self) -> Step:
        """Step on; what opens by itself now."""
        if not self.run.next_phase():
            return Step.END if self.run.closed else self.closing_step()
        if self.soort == PhaseKind.KLEINE_AFSLUITING:
            return Step.CHECK
        if self.soort == PhaseKind.JULLIE:
            return Step.GROUPS
        if self.soort == PhaseKind.GROTE_AFSLUITING:
            return self.closing_step()
        return Step.NONE

    def after_round(self, round_: CfuRound | None) -> Step:
        """A check round was saved: the kleine lesafsluiting's leads to the sporen."""
        if round_ is None or round_.kind != "cfu" or not round_.closed:
            return Step.NONE
        if self.run.plan.fase[round_.phase_index].soort == PhaseKind.KLEINE_AFSLUITING:
            return Step.SPOREN
        return Step.NONE

    def first_step(self) -> Step:
        """What opens by itself when the lesson is shown (started or resumed): a round this
        device left open (the app stopped halfway) goes on."""
        return Step.ROUND if self.round_in_progress is not None else Step.NONE

    @property
    def round_in_progress(self) -> CfuRound | None:
        """This device's open round, to go on with (another device's never opens here)."""
        return self.run.open_round_in_progress()

    def after_sporen(self, confirmed: bool) -> Step:
        """The sporen screen was left: a confirmed split opens FLEX."""
        return Step.FLEX if confirmed and self.run.sporen is not None else Step.NONE

    def open_flex(self) -> Step:
        """FLEX is asked for: without a split the sporen open first (`Step.SPOREN`);
        with one, the miniklas's timer starts the first time (a miniklas of nobody has
        none) and FLEX opens (`Step.FLEX`)."""
        run = self.run
        if run.sporen is None:
            return Step.SPOREN
        if run.state.jij.miniklas_timer.started_at is None and run.miniklas:
            run.miniklas_timer(True)
        return Step.FLEX

    def confirm_sporen(self) -> bool:
        """Store the split with every pupil's reason, write the index line, go on to JIJ."""
        run = self.run
        evidence = run.evidence()
        reasons = {pid: reason_text(decision, evidence[pid]) for pid, decision in run.decisions().items()}
        if not run.confirm_sporen(reasons):
            return False
        self.save_summary()
        jij = run.plan.phase_index(PhaseKind.JIJ)
        if jij is not None and run.phase_index < jij:
            run.go_to_phase(jij)
        return True

    def spoor3_history(self, limit: int = 5) -> list[set[str]]:
        """Who was in spoor 3 in this class's last split lessons of this subject, oldest
        first (the streak warning's evidence)."""
        return self.store.spoor3_history(self.run, limit=limit)

    # --- duos and groups --------------------------------------------------------------

    def group_levels(self) -> dict[str, float]:
        """How each pupil did: today's evidence, or, when today has none yet, the last
        split (spoor 3 then: the ones who need support)."""
        today = {pid: e.score for pid, e in self.run.evidence().items() if e.score is not None}
        if today:
            return today
        history = self.store.spoor3_history(self.run, limit=1)
        if not history:
            return {}
        return {pid: (0.3 if pid in history[0] else 0.7) for pid in self.run.present}

    def propose_groups(self, mode: str = "gemengd", size: int = 2, rng: random.Random | None = None) -> list[list[str]]:
        """A proposal (nothing stored yet) for the present pupils; pairs from the class's
        last lessons are avoided where possible."""
        from lesson_tui.rules.groups import make_groups
        from lesson_tui.store.settings import Settings

        return make_groups(
            self.run.present,
            size=size,
            mode=mode,
            level=self.group_levels(),
            niet_samen=Settings(self.store.root).niet_samen(self.run.class_id),
            recent=self.store.recent_pairs(self.run),
            weak_below=self.run.plan.drempels.ondersteuning,
            rng=rng,
        )

    def apart_broken(self, groups: list[list[str]]) -> list[frozenset[str]]:
        """The class's "niet samen" pairs that `groups` could not keep apart."""
        from lesson_tui.rules.groups import apart_broken
        from lesson_tui.store.settings import Settings

        return apart_broken(groups, Settings(self.store.root).niet_samen(self.run.class_id))

    def toggle_niet_samen(self, a: str, b: str) -> bool:
        """Two pupils never in one group again (for this class), or again allowed; True
        when they are now apart."""
        from lesson_tui.store.settings import Settings

        settings = Settings(self.store.root)
        apart = frozenset((a, b)) not in settings.niet_samen(self.run.class_id)
        settings.set_niet_samen(self.run.class_id, a, b, apart)
        return apart

    def accept_groups(self, mode: str, size: int, groups: list[list[str]]) -> bool:
        """Store the groups in the run (and who was with whom in the index line)."""
        if self.run.set_groups(mode, size, groups) is None:
            return False
        self.save_summary()
        return True

    def closing_step(self) -> Step:
        """Exit-ticket questions first (each as fast as a check round), then the reflection."""
        if self.run.closed:
            return Step.END
        if len(self.run.exit_rounds()) < len(self.run.plan.exit_ticket.vragen):
            return Step.EXIT
        return Step.REFLECT

    def next_exit_question(self) -> tuple[int, str] | None:
        done = len(self.run.exit_rounds())
        questions = self.run.plan.exit_ticket.vragen
        return (done, questions[done]) if done < len(questions) else None

    def close(self) -> bool:
        if not self.run.close():
            return False
        self.save_summary()
        return True

    def leave(self) -> None:
        """Stop for now: the timer pauses, the lock is released, the lesson can resume."""
        try:
            self.run.pause()
        finally:
            self.store.release(self.run.run_id)
