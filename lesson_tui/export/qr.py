"""The miniklas list as a QR code: its text, and the code drawn in a terminal or as a PNG."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lesson_tui.base.i18n import t
from lesson_tui.export.document import ExportError, RunDocument, run_document
from lesson_tui.lesson.run import LessonRun

if TYPE_CHECKING:
    from qrcode import QRCode  # qrcode ships no type hints: its values are Any to mypy


def qr_payload(run: LessonRun, document: RunDocument | None = None) -> str:
    """The miniklas list as plain text: what a phone shows after scanning."""
    document = document or run_document(run)
    date = document["started_at"][:10]
    # Plain ASCII separators: a "·" (two UTF-8 bytes) made a common phone scanner (zbar)
    # guess Shift-JIS and show "繚"; names keep their letters.
    lines = [t("export.qr_title", klas=run.class_name, les=run.plan.titel, date=date)]
    lines += [f"- {entry['leerling']}" for entry in document["miniklas"]] or ["-"]
    return "\n".join(lines)


def _qr_code(text: str, box_size: int = 10) -> QRCode:
    """A QR code that declares its text as UTF-8 (an ECI 26 header).

    Without the declaration, zbar (a common phone scanner) guesses Shift-JIS for any
    non-ASCII byte: "Zoë" came out as "Zo禱". qrcode cannot write ECI, so the version is
    fitted with two bytes to spare (the header's 12 bits) and the data codewords are then
    made here with the header in front; zbar and zxing both decode it exactly."""
    import qrcode
    from qrcode import util
    from qrcode.exceptions import DataOverflowError

    payload = text.encode("utf-8")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=2, box_size=box_size)
    code.add_data(util.QRData(b"\0\0" + payload, mode=util.MODE_8BIT_BYTE))
    try:
        code.make(fit=True)
        code.data_cache = _utf8_eci_codewords(code.version, code.error_correction, payload)
    except (DataOverflowError, ValueError):
        raise ExportError(t("export.qr_too_long", size=len(payload))) from None
    code.makeImpl(False, code.best_mask_pattern())
    return code


def _utf8_eci_codewords(version: int, error_correction: int, payload: bytes) -> list[int]:
    """qrcode.util.create_data with an ECI 26 (UTF-8) segment before the byte segment."""
    from qrcode import base, util
    from qrcode.exceptions import DataOverflowError

    buffer = util.BitBuffer()
    buffer.put(0b0111, 4)  # ECI mode indicator
    buffer.put(26, 8)  # ECI assignment 26: UTF-8
    data = util.QRData(payload, mode=util.MODE_8BIT_BYTE)
    buffer.put(data.mode, 4)
    buffer.put(len(data), util.length_in_bits(data.mode, version))
    data.write(buffer)
    rs_blocks = base.rs_blocks(version, error_correction)
    bit_limit = sum(block.data_count * 8 for block in rs_blocks)
    if len(buffer) > bit_limit:
        raise DataOverflowError(f"{len(buffer)} > {bit_limit}")
    for _ in range(min(bit_limit - len(buffer), 4)):  # terminator
        buffer.put_bit(False)
    while len(buffer) % 8:
        buffer.put_bit(False)
    for i in range((bit_limit - len(buffer)) // 8):
        buffer.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
    codewords: list[int] = util.create_bytes(buffer, rs_blocks)
    return codewords


def qr_matrix(text: str) -> list[list[bool]]:
    matrix: list[list[bool]] = _qr_code(text).get_matrix()
    return matrix


def qr_png(text: str) -> bytes:
    """The code as a PNG, drawn by qrcode itself (pure-Python pypng, no Pillow needed)."""
    from qrcode.image.pure import PyPNGImage

    buffer = io.BytesIO()
    _qr_code(text, box_size=8).make_image(image_factory=PyPNGImage).save(buffer)
    return buffer.getvalue()


def qr_lines(matrix: list[list[bool]]) -> list[list[tuple[bool, bool]]]:
    """Two module rows per text row: (top dark, bottom dark) per character."""
    rows = list(matrix)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [list(zip(rows[i], rows[i + 1])) for i in range(0, len(rows), 2)]


def qr_ansi(matrix: list[list[bool]]) -> str:
    """Black modules on white, drawn with half blocks and explicit colours, so it scans
    from a dark or a light terminal alike."""
    out = []
    for line in qr_lines(matrix):
        cells = []
        for top, bottom in line:
            fg = "30" if top else "97"
            bg = "40" if bottom else "107"
            cells.append(f"\x1b[{fg};{bg}m▀")
        out.append("".join(cells) + "\x1b[0m")
    return "\n".join(out) + "\n"


def qr_size(matrix: list[list[bool]]) -> tuple[int, int]:
    """Columns and rows the code needs in a terminal."""
    return len(matrix[0]), (len(matrix) + 1) // 2


def qr_fits(matrix: list[list[bool]], columns: int, rows: int) -> bool:
    """Whether the code can be drawn whole in `columns` x `rows` cells: a code cut by a
    single row does not scan, so a screen that cannot draw it says so instead."""
    need_columns, need_rows = qr_size(matrix)
    return need_columns <= columns and need_rows <= rows
