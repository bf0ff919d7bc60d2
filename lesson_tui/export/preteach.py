"""\"Voor de volgende les\": the pre-teaching list after a run, in the export formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from lesson_tui.base.i18n import language, t
from lesson_tui.export.document import ExportError
from lesson_tui.export.render_csv import csv_cell
from lesson_tui.export.render_html import HTML_STYLE
from lesson_tui.export.render_md import md_text
from lesson_tui.lesson.run import LessonRun
from lesson_tui.review.invites import Invite


def render_invites(run: LessonRun, invites: Sequence[Invite], fmt: str) -> str:
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
            f"<style>{HTML_STYLE}</style></head><body><h1>{escape(title)}</h1><ul>{items}</ul></body></html>\n"
        )
    if fmt == "qr":
        return "\n".join([title] + [f"- {i.name}" for i in invites])
    raise ExportError(t("export.unknown_format", format=fmt))
