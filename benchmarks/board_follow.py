"""Key-to-board latency: how long after the teacher's key does the class board know?

A teacher process walks a realistic lesson through the app's own `LessonRun` (phases, check
rounds with marks, beurtstokjes, the sporen split, the miniklas) at classroom pace (a key
every 0.15-0.6 s, as a teacher marking a round), noting for each event the moment the key
was handled and how long the mark took to reach the disk. A follower process does what
`lesson-tui board` does: polls the run file every POLL_SECONDS with `RunFollower`, folds
the new events and computes the board's view, noting when it saw each event. Both use
time.time() on one machine, so key-to-board is seen_at - key_at per event.

    python benchmarks/board_follow.py              # about 300 events, ~2 minutes
    python benchmarks/board_follow.py --events 80  # quicker look

The last line is: follow_p95_ms=<x> follow_median_ms=<y> mark_p95_ms=<z> events=<n>
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

FOLLOWER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from lesson_tui.session.board import board_view
    from lesson_tui.base.clock import SystemClock
    from lesson_tui.store.datastore import DataStore
    from lesson_tui.store.follow import POLL_SECONDS, RunFollower

    root, out, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    clock = SystemClock()
    follower = RunFollower(DataStore(root, clock))
    seen = {}
    print("ready", flush=True)
    while not stop.exists():
        follower.poll()
        run = follower.run
        if run is not None and run.applied_seq not in seen:
            board_view(run, clock.now())  # what the board draws from
            now = time.time()
            for seq in range(1, run.applied_seq + 1):
                seen.setdefault(seq, now)
        time.sleep(POLL_SECONDS)
    out.write_text(json.dumps(seen))
    """
)


def teacher(root: Path, events: int, rng: random.Random) -> tuple[dict[int, float], list[float]]:
    from lesson_tui.base.clock import SystemClock
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.store.datastore import DataStore

    store = DataStore(root, SystemClock())
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=rng)
    key_at: dict[int, float] = {}
    mark_ms: list[float] = []

    def key(action, *args, mark=False):
        time.sleep(rng.uniform(0.15, 0.6))  # classroom pace
        before_seq = run.applied_seq
        started = time.time()
        action(*args)
        if mark:
            mark_ms.append((time.time() - started) * 1000)
        for seq in range(before_seq + 1, run.applied_seq + 1):
            key_at[seq] = started

    key(run.next_phase)
    while len(key_at) < events:
        choice = rng.random()
        if choice < 0.1 and run.phase_index + 1 < len(plan.fase) - 1:
            key(run.next_phase)
        elif choice < 0.2:
            item = run.pick_pupil()
            if item is not None:
                key_at[run.applied_seq] = time.time()
                key(run.log_pick, item, rng.choice(["juist", "fout", "pas"]))
        else:
            round_ = run.open_round_in_progress() or run.open_round("vraag")
            key_at.setdefault(run.applied_seq, time.time())
            for pupil in rng.sample(run.pupil_ids, 4):
                key(run.mark, round_, pupil, rng.choice(["fout", "half"]), mark=True)
            key(run.close_round, round_)
    key(run.confirm_sporen, {})
    return key_at, mark_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        stop, out = Path(tmp) / "stop", Path(tmp) / "seen.json"
        follower = subprocess.Popen(
            [sys.executable, "-c", FOLLOWER, str(root), str(out), str(stop)], stdout=subprocess.PIPE, text=True
        )
        follower.stdout.readline()  # ready
        key_at, mark_ms = teacher(root, args.events, random.Random(9))
        time.sleep(1.0)  # let the follower see the last events
        stop.touch()
        follower.wait(timeout=30)
        seen = {int(k): v for k, v in json.loads(out.read_text()).items()}
    latencies = sorted((seen[seq] - at) * 1000 for seq, at in key_at.items() if seq in seen)
    missed = sum(1 for seq in key_at if seq not in seen)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    mark_p95 = sorted(mark_ms)[int(0.95 * (len(mark_ms) - 1))]
    print(f"events seen by the follower: {len(latencies)} of {len(key_at)} (missed {missed})")
    print(f"key-to-board: median {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms")
    print(f"teacher's mark-to-disk: median {statistics.median(mark_ms):.2f} ms, p95 {mark_p95:.2f} ms")
    print(
        f"follow_p95_ms={p95:.0f} follow_median_ms={statistics.median(latencies):.0f} "
        f"mark_p95_ms={mark_p95:.2f} events={len(latencies)}"
    )


if __name__ == "__main__":
    main()
