"""After the lesson: a class's history, and who to invite for pre-teaching ("output = input").

Run lines come from the index (cheap, all of them); per-pupil detail (CFU share, spoor)
is read from the last few run files only, so the screen opens fast in year three too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lesson_tui.base.i18n import t
from lesson_tui.files.storage import DataFileError
from lesson_tui.klas.pupils import display_names
from lesson_tui.lesson.run import LessonRun
from lesson_tui.review.invites import Invite, invites_after
from lesson_tui.rules.sporen import spoor3_streak, spoor_of_split
from lesson_tui.store.datastore import DataStore, RunSummary

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One character per run: the share correct as a bar, '·' where there is no evidence."""
    return "".join("·" if v is None else BARS[min(len(BARS) - 1, int(v * len(BARS)))] for v in values)


@dataclass
class PupilTrack:
    pupil_id: str
    number: int
    name: str
    shares: list[float | None] = field(default_factory=list)
    sporen: list[int | None] = field(default_factory=list)
    miniklas: int = 0
    streak: int = 0
    streak_vak: str = ""


@dataclass
class ClassHistory:
    runs: list[RunSummary]
    detail: list[RunSummary]
    pupils: list[PupilTrack]
    problems: list[str]
    split_runs: int = 0


def class_history(store: DataStore, class_id: str, detail_runs: int = 20) -> ClassHistory:
    runs = store.runs(class_id)
    school_class = store.class_by_id(class_id)
    pupils = school_class.active_pupils if school_class else []
    names = display_names(pupils)
    tracks = {p.id: PupilTrack(p.id, p.number, names[p.id]) for p in pupils}
    # miniklas counts and the stigma streak per subject: from the index alone
    split_lessons = store.split_runs(class_id)
    by_vak: dict[str, list[RunSummary]] = {}
    for summary in split_lessons:
        by_vak.setdefault(summary.vak, []).append(summary)
        for pid in summary.spoor3 or ():
            if pid in tracks:
                tracks[pid].miniklas += 1
    for vak, split_runs in by_vak.items():
        for track in tracks.values():
            streak = spoor3_streak([track.pupil_id in (r.spoor3 or ()) for r in split_runs])
            if streak > track.streak:
                track.streak, track.streak_vak = streak, vak
    # per-run detail from the last run files
    detail = runs[-detail_runs:]
    problems: list[str] = []
    for summary in detail:
        try:
            run = store.open_run(summary.run_id, lock=False)
        except (DataFileError, KeyError) as error:
            problems.append(str(error))
            for track in tracks.values():
                track.shares.append(None)
                track.sporen.append(None)
            continue
        evidence = run.evidence()
        split = spoor_of_split(run.sporen)
        for pid, track in tracks.items():
            item = evidence.get(pid)
            track.shares.append(item.score if item else None)
            track.sporen.append(split.get(pid))
    return ClassHistory(runs, detail, sorted(tracks.values(), key=lambda p: p.number), problems, len(split_lessons))


def pre_teaching(store: DataStore, class_id: str, vak: str | None = None) -> tuple[LessonRun | None, list[Invite]]:
    """Pupils to invite for pre-teaching before the next lesson of this subject, after the
    class's last lesson with a split (of that subject): the rule is `review.invites`."""
    candidates = store.split_runs(class_id, vak)
    if not candidates:
        return None, []
    run = store.open_run(candidates[-1].run_id, lock=False)
    invites = invites_after(
        run.pupils, run.sporen or {}, run.exit_ticket(), set(run.still_in_miniklas), set(run.left_miniklas),
        run.state.self_assessment, run.plan.drempels.ondersteuning,
    )
    return run, invites


def next_lesson(
    store: DataStore, class_id: str, vak: str | None = None
) -> tuple[LessonRun | None, list[Invite], str | None]:
    """`pre_teaching` for a screen: (run, invites, None), or (None, [], what went wrong) when
    the last lesson with a split cannot be read (a file half synced, damaged). An older lesson
    never stands in for it: its list would be about the wrong lesson."""
    try:
        run, invites = pre_teaching(store, class_id, vak)
    except (DataFileError, KeyError, ValueError) as error:
        return None, [], t("history.next_unreadable", problem=str(error))
    return run, invites, None
