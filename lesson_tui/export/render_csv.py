"""The run as CSV for a spreadsheet: one row per pupil, the notes below."""

from __future__ import annotations

import csv
import io

from lesson_tui.base.i18n import decimal, t
from lesson_tui.export.document import RunDocument, clock_time, document_notes

# A cell that starts like a formula is run by Excel and LibreOffice (CSV injection);
# a leading apostrophe makes it text there and is what OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# The CSV's columns (README "Exportformaten"); the header is in the teacher's language and
# the exit ticket is two number columns (right, total) that a spreadsheet can add up.
CSV_COLUMNS = ("pupil", "spoor", "miniklas", "reason", "voluntary", "left", "self", "exit_right", "exit_total")


def render_csv(document: RunDocument) -> str:
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
                clock_time(entry.get("vertrokken_om")) if entry else "",
                document["self_assessment"].get(name, ""),
                # two numbers, never "2/2": a spreadsheet reads that as 2 February
                decimal(score["juist"]) if score else "",
                score["totaal"] if score else "",
            )
    notes = document_notes(document)
    if notes:
        writer.writerow([])
        for prompt, text in notes:
            row(t("export.csv_note"), prompt, text)
    return buffer.getvalue()
