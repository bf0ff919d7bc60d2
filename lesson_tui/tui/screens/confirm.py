"""A yes/no question before something that cannot be undone from the screen (closing an
unfinished lesson): `j` (Dutch) or `y` (English) says yes, `n` or `esc` says no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from lesson_tui.base.i18n import language, t
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.plain import Label, Static


class ConfirmScreen(KeyMapped, ModalScreen[bool]):
    def __init__(self, question: str) -> None:
        # the yes key is the teacher's own word: j(a) in Dutch, y(es) in English
        self.KEYMAP = "confirm_en" if language() == "en" else "confirm_nl"
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            yield Label(t("ui.confirm_hint"), id="confirm-hint")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
