"""A class by its goals, exported: the same data as the goal grid (`session/goals.py`) as
JSON (a fixed schema, README "Doelen exporteren"), CSV for a spreadsheet (one row per pupil
per goal, numbers a spreadsheet computes with, never a date), Markdown, and an A4 page to
print for the zorgleerkracht and the oudercontact."""

from __future__ import annotations

import csv
import io
import json
import re
from html import escape
from typing import Any

from lesson_tui.base.i18n import decimal, language, t
from lesson_tui.export.document import ExportError
from lesson_tui.export.render_csv import csv_cell
from lesson_tui.export.render_html import HTML_STYLE
from lesson_tui.export.render_md import md_text
from lesson_tui.rules.mastery import Status
from lesson_tui.session.goals import GoalGrid

GOALS_SCHEMA = "lesson-tui/goals/1"
GOALS_FORMATS = ("csv", "md", "json", "html")
# the CSV's columns (README); the header is in the teacher's language
GOALS_CSV_COLUMNS = (
    "number", "pupil", "goal", "vak", "status", "share", "evidence_lessons", "lessons", "stuck", "miniklas_minutes",
)
# A text a spreadsheet would read as a number or a date ("3-4", "1/2"): kept text
_LOOKS_NUMERIC = re.compile(r"^[\d\s.,:/+\-]+$")
_HTML_COLUMNS = 10  # goals per table on an A4 page


def _text_cell(value: str) -> str:
    return "'" + value if _LOOKS_NUMERIC.match(value) else csv_cell(value)


def status_word(status: Status) -> str:
    return t(f"goals.status_{status.value}")


def goals_document(grid: GoalGrid, class_name: str) -> dict[str, Any]:
    """The export's data (the JSON schema `GOALS_SCHEMA`, README)."""
    goals = []
    for goal in grid.goals:
        goals.append({
            "id": goal.id,
            "lesdoel": goal.sentence,
            "vak": goal.vak,
            "titel_als_doel": goal.from_title,
            # pre-teaching before the next lesson on it: not yet at beheerst (bijna, nog niet)
            "voorinstructie": [grid.names[p.id] for p in grid.needs_support(goal.id)],
            "lessen": [
                {"run_id": run.run_id, "les": run.lesson_id, "titel": run.titel, "datum": run.started_at[:10]}
                for run in goal.runs
            ],
        })
    pupils = []
    for pupil in grid.pupils:
        per_goal = {}
        for goal in grid.goals:
            cell = grid.cell(pupil.id, goal.id)
            share = cell.status.share
            per_goal[goal.id] = {
                "status": cell.status.status.value,
                "aandeel_juist": None if share is None else round(share, 4),
                "lessen_met_bewijs": cell.status.lessons,
                "lessen_aanwezig": cell.taken_part,
                "vastgelopen": cell.stuck,
                "miniklas_minuten": round(cell.miniklas_s / 60, 1),
            }
        pupils.append({"nummer": pupil.number, "leerling": grid.names[pupil.id], "doelen": per_goal})
    return {
        "schema": GOALS_SCHEMA,
        "klas": class_name,
        "klas_id": grid.class_id,
        "vastgelopen_na": grid.stuck_after,
        "doelen": goals,
        "leerlingen": pupils,
    }


def render_goals(grid: GoalGrid, class_name: str, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(goals_document(grid, class_name), ensure_ascii=False, indent=2) + "\n"
    if not grid.goals:
        raise ExportError(t("goals.none", klas=class_name))
    if fmt == "csv":
        return _csv(grid)
    if fmt == "md":
        return _markdown(grid, class_name)
    if fmt == "html":
        return _html(grid, class_name)
    raise ExportError(t("export.unknown_format", format=fmt))


def _share_percent(share: float | None) -> str:
    return "" if share is None else str(round(share * 100))


def _csv(grid: GoalGrid) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"goals.csv_{column}") for column in GOALS_CSV_COLUMNS])
    yes, no = t("export.yes"), t("export.no")
    for goal in grid.goals:
        for pupil in grid.pupils:
            cell = grid.cell(pupil.id, goal.id)
            writer.writerow([
                pupil.number,
                _text_cell(grid.names[pupil.id]),
                _text_cell(goal.id),
                _text_cell(goal.vak),
                status_word(cell.status.status),
                _share_percent(cell.status.share),  # a whole percentage: a number in every language
                cell.status.lessons,
                cell.taken_part,
                yes if cell.stuck else no,
                decimal(round(cell.miniklas_s / 60, 1)),
            ])
    return buffer.getvalue()


def _legend() -> str:
    return " · ".join(f"{status.symbol} {status_word(status)}" for status in Status)


def _title(class_name: str, grid: GoalGrid | None = None) -> str:
    if grid is not None and len(grid.pupils) == 1:  # the export of one pupil
        return t("goals.export_title_pupil", name=grid.names[grid.pupils[0].id], klas=class_name)
    return t("goals.export_title", klas=class_name)


def _pupil_lines(grid: GoalGrid) -> list[tuple[str, str]]:
    """One pupil, per goal in words: (the goal, its status, lessons and miniklas time)."""
    pupil = grid.pupils[0]
    found = []
    for number, goal in enumerate(grid.goals, 1):
        cell = grid.cell(pupil.id, goal.id)
        shares = " ".join(
            t("goals.absent") if not x.present else ("-" if x.share is None else f"{round(x.share * 100)}%")
            for x in grid.lessons(pupil.id, goal.id)
        )
        words = f"{cell.status.status.symbol} {status_word(cell.status.status)} · {shares} · " + _stuck_detail(cell.taken_part, cell.miniklas_s)
        found.append((f"D{number} {goal.id}: {goal.sentence}", words))
    return found


def _markdown(grid: GoalGrid, class_name: str) -> str:
    lines = [f"# {md_text(_title(class_name, grid))}", "", md_text(_legend()), ""]
    if len(grid.pupils) == 1:
        lines += [f"- **{md_text(goal)}**: {md_text(words)}" for goal, words in _pupil_lines(grid)]
        return "\n".join(lines) + "\n"
    for number, goal in enumerate(grid.goals, 1):
        lines.append(f"- **D{number}** `{goal.id}`: {md_text(goal.sentence)} ({md_text(goal.vak)}, {len(goal.runs)} {t('goals.lessons')})")
        support = [grid.names[p.id] for p in grid.needs_support(goal.id)]
        if support:
            lines.append(f"  - {md_text(t('goals.preteach', names=', '.join(support)))}")
    lines.append("")
    header = ["#", t("export.csv_pupil")] + [f"D{n}" for n in range(1, len(grid.goals) + 1)]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for pupil in grid.pupils:
        cells = [grid.cell(pupil.id, goal.id).status.status.symbol for goal in grid.goals]
        lines.append(f"| {pupil.number} | {md_text(grid.names[pupil.id])} | " + " | ".join(cells) + " |")
    lines += ["", f"## {md_text(t('goals.stuck_title', count=grid.stuck_after))}", ""]
    stuck = grid.stuck()
    for pupil, goal, cell in stuck:
        lines.append(f"- {md_text(grid.names[pupil.id])}: `{goal.id}` · {_stuck_detail(cell.taken_part, cell.miniklas_s)}")
    if not stuck:
        lines.append(t("goals.stuck_none"))
    return "\n".join(lines) + "\n"


def _stuck_detail(lessons: int, miniklas_s: int) -> str:
    return t("goals.stuck_detail", lessons=lessons, minutes=decimal(round(miniklas_s / 60, 1)))


def _html(grid: GoalGrid, class_name: str) -> str:
    title = _title(class_name, grid)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8"><title>{escape(title)}</title>',
        f"<style>{HTML_STYLE}\n.grid td.s {{ text-align: center; font-size: 13pt; }}\n"
        ".grid th.g { font-size: 9pt; }\n.grid { break-inside: auto; }\ntr { break-inside: avoid; }</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(_legend())}</p>',
    ]
    if len(grid.pupils) == 1:
        parts.append("<table><tbody>")
        parts += [f"<tr><td>{escape(goal)}</td><td>{escape(words)}</td></tr>" for goal, words in _pupil_lines(grid)]
        parts.append("</tbody></table></body></html>")
        return "\n".join(parts) + "\n"
    parts.append("<ol>")
    for goal in grid.goals:
        support = [grid.names[p.id] for p in grid.needs_support(goal.id)]
        preteach = f"<br>{escape(t('goals.preteach', names=', '.join(support)))}" if support else ""
        parts.append(
            f"<li><strong>{escape(goal.id)}</strong>: {escape(goal.sentence)} "
            f"({escape(goal.vak)}, {len(goal.runs)} {escape(t('goals.lessons'))}){preteach}</li>"
        )
    parts.append("</ol>")
    for start in range(0, len(grid.goals), _HTML_COLUMNS):
        chunk = list(enumerate(grid.goals, 1))[start : start + _HTML_COLUMNS]
        parts.append('<table class="grid"><thead><tr><th>#</th>')
        parts.append(f"<th>{escape(t('export.csv_pupil'))}</th>")
        parts += [f'<th class="g" title="{escape(goal.id)}">{number}</th>' for number, goal in chunk]
        parts.append("</tr></thead><tbody>")
        for pupil in grid.pupils:
            parts.append(f"<tr><td>{pupil.number}</td><td>{escape(grid.names[pupil.id])}</td>")
            for _, goal in chunk:
                status = grid.cell(pupil.id, goal.id).status.status
                parts.append(f'<td class="s" title="{escape(status_word(status))}">{escape(status.symbol)}</td>')
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append(f"<h2>{escape(t('goals.stuck_title', count=grid.stuck_after))}</h2>")
    stuck = grid.stuck()
    if stuck:
        parts.append("<ul>")
        parts += [
            f"<li><strong>{escape(grid.names[p.id])}</strong>: {escape(g.id)} · {escape(_stuck_detail(c.taken_part, c.miniklas_s))}</li>"
            for p, g, c in stuck
        ]
        parts.append("</ul>")
    else:
        parts.append(f"<p>{escape(t('goals.stuck_none'))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
