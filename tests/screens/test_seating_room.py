"""The seating plan as the teacher reads it: a mark belongs to its own desk, the room never
wraps, who left the class leaves the plan, an empty desk marks nobody."""
from __future__ import annotations

import random

from tui_helpers import app_for

from lesson_tui.rules.seating import SeatingPlan, random_plan, room_for
from lesson_tui.store.settings import Settings
from lesson_tui.tui.screens.seating import room_text


async def test_seating_plan_after_a_pupil_left_the_class(store, library, clock):
    from tui_helpers import class_of

    klas = class_of(store, "5B", 6)
    ids = [p.id for p in klas.active_pupils]
    Settings(store.root).set_seating(klas.id, SeatingPlan(1, 6, seats={(0, c): pid for c, pid in enumerate(ids)}))
    from lesson_tui.klas.classimport import parse_class_csv

    rows = "naam\n" + "".join(f"Leerling{n:02d} Achternaam\n" for n in range(2, 7))
    store.import_class("5B", parse_class_csv(rows.encode()))
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        klas_list = home.query_one("#class-list")
        klas_list.highlighted = next(i for i, c in enumerate(home._school_classes) if c.name == "5B")
        await pilot.press("z")
        await pilot.pause()
        screen = app.screen
        left = set(ids) - {p.id for p in store.get_class("5B").active_pupils}
        assert left and not set(screen.plan.seats.values()) & left
        screen.cursor = (0, 0)
        await pilot.press("v")  # the desk the pupil who left had: no crash, nothing to mark
        await pilot.pause()
        assert app.screen is screen


async def test_a_letter_on_an_empty_desk_marks_nobody(store, demo, library, clock, plan):
    from lesson_tui.tui.screens.cfu import RoomView

    pupils = [p.id for p in demo.active_pupils]
    room = SeatingPlan(4, 7, seats={(r, c): pupils[r * 6 + c] for r in range(4) for c in range(6)})
    Settings(store.root).set_seating(demo.id, room)  # column 6: empty desks
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("c", "enter", "z")
        view = app.screen.query_one(RoomView)
        assert view.display
        await pilot.press(*["right"] * 6)  # from the first desk to an empty one
        await pilot.pause()
        assert view.cursor == (0, 6) and room.seats.get(view.cursor) is None
        await pilot.press("f")
        await pilot.pause()
        assert app.session.run.rounds[0].marks == {}
        await pilot.press("left", "f")  # a desk with a pupil: marked
        await pilot.pause()
        assert app.session.run.rounds[0].marks == {room.seats[(0, 5)]: "fout"}


async def test_pupils_without_a_desk_are_named_on_a_line_of_their_own_at_80x24(store, demo, library, clock):
    pupils = [p.id for p in demo.active_pupils]
    Settings(store.root).set_seating(demo.id, SeatingPlan(2, 6, seats={(0, c): pupils[c] for c in range(6)}))
    app = app_for(store, library, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        from tui_helpers import screen_lines

        lines = screen_lines(app)
        assert any(line.strip().startswith("Nog geen plaats:") for line in lines), "\n".join(lines)


async def test_under_klasveilig_a_typed_number_lights_no_desk(store, demo, library, clock, plan):
    """The class sees the room: who is about to be marked is not lit by a typed number
    (the tile grid does the same); arrows still show where they are."""
    from lesson_tui.tui.screens.cfu import RoomView

    pupils = [p.id for p in demo.active_pupils]
    Settings(store.root).set_seating(demo.id, SeatingPlan(4, 6, seats={(r, c): pupils[r * 6 + c] for r in range(4) for c in range(6)}))
    Settings(store.root).set_klasveilig(True)
    app = app_for(store, library, clock, school_class=demo, plan=plan)

    def lit(view) -> list[str]:
        text = view.content  # the Rich Text the screen drew
        spans = [text.plain[s.start : s.end].strip() for s in text.spans if "reverse" in str(s.style)]
        return [span for span in spans if span != "BORD"]  # the board line is always drawn so

    async with app.run_test(size=(120, 35)) as pilot:
        assert app.klasveilig
        await pilot.press("c", "enter", "z")
        view = app.screen.query_one(RoomView)
        await pilot.press("right")
        await pilot.pause()
        assert lit(view)  # an arrow shows where it is
        await pilot.press("1", "4")
        await pilot.pause()
        assert lit(view) == []
        await pilot.press("f")
        await pilot.pause()
        assert app.session.run.rounds[0].marks == {next(p.id for p in demo.active_pupils if p.number == 14): "fout"}
        assert lit(view) == []


def test_who_left_the_class_leaves_the_plan_and_nobody_else_moves():
    plan = random_plan(room_for(5, 3), ["a", "b", "c", "d", "e"], rng=random.Random(2))
    kept = plan.keep_only(["a", "b", "d", "e"])
    assert kept.seat_of("c") is None
    assert {place: pid for place, pid in plan.seats.items() if pid != "c"} == kept.seats


def test_a_mark_sits_right_after_its_own_name_in_its_own_colour():
    plan = SeatingPlan(1, 2, seats={(0, 0): "m", (0, 1): "b"})
    text = room_text(plan, {"m": "13 Mathéo", "b": "3 Bram"}, marks={"m": "✗"})
    line = text.plain.splitlines()[1]
    assert "13 Mathéo ✗" in line  # not at the end of the cell, next to the neighbour
    assert line.index("✗") < line.index("3 Bram") - 2
    start = text.plain.index("✗")
    styles = {str(span.style) for span in text.spans if span.start <= start < span.end}
    assert any("red" in style for style in styles), styles


def test_a_wide_screen_gets_wide_desks_and_a_narrow_one_never_wraps():
    names = {f"p{n}": f"{n} Leerling{n:02d}" for n in range(1, 15)}
    plan = random_plan(SeatingPlan(2, 7), list(names), rng=random.Random(1))
    wide = room_text(plan, names, width=160).plain.splitlines()
    assert all(name in "".join(wide) for name in names.values())  # whole names at 160
    narrow = room_text(plan, names, width=78)
    assert len(narrow.plain.splitlines()) == 3  # the board and two rows
    assert all(len(line) <= 78 for line in narrow.plain.splitlines())
    assert narrow.no_wrap
