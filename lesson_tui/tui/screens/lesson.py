"""The lesson screen: lesdoel always in view, the phase bar, the big timer, the notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.session.session import Step
from lesson_tui.session.view import LessonView
from lesson_tui.tui.messages import RunChanged
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.goal_panel import GoalPanel
from lesson_tui.tui.widgets.phase_bar import PhaseBar
from lesson_tui.tui.widgets.plain import Label, Static
from lesson_tui.tui.widgets.timer import PhaseTimer


class LessonScreen(FollowsKlasveilig, KeyMapped, Screen):
    KEYMAP = "lesson"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self._belled: set[int] = set()
        self.notes_shown = False  # klasveilig: notes and answers only when the teacher asks

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        yield Label(t("ui.lesson_header", klas=lesson.class_name, les=lesson.plan.titel), id="lesson-header")
        yield PhaseBar([p.soort for p in lesson.plan.fase], id="phase-bar")
        with Horizontal(id="lesson-main"):
            yield GoalPanel(lesson.plan, id="goal-panel")
            yield PhaseTimer(id="phase-timer")
        with VerticalScroll(id="notes-box"):
            yield Static("", id="notes")
        yield Label("", id="lesson-status")
        yield Label("", id="lesson-problems")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        # a phase already in overtime when the lesson is resumed has had its bell
        now = self.lesson.now()
        for index, timing in enumerate(self.lesson.timings):
            if timing.started_at is not None and timing.remaining(now) < 0:
                self._belled.add(index)
        self.refresh_lesson()
        self.set_interval(self.app.tick_seconds, self.tick)
        step = self.app.session.first_step()
        if step is not Step.NONE:
            self.call_after_refresh(self.handle_step, step)

    def on_screen_resume(self) -> None:
        self.refresh_lesson()

    # --- drawing ------------------------------------------------------------------

    def refresh_lesson(self) -> None:
        lesson = self.lesson
        index = lesson.phase_index
        done = {i for i, timing in enumerate(lesson.timings) if timing.ended_at is not None and i != index}
        self.query_one(PhaseBar).update_state(index, done)
        self.query_one("#notes", Static).update(self._notes_text())
        absent = len(lesson.absent)
        status = Text(t("ui.lesson_status", present=len(lesson.present), total=len(lesson.pupils), absent=absent))
        if self.app.klasveilig:
            status.append("  " + t("ui.klasveilig_badge"), style="bold reverse")
        self.query_one("#lesson-status", Label).update(status)
        self.show_problems()
        self.tick()

    def show_problems(self) -> None:
        """What was skipped in another device's file and rounds it left open: one line
        each, for the teacher (nothing about a pupil's result)."""
        lines = []
        problems = self.lesson.problems
        if problems:
            more = "  " + t("untrusted.more", count=len(problems) - 1) if len(problems) > 1 else ""
            lines.append(problems[-1] + more)
        for round_ in self.lesson.others_open_rounds()[:1]:
            lines.append(t("untrusted.open_round", vraag=round_.vraag))
        label = self.query_one("#lesson-problems", Label)
        label.update(Text("\n".join(lines)))
        label.display = bool(lines)

    def _notes_text(self) -> Text:
        lesson = self.lesson
        phase = lesson.phase
        if phase is None:
            return Text("")
        if self.app.klasveilig and not self.notes_shown:
            return Text(t("ui.notes_hidden"), style="italic")
        text = Text()
        if phase.notities:
            text.append(t("ui.notes") + "  ", style="bold")
            text.append(phase.notities + "\n")
        for question in phase.cfu:
            text.append(f"[{t('level.' + question.niveau)}] ", style="bold")
            text.append(question.vraag)
            if question.antwoord:
                text.append(f"  → {question.antwoord}", style="italic")
            text.append("\n")
        counts = lesson.split_line  # who left the miniklas counts with spoor 2
        if counts is not None:
            text.append("\n" + t("ui.split_line", one=counts[1], two=counts[2], three=counts[3]), style="bold")
        if lesson.is_last_phase:
            text.append("\n" + t("ui.last_phase"), style="italic")
        return text

    def tick(self) -> None:
        remaining = self.query_one(PhaseTimer).show_phase(self.lesson)
        if remaining is not None and remaining < 0 and self.lesson.phase_index not in self._belled:
            self._belled.add(self.lesson.phase_index)
            self.app.bell()

    # --- actions --------------------------------------------------------------------

    def action_next_phase(self) -> None:
        self.notes_shown = False  # a new phase's answers are hidden again (klasveilig)
        self.handle_step(self.app.session.next_phase())

    def handle_step(self, step: Step) -> None:
        """Open what the lesson's flow says follows (the session decides, this presents)."""
        self.refresh_lesson()
        if step is Step.CHECK:
            self.action_cfu()
        elif step is Step.GROUPS:
            self.action_groups()
        elif step in (Step.EXIT, Step.REFLECT):
            self.start_closing()
        elif step is Step.SPOREN:
            self.action_sporen()
        elif step is Step.FLEX:
            self.action_flex()
        elif step is Step.ROUND:
            self._open_cfu(self.app.session.round_in_progress)
        elif step is Step.END:
            self.notify(t("ui.no_next_phase"))

    def action_discard_round(self) -> None:
        """Throw away a round another device left open (see `LessonRun.discard_round`)."""
        rounds = self.lesson.others_open_rounds()
        if rounds and self.app.session.discard_round(rounds[0]):
            self.notify(t("untrusted.discarded", vraag=rounds[0].vraag), markup=False)
        self.refresh_lesson()

    def on_run_changed(self, message: RunChanged) -> None:
        # behind a check round, every mark would redraw this screen for nobody:
        # on_screen_resume redraws it when it is shown again
        if self.is_current:
            self.refresh_lesson()

    # --- kleine lesafsluiting, JIJ, grote lesafsluiting -------------------------------------

    def _after_cfu(self, round_) -> None:
        self.handle_step(self.app.session.after_round(round_))

    def action_sporen(self) -> None:
        from lesson_tui.tui.screens.sporen import SporenScreen

        def done(confirmed: bool | None) -> None:
            self.handle_step(self.app.session.after_sporen(bool(confirmed)))

        self.app.push_screen(SporenScreen(self.lesson), done)

    def action_flex(self) -> None:
        from lesson_tui.tui.screens.flex import NEXT_PHASE, FlexScreen

        if self.app.session.open_flex() is Step.SPOREN:
            self.notify(t("ui.flex_needs_sporen"))
            self.action_sporen()
            return
        def done(result: str | None) -> None:
            if result == NEXT_PHASE:
                self.action_next_phase()
            else:
                self.refresh_lesson()

        self.app.push_screen(FlexScreen(self.lesson), done)

    def action_groups(self) -> None:
        """Duos or groups (offered as mixed duos when JULLIE starts)."""
        from lesson_tui.tui.screens.groups import GroupsScreen

        self.app.push_screen(GroupsScreen(), lambda _: self.refresh_lesson())

    def action_export(self) -> None:
        from lesson_tui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.lesson))

    def start_closing(self) -> None:
        """Exit ticket questions (as fast as a CFU round), then the reflection, then close."""
        from lesson_tui.tui.screens.cfu import CfuScreen
        from lesson_tui.tui.screens.closing import ClosingScreen

        session = self.app.session
        step = session.closing_step()
        if step is Step.EXIT:
            number, question = session.next_exit_question()
            total = len(self.lesson.plan.exit_ticket.vragen)
            title = t("closing.exit_title", number=number + 1, total=total)
            screen = CfuScreen(self.lesson, kind="exit", preset=(question, "gesloten"), title=title)
            self.app.push_screen(screen, lambda _: self.start_closing())
            return
        if step is Step.END:
            return

        def closed(result: bool | None) -> None:
            if result:
                self.notify(t("closing.closed"))
                self.app.finish_lesson()
            else:
                self.refresh_lesson()

        self.app.push_screen(ClosingScreen(self.lesson), closed)

    def action_show_notes(self) -> None:
        self.notes_shown = not self.notes_shown
        self.refresh_lesson()

    def show_privacy(self) -> None:
        # klasveilig changed (`k` here or on any other screen): the answers are hidden again
        self.notes_shown = False
        self.refresh_lesson()

    def action_previous_phase(self) -> None:
        if self.app.session.previous_phase():
            self.refresh_lesson()

    def action_pause(self) -> None:
        self.app.session.toggle_pause()
        self.refresh_lesson()

    def action_adjust(self, minutes: int) -> None:
        self.app.session.adjust_minutes(minutes)
        self.refresh_lesson()

    def action_cfu(self) -> None:
        self._open_cfu(None)

    def _open_cfu(self, existing) -> None:
        from lesson_tui.tui.screens.cfu import CfuScreen

        self.app.push_screen(CfuScreen(self.lesson, existing), self._after_cfu)

    def action_pick(self) -> None:
        from lesson_tui.tui.screens.picker import PickerScreen

        self.app.push_screen(PickerScreen(self.lesson), lambda _: self.refresh_lesson())

    def action_attendance(self) -> None:
        from lesson_tui.tui.screens.attendance import AttendanceScreen

        self.app.push_screen(
            AttendanceScreen(
                list(self.lesson.pupils), set(self.lesson.absent), title=self.lesson.class_name, on_change=self.app.session.set_present
            ),
            lambda _: self.refresh_lesson(),
        )

    def action_board(self) -> None:
        from lesson_tui.tui.screens.board import BoardScreen

        def done(step: Step | None) -> None:
            if step is None:
                self.refresh_lesson()
            else:
                self.handle_step(step)

        self.app.push_screen(BoardScreen(self.lesson), done)



    def palette_commands(self):
        yield t("ui.key_next"), t("ui.help_next"), self.action_next_phase
        yield t("ui.key_pause"), t("ui.help_pause"), self.action_pause
        yield t("ui.key_cfu"), t("ui.help_cfu"), self.action_cfu
        yield t("ui.key_pick"), t("ui.help_pick"), self.action_pick
        yield t("ui.key_attendance"), t("ui.help_attendance"), self.action_attendance
        yield t("ui.key_board"), t("ui.help_board"), self.action_board
        yield t("ui.key_sporen"), t("ui.help_sporen"), self.action_sporen
        yield t("ui.key_flex"), t("ui.help_flex"), self.action_flex
        yield t("ui.key_export"), t("ui.help_export"), self.action_export
