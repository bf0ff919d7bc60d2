"""The school view's screens (`lesson-tui school`): every class of the teachers' folders and
the signals for the zorgoverleg, and one pupil's page. Read-only: nothing here changes a
lesson, and nothing is written into a teacher's folder (`school/view.py`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from lesson_tui.base.i18n import decimal, t
from lesson_tui.school.view import PupilRecord, SchoolReport
from lesson_tui.school.words import minutes_text, pct, signal_short, signal_text, suggestion_text, thresholds_line
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static, plain

SPARK = " ▁▂▃▄▅▆▇█"


def spoor3_bar(report_sizes: list[tuple[int, int, int] | None]) -> str:
    """The share of the class in spoor 3, one character per lesson with sporen (oldest left)."""
    found = []
    for sizes in report_sizes:
        if sizes is None:
            continue
        total = sum(sizes)
        share = sizes[2] / total if total else 0.0
        found.append(SPARK[min(len(SPARK) - 1, round(share * (len(SPARK) - 1)))])
    return "".join(found[-12:]) or "-"


class SchoolScreen(KeyMapped, Screen):
    KEYMAP = "school"

    def __init__(self, class_name: str | None = None) -> None:
        super().__init__()
        self.class_name = class_name
        self.report: SchoolReport | None = None
        self._rows: list[str] = []  # the pupil key of each row of the signals table

    def compose(self) -> ComposeResult:
        yield Label("", id="school-title")
        yield Label("", id="school-thresholds")
        yield DataTable(id="school-classes", zebra_stripes=True, cursor_type="row")
        yield Label(t("school.signals"), classes="section-title")
        yield DataTable(id="school-signals", zebra_stripes=True, cursor_type="row")
        yield Static("", id="school-problems")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        classes = self.query_one("#school-classes", DataTable)
        for key in ("col_class", "col_teachers", "col_lessons", "col_coverage", "col_spoor3", "col_goals_short"):
            classes.add_column(t(f"school.{key}"), key=key)
        signals = self.query_one("#school-signals", DataTable)
        for key in ("col_pupil", "col_class", "col_signal", "col_minutes"):
            signals.add_column(t(f"school.{key}"), key=key)
        self.show(self.app.report())  # type: ignore[attr-defined]
        signals.focus()

    def show(self, report: SchoolReport) -> None:
        self.report = report
        self.query_one("#school-title", Label).update(
            f"{t('school.title', year=report.year)} · {t('school.confidential')}"
        )
        self.query_one("#school-thresholds", Label).update(thresholds_line(report))
        summaries = [c for c in report.classes if self.class_name is None or c.name.casefold() == self.class_name.casefold()]
        classes = self.query_one("#school-classes", DataTable)
        classes.clear()
        for summary in summaries:
            goals = t("school.goals_na_short") if summary.goals is None else ", ".join(
                f"{g.doel} {pct(g.share)}" for g in summary.goals
            )
            classes.add_row(
                plain(summary.name), plain(", ".join(summary.teachers)), str(summary.lessons_given),
                pct(summary.coverage) or "-", spoor3_bar([line.sizes for line in summary.lessons]), plain(goals),
            )
        if not summaries:
            classes.add_row(t("school.no_classes"), "", "", "", "", "")
        names = {c.name for c in summaries}
        signals = self.query_one("#school-signals", DataTable)
        row = signals.cursor_row
        signals.clear()
        self._rows = []
        for record in report.pupils:
            if not names & set(record.person.classes):
                continue
            for signal in record.signals:
                signals.add_row(
                    plain(record.person.name), plain(", ".join(record.person.classes)), plain(signal_short(signal)),
                    decimal(signal.miniklas_min),
                )
                self._rows.append(record.person.key)
        if not self._rows:
            signals.add_row(t("school.no_signals"), "", "", "")
        elif 0 <= row < len(self._rows):
            signals.move_cursor(row=row)
        problems = self.query_one("#school-problems", Static)
        lines = [*report.problems[:2], *(suggestion_text(a, b) for a, b in report.suggestions[:1])]
        more = len(report.problems) + len(report.suggestions) - len(lines)
        problems.update("\n".join(lines) + (f" (+{more})" if more > 0 else ""))
        problems.display = bool(lines)

    def action_refresh(self) -> None:
        self.show(self.app.report())  # type: ignore[attr-defined]
        self.notify(t("school.refreshed"))

    def action_open_pupil(self) -> None:
        signals = self.query_one("#school-signals", DataTable)
        if self.report is None or not self._rows or not 0 <= signals.cursor_row < len(self._rows):
            return
        record = self.report.pupil(self._rows[signals.cursor_row])
        if record is not None:
            self.app.push_screen(PupilScreen(self.report, record))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a signal (the table takes the key itself and says which row)."""
        if event.data_table.id == "school-signals":
            event.stop()
            self.action_open_pupil()

    def action_switch(self) -> None:
        classes = self.query_one("#school-classes", DataTable)
        signals = self.query_one("#school-signals", DataTable)
        (classes if signals.has_focus else signals).focus()

    def action_quit(self) -> None:
        self.app.exit(0)


class PupilScreen(KeyMapped, Screen):
    """One pupil: every lesson they were in this school year, the signals with their evidence,
    the extra instruction in the miniklas."""

    KEYMAP = "school_pupil"

    def __init__(self, report: SchoolReport, record: PupilRecord) -> None:
        super().__init__()
        self.report = report
        self.record = record

    def compose(self) -> ComposeResult:
        person = self.record.person
        yield Label(f"{person.name} · {', '.join(person.classes)} · {t('school.confidential')}", id="school-title")
        lines = [t("school.pupil_line", lessons=len(self.record.facts), spoor3=self.record.spoor3_lessons,
                   minutes=decimal(self.record.miniklas_min)), t("school.preteach_none")]
        for signal in self.record.signals:
            lines.append(f"● {signal_text(signal)} · {minutes_text(signal.miniklas_min)}")
        yield Static("\n".join(lines), id="school-pupil-summary")
        yield DataTable(id="school-pupil-lessons", zebra_stripes=True, cursor_type="row")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#school-pupil-lessons", DataTable)
        for key in ("col_date", "col_class", "col_subject", "col_title", "col_spoor", "col_score", "col_self",
                    "col_minutes"):
            table.add_column(t(f"school.{key}"))
        evidence = {f.run_id for s in self.record.signals for f in s.evidence}
        for fact in reversed(self.record.facts):
            marker = "● " if fact.run_id in evidence else "  "
            table.add_row(
                marker + fact.date, plain(fact.class_name), plain(fact.vak), plain(fact.titel),
                "" if fact.spoor is None else str(fact.spoor), pct(fact.score),
                "" if fact.self_assessment is None else str(fact.self_assessment),
                decimal(round(fact.miniklas_s / 60, 1)) if fact.miniklas_s else "",
            )
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

