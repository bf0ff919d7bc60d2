"""Duos and groups for JULLIE: a proposal from today's evidence, re-rolled with one key,
adjusted by hand (two class numbers swap), accepted with enter.

Offered by itself when JULLIE starts (mixed duos); `g` on the lesson screen opens it any
time. Names and class numbers only: no level is shown, so it may be on the board.
"""

from __future__ import annotations

import random

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen

from lesson_tui.base.i18n import t
from lesson_tui.klas.numbers import entry_for
from lesson_tui.rules.groups import MODES
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.number_line import NumberLine
from lesson_tui.tui.widgets.plain import Label, Static

SIZES = (2, 3, 4)
SWAP_KEY = "w"
APART_KEY = "x"


class GroupsScreen(FollowsKlasveilig, KeyMapped, Screen[bool]):
    KEYMAP = "groups"

    def __init__(self, mode: str = "gemengd", size: int = 2) -> None:
        super().__init__()
        self.mode = mode
        self.group_size = size
        self.groups: list[list[str]] = []
        self._first: str | None = None  # the first pupil of a swap
        self._selected: str | None = None
        self._status = ""  # the line under the groups, kept for a redraw

    def compose(self) -> ComposeResult:
        yield Label("", id="groups-title", classes="section-title")
        yield Static("", id="groups-list")
        yield NumberLine(entry_for([]), id="groups-number")
        yield Label("", id="groups-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        lesson = self.app.session.view
        self.query_one(NumberLine).entry = entry_for(lesson.pupils, taken=lesson.present, absent=lesson.absent)
        start = lesson.groups_on_open(self.mode, self.group_size)
        self.mode, self.group_size = start.mode, start.size
        if start.groups is None:
            self.action_reroll()
            return
        self.groups, joined = start.groups, start.joined
        self._show(" · ".join(t("groups.late", name=lesson.names[pid], number=index + 1) for pid, index in joined.items()))

    # --- the proposal ------------------------------------------------------------------

    def action_reroll(self) -> None:
        seed = self.app.rng.randrange(1 << 30)
        self.groups = self.app.session.propose_groups(self.mode, self.group_size, rng=random.Random(seed))
        self._first = None
        self._show()

    def action_next_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self.action_reroll()

    def action_next_size(self) -> None:
        self.group_size = SIZES[(SIZES.index(self.group_size) + 1) % len(SIZES)]
        self.action_reroll()

    def show_privacy(self) -> None:
        self._show(self._status)

    def _show(self, status: str = "") -> None:
        self._status = status
        lesson = self.app.session.view
        number = {p.id: p.number for p in lesson.pupils}
        self.query_one("#groups-title", Label).update(
            t("groups.title", mode=t(f"groups.mode_{self.mode}"), size=t(f"groups.size_{self.group_size}"), count=len(self.groups))
        )
        text = Text()
        for index, group in enumerate(self.groups, start=1):
            text.append(f"{index:>2}. ", style="bold")
            for position, pid in enumerate(group):
                if position:
                    text.append("  ·  ", style="dim")
                style = "reverse" if pid == self._first else ""
                text.append(f"{number[pid]} {lesson.names[pid]}", style=style)
            text.append("\n")
        broken = self.app.session.apart_broken(self.groups)
        if broken and self.app.klasveilig:  # who must be kept apart is the teacher's to know
            text.append("\n" + t("groups.apart_broken_safe", count=len(broken)), style="bold")
        elif broken:
            pairs = ", ".join(" + ".join(lesson.names[pid] for pid in sorted(pair, key=number.get)) for pair in broken)
            text.append("\n" + t("groups.apart_broken", pairs=pairs), style="bold")
        self.query_one("#groups-list", Static).update(text)
        self.query_one("#groups-status", Label).update(status or t("groups.hint"))

    # --- swapping two pupils by class number --------------------------------------------

    def on_key(self, event) -> None:
        character = event.character or ""
        lesson = self.app.session.view
        line = self.query_one(NumberLine)
        step = line.take(event)
        if step is not None:
            # a refused number selects nobody: the w after it swaps no one
            self._selected = lesson.pupil_by_number(step.number).id if step.number is not None else None
            return
        if character in (SWAP_KEY, APART_KEY) and line.entry.pending:
            number = line.end().number
            self._selected = lesson.pupil_by_number(number).id if number is not None else None
        if character in (SWAP_KEY, APART_KEY) and self._selected is not None:
            event.stop()
            pupil, self._selected = self._selected, None
            line.clear()
            if self._first is None or self._first == pupil:
                self._first = pupil
                key = "groups.swap_with" if character == SWAP_KEY else "groups.apart_with"
                self._show(t(key, name=lesson.names[pupil]))
                return
            first, self._first = self._first, None
            if character == SWAP_KEY:
                self._swap(first, pupil)
                self._show()
                return
            try:
                apart = self.app.session.toggle_niet_samen(first, pupil)
            except OSError as error:
                self.app.report_save_error(error)
                return
            names = {"a": lesson.names[first], "b": lesson.names[pupil]}
            if apart and any({first, pupil} <= set(group) for group in self.groups):
                self.action_reroll()  # they were together in this proposal: a new one
            self._show(t("groups.apart" if apart else "groups.together_again", **names))

    def _swap(self, a: str, b: str) -> None:
        where = {pid: (g, i) for g, group in enumerate(self.groups) for i, pid in enumerate(group)}
        (ga, ia), (gb, ib) = where[a], where[b]
        self.groups[ga][ia], self.groups[gb][ib] = b, a

    # --- done ---------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.app.session.accept_groups(self.mode, self.group_size, self.groups):
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
