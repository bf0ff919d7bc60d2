"""The follower: what the class board sees of a lesson written by another process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time


def test_follower_in_another_process_sees_a_mark(store, run, tmp_path):
    run.next_phase()
    script = textwrap.dedent(
        f"""
        import json, time
        from pathlib import Path
        from lesson_tui.base.clock import SystemClock
        from lesson_tui.store.datastore import DataStore
        from lesson_tui.store.follow import RunFollower
        follower = RunFollower(DataStore(Path({str(store.root)!r}), SystemClock()))
        follower.poll()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            follower.poll()
            rounds = follower.run.rounds
            if rounds and rounds[0].marks:
                print(json.dumps(rounds[0].marks)); break
            time.sleep(0.02)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    time.sleep(1.0)
    round_ = run.open_round("vraag")
    run.mark(round_, run.pupil_ids[2], "half")
    out, _ = child.communicate(timeout=30)
    assert json.loads(out) == {run.pupil_ids[2]: "half"}
