"""FLEX: two teachers, one screen. Left the miniklas, right the pupils working alone.

The halves use keys that never clash, so two people can use it in turn without switching
modes: the miniklas half answers to digits (pupil leaves / comes back), `c`, `t`, `+`/`-`;
the independent half to the letters shown beside its pupils (a help request) and `space`
(help the pupil who has waited longest).
"""

from __future__ import annotations

import string

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from lesson_tui.i18n import t
from lesson_tui.run import LessonRun
from lesson_tui.tui.widgets.timer import PhaseTimer

RESERVED = set("bcefnqt")
LETTERS = [c for c in string.ascii_lowercase if c not in RESERVED] + list(string.ascii_uppercase)


class FlexScreen(Screen):
    BINDINGS = [
        Binding("c", "miniklas_check", t("flex.key_check"), id="flex.check"),
        Binding("t", "miniklas_timer", t("flex.key_timer"), id="flex.timer"),
        Binding("plus", "miniklas_adjust(1)", "+1", show=False, id="flex.plus"),
        Binding("minus", "miniklas_adjust(-1)", "-1", show=False, id="flex.minus"),
        Binding("space", "help_next", t("flex.key_help_next"), id="flex.help_next"),
        Binding("e", "export", t("flex.key_export"), id="flex.export"),
        Binding("b", "board", t("flex.key_board"), id="flex.board"),
        Binding("n", "next_phase", t("ui.key_next"), id="flex.next"),
        Binding("f,escape", "close", t("ui.key_back"), id="flex.close"),
    ]

    def __init__(self, run: LessonRun) -> None:
        super().__init__()
        self.run = run
        self.miniklas = run.miniklas
        split = run.sporen or {}
        self.independent = [pid for pid in run.pupil_ids if split.get(pid, {}).get("spoor") in (1, 2)]
        self.letter_of = dict(zip(self.independent, LETTERS))
        self.pupil_of_letter = {letter: pid for pid, letter in self.letter_of.items()}

    def compose(self) -> ComposeResult:
        with Horizontal(id="flex-halves"):
            with Vertical(id="flex-miniklas", classes="flex-half"):
                yield Label(t("flex.miniklas_title"), classes="flex-title")
                yield PhaseTimer(id="miniklas-timer")
                yield Static("", id="miniklas-pupils")
                yield Label(t("flex.miniklas_hint"), classes="flex-hint")
            with Vertical(id="flex-independent", classes="flex-half"):
                yield Label(t("flex.independent_title"), classes="flex-title")
                yield Static("", id="help-queue")
                with VerticalScroll(id="independent-scroll"):
                    yield Static("", id="independent-pupils")
                yield Label(t("flex.independent_hint"), classes="flex-hint")
        yield Footer()

    def on_mount(self) -> None:
        if self.run.state.jij.miniklas_timer.started_at is None and self.miniklas:
            self.run.miniklas_timer(True)  # the miniklas starts when the FLEX view opens
        self.refresh_view()
        self.set_interval(self.app.tick_seconds, self._tick)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        run = self.run
        split = run.sporen or {}
        now = run.clock.now()
        left = run.state.jij.left_miniklas
        text = Text()
        if not self.miniklas:
            text.append(t("flex.miniklas_empty"))
        for number, pid in enumerate(self.miniklas, start=1):
            gone = pid in left
            key = f"[{number}] " if number <= 9 else "    "
            text.append(key, style="bold")
            if gone:
                minutes = int((left[pid] - run.state.sporen_at).total_seconds() // 60) if run.state.sporen_at else 0
                text.append(f"{run.names[pid]}  ✓ {t('flex.left', minutes=minutes)}\n", style="strike dim")
            else:
                reason = split.get(pid, {}).get("reden", "")
                voluntary = " (" + t("flex.voluntary") + ")" if split.get(pid, {}).get("vrijwillig") else ""
                text.append(f"{run.names[pid]}{voluntary}\n", style="bold")
                if reason:
                    text.append(f"      {reason}\n", style="dim")
        self.query_one("#miniklas-pupils", Static).update(text)

        queue = run.state.jij.help_queue
        waiting = {pid for pid, _ in queue}
        right = Text()
        for number in (1, 2):
            task = run.plan.sporen.task(number)
            right.append(f"SPOOR {number}", style="bold")
            right.append(f"  {task}\n" if task else "\n", style="italic")
            # pupils flow on a line, so a whole class fits beside the miniklas at 80x24
            for pid in self.independent:
                if split[pid]["spoor"] != number:
                    continue
                right.append(f"[{self.letter_of[pid]}]", style="bold reverse" if pid in waiting else "bold")
                # a no-break space keeps "[k] Kacper" together when the line wraps
                right.append(f"\u00a0{run.names[pid]}{chr(0xA0) + '✋' if pid in waiting else ''}   ")
            right.append("\n\n")
        # pupils who left the miniklas now work alone too
        back = [pid for pid in self.miniklas if pid in left]
        if back:
            right.append(t("flex.from_miniklas") + ": " + ", ".join(run.names[p] for p in back) + "\n")
        self.query_one("#independent-pupils", Static).update(right)

        help_text = Text(t("flex.queue_title") + "\n", style="bold")
        if not queue:
            help_text.append(t("flex.queue_empty"), style="dim")
        for position, (pid, since) in enumerate(queue, start=1):
            waited = int((now - since).total_seconds() // 60)
            help_text.append(f" {position}. {run.names[pid]}  ({t('flex.waiting', minutes=waited)})\n")
        self.query_one("#help-queue", Static).update(help_text)
        self._tick()

    def _tick(self) -> None:
        timer = self.run.state.jij.miniklas_timer
        self.query_one("#miniklas-timer", PhaseTimer).show(
            t("flex.timer_title"),
            timer.remaining(self.run.clock.now()),
            not timer.running,
            timer.planned_s + timer.adjust_s,
        )

    def on_key(self, event) -> None:
        character = event.character or ""
        if character.isdigit() and character != "0":
            index = int(character) - 1
            if index < len(self.miniklas):
                event.stop()
                self.run.toggle_miniklas_leave(self.miniklas[index])
                self.refresh_view()
        elif character in self.pupil_of_letter:
            event.stop()
            self.run.help_add(self.pupil_of_letter[character])
            self.refresh_view()

    def action_help_next(self) -> None:
        pupil = self.run.help_next()
        if pupil is not None:
            self.notify(t("flex.helping", name=self.run.names[pupil]))
        self.refresh_view()

    def action_miniklas_timer(self) -> None:
        timer = self.run.state.jij.miniklas_timer
        self.run.miniklas_timer(not timer.running)
        self._tick()

    def action_miniklas_adjust(self, minutes: int) -> None:
        self.run.miniklas_adjust(minutes)
        self._tick()

    def action_miniklas_check(self) -> None:
        from lesson_tui.tui.screens.cfu import CfuScreen

        staying = [pid for pid in self.miniklas if pid not in self.run.state.jij.left_miniklas]
        if staying:
            self.app.push_screen(
                CfuScreen(self.run, pupils=staying, kind="miniklas", title=t("flex.miniklas_title")),
                lambda _: self.refresh_view(),
            )

    def action_export(self) -> None:
        from lesson_tui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.run))

    def action_board(self) -> None:
        from lesson_tui.tui.screens.split_board import SplitBoardScreen

        self.app.push_screen(SplitBoardScreen(self.run))

    def action_next_phase(self) -> None:
        self.dismiss()
        self.app.screen.action_next_phase()

    def action_close(self) -> None:
        self.dismiss()
