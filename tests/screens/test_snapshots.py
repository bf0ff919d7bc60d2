"""Snapshot tests of the key screens at 80x24 (laptop) and 160x45 (projector)."""

from __future__ import annotations

import pytest
from tui_helpers import app_for, lesson_at_sporen, resume

SIZES = [(80, 24), (160, 45)]


@pytest.fixture
def lesson_app(store, library, clock, plan):
    def make():
        return app_for(store, library, clock, school_class=store.get_class("Demo 4A"), plan=plan)

    return make


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, store, library, clock, size):
    assert snap_compare(app_for(store, library, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_lesson_screen(snap_compare, lesson_app, clock, size):
    async def walk(pilot):
        await pilot.press("n", "n")
        clock.advance(95)
        await pilot.pause(0.1)

    assert snap_compare(lesson_app(), terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_cfu_grid(snap_compare, lesson_app, size):
    assert snap_compare(lesson_app(), terminal_size=size, press=["n", "n", "c", "3", "f", "1", "2", "h", "7", "a", "2", "0"])


@pytest.mark.parametrize("size", SIZES)
def test_board_view(snap_compare, lesson_app, clock, size):
    async def walk(pilot):
        await pilot.press("n", "n", "b")
        clock.advance(9 * 60)
        await pilot.pause(0.1)

    assert snap_compare(lesson_app(), terminal_size=size, run_before=walk)


def resumed_at_sporen(store, library, clock, plan, *, confirmed=False):
    """The app on its home screen, and a walk that resumes a lesson made by the core at the
    sporen (the keys that get there have their own pilot tests; here they would only make
    every snapshot slower)."""
    run_id = lesson_at_sporen(store, plan, confirmed=confirmed)
    return app_for(store, library, clock), lambda pilot: resume(pilot, run_id)


@pytest.mark.parametrize("size", SIZES)
def test_sporen_screen(snap_compare, store, library, clock, plan, size):
    app, resume = resumed_at_sporen(store, library, clock, plan)

    async def walk(pilot):
        await resume(pilot)
        await pilot.press("s")

    assert snap_compare(app, terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_split_board(snap_compare, store, library, clock, plan, size):
    app, resume = resumed_at_sporen(store, library, clock, plan, confirmed=True)

    async def walk(pilot):
        await resume(pilot)
        await pilot.press("f", "b")
        pilot.app.clear_notifications()  # toasts expire on real time: not deterministic
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_flex_view(snap_compare, store, library, clock, plan, size):
    app, resume = resumed_at_sporen(store, library, clock, plan, confirmed=True)

    async def walk(pilot):
        await resume(pilot)
        await pilot.press("f")
        clock.advance(4 * 60)
        await pilot.press("4", "v", "7", "h", "3", "h")  # 4 leaves the miniklas; 7 and 3 ask for help
        clock.advance(60)
        pilot.app.clear_notifications()  # toasts expire on real time: not deterministic
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_history_screen(snap_compare, store, library, clock, size):
    from tui_helpers import make_history

    make_history(store, library, clock)
    assert snap_compare(app_for(store, library, clock), terminal_size=size, press=["h"])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", ["f2", "f3"])
def test_lesson_editor(snap_compare, store, library, clock, size, tab):
    """A new lesson from the template: the general tab with the check's message under the
    empty goal, and the phases tab with its table and the form of the highlighted phase."""
    assert snap_compare(app_for(store, library, clock), terminal_size=size, press=["n", *"Spelling", "enter", "enter", tab])


@pytest.mark.parametrize("size", SIZES)
def test_groups_screen(snap_compare, lesson_app, size):
    """JULLIE starts: mixed duos offered (the app's seeded rng makes them reproducible)."""
    assert snap_compare(lesson_app(), terminal_size=size, press=["n", "n", "n", "n"])


@pytest.mark.parametrize("size", SIZES)
def test_seating_plan(snap_compare, store, demo, library, clock, size):
    """The room from the board: the demo class placed at random with a fixed seed."""
    import random

    from lesson_tui.rules.seating import random_plan, room_for
    from lesson_tui.store.settings import Settings

    plan = random_plan(room_for(24), [p.id for p in demo.active_pupils], rng=random.Random(7)).toggle_empty((3, 5))
    Settings(store.root).set_seating(demo.id, plan)
    assert snap_compare(app_for(store, library, clock), terminal_size=size, press=["z"])


@pytest.mark.parametrize("size", SIZES)
def test_check_round_on_the_seating_plan(snap_compare, store, demo, library, clock, plan, size):
    import random

    from lesson_tui.rules.seating import random_plan, room_for
    from lesson_tui.store.settings import Settings

    Settings(store.root).set_seating(demo.id, random_plan(room_for(24), [p.id for p in demo.active_pupils], rng=random.Random(7)))
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    assert snap_compare(app, terminal_size=size, press=["c", "enter", "z", "3", "f", "1", "2", "h"])
