"""Two devices on one lesson: each writes its own file, both fold the same state, nothing is
lost, and the rules for two teachers hold (later mark wins, undo is your own, the sporen and
closing are the main teacher's)."""
from __future__ import annotations


async def test_the_teachers_screen_shows_what_the_co_teacher_does(store, library, clock, plan):
    """The co-teacher's device marks a pupil leaving the miniklas and one asking for help;
    the teacher's FLEX screen shows both, without a key pressed."""
    from tui_helpers import app_for, lesson_at_sporen, resume, wait_for

    from lesson_tui.tui.screens.flex import FlexScreen

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, run_id, "f")
        flex = app.screen
        assert isinstance(flex, FlexScreen)
        co = store.join_run(run_id)
        bilal, elif_ = co.pupil_by_number(4), co.pupil_by_number(5)
        co.toggle_miniklas_leave(bilal.id)
        co.help_add(elif_.id)
        run = app.session.run
        assert await wait_for(pilot, lambda: bilal.id in run.state.jij.left_miniklas and run.state.jij.help_queue)
        await pilot.pause()
        miniklas = str(flex.query_one("#miniklas-pupils").render())
        assert "✓" in next(line for line in miniklas.splitlines() if "Bilal" in line)
        assert "Elif" in str(flex.query_one("#help-queue").render())
