"""FLEX: two teachers, one screen. Left the miniklas, right the pupils working alone.

Every pupil is addressed by class number, as in a check round: the number, then a letter.
`v` (vertrekt) marks a miniklas pupil as leaving because they get it (afvalsysteem) or
back again; `h` puts a pupil in the help queue. `space` helps whoever waited longest,
`c` `t` `+` `-` are the miniklas's check and timer. No key of one half means anything
in the other, and digits are always class numbers, whatever the group's size.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.rules.sporen import Refused, spoor_of_split
from lesson_tui.session.board import miniklas_timer_title, spoor_title
from lesson_tui.session.view import LessonView
from lesson_tui.tui.messages import RunChanged
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label, Static, packed
from lesson_tui.tui.widgets.timer import PhaseTimer

LEAVE_KEY = "v"
HELP_KEY = "h"
NEXT_PHASE = "next_phase"  # what FLEX is left with when `n` steps the lesson on


class FlexScreen(FollowsKlasveilig, KeyMapped, Screen[str | None]):
    KEYMAP = "flex"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self.miniklas = lesson.miniklas
        split = lesson.sporen or {}
        spoor_of = spoor_of_split(split)
        self.independent = [pid for pid in lesson.pupil_ids if spoor_of.get(pid) in (1, 2)]
        # every pupil of the split by class number; the digits count against the whole class
        self._entry = entry_for(lesson.pupils, taken=list(split), absent=lesson.absent)
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="flex-halves"):
            with Vertical(id="flex-miniklas", classes="flex-half"):
                yield Label(t("flex.miniklas_title"), id="flex-miniklas-title", classes="flex-title")
                yield PhaseTimer(id="miniklas-timer")
                yield Static("", id="miniklas-pupils")
                yield Label(t("flex.miniklas_hint"), classes="flex-hint")
            with Vertical(id="flex-independent", classes="flex-half"):
                yield Label(t("flex.independent_title"), classes="flex-title")
                yield Static("", id="help-queue")
                with VerticalScroll(id="independent-scroll"):
                    yield Static("", id="independent-pupils")
                yield Label(t("flex.independent_hint"), classes="flex-hint")
        yield NumberLine(self._entry, id="flex-number")
        yield Label("", id="flex-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(self.app.tick_seconds, self._tick)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        lesson = self.lesson
        split = lesson.sporen or {}
        now = lesson.now()
        text = Text()
        if not self.miniklas:
            text.append(t("flex.miniklas_empty"))
        number_of = {p.id: p.number for p in lesson.pupils}
        private = self.app.klasveilig  # no reasons, no "vrijwillig", no ✓ on a projected screen
        staying = set(lesson.still_in_miniklas)
        for pid in self.miniklas:
            gone = pid not in staying
            if gone and private:
                continue  # works on their own now: listed on the right, as on the board
            cursor = "▶" if pid == self.selected else " "
            text.append(f"{cursor}{number_of[pid]:>2} ", style="bold")
            if gone:
                minutes = lesson.minutes_before_leaving(pid)
                text.append(f"{lesson.names[pid]}  ✓ {t('flex.left', minutes=minutes)}\n", style="strike dim")
            else:
                entry = split.get(pid)
                reason = "" if private or entry is None else entry.reason
                voluntary = " (" + t("flex.voluntary") + ")" if entry is not None and entry.voluntary and not private else ""
                text.append(f"{lesson.names[pid]}{voluntary}\n", style="bold")
                if reason:
                    text.append(f"      {reason}\n", style="dim")
        self.query_one("#miniklas-pupils", Static).update(text)

        queue = lesson.help_queue
        waiting = {pid for pid, _ in queue}
        right = Text()
        width = self._independent_width()
        back = lesson.left_miniklas
        for number in (1, 2):
            task = lesson.plan.sporen.task(number)
            right.append(spoor_title(number) if private else t("ui.spoor_heading", number=number), style="bold")
            right.append(f"  {task}\n" if task else "\n", style="italic")
            # pupils flow on a line, so a whole class fits beside the miniklas at 80x24;
            # "14 Kacper" is never broken over two lines
            here = [pid for pid in self.independent if split[pid].spoor == number]
            if private and number == 2:
                here += back  # as on the board: who left the miniklas is in spoor 2, unmarked
            items = []
            for pid in here:
                item = Text("▶" if pid == self.selected else "")
                item.append(str(number_of[pid]), style="bold reverse" if pid in waiting else "bold")
                item.append(f" {lesson.names[pid]}{' ✋' if pid in waiting else ''}")
                items.append(item)
            right.append_text(packed(items, width, gap="   "))
            right.append("\n\n")
        # pupils who left the miniklas now work alone too
        if back and not private:
            items = [Text(f"{number_of[p]} {lesson.names[p]}") for p in back]
            items[0] = Text(t("flex.from_miniklas") + ": ").append_text(items[0])
            right.append_text(packed(items, width, gap=", "))
            right.append("\n")
        self.query_one("#independent-pupils", Static).update(right)

        help_text = Text(t("flex.queue_title") + "\n", style="bold")
        if not queue:
            help_text.append(t("flex.queue_empty"), style="dim")
        for position, (pid, since) in enumerate(queue, start=1):
            waited = int((now - since).total_seconds() // 60)
            help_text.append(f" {position}. {lesson.names[pid]}  ({t('flex.waiting', minutes=waited)})\n")
        self.query_one("#help-queue", Static).update(help_text)
        self._show_title()
        self._show_status()
        self._tick()

    def show_privacy(self) -> None:
        self.refresh_view()

    def on_resize(self) -> None:
        self.refresh_view()  # the right half's lines are packed to its width

    def _independent_width(self) -> int:
        width = self.query_one("#independent-pupils", Static).content_region.width
        return max(12, width or (self.size.width or 80) // 2 - 4)

    def _show_title(self) -> None:
        # on a projected screen the group gets the words of the board, not a label
        self.query_one("#flex-miniklas-title", Label).update(self._miniklas_title())

    def _miniklas_title(self) -> str:
        return spoor_title(3) if self.app.klasveilig else t("flex.miniklas_title")

    def _show_status(self, message: str = "") -> None:
        status = Text()
        if self.selected is not None:
            number = self.lesson.number_of(self.selected)
            status.append(f"▶ {number} {self.lesson.names[self.selected]}: ", style="bold")
            status.append(t("flex.status_keys"))
        elif message:
            status.append(message)
        else:
            status.append(t("flex.status_idle"))
        self.query_one("#flex-status", Label).update(status)

    def action_second_device(self) -> None:
        """The co-teacher's page as a QR code to scan (never on a projected screen)."""
        from lesson_tui.tui.screens.device import DeviceScreen

        self.app.push_screen(DeviceScreen(self.lesson.run_id))

    def on_run_changed(self, message: RunChanged) -> None:
        # a co-teacher's device wrote something (a departure, a help request): show it
        if self.is_current:
            self.refresh_view()

    def _tick(self) -> None:
        timer = self.lesson.miniklas_timer
        self.query_one("#miniklas-timer", PhaseTimer).show(
            miniklas_timer_title() if self.app.klasveilig else t("flex.timer_title"),
            timer.remaining(self.lesson.now()),
            not timer.running,
            timer.planned_s + timer.adjust_s,
            pause_key="t",
        )

    def _select(self, number: int | None) -> None:
        pupil = self.lesson.pupil_by_number(number) if number is not None else None
        self.selected = pupil.id if pupil is not None else None
        self.refresh_view()

    def on_key(self, event) -> None:
        character = event.character or ""
        line = self.query_one(NumberLine)
        step = line.take(event)
        if step is not None:
            self._select(step.number)  # a refused number selects nobody
            return
        if character in (LEAVE_KEY, HELP_KEY) and line.entry.pending:
            self._select(line.end().number)
        if character in (LEAVE_KEY, HELP_KEY) and self.selected is not None:
            event.stop()
            pupil, self.selected = self.selected, None
            line.clear()
            try:
                if character == LEAVE_KEY:
                    self.app.session.toggle_miniklas_leave(pupil)
                else:
                    self.app.session.help_add(pupil)
            except Refused as refusal:
                self.refresh_view()
                self._show_status(t(refusal.key, name=self.lesson.names[refusal.pupil_id]))
            else:
                self.refresh_view()
        elif event.key == "escape" and (self.selected is not None or line.entry.pending):
            event.stop()
            event.prevent_default()
            self.selected = None
            line.clear()
            self.refresh_view()

    def action_help_next(self) -> None:
        pupil = self.app.session.help_next()
        if pupil is not None:
            self.notify(t("flex.helping", name=self.lesson.names[pupil]))
        self.refresh_view()

    def action_miniklas_timer(self) -> None:
        self.app.session.toggle_miniklas_timer()
        self._tick()

    def action_miniklas_adjust(self, minutes: int) -> None:
        self.app.session.miniklas_adjust(minutes)
        self._tick()

    def action_miniklas_check(self) -> None:
        from lesson_tui.tui.screens.cfu import CfuScreen

        staying = self.lesson.still_in_miniklas
        if staying:
            self.app.push_screen(
                CfuScreen(self.lesson, pupils=staying, kind="miniklas", title=self._miniklas_title()),
                lambda _: self.refresh_view(),
            )

    def action_export(self) -> None:
        from lesson_tui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.lesson))

    def action_board(self) -> None:
        from lesson_tui.tui.screens.split_board import SplitBoardScreen

        self.app.push_screen(SplitBoardScreen(self.lesson))

    def action_next_phase(self) -> None:
        self.dismiss(NEXT_PHASE)  # the lesson screen steps on

    def action_close(self) -> None:
        self.dismiss(None)

