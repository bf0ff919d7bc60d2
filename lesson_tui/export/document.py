"""The export document: a lesson run as the data every export is made of.

Pupils are named by their full name (what the zorgleerkracht needs), or by their on-screen
name where two pupils share a full name. Only the run asked for is ever written.
"""

from __future__ import annotations

from typing import TypedDict

from lesson_tui.base.clock import to_iso
from lesson_tui.base.i18n import decimal, t
from lesson_tui.lesson.run import LessonRun


class ExportError(Exception):
    pass


# The export document's shape: docs/FORMATS.md ("Exported run"), key for key.


class LessonRef(TypedDict):
    id: str
    titel: str
    lesdoel: str


class PhaseEntry(TypedDict):
    soort: str
    planned_s: int
    actual_s: int
    started_at: str | None
    ended_at: str | None


class RoundEntry(TypedDict):
    soort: str
    vraag: str
    niveau: str
    marks: dict[str, str]  # pupil name -> mark


class MiniklasEntry(TypedDict):
    leerling: str
    reden: str
    vrijwillig: bool
    aangesloten_om: str | None
    vertrokken_om: str | None


class ExitEntry(TypedDict):
    juist: int | float
    totaal: int


class PickEntry(TypedDict):
    leerling: str
    resultaat: str | None


class SporenPart(TypedDict):
    self_assessment: dict[str, int]
    sporen: dict[str, list[str]]  # "1" | "2" | "3" -> names
    miniklas: list[MiniklasEntry]
    exit_ticket: dict[str, ExitEntry]
    notities: dict[str, str]
    groepen: list[list[str]]


# the functional form, because "class" (a Python keyword) is one of the keys
RunDocument = TypedDict(
    "RunDocument",
    {
        "run_id": str,
        "class": str,
        "lesson": LessonRef,
        "started_at": str,
        "closed_at": str | None,
        "phases": list[PhaseEntry],
        "cfu_rounds": list[RoundEntry],
        "self_assessment": dict[str, int],
        "sporen": dict[str, list[str]],
        "miniklas": list[MiniklasEntry],
        "exit_ticket": dict[str, ExitEntry],
        "notities": dict[str, str],
        "groepen": list[list[str]],
        "beurtstokjes": list[PickEntry],
    },
)


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


def run_document(run: LessonRun) -> RunDocument:
    """The whole run as the JSON of docs/FORMATS.md ("Exported run")."""
    names = export_names(run)
    now = run.clock.now()
    phases: list[PhaseEntry] = []
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
    rounds: list[RoundEntry] = []
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


def _sporen_part(run: LessonRun, names: dict[str, str]) -> SporenPart:
    split = run.sporen or {}
    groups: dict[str, list[str]] = {"1": [], "2": [], "3": []}
    miniklas: list[MiniklasEntry] = []
    for pid in run.pupil_ids:
        entry = split.get(pid)
        if entry is None:
            continue
        groups[str(entry.spoor)].append(names[pid])
        if entry.spoor == 3:
            left = run.state.jij.left_miniklas.get(pid)
            miniklas.append(
                {
                    "leerling": names[pid],
                    "reden": entry.reason,
                    "vrijwillig": entry.voluntary,
                    "aangesloten_om": to_iso(run.state.sporen_at) if run.state.sporen_at else None,
                    "vertrokken_om": to_iso(left) if left else None,
                }
            )
    exit_ticket: dict[str, ExitEntry] = {
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


def clock_time(iso: str | None) -> str:
    return iso[11:16] if iso else ""


def document_notes(document: RunDocument) -> list[tuple[str, str]]:
    """The reflection notes of the grote lesafsluiting as (question, note), in order."""
    keys = ("process_1", "process_2", "process_3", "feedback_1", "feedback_2", "feedback_3")
    notes = document.get("notities", {})
    return [(t(f"closing.{key}"), notes[key]) for key in keys if notes.get(key)]


def score_text(right: float, total: int) -> str:
    """An exit-ticket score for people to read: '1,5/2' in Dutch, '1.5/2' in English."""
    return f"{decimal(right)}/{total}"


def exit_lines(document: RunDocument) -> list[tuple[str, str]]:
    return [(name, score_text(score["juist"], score["totaal"])) for name, score in document["exit_ticket"].items()]
