from __future__ import annotations

import random

from lesson_tui.classlist import parse_class_csv
from lesson_tui.tui.app import make_app


def class_of(store, name: str, size: int):
    rows = "naam\n" + "".join(f"Leerling{n:02d} Achternaam\n" for n in range(1, size + 1))
    return store.import_class(name, parse_class_csv(rows.encode())).school_class


def app_for(store, library, clock, *, lang="nl", school_class=None, plan=None):
    return make_app(
        store=store,
        library=library,
        lang=lang,
        clock=clock,
        rng=random.Random(3),
        school_class=school_class,
        plan=plan,
        tick_seconds=0.05,
    )


def make_history(store, library, clock, days: int = 8) -> None:
    """Eight lessons across three subjects; pupil 9 lands in spoor 3 every time, pupil 3
    fails the exit ticket, pupil 12 asks for more explanation."""
    demo = store.get_class("Demo 4A")
    rng = random.Random(5)
    order = ["breuken-vergelijken", "hoofdgedachte-zoeken", "waterkringloop"]
    for day in range(days):
        plan = library.lessons[order[day % 3]][1]
        run = store.start_run(demo, plan, set(), rng=rng)
        run.next_phase()
        round_ = run.open_round("vraag")
        for pid in run.pupil_ids:
            if pid in ("demo-05", "demo-09") or rng.random() < 0.2:
                run.mark(round_, pid, "fout" if pid == "demo-09" else rng.choice(["fout", "half"]))
        run.close_round(round_)
        run.set_self_assessment("demo-12", 3)
        run.confirm_sporen({pid: "0/1 juist" for pid in run.pupil_ids})
        exit_round = run.open_round("exit", kind="exit")
        run.mark(exit_round, "demo-03", "fout")
        run.close()
        store.update_run_summary(run)
        store.release(run.run_id)
        clock.advance(86400)


async def wait_for(pilot, condition, timeout: float = 10.0) -> bool:
    """Wait until `condition()` holds (a board poll, a burst of keys being handled) instead
    of a fixed pause, so a loaded machine does not make a test flaky."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True
