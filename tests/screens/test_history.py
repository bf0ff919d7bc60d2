"""History per class and per pupil, and the pre-teaching list for the next lesson."""
from __future__ import annotations

from textual.widgets import DataTable, Static
from tui_helpers import app_for, lesson_at_sporen, make_history, resume

from lesson_tui.tui.screens.history import HistoryScreen
from lesson_tui.tui.screens.home import HomeScreen


async def test_history_screen_from_home(store, library, clock):
    make_history(store, library, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.query_one("#history-runs", DataTable).row_count == 8
        pupils = screen.query_one("#history-pupils", DataTable)
        jules = pupils.get_row_at(8)
        assert str(jules[1]) == "Jules" and jules[3] == "33333333" and "3× op rij" in str(jules[5])
        next_text = str(screen.query_one("#history-next", Static).render())
        assert "nederlands" in next_text and "Jules Claes" in next_text
        await pilot.press("v")
        assert "wereldoriëntatie" in str(screen.query_one("#history-next", Static).render())
        await pilot.press("e")
        written = sorted(p.name for p in (store.root / "exporten").iterdir())
        assert written == ["volgende-les-demo-4a-wereldorientatie.csv", "volgende-les-demo-4a-wereldorientatie.md"]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_sporen_screen_shows_the_stigma_guard(store, library, clock, plan):
    from lesson_tui.tui.screens.sporen import SporenScreen

    make_history(store, library, clock)  # Jules (9) was in spoor 3 in all three earlier maths lessons
    run_id = lesson_at_sporen(store, plan, marks={9: "fout"}, asks_miniklas=())
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, run_id, "s")
        assert isinstance(app.screen, SporenScreen)
        table = app.screen.query_one(DataTable)
        jules = table.get_row("demo-09")
        amira = table.get_row("demo-01")
        column = list(table.columns).index("col_history")
        assert str(jules[column]) == "3/3  ⚠ 4 op rij"
        assert str(amira[column]) == ""


async def test_history_with_the_last_split_lesson_damaged_says_so_not_a_crash(store, library, clock):
    make_history(store, library, clock)
    klas = store.get_class("Demo 4A").id
    runs = store.split_runs(klas)
    path = store.root / runs[-1].path  # the newest: the one "voor de volgende les" reads
    path.write_text('{"run": {"1": ', encoding="utf-8")  # half synced
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        next_text = str(screen.query_one("#history-next", Static).render())
        assert "niet te lezen" in next_text and path.name in next_text
        await pilot.press("e")  # nothing to export: said, not a file about an older lesson
        assert not (store.root / "exporten").exists() or not list((store.root / "exporten").iterdir())


async def test_a_long_history_shows_the_newest_lessons_and_enter_shows_older_ones(store, library, clock, monkeypatch):
    """In year three the lessons table does not draw every lesson at once: the newest page,
    then a row saying how many older ones there are; enter on it shows the next page, and
    enter on a lesson still opens that lesson."""
    import lesson_tui.tui.screens.history as history

    monkeypatch.setattr(history, "RUNS_PAGE", 3)
    make_history(store, library, clock)  # 8 lessons
    newest_first = [r.run_id for r in reversed(store.runs())]
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        screen = app.screen
        runs = screen.query_one("#history-runs", DataTable)
        assert runs.row_count == 4 and str(runs.get_row_at(3)[1]) == "nog 5 oudere lessen: enter toont er 3 meer"
        runs.focus()
        runs.move_cursor(row=3)
        await pilot.press("enter")
        await pilot.pause()
        assert runs.row_count == 7 and str(runs.get_row_at(6)[1]) == "nog 2 oudere lessen: enter toont er 2 meer"
        assert screen.shown == 6 and runs.cursor_row == 3
        runs.move_cursor(row=6)
        await pilot.press("enter")
        await pilot.pause()
        assert runs.row_count == 8 and "oudere lessen" not in " ".join(str(c) for c in runs.get_row_at(7))
        from lesson_tui.review import period

        opened = []

        def review_of(store, run_id):  # which lesson enter opens; then said as not readable
            opened.append(run_id)
            raise period.PeriodError("niet te lezen")

        monkeypatch.setattr(period, "review_of", review_of)
        runs.move_cursor(row=7)
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [newest_first[7]]  # the oldest lesson, in the last row
