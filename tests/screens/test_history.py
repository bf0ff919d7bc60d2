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
