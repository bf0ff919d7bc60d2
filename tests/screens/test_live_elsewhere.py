"""The home screen of a PC that finds a lesson live on another PC (the folder synced):
shown as running there, taken over only after a yes, then written in this PC's own file."""

from __future__ import annotations

import hashlib
import platform
import random

import pytest
from textual.widgets import OptionList
from tui_helpers import app_for

from lesson_tui.lesson.writers import takeover_writer, writer_file
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.tui.screens.confirm import ConfirmScreen
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen


@pytest.fixture
def on_pc_b(tmp_path, monkeypatch, clock, plan):
    """A lesson started on PC "KLAS-A" a minute ago; the data folder as PC B finds it."""
    root = tmp_path / "gedeeld"
    monkeypatch.setattr(platform, "node", lambda: "KLAS-A")
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "state-a"))
    a = DataStore(root, clock)
    run = a.start_run(a.get_class("Demo 4A"), plan, set(), rng=random.Random(3))
    run.next_phase()
    clock.advance(60)
    monkeypatch.setattr(platform, "node", lambda: "KLAS-B")
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "state-b"))
    return DataStore(root, clock), run


async def test_a_lesson_live_on_another_pc_is_shown_there_and_taken_over_only_after_yes(on_pc_b, library, clock):
    store, run_a = on_pc_b
    before = hashlib.sha256(run_a.path.read_bytes()).digest()
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#resume-list", OptionList)
        line = str(resume.get_option_at_index(0).prompt)
        assert "loopt nu op KLAS-A" in line, line
        resume.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "KLAS-A" in app.screen.question and "overnemen" in app.screen.question
        await pilot.press("n")  # no: nothing happens, nothing is written
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not writer_file(run_a.path, takeover_writer(device_id())).exists()
        await pilot.press("enter", "j")  # yes: the lesson goes on here
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("n")  # the next phase, recorded on this PC
        await pilot.pause()
    own = writer_file(run_a.path, takeover_writer(device_id()))
    assert own.exists(), "this PC's own file"
    assert hashlib.sha256(run_a.path.read_bytes()).digest() == before, "A's run file written on B"
    reread = store.open_run(run_a.run_id, lock=False)
    assert reread.phase_index == 1 and len(reread.log.entries) == 2  # A's phase, B's next one


async def test_a_lesson_left_open_on_another_pc_says_so(on_pc_b, library, clock):
    store, _run = on_pc_b
    clock.advance(3600)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#resume-list", OptionList).get_option_at_index(0).prompt)
        assert "open gelaten op KLAS-A" in line, line
        app.screen.query_one("#resume-list", OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "open gelaten" in app.screen.question


def test_home_with_a_lesson_live_on_another_pc(snap_compare, on_pc_b, library, clock):
    store, _run = on_pc_b
    assert snap_compare(app_for(store, library, clock), terminal_size=(80, 24))
