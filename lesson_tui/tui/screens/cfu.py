"""A check-for-understanding round: choose the question, then mark who did not get it.

All present pupils count as juist until marked; each mark is on disk the moment it is made.
Typing a number (or a mark letter) in the question chooser takes the highlighted question
and starts marking at once, so a round with four wrong answers is c, 4 x (number, f), enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for, is_digit
from lesson_tui.rules.cfu import SYMBOL, CfuRound, advice, mark_counts, share_correct, think_text
from lesson_tui.session.view import LessonView
from lesson_tui.tui.messages import RunChanged
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label
from lesson_tui.tui.widgets.pupil_grid import PupilGrid

if TYPE_CHECKING:
    from lesson_tui.rules.seating import SeatingPlan

LETTER_MARK = {"j": "juist", "h": "half", "f": "fout", "a": "afwezig"}


class RoomView(Static, can_focus=True):
    """The seating plan during a check round; arrows move across the room."""

    class Moved(Message):
        pass

    plan: SeatingPlan | None = None
    cursor: tuple[int, int] = (0, 0)
    follow_grid = True

    def on_mount(self) -> None:
        self.display = False

    def on_key(self, event) -> None:
        steps = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
        if event.key in steps and self.plan is not None:
            event.stop()
            row, col = self.cursor
            dr, dc = steps[event.key]
            self.cursor = (min(max(row + dr, 0), self.plan.rows - 1), min(max(col + dc, 0), self.plan.cols - 1))
            self.post_message(self.Moved())

class CfuScreen(FollowsKlasveilig, KeyMapped, Screen[CfuRound | None]):
    KEYMAP = "cfu"

    def __init__(
        self,
        lesson: LessonView,
        existing: CfuRound | None = None,
        *,
        pupils: list[str] | None = None,
        kind: str = "cfu",
        preset: tuple[str, str] | None = None,
        title: str | None = None,
    ) -> None:
        """A round for the whole class, or for `pupils` (the miniklas); `preset` skips the
        question chooser (an exit-ticket question)."""
        super().__init__()
        self.lesson = lesson
        self.round = existing
        self.kind = existing.kind if existing else kind
        self.subset = existing.present if existing and existing.kind != "cfu" else pupils
        self.preset = preset
        self.title_text = title
        self._think_from: float | None = None  # when the think time started (`d`)
        self._think_text: str | None = None
        self._noted = 0  # marks taken in this round: klasveilig shows only this count
        self._empty_desk = False  # on the seating plan, the arrows are at a desk without a pupil
        phase = lesson.plan.fase[max(lesson.phase_index, 0)]
        self.questions = list(phase.cfu)

    @property
    def grid_pupils(self):
        if self.subset is None:
            return list(self.lesson.pupils)
        return [p for p in self.lesson.pupils if p.id in set(self.subset)]

    def compose(self) -> ComposeResult:
        if self.title_text:
            yield Label(self.title_text, id="cfu-title")
        with Vertical(id="cfu-chooser", classes="-hidden" if self.round or self.preset else ""):
            yield Label(t("ui.cfu_choose"), classes="section-title")
            options = [
                Option(Text.assemble((f"[{t('level.' + q.niveau)}] ", "bold"), q.vraag), id=f"q-{i}")
                for i, q in enumerate(self.questions)
            ]
            options.append(Option(t("ui.cfu_own"), id="own"))
            yield OptionList(*options, id="cfu-questions")
            yield Input(placeholder=t("ui.cfu_own_placeholder"), id="cfu-own", classes="-hidden")
        with Vertical(id="cfu-marking", classes="" if self.round or self.preset else "-hidden"):
            yield Label("", id="cfu-question")
            yield Label("", id="cfu-think")
            yield PupilGrid(self.grid_pupils, self.lesson.names, "jhfa", id="cfu-grid")
            yield RoomView("", id="cfu-room")
            yield NumberLine(self._entry(), private=True, id="cfu-number")
            yield Label("", id="cfu-stats")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self.round is None and self.preset is not None:
            self._take(*self.preset)
        elif self.round is None:
            questions = self.query_one("#cfu-questions", OptionList)
            questions.highlighted = 0
            questions.focus()
        else:
            self._show_marking()
        self.set_interval(self.app.tick_seconds, self._tick)
        grid = self.query_one(PupilGrid)
        self.watch(grid, "cursor", self._typed_elsewhere, init=False)

    def _entry(self):
        """Who this round takes by number: the pupils in it (never an absent one)."""
        if self.round is not None:
            taken = self.round.present
        else:
            asked = self.subset if self.subset is not None else self.lesson.present
            taken = [pid for pid in asked if pid not in self.lesson.absent]
        return entry_for(self.lesson.pupils, taken=taken, absent=self.lesson.absent)

    # --- choosing the question ---------------------------------------------------------

    def _take(self, vraag: str, niveau: str) -> None:
        self.round = self.app.session.open_round(vraag, niveau, kind=self.kind, pupils=self.subset)
        if self.round is None:
            return  # not saved: stay at the question (the app said why)
        self._think_from = self.lesson.now().timestamp()
        self._show_marking()

    def _take_highlighted(self) -> bool:
        index = self.query_one("#cfu-questions", OptionList).highlighted
        if index is None or index >= len(self.questions):
            return False
        question = self.questions[index]
        self._take(question.vraag, question.niveau)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        if self._take_highlighted():
            return
        own = self.query_one("#cfu-own", Input)
        own.remove_class("-hidden")
        own.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._take(event.value.strip() or t("ui.cfu_oral"), "open")

    def on_key(self, event) -> None:
        # `enter` is taken here, in order with the digits around it: as a binding it ran
        # after keys typed quickly behind it, and those marks were lost.
        if event.key in ("enter", "backspace") and self.round is not None and self.query_one(NumberLine).entry.pending:
            self.query_one(PupilGrid).take_key(event)  # enter ends a number that could go on
            return
        if event.key == "enter" and not self.query_one("#cfu-own", Input).has_focus:
            event.stop()
            event.prevent_default()
            self.action_enter()
            return
        # Keys reach the grid even before it has taken focus; in the chooser, a pupil
        # number or a mark letter starts marking with the highlighted question, so the
        # fastest path needs no extra enter.
        character = event.character
        if not character or not (is_digit(character) or character in LETTER_MARK):
            return
        # Only the own-question field keeps its typing. Nothing else is asked of focus: keys
        # typed in one burst with the `c` that opened this screen arrive before the
        # chooser has taken focus, and `c 3 f` must still mark pupil 3.
        own = self.query_one("#cfu-own", Input)
        if own.has_focus or (self.round is None and not own.has_class("-hidden")):
            return
        if character in LETTER_MARK and self._on_empty_desk():
            event.stop()
            self.notify(t("seating.empty_desk"))
            return
        if self.round is None and not self._take_highlighted():
            # "eigen vraag" highlighted: marking right away means a question asked aloud
            self._take(t("ui.cfu_oral"), "open")
        if is_digit(character):
            self._typed_elsewhere()
        self.query_one(PupilGrid).take_key(event)
        self._show_room()  # the desk follows a typed number

    # --- marking --------------------------------------------------------------------

    def _show_marking(self) -> None:
        self.query_one("#cfu-chooser").add_class("-hidden")
        self.query_one("#cfu-marking").remove_class("-hidden")
        assert self.round is not None
        level = t("level." + self.round.niveau)
        self.query_one(NumberLine).entry = self._entry()  # the round's own pupils
        self.query_one("#cfu-question", Label).update(Text.assemble((f"[{level}] ", "bold"), (self.round.vraag, "bold")))
        self.query_one(PupilGrid).focus()
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        assert self.round is not None
        # the round as the lesson has it now: a co-teacher's late event folds the state anew
        self.round = self.lesson.round(self.round.round_id) or self.round
        round_ = self.round
        marks = round_.final_marks([p.id for p in self.grid_pupils])
        grid = self.query_one(PupilGrid)
        grid.hide_marks = self.app.klasveilig
        grid.set_marks(marks)
        counts = mark_counts(marks)
        share = share_correct(marks)
        drempels = self.lesson.plan.drempels
        verdict = advice(share, drempels.beheersing, drempels.ondersteuning)
        text = Text()
        text.append(" · ".join(f"{SYMBOL[m]} {counts[m]}" for m in counts) + "   ")
        if self.app.klasveilig:
            # klasveilig: counts only (no name beside a mark, no percentage); the teacher
            # sees the key landed from a count of marks taken, which names nobody
            if self._noted:
                text.append(t("ui.cfu_noted", count=self._noted), style="bold")
        else:
            if share is not None:
                text.append(t("ui.cfu_share", percent=round(share * 100)) + "  ", style="bold")
            text.append(
                t(
                    f"advice.{verdict}",
                    beheersing=round(drempels.beheersing * 100),
                    ondersteuning=round(drempels.ondersteuning * 100),
                )
            )
        stats = self.query_one("#cfu-stats", Label)
        stats.update(text)
        self._show_room()
        for name in ("verder", "oefenen", "herinstructie", "geen"):
            stats.set_class(verdict == name and not self.app.klasveilig, f"-{name}")

    def show_privacy(self) -> None:
        if self.round is not None:
            self._refresh_marks()

    # --- marking on the seating plan ----------------------------------------------------------

    def action_room(self) -> None:
        """The pupil grid or the room (the class's seating plan): marking follows the
        teacher's eyes across the room; the same keys, the same counts."""
        from lesson_tui.store.settings import Settings

        if self.round is None:
            return
        room = self.query_one(RoomView)
        grid = self.query_one(PupilGrid)
        if room.display:
            room.display, grid.display = False, True
            grid.focus()
            return
        plan = Settings(self.app.store.root).seating(self.lesson.class_id)
        if plan is None:
            self.notify(t("seating.none_yet"))
            return
        room.plan = plan.keep_only(self.lesson.pupil_ids)
        room.cursor = plan.seat_of(self.grid_pupils[grid.cursor].id) or (0, 0)
        room.display, grid.display = True, False
        room.focus()
        self._show_room()

    def _show_room(self) -> None:
        from lesson_tui.tui.screens.seating import room_text

        room = self.query_one(RoomView)
        if not room.display or room.plan is None or self.round is None:
            return
        grid = self.query_one(PupilGrid)
        if grid.pupils:  # the cursor follows a typed class number
            seat = room.plan.seat_of(grid.pupils[grid.cursor].id)
            if seat is not None and room.follow_grid:
                room.cursor = seat
        room.follow_grid = True
        marks = {} if self.app.klasveilig else {pid: SYMBOL[m] for pid, m in self.round.marks.items()}
        label = {p.id: f"{p.number} {self.lesson.names[p.id]}" for p in self.lesson.pupils}
        # klasveilig: a typed number lights no desk, as it lights no tile (who is about to
        # be marked is not for the class); arrows still show where they are
        cursor = None if self.app.klasveilig and grid.typed_quietly else room.cursor
        room.update(room_text(room.plan, label, cursor, marks, width=room.content_region.width or self.size.width - 2))

    def _on_empty_desk(self) -> bool:
        """On the seating plan, the arrows stopped at a desk without a pupil of this round:
        a letter there marks nobody (it marked the pupil highlighted before)."""
        room = self.query_one(RoomView)
        return self.round is not None and room.display and self._empty_desk

    def _typed_elsewhere(self, _value=None) -> None:
        self._empty_desk = False  # a class number typed (or the grid moved): that pupil counts

    def on_room_view_moved(self, message: RoomView.Moved) -> None:
        """Arrows across the room: the pupil at the desk is the one a letter marks."""
        room = self.query_one(RoomView)
        grid = self.query_one(PupilGrid)
        pupil = room.plan.seats.get(room.cursor) if room.plan else None
        index = next((i for i, p in enumerate(grid.pupils) if p.id == pupil), None)
        if index is not None:
            grid.point_at(index)
        self._empty_desk = index is None
        room.follow_grid = False
        self._show_room()

    def on_run_changed(self, message: RunChanged) -> None:
        # marks from a co-teacher's device in the same round: show them
        if self.is_current and self.round is not None:
            self._refresh_marks()

    def on_pupil_grid_pressed(self, event: PupilGrid.Pressed) -> None:
        if self.round is None:
            return
        self.app.session.mark(self.round, event.pupil_id, LETTER_MARK[event.key])
        self._noted += 1
        self._refresh_marks()

    def _tick(self) -> None:
        if self._think_from is None:
            text = ""
        else:
            elapsed = self.lesson.now().timestamp() - self._think_from
            text = think_text(elapsed)
            if not text:
                self._think_from = None
        if text != self._think_text:
            self._think_text = text
            self.query_one("#cfu-think", Label).update(text)

    def action_think(self) -> None:
        if self.round is not None:
            self._think_from = self.lesson.now().timestamp()
            self._tick()

    def action_undo(self) -> None:
        if self.round is not None:
            self.app.session.undo_mark(self.round)
            self._refresh_marks()

    def action_enter(self) -> None:
        if self.round is None and self.preset is not None:
            self._take(*self.preset)  # the question could not be saved before: try again
            return
        if self.round is None:
            if self.query_one("#cfu-own", Input).has_focus:
                self.query_one("#cfu-own", Input).action_submit()
            else:
                self._choose()
            return
        self.app.session.close_round(self.round)
        if not self.round.closed:
            return  # not saved (the app said why): the round stays open on screen too
        self.dismiss(self.round)

    def action_escape(self) -> None:
        if self.round is None:
            self.dismiss(None)
        else:
            # marks are already saved; escape closes the round like enter
            self.action_enter()
