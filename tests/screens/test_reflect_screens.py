"""The teacher looks back (#22): the picker's "least asked this week", the lesson page, the
attention overview and the kijkwijzer; pilot tests and snapshots."""

from __future__ import annotations

from tui_helpers import app_for

from lesson_tui.store.settings import Settings
from lesson_tui.tui.screens.picker import PickerScreen


async def test_w_in_the_picker_favours_the_least_asked_this_week(store, demo, library, clock, plan):
    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, PickerScreen)
        jar = lambda: str(app.screen.query_one("#picker-jar").render())  # noqa: E731
        assert "minst een beurt" not in jar()
        await pilot.press("w")
        assert Settings(store.root).least_asked is True and "minst een beurt" in jar()
        await pilot.press("w")
        assert Settings(store.root).least_asked is False and "minst een beurt" not in jar()
