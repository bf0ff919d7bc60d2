"""Two guards around Textual's OptionList (textual 8.2.8, pinned in pyproject).

* PageDown / PageUp before the list has been laid out (a presenter clicker right after
  `ctrl+p` opens the command palette) looked up a line that was not measured yet: KeyError.
* A list squeezed to zero width (a window of 20x5) asked rich to wrap text at width 0:
  ValueError.

Both are patched on the class, so the command palette's own list is guarded too; each has
a test that fails without it (tests/screens/test_tui_guards.py). Drop them when Textual fixes them.
"""

from __future__ import annotations

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


def install() -> None:
    OptionList._move_page = _move_page  # type: ignore[method-assign]
    OptionList.get_content_height = _get_content_height  # type: ignore[method-assign]
