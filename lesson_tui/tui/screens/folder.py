"""Ask for a folder of lesson plans; it is remembered for every next start."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from lesson_tui.base.i18n import t
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.plain import Label, plain


class FolderScreen(KeyMapped, ModalScreen[Path | None]):
    KEYMAP = "folder"

    def compose(self) -> ComposeResult:
        with Vertical(id="folder-box"):
            yield Label(t("ui.folder_title"), classes="section-title")
            yield Label(t("ui.folder_hint"))
            yield Input(placeholder=t("ui.folder_placeholder"), id="folder-input")
            yield Label("", id="folder-error")
            yield Label(t("library.folders_title"), classes="section-title", id="folders-title")
            yield OptionList(id="folder-list")

    def on_mount(self) -> None:
        self._show_folders()
        self.query_one("#folder-input", Input).focus()

    def _show_folders(self) -> None:
        from lesson_tui.store.settings import Settings

        self._folders = Settings(self.app.store.root).lesson_dirs
        folders = self.query_one("#folder-list", OptionList)
        folders.clear_options()
        folders.add_options([Option(plain(str(folder))) for folder in self._folders])
        folders.highlighted = 0 if self._folders else None
        folders.display = bool(self._folders)
        self.query_one("#folders-title").display = bool(self._folders)

    def action_forget(self) -> None:
        """Forget the highlighted folder (its files stay where they are)."""
        folders = self.query_one("#folder-list", OptionList)
        if not folders.has_focus or folders.highlighted is None:
            self.notify(t("library.forget_hint"))
            return
        folder = self._folders[folders.highlighted]
        count = self.app.forget_lesson_folder(folder)
        self.notify(t("library.folder_forgotten", path=folder, count=count), markup=False)
        self._show_folders()

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
