"""One lesson run as the school view needs it: a small digest, made once from the run (read
read-only from a teacher's folder) and cached by the run files' fingerprint (`cache.py`).

A digest holds what the class summaries and the signals are made of, per pupil: present,
checked (in a check round that counts), the spoor of the confirmed split, today's score (the
evidence the split was suggested from, `RunQueries.evidence`), the self-assessment, the exit
ticket's share, and the seconds of extra instruction in the miniklas (`miniklas_seconds`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lesson_tui.lesson.run import LessonRun
from lesson_tui.plan.phases import PhaseKind

DIGEST_VERSION = 3  # a digest made by another version is made again (cache.py)

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


@contextmanager
def no_collector() -> Iterator[None]:
    """Python's cycle collector off while ~100,000 small objects are made that hold no cycles
    (a school year's facts, its cached digests): it would walk the growing heap again and
    again (a third of the open). Never around reading runs: a `LessonRun` holds cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def school_year(started_at: str) -> str:
    """The school year a lesson belongs to: '2026-2027' from 1 September 2026 to 31 August 2027."""
    year, month = int(started_at[:4]), int(started_at[5:7])
    first = year if month >= 9 else year - 1
    return f"{first}-{first + 1}"


def _one_to_three(value: object) -> int | None:
    """A spoor or a self-assessment (another device's file may hold anything)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3 else None


def _flags(values: tuple[bool, ...]) -> str:
    return "".join("1" if v else "0" for v in values)


def _digits(values: tuple[int | None, ...]) -> str:
    return "".join("0" if v is None else str(v) for v in values)


def _from_digits(text: str, size: int) -> tuple[int | None, ...]:
    if len(text) != size or not set(text) <= set("0123"):
        raise ValueError("digits")
    return tuple(None if c == "0" else int(c) for c in text)


def _numbers(raw: Any, size: int) -> tuple[float | None, ...]:
    if not isinstance(raw, list) or len(raw) != size:
        raise ValueError("numbers")
    return tuple(None if v is None else float(v) for v in raw)


@dataclass(frozen=True)
class RunDigest:
    """One run, its per-pupil facts in columns aligned with `pupils` (so 4,000 runs of 24
    pupils load and fold fast, and their cache stays small)."""

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
    rounds: int  # check rounds that count (exit tickets aside)
    pupils: tuple[PupilRow, ...]
    present: tuple[bool, ...]
    checked: tuple[bool, ...]  # present in at least one check round that counts
    spoor: tuple[int | None, ...] | None  # the confirmed split; None when the lesson had none
    score: tuple[float | None, ...]  # today's evidence (None: none)
    self_assessment: tuple[int | None, ...]
    exit_share: tuple[float | None, ...]
    miniklas_s: tuple[float, ...]  # seconds of extra instruction in the miniklas
    extra: dict[str, Any] = field(default_factory=dict)  # what a `MasterySource` kept (view.py)
    school_ids: tuple[str, ...] = ()  # the school's own ids of the pupils ("" each); () when none has one

    @property
    def date(self) -> str:
        return self.started_at[:10]

    @property
    def year(self) -> str:
        return school_year(self.started_at)

    def sizes(self) -> tuple[int, int, int] | None:
        if self.spoor is None:
            return None
        return self.spoor.count(1), self.spoor.count(2), self.spoor.count(3)

    def to_doc(self) -> dict[str, Any]:
        return {
            "rel": self.rel, "run_id": self.run_id, "class_id": self.class_id, "class": self.class_name,
            "lesson_id": self.lesson_id, "titel": self.titel, "vak": self.vak, "doel": self.doel,
            "started_at": self.started_at, "closed": self.closed,
            "drempels": [self.beheersing, self.ondersteuning], "rounds": self.rounds,
            "pupils": [list(p) for p in self.pupils], "present": _flags(self.present),
            "checked": _flags(self.checked), "spoor": None if self.spoor is None else _digits(self.spoor),
            "score": list(self.score), "self": _digits(self.self_assessment), "exit": list(self.exit_share),
            "miniklas_s": list(self.miniklas_s), "extra": self.extra,
            **({"school_ids": list(self.school_ids)} if self.school_ids else {}),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> RunDigest:
        """A cached digest; KeyError / TypeError / ValueError when it is not one (it is
        then made again from the run)."""
        pupils = tuple((str(p[0]), str(p[1]), str(p[2]), int(p[3])) for p in doc["pupils"])
        size = len(pupils)
        present, checked = str(doc["present"]), str(doc["checked"])
        if len(present) != size or len(checked) != size:
            raise ValueError("flags")
        spoor = doc["spoor"]
        minutes = doc["miniklas_s"]
        school_ids = doc.get("school_ids", [])
        if not isinstance(school_ids, list) or len(school_ids) not in (0, size):
            raise ValueError("school_ids")
        if not isinstance(minutes, list) or len(minutes) != size:
            raise ValueError("miniklas")
        return cls(
            rel=str(doc["rel"]), run_id=str(doc["run_id"]), class_id=str(doc["class_id"]),
            class_name=str(doc["class"]), lesson_id=str(doc["lesson_id"]), titel=str(doc["titel"]),
            vak=str(doc["vak"]), doel=str(doc["doel"]), started_at=str(doc["started_at"]),
            closed=bool(doc["closed"]), beheersing=float(doc["drempels"][0]),
            ondersteuning=float(doc["drempels"][1]), rounds=int(doc["rounds"]), pupils=pupils,
            present=tuple(c == "1" for c in present), checked=tuple(c == "1" for c in checked),
            spoor=None if spoor is None else _from_digits(str(spoor), size),
            score=_numbers(doc["score"], size), self_assessment=_from_digits(str(doc["self"]), size),
            exit_share=_numbers(doc["exit"], size), miniklas_s=tuple(float(v) for v in minutes),
            extra=dict(doc["extra"]), school_ids=tuple(str(i) for i in school_ids),
        )


def digest(run: LessonRun, rel: str, extra: dict[str, Any] | None = None) -> RunDigest:
    """The digest of one run (read-only: nothing of the run changes)."""
    state = run.state
    ids = run.pupil_ids
    present = set(run.present)
    counted = [r for r in run.rounds if r.kind == "cfu"]
    checked = {pid for r in counted for pid in r.present if pid in present}
    split = state.sporen
    now = state.closed_at or state.last_event_at or run.started_at
    jij_s = sum(
        timing.elapsed(now) for phase, timing in zip(run.plan.fase, run.timings) if phase.soort == PhaseKind.JIJ
    )
    timer_s = state.jij.miniklas_timer.elapsed(now)
    spoor: tuple[int | None, ...] | None = None
    minutes = [0.0] * len(ids)
    if split is not None:
        spoor = tuple(_one_to_three(split[pid].spoor) if pid in split else None for pid in ids)
        for index, pid in enumerate(ids):
            if spoor[index] == 3:
                left = state.jij.left_miniklas.get(pid)
                minutes[index] = round(miniklas_seconds(timer_s, jij_s, state.sporen_at, left), 1)
    evidence = run.evidence()
    exit_ticket = run.exit_ticket()
    scores = tuple(
        round(e.score, 4) if pid in present and (e := evidence.get(pid)) is not None and e.score is not None else None
        for pid in ids
    )
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
        rounds=len(counted),
        pupils=tuple((p.id, p.first_name, p.last_name, p.number) for p in run.pupils),
        present=tuple(pid in present for pid in ids),
        checked=tuple(pid in checked for pid in ids),
        spoor=spoor,
        score=scores,
        self_assessment=tuple(_one_to_three(state.self_assessment.get(pid)) if pid in present else None for pid in ids),
        exit_share=tuple(round(exit_ticket[pid].share, 4) if pid in exit_ticket else None for pid in ids),
        miniklas_s=tuple(minutes),
        extra=extra or {},
        school_ids=tuple(p.school_id for p in run.pupils) if any(p.school_id for p in run.pupils) else (),
    )
