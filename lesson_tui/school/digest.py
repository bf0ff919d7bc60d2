"""One lesson run as the school view needs it: a small digest, made once from the run (read
read-only from a teacher's folder) and cached by the run files' fingerprint (`cache.py`).

A digest holds what the class summaries and the signals are made of, per pupil: present,
checked (in a check round that counts), the spoor of the confirmed split, today's score (the
evidence the split was suggested from, `RunQueries.evidence`), the self-assessment, the exit
ticket's share, and the seconds of extra instruction in the miniklas (`miniklas_seconds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lesson_tui.base.clock import from_iso
from lesson_tui.lesson.run import LessonRun
from lesson_tui.plan.phases import PhaseKind

DIGEST_VERSION = 1  # a digest made by another version is made again (cache.py)

PupilRow = tuple[str, str, str, int]  # id, first name, last name, class number


def miniklas_seconds(
    timer_s: float, jij_s: float, sporen_at: datetime | None, left_at: datetime | None
) -> float:
    """The extra instruction one pupil of the miniklas had in a lesson, in seconds.

    The miniklas's own timer is the instruction time when the teacher ran it; without it the
    JIJ phase is (the miniklas works while the class works alone). A pupil who left the
    miniklas (afvalsysteem) had it until they left, never more than the whole."""
    whole = max(0.0, timer_s if timer_s > 0 else jij_s)
    if left_at is not None and sporen_at is not None:
        return min(whole, max(0.0, (left_at - sporen_at).total_seconds()))
    return whole


def school_year(started_at: str) -> str:
    """The school year a lesson belongs to: '2026-2027' from 1 September 2026 to 31 August 2027."""
    year, month = int(started_at[:4]), int(started_at[5:7])
    first = year if month >= 9 else year - 1
    return f"{first}-{first + 1}"


@dataclass(frozen=True)
class RunDigest:
    rel: str  # the run file's path in the teacher's folder
    run_id: str
    class_id: str
    class_name: str
    lesson_id: str
    titel: str
    vak: str
    doel: str  # the lesson's goal id (`doel`), "" when the plan has none
    started_at: str
    closed: bool
    beheersing: float
    ondersteuning: float
    pupils: tuple[PupilRow, ...]
    present: frozenset[str]
    checked: frozenset[str]  # present in at least one check round that counts
    rounds: int  # check rounds that count (exit tickets aside)
    sporen: dict[str, int] | None  # the confirmed split, None when the lesson had none
    miniklas_s: dict[str, float] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    self_assessment: dict[str, int] = field(default_factory=dict)
    exit_share: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what a `MasterySource` kept (view.py)

    @property
    def date(self) -> str:
        return self.started_at[:10]

    @property
    def year(self) -> str:
        return school_year(self.started_at)

    def sizes(self) -> tuple[int, int, int] | None:
        if self.sporen is None:
            return None
        values = list(self.sporen.values())
        return values.count(1), values.count(2), values.count(3)

    def to_doc(self) -> dict[str, Any]:
        return {
            "rel": self.rel, "run_id": self.run_id, "class_id": self.class_id, "class": self.class_name,
            "lesson_id": self.lesson_id, "titel": self.titel, "vak": self.vak, "doel": self.doel,
            "started_at": self.started_at, "closed": self.closed,
            "drempels": [self.beheersing, self.ondersteuning],
            "pupils": [list(p) for p in self.pupils], "present": sorted(self.present),
            "checked": sorted(self.checked), "rounds": self.rounds, "sporen": self.sporen,
            "miniklas_s": self.miniklas_s, "score": self.score, "self": self.self_assessment,
            "exit": self.exit_share, "extra": self.extra,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> RunDigest:
        """A cached digest; KeyError / TypeError / ValueError when it is not one (it is
        then made again from the run)."""
        sporen = doc["sporen"]
        return cls(
            rel=str(doc["rel"]), run_id=str(doc["run_id"]), class_id=str(doc["class_id"]),
            class_name=str(doc["class"]), lesson_id=str(doc["lesson_id"]), titel=str(doc["titel"]),
            vak=str(doc["vak"]), doel=str(doc["doel"]), started_at=str(doc["started_at"]),
            closed=bool(doc["closed"]), beheersing=float(doc["drempels"][0]),
            ondersteuning=float(doc["drempels"][1]),
            pupils=tuple((str(p[0]), str(p[1]), str(p[2]), int(p[3])) for p in doc["pupils"]),
            present=frozenset(map(str, doc["present"])), checked=frozenset(map(str, doc["checked"])),
            rounds=int(doc["rounds"]),
            sporen=None if sporen is None else {str(k): int(v) for k, v in sporen.items()},
            miniklas_s={str(k): float(v) for k, v in doc["miniklas_s"].items()},
            score={str(k): float(v) for k, v in doc["score"].items()},
            self_assessment={str(k): int(v) for k, v in doc["self"].items()},
            exit_share={str(k): float(v) for k, v in doc["exit"].items()},
            extra=dict(doc["extra"]),
        )


def digest(run: LessonRun, rel: str, extra: dict[str, Any] | None = None) -> RunDigest:
    """The digest of one run (read-only: nothing of the run changes)."""
    state = run.state
    present = set(run.present)
    counted = [r for r in run.rounds if r.kind == "cfu"]
    checked = {pid for r in counted for pid in r.present if pid in present}
    split = state.sporen
    now = state.closed_at or state.last_event_at or run.started_at
    jij_s = sum(
        timing.elapsed(now) for phase, timing in zip(run.plan.fase, run.timings) if phase.soort == PhaseKind.JIJ
    )
    timer_s = state.jij.miniklas_timer.elapsed(now)
    miniklas: dict[str, float] = {}
    sporen: dict[str, int] | None = None
    if split is not None:
        sporen = {pid: entry.spoor for pid, entry in split.items()}
        for pid, spoor in sporen.items():
            if spoor == 3:
                left = state.jij.left_miniklas.get(pid)
                miniklas[pid] = round(miniklas_seconds(timer_s, jij_s, state.sporen_at, left), 1)
    scores = {pid: e.score for pid, e in run.evidence().items() if e.score is not None and pid in present}
    doel = run.info.get("lesson", {}).get("doel", "")
    return RunDigest(
        rel=rel,
        run_id=run.run_id,
        class_id=run.class_id,
        class_name=run.class_name,
        lesson_id=run.plan.id,
        titel=run.plan.titel,
        vak=run.plan.vak,
        doel=doel if isinstance(doel, str) else "",
        started_at=run.info["started_at"],
        closed=run.closed,
        beheersing=run.plan.drempels.beheersing,
        ondersteuning=run.plan.drempels.ondersteuning,
        pupils=tuple((p.id, p.first_name, p.last_name, p.number) for p in run.pupils),
        present=frozenset(present),
        checked=frozenset(checked),
        rounds=len(counted),
        sporen=sporen,
        miniklas_s=miniklas,
        score={pid: round(value, 4) for pid, value in scores.items()},
        self_assessment={pid: v for pid, v in state.self_assessment.items() if pid in present},
        exit_share={pid: round(s.share, 4) for pid, s in run.exit_ticket().items()},
        extra=extra or {},
    )


def started(digest_: RunDigest) -> datetime:
    return from_iso(digest_.started_at)
