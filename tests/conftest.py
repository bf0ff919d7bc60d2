from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# One hypothesis profile for the whole suite: no per-example deadline (a wall-clock limit
# fails under load, and speed is measured in benchmarks/, not asserted in tests), and the
# function-scoped fixtures are fine because every example builds its own state.
settings.register_profile(
    "lesson-tui", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
settings.load_profile("lesson-tui")

from lesson_tui.base.clock import FakeClock
from lesson_tui.store.datastore import DataStore
from lesson_tui.base.i18n import set_language
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    """No test touches the real user data folder, and every test starts in Dutch."""
    monkeypatch.setenv("LESSON_TUI_DATA", str(tmp_path / "env-data"))
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture(autouse=True)
def _steady_cursors(monkeypatch):
    """Text cursors never blink in tests (as harlequin freezes them): a snapshot taken half a
    blink later differed only in the cursor and failed under load."""
    from textual.widgets import Input, TextArea

    def steady(widget) -> None:
        widget._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", steady)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", steady)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock) -> DataStore:
    return DataStore(tmp_path / "data", clock)


@pytest.fixture
def library() -> LessonLibrary:
    return LessonLibrary.scan([example_lessons_dir()])


@pytest.fixture
def plan(library):
    return library.lessons["breuken-vergelijken"][1]


@pytest.fixture
def demo(store):
    return store.get_class("Demo 4A")


@pytest.fixture
def run(store, demo, plan):
    return store.start_run(demo, plan, set(), rng=random.Random(7))


def pytest_xdist_auto_num_workers(config):
    """`-n auto` starts two workers per core: a pilot test spends about half its time
    waiting for the app to be idle, and another worker can use the core meanwhile (here, on
    2 cores: 4 workers ran the suite in 70 s, 2 in 90 s)."""
    import os

    return 2 * (os.cpu_count() or 1)
