"""The lesson editor: a lesson made or changed on screen, saved as the TOML file it is.

Keyboard first, at 80x24: four tabs (F2-F5), each field checked as it is typed by the
same rules as `lesson-tui check` with the message right under it, and the lesson's total
time always in the top line. `ctrl+s` saves (a lesson that is not valid yet is saved as a
draft; a text with a TOML mistake is not saved, and says so); `esc` leaves, asking once
whenever what is on screen is not what is on disk. The draft itself
(`lessonedit.LessonDraft`) keeps the teacher's comments, layout and line endings, and
refuses an edit it cannot make without loss.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Select, TabbedContent, TabPane, TextArea

from lesson_tui.base.i18n import t
from lesson_tui.plan.goals import Goal, goal_catalogue, suggest_goals
from lesson_tui.plan.lessonedit import (
    LessonConflict,
    LessonDraft,
    LessonEditRefused,
    LessonSaveError,
    LessonTextInvalid,
    line_of,
    parse_question_lines,
    question_lines,
    set_questions,
)
from lesson_tui.plan.lessonform import FIELDS, field_of, to_text, to_value
from lesson_tui.plan.phases import PHASES, PhaseKind
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label

TAB_IDS = ("tab-general", "tab-phases", "tab-sporen", "tab-text")
_QUESTION_FIELD = re.compile(r"^fase\[(\d+)\]\.cfu\[(\d+)\]")


class EditorScreen(KeyMapped, Screen[bool]):
    KEYMAP = "editor"

    def __init__(self, draft: LessonDraft) -> None:
        super().__init__()
        self.draft = draft
        self.phase = 0
        self._leave_asked = False
        self._overwrite_asked = False
        self._filling = False
        self._text_problems: list = []
        self._goal_offer: Goal | None = None  # the existing goal `ctrl+o` takes

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label("", id="editor-title")
        with TabbedContent(id="editor-tabs"):
            with TabPane(t("editor.tab_general"), id="tab-general"), VerticalScroll():
                for name in ("titel", "vak", "leerjaar", "lesdoel", "doelen"):
                    yield from self._field(name)
                yield Label("", id="goal-suggest", classes="editor-hint")
                yield from self._field("succescriteria", area=True)
                yield from self._field("kernwoorden")
                for name in ("beheersing", "ondersteuning", "miniklas_max"):
                    yield from self._field(name)
            with TabPane(t("editor.tab_phases"), id="tab-phases"):
                with Horizontal(id="editor-phases"):
                    yield DataTable(id="phase-table", cursor_type="row", zebra_stripes=False)
                    with VerticalScroll(id="phase-form"):
                        yield Select([(t(f"phase.{p}"), p) for p in PHASES], allow_blank=False, compact=True, id="phase-soort")
                        with Horizontal(classes="editor-field"):
                            yield Label(t("editor.minuten"), classes="editor-label")
                            yield Input(id="phase-minuten", compact=True)
                        yield Label("", id="phase-minuten-error", classes="editor-error")
                        yield Label(t("editor.notities"), classes="editor-heading")
                        yield TextArea(id="phase-notities", soft_wrap=True, show_line_numbers=False, compact=True)
                        yield Label(t("editor.questions"), classes="editor-heading")
                        yield TextArea(id="phase-cfu", soft_wrap=True, show_line_numbers=False, compact=True)
                        yield Label("", id="phase-cfu-error", classes="editor-error")
            with TabPane(t("editor.tab_sporen"), id="tab-sporen"), VerticalScroll():
                for name in ("spoor1", "spoor2", "spoor3"):
                    yield from self._field(name)
                yield from self._field("exit", area=True)
            with TabPane(t("editor.tab_text"), id="tab-text"):
                yield TextArea(id="editor-text", show_line_numbers=True, soft_wrap=False)
                yield Label("", id="editor-text-error", classes="editor-error")
        yield Label("", id="editor-status")
        yield Footer(show_command_palette=False)

    def _field(self, name: str, *, area: bool = False):
        """A label, its field (one line high, so a whole lesson's header fits 80x24) and the
        check's message for it right below, shown only when there is one."""
        with Horizontal(classes="editor-field"):
            yield Label(t(f"editor.field_{name}"), classes="editor-label")
            if area:
                yield TextArea(id=f"f-{name}", soft_wrap=True, show_line_numbers=False, compact=True, classes="editor-area")
            else:
                yield Input(id=f"f-{name}", compact=True)
        yield Label("", id=f"e-{name}", classes="editor-error")

    def on_mount(self) -> None:
        table = self.query_one("#phase-table", DataTable)
        table.add_columns("#", t("editor.soort"), t("editor.min"), "?")
        self._fill_form()
        self._fill_phases()
        self._check()
        self._say("#goal-suggest", "")
        self.query_one("#f-titel", Input).focus()

    # --- the form shows the draft --------------------------------------------------------

    def _fill_form(self) -> None:
        data = self.draft.data()
        self._filling = True
        for name, (where, kind) in FIELDS.items():
            value = data
            for part in where:
                value = value.get(part) if isinstance(value, dict) else None
            widget = self.query_one(f"#f-{name}")
            text = to_text(kind, value)
            if isinstance(widget, TextArea):
                if widget.text != text:
                    widget.load_text(text)
            elif widget.value != text:
                widget.value = text
        self._filling = False

    def _fill_phases(self) -> None:
        phases = self.draft.phases()
        table = self.query_one("#phase-table", DataTable)
        table.clear()
        for index, phase in enumerate(phases):
            soort = phase.get("soort", "?")
            name = t(f"phase.{soort}") if soort in PHASES else str(soort)
            minutes = phase.get("minuten", "")
            table.add_row(str(index + 1), name, f"{minutes:g}" if isinstance(minutes, (int, float)) else str(minutes), str(len(phase.get("cfu", []))))
        if phases:
            self.phase = min(self.phase, len(phases) - 1)
            table.move_cursor(row=self.phase)
        self._fill_phase_form()

    def _fill_phase_form(self) -> None:
        phases = self.draft.phases()
        self.query_one("#phase-form").display = bool(phases)
        if not phases:
            return
        phase = phases[self.phase]
        self._filling = True
        soort = self.query_one("#phase-soort", Select)
        if phase.get("soort") in PHASES and soort.value != phase.get("soort"):
            soort.value = phase["soort"]
        minutes = phase.get("minuten", "")
        self.query_one("#phase-minuten", Input).value = f"{minutes:g}" if isinstance(minutes, (int, float)) else str(minutes)
        notes = self.query_one("#phase-notities", TextArea)
        if notes.text != phase.get("notities", ""):
            notes.load_text(phase.get("notities", ""))
        cfu = self.query_one("#phase-cfu", TextArea)
        lines = question_lines(list(phase.get("cfu", [])))
        if cfu.text != lines:
            cfu.load_text(lines)
        self._filling = False

    # --- edits go to the draft, and are checked at once -----------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filling:
            return
        self._forward(self._edited, event.input.id or "", event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._filling:
            return
        self._forward(self._edited, event.text_area.id or "", event.text_area.text)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._filling or not self.draft.phases() or event.value is Select.BLANK:
            return
        self._forward(self._soort_chosen, event.value)

    def _soort_chosen(self, soort: str) -> None:
        self.draft.set(("fase", self.phase, "soort"), soort)
        self._changed(phases=True)

    def _forward(self, edit, *args) -> None:
        """One edit to the draft; one the file's shape cannot take is said, and the form
        shows the lesson as it still is."""
        self._leave_asked = False
        try:
            edit(*args)
        except LessonEditRefused as error:
            self.notify(str(error), severity="warning", timeout=10, markup=False)
            self._fill_form()
            self._fill_phases()
            self._check()

    # --- goals: the existing ones are offered, so one goal is never typed two ways --------

    def _offer_goal(self, text: str) -> None:
        """The existing goal that fits the goal being typed (the last one after a comma),
        under the field; `ctrl+o` takes it. A goal already written exactly is not offered."""
        typed = text.split(",")[-1].strip()
        library = getattr(self.app, "library", None)
        lessons = library.lessons.values() if library is not None else ()
        own = self.draft.data().get("id")
        catalogue = goal_catalogue(plan for _, plan in lessons if plan.id != own)
        found = [goal for goal in suggest_goals(typed, catalogue) if goal.id != typed]
        self._goal_offer = found[0] if found else None
        lines = [t("editor.goal_offer", goal=g.id, sentence=g.sentence, lessons=len(g.lessons)) for g in found[:2]]
        self._say("#goal-suggest", "\n".join(lines))

    def action_take_goal(self) -> None:
        if self._goal_offer is None:
            return
        field = self.query_one("#f-doelen", Input)
        written = [part.strip() for part in field.value.split(",")][:-1]
        field.value = ", ".join([*[w for w in written if w], self._goal_offer.id])
        field.cursor_position = len(field.value)

    def _edited(self, widget_id: str, text: str) -> None:
        if widget_id == "f-doelen":
            self._offer_goal(text)
        if widget_id.startswith("f-"):
            where, kind = FIELDS[widget_id[2:]]
            value = to_value(kind, text)
            if value is None:
                self.draft.unset(where)
            else:
                self.draft.set(where, value)
            self._changed()
        elif widget_id == "phase-minuten":
            value = to_value("number", text)
            self.draft.set(("fase", self.phase, "minuten"), value if value is not None else "")
            self._changed(phases=True)
        elif widget_id == "phase-notities":
            self.draft.set(("fase", self.phase, "notities"), text)
            self._changed()
        elif widget_id == "phase-cfu":
            # every line goes into the lesson as written, one it cannot read too: the check
            # then names it, and the lesson stays a concept until it is fixed
            questions, _ = parse_question_lines(text)
            set_questions(self.draft, self.phase, questions)
            self._changed(phases=True)
        elif widget_id == "editor-text":
            self._text_problems = self.draft.replace_text(text)
            self._show_text_problems()
            if not any(p.field.startswith(t("lesson.line", line="")) for p in self._text_problems):
                self._changed(phases=True, from_text=True)

    def _changed(self, *, phases: bool = False, from_text: bool = False) -> None:
        self._leave_asked = False
        if from_text:
            self._fill_form()
            self._fill_phases()
        elif phases:
            self._refresh_phase_rows()
        self._check()

    def _refresh_phase_rows(self) -> None:
        table = self.query_one("#phase-table", DataTable)
        phases = self.draft.phases()
        if table.row_count != len(phases):
            self._fill_phases()
            return
        for index, phase in enumerate(phases):
            soort = phase.get("soort", "?")
            minutes = phase.get("minuten", "")
            row = table.coordinate_to_cell_key((index, 0)).row_key
            columns = list(table.columns)
            table.update_cell(row, columns[1], t(f"phase.{soort}") if soort in PHASES else str(soort))
            table.update_cell(row, columns[2], f"{minutes:g}" if isinstance(minutes, (int, float)) else str(minutes))
            table.update_cell(row, columns[3], str(len(phase.get("cfu", []))))

    def _check(self) -> None:
        problems = self.draft.problems()
        by_field: dict[str, str] = {}
        other: list[str] = []
        phase_minutes = ""
        question_problem = ""
        for problem in problems:
            name = field_of(problem.field)
            if name is not None:
                by_field.setdefault(name, problem.message)
            elif problem.field == f"fase[{self.phase + 1}].minuten":
                phase_minutes = problem.message
            else:
                other.append(f"{problem.field}: {problem.message}")
                question = _QUESTION_FIELD.match(problem.field)
                if question and int(question.group(1)) == self.phase + 1 and not question_problem:
                    line = self._question_line(int(question.group(2)))
                    question_problem = t("editor.line_problem", line=line, message=problem.message)
        for name in FIELDS:
            self._say(f"#e-{name}", by_field.get(name, ""))
        self._say("#phase-minuten-error", phase_minutes)
        self._say("#phase-cfu-error", question_problem)
        data = self.draft.data()
        total = self.draft.total_minutes()
        title = t("editor.title", titel=data.get("titel") or "…", minutes=f"{total:g}")
        self.query_one("#editor-title", Label).update(title)
        if problems:
            status = t("editor.status_draft", count=len(problems))
            if other:
                status += " · " + other[0]
        else:
            status = t("editor.status_ready")
        self.query_one("#editor-status", Label).update(status)
        self.query_one("#editor-status").set_class(bool(problems), "-draft")

    def _question_line(self, number: int) -> int:
        """The line in the questions field of the phase's `number`th question (from 1):
        empty lines are not questions."""
        text = self.query_one("#phase-cfu", TextArea).text
        lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        return lines[number - 1] if 0 < number <= len(lines) else number

    def _say(self, selector: str, message: str) -> None:
        """A field's message from the check, right under it; no empty line without one."""
        label = self.query_one(selector, Label)
        label.update(message)
        label.display = bool(message)

    def _show_text_problems(self) -> None:
        text = self.query_one("#editor-text", TextArea).text
        lines = []
        for problem in self._text_problems[:3]:
            number = line_of(text, problem.field)
            where = f"{t('lesson.line', line=number)} · {problem.field}" if number else problem.field
            lines.append(f"{where}: {problem.message}")
        self._say("#editor-text-error", "\n".join(lines))

    # --- phases -------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.phase and 0 <= event.cursor_row < len(self.draft.phases()):
            self.phase = event.cursor_row
            self._fill_phase_form()
            self._check()

    def _on_phase_table(self) -> bool:
        return self.query_one("#phase-table", DataTable).has_focus

    def action_add_phase(self) -> None:
        self._forward(self._add_phase)

    def _add_phase(self) -> None:
        phases = [p.get("soort") for p in self.draft.phases()]
        missing = [p for p in PHASES if p not in phases]
        soort = missing[0] if missing else PhaseKind.JIJ
        after = self.phase + 1 if phases else 0
        self.phase = self.draft.add_phase(after, soort)
        self._changed(phases=True)
        self._fill_phases()

    def action_delete_phase(self) -> None:
        if not self._on_phase_table() or not self.draft.phases():
            return
        self._forward(self._delete_phase)

    def _delete_phase(self) -> None:
        self.draft.delete_phase(self.phase)
        self.phase = max(0, self.phase - 1)
        self._fill_phases()
        self._changed(phases=True)

    def action_move_phase(self, step: int) -> None:
        if not self._on_phase_table():
            return
        self._forward(self._move_phase, step)

    def _move_phase(self, step: int) -> None:
        self.phase = self.draft.move_phase(self.phase, step)
        self._fill_phases()
        self._changed(phases=True)

    # --- tabs, save, leave --------------------------------------------------------------------

    def action_tab(self, index: int) -> None:
        tabs = self.query_one("#editor-tabs", TabbedContent)
        if tabs.active == "tab-text" and self._text_has_syntax_error():
            self.notify(t("editor.fix_text_first"), severity="warning")
            return
        tabs.active = TAB_IDS[index]
        if TAB_IDS[index] == "tab-text":
            area = self.query_one("#editor-text", TextArea)
            self._filling = True
            area.load_text(self.draft.text())
            self._filling = False
            self._text_problems = self.draft.problems()
            self._show_text_problems()
            area.focus()
        elif TAB_IDS[index] == "tab-phases":
            self.query_one("#phase-table", DataTable).focus()
        elif TAB_IDS[index] == "tab-sporen":
            self.query_one("#f-spoor1", Input).focus()
        else:
            self.query_one("#f-titel", Input).focus()

    def _text_has_syntax_error(self) -> bool:
        prefix = t("lesson.line", line="")
        return any(p.field.startswith(prefix) for p in self._text_problems)

    def action_save(self) -> None:
        try:
            problems = self.draft.save(force=self._overwrite_asked)
        except LessonConflict as error:
            self._overwrite_asked = True
            again = "" if error.removed else f" {t('editor.save_again')}"
            self.notify(f"{error}{again}", severity="warning", timeout=15, markup=False)
            return
        except LessonTextInvalid as error:
            self.notify(str(error), severity="warning", timeout=15, markup=False)
            return
        except LessonSaveError as error:
            self.app.report_save_error(error)
            return
        self._overwrite_asked = False
        self._leave_asked = False
        self.app.reload_library()
        if problems:
            self.notify(t("editor.saved_draft", path=self.draft.path, count=len(problems)), markup=False)
        else:
            self.notify(t("editor.saved", path=self.draft.path), markup=False)
        self._check()

    def action_leave(self) -> None:
        if self.draft.dirty and not self._leave_asked:
            self._leave_asked = True
            self.notify(t("editor.leave_unsaved"), severity="warning")
            return
        self.dismiss(not self.draft.dirty)


class NewLessonScreen(KeyMapped, ModalScreen[tuple[str, str] | None]):
    """Title and subject of a new lesson; the rest is the EDI template, in the editor."""

    KEYMAP = "new_lesson"

    def __init__(self, vak: str = "") -> None:
        super().__init__()
        self.vak = vak

    def compose(self) -> ComposeResult:
        with Vertical(id="new-lesson-box"):
            yield Label(t("editor.new_title"), classes="section-title")
            yield Label(t("editor.field_titel"), classes="editor-heading")
            yield Input(id="new-titel")
            yield Label(t("editor.field_vak"), classes="editor-heading")
            yield Input(value=self.vak, id="new-vak")
            yield Label("", id="new-error", classes="editor-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        titel = self.query_one("#new-titel", Input).value.strip()
        vak = self.query_one("#new-vak", Input).value.strip()
        if event.input.id == "new-titel" and titel:
            self.query_one("#new-vak", Input).focus()
            return
        if not titel:
            self.query_one("#new-error", Label).update(t("editor.need_title"))
            self.query_one("#new-titel", Input).focus()
            return
        self.dismiss((titel, vak))

    def action_cancel(self) -> None:
        self.dismiss(None)
