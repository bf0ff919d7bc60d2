"""How long does the goal grid take to open in year three, next to the history screen?

Builds, in a temp dir, one class of 28 pupils with ~2,000 lesson runs over 40 goals (three
school years) through the app's own storage code: each run a kleine lesafsluiting round and
an exit ticket, a split with a miniklas, closed, its index line written as the app does.
Then, with the data folder open as after start-up, times:

* the goal grid: `session.goals.goal_grid` for the class (what the grid screen shows), from
  the runs index only;
* the history screen's data: `session.history.class_history` for the same class;
* both again on a freshly opened `DataStore` (the index file read from disk first);
* the first open after start-up, with the grid the last open kept (`goalgrid-*.json`), after
  one lesson changed since (its goal folded again), and with nothing kept (parse and fold all).

    python benchmarks/goal_grid.py            # full size
    python benchmarks/goal_grid.py --runs 200 # quicker look

The last line is: grid_median_ms=<x> grid_p95_ms=<y> history_median_ms=<z> ratio=<x/z> runs=<n>
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from lesson_tui.base.clock import FakeClock, to_iso
from lesson_tui.files.storage import atomic_write_bytes, private_dir
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.plan.goals import goal_catalogue
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.runs import new_run_id

PUPILS = 28


def build_history(root: Path, runs: int, goals: int) -> tuple[str, list]:
    """The run files, written as the app writes them (one atomic write each, in the app's
    format); the index is then rebuilt from them, as on a PC that lost it."""
    clock = FakeClock()
    store = DataStore(root, clock)
    base = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    plans = [replace(base, id=f"les-{n:02d}", titel=f"Les {n}", doelen=(f"doel-{n:02d}",)) for n in range(goals)]
    rows = "naam\n" + "".join(f"Leerling{n:02d} Achternaam\n" for n in range(1, PUPILS + 1))
    klas = store.import_class("5B", parse_class_csv(rows.encode())).school_class
    pupils = [p.id for p in klas.active_pupils]
    rng = random.Random(1)
    kleine = base.phase_index("kleine_afsluiting")
    for number in range(runs):
        plan = plans[number % goals]
        now = clock.now()
        run_id = new_run_id(now, "benchmrk")
        absent = sorted(pid for pid in pupils if rng.random() < 0.05)
        present = [pid for pid in pupils if pid not in absent]
        info = {"run_id": run_id, "class": klas.name, "class_id": klas.id, "lesson": plan.to_dict(),
                "pupils": [p.to_doc() for p in klas.active_pupils], "absent": absent, "started_at": to_iso(now)}
        at = to_iso(now)
        events: list[dict] = [{"t": "phase", "at": at, "index": kleine}]
        for kind in ("cfu", "exit"):
            events.append({"t": "round_open", "at": at, "phase": kleine, "vraag": "v", "niveau": "gesloten",
                           "present": present, "kind": kind})
            seq = len(events)
            for pid in present:
                events.append({"t": "mark", "at": at, "round": seq, "pupil": pid,
                               "value": rng.choice(["juist", "juist", "juist", "half", "fout"])})
            events.append({"t": "round_close", "at": at, "round": seq})
        miniklas = present[:3]
        events.append({"t": "sporen", "at": at, "assignments": {
            pid: {"spoor": 3 if pid in miniklas else 1, "voorstel": None, "aangepast": False, "vrijwillig": False, "reden": ""}
            for pid in present}})
        events.append({"t": "miniklas_timer", "at": at, "running": True})
        later = to_iso(now + timedelta(minutes=12))
        events.append({"t": "miniklas_leave", "at": later, "pupil": miniklas[0], "left": True})
        events.append({"t": "miniklas_timer", "at": later, "running": False})
        events.append({"t": "close", "at": later})
        doc = {"meta": {"1": {"schema": 1, "kind": "run"}}, "run": {"1": info},
               "events": {str(n): event for n, event in enumerate(events, 1)}}
        folder = private_dir(layout.runs_year_dir(root, now))
        atomic_write_bytes(folder / f"{run_id}.json", json.dumps(doc).encode("utf-8"))
        clock.set(now + timedelta(hours=13))
    layout.index_path(root).unlink(missing_ok=True)
    return klas.id, plans


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def timed(work, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def time_screens(root: Path, repeat: int, class_id: str) -> tuple[list[float], list[float], list[float]]:
    """The screens themselves, in the real app (headless): from the key on the home screen
    (`d` goal grid, `h` history) until the screen is drawn, `repeat` times each."""
    import asyncio

    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.session.goals import goal_grid
    from lesson_tui.tui.app import make_app

    library = LessonLibrary.scan([example_lessons_dir()])
    # the app's catalogue is its lesson library's: as when the teacher opened the grid in an
    # earlier start of the app (its folded grid kept), this start's first open is the first below
    goal_grid(DataStore(root, FakeClock()), class_id, goal_catalogue(plan for _, plan in library.lessons.values()))
    store = DataStore(root, FakeClock())
    app = make_app(store=store, library=library, lang="nl", clock=FakeClock())
    grid_ms: list[float] = []
    history_ms: list[float] = []
    floor_ms: list[float] = []  # a screen with one line: what any screen costs to open here

    from textual.screen import Screen
    from textual.widgets import Label

    class Floor(Screen):
        def compose(self):
            yield Label("floor")

    async def walk() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home = app.screen
            classes = home._school_classes  # the benchmark's class, highlighted as a teacher would
            home.query_one("#class-list").highlighted = next(n for n, c in enumerate(classes) if c.id == class_id)
            await pilot.pause()
            for _ in range(repeat):
                for action, name, found in (
                    (lambda: app.push_screen(Floor()), "Floor", floor_ms),
                    (home.action_goals, "GoalsScreen", grid_ms),
                    (home.action_history, "HistoryScreen", history_ms),
                ):
                    start = time.perf_counter()
                    action()  # what the key does
                    while type(app.screen).__name__ != name or not app.screen.is_mounted:
                        await asyncio.sleep(0)
                    await pilot.pause(0)  # drawn
                    found.append((time.perf_counter() - start) * 1000)
                    if name == "GoalsScreen":
                        assert app.screen.grid is not None and len(app.screen.grid.pupils) == PUPILS
                    app.pop_screen()
                    await pilot.pause()

    asyncio.run(walk())
    return grid_ms, history_ms, floor_ms


def main() -> None:
    from lesson_tui.session.goals import goal_grid
    from lesson_tui.session.history import class_history

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--goals", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lesson-tui-bench-") as temp:
        root = Path(temp) / "data"
        os.environ["LESSON_TUI_STATE"] = str(Path(temp) / "state")  # not the user's own
        began = time.perf_counter()
        class_id, plans = build_history(root, args.runs, args.goals)
        catalogue = goal_catalogue(plans)
        print(f"history: {args.runs} runs, {PUPILS} pupils, {args.goals} goals, built in {time.perf_counter() - began:.1f} s")

        began = time.perf_counter()
        DataStore(root, FakeClock()).runs()  # no index: rebuilt from the run files, with the summaries
        print(f"index rebuilt from {args.runs} run files in {time.perf_counter() - began:.1f} s; "
              f"{layout.index_path(root).stat().st_size / 1e6:.2f} MB")
        store = DataStore(root, FakeClock())
        store.runs()  # start-up: the index is read and caught up, as the home screen does
        grid = goal_grid(store, class_id, catalogue)
        assert len(grid.goals) == args.goals and len(grid.pupils) == PUPILS
        grid_ms = timed(lambda: goal_grid(store, class_id, catalogue), args.repeat)
        history_ms = timed(lambda: class_history(store, class_id), max(5, args.repeat // 3))

        def cold_grid() -> None:
            goal_grid(DataStore(root, FakeClock()), class_id, catalogue)

        def cold_history() -> None:
            class_history(DataStore(root, FakeClock()), class_id)

        def first_open(work) -> list[float]:
            """The first open after start-up: a fresh process's store whose index the home
            screen has read (store.runs()), then the screen's data, once."""
            timings = []
            for _ in range(max(5, args.repeat // 3)):
                fresh = DataStore(root, FakeClock())
                fresh.runs()
                start = time.perf_counter()
                work(fresh)
                timings.append((time.perf_counter() - start) * 1000)
            return timings

        first_grid = first_open(lambda fresh: goal_grid(fresh, class_id, catalogue))

        def folded(fresh) -> None:
            """The first open after a lesson changed since the last start: nothing kept fits,
            so every goal summary is parsed and folded (and the grid kept again)."""
            for kept in layout.derived_path(root, "x").parent.glob("goalgrid-*.json"):
                kept.unlink()
            fresh.runs()
            start = time.perf_counter()
            goal_grid(fresh, class_id, catalogue)
            fold_ms.append((time.perf_counter() - start) * 1000)

        def one_changed(fresh, number: int) -> None:
            """The first open after one lesson changed since the last open: that run is not
            in the kept grid (as a new or changed run), so its line is parsed and its goal's
            column folded again; the other columns are read as kept."""
            (kept,) = layout.derived_path(root, "x").parent.glob("goalgrid-*.json")
            doc = json.loads(kept.read_text(encoding="utf-8"))
            runs = doc["doc"]["runs"]
            del runs[sorted(runs)[number % len(runs)]]
            kept.write_text(json.dumps(doc), encoding="utf-8")
            fresh.runs()
            start = time.perf_counter()
            goal_grid(fresh, class_id, catalogue)
            changed_ms.append((time.perf_counter() - start) * 1000)

        changed_ms: list[float] = []
        for number in range(max(5, args.repeat // 3)):
            one_changed(DataStore(root, FakeClock()), number * 37)
        fold_ms: list[float] = []
        for _ in range(max(5, args.repeat // 3)):
            folded(DataStore(root, FakeClock()))
        first_history = first_open(lambda fresh: class_history(fresh, class_id))
        cold_grid_ms = timed(cold_grid, max(5, args.repeat // 3))
        cold_history_ms = timed(cold_history, max(5, args.repeat // 3))
        screen_grid, screen_history, screen_floor = time_screens(root, max(5, args.repeat // 3), class_id)
        g_med, h_med = statistics.median(grid_ms), statistics.median(history_ms)
        print(f"goal grid after start-up: median {g_med:.1f} ms, p95 {p95(grid_ms):.1f} ms ({args.repeat} opens)")
        print(f"history screen data after start-up: median {h_med:.1f} ms, p95 {p95(history_ms):.1f} ms")
        print(f"first open after start-up (index already read by the home screen): grid median "
              f"{statistics.median(first_grid):.1f} ms, p95 {p95(first_grid):.1f} ms; history median "
              f"{statistics.median(first_history):.1f} ms")
        print(f"first open after one lesson changed since (its goal parsed and folded again): median "
              f"{statistics.median(changed_ms):.1f} ms, p95 {p95(changed_ms):.1f} ms")
        print(f"first open with nothing kept (a new PC, another catalogue: parse and fold all): median "
              f"{statistics.median(fold_ms):.1f} ms, p95 {p95(fold_ms):.1f} ms")
        print(f"the screens in the app (key on home -> drawn): goal grid median {statistics.median(screen_grid):.1f} ms, "
              f"p95 {p95(screen_grid):.1f} ms; history median {statistics.median(screen_history):.1f} ms, "
              f"p95 {p95(screen_history):.1f} ms; ratio {statistics.median(screen_grid) / statistics.median(screen_history):.2f}; "
              f"a one-line screen {statistics.median(screen_floor):.1f} ms")
        print(f"  each open in the app, the first one the first after start-up: goal grid "
              f"{' '.join(f'{x:.0f}' for x in screen_grid)} ms; history {' '.join(f'{x:.0f}' for x in screen_history)} ms")
        print(f"with the index read from disk first: grid median {statistics.median(cold_grid_ms):.1f} ms, "
              f"history median {statistics.median(cold_history_ms):.1f} ms")
        print(f"grid_median_ms={g_med:.1f} grid_p95_ms={p95(grid_ms):.1f} history_median_ms={h_med:.1f} "
              f"ratio={g_med / h_med:.2f} first_grid_median_ms={statistics.median(first_grid):.1f} "
              f"first_grid_p95_ms={p95(first_grid):.1f} fold_grid_median_ms={statistics.median(fold_ms):.1f} "
              f"fold_grid_p95_ms={p95(fold_ms):.1f} changed_grid_median_ms={statistics.median(changed_ms):.1f} "
              f"changed_grid_p95_ms={p95(changed_ms):.1f} screen_grid_median_ms={statistics.median(screen_grid):.1f} "
              f"screen_ratio={statistics.median(screen_grid) / statistics.median(screen_history):.2f} runs={args.runs}")


if __name__ == "__main__":
    main()
