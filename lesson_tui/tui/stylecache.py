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
