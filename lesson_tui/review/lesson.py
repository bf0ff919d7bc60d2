"""The lesson as it went: a run's events turned into what the teacher looks back on.

`review_events` is a pure function of the run's plan, pupils and events (in the fold's
order, as `RunLog.entries` holds them): the phases planned against actual time, the check
rounds with their question level and think time, the kleine lesafsluiting (the split, the
suggestions the teacher changed, the miniklas and who left it when), the beurtstokjes and
the exit ticket and reflection already recorded. Nothing here is typed twice: every figure
is counted from the events, and the clock is the events' own (an unclosed lesson ends at
its last event), so the same run always gives the same page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from lesson_tui.base.clock import from_iso
from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.lesson import events as ev
from lesson_tui.lesson.queries import RunQueries
from lesson_tui.lesson.runstate import RunState
from lesson_tui.lesson.writers import global_seq, round_counts
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.plan.phases import LEVELS, PhaseKind
from lesson_tui.review.invites import invites_after
from lesson_tui.rules.cfu import THINK_SECONDS, ExitScore, exit_score
from lesson_tui.rules.sporen import miniklas_too_big
from lesson_tui.rules.timing import PhaseTiming

# The reflection notes of the grote lesafsluiting, in the order the closing screen asks them
NOTE_KEYS = ("process_1", "process_2", "process_3", "feedback_1", "feedback_2", "feedback_3")


class EntryLike(Protocol):
    """One event as the fold has it (`lesson.log.Entry`)."""

    @property
    def writer(self) -> int: ...
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def event(self) -> ev.Event: ...


@dataclass(frozen=True)
class PhaseLine:
    """One phase of the plan: planned (with the minutes added during the lesson) and actual."""

    index: int
    soort: str
    planned_s: int  # as planned in the lesson file
    adjusted_s: int  # minutes added (or taken) during the lesson
    actual_s: int
    started_at: datetime | None

    @property
    def done(self) -> bool:
        return self.started_at is not None

    @property
    def overtime_s(self) -> int:
        """Seconds over the planned time (the plan's, not counting minutes added later)."""
        return max(0, self.actual_s - self.planned_s) if self.done else 0


@dataclass(frozen=True)
class RoundLine:
    """One check round that counts: where, how it asked, whom, and the think time given."""

    round_id: int
    phase_index: int
    soort: str  # the phase's kind
    kind: str  # cfu | exit | miniklas
    vraag: str
    niveau: str
    opened_at: datetime
    covered: int  # pupils in the round (the present class, or the miniklas)
    present: int  # pupils present in the lesson when it was asked
    marked: int  # pupils the teacher marked by name (the rest counted as juist)
    counts: dict[str, int]  # juist / half / fout / afwezig
    think_s: float | None  # from the question to the first mark (or the close); None: neither

    @property
    def think_short(self) -> bool:
        """The teacher marked before the think time was over."""
        return self.think_s is not None and self.think_s < THINK_SECONDS


@dataclass(frozen=True)
class Change:
    """A pupil whose spoor the teacher changed from the suggestion."""

    pupil_id: str
    suggested: int | None
    spoor: int


@dataclass(frozen=True)
class Leaving:
    """A miniklas pupil leaving (afvalsysteem), or coming back (`back`)."""

    pupil_id: str
    at: datetime
    back: bool = False


@dataclass(frozen=True)
class SplitReview:
    at: datetime
    sizes: dict[int, int]  # spoor -> pupils
    changes: list[Change]
    voluntary: list[str]
    miniklas: list[str]  # who the split put in the miniklas (class order)
    miniklas_max: int
    miniklas_s: int  # how long the miniklas timer ran
    leavings: list[Leaving]  # in the order they happened
    still_in: list[str]  # the miniklas at the end
    seconds: dict[str, int] = field(default_factory=dict)  # pupil -> seconds in the running miniklas

    @property
    def too_big(self) -> bool:
        return miniklas_too_big(len(self.miniklas), self.miniklas_max)


@dataclass(frozen=True)
class PicksReview:
    """Beurtstokjes: who was asked (undone picks do not count), and who was not."""

    asked: dict[str, int]  # pupil -> turns, in class order
    results: dict[str, list[str]]  # pupil -> answers logged
    not_asked: list[str]  # present pupils without a turn
    total: int

    @property
    def whole_class(self) -> bool:
        return self.total > 0 and not self.not_asked


@dataclass(frozen=True)
class LessonReview:
    run_id: str
    class_name: str
    class_id: str
    lesson_id: str
    titel: str
    vak: str
    lesdoel: str
    started_at: datetime
    closed_at: datetime | None
    pupils: list[Pupil]
    names: dict[str, str]
    present: list[str]  # at the end of the lesson
    phases: list[PhaseLine]
    rounds: list[RoundLine]
    split: SplitReview | None
    picks: PicksReview
    helped: list[tuple[str, datetime]]  # FLEX help requests answered, in order
    exit_ticket: dict[str, ExitScore]
    notes: dict[str, str]  # the process reflection and feedback, as recorded
    marked_by_name: dict[str, int] = field(default_factory=dict)  # pupil -> rounds marked by name
    invited: list[str] = field(default_factory=list)  # invited for pre-teaching after it (review.invites)
    succescriteria: tuple[str, ...] = ()  # the plan's, shown on the class board with the lesdoel

    # --- what the kijkwijzer's evidence asks of one lesson ------------------------------

    def had_phase(self, soort: str) -> bool:
        return any(p.soort == soort and p.done for p in self.phases)

    def check_in(self, soort: str) -> bool:
        return any(r.soort == soort and r.kind == "cfu" for r in self.rounds)

    @property
    def goal_on_board(self) -> bool:
        """The lesdoel and its succescriteria were there for the class board (the board
        shows them whenever it is open), and the lesdoel phase was done."""
        return bool(self.lesdoel.strip()) and bool(self.succescriteria) and self.had_phase("lesdoel")

    @property
    def has_exit_ticket(self) -> bool:
        return any(r.kind == "exit" for r in self.rounds)

    @property
    def has_split(self) -> bool:
        return self.split is not None

    @property
    def reflected(self) -> bool:
        return any(self.notes.get(key, "").strip() for key in NOTE_KEYS[:3])

    @property
    def levels(self) -> dict[str, int]:
        """How many check rounds (not the exit ticket) asked at each level of the vragentrap."""
        found = dict.fromkeys(LEVELS, 0)
        for line in self.rounds:
            if line.kind != "exit":
                found[line.niveau] = found.get(line.niveau, 0) + 1
        return found

    @property
    def overtime_s(self) -> int:
        return sum(p.overtime_s for p in self.phases)


def _fresh_state(plan: LessonPlan, absent: Iterable[str]) -> RunState:
    return RunState(timings=[PhaseTiming(p.planned_seconds) for p in plan.fase], absent=set(absent))


def review_events(
    plan: LessonPlan, pupils: Sequence[Pupil], info: dict[str, Any], entries: Sequence[EntryLike]
) -> LessonReview:
    """The lesson as it went, from the run's plan, pupils, info (the run file's info
    document) and its events in the fold's order."""
    state = _fresh_state(plan, info.get("absent", []))
    ids = [p.id for p in pupils]
    first_mark: dict[int, datetime] = {}
    closed_at: dict[int, datetime] = {}
    leavings: list[Leaving] = []
    for entry in entries:
        state.apply(global_seq(entry.writer, entry.seq), entry.at, entry.event, entry.writer)
        at = state.last_event_at or entry.at  # the fold's time: never going back
        match entry.event:
            case ev.Marked(round=round_id):
                first_mark.setdefault(int(round_id), at)
            case ev.RoundClosed(round=round_id):
                closed_at.setdefault(int(round_id), at)
            case ev.MiniklasLeft(pupil=pupil, left=left) if state.sporen is not None:
                leavings.append(Leaving(pupil, at, back=not left))
            case _:
                pass
    end = state.closed_at or state.last_event_at or from_iso(info["started_at"])
    phases = [
        PhaseLine(i, phase.soort, timing.planned_s, timing.adjust_s, round(timing.elapsed(end)), timing.started_at)
        for i, (phase, timing) in enumerate(zip(plan.fase, state.timings))
    ]
    present = [pid for pid in ids if pid not in state.absent]
    rounds: list[RoundLine] = []
    marked_by_name = dict.fromkeys(ids, 0)
    for round_ in sorted(state.rounds.values(), key=lambda r: r.opened_at or end):
        if not round_counts(round_):
            continue
        opened = round_.opened_at or end
        asked = round_.asked_marks(ids)
        counts = dict.fromkeys(("juist", "half", "fout", "afwezig"), 0)
        for value in asked.values():
            counts[value] = counts.get(value, 0) + 1
        answered = [t for t in (first_mark.get(round_.round_id), closed_at.get(round_.round_id)) if t is not None]
        think = (min(answered) - opened).total_seconds() if answered else None
        for pid in round_.marks:
            if pid in marked_by_name:
                marked_by_name[pid] += 1
        soort = plan.fase[round_.phase_index].soort if 0 <= round_.phase_index < len(plan.fase) else ""
        rounds.append(
            RoundLine(
                round_.round_id, round_.phase_index, soort, round_.kind, round_.vraag, round_.niveau, opened,
                covered=len(round_.present), present=len(present), marked=len(round_.marks), counts=counts,
                think_s=think,
            )
        )
    split = _split(plan, ids, state, leavings, end)
    invited: list[str] = []
    if state.sporen is not None and split is not None:
        exit_now = {pid: s for pid in ids if (s := _exit_of(state, pid)) is not None}
        invited = [
            item.pupil_id
            for item in invites_after(
                pupils, state.sporen, exit_now, set(split.still_in), set(split.miniklas) - set(split.still_in),
                state.self_assessment, plan.drempels.ondersteuning,
            )
        ]
    picks = _picks(ids, present, state)
    exit_ticket = {pid: score for pid in ids if (score := _exit_of(state, pid)) is not None}
    return LessonReview(
        run_id=str(info["run_id"]),
        class_name=str(info["class"]),
        class_id=str(info.get("class_id") or ""),
        lesson_id=plan.id,
        titel=plan.titel,
        vak=plan.vak,
        lesdoel=plan.lesdoel,
        started_at=from_iso(info["started_at"]),
        closed_at=state.closed_at,
        pupils=list(pupils),
        names=display_names(list(pupils)),
        present=present,
        phases=phases,
        rounds=rounds,
        split=split,
        picks=picks,
        helped=list(state.jij.helped),
        exit_ticket=exit_ticket,
        notes={key: state.notes[key] for key in NOTE_KEYS if state.notes.get(key, "").strip()},
        marked_by_name=marked_by_name,
        invited=invited,
        succescriteria=tuple(plan.succescriteria),
    )


def _exit_of(state: RunState, pid: str) -> ExitScore | None:
    """A pupil's exit ticket (the rule of `RunQueries.exit_ticket`)."""
    rounds = [r for r in state.rounds.values() if round_counts(r) and r.kind == "exit"]
    return exit_score([r.mark_of(pid) for r in rounds if pid in r.present])


Span = tuple[datetime, datetime]


def _overlap(spans: Sequence[Span], others: Sequence[Span]) -> float:
    return sum(
        max(0.0, (min(a_end, b_end) - max(a_start, b_start)).total_seconds())
        for a_start, a_end in spans
        for b_start, b_end in others
    )


def _running(timing: PhaseTiming, end: datetime) -> list[Span]:
    return [(start, stop or end) for start, stop in timing.segments]


def miniklas_seconds(
    miniklas: Sequence[str], joined: datetime, leavings: Sequence[Leaving], running: Sequence[Span], end: datetime
) -> dict[str, int]:
    """Each miniklas pupil's seconds in it while it ran: from the split until they left
    (and again from when they came back), counted only while the miniklas ran."""
    seconds = {}
    for pid in miniklas:
        spans: list[Span] = []
        since: datetime | None = joined
        for item in leavings:
            if item.pupil_id != pid:
                continue
            if item.back and since is None:
                since = item.at
            elif not item.back and since is not None:
                spans.append((since, item.at))
                since = None
        if since is not None:
            spans.append((since, end))
        seconds[pid] = round(_overlap(spans, running))
    return seconds


def _split(
    plan: LessonPlan, ids: list[str], state: RunState, leavings: list[Leaving], end: datetime
) -> SplitReview | None:
    if state.sporen is None or state.sporen_at is None:
        return None
    split = state.sporen
    sizes = {n: sum(1 for entry in split.values() if entry.spoor == n) for n in (1, 2, 3)}
    changes = [
        Change(pid, split[pid].suggested, split[pid].spoor)
        for pid in ids
        if pid in split and split[pid].overridden and split[pid].suggested != split[pid].spoor
    ]
    miniklas = [pid for pid in ids if pid in split and split[pid].spoor == 3]
    left = state.jij.left_miniklas
    mine = [item for item in leavings if item.pupil_id in miniklas]
    # the miniklas runs while its timer runs; a teacher who never started it ran it in JIJ
    running = _running(state.jij.miniklas_timer, end)
    if not running:
        jij = [i for i, phase in enumerate(plan.fase) if phase.soort == PhaseKind.JIJ]
        running = [span for i in jij for span in _running(state.timings[i], end)]
    return SplitReview(
        at=state.sporen_at,
        sizes=sizes,
        changes=changes,
        voluntary=[pid for pid in ids if pid in split and split[pid].voluntary],
        miniklas=miniklas,
        miniklas_max=plan.drempels.miniklas_max,
        miniklas_s=round(state.jij.miniklas_timer.elapsed(end)),
        leavings=mine,
        still_in=[pid for pid in miniklas if pid not in left],
        seconds=miniklas_seconds(miniklas, state.sporen_at, mine, running, end),
    )


def _picks(ids: list[str], present: list[str], state: RunState) -> PicksReview:
    live = [p for p in state.picks if not p.undone]
    asked: dict[str, int] = {}
    results: dict[str, list[str]] = {}
    for pid in ids:
        mine = [p for p in live if p.pupil_id == pid]
        if mine:
            asked[pid] = len(mine)
            results[pid] = [p.result for p in mine if p.result]
    return PicksReview(asked, results, [pid for pid in present if pid not in asked], len(live))


def review_run(run: RunQueries) -> LessonReview:
    """The lesson as it went for an opened run (`LessonRun`): its events as folded."""
    return review_events(run.plan, run.pupils, run.info, run.log.entries)
