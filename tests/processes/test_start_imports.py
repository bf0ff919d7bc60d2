"""A start to the home screen does not import what only a lesson needs: the recorder, its
event classes (about 30 dataclasses) and the session are imported when a lesson opens, not
at every start (store/runs.py `_recorder`, tui/app.py). The home screen lists lessons from
the index; only a lesson left open makes it open that lesson's file for its line, once: what
the line says is kept until that file changes (session/resume.py). Nor, once
the caches are filled, the TOML reader (the catalogue and the lesson plans are kept as
read) or pydantic (the lesson plans are kept checked)."""

from __future__ import annotations

import subprocess
import sys

from builders import make_history

START = """
import sys
from pathlib import Path
from lesson_tui.cli.config import Config
from lesson_tui.cli.commands import build_app
shown = []
async def home(pilot):
    await pilot.pause()
    shown.append(type(pilot.app.screen).__name__)
    resume = pilot.app.screen.query_one("#resume-list")
    shown.append(str(resume.option_count) + ":" + str(resume.get_option_at_index(0).prompt) if resume.option_count else "0")
    pilot.app.exit()
build_app(Config(data_dir=Path(sys.argv[1]))).run(headless=True, size=(120, 35), auto_pilot=home)
lesson = [m for m in ("lesson_tui.lesson.events", "lesson_tui.lesson.run", "lesson_tui.session.session", "lesson_tui.rules.sporen", "lesson_tui.rules.cfu", "lesson_tui.rules.mastery", "tomllib", "pydantic") if m in sys.modules]
import gc
print(" ".join(shown), "|", " ".join(lesson), "|", "frozen" if gc.get_freeze_count() else "")
"""


def _start(root) -> tuple[str, str]:
    out = subprocess.run([sys.executable, "-c", START, str(root)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    shown, imported, frozen = out.stdout.strip().rpartition("\n")[2].split("|")
    assert frozen.strip() == "frozen"  # what was imported is out of the collector's sight (`settle_imports`)
    return shown.strip(), imported.strip()


def test_a_start_with_a_history_of_closed_lessons_imports_no_lesson(store, library, clock):
    make_history(store, library, clock, days=3)
    _start(store.root)  # the first start reads the lesson plans and fills the caches
    shown, imported = _start(store.root)
    assert shown == "HomeScreen 0"  # nothing to resume
    assert imported == ""


def test_a_lesson_left_open_is_listed_and_then_its_lesson_is_read(store, library, clock, plan, demo):
    make_history(store, library, clock, days=1)
    run = store.start_run(demo, plan, set())
    run.next_phase()
    store.release(run.run_id)
    shown, imported = _start(store.root)
    screen, _, line = shown.partition(" ")
    assert screen == "HomeScreen" and line.startswith("1:") and "Demo 4A" in line and "Voorkennis activeren" in line, shown  # the phase: from its file
    assert "lesson_tui.lesson.run" in imported  # its phase is read from its file for the line
    again, imported = _start(store.root)
    assert again == shown and imported == ""  # the next start takes the phase as kept (session/resume.py)
    run = store.open_run(run.run_id)
    run.next_phase()  # the lesson goes on (here, or on another PC): its file changes
    store.release(run.run_id)
    shown, imported = _start(store.root)
    assert "· Lesdoel ·" in shown and "lesson_tui.lesson.run" in imported, shown  # read again, and its new phase
