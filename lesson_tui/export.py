"""Exports of a lesson run: json (the whole run, SPEC.md schema), csv and md.

Pupils are named by their full name (what the zorgleerkracht needs), or by their on-screen
name where two pupils share a full name. Only the run asked for is ever written.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from lesson_tui.clock import to_iso
from lesson_tui.i18n import t
from lesson_tui.run import LessonRun
from lesson_tui.storage import atomic_write_bytes

FORMATS = ("csv", "md", "json", "html", "qr")


class ExportError(Exception):
    pass


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
        rounds.append(
            {
                "soort": run.plan.fase[round_.phase_index].soort,
                "vraag": round_.vraag,
                "niveau": round_.niveau,
                "marks": {names[pid]: mark for pid, mark in round_.final_marks(run.pupil_ids).items()},
            }
        )
    sporen = getattr(run, "sporen_document", lambda names: None)(names) or {
        "self_assessment": {},
        "sporen": {"1": [], "2": [], "3": []},
        "miniklas": [],
        "exit_ticket": {},
    }
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


def render(run: LessonRun, fmt: str) -> str:
    document = run_document(run)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(document)
    if fmt == "md":
        return _markdown(run, document)
    raise ExportError(t("export.not_available", format=fmt))


def _csv(document: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["leerling", "spoor", "miniklas", "reden", "vrijwillig"])
    reasons = {m["leerling"]: m for m in document["miniklas"]}
    for spoor in ("1", "2", "3"):
        for name in document["sporen"][spoor]:
            entry = reasons.get(name)
            writer.writerow(
                [name, spoor, "ja" if entry else "nee", entry["reden"] if entry else "", "ja" if entry and entry["vrijwillig"] else "nee"]
            )
    return buffer.getvalue()


def _markdown(run: LessonRun, document: dict) -> str:
    tasks = run.plan.sporen
    lines = [
        f"# {run.plan.titel} · {run.class_name}",
        "",
        f"{document['started_at'][:10]} · **{t('ui.lesdoel')}:** {run.plan.lesdoel}",
        "",
    ]
    for number, task in (("1", tasks.spoor1), ("2", tasks.spoor2), ("3", tasks.spoor3)):
        pupils = ", ".join(document["sporen"][number]) or "-"
        lines += [f"## Spoor {number}", "", f"*{task}*" if task else "", "", pupils, ""]
    lines += ["## Miniklas", ""]
    if document["miniklas"]:
        for entry in document["miniklas"]:
            lines.append(f"- **{entry['leerling']}**: {entry['reden']}")
    else:
        lines.append("-")
    return "\n".join(lines) + "\n"


def export_run(run: LessonRun, fmt: str, output: Path | None) -> Path | None:
    text = render(run, fmt)
    if output is None:
        sys.stdout.write(text)
        return None
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    try:
        atomic_write_bytes(output, data)
    except OSError as error:
        raise ExportError(t("export.cannot_write", path=output, error=error.strerror or error)) from None
    return output
