"""The co-teacher's page as a QR code, from FLEX (`d`).

The address holds the one-time token: whoever scans it can open the miniklas page. So on a
projected screen (klasveilig) the code and the address are not shown; the teacher reads the
address in the terminal where `lesson-tui coteach` runs. The address is shown whole
(wrapped), and a code that does not fit the window is not drawn cut: it would not scan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from lesson_tui.base.i18n import t
from lesson_tui.coteach.marker import coteach_address
from lesson_tui.export.qr import qr_fits, qr_matrix, qr_size
from lesson_tui.tui.screens.export import qr_text
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.plain import Label, Static


class DeviceScreen(FollowsKlasveilig, KeyMapped, ModalScreen[None]):
    KEYMAP = "device"

    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id
        self.matrix: list[list[bool]] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="device-box"):
            yield Label(t("device.title"), id="device-title", classes="section-title")
            yield Static("", id="device-qr")
            yield Static("", id="device-text")

    def on_mount(self) -> None:
        self.show_privacy()

    def show_privacy(self) -> None:
        address = coteach_address(self.app.store.root, self.run_id)
        qr = self.query_one("#device-qr", Static)
        text = self.query_one("#device-text", Static)
        self.matrix = None
        if address is None:
            qr.display = False
            text.update(t("device.not_running"))
        elif self.app.klasveilig:
            qr.display = False
            qr.update("")
            text.update(t("device.klasveilig"))
        else:
            qr.display = True
            self.matrix = qr_matrix(address)
            text.update(Text(t("device.scan", address=address), overflow="fold"))
            self.call_after_refresh(self._draw_code)

    def on_resize(self) -> None:
        if self.matrix is not None:
            self.call_after_refresh(self._draw_code)

    def _draw_code(self) -> None:
        """The code when it fits whole beside the title and the address; else why not."""
        if self.matrix is None or not self.is_mounted:
            return
        box = self.query_one("#device-box")
        taken = sum(self.query_one(f"#{name}").outer_size.height for name in ("device-title", "device-text"))
        columns = box.content_size.width
        rows = int(self.size.height * 0.95) - box.styles.gutter.height - taken
        qr = self.query_one("#device-qr", Static)
        if qr_fits(self.matrix, columns, rows):
            qr.update(qr_text(self.matrix))
        else:
            need_columns, need_rows = qr_size(self.matrix)
            room = f"{max(columns, 0)}x{max(rows, 0)}"
            qr.update(Text(t("device.qr_too_small", need=f"{need_columns}x{need_rows}", room=room), style="bold"))

    def action_close(self) -> None:
        self.dismiss(None)
