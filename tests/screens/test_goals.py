"""The goal grid, walked as a teacher walks it: from the home screen per class, a goal's
column, a pupil's row, the vastgelopen list; klasveilig hides it; snapshots at 80x24 and 200x55."""
from __future__ import annotations

import pytest
from builders import goals_history
from textual.widgets import DataTable
from tui_helpers import app_for, screen_lines, wait_for

from lesson_tui.tui.screens.goals import GoalDetailScreen, GoalsScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.widgets.goal_table import GoalTable

SIZES = [(80, 24), (200, 55)]


def text(app) -> str:
    return "\n".join(screen_lines(app))


async def test_the_grid_opens_from_home_and_its_columns_and_rows_open(store, library, clock):
    goals_history(store, library, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        grid = app.screen
        assert isinstance(grid, GoalsScreen)
        table = grid.query_one("#goals-grid", GoalTable)
        assert table.headers == ["D1", "D2", "D3"]
        assert " #  Leerling  D1  D2  D3" in text(app)
        symbols = {row: table.row_text(row)[2:] for row in range(5)}
        assert symbols[0] == ["✓", "✓", "✓"]
        assert symbols[1] == ["✗", "✓", "✓"]  # pupil 2: fractions wrong every time
        assert symbols[2] == ["~", "✓", "✓"]  # pupil 3: half right
        assert symbols[3] == ["✓", "✗", "✓"]  # pupil 4: the water cycle wrong
        # the cell under the cursor is said in words too, with the goal it is about
        await pilot.press("down")
        shown = text(app)
        assert "D1 breuken-vergelijken" in shown and "nog niet" in shown and "3 lessen aanwezig" in shown
        # the goal's column: every pupil with their evidence per lesson
        await pilot.press("d")
        detail = app.screen
        assert isinstance(detail, GoalDetailScreen) and detail.goal_id == "breuken-vergelijken"
        rows = detail.query_one("#goal-detail-table", DataTable)
        row = [str(rows.get_cell_at((1, col))) for col in range(len(rows.columns))]
        assert row[2] == "✗ nog niet !" and row[3:6] == ["0%", "0%", "0%"] and row[6] == "30"
        five = [str(rows.get_cell_at((4, col))) for col in range(len(rows.columns))]
        assert five[3] == "afw"  # absent the first time: no evidence, not a zero
        await pilot.press("escape")
        assert app.screen is grid
        # a pupil's row: their goals
        await pilot.press("left", "enter")
        pupil = app.screen
        assert isinstance(pupil, GoalDetailScreen) and pupil.pupil_id is not None
        assert "Doelen van" in text(app) and "hoofdgedachte-zoeken" in text(app)
        await pilot.press("escape", "v")
        stuck = app.screen
        assert isinstance(stuck, GoalDetailScreen) and stuck.goal_id is None and stuck.pupil_id is None
        shown = text(app)
        assert "Vastgelopen" in shown and "breuken-vergelijken" in shown and "0% 0% 0%" in shown
        table = stuck.query_one("#goal-detail-table", DataTable)
        assert table.row_count == 2  # pupil 2 (nog niet) and pupil 3 (bijna): not beheerst after 3 lessons
        # each pupil listed with the lessons so far (share per lesson) and the miniklas time so
        # far: pupil 2 all wrong, 10 minutes at the table each time; pupil 3 half right on the
        # round (the exit ticket right: 75 %), leaving the miniklas after 5 minutes each time
        number = {p.number: stuck.grid.names[p.id] for p in stuck.grid.pupils}
        listed = [[str(table.get_cell_at((row, col))) for col in range(len(table.columns))] for row in range(table.row_count)]
        assert [[r[0], r[1], r[3], r[4]] for r in listed] == [
            [number[2], "breuken-vergelijken", "0% 0% 0%", "30"],
            [number[3], "breuken-vergelijken", "75% 75% 75%", "15"],
        ]
        assert [str(c.label) for c in table.columns.values()][3:] == ["Per les", "Miniklas min"]
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_click_puts_the_cursor_on_a_cell_and_a_second_opens_it(store, library, clock):
    goals_history(store, library, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        table = app.screen.query_one("#goals-grid", GoalTable)
        x = table.left_width + table.cell * 1 + 1  # D2, the water cycle
        await pilot.click("#goals-grid", offset=(x, 4))  # the header is line 0: pupil 4
        assert (table.cursor_row, table.cursor_column) == (3, 1)
        assert "✗ nog niet" in text(app) and "D2 waterkringloop-uitleggen" in text(app)
        await pilot.click("#goals-grid", offset=(x, 4))
        assert isinstance(app.screen, GoalDetailScreen) and app.screen.goal_id == "waterkringloop-uitleggen"


async def test_at_80x24_many_goals_scroll_and_the_names_stay(store, library, clock):
    goals_history(store, library, clock, extra_goals=20)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, GoalsScreen)
        assert "D23" not in text(app)
        for _ in range(25):
            await pilot.press("right")
        shown = text(app)
        assert "D23" in shown and "doel-19" in shown  # the last goal, and what it is
        assert "Amira" in shown  # the names are kept in view


async def test_klasveilig_hides_the_grid_and_its_details(store, library, clock):
    goals_history(store, library, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.press("k")
        shown = text(app)
        assert "Klasveilig staat aan" in shown
        assert not any(symbol in shown for symbol in ("✓", "✗", "~ ")), shown
        await pilot.press("d")  # a column does not open either
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("k", "d")
        assert isinstance(app.screen, GoalDetailScreen)
        await pilot.press("k")
        assert "nog niet" not in text(app) and "Klasveilig staat aan" in text(app)


@pytest.mark.parametrize("size", SIZES)
def test_goal_grid_snapshot(snap_compare, store, library, clock, size):
    goals_history(store, library, clock, extra_goals=8)
    assert snap_compare(app_for(store, library, clock), terminal_size=size, press=["d", "down"])


async def test_the_sporen_of_the_next_lesson_start_from_the_goal_status(store, library, clock):
    from lesson_tui.tui.screens.sporen import SporenScreen

    goals_history(store, library, clock)
    demo = store.get_class("Demo 4A")
    app = app_for(store, library, clock, school_class=demo, plan=library.lessons["breuken-vergelijken"][1])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # the sporen before any check round: nobody has evidence today
        assert isinstance(app.screen, SporenScreen)
        shown = text(app)
        assert "vorige les: nog niet" in shown  # pupil 2, said as such, never silently
        assert "vorige les: bijna" in shown and "vorige les: beheerst" in shown
        decisions = app.session.run.decisions()
        arthur = next(p.id for p in demo.active_pupils if p.number == 2)
        assert decisions[arthur].spoor == 3
        await pilot.press("k")  # klasveilig: the reason (a pupil's status) is not for the class
        await pilot.pause()
        assert "vorige les" not in text(app)


async def test_a_herhaalles_in_two_keys_and_the_preteaching_list(store, library, clock):
    from lesson_tui.tui.screens.lesson import LessonScreen

    goals_history(store, library, clock)
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        # the goal's column names who gets pre-teaching before its next lesson
        await pilot.press("d")
        shown = text(app)
        assert "Voorinstructie vóór de volgende les op dit doel: Arthur, Aya" in shown
        await pilot.press("escape")
        await pilot.press("r")
        await pilot.pause()
        asked = " ".join(line.strip(" █") for line in screen_lines(app))
        assert "Herhaalles op breuken-vergelijken? Uitgenodigd in de miniklas (2): Arthur, Aya" in asked
        await pilot.press("j")
        assert await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        run = app.session.run
        assert run.plan.doelen == ("breuken-vergelijken",) and len(run.state.invited) == 2
        assert "Herhaalles" in run.plan.titel
