import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.store.datastore import DataStore
from lesson_tui.files.storage import SCHEMA_VERSION, DataFileError, open_db


def test_run_file_is_small_and_separate_from_history(store, run):
    assert run.path.parent.parent == store.root / "runs"
    assert run.path.stat().st_size < 20_000
    index = json.loads(store.index_path.read_text(encoding="utf-8"))
    assert index["meta"]["1"] == {"schema": SCHEMA_VERSION, "kind": "index"}
    assert [doc["run_id"] for doc in index["runs"].values()] == [run.run_id]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_data_files_are_readable_by_the_user_only(store, run):
    assert (store.root.stat().st_mode & 0o777) == 0o700
    assert (run.path.stat().st_mode & 0o777) == 0o600
    assert (store.index_path.stat().st_mode & 0o777) == 0o600
    store.import_class("4B", parse_class_csv(b"naam\nAya\n"))
    assert ((store.root / "classes" / "4b.json").stat().st_mode & 0o777) == 0o600


def test_corrupt_run_file_is_named_and_never_overwritten(store, run, clock):
    run.next_phase()
    store.release(run.run_id)
    run.path.write_bytes(b'{"meta": {"1": {"schema": 1, "kind": "run"}}, "eve')
    before = run.path.read_bytes()
    with pytest.raises(DataFileError) as caught:
        store.open_run(run.run_id)
    assert str(run.path) in str(caught.value) and "beschadigd" in str(caught.value)
    assert run.path.read_bytes() == before
    # the rest still works: another lesson can start
    other = store.start_run(store.get_class("Demo 4A"), run.plan, set())
    other.next_phase()
    assert len(store.runs()) == 2


def test_corrupt_index_is_kept_aside_and_rebuilt_from_run_files(tmp_path, clock, store, run):
    run.next_phase()
    store.release(run.run_id)
    store.index_path.write_text("{ kapot", encoding="utf-8")
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert any("index.json" in problem for problem in fresh.problems)
    kept = list(store.root.glob("index.beschadigd-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ kapot"


def test_corrupt_class_file_does_not_stop_other_classes(store):
    store.import_class("4A", parse_class_csv(b"naam\nAya\nBo\n"))
    store.import_class("4B", parse_class_csv(b"naam\nCas\n"))
    (store.root / "classes" / "4a.json").write_text("nope", encoding="utf-8")
    names = [c.name for c in store.classes()]
    assert "4B" in names and "Demo 4A" in names and "4A" not in names
    assert any("4a.json" in p for p in store.problems)
    assert (store.root / "classes" / "4a.json").read_text(encoding="utf-8") == "nope"


def test_newer_schema_is_refused_not_overwritten(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1, "kind": "run"}}}), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        open_db(path, kind="run")
    assert "nieuwere versie" in str(caught.value)


def test_a_run_is_locked_against_a_second_window(store, run):
    with pytest.raises(DataFileError) as caught:
        store.open_run(run.run_id)
    assert "ander venster" in str(caught.value)
    store.release(run.run_id)
    store.open_run(run.run_id)


WRITER = textwrap.dedent(
    """
    import random, sys
    from pathlib import Path
    from lesson_tui.base.clock import SystemClock
    from lesson_tui.store.datastore import DataStore
    from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
    store = DataStore(Path(sys.argv[1]), SystemClock())
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    run = store.start_run(store.get_class("Demo 4A"), plan, set())
    run.next_phase()
    round_ = run.open_round("vraag")
    ids = run.pupil_ids
    print(run.run_id, flush=True)
    n = 0
    while True:
        if n % 4 == 3:  # every fourth action a beurtstokje pick, as in a lesson
            picked = run.pick_pupil()
            n += 1
            print(n, "pick", picked.pupil_id, flush=True)
            continue
        pupil = ids[n % len(ids)]
        value = ("fout", "half")[(n // len(ids)) % 2]  # every mark changes something
        run.mark(round_, pupil, value)
        n += 1
        print(n, pupil, value, flush=True)
    """
)


@pytest.mark.parametrize("delay", [0.3, 0.55, 0.8])
def test_kill_during_writes_loses_nothing_already_reported(tmp_path, delay):
    """kill -9 the process while it records marks as fast as it can; every mark it
    reported as done must be in a valid file that resumes."""
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data)], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    run_id = proc.stdout.readline().strip()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    proc.wait()
    reported = [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
    assert reported, "the writer recorded nothing before the kill"
    store = DataStore(data)
    run = store.open_run(run_id)
    round_ = run.rounds[0]
    expected: dict[str, str] = {}
    picks = []
    for _, first, second in reported:
        if first == "pick":
            picks.append(second)
        else:
            expected[first] = second
    # the last write may have reached disk without being reported: at most one more
    recorded = len(round_.history) + len(run.picks)
    assert recorded in (len(reported), len(reported) + 1)
    assert [p.pupil_id for p in run.picks][: len(picks)] == picks
    if recorded == len(reported):
        for pupil, value in expected.items():
            assert round_.marks[pupil] == value
    # and the resumed lesson takes new marks
    run.mark(round_, run.pupil_ids[0], "juist")
    assert DataStore(data).open_run(run_id, lock=False).rounds[0].marks[run.pupil_ids[0]] == "juist"
