"""The goal grid of a class: pupils by goals, one symbol per cell (✓ beheerst, ~ bijna,
✗ nog niet, · geen bewijs), never colour alone. A goal's column opens the pupils with their
evidence per lesson (`d`, or enter on a goal's cell); a pupil's row opens their goals (`l`,
or enter on a name); `v` lists who is vastgelopen. Everything is read from the runs index
(`session/goals.goal_grid`). It is a teacher's screen: klasveilig hides it all."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from lesson_tui.base.clock import from_iso
from lesson_tui.base.i18n import decimal, t
from lesson_tui.plan.goals import goal_catalogue
from lesson_tui.rules.mastery import Status
from lesson_tui.session.goals import GoalGrid, LessonOnGoal, goal_grid
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.goal_table import GoalTable, GridRow
from lesson_tui.tui.widgets.plain import Label, plain


def legend() -> str:
    return "  ".join(f"{status.symbol} {t(f'goals.status_{status.value}')}" for status in Status)


def _minutes(seconds: int) -> str:
    return decimal(round(seconds / 60, 1))


def _lesson_text(lesson: LessonOnGoal) -> str:
    if not lesson.present:
        return t("goals.absent")
    share = lesson.share
    return "-" if share is None else f"{round(share * 100)}%"


def _catalogue_of(app) -> dict:
    library = getattr(app, "library", None)
    return goal_catalogue(plan for _, plan in library.lessons.values()) if library is not None else {}


class GoalsScreen(FollowsKlasveilig, KeyMapped, Screen):
    KEYMAP = "goals"

    def __init__(self, school_class) -> None:
        super().__init__()
        self.class_name = school_class.name
        self.class_id = school_class.id
        self.grid: GoalGrid | None = None

    def compose(self) -> ComposeResult:
        self.grid = grid = goal_grid(self.app.store, self.class_id, _catalogue_of(self.app))
        rows = []
        for pupil in grid.pupils:
            statuses = [grid.cell(pupil.id, goal.id).status.status for goal in grid.goals]
            rows.append(
                GridRow(
                    str(pupil.number),
                    grid.names[pupil.id],
                    tuple(status.symbol for status in statuses),
                    tuple(status in (Status.NOG_NIET, Status.BIJNA) for status in statuses),
                )
            )
        headers = [f"D{number}" for number in range(1, len(grid.goals) + 1)]
        yield Label(t("goals.title", klas=self.class_name), id="goals-title")
        yield Label(legend(), id="goals-legend")
        yield GoalTable(headers, rows, t("goals.col_name"), id="goals-grid")
        yield Label("", id="goals-info")
        yield Label(t("goals.hidden"), id="goals-hidden")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_info()
        self.show_privacy()
        self.query_one("#goals-grid", GoalTable).focus()

    def show_privacy(self) -> None:
        private = self.app.klasveilig
        for selector in ("#goals-grid", "#goals-info", "#goals-legend"):
            self.query_one(selector).display = not private
        self.query_one("#goals-hidden").display = private

    # --- what the cursor is on -----------------------------------------------------------

    def _cursor(self) -> tuple[str | None, str | None]:
        """(pupil id, goal id) under the cursor; the goal is None on the name."""
        if self.grid is None or not self.grid.pupils:
            return None, None
        table = self.query_one("#goals-grid", GoalTable)
        row, column = table.cursor_row, table.cursor_column
        pupil = self.grid.pupils[row].id if 0 <= row < len(self.grid.pupils) else None
        goal = self.grid.goals[column].id if 0 <= column < len(self.grid.goals) else None
        return pupil, goal

    def on_goal_table_moved(self, event: GoalTable.Moved) -> None:
        event.stop()
        self._show_info()

    def _show_info(self) -> None:
        label = self.query_one("#goals-info", Label)
        if self.grid is None or not self.grid.goals:
            label.update(t("goals.none", klas=self.class_name))
            return
        pupil_id, goal_id = self._cursor()
        if goal_id is None or pupil_id is None:
            label.update(t("goals.info_pupil"))
            return
        goal = self.grid.goal(goal_id)
        cell = self.grid.cell(pupil_id, goal_id)
        number = self.grid.goals.index(goal) + 1 if goal else 0
        text = Text()
        text.append(f"D{number} {goal_id}", style="bold")
        text.append(f" · {goal.sentence if goal else ''}\n")
        text.append(f"{self.grid.names[pupil_id]}: {cell.status.status.symbol} {t(f'goals.status_{cell.status.status.value}')}")
        text.append(" · " + t("goals.info_cell", lessons=cell.taken_part, evidence=cell.status.lessons, minutes=_minutes(cell.miniklas_s)))
        label.update(text)

    # --- keys ------------------------------------------------------------------------------

    def on_goal_table_selected(self, event: GoalTable.Selected) -> None:
        event.stop()
        _, goal = self._cursor()
        if goal is None:
            self.action_open_pupil()
        else:
            self.action_open_goal()

    def action_open_goal(self) -> None:
        _, goal = self._cursor()
        if self.grid is not None and goal is not None and not self.app.klasveilig:
            self.app.push_screen(GoalDetailScreen(self.grid, goal_id=goal))

    def action_open_pupil(self) -> None:
        pupil, _ = self._cursor()
        if self.grid is not None and pupil is not None and not self.app.klasveilig:
            self.app.push_screen(GoalDetailScreen(self.grid, pupil_id=pupil))

    def action_stuck(self) -> None:
        if self.grid is not None and not self.app.klasveilig:
            self.app.push_screen(GoalDetailScreen(self.grid))

    def action_herhaalles(self) -> None:
        """`r` then `j`: a herhaalles on the goal under the cursor, the pupils not yet at
        beheerst invited to the miniklas (said before it starts)."""
        from lesson_tui.tui.screens.confirm import ConfirmScreen

        _, goal_id = self._cursor()
        if self.grid is None or goal_id is None or self.app.klasveilig:
            if self.grid is not None and self.grid.goals and not self.app.klasveilig:
                self.notify(t("goals.herhaal_need_goal"))
            return
        goal = self.grid.goal(goal_id)
        assert goal is not None
        invited = [self.grid.names[p.id] for p in self.grid.needs_support(goal_id)]
        question = t("goals.herhaal_ask", goal=goal_id, count=len(invited), names=", ".join(invited) or "-")
        school_class = self.app.store.class_by_id(self.class_id)

        def answer(yes: bool | None) -> None:
            if yes and school_class is not None:
                self.app.start_herhaalles(school_class, goal.id, goal.sentence, goal.vak)

        self.app.push_screen(ConfirmScreen(question), answer)

    def action_back(self) -> None:
        self.dismiss()


class GoalDetailScreen(FollowsKlasveilig, KeyMapped, Screen):
    """One goal's column (the pupils with their evidence per lesson), one pupil's row
    (their goals), or with neither the vastgelopen list."""

    KEYMAP = "goal_detail"

    def __init__(self, grid: GoalGrid, *, goal_id: str | None = None, pupil_id: str | None = None) -> None:
        super().__init__()
        self.grid = grid
        self.goal_id = goal_id
        self.pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        yield Label("", id="goal-detail-title")
        yield Label("", id="goal-detail-about")
        yield DataTable(id="goal-detail-table", zebra_stripes=True, cursor_type="row")
        yield Label(t("goals.hidden"), id="goals-hidden")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#goal-detail-table", DataTable)
        if self.goal_id is not None:
            self._goal(table, self.goal_id)
        elif self.pupil_id is not None:
            self._pupil(table, self.pupil_id)
        else:
            self._stuck(table)
        self.show_privacy()
        table.focus()

    def _goal(self, table: DataTable, goal_id: str) -> None:
        grid = self.grid
        goal = grid.goal(goal_id)
        assert goal is not None
        number = grid.goals.index(goal) + 1
        self.query_one("#goal-detail-title", Label).update(t("goals.goal_title", number=number, goal=goal_id, klas=self.grid_class()))
        about = f"{goal.sentence} · {goal.vak} · {len(goal.runs)} {t('goals.lessons')}"
        if goal.from_title:
            about += " · " + t("goals.from_title")
        support = [grid.names[p.id] for p in grid.needs_support(goal_id)]
        preteach = t("goals.preteach", names=", ".join(support)) if support else t("goals.preteach_none")
        self.query_one("#goal-detail-about", Label).update(about + "\n" + preteach + "\n" + legend())
        table.add_column("#")
        table.add_column(t("goals.col_name"))
        table.add_column(t("goals.col_status"))
        for run in goal.runs:
            table.add_column(from_iso(run.started_at).strftime("%d/%m"))
        table.add_column(t("goals.col_miniklas"))
        for pupil in grid.pupils:
            cell = grid.cell(pupil.id, goal_id)
            status = cell.status.status
            lessons = [_lesson_text(lesson) for lesson in grid.lessons(pupil.id, goal_id)]
            table.add_row(
                plain(pupil.number),
                plain(grid.names[pupil.id]),
                Text(f"{status.symbol} {t(f'goals.status_{status.value}')}" + (" !" if cell.stuck else "")),
                *lessons,
                _minutes(cell.miniklas_s),
            )

    def _pupil(self, table: DataTable, pupil_id: str) -> None:
        grid = self.grid
        self.query_one("#goal-detail-title", Label).update(t("goals.pupil_title", name=grid.names[pupil_id], klas=self.grid_class()))
        self.query_one("#goal-detail-about", Label).update(legend())
        for key in ("col_goal", "col_status", "col_lessons", "col_miniklas"):
            table.add_column(t(f"goals.{key}"))
        for number, goal in enumerate(grid.goals, 1):
            cell = grid.cell(pupil_id, goal.id)
            status = cell.status.status
            lessons = " ".join(_lesson_text(lesson) for lesson in grid.lessons(pupil_id, goal.id))
            table.add_row(
                plain(f"D{number} {goal.id}"),
                Text(f"{status.symbol} {t(f'goals.status_{status.value}')}" + (" !" if cell.stuck else "")),
                plain(lessons),
                _minutes(cell.miniklas_s),
            )

    def _stuck(self, table: DataTable) -> None:
        grid = self.grid
        self.query_one("#goal-detail-title", Label).update(t("goals.stuck_title", count=grid.stuck_after) + " · " + self.grid_class())
        stuck = grid.stuck()
        self.query_one("#goal-detail-about", Label).update(t("goals.stuck_about") if stuck else t("goals.stuck_none"))
        for key in ("col_name", "col_goal", "col_status", "col_lessons", "col_miniklas"):
            table.add_column(t(f"goals.{key}"))
        for pupil, goal, cell in stuck:
            status = cell.status.status
            lessons = " ".join(_lesson_text(lesson) for lesson in grid.lessons(pupil.id, goal.id))
            table.add_row(
                plain(grid.names[pupil.id]),
                plain(goal.id),
                Text(f"{status.symbol} {t(f'goals.status_{status.value}')}"),
                plain(lessons),
                _minutes(cell.miniklas_s),
            )

    def grid_class(self) -> str:
        school_class = self.app.store.class_by_id(self.grid.class_id)
        return school_class.name if school_class else self.grid.class_id

    def show_privacy(self) -> None:
        private = self.app.klasveilig
        self.query_one("#goal-detail-about").display = not private
        self.query_one("#goal-detail-table").display = not private
        self.query_one("#goals-hidden").display = private

    def action_back(self) -> None:
        self.dismiss()
