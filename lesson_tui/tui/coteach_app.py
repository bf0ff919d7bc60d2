"""The co-teacher's view of a FLEX block, on a tablet or laptop through `lesson-tui coteach`.

Only what the block needs: the miniklas with its timer and the afvalsysteem (tap a pupil who
gets it: they leave, tap again: they come back), the help queue of the pupils working on
their own, the tasks per spoor, and a quick check with the miniklas. Big buttons, so a
finger is enough and no on-screen keyboard comes up. No percentages, no reasons, no marks
of the whole class. This device writes only its own file beside the lesson (see
`lesson_tui.lesson.writers`); it folds what the teacher's app writes, ten times a second.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button

from lesson_tui.base.i18n import set_language, t
from lesson_tui.rules.cfu import next_tap_mark
from lesson_tui.rules.sporen import Refused
from lesson_tui.session.session import LessonActions
from lesson_tui.store.datastore import DataStore
from lesson_tui.tui.crash import PrivateCrash
from lesson_tui.tui.stylecache import SharedStyles
from lesson_tui.tui.themes import BoardThemes
from lesson_tui.tui.widgets.plain import Label, Static


class PupilButton(Button):
    """A pupil's button; `mode` is what a tap on it does as it is shown ("leave" or
    "check"), so a tap made while the other mode was on the screen is not misread."""

    mode = "leave"

    def press(self) -> PupilButton:
        if self.disabled or not self.display:
            return self
        self._start_active_affect()
        message = Button.Pressed(self)
        message.mode = self.mode  # type: ignore[attr-defined]  # as shown at the tap
        self.post_message(message)
        return self


class CoTeachApp(PrivateCrash, BoardThemes, SharedStyles, App[int]):  # BoardThemes: the marks' colours
    CSS_PATH = "app.tcss"
    TITLE = "lesson-tui · co-teacher"
    # a phone (about 40 columns): one column, the help queue and tasks below the miniklas
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]

    def __init__(self, actions: LessonActions) -> None:
        super().__init__()
        self.actions = actions  # every tap goes through these
        self.lesson = actions.view  # what this page shows
        self.check = None  # the miniklas check round being marked on this device

    def compose(self) -> ComposeResult:
        yield Label("", id="co-title")
        with Horizontal(id="co-body"):
            with VerticalScroll(id="co-miniklas"):
                yield Label("", id="co-timer", classes="section-title")
                yield Label(t("coteach.tap_hint"), id="co-hint", classes="co-hint")
                yield Grid(id="co-pupils")
                with Horizontal(classes="co-actions"):
                    yield Button(t("coteach.check"), id="co-check", variant="primary")
                    yield Button(t("coteach.check_done"), id="co-check-done", variant="success")
            with Vertical(id="co-side"):
                yield Label(t("coteach.help_title"), classes="section-title")
                yield Static("", id="co-help")
                yield Button("", id="co-help-next", variant="warning")
                yield Label(t("coteach.tasks_title"), classes="section-title")
                yield Static("", id="co-tasks")

    def on_mount(self) -> None:
        from lesson_tui.store.follow import POLL_SECONDS

        self._shown: list[str] = []
        self.refresh_view()
        self.set_interval(POLL_SECONDS, self._follow)

    def _follow(self) -> None:
        if not self.screen.query("#co-timer"):
            return  # closing down: the view is already gone
        if self.lesson.closed:
            self.exit(0)  # the lesson is closed: this page has nothing left to do
            return
        if self.actions.catch_up():
            self.refresh_view()
        else:
            self._show_timer()

    # --- drawing -------------------------------------------------------------------------

    def refresh_view(self) -> None:
        lesson = self.lesson
        self.query_one("#co-title", Label).update(t("coteach.title", les=lesson.plan.titel, klas=lesson.class_name))
        miniklas = lesson.miniklas
        grid = self.query_one("#co-pupils", Grid)
        if miniklas != self._shown:
            grid.remove_children()
            grid.mount_all([PupilButton("", id=f"co-p-{index}", classes="co-pupil") for index in range(len(miniklas))])
            self._shown = list(miniklas)
        check = self._check_round()
        marks = check.final_marks(miniklas) if check is not None else {}
        self.query_one("#co-hint", Label).update(t("coteach.tap_hint_check" if check is not None else "coteach.tap_hint"))
        staying = set(lesson.still_in_miniklas)
        for index, pid in enumerate(miniklas):
            button = self.query_one(f"#co-p-{index}", PupilButton)
            button.mode = "check" if check is not None else "leave"
            gone = pid not in staying
            label = f"{'✓ ' if gone else ''}{lesson.number_of(pid)} {lesson.names[pid]}"
            if check is not None:
                label += "  " + t(f"coteach.mark_{marks.get(pid, 'juist')}")
            button.label = label
            button.variant = "success" if gone else "default"
        self.query_one("#co-check").display = check is None and bool(miniklas)
        self.query_one("#co-check-done").display = check is not None
        names = [f"{lesson.number_of(pid)} {lesson.names[pid]}" for pid, _ in lesson.help_queue]
        self.query_one("#co-help", Static).update("\n".join(names) if names else t("coteach.help_empty"))
        helper = self.query_one("#co-help-next", Button)
        helper.label = t("coteach.help_next", name=names[0]) if names else t("coteach.help_none")
        helper.disabled = not names
        tasks = lesson.plan.sporen
        self.query_one("#co-tasks", Static).update(
            "\n".join(f"{t('coteach.spoor', n=n)}: {tasks.task(n) or '-'}" for n in (1, 2, 3))
        )
        self._show_timer()

    def _show_timer(self) -> None:
        timer = self.lesson.miniklas_timer
        left = timer.remaining(self.lesson.now())
        minutes, seconds = divmod(int(abs(left)), 60)
        sign = "-" if left < 0 else ""
        state = "" if timer.running else f" ({t('coteach.timer_paused')})"
        self.query_one("#co-timer", Label).update(t("coteach.timer", time=f"{sign}{minutes}:{seconds:02d}") + state)

    def _check_round(self):
        """The miniklas check being marked: the one opened here, or one the teacher opened."""
        return self.lesson.miniklas_check(self.check)

    # --- taps --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("co-p-"):
            pid = self._shown[int(button_id.removeprefix("co-p-"))]
            check = self._check_round()
            if getattr(event, "mode", None) != ("check" if check is not None else "leave"):
                pass  # tapped while the other mode was shown: the redraw below shows this one
            elif check is not None:  # during the quick check a tap marks: fout, half, juist
                self.actions.mark(check, pid, next_tap_mark(check.marks.get(pid)))
            else:  # the afvalsysteem: leaves the miniklas, or comes back
                try:
                    self.actions.toggle_miniklas_leave(pid)
                except Refused:
                    pass  # a button left over from an older split: nothing to record
        elif button_id == "co-help-next":
            self.actions.help_next()
        elif button_id == "co-check":
            staying = self.lesson.still_in_miniklas
            opened = self.actions.open_round(t("ui.cfu_oral"), "open", kind="miniklas", pupils=staying)
            self.check = opened.round_id if opened is not None else None
        elif button_id == "co-check-done":
            check = self._check_round()
            if check is not None:
                self.actions.close_round(check)
            self.check = None
        self.refresh_view()


def make_coteach_app(*, store: DataStore, run_id: str, lang: str = "nl", writer: int | None = None) -> CoTeachApp:
    """Join the lesson as a co-writer (its own file; `writer`: this device's number, from
    the coteach server) and show the FLEX block's side of it."""
    set_language(lang)
    return CoTeachApp(LessonActions(store.join_run(run_id, writer=writer)))
