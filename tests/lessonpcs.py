"""lesson-tui on several PCs whose data folders a real sync engine keeps in step: each PC its
own state folder (so its own device id and runs index) and its own copy of the data folder,
inside the folder Syncthing shares (tests/processes/syncthing.py). Used by the sync
scenarios (tests/processes/test_sync_scenarios.py), the fake OneDrive (tests/core/test_fake_onedrive.py)
and benchmarks/sync_lesson.py."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import SystemClock
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.plan.lessonplan import LessonLibrary, LessonPlan, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore

DATA = "lesson-tui"  # the data folder inside each device's copy of the synced folder
LESSON = "breuken-vergelijken"


def example_plan() -> LessonPlan:
    return LessonLibrary.scan([example_lessons_dir()]).lessons[LESSON][1]


def class_csv(names: list[str]) -> list:
    text = "naam\n" + "".join(f"{name}\n" for name in names)
    return parse_class_csv(text.encode("utf-8"))


@dataclass
class Pc:
    """One PC: its data folder (in its copy of the synced folder) and its state folder."""

    name: str
    data: Path
    state: Path
    written: dict[str, int] = field(default_factory=dict)  # run id -> events this PC wrote in it

    @classmethod
    def on(cls, name: str, synced: Path, base: Path) -> Pc:
        return cls(name, synced / DATA, base / f"{name}-state")

    @contextmanager
    def store(self) -> Iterator[DataStore]:
        """A DataStore as this PC opens it (its device id, its index), for the block."""
        before = os.environ.get(layout.STATE_ENV)
        os.environ[layout.STATE_ENV] = str(self.state)
        try:
            yield DataStore(self.data, SystemClock())
        finally:
            if before is None:
                os.environ.pop(layout.STATE_ENV, None)
            else:
                os.environ[layout.STATE_ENV] = before

    def teach(self, class_name: str, plan: LessonPlan, *, marks: int = 6, seed: int = 1, close: bool = True) -> str:
        """A lesson of `class_name`: a round with `marks` marks, a self-assessment, closed;
        its run id (the events written are counted in `written`)."""
        rng = random.Random(seed)
        with self.store() as store:
            klas = store.get_class(class_name)
            assert klas is not None, f"{self.name} has no class {class_name}"
            run = store.start_run(klas, plan, set(), rng=rng)
            run.next_phase()
            round_ = run.open_round("Welke breuk is groter?")
            for pid in rng.sample(run.pupil_ids, min(marks, len(run.pupil_ids))):
                run.mark(round_, pid, rng.choice(["fout", "half", "juist"]))
            run.close_round(round_)
            run.set_self_assessment(run.pupil_ids[0], 2)
            if close:
                run.close()
            store.update_run_summary(run)
            store.release(run.run_id)
            self.written[run.run_id] = len(run_events(run.path))
        return run.run_id

    def history(self) -> dict[str, tuple[str, int]]:
        """Every lesson this PC lists: run id -> (status, events its file holds)."""
        found = {}
        with self.store() as store:
            for summary in store.runs():
                found[summary.run_id] = (summary.status, len(run_events(store.root / summary.path)))
        return found

    def folded(self) -> dict[str, tuple[Any, ...]]:
        """Every lesson as this PC folds it: run id -> (phase, closed at, each round's marks,
        the self-assessments); two PCs holding the same files fold the same."""
        found = {}
        with self.store() as store:
            for summary in store.runs():
                state = store.open_run(summary.run_id, lock=False).state
                rounds = tuple(sorted((r.round_id, tuple(sorted(r.marks.items()))) for r in state.rounds.values()))
                assessed = tuple(sorted(state.self_assessment.items()))
                found[summary.run_id] = (state.phase_index, state.closed_at, rounds, assessed)
        return found

    def class_view(self, class_name: str) -> list[tuple[str, str, int, bool]]:
        with self.store() as store:
            klas = store.get_class(class_name)
            assert klas is not None
            return sorted((p.id, p.full_name, p.number, p.active) for p in klas.pupils)

    def add_lesson_file(self, source: Path, name: str = "les.toml") -> Path:
        target = layout.own_lessons_dir(self.data) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return target


def run_events(path: Path) -> dict[str, Any]:
    """The events a run file holds, as written."""
    return dict(json.loads(path.read_text(encoding="utf-8")).get("events", {}))
