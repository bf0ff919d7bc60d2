"""What the class sees on the board: one pure function from a lesson's state.

The class board (a second window on the projector) and the teacher's own `b` view show
`board_view(run, now)`. It is the one place that decides what is class-safe, from
docs/DOMAIN.md ("Privacy"): the lesdoel and succescriteria, the phase and its timer, the question being
asked (never its answer) with the think time, a beurtstokje's pick by name, the sporen
with their tasks and names (no percentages, no reasons, words that do not rank), the exit
ticket's question and the process questions. No mark, result, percentage, self-assessment,
spoor reason or stigma flag is ever put into a BoardView.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from lesson_tui.base.i18n import t
from lesson_tui.lesson.run import LessonRun
from lesson_tui.plan.phases import PhaseKind
from lesson_tui.rules.cfu import think_text

LAST_MINUTE = 60  # seconds: the timer looks different in the phase's last minute

# What the board shows now; each kind fills its own fields of a BoardView.
BoardKind = Literal["waiting", "lesson", "question", "pick", "groups", "sporen", "closing", "ended"]


@dataclass(frozen=True)
class SporenColumn:
    title: str
    task: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class BoardView:
    kind: BoardKind
    lesdoel: str = ""
    succescriteria: tuple[str, ...] = ()
    kernwoorden: tuple[str, ...] = ()
    phase: str = ""
    remaining: float | None = None
    paused: bool = False
    question: str = ""
    think: str = ""
    pick_name: str = ""
    pick_number: int | None = None
    sporen: tuple[SporenColumn, ...] = ()
    miniklas_remaining: float | None = None
    prompts: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()  # names only: who works with whom

    @property
    def last_minute(self) -> bool:
        return self.remaining is not None and 0 <= self.remaining <= LAST_MINUTE

    @property
    def overtime(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def waiting_view() -> BoardView:
    return BoardView("waiting")


def board_view(run: LessonRun, now: datetime) -> BoardView:
    plan = run.plan
    index = run.phase_index
    soort = plan.fase[index].soort if 0 <= index < len(plan.fase) else ""
    timing = run.current_timing
    base = BoardView(
        "lesson",
        lesdoel=plan.lesdoel,
        succescriteria=plan.succescriteria,
        kernwoorden=plan.kernwoorden if soort == PhaseKind.LESDOEL else (),
        phase=t(f"phase.{soort}") if soort else "",
        remaining=timing.remaining(now) if timing is not None else None,
        paused=run.state.paused,
    )
    if run.closed:
        return replace(base, kind="ended", remaining=None, phase="")
    last = run.state.last_event_kind
    picks = run.picks
    if last in ("pick", "pick_result") and picks:
        pick = picks[-1]
        pupil = next(p for p in run.pupils if p.id == pick.pupil_id)
        return replace(base, kind="pick", pick_name=run.names[pupil.id], pick_number=pupil.number)
    open_round = run.open_round_in_progress()
    if open_round is not None and open_round.kind in ("cfu", "exit"):
        return replace(base, kind="question", question=open_round.vraag, think=_think(open_round.opened_at, now))
    if run.sporen is not None and soort in (PhaseKind.KLEINE_AFSLUITING, PhaseKind.JIJ):
        timer = run.state.jij.miniklas_timer
        miniklas = timer.remaining(now) if timer.started_at is not None else None
        return replace(base, kind="sporen", sporen=sporen_columns(run), miniklas_remaining=miniklas)
    if soort == PhaseKind.JULLIE and run.state.groups:
        groups = tuple(tuple(run.names[pid] for pid in group) for group in run.state.groups)
        return replace(base, kind="groups", groups=groups)
    if soort == PhaseKind.GROTE_AFSLUITING:
        prompts = tuple(t(f"closing.{key}") for key in ("process_1", "process_2", "process_3"))
        return replace(base, kind="closing", prompts=prompts)
    return base


def _think(opened_at: datetime | None, now: datetime) -> str:
    return "" if opened_at is None else think_text((now - opened_at).total_seconds())


def spoor_title(number: int) -> str:
    """A spoor as the class reads it. Every screen the class can see (this board, `b` on
    the sporen screen, FLEX and the sporen table under klasveilig) takes its words from here,
    so the projector never says "miniklas" where the board says "aan de instructietafel"."""
    return t(f"board.spoor_{number}")


def miniklas_timer_title() -> str:
    """The miniklas's timer as the class reads it (the board's phase line, FLEX's timer)."""
    return t("board.miniklas_timer")


def sporen_columns(run: LessonRun, spoor_of: dict[str, int] | None = None) -> tuple[SporenColumn, ...]:
    """Names per spoor, in class-number order; a pupil who left the miniklas works on
    their own now and is listed with spoor 2, not marked. `spoor_of` (pupil -> spoor) is a
    split not yet confirmed (the sporen screen's preview); by default the stored split."""
    now = run.sporen_now(spoor_of)
    groups: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for pupil in sorted(run.pupils, key=lambda p: p.number):
        if pupil.id in now:
            groups[now[pupil.id]].append(run.names[pupil.id])
    return tuple(SporenColumn(spoor_title(n), run.plan.sporen.task(n), tuple(groups[n])) for n in (1, 2, 3))
