"""The footer rebuilds its keys only when the keys it shows change (lesson_tui/tui/widgets/footer.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from lesson_tui.tui.widgets.footer import Footer


class Toggling(App[None]):
    BINDINGS = [Binding("n", "next", "Volgende"), Binding("k", "klasveilig", "Klasveilig")]

    def __init__(self) -> None:
        super().__init__()
        self.allow_next = True

    def compose(self) -> ComposeResult:
        yield Button("een", id="one")
        yield Button("twee", id="two")
        yield Footer(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allow_next if action == "next" else True


def shown(app: App) -> list[tuple[str, bool]]:
    return [(key.description, key.disabled or key.has_class("-disabled")) for key in app.screen.query(FooterKey)]


async def test_a_focus_change_keeps_the_keys_and_a_changed_binding_redraws_them() -> None:
    app = Toggling()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert shown(app) == [("Volgende", False), ("Klasveilig", False)]
        app.set_focus(app.query_one("#two"))
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets: nothing rebuilt
        app.allow_next = None  # shown, but greyed out
        app.refresh_bindings()
        await pilot.pause()
        assert shown(app) == [("Volgende", True), ("Klasveilig", False)]
        app.allow_next = False  # hidden
        app.refresh_bindings()
        await pilot.pause()
        assert shown(app) == [("Klasveilig", False)]
