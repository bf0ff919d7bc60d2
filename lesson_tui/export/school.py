"""The school view's exports for the zorgoverleg / MDO (`lesson-tui school --format ...`):
the same data as the school screen, confidential, never written into a teacher's folder.

- `json`: `school_document`, the fixed schema of the README ("Voor de zorgcoördinator");
- `csv`: the classes, then the signals, `;` with a BOM, numbers as Calc in Belgium reads
  them (never `3/5` or `2/2`, which it takes for dates: "3 van 5");
- `md`: the same, to read or paste;
- `html`: printable A4, one page per class and one per pupil with a signal (or the pupil
  asked for), each marked "vertrouwelijk".
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path
from typing import Any

from lesson_tui.base.i18n import decimal, language, t
from lesson_tui.export.document import ExportError
from lesson_tui.export.render_csv import csv_cell
from lesson_tui.export.render_html import HTML_STYLE
from lesson_tui.export.render_md import md_text
from lesson_tui.school.signals import LessonFact, Signal
from lesson_tui.school.view import ClassSummary, PupilRecord, SchoolReport
from lesson_tui.school.words import (
    class_line,
    fact_line,
    minutes_text,
    pct,
    signal_text,
    sizes_text,
    suggestion_text,
    thresholds_line,
    window_text,
)

SCHEMA = "lesson-tui/school/1"
FORMATS = ("csv", "md", "json", "html")


def refuse_teacher_folder(output: Path | None, folders: list[Path]) -> None:
    """An export is never written into a teacher's folder (it is synced to that teacher's
    PCs): ExportError naming the folder."""
    if output is None:
        return
    target = Path(output).expanduser()
    target = target.resolve() if target.exists() or target.is_symlink() else target.parent.resolve() / target.name
    for folder in folders:
        root = Path(folder).expanduser().resolve()
        if target == root or target.is_relative_to(root):
            raise ExportError(t("school.refuse_teacher_folder", path=output, folder=root))


def _fact_doc(fact: LessonFact) -> dict[str, Any]:
    return {
        "run_id": fact.run_id, "datum": fact.date, "klas": fact.class_name, "vak": fact.vak,
        "titel": fact.titel, "spoor": fact.spoor, "score": fact.score, "zelfinschatting": fact.self_assessment,
        "miniklas_min": round(fact.miniklas_s / 60, 1),
    }


def _signal_doc(signal: Signal) -> dict[str, Any]:
    return {
        "soort": signal.kind,
        "sleutel": signal.person,
        "naam": signal.name,
        "vak": signal.vak,
        "drempel": {"n": signal.window[0], "m": signal.window[1]},
        "lessen_bekeken": signal.seen,
        "miniklas_min": signal.miniklas_min,
        "voorinstructie_min": None,  # no lesson file records pre-teaching given (README)
        "detail": signal.detail,
        "bewijs": [_fact_doc(f) for f in signal.evidence],
    }


def _class_doc(summary: ClassSummary) -> dict[str, Any]:
    return {
        "klas": summary.name,
        "leerkrachten": list(summary.teachers),
        "leerlingen": summary.pupils,
        "lessen": summary.lessons_given,
        "check_dekking": None if summary.coverage is None else round(summary.coverage, 4),
        "doelen": None
        if summary.goals is None
        else [{"doel": g.doel, "leerlingen": g.pupils, "beheerst": g.mastered, "aandeel": round(g.share, 4)}
              for g in summary.goals],
        "lessen_lijst": [
            {
                "datum": line.date, "leerkracht": line.teacher, "vak": line.vak, "titel": line.titel,
                "aanwezig": line.present, "gecheckt": line.checked, "checkrondes": line.rounds,
                "sporen": list(line.sizes) if line.sizes is not None else None, "afgesloten": line.closed,
            }
            for line in summary.lessons
        ],
    }


def _pupil_doc(record: PupilRecord) -> dict[str, Any]:
    return {
        "sleutel": record.person.key,
        "naam": record.person.name,
        "klassen": record.person.classes,
        "sleutels": sorted(record.person.keys),
        "lessen": len(record.facts),
        "spoor3_lessen": record.spoor3_lessons,
        "miniklas_min": record.miniklas_min,
        "voorinstructie_min": None,
        "signalen": [_signal_doc(s) for s in record.signals],
    }


def selected(report: SchoolReport, class_name: str | None) -> tuple[list[ClassSummary], list[PupilRecord]]:
    """The classes and pupils of `class_name` (every one without); ExportError for a class
    the folders do not hold."""
    if class_name is None:
        return list(report.classes), list(report.pupils)
    summary = report.class_summary(class_name)
    if summary is None:
        known = ", ".join(c.name for c in report.classes) or "-"
        raise ExportError(t("school.unknown_class", name=class_name, known=known))
    return [summary], [p for p in report.pupils if summary.name in p.person.classes]


def school_document(report: SchoolReport, class_name: str | None = None, made_at: str = "") -> dict[str, Any]:
    classes, pupils = selected(report, class_name)
    return {
        "schema": SCHEMA,
        "vertrouwelijk": True,
        "schooljaar": report.year,
        "gemaakt_op": made_at,
        "drempels": {
            "spoor3": {"n": report.thresholds.spoor3_n, "m": report.thresholds.spoor3_m},
            "zelfinschatting": {"n": report.thresholds.zelf_n, "m": report.thresholds.zelf_m},
        },
        "mappen": [{"map": f.label, "pad": str(f.root), "sleutel": f.key} for f in report.folders],
        "klassen": [_class_doc(c) for c in classes],
        "leerlingen": [_pupil_doc(p) for p in pupils],
        "signalen": [_signal_doc(s) for p in pupils for s in p.signals],
        "problemen": list(report.problems),
        "koppel_voorstellen": [
            {"naam": a.name, "sleutels": [a.key, b.key], "klassen": [a.classes, b.classes]}
            for a, b in report.suggestions
            if class_name is None or any(summary.name in (*a.classes, *b.classes) for summary in classes)
        ],
    }


def render_school(report: SchoolReport, fmt: str, class_name: str | None = None, *,
                  pupil: str | None = None, made_at: str = "") -> str:
    if fmt == "json":
        return json.dumps(school_document(report, class_name, made_at), ensure_ascii=False, indent=2) + "\n"
    classes, pupils = selected(report, class_name)
    if pupil is not None:
        record = report.pupil(pupil) or next((p for p in report.pupils if p.person.name.casefold() == pupil.casefold()), None)
        if record is None:
            raise ExportError(t("school.unknown_pupil", name=pupil))
        classes, pupils = [], [record]
    if fmt == "csv":
        return _csv(report, classes, pupils)
    if fmt == "md":
        return _md(report, classes, pupils)
    if fmt == "html":
        return _html(report, classes, pupils, pupil is not None)
    raise ExportError(t("export.unknown_format", format=fmt))


def _csv(report: SchoolReport, classes: list[ClassSummary], pupils: list[PupilRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def row(*cells: object) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    row(t("school.confidential"), report.year, thresholds_line(report))
    writer.writerow([])
    row(t("school.col_class"), t("school.col_teachers"), t("school.col_pupils"), t("school.col_lessons"),
        t("school.col_coverage"), t("school.col_split"), t("school.col_goals"))
    for summary in classes:
        goals = (
            t("school.goals_na")
            if summary.goals is None
            else ", ".join(f"{g.doel} {round(g.share * 100)} %" for g in summary.goals)
        )
        row(summary.name, ", ".join(summary.teachers), summary.pupils, summary.lessons_given,
            pct(summary.coverage), len(summary.split_lessons), goals)
    writer.writerow([])
    row(t("school.col_pupil"), t("school.col_classes"), t("school.col_signal"), t("school.col_subject"),
        t("school.col_threshold"), t("school.col_evidence"), t("school.col_minutes"))
    for record in pupils:
        for signal in record.signals:
            evidence = ", ".join(f"{f.date} {f.class_name}" for f in signal.evidence)
            row(record.person.name, ", ".join(record.person.classes), t(f"school.kind_{signal.kind}"), signal.vak,
                window_text(signal), evidence, decimal(signal.miniklas_min))
    return buffer.getvalue()


def _md(report: SchoolReport, classes: list[ClassSummary], pupils: list[PupilRecord]) -> str:
    lines = [f"# {md_text(t('school.title', year=report.year))}", "", f"**{md_text(t('school.confidential'))}**",
             "", md_text(thresholds_line(report)), ""]
    for summary in classes:
        lines += [f"## {md_text(summary.name)}", "", md_text(class_line(summary)), ""]
    signals = [(record, s) for record in pupils for s in record.signals]
    lines += [f"## {md_text(t('school.signals'))}", ""]
    for record, signal in signals:
        lines.append(f"- **{md_text(record.person.name)}** ({md_text(', '.join(record.person.classes))}): "
                     f"{md_text(signal_text(signal))} · {md_text(minutes_text(signal.miniklas_min))}")
        lines.extend(f"  - {md_text(fact_line(f))}" for f in signal.evidence)
    if not signals:
        lines.append(md_text(t("school.no_signals")))
    if report.suggestions:
        lines += ["", f"## {md_text(t('school.suggestions'))}", ""]
        lines.extend(f"- {md_text(suggestion_text(a, b))}" for a, b in report.suggestions)
    return "\n".join(lines) + "\n"


_SCHOOL_STYLE = """
.confidential { border: 2pt solid #000; padding: 2pt 6pt; font-weight: bold; display: inline-block; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
"""


def _html(report: SchoolReport, classes: list[ClassSummary], pupils: list[PupilRecord], every_pupil: bool) -> str:
    mark = f'<p class="confidential">{escape(t("school.confidential"))}</p>'
    title = t("school.title", year=report.year)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8"><title>{escape(title)}</title>',
        f"<style>{HTML_STYLE}{_SCHOOL_STYLE}</style></head><body>",
    ]
    for summary in classes:
        parts.append(f'<section class="page">{mark}<h1>{escape(summary.name)} · {escape(report.year)}</h1>')
        parts.append(f'<p class="meta">{escape(class_line(summary))}<br>{escape(thresholds_line(report))}</p>')
        if summary.goals is not None:
            parts.append("<table><tr><th>" + escape(t("school.col_goals")) + "</th><th>%</th></tr>")
            parts.extend(f"<tr><td>{escape(g.doel)}</td><td>{pct(g.share)}</td></tr>" for g in summary.goals)
            parts.append("</table>")
        heads = ("col_date", "col_teacher", "col_subject", "col_title", "col_checked", "col_sporen")
        parts.append("<table><tr>" + "".join(f"<th>{escape(t('school.' + h))}</th>" for h in heads) + "</tr>")
        for line in summary.lessons:
            cells = (line.date, line.teacher, line.vak, line.titel, f"{line.checked} / {line.present}", sizes_text(line.sizes))
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
        of_class = [(p, s) for p in pupils if summary.name in p.person.classes for s in p.signals]
        parts.append(f"<h2>{escape(t('school.signals'))}</h2><ul>")
        parts.extend(
            f"<li><strong>{escape(p.person.name)}</strong>: {escape(signal_text(s))} · {escape(minutes_text(s.miniklas_min))}</li>"
            for p, s in of_class
        )
        parts.append("</ul>" if of_class else f"</ul><p>{escape(t('school.no_signals'))}</p>")
        parts.append("</section>")
    for record in pupils:
        if not (record.signals or every_pupil):
            continue
        parts.append(_pupil_html(report, record, mark))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _pupil_html(report: SchoolReport, record: PupilRecord, mark: str) -> str:
    person = record.person
    parts = [f'<section class="page">{mark}<h1>{escape(person.name)} · {escape(", ".join(person.classes))}</h1>']
    summary = t("school.pupil_line", lessons=len(record.facts), spoor3=record.spoor3_lessons,
                minutes=decimal(record.miniklas_min))
    parts.append(f'<p class="meta">{escape(report.year)} · {escape(summary)}<br>{escape(t("school.preteach_none"))}</p>')
    for signal in record.signals:
        parts.append(f"<h2>{escape(signal_text(signal))}</h2><p>{escape(minutes_text(signal.miniklas_min))}</p><ul>")
        parts.extend(f"<li>{escape(fact_line(f))}</li>" for f in signal.evidence)
        parts.append("</ul>")
    heads = ("col_date", "col_class", "col_subject", "col_title", "col_spoor", "col_score", "col_self")
    parts.append("<table><tr>" + "".join(f"<th>{escape(t('school.' + h))}</th>" for h in heads) + "</tr>")
    for fact in record.facts:
        cells = (fact.date, fact.class_name, fact.vak, fact.titel, "" if fact.spoor is None else str(fact.spoor),
                 pct(fact.score), "" if fact.self_assessment is None else str(fact.self_assessment))
        parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table></section>")
    return "".join(parts)
