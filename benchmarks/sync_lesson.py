"""A lesson closed on one PC, until it shows in the other PC's history, over real Syncthing on
loopback (two instances, tests/processes/syncthing.py: a 1 s watcher delay, as the harness
sets it); then partition cycles: both PCs apart (paused), a lesson taught on each, together
again, until both hold the same files; every cycle counts lost events and conflict copies.

No rescan is asked while a lesson travels: Syncthing's own watcher sees the run file, as on a
teacher's PC. The other PC looks every POLL_S, as the home screen does when it refreshes.

    python benchmarks/sync_lesson.py [--lessons 20] [--cycles 50]

Last line: sync_p50_s=<x> sync_p95_s=<y> cycles=<n> cycle_p95_s=<z> lost=<l> conflicts=<c>
  sync: from the close (on disk) on the PC to the lesson, closed and whole, in the laptop's
  history (target p95 <= 5 s); lost and conflicts must be 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lessonpcs import Pc, class_csv, example_plan  # noqa: E402
from processes import syncthing as st  # noqa: E402

POLL_S = 0.05
PUPILS = [f"Leerling{n:02d} Peeters" for n in range(1, 25)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def wait_listed(pc: Pc, run_id: str, events: int, timeout: float = 60.0) -> float:
    """Seconds until `pc` lists `run_id` closed with all `events`."""
    begin = time.monotonic()
    while time.monotonic() - begin < timeout:
        if pc.history().get(run_id) == ("closed", events):
            return time.monotonic() - begin
        time.sleep(POLL_S)
    raise SystemExit(f"{run_id} did not reach {pc.name} within {timeout} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=50)
    args = parser.parse_args()
    if st.SYNCTHING is None:
        print(st.SKIP_REASON)
        return 1
    with tempfile.TemporaryDirectory(prefix="sync-lesson-") as base:
        cluster = st.Cluster(Path(base) / "st", 2)
        try:
            cluster.start()
            folder = cluster.add_folder(st.new_folder_id("bench"))
            school = Pc.on("school", folder.path(cluster["A"]), Path(base))
            laptop = Pc.on("laptop", folder.path(cluster["B"]), Path(base))
            with school.store() as store:
                store.import_class("5B", class_csv(PUPILS))
            cluster.wait_in_sync(folder.folder_id)
            plan = example_plan()

            latencies = []
            for n in range(args.lessons):
                run_id = school.teach("5B", plan, seed=n, marks=12)  # returns once closed on disk
                latencies.append(wait_listed(laptop, run_id, school.written[run_id]))
            print(
                f"lesson closed -> in the other PC's history, {len(latencies)} lessons: "
                f"median {statistics.median(latencies):.2f} s, p95 {p95(latencies):.2f} s, "
                f"max {max(latencies):.2f} s"
            )

            a = cluster["A"]
            lost = conflicts = 0
            cycle_times = []
            for n in range(args.cycles):
                begin = time.monotonic()
                cluster.pause(a)
                school.teach("5B", plan, seed=1000 + n, marks=6)
                laptop.teach("5B", plan, seed=2000 + n, marks=6)
                cluster.resume(a)
                cluster.wait_in_sync(folder.folder_id, timeout=60)
                cycle_times.append(time.monotonic() - begin)
                written = {**school.written, **laptop.written}
                for pc in (school, laptop):
                    history = pc.history()
                    lost += sum(max(0, count - history.get(r, ("", 0))[1]) for r, count in written.items())
                conflicts += sum(len(c) for c in cluster.conflict_copies(folder.folder_id).values())
            events = sum({**school.written, **laptop.written}.values())
            print(
                f"{args.cycles} partition cycles (apart, a lesson on each, together, in sync): "
                f"median {statistics.median(cycle_times):.2f} s, p95 {p95(cycle_times):.2f} s; "
                f"{events} events in {len(school.written) + len(laptop.written)} lessons, "
                f"{lost} lost, {conflicts} conflict copies"
            )
            print(
                f"sync_p50_s={statistics.median(latencies):.2f} sync_p95_s={p95(latencies):.2f} "
                f"cycles={args.cycles} cycle_p95_s={p95(cycle_times):.2f} lost={lost} conflicts={conflicts}"
            )
        finally:
            cluster.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
