"""Co-teachers' PCs joining one lesson by themselves: each writes a file whose number is
made from its device id (`writers.join_writer`), so two PCs that join while apart (no sync
between them) never write one file, and every mark of both folds once they are in step.

A PC is a data folder and a state folder (LESSON_TUI_STATE) of its own; "in step" is each
PC's files copied to the other, as a sync engine does."""

from __future__ import annotations

import random
import shutil

import pytest

from lesson_tui.lesson.writers import (
    JOIN_SLOTS,
    PAGE_SLOT,
    join_slot,
    join_writer,
    takeover_writer,
    writer_file,
    writer_files,
)
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id


class Pcs:
    """PCs apart: `use("a")` makes the next calls PC a's, on its own copy of the folder."""

    def __init__(self, tmp_path, monkeypatch, clock) -> None:
        self.tmp, self.monkeypatch, self.clock = tmp_path, monkeypatch, clock
        self.ids: dict[str, str] = {}

    def root(self, pc: str):
        return self.tmp / f"data-{pc}"

    def use(self, pc: str) -> DataStore:
        self.monkeypatch.setenv("LESSON_TUI_STATE", str(self.tmp / f"state-{pc}"))
        self.ids[pc] = device_id()
        return DataStore(self.root(pc), self.clock)

    def copy(self, source: str, target: str) -> None:
        """The whole folder of `source` as `target`'s (before the PCs went apart)."""
        shutil.copytree(self.root(source), self.root(target), dirs_exist_ok=True)


@pytest.fixture
def pcs(tmp_path, monkeypatch, clock) -> Pcs:
    return Pcs(tmp_path, monkeypatch, clock)


def _lesson_on_teacher(pcs: Pcs, plan):
    t = pcs.use("t")
    run = t.start_run(t.get_class("Demo 4A"), plan, set(), rng=random.Random(5))
    run.next_phase()
    round_ = run.open_round("Welke breuk is groter?")
    assert round_ is not None
    run.mark(round_, run.pupil_ids[0], "fout")
    return t, run, round_


def test_two_pcs_joining_one_lesson_apart_write_different_files_and_every_mark_folds(pcs, plan, clock):
    t, run, round_ = _lesson_on_teacher(pcs, plan)
    pcs.copy("t", "a")
    pcs.copy("t", "b")
    relative = run.path.relative_to(pcs.root("t"))
    written: dict[str, set[str]] = {}
    numbers: dict[str, int] = {}
    for pc, pupil, value in (("a", 1, "half"), ("b", 2, "fout")):  # apart: neither sees the other's files
        store = pcs.use(pc)
        co = store.join_run(run.run_id)
        numbers[pc] = co.writer
        clock.advance(1)
        assert co.mark(co.state.rounds[round_.round_id], run.pupil_ids[pupil], value) is not None
        written[pc] = {path.name for path in writer_files(pcs.root(pc) / relative).values()}
    assert pcs.ids["a"] != pcs.ids["b"]
    assert written["a"] and written["b"] and not written["a"] & written["b"], "two PCs wrote one file"
    assert numbers == {pc: join_writer(pcs.ids[pc], 0) for pc in ("a", "b")}
    # back in step: every PC gets every other PC's files (none had to be overwritten)
    for source in ("a", "b"):
        for name in written[source]:
            for target in ("t", "a", "b"):
                if target != source:
                    dest = pcs.root(target) / relative.with_name(name)
                    assert not dest.exists()
                    shutil.copy2(pcs.root(source) / relative.with_name(name), dest)
    expected = {run.pupil_ids[0]: "fout", run.pupil_ids[1]: "half", run.pupil_ids[2]: "fout"}
    run.catch_up()
    assert run.state.rounds[round_.round_id].marks == expected
    for pc in ("a", "b"):
        on_pc = pcs.use(pc).open_run(run.run_id, lock=False)
        assert on_pc.state.rounds[round_.round_id].marks == expected
    run.close_round(round_)
    run.close()
    t.update_run_summary(run)
    assert t.runs()[0].status == "closed"


def test_a_pc_goes_on_in_its_own_file_after_a_restart_and_a_second_window_takes_the_next(pcs, plan, clock):
    _t, run, round_ = _lesson_on_teacher(pcs, plan)
    pcs.copy("t", "a")
    store = pcs.use("a")
    first = store.join_run(run.run_id)
    first.mark(first.state.rounds[round_.round_id], run.pupil_ids[1], "half")
    window = store.join_run(run.run_id)  # another window of this PC, at the same time
    assert window.writer == join_writer(pcs.ids["a"], 1)
    store.release(run.run_id)  # both windows closed (or the PC restarted)
    again = pcs.use("a").join_run(run.run_id)
    assert again.writer == first.writer and again.log.entries  # its own file, with its mark
    again.undo_mark(again.state.rounds[round_.round_id])  # its own mark from before: undone
    assert run.pupil_ids[1] not in again.state.rounds[round_.round_id].marks
    assert set(writer_files(pcs.root("a") / run.path.relative_to(pcs.root("t")))) == {first.writer}


def test_a_co_writers_file_of_an_earlier_version_still_folds_and_keeps_its_number(store, plan, clock):
    """`<run>.w1.json` (numbers from 1 on, before they were made from the device id)."""
    main = store.start_run(store.get_class("Demo 4A"), plan, set())
    main.next_phase()
    round_ = main.open_round("Welke breuk is groter?")
    old = store.join_run(main.run_id, writer=1)  # as an earlier version numbered it
    old.mark(old.state.rounds[round_.round_id], main.pupil_ids[3], "half")
    assert writer_file(main.path, 1).exists()
    new = store.join_run(main.run_id)
    assert new.writer == join_writer(device_id(), 0) and new.writer != 1
    new.mark(new.state.rounds[round_.round_id], main.pupil_ids[4], "fout")
    main.catch_up()
    assert main.state.rounds[round_.round_id].marks == {main.pupil_ids[3]: "half", main.pupil_ids[4]: "fout"}
    assert sorted(writer_files(main.path)) == [1, new.writer]


def test_the_numbers_of_devices_and_slots_never_meet():
    ids = ["aaaaaaaa", "aaaaaaab", "77777777", "abcdefgh"]
    numbers = [join_writer(d, s) for d in ids for s in (0, 1, PAGE_SLOT, JOIN_SLOTS - 1)]
    assert len(set(numbers)) == len(numbers)
    assert not set(numbers) & {takeover_writer(d) for d in ids}
    assert min(numbers) > max(takeover_writer(d) for d in ids) > 1000  # never an old 1, 2, ...
    assert join_slot("abcdefgh", join_writer("abcdefgh", 7)) == 7
    assert join_slot("aaaaaaab", join_writer("abcdefgh", 7)) is None
    with pytest.raises(ValueError):
        join_writer("abcdefgh", JOIN_SLOTS)
