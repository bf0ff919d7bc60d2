"""`lesson-tui board`: the class board in its own window, following the live lesson.

It opens nothing for writing and takes no lock: the teacher's app owns the lesson. Every
`POLL_SECONDS` it asks the follower what is new (one `stat` when nothing is) and redraws
only when what the class sees changed.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen

from lesson_tui.base.clock import Clock
from lesson_tui.base.i18n import set_language, t
from lesson_tui.session.board import waiting_view
from lesson_tui.session.view import LessonView
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.follow import POLL_SECONDS, RunFollower
from lesson_tui.tui import guards
from lesson_tui.tui.crash import PrivateCrash
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.stylecache import SharedStyles
from lesson_tui.tui.themes import BoardThemes
from lesson_tui.tui.widgets.class_board import ClassBoard
from lesson_tui.tui.widgets.plain import PlainNotify

guards.install()

FLASH_SECONDS = 1.0  # how long the board flashes when the time is up


class ClassBoardScreen(KeyMapped, Screen):
    KEYMAP = "class_board"

    def __init__(self, follower: RunFollower, clock: Clock, poll_seconds: float) -> None:
        super().__init__()
        self.follower = follower
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.sound = True
        self._signalled: set[str] = set()

    def compose(self) -> ComposeResult:
        yield ClassBoard(id="class-board")

    def on_mount(self) -> None:
        self.refresh_board()
        self.set_interval(self.poll_seconds, self.refresh_board)

    def refresh_board(self) -> None:
        self.follower.poll()
        lesson = None if self.follower.run is None else LessonView(self.follower.run)
        view = waiting_view() if lesson is None else lesson.board()
        self.query_one(ClassBoard).show(view)
        if view.overtime and lesson is not None:
            key = f"{lesson.run_id}:{lesson.phase_index}"
            if key not in self._signalled:
                self._signalled.add(key)
                if self.sound:
                    self.app.bell()
                board = self.query_one(ClassBoard)
                board.add_class("-flash")
                self.set_timer(FLASH_SECONDS, lambda: board.remove_class("-flash"))

    def action_sound(self) -> None:
        self.sound = not self.sound
        self.notify(t("board.sound_on") if self.sound else t("board.sound_off"))

    def action_board_theme(self) -> None:
        self.app.toggle_board_theme(self.app.store.root)

    def action_quit(self) -> None:
        self.app.exit(0)


class BoardApp(PrivateCrash, PlainNotify, BoardThemes, SharedStyles, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "lesson-tui · bord"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    def __init__(self, store: DataStore, *, run_id: str | None = None, clock: Clock | None = None,
                 poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.follower = RunFollower(store, run_id)
        self.clock = clock or store.clock
        self.poll_seconds = poll_seconds
        from lesson_tui.store.settings import Settings

        self.use_board_theme(Settings(store.root).board_theme)

    def on_mount(self) -> None:
        self.push_screen(ClassBoardScreen(self.follower, self.clock, self.poll_seconds))


def make_board_app(*, store: DataStore, lang: str = "nl", **options) -> BoardApp:
    set_language(lang)
    return BoardApp(store, **options)
