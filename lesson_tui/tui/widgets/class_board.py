"""The class board: a BoardView drawn for the back row (lesson_tui/session/board.py decides what).

Used by `lesson-tui board` (a second window on the projector) and by the teacher's `b`
view. Large type where it matters: the timer and a picked name in block letters, the
question in bold on its own; it stays complete at 64x20 and uses the space at 200x55.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from lesson_tui.base.i18n import t
from lesson_tui.rules.timing import format_clock
from lesson_tui.session.board import BoardView, miniklas_timer_title
from lesson_tui.tui.widgets.big_clock import BigClock, BigText
from lesson_tui.tui.widgets.plain import Label, Static, packed

SHORT_ROWS = 34


class ClassBoard(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="cb-goal")
        with Vertical(id="cb-middle"):
            yield Static("", id="cb-question")
            yield BigText(id="cb-bigtext")
            yield Static("", id="cb-name")
            with Horizontal(id="cb-sporen"):
                for number in (1, 2, 3):
                    yield Static("", id=f"cb-spoor-{number}", classes=f"cb-spoor spoor-{number}")
            yield BigClock(id="cb-clock")
        yield Label("", id="cb-phase")

    _shown: tuple | None = None

    @property
    def short(self) -> bool:
        """A board window under 34 rows (a zoomed font): every row counts."""
        return 0 < self.size.height < SHORT_ROWS

    def on_resize(self) -> None:
        if self._shown is not None:
            view = self._shown[0]
            self._shown = None
            self.show(view)

    def show(self, view: BoardView) -> None:
        if (view, self.short) == self._shown:
            return  # repaint only when what the class sees changes
        self._shown = (view, self.short)
        self.set_class(view.last_minute, "-last-minute")
        self.set_class(view.overtime, "-overtime")
        self.query_one("#cb-goal", Static).update(self._goal(view, criteria=not (self.short and view.kind == "sporen")))
        question = self.query_one("#cb-question", Static)
        big = self.query_one("#cb-bigtext", BigText)
        name = self.query_one("#cb-name", Static)
        sporen = self.query_one("#cb-sporen")
        clock = self.query_one("#cb-clock", BigClock)
        question.display = view.kind in ("question", "closing", "waiting", "ended", "groups")
        big.display = view.kind == "pick" and big.fits(view.pick_name, max(self.size.width, 64))
        name.display = view.kind == "pick"
        sporen.display = view.kind == "sporen"
        clock.display = view.kind in ("lesson", "question", "sporen", "pick", "closing", "groups") and (
            view.remaining is not None or view.miniklas_remaining is not None
        )
        if view.kind == "sporen" and self.short:
            clock.display = False  # the names need the rows; the time goes in the phase line
        if view.kind == "sporen" and view.miniklas_remaining is not None:
            clock.update(format_clock(view.miniklas_remaining))
        elif view.remaining is not None:
            clock.update(format_clock(view.remaining))
        if view.kind == "waiting":
            question.update(Text(t("board.waiting"), style="bold", justify="center"))
        elif view.kind == "ended":
            question.update(Text(t("board.ended"), style="bold", justify="center"))
        elif view.kind == "question":
            text = Text(justify="center")
            text.append(view.question + "\n", style="bold")
            if view.think:
                text.append("\n" + view.think, style="italic")
            question.update(text)
        elif view.kind == "groups":
            text = Text(justify="center")
            text.append(t("board.groups_title") + "\n", style="bold")
            # a group never breaks over two lines: they are packed line by line here
            width = max(20, (self.size.width or 64) - 8)
            lines: list[str] = []
            for group in (" + ".join(names) for names in view.groups):
                if lines and cell_len(lines[-1]) + 5 + cell_len(group) <= width:
                    lines[-1] += "     " + group
                else:
                    lines.append(group)
            text.append("\n".join(lines), style="bold")
            question.update(text)
        elif view.kind == "closing":
            text = Text(justify="left")
            text.append(t("board.process_title") + "\n", style="bold")
            for prompt in view.prompts:
                text.append(f"• {prompt}\n")
            question.update(text)
        if view.kind == "pick":
            big.update(view.pick_name)
            label = Text(justify="center")
            label.append(t("board.pick_title") + ": ", style="bold")
            label.append(f"{view.pick_name} ({view.pick_number})", style="bold")
            name.update(label)
        if view.kind == "sporen":
            for number, column in enumerate(view.sporen, start=1):
                # names first: they are what a pupil looks for; the task may wrap below
                text = Text()
                text.append(column.title + "\n", style="bold")
                names = [Text(name, style="bold") for name in column.names]
                text.append_text(packed(names, self._spoor_width(number)))
                text.append("\n")
                if column.task:
                    text.append(column.task, style="italic")
                self.query_one(f"#cb-spoor-{number}", Static).update(text)
        self.query_one("#cb-phase", Label).update(self._phase_line(view))

    def _spoor_width(self, number: int) -> int:
        """The cells a name line has in a spoor's column (a third of the board before the
        first layout)."""
        column = self.query_one(f"#cb-spoor-{number}", Static)
        width = column.content_region.width or ((self.size.width or 64) // 3 - 4)
        return max(8, width)

    @staticmethod
    def _goal(view: BoardView, criteria: bool = True) -> Text:
        text = Text(justify="center")
        if not view.lesdoel:
            return text
        text.append(view.lesdoel + "\n", style="bold")
        # one criterion per line: on shared lines they ran together and a pupil could not
        # tell where one ended. A short board showing the sporen leaves them out: there
        # every row goes to the names and the tasks (the criteria are back with the next view)
        for criterion in view.succescriteria if criteria else ():
            text.append(f"☐ {criterion}\n")
        if view.kernwoorden:
            text.append("  ·  ".join(view.kernwoorden), style="italic")
        text.rstrip()
        return text

    def _phase_line(self, view: BoardView) -> Text:
        text = Text(justify="center")
        text.append(view.phase, style="bold")
        if view.kind == "sporen" and view.miniklas_remaining is not None:
            text.append(" · " + miniklas_timer_title())
            if self.short:
                text.append(" " + format_clock(view.miniklas_remaining), style="bold")
        if view.paused:
            text.append(" · " + t("board.paused"))
        elif view.overtime:
            text.append(" · " + t("board.time_up"), style="bold reverse")
        elif view.last_minute:
            text.append(" · " + t("board.last_minute"), style="bold")
        return text
