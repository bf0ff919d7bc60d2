"""`?`: the keys of the screen it was opened from, from that screen's key map."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
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
        parts: list = []
        for section in (self.screen_name, *EXTRA_SECTIONS.get(self.screen_name, ())):
            if parts:
                parts.append(Text(""))
            parts.append(Text(t(f"helptitle.{section}") + "\n", style="bold"))
            # a grid, so a description that wraps stays in its column under the one above
            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            for key, description in help_rows(section):
                grid.add_row(Text("  " + key), Text(description))
            parts.append(grid)
        if self.screen_name == "lesson":
            parts.append(Text("\n" + t("helptitle.board_hint"), style="italic"))
        with VerticalScroll(id="help-box"):
            yield Static(Group(*parts), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
