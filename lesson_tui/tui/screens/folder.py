"""Ask for a folder of lesson plans; it is remembered for every next start."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from lesson_tui.tui.widgets.plain import Label
from lesson_tui.i18n import t
from lesson_tui.tui.keys import KeyMapped


class FolderScreen(KeyMapped, ModalScreen[Path | None]):
    KEYMAP = "folder"

    def compose(self) -> ComposeResult:
        with Vertical(id="folder-box"):
            yield Label(t("ui.folder_title"), classes="section-title")
            yield Label(t("ui.folder_hint"))
            yield Input(placeholder=t("ui.folder_placeholder"), id="folder-input")
            yield Label("", id="folder-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip().strip('"')
        folder = Path(text).expanduser() if text else None
        if folder is None or not folder.is_dir():
            self.query_one("#folder-error", Label).update(t("ui.folder_missing", path=text or "-"))
            return
        self.dismiss(folder)

    def action_cancel(self) -> None:
        self.dismiss(None)
