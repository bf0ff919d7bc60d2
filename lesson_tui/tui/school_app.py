"""`lesson-tui school`: the zorgcoördinator's school view in a window of its own.

It reads the teachers' folders read-only through `SchoolView` and looks again every
`REFRESH_SECONDS` (and at `r`): a run a sync engine brought in since is read, the others come
from the cache by their fingerprint. Nothing in a teacher's folder is ever written.
"""

from __future__ import annotations

import threading

from textual.app import App

from lesson_tui.school.view import SchoolReport, SchoolView
from lesson_tui.tui import guards
from lesson_tui.tui.crash import PrivateCrash
from lesson_tui.tui.screens.school import SchoolScreen
from lesson_tui.tui.stylecache import SharedStyles
from lesson_tui.tui.themes import BoardThemes  # the stylesheet's board and mark variables
from lesson_tui.tui.widgets.plain import PlainNotify

guards.install()

REFRESH_SECONDS = 10.0


class SchoolApp(PrivateCrash, PlainNotify, SharedStyles, BoardThemes, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "lesson-tui · school"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, view: SchoolView, *, class_name: str | None = None, refresh_seconds: float = REFRESH_SECONDS):
        super().__init__()
        self.view = view
        self.class_name = class_name
        self.refresh_seconds = refresh_seconds
        self._report: SchoolReport | None = None
        self._reading = threading.Lock()

    def report(self) -> SchoolReport:
        """The school as it is on disk now (reading only the runs that changed); one reader
        at a time (the timer's thread and `r`)."""
        with self._reading:
            self._report = self.view.report()
            return self._report

    def on_mount(self) -> None:
        self.push_screen(SchoolScreen(self.class_name))
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self._tick)

    def _tick(self) -> None:
        """Look again in a thread: a lesson synced in is read while the screen stays live."""
        if not any(worker.group == "school-refresh" and not worker.is_finished for worker in self.workers):
            self.run_worker(self._refresh_in_thread, thread=True, group="school-refresh", exclusive=True)

    def _refresh_in_thread(self) -> None:
        report = self.report()
        self.call_from_thread(self._show, report)

    def _show(self, report: SchoolReport) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SchoolScreen):
                screen.show(report)
