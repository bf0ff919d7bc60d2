"""The co-teacher's page as a QR code, from FLEX (`d`).

The address holds the one-time token: whoever scans it can open the miniklas page. So on a
projected screen (klasveilig) the code and the address are not shown; the teacher reads the
address in the terminal where `lesson-tui coteach` runs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from lesson_tui import export
from lesson_tui.i18n import t
from lesson_tui.settings import coteach_address
from lesson_tui.tui.keys import KeyMapped
from lesson_tui.tui.screens.export import qr_text
from lesson_tui.tui.widgets.plain import Label, Static


class DeviceScreen(KeyMapped, ModalScreen[None]):
    KEYMAP = "device"

    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="device-box"):
            yield Label(t("device.title"), classes="section-title")
            yield Static("", id="device-qr")
            yield Label("", id="device-text")

    def on_mount(self) -> None:
        address = coteach_address(self.app.store.root, self.run_id)
        qr = self.query_one("#device-qr", Static)
        text = self.query_one("#device-text", Label)
        if address is None:
            qr.display = False
            text.update(t("device.not_running"))
        elif self.app.klasveilig:
            qr.display = False
            text.update(t("device.klasveilig"))
        else:
            qr.update(qr_text(export.qr_matrix(address)))
            text.update(t("device.scan", address=address))

    def action_close(self) -> None:
        self.dismiss(None)
