"""Two versions of a lesson a sync engine left (`plan/lessoncopies.py`): what differs, and
the teacher's choice, one key each: keep this one, the copy, or both. Nothing is deleted
(`store/versions.py` carries it out); `esc` changes nothing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from lesson_tui.base.i18n import t
from lesson_tui.plan.lessoncopies import LessonVersions
from lesson_tui.store.versions import Keep
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.widgets.footer import Footer
from lesson_tui.tui.widgets.plain import Label, Static


class VersionsScreen(KeyMapped, ModalScreen[Keep | None]):
    KEYMAP = "versions"

    def __init__(self, versions: LessonVersions) -> None:
        super().__init__()
        self.versions = versions

    def compose(self) -> ComposeResult:
        versions = self.versions
        with Vertical(id="versions-box"):
            yield Label(t("sync.versions_title", titel=versions.titel), id="versions-title")
            yield Label(
                t(
                    "sync.versions_files",
                    original=versions.original.name,
                    copy=versions.copy.name,
                    engine=versions.engine_name,
                ),
                id="versions-files",
            )
            diff = Text("\n").join(
                Text(line, style="red" if line.startswith("- ") else "green" if line.startswith("+ ") else "bold")
                for line in versions.changed_lines() or [t("sync.no_difference")]
            )
            yield Static(diff, id="versions-diff")
            yield Label(t("sync.versions_archive"), id="versions-hint")
        yield Footer(show_command_palette=False)

    def action_keep(self, which: str) -> None:
        self.dismiss(Keep(which))

    def action_back(self) -> None:
        self.dismiss(None)
