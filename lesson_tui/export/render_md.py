"""The run as Markdown: the sporen, the miniklas, the exit ticket and the notes."""

from __future__ import annotations

from lesson_tui.base.i18n import t
from lesson_tui.export.document import RunDocument, clock_time, document_notes, exit_lines
from lesson_tui.lesson.run import LessonRun

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md_text(value: str) -> str:
    """Teacher text in Markdown: no HTML (a <script> in a name stays text) and no markup."""
    return " ".join(value.split()).translate(_MD_SPECIAL)


def render_markdown(run: LessonRun, document: RunDocument) -> str:
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
                line += f" · {t('export.left_at', time=clock_time(entry['vertrokken_om']))}"
            lines.append(line)
    else:
        lines.append("-")
    exits = exit_lines(document)
    if exits:
        lines += ["", f"## {t('export.exit_title')}", ""]
        lines += [f"- {md_text(name)}: {score}" for name, score in exits]
    notes = document_notes(document)
    if notes:
        lines += ["", f"## {t('export.notes_title')}", ""]
        lines += [f"- **{md_text(prompt)}** {md_text(text)}" for prompt, text in notes]
    return "\n".join(lines) + "\n"
