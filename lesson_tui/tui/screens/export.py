"""Export from inside the app: choose a format, see a preview and where the file went."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, OptionList
from textual.widgets.option_list import Option

from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.export.document import ExportError, file_stem
from lesson_tui.export.output import export_run, render
from lesson_tui.export.qr import qr_fits, qr_lines, qr_matrix, qr_size
from lesson_tui.session.view import LessonView
from lesson_tui.tui.screens.keymapped import KeyMapped
from lesson_tui.tui.screens.private import FollowsKlasveilig
from lesson_tui.tui.widgets.plain import Label, Static

FORMATS = [("csv", "csv"), ("md", "md"), ("html", "html"), ("json", "json"), ("qr", "png")]


def csv_preview(body: str) -> str:
    """The CSV as aligned columns, as a spreadsheet would show it."""
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(max(map(len, rows), default=0))]
    return "\n".join("  ".join(cell.ljust(min(widths[i], 28))[:28] for i, cell in enumerate(row)) for row in rows)


def open_with_system(path: Path) -> None:
    """Open a file with the program the system uses for it (the browser for HTML, ready
    to print). Local only: the file's own path, never a network address."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elif shutil.which("xdg-open"):
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            raise OSError(errno.ENOENT, "no program to open it")


def qr_text(matrix: list[list[bool]]) -> Text:
    text = Text()
    for line in qr_lines(matrix):
        for top, bottom in line:
            text.append("▀", style=f"{'black' if top else 'white'} on {'black' if bottom else 'white'}")
        text.append("\n")
    return text


class ExportScreen(FollowsKlasveilig, KeyMapped, ModalScreen[None]):
    KEYMAP = "export"

    def __init__(self, lesson: LessonView) -> None:
        super().__init__()
        self.lesson = lesson
        self.written: Path | None = None
        self._shown: tuple[str, str] | None = None  # the format and body of the preview

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-box"):
            yield Label(t("export.title"), classes="section-title")
            yield Label(t("export.choose"))
            yield OptionList(*[Option(t(f"export.fmt_{fmt}"), id=fmt) for fmt, _ in FORMATS], id="export-formats")
            yield Label("", id="export-result")
            yield Static("", id="export-preview")
            yield Markdown("", id="export-markdown", classes="-hidden")

    def on_mount(self) -> None:
        formats = self.query_one(OptionList)
        formats.highlighted = 0
        formats.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        fmt = event.option_id
        self.qr = None
        extension = dict(FORMATS)[fmt]
        lesson = self.lesson
        stem = file_stem(lesson.run_id, lesson.class_name, lesson.plan.id)
        folder = self.app.store.exports_dir
        target = folder / f"{stem}.{extension}"
        result = self.query_one("#export-result", Label)
        preview = self.query_one("#export-preview", Static)
        try:
            export_run(lesson, fmt, target)
            from lesson_tui.store.settings import Settings

            body = render(lesson, fmt, Settings(self.app.store.root).seating(lesson.class_id))
        except ExportError as error:
            result.update(Text(str(error), style="bold red"))
            preview.update("")
            return
        self.written = target
        result.update(Text(t("export.written_open", path=target), style="bold"))
        self._shown = (fmt, body)
        self._preview(fmt, body)

    def show_privacy(self) -> None:
        if self._shown is not None:
            self._preview(*self._shown)

    def _preview(self, fmt: str, body: str) -> None:
        """What was written, readable here; with klasveilig only the QR code."""
        self.qr = None
        preview = self.query_one("#export-preview", Static)
        markdown = self.query_one("#export-markdown", Markdown)
        markdown.add_class("-hidden")
        preview.remove_class("-hidden")
        if self.app.klasveilig and fmt != "qr":
            # the miniklas list with reasons is for the teacher, not the projector
            preview.update(Text(t("export.preview_hidden"), style="italic"))
        elif fmt in ("html", "md"):
            # what the printed page says, readable here (never the raw HTML)
            markdown.update(render(self.lesson, "md"))
            markdown.remove_class("-hidden")
            preview.add_class("-hidden")
        elif fmt == "csv":
            preview.update(Text(csv_preview(body)))
        elif fmt == "qr":
            self.qr = qr_matrix(body)
            preview.update("")
            self.call_after_refresh(self._draw_qr)
        else:
            preview.update(Text(body if len(body) < 4000 else body[:4000] + "\n…"))

    qr: list[list[bool]] | None = None

    def on_resize(self) -> None:
        if self.qr is not None:
            self.call_after_refresh(self._draw_qr)

    def _draw_qr(self) -> None:
        """The code when it fits whole under the list and the result line (a code cut by
        one row does not scan); else say so: the PNG is written either way."""
        preview = self.query_one("#export-preview", Static)
        if self.qr is None or preview.has_class("-hidden"):
            return
        box = self.query_one("#export-box")
        taken = sum(child.outer_size.height for child in box.children if child.display and child.id not in ("export-preview", "export-markdown"))
        columns, rows = box.content_size.width, box.content_size.height - taken
        if qr_fits(self.qr, columns, rows):
            preview.update(qr_text(self.qr))
        else:
            need_columns, need_rows = qr_size(self.qr)
            preview.update(Text(t("export.qr_too_small_app", need=f"{need_columns}x{need_rows}"), style="bold"))

    def action_open_file(self) -> None:
        if self.written is None:
            self.notify(t("export.open_first"))
            return
        try:
            open_with_system(self.written)
        except OSError as error:
            self.notify(t("export.cannot_open", path=self.written, error=os_error_text(error)), severity="error")

    def action_close(self) -> None:
        self.dismiss(None)
