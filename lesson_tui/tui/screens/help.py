"""All keys of the live lesson, readable at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lesson_tui.i18n import t

KEYS = [
    ("n / N", "help_next"),
    ("spatie", "help_pause"),
    ("+ / -", "help_plus"),
    ("c", "help_cfu"),
    ("r", "help_pick"),
    ("s", "help_sporen"),
    ("f", "help_flex"),
    ("e", "help_export"),
    ("p", "help_attendance"),
    ("b", "help_board"),
    ("ctrl+p", "help_palette"),
    ("?", "help_help"),
    ("q", "help_quit"),
]
CFU_KEYS = [
    ("12 f", "help_cfu_number"),
    ("← ↑ → ↓", "help_cfu_arrows"),
    ("j h f a", "help_cfu_letters"),
    ("u", "help_cfu_undo"),
    ("t", "help_cfu_think"),
    ("enter", "help_cfu_enter"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q,enter", "close", t("ui.key_back"), id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        lines = [f"[b]{t('ui.help_title')}[/b]", ""]
        lines += [f"  [b]{key:<9}[/b] {t('ui.' + text)}" for key, text in KEYS]
        lines += ["", f"[b]{t('ui.help_cfu_title')}[/b]", ""]
        lines += [f"  [b]{key:<9}[/b] {t('ui.' + text)}" for key, text in CFU_KEYS]
        with VerticalScroll(id="help-box"):
            yield Static("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
