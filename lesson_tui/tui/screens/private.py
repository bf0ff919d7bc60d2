"""Klasveilig, followed: one reactive on the app, every screen that shows something private
redraws the moment it changes.

The app holds `klasveilig` (remembered per data folder); a screen with this mixin watches
it from its mount on and redraws through `show_privacy`, whether it is on top or under
another screen. No screen asks another to redraw, and the app does not walk its screens.
"""

from __future__ import annotations


class FollowsKlasveilig:
    """Mixin for screens: `show_privacy()` runs whenever the app's `klasveilig` changes."""

    def _on_mount(self, event) -> None:
        # a handler of this mixin's own: Textual calls it beside the screen's `on_mount`
        self.watch(self.app, "klasveilig", self._klasveilig_changed, init=False)  # type: ignore[attr-defined]

    def _klasveilig_changed(self, _on: bool) -> None:
        if self.is_mounted:  # type: ignore[attr-defined]
            self.show_privacy()

    def show_privacy(self) -> None:
        """Redraw what klasveilig hides or shows (each screen says what that is)."""
        raise NotImplementedError
