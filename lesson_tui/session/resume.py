"""What the home screen says of a lesson left open: the phase it is in and when it stopped.

That comes from the recorder's fold of the run file (and of its co-teachers' files), which
means importing the recorder and reading the whole lesson: at a start with a lesson left
open that was a tenth of the start. So it is read once and kept in this PC's cache folder
(`derived/resume-lines.json`, beside the goal grid's) with the run's stamp: the size and
time of its file and of each co-teacher's file beside it (`store/index.py` `run_stamp`, the
stamp the index keeps too). While the stamp holds, the next start takes what was kept; a
run changed since, by this PC or by another, is read again. Nothing in it names a pupil.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesson_tui.store.index import run_stamp

if TYPE_CHECKING:
    from lesson_tui.store.datastore import DataStore, RunSummary

KEPT = "resume-lines"
KEPT_VERSION = "1"  # what an entry holds: [stamp, phase kind, last event time]

Facts = tuple[str | None, str | None]  # the phase's kind (None before the first), the last event's time (ISO)


def resume_facts(store: DataStore, summaries: list[RunSummary]) -> dict[str, Facts | None]:
    """run id -> its facts, or None when the run cannot be read (its line still shows;
    opening it explains). Only these runs stay kept: a lesson closed since is forgotten."""
    kept = store.kept_on_disk(KEPT, KEPT_VERSION)
    kept = kept if isinstance(kept, dict) else {}
    found: dict[str, Facts | None] = {}
    keep: dict[str, list[object]] = {}
    for summary in summaries:
        stamp = run_stamp(store.root / summary.path)  # before reading: a change meanwhile is seen next time
        entry = kept.get(summary.run_id)
        facts = _kept_facts(entry, stamp) if stamp is not None else None
        if facts is None:
            facts = _read(store, summary)
        found[summary.run_id] = facts
        if facts is not None and stamp is not None:
            keep[summary.run_id] = [stamp, *facts]
    if keep != kept:
        store.keep_on_disk(KEPT, KEPT_VERSION, keep)
    return found


def _kept_facts(entry: object, stamp: list[int]) -> Facts | None:
    """The kept facts when `entry` is whole and was kept for this stamp (a cache: anything
    else is read again, never an error)."""
    if not isinstance(entry, list) or len(entry) != 3 or entry[0] != stamp:
        return None
    soort, stopped = entry[1], entry[2]
    if not all(value is None or isinstance(value, str) for value in (soort, stopped)):
        return None
    return soort, stopped


def _read(store: DataStore, summary: RunSummary) -> Facts | None:
    from lesson_tui.session.view import LessonView  # the recorder: only when it must be read

    try:
        lesson = LessonView(store.open_run(summary.run_id, lock=False))
    except Exception:  # a damaged run still gets a line; opening it explains
        return None
    phase, last = lesson.phase, lesson.last_event_at
    return (phase.soort if phase is not None else None, last.isoformat() if last is not None else None)
