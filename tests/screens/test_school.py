"""The school screen and a pupil's page (`lesson-tui school`, #21): pilot and snapshots."""

from __future__ import annotations

import pytest
from builders import school_folders, school_lesson
from tui_helpers import wait_for

from lesson_tui.school.state import SchoolSettings
from lesson_tui.school.view import SchoolView
from lesson_tui.tui.school_app import SchoolApp
from lesson_tui.tui.screens.school import PupilScreen, SchoolScreen

SIZES = [(80, 24), (200, 55)]


@pytest.fixture
def folders(tmp_path, monkeypatch, clock, library):
    return school_folders(tmp_path, monkeypatch, clock, library)


def app_of(folders, clock, **options):
    view = SchoolView(settings=SchoolSettings().with_folders(folders), clock=clock)
    return SchoolApp(view, refresh_seconds=0, **options)


def table_text(screen, selector) -> str:
    table = screen.query_one(selector)
    return "\n".join(" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


async def test_the_zorgcoordinator_opens_a_signal_and_goes_back(folders, clock):
    app = app_of(folders, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SchoolScreen)
        classes = table_text(screen, "#school-classes")
        assert "4A" in classes and "juf-an, meester-bart" in classes and "5B" in classes
        signals = table_text(screen, "#school-signals")
        assert "Bram Claes" in signals and "spoor 3 · wiskunde · 4 van 4" in signals
        assert "3 van de laatste 5" in str(screen.query_one("#school-thresholds").render())
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, PupilScreen))
        page = app.screen
        assert "Bram Claes" in str(page.query_one("#school-title").render())
        summary = str(page.query_one("#school-pupil-summary").render())
        assert "48 min in de miniklas" in summary and "Voorinstructie" in summary
        lessons = table_text(page, "#school-pupil-lessons")
        assert lessons.count("●") == 4 and "meester" not in lessons  # the evidence marked; no teacher names needed
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, SchoolScreen))


async def test_a_lesson_given_later_shows_after_a_refresh(folders, clock, monkeypatch, tmp_path, library):
    app = app_of(folders, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Daan Maes" not in table_text(app.screen, "#school-signals")
        monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-meester-bart"))
        from lesson_tui.store.datastore import DataStore

        bart = DataStore(folders[1], clock)
        for _ in range(2):
            school_lesson(bart, library.lessons["hoofdgedachte-zoeken"][1], bart.get_class("4A"), clock, spoor3=(4,))
        monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
        await pilot.press("r")
        assert await wait_for(pilot, lambda: "Daan Maes" in table_text(app.screen, "#school-signals"))
        assert app.view.cache.reads == 6 + 2  # only the two new lessons were read


async def test_one_class_only(folders, clock):
    app = app_of(folders, clock, class_name="5b")
    async with app.run_test(size=(100, 30)):
        classes = table_text(app.screen, "#school-classes")
        assert "5B" in classes and "4A" not in classes
        assert "Bram" not in table_text(app.screen, "#school-signals")


@pytest.mark.parametrize("size", SIZES)
def test_school_screen(snap_compare, folders, clock, size):
    assert snap_compare(app_of(folders, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_pupil_page(snap_compare, folders, clock, size):
    assert snap_compare(app_of(folders, clock), terminal_size=size, press=["enter"])


async def test_the_screen_looks_again_by_itself(folders, clock, monkeypatch, tmp_path, library):
    view = SchoolView(settings=SchoolSettings().with_folders(folders), clock=clock)
    app = SchoolApp(view, refresh_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "Daan Maes" not in table_text(app.screen, "#school-signals")
        monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-meester-bart"))
        from lesson_tui.store.datastore import DataStore

        bart = DataStore(folders[1], clock)
        for _ in range(2):
            school_lesson(bart, library.lessons["hoofdgedachte-zoeken"][1], bart.get_class("4A"), clock, spoor3=(4,))
        monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
        assert await wait_for(pilot, lambda: "Daan Maes" in table_text(app.screen, "#school-signals"), timeout=10)
