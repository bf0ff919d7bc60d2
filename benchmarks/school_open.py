"""The school view on a school year: how long `lesson-tui school` takes to open, how much
memory it holds, and whether a newly synced lesson shows at the next refresh (#21).

A school of `--classes` classes (24 pupils each, two classes per teacher's folder), each
with `--lessons` lessons of one school year (wiskunde, nederlands, wereldoriëntatie in turn,
check rounds with marks, self-assessment, the sporen, the miniklas timer), made through the
app's own core as the teachers' PCs would. Then, each in a fresh process (its memory is the
process's own peak RSS):

- cold: the first open, no cache (every run file read once);
- warm: the open every later day, the cache in the zorgcoördinator's state (`--repeat` times);
- refresh: one more lesson arrives in a teacher's folder while the view is open; the next
  refresh shows it, reading that run only.

    python benchmarks/school_open.py                       # 20 classes x 200 lessons = 4,000 runs
    python benchmarks/school_open.py --classes 4 --lessons 50   # a quick look
    python benchmarks/school_open.py --keep /tmp/school-data    # make the school once, reuse it

The target (issue 21): warm open <= 2 s and <= 150 MB. The last line is
`warm_median_s=.. warm_p95_s=.. warm_peak_mb=.. cold_s=.. cold_peak_mb=.. refresh_s=.. runs=..`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import datetime
from pathlib import Path

MEASURE = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    t0 = time.perf_counter()
    from lesson_tui.school.state import SchoolSettings
    from lesson_tui.school.view import SchoolView
    folders = [Path(p) for p in json.loads(sys.argv[1])]
    view = SchoolView(settings=SchoolSettings().with_folders(folders))
    report = view.report()
    opened = time.perf_counter() - t0
    result = {"open_s": opened, "reads": view.cache.reads, "runs": sum(c.lessons_given for c in report.classes),
              "classes": len(report.classes), "signals": len(report.signals)}
    if len(sys.argv) > 2:  # a lesson arrives meanwhile (written by the teacher's PC, another process)
        import subprocess
        subprocess.run([sys.executable, sys.argv[2], "--add-one", sys.argv[3]], check=True)
        t1 = time.perf_counter()
        again = view.report()
        result["refresh_s"] = time.perf_counter() - t1
        result["refresh_reads"] = view.cache.reads - result["reads"]
        result["runs_after"] = sum(c.lessons_given for c in again.classes)
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["peak_mb"] = peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024
    except ImportError:  # Windows: the working set's peak
        import ctypes, ctypes.wintypes
        class Counters(ctypes.Structure):
            _fields_ = [("cb", ctypes.wintypes.DWORD), ("PageFaultCount", ctypes.wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t)] + [
                        (f"f{i}", ctypes.c_size_t) for i in range(6)]
        counters = Counters(); counters.cb = ctypes.sizeof(counters)
        ctypes.windll.psapi.GetProcessMemoryInfo(ctypes.windll.kernel32.GetCurrentProcess(),
                                                 ctypes.byref(counters), counters.cb)
        result["peak_mb"] = counters.PeakWorkingSetSize / 1024 / 1024
    print(json.dumps(result))
    """
)

SUBJECTS = ["breuken-vergelijken", "hoofdgedachte-zoeken", "waterkringloop"]


def _quiet_disk() -> None:
    """Making the school needs no power-cut safety: no fsync (as the test suite)."""
    from lesson_tui.files import storage

    storage.flush_to_disk = lambda fd: None


def lesson(store, plan, school_class, clock, rng: random.Random) -> None:
    run = store.start_run(school_class, plan, set(), rng=rng)
    kleine = next(i for i, phase in enumerate(plan.fase) if phase.soort == "kleine_afsluiting")
    run.go_to_phase(max(0, kleine - 1))
    for index in (kleine - 1, kleine):
        run.go_to_phase(index)
        round_ = run.open_round("vraag")
        for pid in run.pupil_ids:
            if rng.random() < 0.25:
                run.mark(round_, pid, rng.choice(["fout", "half"]))
        run.close_round(round_)
    run.start_self_assessment()
    for pid in rng.sample(run.pupil_ids, 3):
        run.set_self_assessment(pid, rng.choice([2, 3]))
    run.confirm_sporen({})
    run.next_phase()
    run.miniklas_timer(True)
    clock.advance(600)
    if run.miniklas:
        run.toggle_miniklas_leave(run.miniklas[0])
    run.miniklas_timer(False)
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)


def make_school(root: Path, classes: int, lessons: int) -> list[Path]:
    _quiet_disk()
    from lesson_tui.base.clock import FakeClock
    from lesson_tui.klas.classimport import parse_class_csv
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.store.datastore import DataStore

    library = LessonLibrary.scan([example_lessons_dir()])
    plans = [library.lessons[name][1] for name in SUBJECTS]
    folders = []
    rng = random.Random(21)
    for teacher in range((classes + 1) // 2):
        folder = root / f"leerkracht-{teacher + 1:02d}"
        folders.append(folder)
        os.environ["LESSON_TUI_STATE"] = str(root / "pcs" / folder.name)
        clock = FakeClock(datetime(2026, 9, 1, 8, 30).astimezone())
        store = DataStore(folder, clock)
        own = [f"{teacher // 2 + 1}{'ABCDEFGH'[2 * teacher % 8 + k]}" for k in range(2) if 2 * teacher + k < classes]
        made = []
        for name in own:
            rows = "voornaam;naam\n" + "".join(f"Kind{n:02d};{name}-Familie{n:02d}\n" for n in range(1, 25))
            made.append(store.import_class(name, parse_class_csv(rows.encode())).school_class)
        for number in range(lessons):
            for school_class in made:
                lesson(store, plans[number % 3], school_class, clock, rng)
                clock.advance(3600)
            clock.advance(20 * 3600)
        print(f"  {folder.name}: {len(made)} classes x {lessons} lessons", file=sys.stderr, flush=True)
    (root / "folders.json").write_text(json.dumps([str(f) for f in folders]), encoding="utf-8")
    return folders


def add_one(folder: Path) -> None:
    """One more lesson in `folder`, as its teacher's PC gives it (the next day)."""
    _quiet_disk()
    from lesson_tui.base.clock import FakeClock
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.store.datastore import DataStore

    os.environ["LESSON_TUI_STATE"] = str(folder.parent / "pcs" / folder.name)
    library = LessonLibrary.scan([example_lessons_dir()])
    store = DataStore(folder, FakeClock(datetime(2027, 6, 29, 9, 0).astimezone()))
    school_class = store.classes()[0]
    lesson(store, library.lessons[SUBJECTS[0]][1], school_class, store.clock, random.Random(7))


def measure(folders: list[Path], state: Path, extra: list[str] | None = None) -> dict:
    env = dict(os.environ, LESSON_TUI_STATE=str(state))
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps([str(f) for f in folders]), *(extra or [])],
        capture_output=True, text=True, env=env, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=20)
    parser.add_argument("--lessons", type=int, default=200, help="lessons per class in the school year")
    parser.add_argument("--repeat", type=int, default=7, help="warm opens to measure")
    parser.add_argument("--keep", type=Path, help="make the school here once and reuse it")
    parser.add_argument("--add-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_one:
        add_one(args.add_one)
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="school-bench-"))
    listed = root / "folders.json"
    if listed.is_file():
        folders = [Path(p) for p in json.loads(listed.read_text(encoding="utf-8"))]
    else:
        root.mkdir(parents=True, exist_ok=True)
        begin = time.perf_counter()
        folders = make_school(root, args.classes, args.lessons)
        print(f"made the school in {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    state = Path(tempfile.mkdtemp(prefix="school-bench-state-"))  # the zorgcoördinator's PC, new
    cold = measure(folders, state)
    print(f"cold open (no cache): {cold['open_s']:.2f} s, {cold['peak_mb']:.0f} MB peak, "
          f"{cold['reads']} runs read, {cold['classes']} classes, {cold['signals']} signals")
    warm = [measure(folders, state) for _ in range(args.repeat)]
    times = sorted(w["open_s"] for w in warm)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    peak = max(w["peak_mb"] for w in warm)
    assert all(w["reads"] == 0 for w in warm), "a warm open read a run file again"
    print(f"warm open x{len(warm)}: median {statistics.median(times):.2f} s, p95 {p95:.2f} s, "
          f"peak {peak:.0f} MB, runs {warm[0]['runs']}")
    fresh = measure(folders, state, [str(Path(__file__).resolve()), str(folders[0])])
    shown = fresh["runs_after"] == fresh["runs"] + 1 and fresh["refresh_reads"] == 1
    print(f"refresh after a newly synced lesson: {fresh['refresh_s']:.2f} s, read {fresh['refresh_reads']} run(s), "
          f"{'shown' if shown else 'NOT shown'} ({fresh['runs']} -> {fresh['runs_after']} lessons)")
    ok = statistics.median(times) <= 2.0 and p95 <= 2.0 and peak <= 150 and shown
    print(f"target (<= 2 s, <= 150 MB, shown in one refresh): {'met' if ok else 'NOT met'}")
    print(f"warm_median_s={statistics.median(times):.3f} warm_p95_s={p95:.3f} warm_peak_mb={peak:.0f} "
          f"cold_s={cold['open_s']:.2f} cold_peak_mb={cold['peak_mb']:.0f} refresh_s={fresh['refresh_s']:.3f} "
          f"runs={warm[0]['runs']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
