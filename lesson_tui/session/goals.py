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
from typing import Any

from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.plan.goals import Goal
from lesson_tui.rules.mastery import STUCK_AFTER, EvidenceTuple, GoalStatus, Status, day_of, goal_status, stuck
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
    functions = (goal_status, stuck, day_of, _fold_column, run_goals, GoalLine.from_parsed)
    # the defaults too: HALF_LIFE_DAYS is goal_status's, not in its code
    return b"\0".join(_code_bytes(f.__code__) + repr(f.__defaults__).encode() for f in functions)


def _code_bytes(code: CodeType) -> bytes:
    """A function's code as bytes that are the same in every process (a nested code
    object's repr names its address: its own bytes instead)."""
    parts = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        parts.append(_code_bytes(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\1".join(parts)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _base_digest(pupil_ids: list[str], catalogue: dict[str, Goal], goal: str | None, stuck_after: int) -> str:
    """What every kept column was made with besides its lessons: the pupils, the catalogue,
    the rule's code; another base and nothing kept is read."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((GRID_KEPT_VERSION, pupil_ids, sorted(catalogue.items()), goal, stuck_after)).encode())
    digest.update(_rule_fingerprint())
    return digest.hexdigest()


def _run_hash(summary: RunSummary) -> str:
    """A run's index line as far as the grid reads it (its goal summary as the index keeps it)."""
    return _hash(f"{summary.run_id}\1{summary.lesson_id}\1{summary.started_at}\1{summary.titel}\1{summary.vak}\1{summary.goal_doc}")


def _kept_or_fold(
    store: DataStore,
    class_id: str,
    catalogue: dict[str, Goal],
    pupil_ids: list[str],
    goal: str | None,
    stuck_after: int,
    *,
    refreshed: bool = False,
) -> tuple[tuple[GoalColumn, ...], dict[tuple[str, str], Cell]]:
    """The grid, from what the last open folded (kept on disk) where nothing it was made
    from changed: per run the goals it counts for, per goal column its cells, under a hash
    of its lessons' index lines. Only a run that is new or changed is parsed, and only a
    column with a new or changed lesson is folded again, so the first open after a lesson
    parses and folds that lesson's goal, not 2,000 summaries."""
    named: dict[str, list[str]] = {}
    for known in catalogue.values():
        if not known.from_title:
            for lesson in known.lessons:
                named.setdefault(lesson, []).append(known.id)
    named_goals = {lesson: tuple(ids) for lesson, ids in named.items()}
    name = f"goalgrid-{_hash(class_id)[:16]}"
    base = _base_digest(pupil_ids, catalogue, goal, stuck_after)
    kept = store.kept_on_disk(name, base)
    kept_runs, kept_columns = _kept_parts(kept, len(pupil_ids))
    summaries = store.runs(class_id)
    hashes = [_run_hash(summary) for summary in summaries]
    new = [s for s, h in zip(summaries, hashes, strict=True) if kept_runs.get(s.run_id, (None,))[0] != h]
    read_goal_lines(new)  # one parse for the lines not kept
    damaged = [s for s in new if s.goal is None and s.goal_doc is not None]
    if damaged and not refreshed:  # a summary that cannot be read: from the run files again, once
        store.refresh_run_summaries(damaged)
        return _kept_or_fold(store, class_id, catalogue, pupil_ids, goal, stuck_after, refreshed=True)
    by_goal: dict[str, list[tuple[RunSummary, str]]] = {}
    runs_doc: dict[str, list[object]] = {}
    for summary, run_hash in zip(summaries, hashes, strict=True):  # oldest first
        was_run = kept_runs.get(summary.run_id)
        goals = tuple(was_run[1]) if was_run is not None and was_run[0] == run_hash else run_goals(summary, named_goals)
        runs_doc[summary.run_id] = [run_hash, list(goals)]
        for gid in goals:
            if goal is None or gid == goal:
                by_goal.setdefault(gid, []).append((summary, run_hash))
    columns = []
    cells: dict[tuple[str, str], Cell] = {}
    columns_doc = []
    for gid, found in by_goal.items():  # in the order the goals were first taught
        runs = tuple(summary for summary, _ in found)
        column_hash = _hash("\0".join(run_hash for _, run_hash in found))
        entry = catalogue.get(gid)
        was = kept_columns.get(gid)
        if was is not None and was.get("digest") == column_hash:
            column = GoalColumn(gid, str(was["sentence"]), str(was["vak"]), bool(was["from_title"]), runs)
            column_cells = _cells_from_doc(was["cells"], pupil_ids, gid)
        else:
            column_cells = None
        if column_cells is None:
            last = runs[-1]
            column = GoalColumn(
                gid,
                entry.sentence if entry else last.titel,
                entry.vak if entry else last.vak,
                entry.from_title if entry else bool(last.goal and last.goal.from_title),
                runs,
            )
            read_goal_lines(list(runs))
            column_cells = _fold_column(column, pupil_ids, stuck_after)
        columns.append(column)
        cells.update(column_cells)
        columns_doc.append(_column_doc(column, column_hash, column_cells, pupil_ids))
    doc = {"runs": runs_doc, "columns": columns_doc}
    if doc != kept:
        store.keep_on_disk(name, base, doc)
    return tuple(columns), cells


def _kept_parts(kept: object, pupils: int) -> tuple[dict[str, tuple[str, list[str]]], dict[str, dict[str, Any]]]:
    """The kept runs (run id -> (hash, goals)) and columns (goal id -> column), each part
    that does not fit left out (then made again)."""
    runs: dict[str, tuple[str, list[str]]] = {}
    columns: dict[str, dict[str, Any]] = {}
    if not isinstance(kept, dict):
        return runs, columns
    kept_runs, kept_columns = kept.get("runs"), kept.get("columns")
    if isinstance(kept_runs, dict):
        for run_id, value in kept_runs.items():
            if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list)
                    and all(isinstance(g, str) for g in value[1])):
                runs[run_id] = (value[0], value[1])
    if isinstance(kept_columns, list):
        for column in kept_columns:
            if (isinstance(column, dict) and isinstance(column.get("id"), str) and isinstance(column.get("cells"), list)
                    and len(column["cells"]) == pupils and all(k in column for k in ("sentence", "vak", "from_title", "digest"))):
                columns[column["id"]] = column
    return runs, columns


def _column_doc(column: GoalColumn, digest: str, cells: dict[tuple[str, str], Cell], pupil_ids: list[str]) -> dict[str, object]:
    """A folded column as JSON (docs/FORMATS.md, "goalgrid-*.json")."""
    return {
        "id": column.id, "sentence": column.sentence, "vak": column.vak, "from_title": column.from_title, "digest": digest,
        "cells": [
            [cell.status.status.value, cell.status.share, cell.status.beheersing, cell.status.ondersteuning,
             cell.status.lessons, cell.taken_part, cell.stuck, cell.miniklas_s]
            for cell in (cells[(pid, column.id)] for pid in pupil_ids)
        ],
    }


def _cells_from_doc(rows: list[Any], pupil_ids: list[str], goal_id: str) -> dict[tuple[str, str], Cell] | None:
    """`_column_doc`'s cells read back; None when they do not fit (the column is folded again)."""
    cells: dict[tuple[str, str], Cell] = {}
    try:
        for pid, (status, share, high, low, lessons, taken, is_stuck, seconds) in zip(pupil_ids, rows, strict=True):
            numbers = (share, high, low)
            if not all(x is None or type(x) in (int, float) for x in numbers):
                return None
            cells[(pid, goal_id)] = Cell(GoalStatus(Status(status), share, high, low, int(lessons)), int(taken), bool(is_stuck), int(seconds))
    except (TypeError, ValueError):
        return None
    return cells


def _fold_column(column: GoalColumn, pupil_ids: list[str], stuck_after: int) -> dict[tuple[str, str], Cell]:
    """One goal's cells: one pass over the column's lessons, then the rule once per pupil."""
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
    cells = {}
    for pid, found in evidence.items():
        status = goal_status(found)
        cells[(pid, column.id)] = Cell(status, taken[pid], stuck(status.status, taken[pid], stuck_after), minutes[pid])
    return cells
