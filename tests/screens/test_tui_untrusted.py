"""Pilot: another device's file can never stop the teacher's lesson; what was skipped, and
a check the other device left open, are said on the lesson screen."""

from __future__ import annotations

import json

from tui_helpers import app_for, wait_for

from lesson_tui.base.clock import to_iso
from lesson_tui.lesson.writers import writer_file
from lesson_tui.tui.screens.cfu import CfuScreen
from lesson_tui.tui.screens.lesson import LessonScreen


def _line(app) -> str:
    label = app.screen.query_one("#lesson-problems")
    return str(label.render()) if label.display else ""


async def test_a_bad_event_in_a_co_writer_file_mid_lesson_is_named_and_the_lesson_goes_on(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("n")
        run = app.session.run
        assert _line(app) == ""
        path = writer_file(run.path, 1)
        bad = {"t": "phase", "at": to_iso(clock.now()), "hlc": [1, 0], "index": 999}
        path.write_text(json.dumps({"meta": {"1": {"schema": 1, "kind": "run-writer"}}, "events": {"1": bad}}), encoding="utf-8")
        assert await wait_for(pilot, lambda: "overgeslagen" in _line(app))
        assert path.name in _line(app)
        assert app.is_running and isinstance(app.screen, LessonScreen)
        await pilot.press("n")  # `n` still works
        assert run.phase_index == 2


async def test_a_check_the_other_device_left_open_is_listed_and_thrown_away_with_x(store, demo, library, clock, plan):
    main = store.start_run(demo, plan, set())
    main.next_phase()
    co = store.join_run(main.run_id)
    co.open_round("(mondelinge vraag)", "open", kind="miniklas", pupils=co.pupil_ids[:4])  # then the tab closed
    store.release(main.run_id)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        app.resume_lesson(main.run_id)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)  # it never opens on the teacher's screen
        assert not isinstance(app.screen, CfuScreen)
        assert "mondelinge vraag" in _line(app) and "x" in _line(app)
        run = app.session.run
        assert run.rounds == []  # it does not count
        await pilot.press("x")
        assert await wait_for(pilot, lambda: _line(app) == "")
        assert run.others_open_rounds() == [] and run.rounds == []
