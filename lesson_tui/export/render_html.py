"""The run as an A4 page to print: the sporen, the miniklas, today's groups and the seating plan."""

from __future__ import annotations

from lesson_tui.base.i18n import language, t
from lesson_tui.export.document import RunDocument, clock_time, document_notes, exit_lines, export_names
from lesson_tui.lesson.run import LessonRun
from lesson_tui.rules.seating import SeatingPlan

HTML_STYLE = """
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


def render_html(run: LessonRun, document: RunDocument, seating: SeatingPlan | None = None) -> str:
    from html import escape

    tasks = run.plan.sporen
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        f"<title>{escape(run.plan.titel)} · {escape(run.class_name)}</title>",
        f"<style>{HTML_STYLE}</style></head><body>",
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
        left = clock_time(entry.get("vertrokken_om")) or "-"
        parts.append(
            f"<tr><td>{escape(entry['leerling'])}</td><td>{escape(entry['reden'])}</td><td>{escape(voluntary)}</td>"
            f"<td>{escape(left)}</td></tr>"
        )
    parts.append("</tbody></table>")
    exits = exit_lines(document)
    if exits:
        parts.append(f"<h2>{escape(t('export.exit_title'))}</h2><table><tbody>")
        parts += [f"<tr><td>{escape(name)}</td><td>{escape(score)}</td></tr>" for name, score in exits]
        parts.append("</tbody></table>")
    notes = document_notes(document)
    if notes:
        parts.append(f"<h2>{escape(t('export.notes_title'))}</h2><dl>")
        parts += [f"<dt><strong>{escape(prompt)}</strong></dt><dd>{escape(text)}</dd>" for prompt, text in notes]
        parts.append("</dl>")
    parts += _room_html(run, document, seating)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _room_html(run: LessonRun, document: RunDocument, seating: SeatingPlan | None) -> list[str]:
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
