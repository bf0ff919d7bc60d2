"""A lesson live on another PC: shown as running there, gone on with here only when the
teacher says so, in this PC's own file; every PC's events stay and fold together.

Two PCs are two state folders (LESSON_TUI_STATE) on one data folder, as a sync engine
keeps it in step."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from lesson_tui.lesson import events as ev
from lesson_tui.lesson.writers import is_main, takeover_writer, writer_file, writer_files
from lesson_tui.store import presence
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id


class Pcs:
    """Two PCs on one data folder: `use("a")` makes the next calls that PC's."""

    def __init__(self, tmp_path, monkeypatch, clock) -> None:
        self.tmp, self.monkeypatch, self.clock = tmp_path, monkeypatch, clock
        self.root = tmp_path / "gedeeld"
        self.ids: dict[str, str] = {}

    def use(self, pc: str) -> DataStore:
        self.monkeypatch.setenv("LESSON_TUI_STATE", str(self.tmp / f"state-{pc}"))
        self.ids[pc] = device_id()
        return DataStore(self.root, self.clock)


@pytest.fixture
def pcs(tmp_path, monkeypatch, clock) -> Pcs:
    return Pcs(tmp_path, monkeypatch, clock)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lesson_on_a(pcs: Pcs, plan):
    a = pcs.use("a")
    run = a.start_run(a.get_class("Demo 4A"), plan, set(), rng=random.Random(3))
    run.next_phase()
    round_ = run.open_round("1/2 of 1/3?")
    assert round_ is not None
    run.mark(round_, run.pupil_ids[0], "fout")
    return a, run


def test_a_lesson_live_on_another_pc_is_shown_as_live_there_and_stale_later(pcs, plan, clock):
    a, run = _lesson_on_a(pcs, plan)
    assert a.elsewhere(a.unfinished_runs()[0]) is None  # on A: A's own lesson
    b = pcs.use("b")
    summary = b.unfinished_runs()[0]
    assert summary.run_id == run.run_id  # B's index found it in the synced folder
    there = b.elsewhere(summary)
    assert there is not None and there.live and there.device == pcs.ids["a"]
    assert there.name != pcs.ids["a"]  # the PC's name, from devices/<id>.json
    assert there.last_at == run.state.last_event_at
    clock.advance(presence.LIVE_SECONDS)
    assert b.elsewhere(summary).live  # at the threshold: still live
    clock.advance(1)
    stale = b.elsewhere(summary)
    assert stale is not None and not stale.live and stale.device == pcs.ids["a"]


def test_taking_over_writes_only_this_pcs_file_and_every_event_stays(pcs, plan, clock):
    _a, run_a = _lesson_on_a(pcs, plan)
    main_file = run_a.path
    before = _digest(main_file)
    b = pcs.use("b")
    clock.advance(30)
    run_b = b.open_run(run_a.run_id)  # the teacher said "take it over"
    assert run_b.writer == takeover_writer(pcs.ids["b"]) and not is_main(run_b.writer)
    assert run_b.state.rounds  # A's round is there
    round_b = run_b.open_round("1/4 of 1/5?")
    assert round_b is not None
    run_b.mark(round_b, run_b.pupil_ids[1], "fout")
    assert _digest(main_file) == before, "B wrote A's run file"
    own = writer_file(main_file, run_b.writer)
    meta = json.loads(own.read_text(encoding="utf-8"))["meta"]["1"]
    assert meta["device"] == pcs.ids["b"] and meta["takeover"] is True
    # A, still live, goes on too: both PCs' events fold together, on both
    clock.advance(5)
    run_a.mark(next(iter(run_a.state.rounds.values())), run_a.pupil_ids[2], "fout")
    assert run_b.catch_up() == 1
    assert run_a.catch_up() == 2  # B's round, its mark
    assert len(run_a.log.entries) == len(run_b.log.entries)
    assert [e.key for e in run_a.log.entries] == [e.key for e in run_b.log.entries]
    pcs.use("a")
    on_a = DataStore(pcs.root, clock)
    assert on_a.elsewhere(on_a.unfinished_runs()[0]) is None  # A wrote last: A's own
    clock.advance(5)
    pcs.use("b")
    run_b.close_round(round_b)
    # on A, the lesson is now live on B (B wrote last)
    pcs.use("a")
    on_a = DataStore(pcs.root, clock)
    there = on_a.elsewhere(on_a.unfinished_runs()[0])
    assert there is not None and there.device == pcs.ids["b"] and there.live
    # on B, it is B's own now: offered as before
    b = pcs.use("b")
    assert b.elsewhere(b.unfinished_runs()[0]) is None


def test_the_pc_that_took_over_may_close_and_the_first_pc_sees_it_closed(pcs, plan, clock):
    a, run_a = _lesson_on_a(pcs, plan)
    a.release(run_a.run_id)
    clock.advance(presence.LIVE_SECONDS + 60)  # left open on A
    b = pcs.use("b")
    assert not b.elsewhere(b.unfinished_runs()[0]).live
    run_b = b.open_run(run_a.run_id)
    assert run_b.close()
    b.update_run_summary(run_b)
    assert b.unfinished_runs() == []
    a = pcs.use("a")
    assert a.unfinished_runs() == []  # A's index read B's file: the lesson is closed
    assert a.runs()[0].status == "closed"
    reread = a.open_run(run_a.run_id, lock=False)
    assert reread.closed and reread.state.rounds


def test_going_on_again_after_a_restart_opens_the_same_file_of_this_pc(pcs, plan, clock):
    _a, run_a = _lesson_on_a(pcs, plan)
    b = pcs.use("b")
    run_b = b.open_run(run_a.run_id)
    run_b.open_round("nog een?")
    b.release(run_a.run_id)
    again = pcs.use("b").open_run(run_a.run_id)
    assert again.writer == run_b.writer and len(again.log.entries) == len(run_b.log.entries)
    assert set(writer_files(run_a.path)) == {run_b.writer}


def test_a_co_teachers_file_saying_it_took_over_is_not_the_teacher(pcs, plan, clock):
    """Only the number a PC's id gives is a takeover: a co-teacher's `w1` claiming it is not,
    and its close is not the lesson's."""
    _a, run = _lesson_on_a(pcs, plan)
    doc = {"t": ev.LessonClosed.KIND, "at": clock.now().isoformat(), "hlc": [int(clock.now().timestamp() * 1000) + 5, 0]}
    fake = {
        "meta": {"1": {"schema": 1, "kind": "run-writer", "run": run.run_id, "device": pcs.ids["a"], "takeover": True}},
        "events": {"1": doc},
    }
    writer_file(run.path, 1).write_text(json.dumps(fake), encoding="utf-8")
    run.catch_up()
    assert not run.closed
