"""The Textual app: one factory used by the CLI and the tests."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from lesson_tui.base.clock import Clock
from lesson_tui.base.i18n import set_language, t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import DataFileError
from lesson_tui.klas.pupils import SchoolClass
from lesson_tui.plan.lessonplan import LessonLibrary, LessonPlan
from lesson_tui.store.datastore import DataStore
from lesson_tui.tui import guards
from lesson_tui.tui.crash import PrivateCrash
from lesson_tui.tui.messages import RunChanged
from lesson_tui.tui.stylecache import SharedStyles
from lesson_tui.tui.themes import BoardThemes
from lesson_tui.tui.widgets.plain import PlainNotify

if TYPE_CHECKING:
    from lesson_tui.session.session import LessonSession
    from lesson_tui.session.view import LessonView
# The session (and with it the recorder and its event classes) is imported when a lesson
# opens: the home screen lists lessons from the index, and a start should not pay for it.

guards.install()


class LessonApp(PrivateCrash, PlainNotify, BoardThemes, SharedStyles, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "lesson-tui"
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS = [
        Binding("ctrl+c", "quit_app", show=False, priority=True, id="app.quit"),
    ]
    # nothing a class can see shows one pupil's result: every screen follows this one value
    # (see tui/screens/private.py); remembered for the data folder
    klasveilig: var[bool] = var(False, init=False)
    # the lesson folders were read again: a screen listing lessons follows this count
    library_version: var[int] = var(0, init=False)

    def __init__(
        self,
        store: DataStore,
        library: LessonLibrary,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        school_class: SchoolClass | None = None,
        plan: LessonPlan | None = None,
        tick_seconds: float = 0.25,
        extra_lesson_dirs: list | None = None,
    ) -> None:
        super().__init__()
        self.extra_lesson_dirs = list(extra_lesson_dirs or [])
        self.store = store
        self.library = library
        self.clock = clock or store.clock
        self.rng = rng or random.Random()
        self.tick_seconds = tick_seconds
        self._start_class = school_class
        self._start_plan = plan
        self.session: LessonSession | None = None
        self._follow_timer = None
        # read once at the start: a settings file that cannot be read is said on the home screen
        settings = store.settings()
        self.set_reactive(LessonApp.klasveilig, settings.klasveilig)
        self.use_board_theme(settings.board_theme)  # what `b` shows the class: this PC's board theme

    def on_mount(self) -> None:
        from lesson_tui.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self._start_plan is not None and self._start_class is not None:
            self.start_lesson(self._start_class, self._start_plan, set())

    # --- starting and resuming ------------------------------------------------------

    def start_lesson(self, school_class: SchoolClass, plan: LessonPlan, absent: set[str]) -> None:
        from lesson_tui.session.session import LessonSession

        try:
            session = LessonSession.start(self.store, school_class, plan, absent, rng=self.rng)
        except DataFileError as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        except OSError as error:  # the runs folder could not be made: say why, in words
            self.notify(t("data.dir_unusable", path=self.store.root, error=os_error_text(error)), severity="error")
            return
        self._enter(session)

    def start_herhaalles(self, school_class: SchoolClass, goal: str, lesdoel: str, vak: str) -> None:
        """A herhaalles on a goal (from the goal grid): a quick lesson, the pupils not yet
        at beheerst invited to the miniklas; absences are marked in the lesson (`p`)."""
        from lesson_tui.session.session import LessonSession

        try:
            session = LessonSession.start_herhaalles(self.store, school_class, goal, lesdoel, vak, rng=self.rng)
        except DataFileError as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        except OSError as error:
            self.notify(t("data.dir_unusable", path=self.store.root, error=os_error_text(error)), severity="error")
            return
        self._enter(session)

    def resume_lesson(self, run_id: str) -> None:
        from lesson_tui.session.session import LessonSession

        try:
            session = LessonSession.resume(self.store, run_id, rng=self.rng)
        except (DataFileError, OSError, KeyError) as error:
            self.notify(str(error), severity="error", timeout=15)
            return
        self._enter(session)

    def close_unfinished(self, run_id: str) -> bool:
        """Close a lesson that was left unfinished, from the home screen; it keeps what was
        recorded and leaves the list of lessons to resume."""
        from lesson_tui.session.session import LessonSession

        try:
            session = LessonSession(self.store, self.store.open_run(run_id, rng=self.rng))
        except (DataFileError, OSError, KeyError) as error:
            self.notify(str(error), severity="error", timeout=15)
            return False
        session.on_save_error = self.report_save_error
        try:
            closed = session.close()
        finally:
            self.store.release(run_id)
        if closed:
            lesson = session.view
            self.notify(t("ui.unfinished_closed", les=lesson.plan.titel, klas=lesson.class_name))
        return closed

    def _enter(self, session: LessonSession) -> None:
        from lesson_tui.tui.screens.lesson import LessonScreen

        self.session = session
        session.on_save_error = self.report_save_error
        session.subscribe(self._run_changed)
        self.push_screen(LessonScreen(session.view))
        if self._follow_timer is None:
            from lesson_tui.store.follow import POLL_SECONDS

            self._follow_timer = self.set_interval(POLL_SECONDS, self._follow_others)

    def _follow_others(self) -> None:
        """A co-teacher's device writes its own file beside the lesson: fold what it wrote
        (one stat per file when nothing changed) and redraw, as for the teacher's own keys."""
        if self.session is None:
            return
        if self.session.follow_others():  # another device's file can never stop the lesson
            self._run_changed()

    def _run_changed(self) -> None:
        """One saved change in the lesson: one message to the screen on top (a screen
        under it redraws when it is shown again)."""
        self.screen.post_message(RunChanged())

    def report_save_error(self, error: Exception) -> None:
        """A write failed (disk full, read-only): the screen keeps showing what is on disk,
        and the teacher is told in one line; the next action tries again."""
        self.bell()
        self.notify(str(error), title=t("ui.not_saved"), severity="error", timeout=20, markup=False)

    def leave_lesson(self) -> None:
        """Stop for now; the lesson stays saved and paused, ready to resume."""
        if self.session is not None:
            self.session.leave()
            self.session = None

    def toggle_klasveilig(self) -> None:
        """Klasveilig on or off; every screen that follows it redraws (`watch_klasveilig`)."""
        self.klasveilig = not self.klasveilig

    def watch_klasveilig(self, on: bool) -> None:
        """Remembered for this data folder and told; runs before the screens redraw."""
        from lesson_tui.store.settings import Settings

        try:
            Settings(self.store.root).set_klasveilig(on)
        except OSError as error:
            self.report_save_error(error)
        self.notify(t("ui.klasveilig_on") if on else t("ui.klasveilig_off"))

    def add_lesson_folder(self, folder) -> int:
        """Remember a folder of lesson plans and reload the library; the number of lessons."""
        from lesson_tui.store.settings import Settings, scan_lessons

        Settings(self.store.root).add_lesson_dir(folder)
        self.library = scan_lessons(self.store.root, self.extra_lesson_dirs)
        return len(self.library.lessons)

    def forget_lesson_folder(self, folder) -> int:
        """Stop reading a folder that was added (its files stay); the number of lessons."""
        from lesson_tui.store.settings import Settings

        Settings(self.store.root).remove_lesson_dir(folder)
        self.reload_library()
        return len(self.library.lessons)

    def reload_library(self) -> None:
        """Read the lesson folders again (a lesson was saved, copied or made)."""
        from lesson_tui.store.settings import scan_lessons

        self.library = scan_lessons(self.store.root, self.extra_lesson_dirs)
        self.library_version += 1  # the home screen follows it

    def finish_lesson(self) -> None:
        """The lesson is closed: back to the home screen."""
        from lesson_tui.tui.screens.home import HomeScreen

        lesson = None
        if self.session is not None:
            lesson = self.session.view
            self.store.release(lesson.run_id)
            self.session = None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if lesson is not None:
            self._offer_to_keep(lesson)

    def _offer_to_keep(self, lesson: LessonView) -> None:
        """A quick lesson just ended: the editor opens on it as a lesson file, with the
        questions that were asked; ctrl+s keeps it, esc lets it go."""
        from lesson_tui.plan.quicklesson import draft_from_quick_lesson, is_quick
        from lesson_tui.store.settings import own_lessons_dir
        from lesson_tui.tui.screens.editor import EditorScreen

        if not is_quick(lesson.plan):
            return
        draft = draft_from_quick_lesson(lesson.plan, lesson.rounds, own_lessons_dir(self.store.root), self.library.lessons)
        self.push_screen(EditorScreen(draft))
        self.notify(t("quick.keep"), timeout=15)

    def action_quit_app(self) -> None:
        self.leave_lesson()
        self.exit(0)

    # --- command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand(t("ui.cmd_quit"), t("ui.cmd_quit_help"), self.action_quit_app)


def make_app(*, store: DataStore, library: LessonLibrary, lang: str = "nl", **options) -> LessonApp:
    """The app as the CLI and the tests build it: the language is set before any screen
    (or binding description) is made; `options` go to LessonApp."""
    set_language(lang)
    return LessonApp(store, library, **options)
