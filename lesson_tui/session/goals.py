"""A class by its goals: each pupil's status on each goal, across lessons (the goal grid).

Everything here comes from the runs index (each run's `GoalLine`, a cache of its run file,
`store/index.py`): opening the grid never opens a run file, so it is as fast in year three as
in week one. The rule itself is `rules/mastery.goal_status`, applied per pupil per goal to
the lessons on that goal; `goal_grid` only gathers the evidence.

A run's goals are the ones its lesson named when it was given; a run of a lesson that named
none then (its title stood in) counts for the goals the lesson file names now, when it does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from types import CodeType

from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.plan.goals import Goal
from lesson_tui.rules.mastery import STUCK_AFTER, EvidenceTuple, GoalStatus, Status, goal_status, stuck
from lesson_tui.store.datastore import DataStore, RunSummary
from lesson_tui.store.index import GoalLine, read_goal_lines

# the layout of a kept grid (`_to_doc`): another is never read, the grid is folded again
GRID_KEPT_VERSION = 1


@dataclass(frozen=True)
class GoalColumn:
    id: str
    sentence: str
    vak: str
    from_title: bool  # no lesson names it in `doelen`: a title stands in
    runs: tuple[RunSummary, ...]  # this class's lessons on the goal, oldest first


@dataclass(frozen=True)
class LessonOnGoal:
    """One lesson on the goal, as one pupil was in it."""

    run: RunSummary
    present: bool
    points: float = 0.0
    weight: float = 0.0
    answers: int = 0
    miniklas_s: int = 0

    @property
    def share(self) -> float | None:
        return self.points / self.weight if self.weight > 0 else None


@dataclass(frozen=True)
class Cell:
    status: GoalStatus
    taken_part: int  # lessons on the goal the pupil was in
    stuck: bool
    miniklas_s: int  # time given at the instructietafel on this goal


@dataclass
class GoalGrid:
    class_id: str
    pupils: list[Pupil]
    names: dict[str, str]
    goals: list[GoalColumn]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (pupil id, goal id)
    stuck_after: int = STUCK_AFTER

    def cell(self, pupil_id: str, goal_id: str) -> Cell:
        return self.cells[(pupil_id, goal_id)]

    def goal(self, goal_id: str) -> GoalColumn | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def pupil(self, pupil_id: str) -> Pupil | None:
        return next((p for p in self.pupils if p.id == pupil_id), None)

    def only_pupil(self, pupil_id: str) -> GoalGrid:
        """The same grid for one pupil (the export per pupil, for the oudercontact)."""
        pupils = [p for p in self.pupils if p.id == pupil_id]
        cells = {key: cell for key, cell in self.cells.items() if key[0] == pupil_id}
        return GoalGrid(self.class_id, pupils, self.names, self.goals, cells, self.stuck_after)

    def lessons(self, pupil_id: str, goal_id: str) -> list[LessonOnGoal]:
        """Every lesson on the goal, as the pupil was in it (oldest first): the evidence
        behind a cell, made when a column or a row is opened."""
        column = self.goal(goal_id)
        found = []
        for run in column.runs if column else ():
            line = run.goal
            if line is None:
                continue
            points, weight, answers = line.evidence.get(pupil_id, (0.0, 0.0, 0))
            found.append(LessonOnGoal(run, pupil_id in line.present, points, weight, answers, line.miniklas_s.get(pupil_id, 0)))
        return found

    def stuck(self) -> list[tuple[Pupil, GoalColumn, Cell]]:
        """Vastgelopen, for the zorgleerkracht: per goal, the pupils not beheerst after
        `stuck_after` lessons on it."""
        return [
            (pupil, goal, self.cells[(pupil.id, goal.id)])
            for goal in self.goals
            for pupil in self.pupils
            if self.cells[(pupil.id, goal.id)].stuck
        ]

    def needs_support(self, goal_id: str) -> list[Pupil]:
        """The pupils whose evidence on the goal is not (yet) at beheerst (bijna, nog niet):
        the herhaalles's miniklas and the pre-teaching list for the next lesson on it. A
        pupil with no evidence at all is not on it (nothing says they need it; the
        teacher sees them as geen bewijs)."""
        return [p for p in self.pupils if self.cells[(p.id, goal_id)].status.status in (Status.BIJNA, Status.NOG_NIET)]


def run_goals(summary: RunSummary, named: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The goals a run served (see the module docstring); () when its summary is unknown."""
    line = summary.goal
    if line is None:
        return ()
    if line.from_title and summary.lesson_id in named:
        return named[summary.lesson_id]
    return line.goals


def goal_grid(
    store: DataStore,
    class_id: str,
    catalogue: dict[str, Goal],
    *,
    goal: str | None = None,
    stuck_after: int = STUCK_AFTER,
) -> GoalGrid:
    """The grid of one class (pupils by goals, or one goal's column), from the index. The
    folded columns and cells are kept with the index (`DataStore.runs_derived`) until it
    changes (a lesson given, closed or arrived from another PC), so opening the grid again
    reads nothing; a change of the class (a pupil added) or of the catalogue is another key."""
    school_class = store.class_by_id(class_id)
    pupils = sorted(school_class.active_pupils if school_class else [], key=lambda p: p.number)
    key = ("goal_grid", class_id, tuple(p.id for p in pupils), tuple(catalogue.items()), goal, stuck_after)
    columns, cells = store.runs_derived(key, lambda: _kept_or_fold(store, class_id, catalogue, [p.id for p in pupils], goal, stuck_after))
    return GoalGrid(class_id, pupils, display_names(pupils), list(columns), dict(cells), stuck_after=stuck_after)


def _rule_fingerprint() -> bytes:
    """The code of the rule and of the fold: a kept grid made by another version of either
    (an update of the app) is never read, whoever forgot to say so."""
    return b"\0".join(_code_bytes(function.__code__) for function in (goal_status, stuck, _fold, GoalLine.from_parsed))


def _code_bytes(code: CodeType) -> bytes:
    """A function's code as bytes that are the same in every process (a nested code
    object's repr names its address: its own bytes instead)."""
    parts = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        parts.append(_code_bytes(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\1".join(parts)


def _digest(summaries: list[RunSummary], pupil_ids: list[str], catalogue: dict[str, Goal], goal: str | None, stuck_after: int) -> str:
    """A hash of everything the grid is made from: the class's index lines (each run's goal
    summary as the index keeps it), the pupils, the catalogue, the rule's code."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((GRID_KEPT_VERSION, pupil_ids, sorted(catalogue.items()), goal, stuck_after)).encode())
    digest.update(_rule_fingerprint())
    text = "\0".join(f"{s.run_id}\1{s.lesson_id}\1{s.started_at}\1{s.titel}\1{s.vak}\1{s.goal_doc}" for s in summaries)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _kept_or_fold(
    store: DataStore,
    class_id: str,
    catalogue: dict[str, Goal],
    pupil_ids: list[str],
    goal: str | None,
    stuck_after: int,
) -> tuple[tuple[GoalColumn, ...], dict[tuple[str, str], Cell]]:
    """The grid as the last start of the app folded it, when nothing it was made from changed
    since (`_digest`); else folded now and kept for the next start. The first open after
    start-up then reads one small file instead of parsing and folding every goal summary."""
    name = f"goalgrid-{hashlib.blake2b(class_id.encode('utf-8', 'surrogatepass'), digest_size=8).hexdigest()}"
    summaries = store.runs(class_id)
    digest = _digest(summaries, pupil_ids, catalogue, goal, stuck_after)
    kept = _from_doc(store.kept_on_disk(name, digest), summaries, pupil_ids)
    if kept is not None:
        return kept
    folded = _fold(store, class_id, catalogue, pupil_ids, goal, stuck_after)
    # after the fold: a damaged summary it read again from its run file is in the index now
    store.keep_on_disk(name, _digest(store.runs(class_id), pupil_ids, catalogue, goal, stuck_after), _to_doc(*folded, pupil_ids))
    return folded


def _to_doc(columns: tuple[GoalColumn, ...], cells: dict[tuple[str, str], Cell], pupil_ids: list[str]) -> dict[str, object]:
    """The folded grid as JSON (docs/FORMATS.md, "goalgrid-*.json")."""
    return {
        "columns": [
            {
                "id": c.id, "sentence": c.sentence, "vak": c.vak, "from_title": c.from_title,
                "runs": [r.run_id for r in c.runs],
                "cells": [
                    [cell.status.status.value, cell.status.share, cell.status.beheersing, cell.status.ondersteuning,
                     cell.status.lessons, cell.taken_part, cell.stuck, cell.miniklas_s]
                    for cell in (cells[(pid, c.id)] for pid in pupil_ids)
                ],
            }
            for c in columns
        ]
    }


def _from_doc(
    doc: object, summaries: list[RunSummary], pupil_ids: list[str]
) -> tuple[tuple[GoalColumn, ...], dict[tuple[str, str], Cell]] | None:
    """`_to_doc` read back; None when it does not fit (then the grid is folded again)."""
    if not isinstance(doc, dict):
        return None
    by_id = {s.run_id: s for s in summaries}
    columns = []
    cells: dict[tuple[str, str], Cell] = {}
    try:
        for c in doc["columns"]:
            column = GoalColumn(str(c["id"]), str(c["sentence"]), str(c["vak"]), bool(c["from_title"]),
                                tuple(by_id[run_id] for run_id in c["runs"]))
            if len(c["cells"]) != len(pupil_ids):
                return None
            for pid, (status, share, high, low, lessons, taken, is_stuck, seconds) in zip(pupil_ids, c["cells"], strict=True):
                cells[(pid, column.id)] = Cell(GoalStatus(Status(status), share, high, low, int(lessons)), int(taken), bool(is_stuck), int(seconds))
            columns.append(column)
    except (KeyError, TypeError, ValueError):
        return None
    return tuple(columns), cells


def _fold(
    store: DataStore,
    class_id: str,
    catalogue: dict[str, Goal],
    pupil_ids: list[str],
    goal: str | None,
    stuck_after: int,
) -> tuple[tuple[GoalColumn, ...], dict[tuple[str, str], Cell]]:
    """The columns (the lessons on each goal) and every pupil's cell on each, from the
    index's goal summaries (parsed once), the rule applied once per pupil per goal."""
    named: dict[str, list[str]] = {}
    for known in catalogue.values():
        if not known.from_title:
            for lesson in known.lessons:
                named.setdefault(lesson, []).append(known.id)
    named_goals = {lesson: tuple(ids) for lesson, ids in named.items()}
    by_goal: dict[str, list[RunSummary]] = {}
    summaries = store.runs(class_id)
    read_goal_lines(summaries)  # one parse for all lines not read yet
    damaged = [s for s in summaries if s.goal is None and s.goal_doc is not None]
    if damaged:  # a summary that cannot be read: from the run files again, once
        store.refresh_run_summaries(damaged)
        summaries = store.runs(class_id)
        read_goal_lines(summaries)
    for summary in summaries:  # oldest first
        for gid in run_goals(summary, named_goals):
            if goal is None or gid == goal:
                by_goal.setdefault(gid, []).append(summary)
    columns = []
    for gid, runs in by_goal.items():  # in the order the goals were first taught
        entry = catalogue.get(gid)
        last = runs[-1]
        columns.append(
            GoalColumn(
                gid,
                entry.sentence if entry else last.titel,
                entry.vak if entry else last.vak,
                entry.from_title if entry else bool(last.goal and last.goal.from_title),
                tuple(runs),
            )
        )
    cells: dict[tuple[str, str], Cell] = {}
    for column in columns:
        # one pass over the column's lessons, then the rule once per pupil
        evidence: dict[str, list[EvidenceTuple]] = {pid: [] for pid in pupil_ids}
        taken = dict.fromkeys(evidence, 0)
        minutes = dict.fromkeys(evidence, 0)
        for run in column.runs:
            line = run.goal
            if line is None:
                continue
            day, high, low = line.day, line.beheersing, line.ondersteuning
            for pid, points, weight in zip(line.pupils, line.points, line.weights, strict=True):
                kept = evidence.get(pid)
                if kept is not None:
                    kept.append((day, points, weight, high, low))
            for pid in line.present:
                if pid in taken:
                    taken[pid] += 1
            for pid, seconds in line.miniklas_s.items():
                if pid in minutes:
                    minutes[pid] += seconds
        for pid, found in evidence.items():
            status = goal_status(found)
            cells[(pid, column.id)] = Cell(status, taken[pid], stuck(status.status, taken[pid], stuck_after), minutes[pid])
    return tuple(columns), cells
