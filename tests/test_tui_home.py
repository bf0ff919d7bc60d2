"""Home screen housekeeping and long plans: what a teacher meets after a few weeks."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import OptionList

from lesson_tui.lessonplan import Phase
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from lesson_tui.tui.widgets.phase_bar import PhaseBar
from tui_helpers import app_for


async def test_unfinished_lessons_can_be_closed_from_home(store, library, clock, plan, demo):
    runs = []
    for _ in range(3):
        run = store.start_run(demo, plan, set())
        run.next_phase()
        store.release(run.run_id)
        runs.append(run)
        clock.advance(3600)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#resume-list", OptionList)
        assert resume.option_count == 3 and resume.has_focus
        await pilot.press("x")
        await pilot.pause()
        assert resume.option_count == 2
        assert [r.status for r in store.runs()].count("closed") == 1
        assert any("geschiedenis" in n.message for n in app._notifications)
        await pilot.press("x", "x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert all(r.status == "closed" for r in store.runs())
        assert app.screen.query_one("#class-list", OptionList).has_focus


async def test_more_than_five_problems_say_how_many_more(store, library, clock):
    store.problems.extend(f"probleem {n}" for n in range(9))
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)):
        text = str(app.screen.query_one("#home-problems").render())
        assert "probleem 3" in text and "probleem 4" not in text
        assert "nog 5 meldingen" in text


async def test_two_hundred_phases_keep_the_current_one_on_screen(store, library, clock, plan, demo):
    many = replace(plan, fase=tuple(Phase("ik", 1) for _ in range(99)) + plan.fase[2:] + tuple(Phase("jij", 1) for _ in range(95)))
    app = app_for(store, library, clock, school_class=demo, plan=many)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        for _ in range(120):
            app.lesson_run.next_phase()
        app.screen.refresh_lesson()
        await pilot.pause()
        bar = app.screen.query_one(PhaseBar)
        rendered = str(bar.render())
        assert "▶" in rendered and len(rendered) <= 80
        assert rendered.startswith("‹") and rendered.endswith("›")
        start, end = bar.visible_range(80)
        assert start <= app.lesson_run.phase_index < end
