"""Helpers for the tests that drive the Textual apps."""
from __future__ import annotations

import html
import random
import re

from builders import DEFAULT_MARKS, class_of, lesson_at_sporen, make_history  # noqa: F401  (re-exported)

from lesson_tui.tui.app import make_app


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


async def resume(pilot, run_id: str, *keys: str) -> None:
    """Resume a lesson from the home screen, as the teacher's `enter` on it does, then
    press `keys` (`s` for the sporen, `f` for FLEX)."""
    await pilot.pause()
    pilot.app.resume_lesson(run_id)
    await pilot.press(*keys)


def screen_lines(app) -> list[str]:
    """The terminal as text, line by line, from the SVG screenshot."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(match.group(2)), []).append((float(match.group(1)), html.unescape(match.group(3))))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(line.replace("\xa0", " "))
    return lines


def walk_board(store, plan, clock, stage):
    """A lesson made by the core up to what the board shows at `stage` (a BoardView kind)."""
    run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(4))
    run.next_phase()
    if stage == "lesdoel":
        run.next_phase()
        clock.advance(100)  # in the last minute of its 2 (past it, the 1 s flash made the snapshot race the clock)
    if stage == "question":
        run.next_phase(), run.next_phase()
        run.open_round(plan.fase[2].cfu[0].vraag)
        clock.advance(2)
    if stage == "pick":
        run.next_phase(), run.next_phase()
        run.log_pick(run.pick_pupil(), "fout")
    if stage == "groups":  # JULLIE with mixed duos accepted: names only on the board
        from lesson_tui.rules.groups import make_groups

        run.go_to_phase(plan.phase_index("jullie"))
        run.set_groups("gemengd", 2, make_groups(run.present, rng=random.Random(5)))
    if stage in ("sporen", "closing", "ended"):
        run.go_to_phase(plan.phase_index("kleine_afsluiting"))
        closing = run.open_round("afsluitvraag")
        for n in (2, 4, 9):
            run.mark(closing, run.pupil_by_number(n).id, "fout")
        run.close_round(closing)
        run.confirm_sporen({})
        run.go_to_phase(plan.phase_index("jij"))
        run.miniklas_timer(True)
        clock.advance(130)
        run.toggle_miniklas_leave(run.pupil_by_number(4).id)
    if stage in ("closing", "ended"):
        run.go_to_phase(plan.phase_index("grote_afsluiting"))
    if stage == "ended":
        run.close()
        store.update_run_summary(run)
    return run
