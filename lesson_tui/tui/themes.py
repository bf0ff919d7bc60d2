"""The board's two themes as Textual themes, and the mixin that gives an app them.

Both themes are Textual's dark one with the board's and the marks' variables
(`session/boardstyle.py`) added: they differ only in the `$board-...` values, so switching
(`t` on the board) changes what the class sees and nothing of the teacher's own screens.
The choice is remembered for this PC (`store/settings.Settings.board_theme`).
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.session.boardstyle import (
    DEFAULT_THEME,
    THEMES,
    BoardTheme,
    next_theme,
    start_theme,
    theme_variables,
)

TEXTUAL_NAME: dict[BoardTheme, str] = {"standaard": "lesson-tui", "contrast": "lesson-tui-contrast"}


def textual_themes() -> list[Theme]:
    base = BUILTIN_THEMES["textual-dark"]
    return [replace(base, name=TEXTUAL_NAME[theme], variables={**base.variables, **theme_variables(theme)})
            for theme in THEMES]


class BoardThemes:
    """App mixin: the two themes registered, the one this PC chose in use, `t` to switch."""

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # any theme (a Textual one a test sets) still parses the board's variables
        return {**super().get_theme_variable_defaults(), **theme_variables(DEFAULT_THEME)}  # type: ignore[misc]

    def use_board_theme(self, chosen: str | None) -> None:
        """Register the themes and take the one this PC chose (`Settings.board_theme`)."""
        for theme in textual_themes():
            self.register_theme(theme)  # type: ignore[attr-defined]
        self.board_theme: BoardTheme = start_theme(chosen, self.no_color)  # type: ignore[attr-defined]
        # before the app runs: set without Textual's watcher, which parses the whole
        # stylesheet again in a fresh cache (tui/stylecache.py); the variables are the theme's
        from textual.app import App

        self.set_reactive(App.theme, TEXTUAL_NAME[self.board_theme])  # type: ignore[attr-defined]
        self.stylesheet.set_variables(self.get_css_variables())  # type: ignore[attr-defined]

    def toggle_board_theme(self, root) -> None:
        """`t` on the board: the other theme, remembered for this PC, and said."""
        from lesson_tui.store.settings import Settings

        self.board_theme = next_theme(self.board_theme)
        self.theme = TEXTUAL_NAME[self.board_theme]  # type: ignore[attr-defined]
        try:
            Settings(root).set_board_theme(self.board_theme)
        except OSError as error:  # the board goes on in the theme chosen; said, not lost silently
            self.notify(t("board.theme_not_saved", error=os_error_text(error)), severity="warning")  # type: ignore[attr-defined]
        self.notify(t(f"board.theme_{self.board_theme}"))  # type: ignore[attr-defined]
