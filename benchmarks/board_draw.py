"""How long the class board takes to draw what the back row reads, and to switch theme.

A board window at projector size (200x55) and at 64x20 shows the sporen of the demo class
(names in half-block letters where they fit, `session/boardfit.py`) and the groups; each
figure is one full redraw of the board after its view changed (`ClassBoard.show` and the
screen's render to strips), and one `t` (the other theme: Textual parses the stylesheet
again with the new variables, the first time per theme).

    python benchmarks/board_draw.py            # 30 redraws a view and size, 6 switches
    python benchmarks/board_draw.py --runs 10

Printed: per view and size median and p95 in ms; the theme switch's median and max.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import statistics
import tempfile
import time
from pathlib import Path


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(runs: int) -> None:
    os.environ.setdefault("LESSON_TUI_STATE", tempfile.mkdtemp(prefix="lesson-tui-bench-pc-"))
    from lesson_tui.base.clock import FakeClock
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    from lesson_tui.rules.groups import make_groups
    from lesson_tui.store.datastore import DataStore
    from lesson_tui.tui.board_app import make_board_app
    from lesson_tui.tui.widgets.class_board import ClassBoard

    root = Path(tempfile.mkdtemp(prefix="lesson-tui-bench-")) / "data"
    clock = FakeClock()
    store = DataStore(root, clock)
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(4))
    run.go_to_phase(plan.phase_index("kleine_afsluiting"))
    closing = run.open_round("afsluitvraag")
    for n in (2, 4, 9):
        run.mark(closing, run.pupil_by_number(n).id, "fout")
    run.close_round(closing)
    run.confirm_sporen({})
    run.go_to_phase(plan.phase_index("jij"))
    from lesson_tui.session.view import LessonView

    sporen = LessonView(run).board()
    run.go_to_phase(plan.phase_index("jullie"))
    run.set_groups("gemengd", 2, make_groups(run.present, rng=random.Random(5)))
    groups = LessonView(run).board()

    for size in ((200, 55), (64, 20)):
        app = make_board_app(store=DataStore(root, clock), clock=clock, poll_seconds=3600)
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.2)
            board = app.screen.query_one(ClassBoard)
            for name, view in (("sporen", sporen), ("groups", groups)):
                times = []
                for number in range(runs):
                    changed = dataclasses.replace(view, remaining=float(number))  # a new view each time
                    start = time.perf_counter()
                    board.show(changed)
                    await pilot.pause()
                    app.screen._compositor.render_strips()
                    times.append((time.perf_counter() - start) * 1000)
                print(f"{name} {size[0]}x{size[1]}: median {statistics.median(times):.1f} ms, "
                      f"p95 {_quantile(times, 0.95):.1f} ms ({runs} redraws)")
            if size == (200, 55):
                switches = []
                for _ in range(6):
                    start = time.perf_counter()
                    await pilot.press("t")
                    await pilot.pause()
                    app.screen._compositor.render_strips()
                    switches.append((time.perf_counter() - start) * 1000)
                print(f"theme switch (t) 200x55: median {statistics.median(switches):.1f} ms, "
                      f"max {max(switches):.1f} ms (6 switches)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    asyncio.run(measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
