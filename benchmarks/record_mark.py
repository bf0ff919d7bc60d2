"""How long does recording one CFU mark take, with three school years of history beside it?

Builds, in a temp dir, a synthetic history for one class (>= 300,000 CFU marks in ~2,000
lesson runs) through the app's own storage code, then records marks in a live run through
`LessonRun.mark`, exactly as a keypress in the CFU grid does. The floor is a bare atomic
write (temp file, fsync, os.replace) of a document the size of the live run file, measured
in the same run. Also measures what writes a lesson's index line (its start, its split, its
close) with that history, and start-up to the home screen with that history (with the
lesson the marks went into still open, then closed), next to a bare Textual app, and their
peak memory.

    python benchmarks/record_mark.py            # full size
    python benchmarks/record_mark.py --runs 200 # quicker look

The last line is: p95_ms=<x> median_ms=<y> floor_ms=<z> ratio=<x/z> history_marks=<n>
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from lesson_tui.base.clock import FakeClock, SystemClock, to_iso
from lesson_tui.files.storage import atomic_write_bytes
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore


def build_history(root: Path, runs: int, marks_per_run: int) -> int:
    clock = FakeClock()
    store = DataStore(root, clock)
    plans = [plan for _, plan in LessonLibrary.scan([example_lessons_dir()]).lessons.values()]
    klas = store.get_class("Demo 4A")
    rng = random.Random(1)
    total = 0
    for number in range(runs):
        plan = plans[number % len(plans)]
        run = store.start_run(klas, plan, set(), rng=rng)
        events: list[dict] = []
        at = clock.now()
        events.append({"t": "phase", "at": to_iso(at), "index": 0})
        round_seq = None
        for mark in range(marks_per_run):
            if mark % len(klas.pupils) == 0:
                events.append(
                    {"t": "round_open", "at": to_iso(at), "phase": 2, "vraag": "v", "niveau": "gesloten", "present": run.pupil_ids}
                )
                round_seq = len(events)
            pupil = run.pupil_ids[mark % len(run.pupil_ids)]
            events.append({"t": "mark", "at": to_iso(at), "round": round_seq, "pupil": pupil, "value": rng.choice(["fout", "half"])})
            total += 1
        run.db.table("events").insert_multiple(events)  # one atomic write, through the app's storage
        clock.advance(50 * 60)
        run.confirm_sporen({})
        run.close()
        store.update_run_summary(run)
        store.release(run.run_id)
        clock.set(clock.now() + timedelta(hours=20))
    return total


def time_marks(root: Path, count: int) -> tuple[list[float], int]:
    store = DataStore(root, SystemClock())
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    run = store.start_run(store.get_class("Demo 4A"), plan, set())
    run.next_phase()
    ids = run.pupil_ids
    timings = []
    round_ = run.open_round("Welke breuk is groter?")
    for n in range(count):
        if n and n % 100 == 0:  # a realistic lesson: a new round every so often
            run.close_round(round_)
            round_ = run.open_round("Nog een vraag")
        value = ("fout", "half")[(n // len(ids)) % 2]
        start = time.perf_counter()
        run.mark(round_, ids[n % len(ids)], value)
        timings.append((time.perf_counter() - start) * 1000)
    return timings, run.path.stat().st_size


def close_live_run(root: Path) -> None:
    """Close the run the marks were timed in, as the teacher closes a lesson."""
    store = DataStore(root, SystemClock())
    for summary in store.unfinished_runs():
        run = store.open_run(summary.run_id)
        run.close()
        store.update_run_summary(run)
        store.release(run.run_id)


def time_lesson_writes(root: Path, lessons: int = 5) -> dict[str, list[float]]:
    """Milliseconds of what writes a lesson's index line, with the whole history beside it:
    starting a lesson, storing its confirmed split, storing its close (each a line of the
    runs index, written under its lock, after the catch-up its renamed run file calls for).
    These lessons stay in the history, closed, like the others."""
    store = DataStore(root, SystemClock())
    store.runs()
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    klas = store.get_class("Demo 4A")
    found: dict[str, list[float]] = {"start": [], "split": [], "close": []}
    for n in range(lessons):
        began = time.perf_counter()
        run = store.start_run(klas, plan, set(), rng=random.Random(n))
        found["start"].append((time.perf_counter() - began) * 1000)
        run.confirm_sporen({})
        began = time.perf_counter()
        store.update_run_summary(run)
        found["split"].append((time.perf_counter() - began) * 1000)
        run.close()
        began = time.perf_counter()
        store.update_run_summary(run)
        found["close"].append((time.perf_counter() - began) * 1000)
        store.release(run.run_id)
    return found


def time_floor(folder: Path, size: int, count: int) -> list[float]:
    payload = b"x" * size
    target = folder / "floor.json"
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        atomic_write_bytes(target, payload)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


APP_START = """
import sys
from pathlib import Path
from lesson_tui.cli.main import Config
from lesson_tui.cli.commands import build_app
async def home(pilot):
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "HomeScreen"
    pilot.app.exit()
build_app(Config(data_dir=Path(sys.argv[1]))).run(headless=True, size=(120, 35), auto_pilot=home)
"""

BARE_START = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("hallo")
async def home(pilot):
    await pilot.pause()
    pilot.app.exit()
Bare().run(headless=True, size=(120, 35), auto_pilot=home)
"""


def time_starts(starts: list[tuple[str, Path]], repeat: int) -> list[tuple[list[float], list[float]]]:
    """Median-ready timings (seconds, peak MB) of `repeat` starts of each (code, data folder)
    after one warm-up start each, taken in turns (one of each, then again), so that a machine
    that gets slower or faster meanwhile moves all of them alike.

    The children run as on a teacher's PC: Python may write its bytecode cache (some shells
    set PYTHONDONTWRITEBYTECODE; pip precompiles Textual at install, but an editable
    install of lesson-tui is compiled on first import), and the warm-up start fills the
    lesson-plan cache as a teacher's first start does.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for code, data in starts:
        subprocess.run([sys.executable, "-c", code, str(data)], env=env, check=True)
    found: list[tuple[list[float], list[float]]] = [([], []) for _ in starts]
    for _ in range(repeat):
        for (code, data), (seconds, peaks) in zip(starts, found, strict=True):
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code, str(data)], env=env)
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB on Linux
            else:
                proc.wait()
            seconds.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"start-up run failed with {proc.returncode}")
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--marks-per-run", type=int, default=150)
    parser.add_argument("--marks", type=int, default=500, help="marks timed in the live run")
    parser.add_argument("--starts", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lesson-tui-bench-") as temp:
        root = Path(temp) / "data"
        # this PC's part (index, locks, caches) in the temp folder too, not the user's own
        os.environ["LESSON_TUI_STATE"] = str(Path(temp) / "state")
        began = time.perf_counter()
        history = build_history(root, args.runs, args.marks_per_run)
        print(f"history: {args.runs} runs, {history} marks, built in {time.perf_counter() - began:.1f} s")
        run_files = list((root / "runs").rglob("*.json"))
        total_bytes = sum(f.stat().st_size for f in run_files)
        print(f"history on disk: {total_bytes / 1e6:.1f} MB in {len(run_files)} run files; index {layout.index_path(root).stat().st_size / 1e3:.0f} kB")

        writes = time_lesson_writes(root)
        print(
            "a lesson's index line, with the history beside it (medians of 5): "
            + ", ".join(f"{step} {statistics.median(ms):.0f} ms" for step, ms in writes.items())
        )
        marks, live_size = time_marks(root, args.marks)
        floor = time_floor(Path(temp), live_size, args.marks)
        print(f"live run file after {args.marks} marks: {live_size / 1e3:.1f} kB")
        print(f"record one mark: median {statistics.median(marks):.2f} ms, p95 {p95(marks):.2f} ms, max {max(marks):.2f} ms")
        print(f"bare atomic write of {live_size / 1e3:.1f} kB: median {statistics.median(floor):.2f} ms, p95 {p95(floor):.2f} ms")

        closed = Path(temp) / "data-closed"  # the same history with the live run closed
        shutil.copytree(root, closed)
        close_live_run(closed)
        (bare_s, bare_mb), (open_s, open_mb), (app_s, app_mb) = time_starts(
            [(BARE_START, root), (APP_START, root), (APP_START, closed)], args.starts
        )
        bare_med = statistics.median(bare_s)
        for label, seconds in (("every lesson closed", app_s), ("one lesson left open (its line as kept at the warm-up start, session/resume.py)", open_s)):
            median = statistics.median(seconds)
            print(f"start-up to home screen with history, {label}: median {median:.2f} s; ratio {median / bare_med:.2f}x")
        print(f"bare Textual app: median {bare_med:.2f} s ({args.starts} starts each, in turns, after one warm-up; bytecode cache allowed)")
        if app_mb:
            print(f"peak memory: app {max(app_mb + open_mb):.0f} MB, bare Textual app {max(bare_mb):.0f} MB")
        floor_ms = statistics.median(floor)
        p95_ms = p95(marks)
        print(
            f"p95_ms={p95_ms:.2f} median_ms={statistics.median(marks):.2f} floor_ms={floor_ms:.2f} "
            f"ratio={p95_ms / floor_ms:.2f} history_marks={history}"
        )


if __name__ == "__main__":
    main()
