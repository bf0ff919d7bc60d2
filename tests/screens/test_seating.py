"""The seating plan: placing and swapping, and a random plan that keeps "vooraan" at the
front and "niet samen" apart, for any room and class."""
from __future__ import annotations

import random

from lesson_tui.rules.seating import random_plan, room_for


async def test_the_teacher_makes_a_seating_plan_with_the_keyboard(store, library, clock):
    from tui_helpers import app_for

    from lesson_tui.store.settings import Settings
    from lesson_tui.tui.screens.seating import SeatingScreen

    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z")  # the highlighted class: Demo 4A
        screen = app.screen
        assert isinstance(screen, SeatingScreen)
        demo = store.get_class("Demo 4A")
        by_number = {p.number: p.id for p in demo.active_pupils}
        await pilot.press("r")  # everyone at random
        assert sorted(screen.plan.seats.values()) == sorted(by_number.values())
        await pilot.press("5")  # pupil 5 to the front-left desk; whoever sat there swaps
        assert screen.plan.seats[(0, 0)] == by_number[5]
        await pilot.press("v")  # and needs to sit at the front
        await pilot.press("right", "down", "x")  # no desk at row 2, column 2
        assert (1, 1) in screen.plan.empty
        shown = str(screen.query_one("#seating-room").render())
        assert "BORD" in shown and "5 Elif" in shown
        assert shown.strip().splitlines()[0].strip() == "BORD"
        await pilot.press("b")  # the board is on the other side of the picture
        flipped = str(screen.query_one("#seating-room").render()).strip().splitlines()
        assert flipped[-1].strip() == "BORD" and "5 Elif" in flipped[-2]  # the front row next to it
        await pilot.press("b")
        await pilot.press("enter")
        assert not isinstance(app.screen, SeatingScreen)
    saved = Settings(store.root).seating(store.get_class("Demo 4A").id)
    assert saved.seats[(0, 0)] == by_number[5] and (1, 1) in saved.empty
    assert Settings(store.root).vooraan(store.get_class("Demo 4A").id) == {by_number[5]}


async def test_a_check_round_is_marked_on_the_seating_plan(store, demo, library, clock, plan):
    from tui_helpers import app_for

    from lesson_tui.store.settings import Settings
    from lesson_tui.tui.screens.cfu import RoomView

    by_number = {p.number: p.id for p in demo.active_pupils}
    room = random_plan(room_for(24), [p.id for p in demo.active_pupils], rng=random.Random(3))
    Settings(store.root).set_seating(demo.id, room)
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "enter", "z")  # a question, then the room
        view = app.screen.query_one(RoomView)
        assert view.display and "BORD" in str(view.render())
        await pilot.press("5", "f")  # by class number, as on the grid
        round_ = app.session.run.rounds[0]
        assert round_.marks == {by_number[5]: "fout"}
        assert view.cursor == room.seat_of(by_number[5])  # the cursor went to where 5 sits
        target = (0, 0) if view.cursor != (0, 0) else (0, 1)
        while view.cursor[0] > target[0]:
            await pilot.press("up")
        while view.cursor[1] > target[1]:
            await pilot.press("left")
        while view.cursor[1] < target[1]:
            await pilot.press("right")
        await pilot.press("h")  # the pupil at that desk
        assert round_.marks[room.seats[target]] == "half"
        assert "✗" in str(view.render()) and "½" in str(view.render())
        stats = str(app.screen.query_one("#cfu-stats").render())
        assert "✗ 1" in stats and "½ 1" in stats  # the same counts as on the grid
        await pilot.press("z")
        assert not view.display


async def test_a_number_sits_down_when_it_is_complete_and_one_outside_the_class_nowhere(store, library, clock):
    """Demo 4A has 24 pupils: "1 2" seats 12 (pupil 1 never moves on the way), "2 9" is
    no pupil and seats nobody; the digits are on their line while typed."""
    from tui_helpers import app_for

    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z", "r")
        screen = app.screen
        by_number = {p.number: p.id for p in store.get_class("Demo 4A").active_pupils}
        seats = dict(screen.plan.seats)
        line = lambda: str(screen.query_one("#seating-number").render())  # noqa: E731
        await pilot.press("1")
        assert screen.plan.seats == seats and line() == "nr 1…"
        await pilot.press("2")
        assert screen.plan.seats[(0, 0)] == by_number[12]
        assert screen.plan.seat_of(by_number[1]) == next(p for p, pid in seats.items() if pid == by_number[1])
        placed = dict(screen.plan.seats)
        await pilot.press("right", "2", "9")
        assert line() == "geen leerling 29" and screen.plan.seats == placed
        await pilot.press("1", "right")  # an arrow ends a number that could go on
        assert screen.plan.seats[(0, 1)] == by_number[1]


async def test_the_room_in_a_check_round_refuses_a_number_too(store, demo, library, clock, plan):
    from tui_helpers import app_for

    from lesson_tui.store.settings import Settings

    Settings(store.root).set_seating("Demo 4A", random_plan(room_for(24), [p.id for p in demo.active_pupils], rng=random.Random(3)))
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "enter", "z", "2", "9", "f")
        assert str(app.screen.query_one("#cfu-number").render()) == "geen leerling 29"
        assert app.session.run.rounds[0].marks == {}
        await pilot.press("up", "f")  # looking at a desk chooses again
        assert len(app.session.run.rounds[0].marks) == 1
