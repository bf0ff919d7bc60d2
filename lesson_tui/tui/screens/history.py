"""History of a class: its lessons, each pupil's evidence over time, and who to invite for
pre-teaching before the next lesson of a subject ("output = input")."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from lesson_tui.base.clock import from_iso
from lesson_tui.base.i18n import t
from lesson_tui.export.document import file_stem
from lesson_tui.export.output import write_text_export
from lesson_tui.export.preteach import render_invites
from lesson_tui.rules.sporen import streak_warns
from lesson_tui.session.history import class_history, next_lesson, sparkline
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static, plain

TITLE_WIDTH = 20  # a longer lesson title wraps onto a second line of its row
RUNS_PAGE = 100  # lessons shown at once, newest first; enter on the row after them shows more


class HistoryScreen(FollowsKlasveilig, KeyMapped, Screen):
    KEYMAP = "history"

    def __init__(self, school_class) -> None:
        super().__init__()
        self.class_name = school_class.name
        self.class_id = school_class.id
        self.subject_index = 0

    def compose(self) -> ComposeResult:
        yield Label(t("history.title", klas=self.class_name), id="history-title")
        with VerticalScroll(id="history-body"):
            yield Label(t("history.runs_title"), classes="section-title")
            yield DataTable(id="history-runs", zebra_stripes=True, cursor_type="row")
            yield Label(t("history.hidden"), id="history-hidden")
            yield Label("", id="history-pupils-title", classes="section-title")
            yield DataTable(id="history-pupils", zebra_stripes=True, cursor_type="row")
            yield Static("", id="history-next")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        history = class_history(self.app.store, self.class_id)
        self.subjects = sorted({r.vak for r in history.runs if r.spoor3 is not None})
        if history.runs:
            latest = [r.vak for r in history.runs if r.spoor3 is not None]
            if latest:
                self.subject_index = self.subjects.index(latest[-1])
        runs = self.query_one("#history-runs", DataTable)
        # the sporen sizes before the status, a short date, a short status and a title that
        # wraps in its own column: the table fits 80 columns without cutting a word
        for key in ("col_date", "col_lesson", "col_vak", "col_sizes", "col_status"):
            runs.add_column(t(f"history.{key}"), width=TITLE_WIDTH if key == "col_lesson" else None)
        self.newest_first = list(reversed(history.runs))
        self.run_ids = [summary.run_id for summary in self.newest_first]  # the rows, newest first
        self.shown = 0  # the rows in the table; then, when there are more, the "more" row
        self._more_row: RowKey | None = None
        self._show_more_runs(runs)
        if not history.runs:
            runs.add_row(t("history.no_runs"), "", "", "", "")
        self.query_one("#history-pupils-title", Label).update(t("history.pupils_title", count=len(history.detail)))
        pupils = self.query_one("#history-pupils", DataTable)
        for key in ("col_nr", "col_name", "col_cfu", "col_sporen", "col_miniklas", "col_guard"):
            pupils.add_column(t(f"history.{key}"))
        for track in history.pupils:
            guard = Text("")
            if streak_warns(track.streak):
                guard = Text(t("history.guard", streak=track.streak, vak=track.streak_vak), style="bold reverse")
            pupils.add_row(
                plain(track.number),
                plain(track.name),
                sparkline(track.shares),
                "".join("·" if s is None else str(s) for s in track.sporen),
                t("history.miniklas_count", count=track.miniklas, total=history.split_runs),
                guard,
            )
        for problem in history.problems:
            self.notify(problem, severity="warning", timeout=10)
        self._show_next()
        self.show_privacy()

    def _show_more_runs(self, runs: DataTable) -> None:
        """The next `RUNS_PAGE` lessons (newest first) in the table, then a row saying how
        many older ones there are (enter on it shows the next page): in year three the
        table never draws 2,000 rows at once."""
        if self._more_row is not None:
            runs.remove_row(self._more_row)
            self._more_row = None
        page = self.newest_first[self.shown : self.shown + RUNS_PAGE]
        for summary in page:
            sizes = " / ".join(str(n) for n in summary.sizes) if summary.sizes else "-"
            status = t("history.status_closed") if summary.status == "closed" else t("history.status_open")
            cells = (from_iso(summary.started_at).strftime("%d/%m %H:%M"), summary.titel, summary.vak, sizes, status)
            runs.add_row(*map(plain, cells), height=None)
        self.shown += len(page)
        older = len(self.newest_first) - self.shown
        if older > 0:
            more = t("history.more_runs", count=older, page=min(RUNS_PAGE, older))
            self._more_row = runs.add_row(plain("…"), plain(more), plain(""), plain(""), plain(""), height=None)

    def show_privacy(self) -> None:
        """Klasveilig: the lessons and their spoor sizes stay; every row about one pupil
        (results, sporen, the guard, who to invite and why) is hidden."""
        private = self.app.klasveilig
        for selector in ("#history-pupils-title", "#history-pupils", "#history-next"):
            self.query_one(selector).display = not private
        self.query_one("#history-hidden").display = private

    @property
    def subject(self) -> str | None:
        return self.subjects[self.subject_index] if self.subjects else None

    def _show_next(self) -> None:
        target = self.query_one("#history-next", Static)
        if self.subject is None:
            target.update(t("history.next_none"))
            self._invites = (None, [])
            return
        run, invites, problem = next_lesson(self.app.store, self.class_id, self.subject)
        self._invites = (run, invites)
        if problem is not None:  # the last lesson's file cannot be read: said, not a crash
            target.update(problem)
            return
        text = Text()
        date = run.info["started_at"][:10] if run else ""
        text.append(t("history.next_title", vak=self.subject, les=run.plan.titel if run else "-", date=date) + "\n", style="bold")
        if not invites:
            text.append(t("history.next_empty"))
        for invite in invites:
            text.append(f" • {invite.name}", style="bold")
            text.append(f": {', '.join(invite.reasons)}\n")
        target.update(text)

    def action_next_subject(self) -> None:
        if self.subjects:
            self.subject_index = (self.subject_index + 1) % len(self.subjects)
            self._show_next()

    def action_export(self) -> None:
        run, invites = self._invites
        if run is None:
            self.notify(t("history.next_none"))
            return
        folder = self.app.store.exports_dir
        stem = file_stem("volgende-les", self.class_name, self.subject or "")
        written = []
        for fmt in ("md", "csv"):
            target = folder / f"{stem}.{fmt}"
            write_text_export(render_invites(run, invites, fmt), fmt, target)
            written.append(str(target))
        self.notify(t("history.exported", path=", ".join(written)), timeout=10)

    def action_show_next(self) -> None:
        """Jump to 'voor de volgende les' (at 80x24 it is below the tables)."""
        if self.app.klasveilig:
            return
        self.query_one("#history-next").scroll_visible(top=True, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a lesson: the lesson as it went (#22); on the last row, when older
        lessons are not shown yet: the next page of them."""
        if event.data_table.id == "history-runs" and self._more_row is not None and event.cursor_row == self.shown:
            self._show_more_runs(event.data_table)
            event.data_table.move_cursor(row=event.cursor_row)
            return
        if event.data_table.id != "history-runs" or not 0 <= event.cursor_row < min(self.shown, len(self.run_ids)):
            return
        from lesson_tui.review.period import PeriodError, review_of
        from lesson_tui.tui.screens.reflect import LessonPageScreen

        try:
            review = review_of(self.app.store, self.run_ids[event.cursor_row])
        except PeriodError as error:
            self.notify(str(error), severity="warning", timeout=10)
            return
        self.app.push_screen(LessonPageScreen(review))

    def action_attention(self) -> None:
        """Attention per pupil this week, for this class (#22)."""
        from lesson_tui.tui.screens.reflect import AttentionScreen

        self.app.push_screen(AttentionScreen(self.class_id, self.class_name))

    def action_back(self) -> None:
        self.dismiss()
