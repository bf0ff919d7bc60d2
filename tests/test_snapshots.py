"""Snapshot tests of the key screens at 80x24 (laptop) and 160x45 (projector)."""

from __future__ import annotations

import pytest

from tui_helpers import app_for

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


async def _to_sporen(pilot):
    await pilot.press("n", "n", "n", "n", "n", "enter", "2", "f", "4", "f", "6", "h", "9", "f", "enter")
    await pilot.press("z", "1", "c", "enter")  # pupil 1 asks for the miniklas


@pytest.mark.parametrize("size", SIZES)
def test_sporen_screen(snap_compare, lesson_app, size):
    assert snap_compare(lesson_app(), terminal_size=size, run_before=_to_sporen)


@pytest.mark.parametrize("size", SIZES)
def test_split_board(snap_compare, lesson_app, size):
    async def walk(pilot):
        await _to_sporen(pilot)
        await pilot.press("enter", "b")
        pilot.app.clear_notifications()  # toasts expire on real time: not deterministic
        await pilot.pause()

    assert snap_compare(lesson_app(), terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_flex_view(snap_compare, lesson_app, clock, size):
    async def walk(pilot):
        await _to_sporen(pilot)
        await pilot.press("enter")
        clock.advance(4 * 60)
        await pilot.press("4", "v", "7", "h", "3", "h")  # 4 leaves the miniklas; 7 and 3 ask for help
        clock.advance(60)
        pilot.app.clear_notifications()  # toasts expire on real time: not deterministic
        await pilot.pause(0.1)

    assert snap_compare(lesson_app(), terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES)
def test_history_screen(snap_compare, store, library, clock, size):
    from tui_helpers import make_history

    make_history(store, library, clock)
    assert snap_compare(app_for(store, library, clock), terminal_size=size, press=["h"])
