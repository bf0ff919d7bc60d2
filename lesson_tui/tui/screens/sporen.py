"""The sporen screen: a suggestion per pupil with its reason; the teacher has the last word.

1, 2 or 3 sets the spoor of the highlighted pupil and moves on (arrows choose a pupil);
`g` and a class number go straight to a pupil, so "g 14 3" puts pupil 14 in spoor 3 in
four keys. `z` opens the self-assessment round. Every change is saved at once; `enter`
confirms the split and moves the lesson on to JIJ.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.rules.sporen import (
    Refused,
    miniklas_too_big,
    reason_text,
    score_text,
    spoor3_streak,
    spoor_counts,
    streak_warns,
)
from lesson_tui.session.board import spoor_title
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label, plain

GOTO_KEY = "g"
SPOOR_STYLE = {1: "bold green", 2: "bold yellow", 3: "bold reverse red"}


def spoor_label(spoor: int) -> Text:
    return Text(t(f"sporen.spoor_{spoor}"), style=SPOOR_STYLE[spoor])


class SporenTable(DataTable):
    """The sporen table keeps the highlighted row in view: Textual's own scroll left it
    under the horizontal scrollbar at 80x24, where the table shrinks a row after a refill
    or when the line above it changes (`g 2 4` highlighted a row nobody could see)."""

    def keep_cursor_visible(self) -> None:
        if not self.row_count:
            return
        row = self._get_row_region(self.cursor_row)
        header = self.header_height if self.show_header else 0
        wide = self.virtual_size.width > self.size.width  # a horizontal scrollbar, laid out or not
        visible = self.size.height - (self.styles.scrollbar_size_horizontal if wide else 0)
        if row.bottom > self.scroll_y + visible:
            self.scroll_to(y=row.bottom - visible, animate=False, force=True, immediate=True)
        elif row.y < self.scroll_y + header:
            self.scroll_to(y=row.y - header, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self.keep_cursor_visible)


class SporenScreen(FollowsKlasveilig, KeyMapped, Screen[bool]):
    KEYMAP = "sporen"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self._history: list[set[str]] = []
        self._goto = False  # while a class number is being typed after `g`
        self._refused = False  # after a refused number: a spoor digit sets nobody's spoor
        self._refusal: Refused | None = None  # a key the recorder refused, said until the next key

    def compose(self) -> ComposeResult:
        drempels = self.lesson.plan.drempels
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
        yield NumberLine(self._entry(), id="sporen-number")
        yield SporenTable(id="sporen-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="sporen-summary")
        yield Label("", id="sporen-warning")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#sporen-rule").display = not self.app.klasveilig  # thresholds are % too
        try:
            self._history = self.app.session.spoor3_history()
        except Exception:  # the guard is advice; a damaged index must not block the split
            self._history = []
        table = self.query_one(DataTable)
        # the decision first, the long evidence last: at 80 columns the spoor is never cut
        # the percentage has a column of its own: at the end of the evidence it was cut off
        for key in ("col_nr", "col_name", "col_spoor", "col_score", "col_self", "col_history", "col_evidence"):
            table.add_column(t(f"sporen.{key}"), key=key)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        lesson = self.lesson
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        decisions = lesson.decisions()
        evidence = lesson.evidence()
        counts = spoor_counts({pid: decision.spoor for pid, decision in decisions.items()})
        flagged = 0
        for pupil in lesson.pupils:
            decision = decisions.get(pupil.id)
            if decision is None:  # absent today: no spoor
                continue
            flagged += decision.suggestion.flagged and decision.override is None
            history = [pupil.id in earlier for earlier in self._history]
            if self.app.klasveilig:
                # klasveilig: names and sporen only, nobody's evidence (not even the
                # highlighted pupil's: the class sees whose row it is)
                cells = (plain(pupil.number), plain(lesson.names[pupil.id]), plain(spoor_title(decision.spoor)),
                         plain(""), plain(""), plain(""), plain(""))
            else:
                cells = (
                    plain(pupil.number),
                    plain(lesson.names[pupil.id]),
                    self._spoor_cell(decision),
                    plain(score_text(decision)),
                    plain(decision.suggestion.self_assessment or ""),
                    self._history_cell(history, decision.spoor == 3),
                    plain(reason_text(decision, evidence[pupil.id], full=False, score=False)),
                )
            table.add_row(*cells, key=pupil.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
            self._scroll_to_cursor()
        self.query_one("#sporen-summary", Label).update(
            t("sporen.summary", one=counts[1], two=counts[2], three=counts[3], flagged=flagged)
        )
        limit = lesson.plan.drempels.miniklas_max
        warning = self.query_one("#sporen-warning", Label)
        warning.update(t("sporen.too_big", count=counts[3], max=limit) if miniklas_too_big(counts[3], limit) else "")
        self._show_mode()

    def show_privacy(self) -> None:
        self._fill()
        self.query_one("#sporen-rule").display = not self.app.klasveilig

    def _show_mode(self) -> None:
        mode = self.query_one("#sporen-mode", Label)
        if self._goto:
            mode.update(t("sporen.mode_goto", typed=self.query_one(NumberLine).entry.typed or "_"))
        elif self._refusal is not None:
            mode.update(Text(self._refusal_text(self._refusal), style="bold"))
        else:
            mode.update(t("sporen.mode_spoor"))
        mode.set_class(self._goto, "-self-mode")

    def _refusal_text(self, refusal: Refused) -> str:
        """The refusal in the teacher's words, as FLEX says its own; with klasveilig in the
        words the table shows then (the name and the spoor as the board says it), never
        "vrijwillig": whether a pupil asked for the miniklas is theirs."""
        name = self.lesson.names[refusal.pupil_id]
        if not self.app.klasveilig:
            return t(refusal.key, name=name)
        decision = self.lesson.decisions().get(refusal.pupil_id)
        spoor = spoor_title(decision.spoor) if decision is not None else ""
        return t("sporen.voluntary_refused_safe", name=name, spoor=spoor, table=spoor_title(3))

    @staticmethod
    def _spoor_cell(decision) -> Text:
        cell = spoor_label(decision.spoor)
        if decision.overridden:
            # "✎3" read as "changed to 3"; it is the proposal that was set aside
            cell.append(" " + t("sporen.override_marker", spoor=decision.suggestion.spoor), style="italic")
        return cell

    def _history_cell(self, history: list[bool], spoor3_today: bool) -> Text:
        count = sum(history)
        if not history or (not count and not spoor3_today):
            return Text("")  # only rows worth a look carry a number
        streak = spoor3_streak([*history, True]) if spoor3_today else 0
        text = Text(t("sporen.history", count=count, runs=len(history)))
        if streak_warns(streak):
            text.append("  " + t("sporen.streak", streak=streak), style="bold reverse")
        return text

    def _scroll_to_cursor(self) -> None:
        table = self.query_one(SporenTable)
        self.call_after_refresh(table.keep_cursor_visible)

    def _current_pupil(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def on_key(self, event) -> None:
        # `g` and the digits after it are taken here, in order: as a binding, `g` would
        # run after digits typed quickly behind it and set the wrong pupil's spoor.
        if self._refusal is not None:  # a refusal is said until the next key
            self._refusal = None
            self._show_mode()
        if self._goto:
            self._goto_key(event)
            return
        if event.key in ("up", "down", "pageup", "pagedown", "home", "end"):
            self._refused = False  # the teacher chose a pupil by looking
            self.query_one(NumberLine).clear()
        if event.character == GOTO_KEY:
            event.stop()
            event.prevent_default()
            self.action_goto()
            return
        if event.character not in ("0", "1", "2", "3"):
            return
        event.stop()
        pupil = self._current_pupil()
        if pupil is None or self._refused:
            return  # "g 2 9 3" in a class of 24: 29 was refused, and 3 is nobody's spoor
        self.query_one(NumberLine).clear()
        self.app.session.set_override(pupil, int(event.character) or None)
        self._fill()
        table = self.query_one(DataTable)
        table.move_cursor(row=min(table.cursor_row + 1, table.row_count - 1))

    def _entry(self):
        """The pupils with a spoor today, by class number (an absent one has none)."""
        return entry_for(self.lesson.pupils, taken=list(self.lesson.decisions()), absent=self.lesson.absent)

    def action_goto(self) -> None:
        line = self.query_one(NumberLine)
        line.entry = self._entry()
        line.clear()
        self._goto, self._refused = True, False
        self._show_mode()

    def _goto_key(self, event) -> None:
        """Digits after `g` name a class number; the number ends as soon as no longer one
        could follow (or with enter / space), and the next digit is the spoor again."""
        line = self.query_one(NumberLine)
        step = line.take(event)
        event.stop()
        event.prevent_default()
        if step is None and event.key == "space" and line.entry.pending:
            step = line.end()
        if step is None:
            line.clear()  # escape or anything else cancels
            self._goto = False
        else:
            if step.number is not None:
                self._highlight(step.number)
            if step.done:
                self._goto = False
                self._refused = step.number is None
        self._show_mode()

    def _highlight(self, number: int) -> None:
        pupil = self.lesson.pupil_by_number(number)
        table = self.query_one(DataTable)
        if pupil is not None:
            try:
                table.move_cursor(row=table.get_row_index(pupil.id))
            except Exception:
                pass
            self._scroll_to_cursor()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # the table takes enter for itself; for the teacher, enter confirms the split
        event.stop()
        self.action_confirm()

    def action_self_assessment(self) -> None:
        from lesson_tui.tui.screens.self_assessment import SelfAssessmentScreen

        self.app.push_screen(SelfAssessmentScreen(self.lesson), lambda _: self._fill())

    def action_voluntary(self) -> None:
        pupil = self._current_pupil()
        if pupil is None or self._refused:
            return
        decision = self.lesson.decisions()[pupil]
        try:
            self.app.session.set_voluntary(pupil, not decision.voluntary)
        except Refused as refusal:  # vrijwillig is for spoor 3 only: the teacher is told so
            self._refusal = refusal
            self._show_mode()
            return
        self._fill()

    def action_board(self) -> None:
        from lesson_tui.tui.screens.split_board import SplitBoardScreen

        self.app.push_screen(SplitBoardScreen(self.lesson, preview=True))

    def action_confirm(self) -> None:
        if not self.app.session.confirm_sporen():
            return  # not saved: the app said why; the screen stays as it is
        self.dismiss(True)


    def action_back(self) -> None:
        self.dismiss(False)
