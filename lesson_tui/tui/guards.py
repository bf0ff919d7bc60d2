"""Guards around Textual (textual 8.2.8, pinned in pyproject): two in its OptionList, one in
the cache of its widget renders.

* PageDown / PageUp before the list has been laid out (a presenter clicker right after
  `ctrl+p` opens the command palette) looked up a line that was not measured yet: KeyError.
* A list squeezed to zero width (a window of 20x5) asked rich to wrap text at width 0:
  ValueError.

* `StylesCache.get_inner_outer`, two background styles from two colours, is an
  `lru_cache` on a method: its key holds the widget's render cache (every line drawn), so the
  last 1,024 widgets ever drawn stay in memory with all their lines after their screen has
  closed. In a lesson that is a few megabytes held for nothing; in the test suite, where
  every test makes an app, it was 70,000 objects every ten tests that Python's garbage
  collector walked again and again (a sixth of a pilot test's time). The styles depend on the
  two colours only, and are cached by those.

The OptionList ones are patched on the class, so the command palette's own list is guarded
too; each guard has a test that fails without it (tests/screens/test_tui_guards.py). Drop
them when Textual fixes them.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style
from textual.widgets import OptionList

_original_move_page = OptionList._move_page
_original_content_height = OptionList.get_content_height


def _move_page(self: OptionList, direction) -> None:
    if self._options and (self.highlighted or 0) not in self._line_cache.index_to_line:
        self._update_lines()
        if (self.highlighted or 0) not in self._line_cache.index_to_line:
            # not laid out yet: go to the end the key points at
            self.highlighted = len(self._options) - 1 if direction > 0 else 0
            return
    _original_move_page(self, direction)


def _get_content_height(self: OptionList, container, viewport, width: int) -> int:
    padding = self.get_component_styles("option-list--option").padding.width
    return _original_content_height(self, container, viewport, max(width, padding + 1))


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    # what StylesCache.get_inner_outer computes, keyed by the colours alone
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def install() -> None:
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign, assignment]
    OptionList._move_page = _move_page  # type: ignore[method-assign]
    OptionList.get_content_height = _get_content_height  # type: ignore[method-assign]
