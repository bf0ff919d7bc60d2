from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from lesson_tui.base.clock import FakeClock
from lesson_tui.base.i18n import set_language
from lesson_tui.coteach import server as coteach_server
from lesson_tui.files import storage
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore

ROOT = Path(__file__).resolve().parents[1]


def _temp_in_memory() -> None:
    """The tests' temporary folders (tmp_path, tempfile) in memory where the system has a
    folder for that (/dev/shm on Linux), unless TMPDIR says where. The app writes each file
    as a temp file and a rename; on this machine's ext4 a rename took 120 us, on tmpfs 10 us,
    and the suite does tens of thousands of them: a fifth of the core tests' time. What the
    tests check (the bytes, the renames, the locks, the rights) is the same on both; that a
    file survives a power cut is the fsync's job, which no test can see. Processes the tests
    start inherit TMPDIR."""
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not shm.is_dir() or not os.access(shm, os.W_OK | os.X_OK):
        return
    os.environ["TMPDIR"] = str(shm)
    tempfile.tempdir = None  # asked again, now from TMPDIR


_temp_in_memory()

# The hypothesis settings for the whole suite, here and nowhere else. Both profiles: no
# per-example deadline (a wall-clock limit fails under load, and speed is measured in
# benchmarks/, not asserted in tests), and the function-scoped fixtures are fine because every
# example builds its own state. `pytest` tries 25 examples per property, so the core's tests
# stay in seconds; `HYPOTHESIS_PROFILE=thorough pytest tests/core` tries 500 (README, "Tests").
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("lesson-tui", max_examples=25, **_COMMON)
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "lesson-tui"))


# A floor under the per-test isolation below: a test that calls monkeypatch.undo() undoes
# that too, and would otherwise write this PC's files into the user's own state folder.
os.environ["LESSON_TUI_DATA"] = tempfile.mkdtemp(prefix="lesson-tui-tests-data-")
os.environ["LESSON_TUI_STATE"] = tempfile.mkdtemp(prefix="lesson-tui-tests-state-")


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    """No test touches the real user data folder, and every test starts in Dutch. Files are
    written as in the app (a temp file beside the target, then a rename) but not waited
    for until they are on the disk: an fsync only matters when the power goes, no test can
    see it, and on this disk the suite's few thousand of them took a third of the core
    tests' time. Processes started by tests/processes do fsync."""
    monkeypatch.setenv("LESSON_TUI_DATA", str(tmp_path / "env-data"))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-state"))  # this PC's own files
    monkeypatch.setattr(storage, "flush_to_disk", lambda fd: None)
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock) -> DataStore:
    return DataStore(tmp_path / "data", clock)


_EXAMPLES: list[LessonLibrary] = []


@pytest.fixture
def library() -> LessonLibrary:
    """The example lessons, read from their files once per test process (about 500 tests
    ask for them): the plans are frozen, so the tests share them; each test gets a library
    of its own around them."""
    if not _EXAMPLES:
        _EXAMPLES.append(LessonLibrary.scan([example_lessons_dir()]))
    examples = _EXAMPLES[0]
    return LessonLibrary(dict(examples.lessons), list(examples.errors), list(examples.versions))


@pytest.fixture
def plan(library):
    return library.lessons["breuken-vergelijken"][1]


@pytest.fixture
def demo(store):
    return store.get_class("Demo 4A")


@pytest.fixture
def run(store, demo, plan):
    return store.start_run(demo, plan, set(), rng=random.Random(7))


def pytest_collection_finish(session):
    """What the tests have imported (Textual, the app, hypothesis, every test module: about
    90,000 objects) lives until the end; Python's collector walked all of it again at each
    full collection, and a pilot test makes enough short-lived widgets for one or two of
    those. Frozen once collected, they are skipped (about half the collector's time)."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config):
    """`-n auto` starts two workers per core: a pilot test spends about half its time
    waiting for the app to be idle, and another worker can use the core meanwhile (here, on
    2 cores: 4 workers ran the suite in 70 s, 2 in 90 s)."""
    import os

    return 2 * (os.cpu_count() or 1)


@pytest.fixture
def finished(store, run, clock):
    """A run with CFU marks, a split and an exit ticket, closed."""
    ids = run.pupil_ids
    run.next_phase()
    clock.advance(200)
    round_ = run.open_round("Welke breuk is groter: 3/8 of 5/8?")
    run.mark(round_, ids[0], "fout")
    run.mark(round_, ids[15], "fout")  # Noah De Smet
    run.close_round(round_)
    run.set_self_assessment(ids[2], 3)
    run.confirm_sporen({ids[0]: "0/1 juist · 0 %", ids[15]: "0/1 juist · 0 %", ids[2]: "zelfinschatting 3"})
    exit_round = run.open_round("Zet < of >", kind="exit")
    run.mark(exit_round, ids[0], "half")
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    return run



@pytest.fixture
def with_exit_ticket(store, run, clock):
    """A closed run whose exit ticket has two questions (2/2, 1/2, 1,5/2 and 0/2 among the
    scores) and a pupil who left the miniklas at a clock time."""
    ids = run.pupil_ids
    run.next_phase()
    round_ = run.open_round("Welke breuk is groter: 3/8 of 5/8?")
    for pid in ids[:3]:
        run.mark(round_, pid, "fout")
    run.close_round(round_)
    run.set_self_assessment(ids[2], 3)
    run.confirm_sporen(dict.fromkeys(ids[:3], "0/1 juist · 0 %"))
    clock.advance(600)
    run.toggle_miniklas_leave(ids[1])
    for marks in ({ids[0]: "fout", ids[1]: "half"}, {ids[0]: "fout", ids[3]: "fout", ids[1]: "juist"}):
        exit_round = run.open_round("Zet < of >", kind="exit")
        for pid, mark in marks.items():
            run.mark(exit_round, pid, mark)
        run.close_round(exit_round)
    run.set_note("process_1", "Rustig gewerkt")
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    return run



@pytest.fixture
def live_page(store):
    """A coteach server as the teacher's app sees it: a marker and a port that answers."""
    import os
    import socket

    from lesson_tui.coteach import marker as coteach_marker

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    address = f"http://127.0.0.1:{port}/?token={coteach_server.new_token()}"

    def serve(run_id: str) -> str:
        coteach_marker.write_marker(store.root, address=address, run_id=run_id, host="127.0.0.1", port=port)
        assert json.loads(layout.coteach_marker_path(store.root).read_text())["pid"] == os.getpid()
        return address

    yield serve
    listener.close()

