"""The sporen screen: a suggestion per pupil with its reason; the teacher has the last word.

Walking down the class is one key per pupil: 1, 2 or 3 sets the spoor of the highlighted
pupil and moves on; `z` switches the same keys to entering self-assessments. Every change
is saved at once; `enter` confirms the split and moves the lesson on to JIJ.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from lesson_tui.i18n import t
from lesson_tui.run import LessonRun
from lesson_tui.sporen import reason_text, spoor3_streak

SPOOR_STYLE = {1: "bold green", 2: "bold yellow", 3: "bold reverse red"}


def spoor_label(spoor: int) -> Text:
    return Text(t(f"sporen.spoor_{spoor}"), style=SPOOR_STYLE[spoor])


class SporenScreen(Screen[bool]):
    BINDINGS = [
        Binding("enter", "confirm", t("sporen.key_confirm"), id="sporen.confirm"),
        Binding("z", "self_mode", t("sporen.key_self"), id="sporen.self"),
        Binding("v", "voluntary", t("sporen.key_voluntary"), id="sporen.voluntary"),
        Binding("b", "board", t("sporen.key_board"), id="sporen.board"),
        Binding("escape", "back", t("ui.key_back"), id="sporen.back"),
    ]

    def __init__(self, run: LessonRun) -> None:
        super().__init__()
        self.run = run
        self.self_mode = False
        self._history: list[set[str]] = []

    def compose(self) -> ComposeResult:
        drempels = self.run.plan.drempels
        yield Label(t("sporen.title"), id="sporen-title")
        yield Label(
            t(
                "sporen.rule",
                beheersing=round(drempels.beheersing * 100),
                ondersteuning=round(drempels.ondersteuning * 100),
            ),
            id="sporen-rule",
        )
        yield Label("", id="sporen-mode")
        yield DataTable(id="sporen-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="sporen-summary")
        yield Label("", id="sporen-warning")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self._history = self.app.store.spoor3_history(self.run)
        except Exception:  # the guard is advice; a damaged index must not block the split
            self._history = []
        table = self.query_one(DataTable)
        for key in ("col_nr", "col_name", "col_evidence", "col_self", "col_spoor", "col_history"):
            table.add_column(t(f"sporen.{key}"), key=key)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        run = self.run
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        decisions = run.decisions()
        evidence = run.evidence()
        counts = {1: 0, 2: 0, 3: 0}
        flagged = 0
        for pupil in run.pupils:
            decision = decisions.get(pupil.id)
            if decision is None:  # absent today: no spoor
                continue
            counts[decision.spoor] += 1
            flagged += decision.suggestion.flagged and decision.override is None
            history = [pupil.id in earlier for earlier in self._history]
            table.add_row(
                str(pupil.number),
                run.names[pupil.id],
                reason_text(decision, evidence[pupil.id], full=False),
                str(decision.suggestion.self_assessment or ""),
                self._spoor_cell(decision),
                self._history_cell(history, decision.spoor == 3),
                key=pupil.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#sporen-summary", Label).update(
            t("sporen.summary", one=counts[1], two=counts[2], three=counts[3], flagged=flagged)
        )
        limit = run.plan.drempels.miniklas_max
        warning = self.query_one("#sporen-warning", Label)
        warning.update(t("sporen.too_big", count=counts[3], max=limit) if counts[3] > limit else "")
        self.query_one("#sporen-mode", Label).update(t("sporen.mode_self") if self.self_mode else t("sporen.mode_spoor"))
        self.query_one("#sporen-mode", Label).set_class(self.self_mode, "-self-mode")

    @staticmethod
    def _spoor_cell(decision) -> Text:
        cell = spoor_label(decision.spoor)
        if decision.overridden:
            cell.append(f" ✎{decision.suggestion.spoor}", style="italic")
        return cell

    def _history_cell(self, history: list[bool], spoor3_today: bool) -> Text:
        count = sum(history)
        if not history or (not count and not spoor3_today):
            return Text("")  # only rows worth a look carry a number
        streak = spoor3_streak([*history, True]) if spoor3_today else 0
        text = Text(t("sporen.history", count=count, runs=len(history)))
        if streak >= 3:
            text.append("  " + t("sporen.streak", streak=streak), style="bold reverse")
        return text

    def _current_pupil(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def on_key(self, event) -> None:
        if event.character not in ("0", "1", "2", "3"):
            return
        event.stop()
        pupil = self._current_pupil()
        if pupil is None:
            return
        value = int(event.character) or None
        if self.self_mode:
            self.run.set_self_assessment(pupil, value)
        else:
            self.run.set_override(pupil, value)
        self._fill()
        table = self.query_one(DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # the table takes enter for itself; for the teacher, enter confirms the split
        event.stop()
        self.action_confirm()

    def action_self_mode(self) -> None:
        self.self_mode = not self.self_mode
        self._fill()

    def action_voluntary(self) -> None:
        pupil = self._current_pupil()
        if pupil is None:
            return
        decision = self.run.decisions()[pupil]
        if decision.spoor == 3:
            self.run.set_voluntary(pupil, not decision.voluntary)
            self._fill()

    def action_board(self) -> None:
        from lesson_tui.tui.screens.split_board import SplitBoardScreen

        self.app.push_screen(SplitBoardScreen(self.run, preview=True))

    def action_confirm(self) -> None:
        run = self.run
        evidence = run.evidence()
        reasons = {pid: reason_text(d, evidence[pid]) for pid, d in run.decisions().items()}
        run.confirm_sporen(reasons)
        self.app.store.update_run_summary(run)
        jij = run.plan.phase_index("jij")
        if jij is not None and run.phase_index < jij:
            run.go_to_phase(jij)
        self.notify(t("sporen.confirmed"))
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
