"""Choosing the renderer for a format and writing the export: to a file, or to the terminal."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.export.document import ExportError, run_document
from lesson_tui.export.qr import qr_ansi, qr_matrix, qr_payload, qr_png, qr_size
from lesson_tui.export.render_csv import render_csv
from lesson_tui.export.render_html import render_html
from lesson_tui.export.render_md import render_markdown
from lesson_tui.files.storage import atomic_write_bytes
from lesson_tui.lesson.run import LessonRun
from lesson_tui.rules.seating import SeatingPlan
from lesson_tui.session.view import LessonView, run_of


def render(lesson: LessonRun | LessonView, fmt: str, seating: SeatingPlan | None = None) -> str:
    """The run in `fmt` (a screen passes the session's view); the HTML page (A4) also
    holds today's groups and, when given, the class's seating plan."""
    run = run_of(lesson)
    document = run_document(run)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if run.sporen is None:
        raise ExportError(t("export.empty_run"))
    if fmt == "csv":
        return render_csv(document)
    if fmt == "md":
        return render_markdown(run, document)
    if fmt == "html":
        return render_html(run, document, seating)
    if fmt == "qr":
        return qr_payload(run, document)
    raise ExportError(t("export.unknown_format", format=fmt))


def export_run(
    run: LessonRun | LessonView,
    fmt: str,
    output: Path | None,
    terminal_size: tuple[int, int] | None = None,
    seating: SeatingPlan | None = None,
) -> Path | None:
    return write_text_export(render(run, fmt, seating), fmt, output, terminal_size)


def _write(output: Path, data: bytes) -> Path:
    """Write an export atomically. Only a regular file is ever replaced: a symlink is
    followed to the file it names, and a FIFO, a device or a folder is refused."""
    if not str(output).strip():
        raise ExportError(t("export.no_output_name"))
    target = output
    if output.is_symlink():
        target = output.resolve()
    if target.exists() and not target.is_file():
        raise ExportError(t("export.not_regular", path=output))
    try:
        atomic_write_bytes(target, data)
    except OSError as error:
        raise ExportError(t("export.cannot_write", path=output, error=os_error_text(error))) from None
    return output


def write_text_export(text: str, fmt: str, output: Path | None, terminal_size: tuple[int, int] | None = None) -> Path | None:
    """Write an already rendered export (csv gets its BOM, qr becomes a drawing or a PNG)."""
    if fmt == "qr":
        matrix = qr_matrix(text)
        if output is None:
            columns, rows = terminal_size or shutil.get_terminal_size()
            need_columns, need_rows = qr_size(matrix)
            if need_columns > columns or need_rows > rows - 1:
                raise ExportError(t("export.qr_too_small", need=f"{need_columns}x{need_rows}", have=f"{columns}x{rows}"))
            sys.stdout.write(qr_ansi(matrix))
            return None
        if output.suffix.lower() != ".png":
            raise ExportError(t("export.png_needs_output"))
        return _write(output, qr_png(text))
    if output is None:
        sys.stdout.write(text)
        return None
    return _write(output, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
