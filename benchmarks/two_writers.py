"""Two devices on one lesson: how fast each sees the other's events, what merging costs,
and whether anything is lost.

Two processes (the teacher's app and a co-teacher's device) write marks, miniklas departures
and help requests into the same lesson, each into its own file, first at classroom pace and
then as fast as they can, while each looks for the other's events every POLL_SECONDS (as the
class board does). Both run on this machine, so one clock measures from one side's write
(on disk) to the other side having folded it.

    python benchmarks/two_writers.py [--calm-events 20] [--fast-seconds 3]

Last line: merge_p95_ms=<x> cross_device_p95_ms=<y> lost=<n> events=<m>
  merge: one catch_up that folds the other device's new events;
  cross_device: from one side's write to the other side showing it; lost must be 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEVICE = r"""
import json, random, sys, time
from pathlib import Path
from lesson_tui.base.clock import SystemClock
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.follow import POLL_SECONDS
root, run_id, role, calm, fast, seed = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
store = DataStore(root, SystemClock())
run = store.open_run(run_id) if role == "main" else store.join_run(run_id)
rng = random.Random(seed)
out = sys.stdout

def write_one():
    rounds = [r for r in run.state.rounds.values() if not r.closed]
    pid = rng.choice(run.pupil_ids)
    kind = rng.random()
    if kind < 0.6 and rounds:
        seq = run.mark(rounds[0], pid, rng.choice(["fout", "half", "juist"]))
    elif kind < 0.8 and run.miniklas:  # only a miniklas pupil may leave it (the recorder refuses others)
        seq = run.toggle_miniklas_leave(rng.choice(run.miniklas))
    elif pid not in run.still_in_miniklas:  # one still in the miniklas has the teacher already
        seq = run.help_add(pid)
    else:
        seq = None
    if seq is not None:
        out.write(json.dumps({"w": run.writer, "seq": seq % 1_000_000_000, "at": time.time()}) + "\n")

def look():
    before = set(run.log.folded)
    start = time.perf_counter()
    new = run.catch_up()
    took = (time.perf_counter() - start) * 1000
    now = time.time()
    if new:
        out.write(json.dumps({"merge_ms": took}) + "\n")
        for writer, seq in set(run.log.folded) - before:
            if writer != run.writer:
                out.write(json.dumps({"seen_by": run.writer, "w": writer, "seq": seq, "at": now}) + "\n")

next_look = time.monotonic()
due = [time.monotonic() + rng.uniform(0.3, 1.2) * i for i in range(1, calm + 1)]  # classroom pace
fast_end = None
while True:
    now = time.monotonic()
    if now >= next_look:
        look()
        next_look = now + POLL_SECONDS
    if due:
        if now >= due[0]:
            due.pop(0)
            write_one()
        else:
            time.sleep(min(due[0], next_look) - now if min(due[0], next_look) > now else 0)
        continue
    if fast_end is None:
        fast_end = now + fast
    if now >= fast_end:
        break
    write_one()  # as fast as it can, still looking every POLL_SECONDS
drain_end = time.monotonic() + 1.5  # the other side may still be writing: keep looking
while time.monotonic() < drain_end:
    look()
    time.sleep(POLL_SECONDS)
out.flush()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calm-events", type=int, default=20)
    parser.add_argument("--fast-seconds", type=float, default=3.0)
    args = parser.parse_args()

    from lesson_tui.base.clock import SystemClock
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.store.datastore import DataStore
    from lesson_tui.store.follow import open_run_read_only

    with tempfile.TemporaryDirectory() as tmp:
        store = DataStore(Path(tmp) / "data", SystemClock())
        plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
        run = store.start_run(store.get_class("Demo 4A"), plan, set())
        run.next_phase()
        run.open_round("Welke breuk is groter?")
        store.release(run.run_id)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # each device writes its report to a file: a pipe read one after the other would
        # fill up and stall the second device mid-run (and its latency with it)
        reports = [Path(tmp) / f"{role}.jsonl" for role in ("main", "co")]
        procs = []
        for (role, seed), report in zip((("main", 1), ("co", 2)), reports):
            with open(report, "w", encoding="utf-8") as handle:
                procs.append(subprocess.Popen(
                    [sys.executable, "-c", DEVICE, str(store.root), run.run_id, role, str(args.calm_events), str(args.fast_seconds), str(seed)],
                    stdout=handle, text=True, env=env,
                ))
        lines = []
        for proc, report in zip(procs, reports):
            proc.wait(timeout=600)
            lines += [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
        written = {(d["w"], d["seq"]): d["at"] for d in lines if "seq" in d and "seen_by" not in d}
        seen = [d for d in lines if "seen_by" in d]
        merges = [d["merge_ms"] for d in lines if "merge_ms" in d]
        latencies = [(d["at"] - written[(d["w"], d["seq"])]) * 1000 for d in seen if (d["w"], d["seq"]) in written]
        final = open_run_read_only(run.path, SystemClock())
        folded = set(final.log.folded)
        lost = sum(1 for key in written if key not in folded)
        q = lambda values, p: statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else (values or [0])[0]  # noqa: E731
        print(f"events written: {len(written)} (main {sum(1 for w, _ in written if w == 0)}, co-teacher {sum(1 for w, _ in written if w != 0)})")
        print(f"cross-device (write -> other side folded it): median {statistics.median(latencies):.0f} ms, p95 {q(latencies, 95):.0f} ms, n={len(latencies)}")
        print(f"merge (one catch_up folding new events): median {statistics.median(merges):.2f} ms, p95 {q(merges, 95):.2f} ms, n={len(merges)}")
        print(f"merge_p95_ms={q(merges, 95):.2f} cross_device_p95_ms={q(latencies, 95):.0f} lost={lost} events={len(written)}")


if __name__ == "__main__":
    main()
