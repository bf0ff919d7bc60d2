"""The footer of every screen: Textual's, redrawn only when the keys it shows change.

Textual's `Footer` throws away and rebuilds all its key widgets whenever the screen's
bindings *may* have changed: on every focus change and every screen pushed or popped, a few
times per key the teacher presses. Each rebuilt key is styled again against the whole
stylesheet, and in the test suite that was about a quarter of the time a pilot test takes
(see `tests/screens/test_footer.py`). Here the footer remembers what it showed and rebuilds
only when a key, its label, its key display or whether it is enabled differs; what it
shows is exactly what Textual's footer shows. Its keys start as compact as the footer
(Textual's start compact and are made wide when they mount, a restyle each way).
"""

from __future__ import annotations

from textual import widgets
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets._footer import FooterKey


class Footer(widgets.Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def _what_it_shows(self) -> tuple | None:
        """Everything `Footer.compose` reads, as a value: equal values compose equal keys."""
        if not self._bindings_ready:
            return None
        app = self.app
        shown = tuple(
            (key, binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return (shown, self.show_command_palette, app.ENABLE_COMMAND_PALETTE)

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # a key is made compact and bound to the footer's `compact` (not compact):
                # each change restyled it, three styles per key for one drawn; it starts
                # as the footer is
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._what_it_shows() != self._shown:
            await self.recompose()
