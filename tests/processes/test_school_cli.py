"""`lesson-tui school` as a process (#21): one Dutch line for every mistake, never a traceback,
and the screen opens in a real terminal (tmux) and closes with `q`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.builders import school_folders


def run_cli(*args, state):
    return subprocess.run([sys.executable, "-m", "lesson_tui", *args], capture_output=True, text=True,
                          env={**os.environ, "LESSON_TUI_STATE": str(state)}, timeout=120)


@pytest.fixture
def folders(tmp_path, monkeypatch, clock, library):
    return school_folders(tmp_path, monkeypatch, clock, library)


def test_mistakes_are_one_dutch_line(folders, tmp_path):
    state = tmp_path / "pc-zorg"
    none = run_cli("school", "--format", "json", state=state)
    assert none.returncode == 1 and "--folder" in none.stderr and "Traceback" not in none.stderr
    missing = run_cli("school", "--folder", str(tmp_path / "nergens"), "--format", "json", state=state)
    assert missing.returncode == 1 and "nergens" in missing.stderr and "Traceback" not in missing.stderr
    args = [a for f in folders for a in ("--folder", str(f))]
    bad = run_cli("school", *args, "--drempel", "spoor3=drie", "--format", "json", state=state)
    assert bad.returncode == 1 and "geen drempel" in bad.stderr and "Traceback" not in bad.stderr
    half = folders[0] / "runs" / "2026" / "20261201-0900-abcdefgh-1234.json"
    half.write_text('{"meta": {"1": {"schema": 1, "kind": "run"}}, "run": {"1": {"run_id"', encoding="utf-8")
    good = run_cli("school", *args, "--format", "json", state=state)
    assert good.returncode == 0 and "Traceback" not in good.stderr
    assert half.name in good.stderr  # named, the rest read
    assert json.loads(good.stdout)["klassen"][0]["lessen"] == 5


def test_the_screen_opens_in_a_terminal_and_closes(folders, tmp_path):
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    state = tmp_path / "pc-zorg"
    args = " ".join(f"--folder {f}" for f in folders)
    session = f"school-cli-{os.getpid()}"
    env = f"LESSON_TUI_STATE={state} PYTHONPATH={os.environ.get('PYTHONPATH', '')}"
    subprocess.run([tmux, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    f"env {env} {sys.executable} -m lesson_tui school {args}; sleep 5"], check=True)
    try:
        screen = ""
        for _ in range(100):
            screen = subprocess.run([tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
            # the tables and the title line can reach the terminal in two frames: wait for both
            if "Bram Claes" in screen and "Schoolweergave 2026-2027" in screen:
                break
            time.sleep(0.2)
        assert "Schoolweergave 2026-2027" in screen and "Bram Claes" in screen
        subprocess.run([tmux, "send-keys", "-t", session, "q"], check=True)
        for _ in range(50):
            screen = subprocess.run([tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
            if "Schoolweergave" not in screen:
                break
            time.sleep(0.2)
        assert "Schoolweergave" not in screen and "Traceback" not in screen
    finally:
        subprocess.run([tmux, "kill-session", "-t", session], capture_output=True)
