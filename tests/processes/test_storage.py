import signal
import subprocess
import sys
import textwrap
import time

import pytest

from lesson_tui.store.datastore import DataStore

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
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data)], stdout=subprocess.PIPE, text=True, bufsize=1)
    run_id = proc.stdout.readline().strip()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    proc.wait()
    out = proc.stdout.read()
    # a line the kill cut off (the pipe was full: the write was partial) was not reported
    complete = out.split("\n")[:-1]
    reported = [line.split() for line in complete if line.strip()]
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
