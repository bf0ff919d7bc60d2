"""How a screen gets its keys, and `?`, the screen that shows them.

A screen names its key map (`KEYMAP`); its bindings are built from `tui/keys.py` in the
current language, and `?` opens the help built from the same table, so what a key does and
what the help says it does cannot drift apart. The help screen lives here, beside the mixin
that opens it, so `keys.py` stays a table that imports no screen.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from lesson_tui.base.i18n import t
from lesson_tui.tui.keys import bindings_for, help_rows, redeliver_stale_key
from lesson_tui.tui.stylecache import StyledOnce
from lesson_tui.tui.widgets.plain import Static


class KeyMapped(StyledOnce):
    """Mixin for screens: bindings from `KEYMAPS[KEYMAP]`, built in the current language.
    Every screen of ours is one, so every one is also styled once when pushed (`StyledOnce`)."""

    KEYMAP: str = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._install_keymap()

    def _install_keymap(self) -> None:
        self._bindings = BindingsMap.merge([self._bindings, bindings_for(self.KEYMAP)])  # type: ignore[attr-defined]

    async def on_event(self, event) -> None:
        """Keys typed in one burst behind a key that closes this screen (`enter p 2 4 a`
        at the end of a check round) were handed to it before it closed: they go on to the
        screen on top (see `redeliver_stale_key`)."""
        from textual import events

        if isinstance(event, events.Key) and redeliver_stale_key(self.app, event, self):  # type: ignore[attr-defined]
            return
        await super().on_event(event)  # type: ignore[misc]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.KEYMAP))  # type: ignore[attr-defined]

    def action_klasveilig(self) -> None:
        """`k`, on every screen of a lesson: klasveilig on or off for the whole app; each
        screen that shows something private follows it (tui/screens/private.py)."""
        self.app.toggle_klasveilig()  # type: ignore[attr-defined]


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
