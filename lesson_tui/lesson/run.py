"""A lesson run: everything that happened in one lesson, as an append-only event log.

Every teacher action (a phase step, a pause, a mark, a pick, an attendance change) is one
event, written to the run's own small TinyDB file *before* the state changes in memory, so
the screen never shows what is not on disk. The state is a fold over the events, which makes
resuming after a crash the same code path as live use, and `undo` just another event.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from lesson_tui.base.clock import Clock, LessonClock, from_iso
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import DataFileError, ReadOnlyJSONStorage, SaveError, WriterFileStorage, WriterTaken
from lesson_tui.klas.pupils import Pupil, display_names, legacy_class_id
from lesson_tui.lesson import events as ev
from lesson_tui.lesson.runstate import MAIN_TEACHER_ONLY, Pick, RunState
from lesson_tui.lesson.untrusted import Context, Untrusted, WriterFile, read_event, trusted_time
from lesson_tui.lesson.writers import (
    MAIN,
    HybridClock,
    Stamp,
    global_seq,
    is_main,
    order_key,
    round_counts,
    writer_file,
    writer_files,
)
from lesson_tui.plan.lessonplan import LessonPlan
from lesson_tui.plan.phases import PhaseKind
from lesson_tui.rules.cfu import CfuRound, ExitScore, exit_score
from lesson_tui.rules.picker import cycle_after_pick, pick
from lesson_tui.rules.sporen import (
    KLEINE_AFSLUITING_WEIGHT,
    Decision,
    Evidence,
    Placement,
    Refused,
    decide,
    placement,
    spoor_of_split,
    suggest_sporen,
)
from lesson_tui.rules.timing import PhaseTiming


class LessonRun:
    """One lesson with one class; `record_*` methods persist, then apply."""

    def __init__(
        self,
        db: TinyDB,
        path: Path,
        clock: Clock,
        rng: random.Random | None = None,
        *,
        writer: int = MAIN,
        own: TinyDB | None = None,
    ) -> None:
        """`db` is the run file; `writer` is this device (0: the teacher's app, which
        writes the run file itself; a co-teacher writes `own`, its own file beside it)."""
        self.db = db
        self.path = path
        self.clock = LessonClock(clock)  # wall time for stamps, never going back (see clock.py)
        self.rng = rng or random.Random()
        self.writer = writer
        info = db.table("run").get(doc_id=1)
        if info is None:
            raise ValueError("run file without run info")
        self.info: dict[str, Any] = dict(info)
        self.plan = LessonPlan.from_dict(self.info["lesson"])
        self.pupils = [Pupil.from_doc(doc) for doc in self.info["pupils"]]
        self.names = display_names(self.pupils)
        self.state = self._fresh_state()
        self.save_error: SaveError | None = None
        self.on_save_error: Callable[[SaveError], None] | None = None
        self.on_change: Callable[[], None] | None = None  # told once after every saved event
        self._sources: dict[int, TinyDB] = {MAIN: db}
        if not is_main(writer):
            assert own is not None
            self._sources[writer] = own
        self._own = self._sources[writer].table("events")
        self._others: dict[int, WriterFile] = {}  # other devices' files: untrusted input
        self._context = Context(frozenset(self.pupil_ids), len(self.plan.fase), self.started_at)
        self.problems: list[str] = []  # what was skipped in other devices' files, named once
        self._clock = HybridClock()
        self._log: list[tuple[tuple, int, int, datetime, ev.Event]] = []  # (order key, writer, seq, at, event)
        self._folded: set[tuple[int, int]] = set()
        self._skipped: set[tuple[int, int]] = set()
        self._legacy: dict[int, Stamp] = {}
        self._read_once: set[int] = set()
        self._own_last: tuple[datetime, float] | None = None  # this device's last event: time, monotonic
        self.catch_up()
        self.clock.start(self.state.last_event_at, self._own_last)

    @property
    def applied_seq(self) -> int:
        """The last of the teacher's app's own events folded (its sequence number)."""
        return max((seq for writer, seq in self._folded if is_main(writer)), default=0)

    def _fresh_state(self) -> RunState:
        return RunState(
            timings=[PhaseTiming(p.planned_seconds) for p in self.plan.fase],
            absent=set(self.info.get("absent", [])),
        )

    def _stamp_of(self, writer: int, doc: dict) -> Stamp:
        """A document's clock stamp; events written before stamps existed get one from
        their time, never going back within their file, so their order stays theirs."""
        stamp = doc.get("hlc")
        if isinstance(stamp, list) and len(stamp) == 2:
            result = (int(stamp[0]), int(stamp[1]))
        else:
            ms = int(from_iso(doc["at"]).timestamp() * 1000)
            last = self._legacy.get(writer, (0, 0))
            result = (ms, 0) if ms > last[0] else (last[0], last[1] + 1)
        self._legacy[writer] = max(self._legacy.get(writer, (0, 0)), result)
        return result

    def _discover(self) -> None:
        """Co-writers that joined since the last look (read-only here: each file has one
        writer)."""
        for writer, path in writer_files(self.path).items():
            if writer not in self._sources and writer not in self._others:
                self._others[writer] = WriterFile(path, self.path, self.run_id)

    def note_problem(self, text: str) -> None:
        """One line for the teacher about another device's file, said once."""
        if text not in self.problems:
            self.problems.append(text)

    def _source_docs(self, writer: int, source: TinyDB) -> list[tuple[int, Any]]:
        """The documents of the run file (and of this device's own file) not seen yet."""
        storage = source.storage
        if isinstance(storage, ReadOnlyJSONStorage):
            before = storage.stamp
            storage.reload()
            if writer in self._read_once and storage.stamp == before:
                return []  # one stat: nothing new in that file
        elif writer in self._read_once:
            return []  # this device's own file: its events were folded as they were written
        self._read_once.add(writer)
        table = source.table("events")
        table.clear_cache()
        return sorted(((doc.doc_id, doc) for doc in table.all()), key=lambda item: item[0])

    def _read(self, writer: int, docs: list[tuple[int, Any]], name: str) -> list[tuple]:
        """Parse new documents; another device's are checked first (`untrusted`), and one
        that cannot be used is skipped and named, never stopping the fold."""
        new = []
        for seq, doc in docs:
            if (writer, seq) in self._folded or (writer, seq) in self._skipped:
                continue
            if is_main(writer):
                at, event = ev.event_from_doc(doc)
                stamp = self._stamp_of(writer, doc)
                if writer == self.writer:
                    self._own_mono(at, doc)
            else:
                try:
                    stamp, at, event = read_event(doc, self._context)
                except Untrusted as error:
                    self._skipped.add((writer, seq))
                    self.note_problem(t("untrusted.skipped", path=name, event=seq, reason=error))
                    continue
                stamp, at = self._trusted_stamp(writer, stamp, at, name)
                if writer == self.writer:
                    self._own_mono(at, doc)
            new.append((order_key(stamp, writer, seq), writer, seq, at, event))
        return new

    def _own_mono(self, at: datetime, doc: dict) -> None:
        mono = doc.get("mono")
        if isinstance(mono, (int, float)) and not isinstance(mono, bool) and math.isfinite(mono):
            self._own_last = (at, float(mono))
        else:
            self._own_last = None  # written before monotonic readings were kept

    def _trusted_stamp(self, writer: int, stamp: Stamp | None, at: datetime, name: str) -> tuple[Stamp, datetime]:
        """A co-writer's stamp and time, or the reader's time when theirs is far off (a
        device with a wrong clock); always after that writer's earlier events."""
        instead = trusted_time(at, None if stamp is None else stamp[0], self._context, self.clock.now())
        if instead is not None:
            at, stamp = instead, (int(instead.timestamp() * 1000), 0)
            self.note_problem(t("untrusted.clock", path=name))
        elif stamp is None:
            stamp = (int(at.timestamp() * 1000), 0)
        last = self._legacy.get(writer)
        if last is not None and stamp <= last:
            stamp = (last[0], last[1] + 1)
        self._legacy[writer] = stamp
        return stamp, at

    def catch_up(self) -> int:
        """Fold events that are on disk but not yet in the state: a follower's file grows
        under it, a co-teacher writes their own. Events arriving in order are folded on;
        one that sorts before what is already folded (written at the same moment on the
        other device) makes the state be folded again, all of it, in the agreed order.
        The number of new events."""
        self._discover()
        new: list[tuple] = []
        for writer, source in self._sources.items():
            name = getattr(source.storage, "path", self.path).name
            new.extend(self._read(writer, self._source_docs(writer, source), name))
        for writer, other in self._others.items():
            changed, problem = other.poll()
            if problem is not None:
                self.note_problem(problem)
            if changed:
                new.extend(self._read(writer, sorted(other.docs.items()), other.path.name))
        if not new:
            return 0
        new.sort(key=lambda item: item[0])
        if self._log and new[0][0] < self._log[-1][0]:
            self._log = sorted(self._log + new, key=lambda item: item[0])
            self.state = self._fresh_state()
            todo = self._log
        else:
            self._log.extend(new)
            todo = new
        for key, writer, seq, at, event in todo:
            self.state.apply(global_seq(writer, seq), at, event, writer)
            self._clock.see((key[0], key[1]))
        self._folded.update((writer, seq) for _, writer, seq, _, _ in new)
        return len(new)

    def _may_cowrite(self) -> bool:
        """A co-writer writes only into an open lesson: it reads the teacher's file first,
        so a tap after the close is refused (and its stamp would sort after the close,
        which the fold ignores too). Its own file is made at its first event."""
        try:
            self.catch_up()
        except DataFileError:
            pass  # the teacher's file is being replaced: what was read last stands
        if self.state.closed_at is not None:
            return False
        storage = self._sources[self.writer].storage
        if not isinstance(storage, WriterFileStorage) or storage.on_disk:
            return True
        while True:
            try:
                storage.claim()
                return True
            except WriterTaken:  # another device joined with the same number at the same moment
                self._sources[self.writer + 1] = self._sources.pop(self.writer)
                self.writer += 1
                storage.retarget(writer_file(self.path, self.writer))
            except SaveError as error:
                self.save_error = error
                if self.on_save_error is not None:
                    self.on_save_error(error)
                return False

    # --- identity -------------------------------------------------------------------

    @property
    def run_id(self) -> str:
        return self.info["run_id"]

    @property
    def class_name(self) -> str:
        return self.info["class"]

    @property
    def class_id(self) -> str:
        """The class's identity (runs from before class ids: derived from the name)."""
        stored = self.info.get("class_id")
        return stored if isinstance(stored, str) and stored else legacy_class_id(self.info["class"])

    @property
    def started_at(self) -> datetime:
        return from_iso(self.info["started_at"])

    @property
    def pupil_ids(self) -> list[str]:
        return [p.id for p in self.pupils]

    def pupil_by_number(self, number: int) -> Pupil | None:
        return next((p for p in self.pupils if p.number == number), None)

    @property
    def present(self) -> list[str]:
        return [pid for pid in self.pupil_ids if pid not in self.state.absent]

    # --- writing --------------------------------------------------------------------

    def _record(self, event: ev.Event) -> int | None:
        """Write one event, then apply it; None when it could not be saved.

        A failed save (disk full, a folder gone read-only, a USB stick pulled) changes
        nothing: the state stays what is on disk, `save_error` says why, and `on_save_error`
        is told, so the screen can say so and the teacher can go on when space returns."""
        if not is_main(self.writer):
            if isinstance(event, MAIN_TEACHER_ONLY):
                return None  # the sporen decision and closing belong to the main teacher
            if not self._may_cowrite():
                return None
        at = self.clock.now()
        stamp = self._clock.stamp(int(at.timestamp() * 1000))
        doc = event.to_doc(at)
        doc["hlc"] = list(stamp)
        doc["mono"] = round(self.clock.monotonic(), 3)  # a resume after the clock was set back
        try:
            seq = self._own.insert(doc)  # atomic write to disk first ...
        except SaveError as error:
            self.save_error = error
            if self.on_save_error is not None:
                self.on_save_error(error)
            return None
        self.save_error = None
        self._log.append((order_key(stamp, self.writer, seq), self.writer, seq, at, event))
        self._folded.add((self.writer, seq))
        self.state.apply(global_seq(self.writer, seq), at, event, self.writer)  # ... then the state
        if self.on_change is not None:
            self.on_change()
        return global_seq(self.writer, seq)

    @property
    def timings(self) -> list[PhaseTiming]:
        return self.state.timings

    # --- phases and timer -----------------------------------------------------------

    @property
    def phase_index(self) -> int:
        return self.state.phase_index

    @property
    def current_timing(self) -> PhaseTiming | None:
        return self.state.current_timing

    def go_to_phase(self, index: int) -> None:
        if not 0 <= index < len(self.plan.fase) or index == self.state.phase_index:
            return
        if self.state.paused:
            self._record(ev.Resumed())
        self._record(ev.PhaseStarted(index=index))

    def next_phase(self) -> bool:
        if self.state.phase_index + 1 >= len(self.plan.fase):
            return False
        self.go_to_phase(self.state.phase_index + 1)
        return True

    def previous_phase(self) -> bool:
        if self.state.phase_index <= 0:
            return False
        self.go_to_phase(self.state.phase_index - 1)
        return True

    def toggle_pause(self) -> None:
        self._record(ev.Resumed() if self.state.paused else ev.Paused())

    def pause(self) -> None:
        if not self.state.paused:
            self._record(ev.Paused())

    def resume(self) -> None:
        if self.state.paused:
            self._record(ev.Resumed())

    def adjust_minutes(self, minutes: int) -> None:
        timing = self.current_timing
        if timing is None:
            return
        # never take a phase below zero planned time
        seconds = max(minutes * 60, -(timing.planned_s + timing.adjust_s))
        if seconds:
            self._record(ev.TimeAdjusted(seconds=seconds))

    # --- attendance -----------------------------------------------------------------

    def set_present(self, pupil_id: str, present: bool) -> None:
        if (pupil_id not in self.state.absent) != present:
            self._record(ev.AttendanceChanged(pupil=pupil_id, present=present))

    # --- check for understanding ----------------------------------------------------

    def open_round(
        self, vraag: str, niveau: str = "gesloten", *, kind: str = "cfu", pupils: list[str] | None = None
    ) -> CfuRound | None:
        """A new round for the present pupils (or the given ones, e.g. the miniklas)."""
        present = [pid for pid in (pupils if pupils is not None else self.present) if pid not in self.state.absent]
        seq = self._record(ev.RoundOpened(phase=max(self.state.phase_index, 0), vraag=vraag, niveau=niveau, present=present, kind=kind))
        return None if seq is None else self.state.rounds[seq]

    def open_round_in_progress(self) -> CfuRound | None:
        """This device's open round (to go on with); another device's never opens here."""
        return next((r for r in self.state.rounds.values() if r.writer == self.writer and not (r.closed or r.discarded)), None)

    def others_open_rounds(self) -> list[CfuRound]:
        """Rounds another device opened and did not close (a tab closed halfway): they do
        not count, and a teacher may throw them away (`discard_round`)."""
        return [r for r in self.state.rounds.values() if r.writer != self.writer and not (r.closed or r.discarded)]

    def discard_round(self, round_: CfuRound) -> bool:
        if round_.closed or round_.discarded:
            return False
        return self._record(ev.RoundDiscarded(round=round_.round_id)) is not None

    def mark(self, round_: CfuRound, pupil_id: str, value: str) -> int | None:
        """The event's id once it is on disk; None when nothing changed or it failed."""
        if round_.mark_of(pupil_id) != value:
            return self._record(ev.Marked(round=round_.round_id, pupil=pupil_id, value=value))
        return None

    def undo_mark(self, round_: CfuRound) -> None:
        """Take back this device's own last mark in the round (never the other teacher's)."""
        if round_.can_undo(self.writer):
            self._record(ev.MarkUndone(round=round_.round_id))

    def close_round(self, round_: CfuRound) -> None:
        if not round_.closed:
            self._record(ev.RoundClosed(round=round_.round_id))

    @property
    def rounds(self) -> list[CfuRound]:
        """The rounds that count (see `writers.round_counts`)."""
        return [r for r in self.state.rounds.values() if round_counts(r)]

    # --- beurtstokjes -----------------------------------------------------------------

    def set_repeats(self, repeats: bool) -> None:
        """'Back in the jar' mode: a picked pupil can be picked again at once."""
        if repeats != self.state.repeats:
            self._record(ev.PickerSetting(repeats=repeats))

    def pick_pupil(self) -> Pick | None:
        present = self.present
        repeats = self.state.repeats
        chosen = pick(present, self.state.pick_cycle, self.rng, repeats=repeats)
        if chosen is None:
            return None
        cycle = cycle_after_pick(present, self.state.pick_cycle, chosen)
        if self._record(ev.Picked(pupil=chosen, cycle=cycle, repeats=repeats)) is None:
            return None
        return self.state.picks[-1]

    def log_pick(self, item: Pick, value: str) -> None:
        """The picked pupil's answer. A pupil who passes ("pas") goes back in the jar and
        is asked again later in the round; an answer after a pass takes them out again."""
        cycle = list(self.state.pick_cycle)
        if value == "pas":
            cycle = [pid for pid in cycle if pid != item.pupil_id]
        elif item.result == "pas" and item.pupil_id not in cycle:
            cycle.append(item.pupil_id)
        self._record(ev.PickLogged(pick=item.seq, value=value, cycle=cycle))

    def undo_pick(self) -> Pick | None:
        """Take back the last pick: the pupil goes back in the jar."""
        live = [p for p in self.state.picks if not p.undone]
        if not live:
            return None
        last = live[-1]
        cycle = list(self.state.pick_cycle)
        if cycle and cycle[-1] == last.pupil_id:
            cycle.pop()
        self._record(ev.PickUndone(pick=last.seq, cycle=cycle))
        return last

    @property
    def picks(self) -> list[Pick]:
        return [p for p in self.state.picks if not p.undone]

    # --- kleine lesafsluiting: evidence, suggestion, decision --------------------------

    def evidence(self) -> dict[str, Evidence]:
        """Today's evidence per pupil: CFU rounds (the kleine lesafsluiting's counts
        double) and beurtstokje answers."""
        kleine = {i for i, phase in enumerate(self.plan.fase) if phase.soort == PhaseKind.KLEINE_AFSLUITING}
        found: dict[str, Evidence] = {pid: Evidence() for pid in self.pupil_ids}
        for round_ in self.rounds:
            if round_.kind != "cfu":
                continue
            weight = KLEINE_AFSLUITING_WEIGHT if round_.phase_index in kleine else 1.0
            for pid, mark in round_.final_marks(self.pupil_ids).items():
                found[pid] = found[pid].add(mark, weight)
        for item in self.picks:
            if item.result:
                found[item.pupil_id] = found[item.pupil_id].add(item.result)
        return found

    def decisions(self) -> dict[str, Decision]:
        drempels = self.plan.drempels
        suggestions = suggest_sporen(
            self.present, self.evidence(), self.state.self_assessment, drempels.beheersing, drempels.ondersteuning
        )
        return {
            pid: decide(s, self.state.overrides.get(pid), self.state.voluntary.get(pid))
            for pid, s in suggestions.items()
        }

    def start_self_assessment(self, default: int = 1) -> None:
        """A self-assessment round, as fast as a check round: every present pupil who has
        not said otherwise starts at `default` ("ik kan het alleen"); the teacher marks
        only the pupils who differ."""
        unset = [pid for pid in self.present if pid not in self.state.self_assessment]
        if unset:
            self._record(ev.SelfDefaulted(value=default, pupils=unset))

    def set_self_assessment(self, pupil_id: str, value: int | None) -> None:
        if self.state.self_assessment.get(pupil_id) != value:
            self._record(ev.SelfAssessed(pupil=pupil_id, value=value))

    def set_override(self, pupil_id: str, spoor: int | None) -> None:
        if self.state.overrides.get(pupil_id) != spoor:
            self._record(ev.SporeOverridden(pupil=pupil_id, spoor=spoor))

    def set_voluntary(self, pupil_id: str, value: bool | None) -> None:
        """Vrijwillig is the pupil's own ask for the miniklas: only for a pupil in spoor 3
        (None, back to the suggestion, is always allowed). Raises `Refused` otherwise."""
        if value is not None:
            decision = self.decisions().get(pupil_id)
            if decision is None or decision.spoor != 3:
                raise Refused("sporen.voluntary_refused", pupil_id)
        if self.state.voluntary.get(pupil_id) != value:
            self._record(ev.VoluntarySet(pupil=pupil_id, value=value))

    def confirm_sporen(self, reasons: dict[str, str]) -> bool:
        """Store the split: every present pupil's spoor, reason and miniklas status."""
        assignments = {
            pid: ev.placement_to_doc(placement(decision, reasons.get(pid, "")))
            for pid, decision in self.decisions().items()
        }
        return self._record(ev.SporenConfirmed(assignments=assignments)) is not None

    @property
    def sporen(self) -> dict[str, Placement] | None:
        """The confirmed split (pupil -> `Placement`), None before it is confirmed."""
        return self.state.sporen

    @property
    def miniklas(self) -> list[str]:
        """Who the split put in spoor 3 (in class order), also those who left since."""
        split = spoor_of_split(self.state.sporen)
        return [pid for pid in self.pupil_ids if split.get(pid) == 3]

    def sporen_now(self, split: dict[str, int] | None = None) -> dict[str, int]:
        """Each pupil's spoor as it is now. A pupil who left the miniklas because they got it
        (afvalsysteem) works on their own with spoor 2; coming back puts them in spoor 3
        again. The one rule for who is still in the miniklas (screens, board, exports).
        `split` is a split not yet confirmed (pupil -> spoor); by default the stored one."""
        if split is None:
            split = spoor_of_split(self.state.sporen)
        left = self.state.jij.left_miniklas
        now = {}
        for pid in self.pupil_ids:
            spoor = split.get(pid)
            if spoor is not None:
                now[pid] = 2 if spoor == 3 and pid in left else spoor
        return now

    @property
    def still_in_miniklas(self) -> list[str]:
        """The miniklas now: spoor 3 minus who left it (in class order)."""
        return [pid for pid, spoor in self.sporen_now().items() if spoor == 3]

    @property
    def left_miniklas(self) -> list[str]:
        """Who the split put in the miniklas and who left it since (in class order)."""
        staying = set(self.still_in_miniklas)
        return [pid for pid in self.miniklas if pid not in staying]

    # --- duos and groups ----------------------------------------------------------------

    def set_groups(self, mode: str, size: int, groups: list[list[str]]) -> int | None:
        return self._record(ev.GroupsMade(mode=mode, size=size, groups=tuple(tuple(g) for g in groups)))

    @property
    def groups(self) -> list[list[str]]:
        return self.state.groups

    # --- JIJ: miniklas and help queue ---------------------------------------------------

    def miniklas_timer(self, running: bool) -> None:
        if self.state.jij.miniklas_timer.running != running:
            self._record(ev.MiniklasTimerSet(running=running))

    def miniklas_adjust(self, minutes: int) -> None:
        timer = self.state.jij.miniklas_timer
        seconds = max(minutes * 60, -(timer.planned_s + timer.adjust_s))
        if seconds:
            self._record(ev.MiniklasAdjusted(seconds=seconds))

    def toggle_miniklas_leave(self, pupil_id: str) -> int | None:
        """Afvalsysteem: a pupil who gets it leaves the miniklas (and may come back). Only a
        miniklas pupil can; raises `Refused` for anyone else (the co-teacher's device too)."""
        if pupil_id not in self.miniklas:
            raise Refused("flex.not_in_miniklas", pupil_id)
        return self._record(ev.MiniklasLeft(pupil=pupil_id, left=pupil_id not in self.state.jij.left_miniklas))

    def help_add(self, pupil_id: str) -> int | None:
        """A pupil asks for help; one still in the miniklas has the teacher already and is
        refused (`Refused`)."""
        if pupil_id in self.still_in_miniklas:
            raise Refused("flex.in_miniklas", pupil_id)
        if all(pid != pupil_id for pid, _ in self.state.jij.help_queue):
            return self._record(ev.HelpAsked(pupil=pupil_id))
        return None

    def help_next(self) -> str | None:
        queue = self.state.jij.help_queue
        if not queue:
            return None
        pupil = queue[0][0]
        self._record(ev.HelpGiven())
        return pupil

    # --- grote lesafsluiting ----------------------------------------------------------

    def set_note(self, key: str, text: str) -> None:
        if self.state.notes.get(key, "") != text:
            self._record(ev.NoteWritten(key=key, text=text))

    def exit_rounds(self) -> list[CfuRound]:
        return [r for r in self.rounds if r.kind == "exit"]

    def exit_ticket(self) -> dict[str, ExitScore]:
        """Each pupil's exit ticket; afwezig never counts (see `exit_score`)."""
        rounds = self.exit_rounds()
        scores = {pid: exit_score([r.mark_of(pid) for r in rounds if pid in r.present]) for pid in self.pupil_ids}
        return {pid: score for pid, score in scores.items() if score is not None}

    # --- closing ----------------------------------------------------------------------

    def close(self) -> bool:
        if self.state.closed_at is None:
            return self._record(ev.LessonClosed()) is not None
        return True

    @property
    def closed(self) -> bool:
        return self.state.closed_at is not None
