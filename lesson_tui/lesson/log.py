"""The event log of one lesson run, and the fold of every writer's events into its state.

Every teacher action is one event, written to this device's own file *before* the state
changes in memory, so the screen never shows what is not on disk. The state is a fold over
the events of every writer (the teacher's run file, a co-teacher's `<run>.w<k>.json`), in
the order every device agrees on (`writers.order_key`): resuming after a crash is the same
code path as live use, and another device's event arriving late folds the state again.

`RunLog` owns the files and the fold; `LessonRun` (run.py) decides which event to record.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tinydb import TinyDB

from lesson_tui.base.clock import LessonClock, from_iso
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import (
    AtomicJSONStorage,
    DataFileError,
    ReadOnlyJSONStorage,
    SaveError,
    WriterFileStorage,
    WriterTaken,
    append_document,
)
from lesson_tui.lesson import events as ev
from lesson_tui.lesson.runstate import MAIN_TEACHER_ONLY, RunState
from lesson_tui.lesson.untrusted import Context, Untrusted, WriterFile, read_event, trusted_time
from lesson_tui.lesson.writers import (
    MAIN,
    HybridClock,
    Stamp,
    global_seq,
    is_main,
    order_key,
    writer_file,
    writer_files,
)

# A document as read from a file: JSON, checked by `event_from_doc` (the teacher's own
# file) or `read_event` (another device's, untrusted) before it is used
RawDoc = Any


class Entry(NamedTuple):
    """One event in the fold's order."""

    key: tuple[int, int, int, int]  # `order_key`: stamp, writer, the writer's sequence
    writer: int
    seq: int
    at: datetime
    event: ev.Event


class RunLog:
    """The run's events on disk and their fold (`state`). `db` is the run file, `own`
    this device's file when it is a co-writer (`writer` > 0); `fresh_state` makes the
    state before any event (the fold starts again from it when an event sorts earlier)."""

    def __init__(
        self,
        db: TinyDB,
        path: Path,
        run_id: str,
        clock: LessonClock,
        context: Context,
        fresh_state: Callable[[], RunState],
        *,
        writer: int = MAIN,
        own: TinyDB | None = None,
        lead: bool = False,
        writers: dict[int, Path] | None = None,
    ) -> None:
        self.path = path
        self.run_id = run_id
        self.clock = clock
        self.writer = writer
        self.lead = is_main(writer) or lead  # the teacher: this device may decide and close
        self._leads: set[int] = {MAIN, writer} if self.lead else {MAIN}  # every PC that was the teacher
        self.state = fresh_state()
        self._fresh_state = fresh_state
        self.save_error: SaveError | None = None
        self.on_save_error: Callable[[SaveError], None] | None = None
        self.on_change: Callable[[], None] | None = None  # told once after every saved event
        self.problems: list[str] = []  # what was skipped in other devices' files, named once
        self._sources: dict[int, TinyDB] = {MAIN: db}
        if not is_main(writer):
            if own is None:
                raise ValueError("a co-writer needs its own file")
            self._sources[writer] = own
        self._own = self._sources[writer].table("events")
        self._others: dict[int, WriterFile] = {}  # other devices' files: untrusted input
        self._context = context
        self.hlc = HybridClock()
        self.entries: list[Entry] = []
        self.folded: set[tuple[int, int]] = set()  # (writer, seq) of every event in the state
        self._skipped: set[tuple[int, int]] = set()
        self._legacy: dict[int, Stamp] = {}
        self._read_once: set[int] = set()
        # the co-writers' files as a listing of the folder already found them (the school view):
        # the first look needs no listing of its own; every later look lists the folder
        self._listed = writers
        self.own_last: tuple[datetime, float] | None = None  # this device's last event: time, monotonic

    @property
    def applied_seq(self) -> int:
        """The last of the teacher's app's own events folded (its sequence number)."""
        return max((seq for writer, seq in self.folded if is_main(writer)), default=0)

    def note_problem(self, text: str) -> None:
        """One line for the teacher about another device's file, said once."""
        if text not in self.problems:
            self.problems.append(text)

    # --- reading ------------------------------------------------------------------

    def _stamp_of(self, writer: int, doc: RawDoc) -> Stamp:
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
        listed, self._listed = self._listed, None
        for writer, path in (writer_files(self.path) if listed is None else listed).items():
            if writer not in self._sources and writer not in self._others:
                self._others[writer] = WriterFile(path, self.path, self.run_id, writer=writer)

    def _source_docs(self, writer: int, source: TinyDB) -> list[tuple[int, RawDoc]]:
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

    def _read(self, writer: int, docs: list[tuple[int, RawDoc]], name: str) -> list[Entry]:
        """Parse new documents; another device's are checked first (`untrusted`), and one
        that cannot be used is skipped and named, never stopping the fold."""
        new = []
        for seq, doc in docs:
            if (writer, seq) in self.folded or (writer, seq) in self._skipped:
                continue
            if is_main(writer):
                at, event = ev.event_from_doc(doc)
                stamp = self._stamp_of(writer, doc)
                if writer == self.writer:
                    self._own_mono(at, doc)
            else:
                try:
                    claimed, at, event = read_event(doc, self._context)
                except Untrusted as error:
                    self._skipped.add((writer, seq))
                    self.note_problem(t("untrusted.skipped", path=name, event=seq, reason=error))
                    continue
                stamp, at = self._trusted_stamp(writer, claimed, at, name)
                if writer == self.writer:
                    self._own_mono(at, doc)
            new.append(Entry(order_key(stamp, writer, seq), writer, seq, at, event))
        return new

    def _own_mono(self, at: datetime, doc: RawDoc) -> None:
        mono = doc.get("mono")
        if isinstance(mono, (int, float)) and not isinstance(mono, bool) and math.isfinite(mono):
            self.own_last = (at, float(mono))
        else:
            self.own_last = None  # written before monotonic readings were kept

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
        new: list[Entry] = []
        for writer, source in self._sources.items():
            storage = source.storage
            name = (
                storage.path.name if isinstance(storage, (AtomicJSONStorage, ReadOnlyJSONStorage)) else self.path.name
            )
            new.extend(self._read(writer, self._source_docs(writer, source), name))
        for writer, other in self._others.items():
            changed, problem = other.poll()
            if problem is not None:
                self.note_problem(problem)
            if other.lead:
                self._leads.add(writer)  # read with its first events: they are folded as the teacher's
            if changed:
                new.extend(self._read(writer, sorted(other.docs.items()), other.path.name))
        if not new:
            return 0
        new.sort(key=lambda item: item.key)
        if self.entries and new[0].key < self.entries[-1].key:
            self.entries = sorted(self.entries + new, key=lambda item: item.key)
            self.state = self._fresh_state()
            todo = self.entries
        else:
            self.entries.extend(new)
            todo = new
        for entry in todo:
            lead = entry.writer in self._leads
            self.state.apply(global_seq(entry.writer, entry.seq), entry.at, entry.event, entry.writer, lead=lead)
            self.hlc.see((entry.key[0], entry.key[1]))
        self.folded.update((entry.writer, entry.seq) for entry in new)
        return len(new)

    # --- writing ------------------------------------------------------------------

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
                if self.lead:  # a takeover's number is this PC's own: another window of it was first
                    self._save_failed(SaveError(storage.path, t("data.locked", path=self.path)))
                    return False
                self._sources[self.writer + 1] = self._sources.pop(self.writer)
                self.writer += 1
                storage.retarget(writer_file(self.path, self.writer))
            except SaveError as error:
                self._save_failed(error)
                return False

    def _save_failed(self, error: SaveError) -> None:
        self.save_error = error
        if self.on_save_error is not None:
            self.on_save_error(error)

    def record(self, event: ev.Event) -> int | None:
        """Write one event, then apply it; its id, or None when it could not be saved.

        A failed save (disk full, a folder gone read-only, a USB stick pulled) changes
        nothing: the state stays what is on disk, `save_error` says why, and `on_save_error`
        is told, so the screen can say so and the teacher can go on when space returns."""
        if not is_main(self.writer):
            if not self.lead and isinstance(event, MAIN_TEACHER_ONLY):
                return None  # the sporen decision and closing belong to the main teacher
            if not self._may_cowrite():
                return None
        at = self.clock.now()
        stamp = self.hlc.stamp(int(at.timestamp() * 1000))
        doc = event.to_doc(at)
        doc["hlc"] = list(stamp)
        doc["mono"] = round(self.clock.monotonic(), 3)  # a resume after the clock was set back
        try:
            seq = append_document(self._own, doc)  # atomic write to disk first ...
        except SaveError as error:
            self._save_failed(error)
            return None
        self.save_error = None
        self.entries.append(Entry(order_key(stamp, self.writer, seq), self.writer, seq, at, event))
        self.folded.add((self.writer, seq))
        self.state.apply(global_seq(self.writer, seq), at, event, self.writer, lead=self.lead)  # ... then the state
        if self.on_change is not None:
            self.on_change()
        return global_seq(self.writer, seq)
