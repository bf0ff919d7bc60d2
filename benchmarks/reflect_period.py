"""How long does looking back take: one lesson's page, a week's attention, the kijkwijzer,
and the first beurtstokje of a lesson with "least asked this week" on (it reads the week)?

Builds, in a temp dir, a week of full lessons (every kind of event: phases, check rounds,
picks, a split, the miniklas, FLEX help, the exit ticket; tests/builders.py
`scripted_lesson`) for one class, through the app's own code, then times:
- `review_run` of one lesson opened from its file (the lesson page),
- `period_reviews` + `period_attention` of the week (the attention overview),
- `kijkwijzer_for` of the week (it reads the week before too: empty here),
- `LessonSession.asked_this_week` at a new lesson's first pick (the picker option).
The floor is opening the same run files without reviewing them (`store.open_run`).

    python benchmarks/reflect_period.py               # 25 lessons (5 a day)
    python benchmarks/reflect_period.py --lessons 50 --repeat 5

The last line is: page_median_ms=<a> week_median_ms=<b> kijkwijzer_median_ms=<c>
first_pick_ms=<d> open_floor_ms=<e> week_over_floor=<b/e>
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="lesson-tui-bench-reflect-"))
    os.environ.setdefault("LESSON_TUI_STATE", str(temp / "pc"))

    from builders import scripted_lesson

    from lesson_tui.base.clock import FakeClock
    from lesson_tui.export.reflect import kijkwijzer_for
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.review.attention import period_attention
    from lesson_tui.review.lesson import review_run
    from lesson_tui.review.period import Period, period_reviews
    from lesson_tui.session.session import LessonSession
    from lesson_tui.store.datastore import DataStore

    clock = FakeClock()
    store = DataStore(temp / "data", clock)
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    demo = store.get_class("Demo 4A")
    built = time.perf_counter()
    for number in range(args.lessons):
        scripted_lesson(store, plan, clock)
        clock.advance(86400 if number % 5 == 4 else 3600)
    print(f"built {args.lessons} lessons in {time.perf_counter() - built:.1f} s")
    week = Period(date(2026, 11, 23), date(2026, 11, 29 + 7 * ((args.lessons - 1) // 35)))
    run_ids = [summary.run_id for summary in store.runs()]

    def timed(work) -> list[float]:
        found = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            work()
            found.append((time.perf_counter() - start) * 1000)
        return found

    page = timed(lambda: review_run(store.open_run(run_ids[-1], lock=False)))
    floor = timed(lambda: [store.open_run(run_id, lock=False) for run_id in run_ids])
    week_ms = timed(lambda: period_attention(period_reviews(store, week, demo.id)))
    kijk = timed(lambda: kijkwijzer_for(store, week, None))
    clock.set(clock.now().replace(year=2026, month=11, day=27))  # a lesson on Friday of that week
    first_pick = []
    for _ in range(args.repeat):
        session = LessonSession.start(store, demo, plan, set(), rng=random.Random(1))
        session.set_least_asked(True)
        start = time.perf_counter()
        session.pick_pupil()
        first_pick.append((time.perf_counter() - start) * 1000)
        store.release(session.run.run_id)

    def line(name: str, values: list[float]) -> float:
        values = sorted(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        median = statistics.median(values)
        print(f"{name:<34} median {median:8.1f} ms   p95 {p95:8.1f} ms")
        return median

    a = line("lesson page (one lesson)", page)
    e = line(f"floor: open {len(run_ids)} run files", floor)
    b = line(f"attention, {len(run_ids)} lessons", week_ms)
    c = line("kijkwijzer (week + week before)", kijk)
    d = line("first pick, least asked on", first_pick)
    print(
        f"page_median_ms={a:.1f} week_median_ms={b:.1f} kijkwijzer_median_ms={c:.1f} "
        f"first_pick_ms={d:.1f} open_floor_ms={e:.1f} week_over_floor={b / e:.2f}"
    )


if __name__ == "__main__":
    main()
