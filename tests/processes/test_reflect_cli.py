"""`lesson-tui reflect` as a process: the installed command, its output and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from builders import scripted_lesson


def run_cli(*args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "lesson_tui", *args], capture_output=True, text=True, encoding="utf-8", env=env)


def test_reflect_as_a_process(store, plan, clock, tmp_path):
    empty = run_cli("--data-dir", str(tmp_path / "leeg"), "reflect", "--week")
    assert empty.returncode == 1 and "geen lessen van" in empty.stderr and "Traceback" not in empty.stderr
    scripted_lesson(store, plan, clock)
    out = run_cli("--data-dir", str(store.root), "reflect", "--last", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["schema"] == "lesson-tui/reflect-les/1" and doc["overtijd_s"] == 180
    bad = run_cli("--data-dir", str(store.root), "reflect", "--from", "31-02-2026", "--to", "01-03-2026")
    assert bad.returncode == 1 and bad.stderr.strip() == "lesson-tui: '31-02-2026' bij --from is geen bestaande dag"
    usage = run_cli("--data-dir", str(store.root), "reflect", "--format", "pdf")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
