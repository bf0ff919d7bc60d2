"""`lesson-tui demo --headless`: the real app, without a terminal, walks a short demo lesson.

It is the installed program's own smoke test (CI runs it from the built wheel): the app is
built as `lesson-tui` builds it (stylesheet, catalogues, example lessons, demo class) and
driven by keys as a teacher would press them; every step checks the screen it should reach.
What was recorded is read back from disk by the caller (commands.py), not from here. It lives
in cli, not tui: it drives the app from outside as a test does, it is not a screen.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen

from lesson_tui.tui.app import LessonApp

# The keys of the walk, step by step, with the screen each step must end on.
DEMO_STEPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("start", (), "LessonScreen"),
    ("check", ("c",), "CfuScreen"),
    ("marks", ("2", "f", "5", "h", "enter"), "LessonScreen"),
    ("pick", ("r",), "PickerScreen"),
    ("pick_result", ("j", "escape"), "LessonScreen"),
    ("next", ("n",), "LessonScreen"),
    ("board", ("b",), "BoardScreen"),
    ("board_back", ("escape",), "LessonScreen"),
)


STEP_SECONDS = 10.0  # how long a step may take to reach its screen (a loaded PC is slow)


class HeadlessFailure(Exception):
    pass


async def _settle(pilot: Pilot[object], expected: str) -> Screen[object]:
    import time

    deadline = time.monotonic() + STEP_SECONDS
    while type(pilot.app.screen).__name__ != expected:
        if time.monotonic() > deadline:
            raise HeadlessFailure(f"{expected} != {type(pilot.app.screen).__name__}")
        await pilot.pause(0.02)
    await pilot.pause()
    return pilot.app.screen


def run_demo(app: LessonApp, size: tuple[int, int] = (120, 35)) -> tuple[list[str], str | None, str | None]:
    """Walk DEMO_STEPS in `app` without a terminal. Returns the steps passed, the run id of
    the lesson and, when a step did not reach its screen, that step's name and what was seen."""
    passed: list[str] = []
    failure: list[str] = []
    run_ids: list[str] = []

    async def walk(pilot: Pilot[object]) -> None:
        try:
            for name, keys, expected in DEMO_STEPS:
                if keys:
                    await pilot.press(*keys)
                try:
                    await _settle(pilot, expected)
                except HeadlessFailure as error:
                    failure.append(f"{name}: {error}")
                    return
                passed.append(name)
                if app.session is not None and not run_ids:
                    run_ids.append(app.session.view.run_id)
        finally:
            app.action_quit_app()

    app.run(headless=True, size=size, auto_pilot=walk)
    return passed, run_ids[0] if run_ids else None, failure[0] if failure else None
