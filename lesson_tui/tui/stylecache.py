"""One parse of the stylesheet per process, not one per app.

Textual parses `app.tcss` (about 1,000 lines) and every widget's DEFAULT_CSS again for each
app it makes: its parse cache belongs to the app's own Stylesheet. The lesson app, the board
and the co-teacher device each make one app per process, so a teacher never pays twice; the
test suite makes one app per pilot test and paid about 0.1 s of parsing each time. The
parsed rule sets are only read after parsing (Textual's own cache hands the same objects to
every re-parse of one app), so apps can share them, provided the CSS variables they were
parsed with are part of the key: a theme change parses with other variables.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual._context import active_app
from textual.screen import Screen

_RULES: dict[tuple, list] = {}


class _SharedParseCache:
    """Stands in for `Stylesheet._parse_cache` (Textual indexes it, assigns to it, and
    clears it when the variables change)."""

    def __init__(self, stylesheet) -> None:
        self._stylesheet = stylesheet
        self._variables_seen: dict | None = None
        self._variables_key: tuple = ()

    def _key(self, key: tuple) -> tuple:
        variables = self._stylesheet._variables
        if variables is not self._variables_seen:
            self._variables_seen = variables
            self._variables_key = tuple(sorted(variables.items()))
        return (key, self._variables_key)

    def __getitem__(self, key: tuple) -> list:
        return _RULES[self._key(key)]

    def __setitem__(self, key: tuple, rules: list) -> None:
        _RULES[self._key(key)] = rules

    def clear(self) -> None:
        """Textual clears its cache on new variables; here they are part of the key, so the
        rules parsed with the old ones stay for the apps that still use those."""


class SharedStyles:
    """Mixin for an App: its stylesheet's parse cache is the process-wide one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stylesheet._parse_cache = _SharedParseCache(self.stylesheet)  # type: ignore[attr-defined]


class StyledOnce:
    """Mixin for a Screen: its widgets are styled once when it is pushed, not three times.

    Textual styles each widget as it mounts, then again when the screen's first layout
    gives it its breakpoint classes (`-narrow`, `-wide`, `-short`, `-tall`: the whole screen
    restyled), and again when the screen is first shown (`ScreenResume` restyles the whole
    screen, for a screen shown a second time). For a screen made and pushed at once, as all
    of ours are, the second and third pass compute the same styles as the first: here the
    breakpoint classes are given before anything mounts, and the first resume does not
    restyle. A screen shown again after the one above it closed is not restyled by Textual
    either (`App.pop_screen`), and a terminal resized later still restyles (its classes
    change). About a fifth of a pilot test's time was these two passes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown_before = False
        try:
            app = active_app.get()
        except LookupError:  # made before an app runs: the first layout gives the classes
            return
        screen: Screen[Any] = self  # type: ignore[assignment]
        width, height = app.size
        horizontal = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS) or []
        vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS) or []
        # the classes `Screen._on_resize` gives for this size, so that it finds nothing to change
        names = screen._get_breakpoint_classes(width, horizontal) | screen._get_breakpoint_classes(height, vertical)
        if names:
            screen.add_class(*names, update=False)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # a handler of this mixin's own: Textual calls it before Screen's, which reads the flag
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
