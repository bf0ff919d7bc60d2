"""Exports of a lesson run: json (the whole run, SPEC.md schema), csv, md, html and qr.

Pupils are named by their full name (what the zorgleerkracht needs), or by their on-screen
name where two pupils share a full name. Only the run asked for is ever written.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import to_iso
from lesson_tui.base.i18n import decimal, language, t
from lesson_tui.lesson.run import LessonRun
from lesson_tui.files.storage import atomic_write_bytes, os_error_text

class ExportError(Exception):
    pass


def file_stem(*parts: str) -> str:
    """A file name safe on Windows too: 'wereldoriëntatie' -> 'wereldorientatie'."""
    from lesson_tui.klas.pupils import class_slug

    return "-".join(class_slug(part) for part in parts if part)


def export_names(run: LessonRun) -> dict[str, str]:
    full = {p.id: p.full_name for p in run.pupils}
    counts: dict[str, int] = {}
    for name in full.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return {pid: (name if counts[name.casefold()] == 1 else run.names[pid]) for pid, name in full.items()}


def run_document(run: LessonRun) -> dict[str, Any]:
    """The whole run as the JSON of SPEC.md (plus `beurtstokjes`, an addition)."""
    names = export_names(run)
    now = run.clock.now()
    phases = []
    for phase, timing in zip(run.plan.fase, run.timings):
        phases.append(
            {
                "soort": phase.soort,
                "planned_s": timing.planned_s + timing.adjust_s,
                "actual_s": round(timing.elapsed(now)),
                "started_at": to_iso(timing.started_at) if timing.started_at else None,
                "ended_at": to_iso(timing.ended_at) if timing.ended_at else None,
            }
        )
    rounds = []
    for round_ in run.rounds:
        if round_.kind == "exit":
            continue
        rounds.append(
            {
                "soort": run.plan.fase[round_.phase_index].soort,
                "vraag": round_.vraag,
                "niveau": round_.niveau,
                "marks": {names[pid]: mark for pid, mark in round_.asked_marks(run.pupil_ids).items()},
            }
        )
    sporen = _sporen_part(run, names)
    return {
        "run_id": run.run_id,
        "class": run.class_name,
        "lesson": {"id": run.plan.id, "titel": run.plan.titel, "lesdoel": run.plan.lesdoel},
        "started_at": run.info["started_at"],
        "closed_at": to_iso(run.state.closed_at) if run.state.closed_at else None,
        "phases": phases,
        "cfu_rounds": rounds,
        **sporen,
        "beurtstokjes": [
            {"leerling": names[p.pupil_id], "resultaat": p.result} for p in run.picks
        ],
    }


def _sporen_part(run: LessonRun, names: dict[str, str]) -> dict[str, Any]:
    split = run.sporen or {}
    groups: dict[str, list[str]] = {"1": [], "2": [], "3": []}
    miniklas = []
    for pid in run.pupil_ids:
        entry = split.get(pid)
        if entry is None:
            continue
        groups[str(entry["spoor"])].append(names[pid])
        if entry["spoor"] == 3:
            left = run.state.jij.left_miniklas.get(pid)
            miniklas.append(
                {
                    "leerling": names[pid],
                    "reden": entry["reden"],
                    "vrijwillig": entry["vrijwillig"],
                    "aangesloten_om": to_iso(run.state.sporen_at) if run.state.sporen_at else None,
                    "vertrokken_om": to_iso(left) if left else None,
                }
            )
    exit_ticket = {
        names[pid]: {"juist": _number(score.right), "totaal": score.total} for pid, score in run.exit_ticket().items()
    }
    return {
        "self_assessment": {names[pid]: value for pid, value in run.state.self_assessment.items()},
        "sporen": groups,
        "miniklas": miniklas,
        "exit_ticket": exit_ticket,
        "notities": dict(run.state.notes),
        "groepen": [[names[pid] for pid in group] for group in run.state.groups],
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def render(run: LessonRun, fmt: str, seating=None) -> str:
    """The run in `fmt`; the HTML page (A4) also holds today's groups and, when given, the
    class's seating plan."""
    document = run_document(run)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if run.sporen is None:
        raise ExportError(t("export.empty_run"))
    if fmt == "csv":
        return _csv(document)
    if fmt == "md":
        return _markdown(run, document)
    if fmt == "html":
        return _html(run, document, seating)
    if fmt == "qr":
        return qr_payload(run, document)
    raise ExportError(t("export.unknown_format", format=fmt))


def qr_payload(run: LessonRun, document: dict | None = None) -> str:
    """The miniklas list as plain text: what a phone shows after scanning."""
    document = document or run_document(run)
    date = document["started_at"][:10]
    # Plain ASCII separators: a "·" (two UTF-8 bytes) made a common phone scanner (zbar)
    # guess Shift-JIS and show "繚"; names keep their letters.
    lines = [t("export.qr_title", klas=run.class_name, les=run.plan.titel, date=date)]
    lines += [f"- {entry['leerling']}" for entry in document["miniklas"]] or ["-"]
    return "\n".join(lines)


def _qr_code(text: str, box_size: int = 10):
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
    return util.create_bytes(buffer, rs_blocks)


def qr_matrix(text: str) -> list[list[bool]]:
    return _qr_code(text).get_matrix()


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


_HTML_STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
.meta { margin: 0 0 12pt; }
.sporen { display: flex; gap: 8pt; }
.spoor { flex: 1; border: 1.5pt solid #000; padding: 6pt; break-inside: avoid; }
.spoor h2 { font-size: 13pt; margin: 0 0 4pt; }
.task { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin-top: 12pt; }
th, td { border: 1pt solid #000; padding: 3pt 5pt; text-align: left; vertical-align: top; }
.room { break-before: page; }
.groups li { margin: 2pt 0; font-size: 13pt; }
.board { text-align: center; font-weight: bold; border: 1.5pt solid #000; padding: 3pt; margin: 8pt 0 0; }
.seating td { width: 16%; height: 28pt; text-align: center; vertical-align: middle; }
.seating td.nodesk { border: none; }
"""


def _html(run: LessonRun, document: dict, seating=None) -> str:
    from html import escape

    tasks = run.plan.sporen
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        f"<title>{escape(run.plan.titel)} · {escape(run.class_name)}</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{escape(run.plan.titel)} · {escape(run.class_name)}</h1>",
        f'<p class="meta">{escape(document["started_at"][:10])} · <strong>{escape(t("ui.lesdoel"))}:</strong> '
        f"{escape(run.plan.lesdoel)}</p>",
        '<div class="sporen">',
    ]
    for number in ("1", "2", "3"):
        names = document["sporen"][number]
        parts.append(f'<section class="spoor"><h2>{escape(t("export.spoor_title", number=number))} ({len(names)})</h2>')
        task = tasks.task(int(number))
        if task:
            parts.append(f'<p class="task">{escape(task)}</p>')
        parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in names) + "</ul></section>")
    parts.append("</div>")
    parts.append(f"<h2>{escape(t('export.miniklas_title'))} ({len(document['miniklas'])})</h2>")
    parts.append(f"<table><thead><tr><th>{escape(t('sporen.col_name'))}</th><th>{escape(t('export.reason'))}</th>"
                 f"<th>{escape(t('flex.voluntary'))}</th><th>{escape(t('export.left_column'))}</th></tr></thead><tbody>")
    for entry in document["miniklas"]:
        voluntary = t("export.yes") if entry["vrijwillig"] else t("export.no")
        left = _clock_time(entry.get("vertrokken_om")) or "-"
        parts.append(
            f"<tr><td>{escape(entry['leerling'])}</td><td>{escape(entry['reden'])}</td><td>{escape(voluntary)}</td>"
            f"<td>{escape(left)}</td></tr>"
        )
    parts.append("</tbody></table>")
    exits = _exit_lines(document)
    if exits:
        parts.append(f"<h2>{escape(t('export.exit_title'))}</h2><table><tbody>")
        parts += [f"<tr><td>{escape(name)}</td><td>{escape(score)}</td></tr>" for name, score in exits]
        parts.append("</tbody></table>")
    notes = _notes(document)
    if notes:
        parts.append(f"<h2>{escape(t('export.notes_title'))}</h2><dl>")
        parts += [f"<dt><strong>{escape(prompt)}</strong></dt><dd>{escape(text)}</dd>" for prompt, text in notes]
        parts.append("</dl>")
    parts += _room_html(run, document, seating)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _room_html(run: LessonRun, document: dict, seating) -> list[str]:
    """Today's groups and the seating plan, on a page of their own (to hang up or hand out)."""
    from html import escape

    parts: list[str] = []
    if not document.get("groepen") and seating is None:
        return parts
    parts.append('<section class="room">')
    if document.get("groepen"):
        parts.append(f"<h2>{escape(t('export.groups_title'))}</h2><ol class=\"groups\">")
        parts += [f"<li>{' + '.join(escape(name) for name in group)}</li>" for group in document["groepen"]]
        parts.append("</ol>")
    if seating is not None:
        names = export_names(run)
        parts.append(f"<h2>{escape(t('export.seating_title'))}</h2>")
        parts.append(f'<p class="board">{escape(t("seating.board"))}</p><table class="seating"><tbody>')
        for row in range(seating.rows):
            cells = []
            for col in range(seating.cols):
                if (row, col) in seating.empty:
                    cells.append('<td class="nodesk"></td>')
                else:
                    pid = seating.seats.get((row, col))
                    cells.append(f"<td>{escape(names.get(pid, '')) if pid else ''}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</section>")
    return parts


# A cell that starts like a formula is run by Excel and LibreOffice (CSV injection);
# a leading apostrophe makes it text there and is what OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# The CSV's columns (README "Exportformaten"); the header is in the teacher's language and
# the exit ticket is two number columns (right, total) that a spreadsheet can add up.
CSV_COLUMNS = ("pupil", "spoor", "miniklas", "reason", "voluntary", "left", "self", "exit_right", "exit_total")


def _csv(document: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def row(*cells: object) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    row(*(t(f"export.csv_{column}") for column in CSV_COLUMNS))
    yes, no = t("export.yes"), t("export.no")
    reasons = {m["leerling"]: m for m in document["miniklas"]}
    for spoor in ("1", "2", "3"):
        for name in document["sporen"][spoor]:
            entry = reasons.get(name)
            score = document["exit_ticket"].get(name)
            row(
                name,
                spoor,
                yes if entry else no,
                entry["reden"] if entry else "",
                yes if entry and entry["vrijwillig"] else no,
                _clock_time(entry.get("vertrokken_om")) if entry else "",
                document["self_assessment"].get(name, ""),
                # two numbers, never "2/2": a spreadsheet reads that as 2 February
                decimal(score["juist"]) if score else "",
                score["totaal"] if score else "",
            )
    notes = _notes(document)
    if notes:
        writer.writerow([])
        for prompt, text in notes:
            row(t("export.csv_note"), prompt, text)
    return buffer.getvalue()


def _clock_time(iso: str | None) -> str:
    return iso[11:16] if iso else ""


def _notes(document: dict) -> list[tuple[str, str]]:
    """The reflection notes of the grote lesafsluiting as (question, note), in order."""
    keys = ("process_1", "process_2", "process_3", "feedback_1", "feedback_2", "feedback_3")
    notes = document.get("notities", {})
    return [(t(f"closing.{key}"), notes[key]) for key in keys if notes.get(key)]


def score_text(right: float, total: int) -> str:
    """An exit-ticket score for people to read: '1,5/2' in Dutch, '1.5/2' in English."""
    return f"{decimal(right)}/{total}"


def _exit_lines(document: dict) -> list[tuple[str, str]]:
    return [(name, score_text(score["juist"], score["totaal"])) for name, score in document["exit_ticket"].items()]


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md_text(value: str) -> str:
    """Teacher text in Markdown: no HTML (a <script> in a name stays text) and no markup."""
    return " ".join(value.split()).translate(_MD_SPECIAL)


def _markdown(run: LessonRun, document: dict) -> str:
    tasks = run.plan.sporen
    lines = [
        f"# {md_text(run.plan.titel)} · {md_text(run.class_name)}",
        "",
        f"{document['started_at'][:10]} · **{t('ui.lesdoel')}:** {md_text(run.plan.lesdoel)}",
        "",
    ]
    for number, task in (("1", tasks.spoor1), ("2", tasks.spoor2), ("3", tasks.spoor3)):
        pupils = ", ".join(md_text(n) for n in document["sporen"][number]) or "-"
        lines += [f"## {md_text(t('export.spoor_title', number=number))}", "", f"*{md_text(task)}*" if task else "", "", pupils, ""]
    lines += [f"## {md_text(t('export.miniklas_title'))}", ""]
    if document["miniklas"]:
        for entry in document["miniklas"]:
            line = f"- **{md_text(entry['leerling'])}**: {md_text(entry['reden'])}"
            if entry["vrijwillig"]:
                line += f" ({t('export.voluntary_short')})"
            if entry.get("vertrokken_om"):
                line += f" · {t('export.left_at', time=_clock_time(entry['vertrokken_om']))}"
            lines.append(line)
    else:
        lines.append("-")
    exits = _exit_lines(document)
    if exits:
        lines += ["", f"## {t('export.exit_title')}", ""]
        lines += [f"- {md_text(name)}: {score}" for name, score in exits]
    notes = _notes(document)
    if notes:
        lines += ["", f"## {t('export.notes_title')}", ""]
        lines += [f"- **{md_text(prompt)}** {md_text(text)}" for prompt, text in notes]
    return "\n".join(lines) + "\n"


def export_run(
    run: LessonRun, fmt: str, output: Path | None, terminal_size: tuple[int, int] | None = None, seating=None
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


# --- "voor de volgende les": the pre-teaching list ------------------------------------------


def render_invites(run: LessonRun, invites: list, fmt: str) -> str:
    """The pre-teaching list after `run`, in the same formats as the miniklas list, or as
    `text`: plain lines for the terminal, with no markup to escape."""
    date = run.info["started_at"][:10]
    title = f"{t('history.payload_title')} - {run.class_name} - {run.plan.vak} ({run.plan.titel}, {date})"
    if fmt == "text":
        lines = [title, ""] + [f"- {i.name}: {'; '.join(i.reasons)}" for i in invites]
        return "\n".join(lines if invites else [title, "", t("history.next_empty")]) + "\n"
    if fmt == "json":
        payload = {
            "class": run.class_name,
            "vak": run.plan.vak,
            "na_les": {"run_id": run.run_id, "id": run.plan.id, "titel": run.plan.titel, "datum": date},
            "leerlingen": [{"leerling": i.name, "redenen": i.reasons} for i in invites],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([t("export.csv_pupil"), t("export.csv_reasons")])
        for invite in invites:
            writer.writerow([csv_cell(invite.name), csv_cell("; ".join(invite.reasons))])
        return buffer.getvalue()
    if fmt == "md":
        lines = [f"# {md_text(title)}", ""] + [f"- **{md_text(i.name)}**: {md_text(', '.join(i.reasons))}" for i in invites]
        return "\n".join(lines or ["-"]) + "\n"
    if fmt == "html":
        from html import escape

        items = "".join(f"<li><strong>{escape(i.name)}</strong>: {escape(', '.join(i.reasons))}</li>" for i in invites)
        return (
            f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_HTML_STYLE}</style></head><body><h1>{escape(title)}</h1><ul>{items}</ul></body></html>\n"
        )
    if fmt == "qr":
        return "\n".join([title] + [f"- {i.name}" for i in invites])
    raise ExportError(t("export.unknown_format", format=fmt))


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
