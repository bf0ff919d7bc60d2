"""One parse of the stylesheet per process, not one per app.

Textual parses `app.tcss` (about 1,000 lines) and every widget's DEFAULT_CSS again for each
app it makes: its parse cache belongs to the app's own Stylesheet. The lesson app, the board
and the co-teacher device each make one app per process, so a teacher never pays twice; the
test suite makes one app per pilot test and paid about 0.1 s of parsing each time. The
parsed rule sets are only read after parsing (Textual's own cache hands the same objects to
every re-parse of one app), so apps can share them, provided the CSS variables they were
parsed with are part of the key: a theme change parses with other variables.

The parsed rules are also kept between starts, in this PC's cache folder (`kept_path`): a
start parsed the stylesheet in about 26 ms and reads it back in 6 to 10. A key holds the CSS
text itself (and the variables), so a kept rule set is only ever used for exactly the text
it was parsed from; the file is for one installed Textual (`_textual_stamp`), and one that
is damaged, of another Textual or unreadable is simply not used (the CSS is parsed, as
without it). It is a pickle, so it is only ever read from the user's own private state
folder (0700, the file 0600), the same trust as Python's own bytecode cache.
"""

from __future__ import annotations

import atexit
import pickle
import sys
from pathlib import Path
from typing import Any

import textual
from textual import events
from textual._context import active_app
from textual.screen import Screen

from lesson_tui.files.storage import atomic_write_bytes, private_dir
from lesson_tui.store.layout import pc_cache_dir

_RULES: dict[tuple, list] = {}
_KEPT_SCHEMA = 1
_KEPT_ENTRIES = 400  # more than every screen's and widget's CSS in a few themes: older ones go
_state: dict[str, Any] = {"loaded": None, "added": False, "atexit": False}


def kept_path() -> Path:
    return pc_cache_dir() / "styles.pickle"


def _textual_stamp() -> tuple:
    """Changes when another Textual is installed (its parser's files are written anew),
    without asking the package metadata (importlib.metadata: about 10 ms)."""
    folder = Path(textual.__file__).parent
    stamp: list[object] = [sys.version_info[:2], str(folder)]
    for name in ("__init__.py", "css/model.py", "css/styles.py", "css/parse.py"):
        try:
            info = (folder / name).stat()
        except OSError:
            return ()
        stamp += [info.st_size, info.st_mtime_ns]
    return tuple(stamp)


def load_kept() -> None:
    """The rule sets kept by an earlier start, once per process and per cache folder."""
    path = kept_path()
    if _state["loaded"] == path:
        return
    _state["loaded"] = path
    try:
        data = path.read_bytes()
    except OSError:
        return
    try:
        doc = pickle.loads(data)  # the user's own private cache, see above
    except Exception:  # a damaged file can raise anything while unpickling: not used
        return
    if not isinstance(doc, dict) or doc.get("schema") != _KEPT_SCHEMA or doc.get("textual") != _textual_stamp():
        return
    rules = doc.get("rules")
    if isinstance(rules, dict) and all(isinstance(k, tuple) and isinstance(v, list) for k, v in rules.items()):
        for key, value in rules.items():
            _RULES.setdefault(key, value)


def keep() -> None:
    """Write the rule sets for the next start, when this process parsed any it did not
    find kept (a temp file and a rename; one that cannot be written is parsed again)."""
    if not _state["added"]:
        return
    _state["added"] = False
    entries = list(_RULES.items())[-_KEPT_ENTRIES:]  # the newest: the ones this version uses
    doc = {"schema": _KEPT_SCHEMA, "textual": _textual_stamp(), "rules": dict(entries)}
    path = kept_path()
    try:
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        private_dir(path.parent)
        atomic_write_bytes(path, data)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        pass


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
        _state["added"] = True

    def clear(self) -> None:
        """Textual clears its cache on new variables; here they are part of the key, so the
        rules parsed with the old ones stay for the apps that still use those."""


class SharedStyles:
    """Mixin for an App: its stylesheet's parse cache is the process-wide one, filled from
    what an earlier start kept; what this start parsed is kept a second after the app
    started (a window closed with its cross never runs the exit's code) and at exit."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        load_kept()
        self.stylesheet._parse_cache = _SharedParseCache(self.stylesheet)  # type: ignore[attr-defined]
        if not _state["atexit"]:
            _state["atexit"] = True
            atexit.register(keep)

    def _on_mount(self, event: events.Mount) -> None:
        self.set_timer(1.0, keep)  # type: ignore[attr-defined]


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
