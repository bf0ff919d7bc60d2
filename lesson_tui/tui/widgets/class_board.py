"""The class board: a BoardView drawn for the back row (lesson_tui/session/board.py decides what).

Used by `lesson-tui board` (a second window on the projector) and by the teacher's `b`
view. Large type where it matters: the timer and a picked name in block letters, the names
in the sporen and the groups in half-block letters where the window has room for them
(`session/boardfit.py` decides, from the size each gets), the question in bold on its own;
it stays complete at 64x20 and uses the space at 200x55. Its colours are the board's own
theme variables (`session/boardstyle.py`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget

from lesson_tui.base.i18n import t
from lesson_tui.rules.timing import format_clock
from lesson_tui.session.board import BoardView, miniklas_timer_title
from lesson_tui.session.boardfit import big_layout, big_lines, cells, criteria_lines, name_lines
from lesson_tui.tui.widgets.big_clock import BigClock, BigText
from lesson_tui.tui.widgets.plain import Label, Static

SHORT_ROWS = 34
GOAL_SHORT_ROWS = 6  # the goal's rows on a short board (its border included: app.tcss)
GOAL_SHARE = 0.4  # of a tall board
GROUP_JOIN = " + "


class NameBoard(Widget):
    """Names (or groups of names) as big as the space this widget gets allows: half-block
    letters when they all fit, else plain bold lines; a name is never broken over two lines."""

    items: reactive[tuple[str, ...]] = reactive(())

    def __init__(self, *, centered: bool = False, big_gap: int = 4, plain_gap: int = 2, **options) -> None:
        super().__init__(**options)
        self.centered = centered
        self.big_gap = big_gap
        self.plain_gap = plain_gap

    def show(self, items: tuple[str, ...]) -> None:
        self.items = items

    @property
    def big(self) -> bool:
        """The names are drawn in big letters now (at the size this widget has)."""
        return big_layout(self.items, self.size.width, self.size.height, self.big_gap) is not None

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        layout = big_layout(self.items, width, height, self.big_gap)
        if layout is not None:
            lines = big_lines(layout, self.big_gap)
        else:
            lines = name_lines(self.items, max(1, width), self.plain_gap)
        return Text("\n".join(lines), style="bold", justify="center" if self.centered else "left",
                    no_wrap=True, overflow="ellipsis")


class ClassBoard(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="cb-goal")
        with Vertical(id="cb-middle"):
            yield Static("", id="cb-question")
            yield BigText(id="cb-bigtext")
            yield Static("", id="cb-name")
            yield NameBoard(id="cb-groups", centered=True, big_gap=6, plain_gap=5)
            with Horizontal(id="cb-sporen"):
                for number in (1, 2, 3):
                    with Vertical(id=f"cb-spoor-{number}", classes=f"cb-spoor spoor-{number}"):
                        yield Static("", classes="cb-spoor-title")
                        yield NameBoard(classes="cb-spoor-names")
                        yield Static("", classes="cb-spoor-task")
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
        self.set_class(view.kind in ("sporen", "groups"), "-names")
        goal = self.query_one("#cb-goal", Static)
        goal.styles.max_height = self._goal_rows(view)
        goal.update(self._goal(view, criteria=not (self.short and view.kind == "sporen")))
        question = self.query_one("#cb-question", Static)
        big = self.query_one("#cb-bigtext", BigText)
        name = self.query_one("#cb-name", Static)
        sporen = self.query_one("#cb-sporen")
        clock = self.query_one("#cb-clock", BigClock)
        groups = self.query_one("#cb-groups", NameBoard)
        question.display = view.kind in ("question", "closing", "waiting", "ended", "groups")
        groups.display = view.kind == "groups"
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
            question.update(Text(t("board.groups_title"), style="bold", justify="center"))
            # a group is one item: it is never broken over two lines (boardfit.pack)
            groups.show(tuple(GROUP_JOIN.join(names) for names in view.groups))
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
                # names first: they are what a pupil looks for; the task below them
                spoor = self.query_one(f"#cb-spoor-{number}")
                spoor.query_one(".cb-spoor-title", Static).update(Text(column.title, style="bold"))
                spoor.query_one(".cb-spoor-names", NameBoard).show(column.names)
                task = spoor.query_one(".cb-spoor-task", Static)
                task.update(Text(column.task, style="italic"))
                task.display = bool(column.task)
        self.query_one("#cb-phase", Label).update(self._phase_line(view))

    def _board_size(self) -> tuple[int, int]:
        """The board's size (the app's before the first layout)."""
        width, height = self.size.width, self.size.height
        if not width or not height:
            width, height = self.app.size.width - 2, self.app.size.height
        return max(20, width), max(10, height)

    def _goal_rows(self, view: BoardView) -> int:
        """The rows the goal may take, its border included: on a short board 6 when the
        middle needs rows (a question, names), all but the clock's and the phase line's when
        it shows only the time; on a tall board 40 %."""
        _, height = self._board_size()
        if not self.short:
            return int(height * GOAL_SHARE)
        if view.kind == "lesson":
            return max(GOAL_SHORT_ROWS, height - 1 - 5 - 1)  # phase line, clock, a row between
        return GOAL_SHORT_ROWS

    def _goal(self, view: BoardView, criteria: bool = True) -> Text:
        text = Text(justify="center")
        if not view.lesdoel:
            return text
        width, _ = self._board_size()
        width -= 2  # the goal's padding (app.tcss)
        text.append(view.lesdoel + ("\n" if criteria and view.succescriteria else ""), style="bold")
        # one criterion per line: on shared lines they ran together and a pupil could not
        # tell where one ended; one too long wraps under its own text, and all of them fit
        # the rows the goal has (boardfit.criteria_lines). A short board showing the sporen
        # leaves them out: there every row goes to the names and the tasks (the criteria are
        # back with the next view)
        rows = self._goal_rows(view) - 1  # its border
        rows -= -(-cells(view.lesdoel) // width)  # the lesdoel's own lines
        if view.kernwoorden:
            rows -= 1
        lines = criteria_lines(view.succescriteria, width, rows) if criteria else []
        # a block of lines, left-aligned in it, the block centred: each line as wide
        block = max((cells(line) for line in lines), default=0)
        text.append("\n".join(line + " " * (block - cells(line)) for line in lines))
        if view.kernwoorden:
            text.append("\n" + "  ·  ".join(view.kernwoorden), style="italic")
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
