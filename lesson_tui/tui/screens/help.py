"""`?`: the keys of the screen it was opened from, from that screen's key map."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from lesson_tui.tui.widgets.plain import Static
from lesson_tui.i18n import t
from lesson_tui.tui.keys import KeyMapped, help_rows

# Screens whose help also explains a screen they open at once (the lesson opens check rounds).
EXTRA_SECTIONS = {"lesson": ("cfu",)}


class HelpScreen(KeyMapped, ModalScreen[None]):
    KEYMAP = "help"

    def __init__(self, screen: str = "lesson") -> None:
        super().__init__()
        self.screen_name = screen

    def compose(self) -> ComposeResult:
        text = Text()
        for section in (self.screen_name, *EXTRA_SECTIONS.get(self.screen_name, ())):
            if text:
                text.append("\n")
            text.append(t(f"helptitle.{section}") + "\n\n", style="bold")
            rows = help_rows(section)
            width = max(len(key) for key, _ in rows)
            for key, description in rows:
                text.append(f"  {key:<{width}}  ", style="bold")
                text.append(description + "\n")
        if self.screen_name == "lesson":
            text.append("\n" + t("helptitle.board_hint") + "\n", style="italic")
        with VerticalScroll(id="help-box"):
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
