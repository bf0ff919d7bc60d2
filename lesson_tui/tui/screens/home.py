"""Home: resume an unfinished lesson, or pick a class and a lesson plan and start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from lesson_tui.tui.widgets.plain import Label, Static, plain
from lesson_tui.clock import from_iso
from lesson_tui.i18n import t
from lesson_tui.tui.keys import KeyMapped
from lesson_tui.lessonplan import LessonPlan


PROBLEM_LINES = 5  # the rest is one line away: `lesson-tui check` and the data folder


class HomeScreen(KeyMapped, Screen):
    KEYMAP = "home"

    def compose(self) -> ComposeResult:
        app = self.app
        yield Label(t("ui.home_title"), id="home-title")
        self._school_classes = app.store.classes()
        yield Static("", id="home-problems", classes="-hidden")
        with Vertical(id="resume-box"):
            yield Label(t("ui.resume_title"), classes="section-title")
            yield OptionList(id="resume-list")
        with Horizontal(id="pick-row"):
            with Vertical(id="class-box"):
                yield Label(t("ui.class_title"), classes="section-title")
                yield OptionList(
                    *[
                        Option(Text(f"{c.name} · {len(c.active_pupils)}"), id=f"class-{i}")
                        for i, c in enumerate(self._school_classes)
                    ],
                    id="class-list",
                )
            with Vertical(id="lesson-box"):
                yield Label(t("ui.lesson_title"), classes="section-title")
                yield OptionList(id="lesson-list")
            yield Static("", id="lesson-preview")
        yield Label(t("ui.home_hint"), id="home-hint")
        yield Footer(show_command_palette=False)

    def _resume_label(self, summary) -> str:
        stopped = summary.started_at
        try:
            run_state = self.app.store.open_run(summary.run_id, lock=False)
            phase = run_state.phase_index
            name = t(f"phase.{run_state.plan.fase[phase].soort}") if phase >= 0 else "-"
            if run_state.state.last_event_at is not None:
                stopped = run_state.state.last_event_at.isoformat()
        except Exception:  # a damaged run still gets a line; opening it explains
            name = "?"
        when = from_iso(stopped).strftime("%d/%m %H:%M")
        return t("ui.resume_line", klas=summary.class_name, les=summary.titel, fase=name, when=when)

    def _load_unfinished(self) -> None:
        resume = self.query_one("#resume-list", OptionList)
        resume.clear_options()
        unfinished = self.app.store.unfinished_runs()[:5]
        resume.add_options([Option(plain(self._resume_label(r)), id=r.run_id) for r in unfinished])
        resume.highlighted = 0 if unfinished else None
        self.query_one("#resume-box").set_class(not unfinished, "-hidden")

    def _show_problems(self) -> None:
        """Damaged files found while loading (named, left untouched) and broken lesson plans."""
        problems = [*self.app.store.problems, *(line for err in self.app.library.errors for line in err.lines())]
        widget = self.query_one("#home-problems", Static)
        shown = problems if len(problems) <= PROBLEM_LINES else problems[: PROBLEM_LINES - 1]
        lines = [f"⚠ {p}" for p in shown]
        if len(shown) < len(problems):
            lines.append(t("ui.problems_more", count=len(problems) - len(shown)))
        widget.update("\n".join(lines))
        widget.set_class(not problems, "-hidden")

    def _load_lessons(self) -> None:
        self._plans = [plan for _, plan in sorted(self.app.library.lessons.values(), key=lambda x: x[1].titel)]
        lessons = self.query_one("#lesson-list", OptionList)
        lessons.clear_options()
        lessons.add_options(
            [Option(Text.assemble(p.titel, (f" · {p.vak}", "dim")), id=f"lesson-{i}") for i, p in enumerate(self._plans)]
        )
        lessons.highlighted = 0 if self._plans else None

    def on_mount(self) -> None:
        self._load_lessons()
        self._load_unfinished()
        self._show_problems()
        resume = self.query_one("#resume-list", OptionList)
        if resume.option_count:
            resume.focus()
        else:
            self.query_one("#class-list", OptionList).focus()
        for list_id in ("#class-list", "#lesson-list"):
            widget = self.query_one(list_id, OptionList)
            if widget.option_count:
                widget.highlighted = 0
        self._show_preview()

    def action_close_unfinished(self) -> None:
        """Close the highlighted unfinished lesson (it stays in the history, as it is)."""
        resume = self.query_one("#resume-list", OptionList)
        if not resume.has_focus or resume.highlighted is None:
            self.notify(t("ui.close_unfinished_hint"))
            return
        run_id = resume.get_option_at_index(resume.highlighted).id
        if self.app.close_unfinished(run_id):
            self._load_unfinished()
            if resume.option_count:
                resume.focus()
            else:
                self.query_one("#class-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        # back from a lesson: the list of unfinished lessons may have changed
        if self.is_mounted:
            self._load_unfinished()

    def selected_class(self):
        index = self.query_one("#class-list", OptionList).highlighted
        return self._school_classes[index] if index is not None and self._school_classes else None

    def selected_plan(self) -> LessonPlan | None:
        index = self.query_one("#lesson-list", OptionList).highlighted
        return self._plans[index] if index is not None and self._plans else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "lesson-list":
            self._show_preview()

    def _show_preview(self) -> None:
        plan = self.selected_plan()
        preview = self.query_one("#lesson-preview", Static)
        if plan is None:
            preview.update(t("ui.no_lessons"))
            return
        text = Text()
        text.append(plan.lesdoel + "\n\n", style="bold")
        total = 0.0
        for phase in plan.fase:
            total += phase.minuten
            text.append(f"{t('phase.' + phase.soort)}  {phase.minuten:g} min\n")
        text.append("\n" + t("ui.total_minutes", minutes=f"{total:g}"))
        preview.update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        list_id = event.option_list.id
        if list_id == "resume-list" and event.option_id:
            self.app.resume_lesson(event.option_id)
        elif list_id == "class-list":
            self.query_one("#lesson-list", OptionList).focus()
        elif list_id == "lesson-list":
            self._ask_attendance()

    def _ask_attendance(self) -> None:
        from lesson_tui.tui.screens.attendance import AttendanceScreen

        school_class, plan = self.selected_class(), self.selected_plan()
        if school_class is None or plan is None:
            return

        def start(absent: set[str] | None) -> None:
            if absent is not None:
                self.app.start_lesson(school_class, plan, absent)

        self.app.push_screen(AttendanceScreen(school_class.active_pupils, set(), title=school_class.name), start)

    def action_add_folder(self) -> None:
        from lesson_tui.tui.screens.folder import FolderScreen

        def added(folder) -> None:
            if folder is None:
                return
            count = self.app.add_lesson_folder(folder)
            self._load_lessons()
            self._show_problems()
            self._show_preview()
            self.notify(t("ui.folder_added", path=folder, count=count))

        self.app.push_screen(FolderScreen(), added)

    def action_history(self) -> None:
        from lesson_tui.tui.screens.history import HistoryScreen

        school_class = self.selected_class()
        if school_class is not None:
            self.app.push_screen(HistoryScreen(school_class.name))


    def palette_commands(self):
        yield t("ui.cmd_start"), t("ui.cmd_start_help"), self._ask_attendance
        yield t("history.key_history"), t("history.title", klas="…"), self.action_history
