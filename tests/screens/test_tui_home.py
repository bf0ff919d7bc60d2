"""Home screen housekeeping and long plans: what a teacher meets after a few weeks."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import OptionList
from tui_helpers import app_for, lesson_at_sporen, resume

from lesson_tui.plan.lessonplan import Phase
from lesson_tui.tui.screens.home import HomeScreen
from lesson_tui.tui.screens.lesson import LessonScreen
from lesson_tui.tui.widgets.phase_bar import PhaseBar


async def test_unfinished_lessons_can_be_closed_from_home(store, library, clock, plan, demo):
    runs = []
    for _ in range(3):
        run = store.start_run(demo, plan, set())
        run.next_phase()
        store.release(run.run_id)
        runs.append(run)
        clock.advance(3600)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#resume-list", OptionList)
        assert resume.option_count == 3 and resume.has_focus
        await pilot.press("x", "j")  # x asks first (tests/test_tui_exports.py)
        await pilot.pause()
        assert resume.option_count == 2
        assert [r.status for r in store.runs()].count("closed") == 1
        assert any("geschiedenis" in n.message for n in app._notifications)
        await pilot.press("x", "j", "x", "j")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert all(r.status == "closed" for r in store.runs())
        assert app.screen.query_one("#class-list", OptionList).has_focus


async def test_more_than_five_problems_say_how_many_more(store, library, clock):
    store.problems.extend(f"probleem {n}" for n in range(9))
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)):
        text = str(app.screen.query_one("#home-problems").render())
        assert "probleem 3" in text and "probleem 4" not in text
        assert "nog 5 meldingen" in text


async def test_two_hundred_phases_keep_the_current_one_on_screen(store, library, clock, plan, demo):
    many = replace(plan, fase=tuple(Phase("ik", 1) for _ in range(99)) + plan.fase[2:] + tuple(Phase("jij", 1) for _ in range(95)))
    app = app_for(store, library, clock, school_class=demo, plan=many)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        for _ in range(120):
            app.session.run.next_phase()
        app.screen.refresh_lesson()
        await pilot.pause()
        bar = app.screen.query_one(PhaseBar)
        rendered = str(bar.render())
        assert "▶" in rendered and len(rendered) <= 80
        assert rendered.startswith("‹") and rendered.endswith("›")
        start, end = bar.visible_range(80)
        assert start <= app.session.run.phase_index < end


async def test_in_app_export_shows_a_readable_preview_and_opens_the_file(store, library, clock, plan, monkeypatch):
    from textual.widgets import Markdown

    from lesson_tui.tui.screens import export as export_screen
    from lesson_tui.tui.screens.export import ExportScreen

    opened = []
    monkeypatch.setattr(export_screen, "open_with_system", opened.append)
    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume(pilot, run_id, "f", "e")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("o")  # nothing written yet: says so
        assert not opened
        await pilot.press("down", "down", "enter")  # html
        await pilot.pause()
        markdown = app.screen.query_one("#export-markdown", Markdown)
        assert markdown.display and not app.screen.query_one("#export-preview").display
        shown = markdown.source
        assert "<html" not in shown and "Spoor 3" in shown
        await pilot.press("o")
        assert len(opened) == 1 and opened[0].suffix == ".html" and opened[0].exists()
        await pilot.press("up", "up", "enter")  # csv: aligned columns, not raw ;-text
        await pilot.pause()
        preview = str(app.screen.query_one("#export-preview").render())
        assert "leerling" in preview and ";" not in preview.splitlines()[0]


async def test_full_disk_mid_lesson_is_said_and_the_lesson_goes_on(store, demo, library, clock, plan, monkeypatch):
    import errno

    from lesson_tui.tui.screens.cfu import CfuScreen

    app = app_for(store, library, clock, school_class=demo, plan=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c", "3", "f")
        run = app.session.run
        real = __import__("lesson_tui.files.storage", fromlist=["atomic_write_bytes"]).atomic_write_bytes

        def full(path, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", full)
        await pilot.press("5", "f", "enter", "n")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CfuScreen)  # the round could not close
        assert any("schijf is vol" in n.message for n in app._notifications)
        tile = app.screen.query_one("#tile-5")
        assert tile.mark == "juist"  # the screen shows what is on disk
        monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", real)
        await pilot.press("5", "f", "enter")
        assert isinstance(app.screen, LessonScreen)
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    marks = again.rounds[0].final_marks(again.pupil_ids)
    assert marks[again.pupil_by_number(3).id] == "fout" and marks[again.pupil_by_number(5).id] == "fout"


async def test_a_settings_file_of_another_pc_half_arrived_is_said_on_the_home_screen(store, library, clock):
    """Another PC's settings file still arriving (a sync in progress): the app starts, says
    which file in words, and leaves that file alone."""
    from lesson_tui.store import layout

    folder = layout.settings_dir(store.root)
    folder.mkdir(parents=True)
    theirs = folder / "abcdefgh.json"
    theirs.write_text('{"schema": 1, "kind": "settings-changes", "changes": [{"stamp": [1', encoding="utf-8")
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#home-problems").render()).replace("\n", " ")
        assert "abcdefgh.json" in text and "synchroniseren" in text, text
    assert theirs.read_text(encoding="utf-8").endswith("[1")


async def test_home_focuses_the_list_enter_acts_on_once_at_start(store, library, clock, plan, demo, monkeypatch):
    """Without a lesson left open the class list has the focus, with one the resume list;
    nothing else was focused first (each focus change restyles a list: start-up time)."""
    from textual.widget import Widget

    focused: list[str] = []
    real = Widget.watch_has_focus

    def counting(self, value):
        if value:
            focused.append(self.id or type(self).__name__)
        return real(self, value)

    monkeypatch.setattr(Widget, "watch_has_focus", counting)
    for expected in ("class-list", "resume-list"):
        focused.clear()
        app = app_for(store, library, clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert focused == [expected]
            assert app.screen.query_one(f"#{expected}", OptionList).has_focus
        run = store.start_run(demo, plan, set())
        run.next_phase()
        store.release(run.run_id)
