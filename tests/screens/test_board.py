"""The class board: what the class sees, per phase, and that it is always class-safe."""
from __future__ import annotations

import random

import pytest
from tui_helpers import walk_board as _walk

from lesson_tui.store.datastore import DataStore
from lesson_tui.tui.board_app import make_board_app

SIZES = [(64, 20), (200, 55)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stage", ["waiting", "lesdoel", "question", "pick", "groups", "sporen", "closing", "ended"])
def test_board_snapshots(snap_compare, store, plan, clock, stage, size):
    if stage != "waiting":
        _walk(store, plan, clock, stage)
    app = make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.05)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: pilot.pause(0.2))


async def test_board_follows_a_lesson_walked_in_the_teachers_app(store, library, plan, clock):
    from tui_helpers import app_for

    board = make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.02)
    teacher = app_for(store, library, clock, school_class=store.get_class("Demo 4A"), plan=plan)
    from tui_helpers import wait_for

    async with board.run_test(size=(64, 20)) as board_pilot:
        text = lambda: str(board.screen.query_one("#cb-question").render())  # noqa: E731
        assert await wait_for(board_pilot, lambda: "Wachten" in text())
        async with teacher.run_test(size=(80, 24)) as pilot:
            await pilot.press("n", "n", "c", "enter")
            assert await wait_for(board_pilot, lambda: plan.fase[2].cfu[0].vraag in text())
            await pilot.press("3", "f", "enter", "r")
            name = lambda: str(board.screen.query_one("#cb-name").render())  # noqa: E731
            picked = teacher.session.run.picks[-1]
            assert await wait_for(board_pilot, lambda: teacher.session.run.names[picked.pupil_id] in name())
PHASE_KINDS = ["voorkennis", "lesdoel", "ik", "wij", "jullie", "kleine_afsluiting", "jij", "grote_afsluiting"]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("soort", PHASE_KINDS)
def test_board_snapshot_per_phase_kind(snap_compare, store, demo, plan, clock, soort, size):
    """Each phase as the class sees it between actions: lesdoel, criteria, phase, timer."""
    index = plan.phase_index(soort)
    assert index is not None, soort  # the example plan has every kind
    run = store.start_run(demo, plan, set(), rng=random.Random(4))
    run.go_to_phase(index)
    clock.advance(50)
    app = make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.05)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: pilot.pause(0.2))


async def test_time_up_rings_once_and_flashes_and_g_silences_it(store, demo, plan, clock):
    from lesson_tui.tui.widgets.class_board import ClassBoard

    run = store.start_run(demo, plan, set(), rng=random.Random(4))
    run.next_phase()  # voorkennis, 4 minutes
    app = make_board_app(store=DataStore(store.root, clock), clock=clock, poll_seconds=0.02)
    rings = []
    app.bell = lambda: rings.append(1)
    from tui_helpers import wait_for

    async with app.run_test(size=(64, 20)) as pilot:
        board = app.screen.query_one(ClassBoard)
        # the flash lasts a second of real time: a loaded machine may look later than that, so
        # every flash is counted when it starts
        flashes = []
        add_class = board.add_class
        board.add_class = lambda *names, **kw: (flashes.extend(n for n in names if n == "-flash"), add_class(*names, **kw))[1]
        await pilot.pause(0.1)
        clock.advance(4 * 60 + 1)
        assert await wait_for(pilot, lambda: rings == [1])
        assert flashes == ["-flash"] and board.has_class("-overtime")
        await pilot.pause(0.2)
        assert rings == [1]  # once per phase, not every poll
        await pilot.press("g")  # sound off
        run.next_phase()
        await wait_for(pilot, lambda: not board.has_class("-overtime"))
        clock.advance(10 * 60)
        assert await wait_for(pilot, lambda: board.has_class("-overtime") and len(flashes) == 2)
        await pilot.pause(0.1)
        assert rings == [1]  # silenced: the flash still shows the end
