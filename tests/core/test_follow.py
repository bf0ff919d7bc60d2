"""The follower: what the class board sees of a lesson written by another process."""
from __future__ import annotations

import os
import time

from lesson_tui.store.datastore import DataStore
from lesson_tui.store.follow import RunFollower, live_run


def test_follower_sees_new_events_and_never_writes(store, run, clock):
    follower = RunFollower(DataStore(store.root, clock))
    assert follower.poll().switched and follower.run.run_id == run.run_id
    before = run.path.read_bytes()
    assert not follower.poll().changed  # nothing new: one stat, no fold
    run.next_phase()
    round_ = run.open_round("Welke breuk is groter?")
    assert follower.poll().changed
    assert follower.run.phase_index == 0 and follower.run.open_round_in_progress().vraag == round_.vraag
    run.mark(round_, run.pupil_ids[0], "fout")
    follower.poll()
    assert follower.run.rounds[0].mark_of(run.pupil_ids[0]) == "fout"
    assert run.path.read_bytes() != before
    # the board holds no lock: the teacher can reopen the lesson while it follows
    store.release(run.run_id)
    reopened = store.open_run(run.run_id)
    follower.poll()
    assert reopened.run_id == follower.run.run_id


def test_follower_takes_the_most_recently_active_open_lesson(store, demo, plan, clock):
    first = store.start_run(demo, plan, set())
    clock.advance(60)
    second = store.start_run(demo, plan, set())
    os.utime(first.path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))  # first is touched last
    assert live_run(store).run_id == first.run_id
    assert live_run(store, second.run_id).run_id == second.run_id
    follower = RunFollower(DataStore(store.root, clock), run_id=second.run_id)
    follower.poll()
    assert follower.run.run_id == second.run_id


def test_without_a_lesson_the_follower_waits_and_then_finds_it(store, demo, plan, clock):
    follower = RunFollower(DataStore(store.root, clock))
    assert follower.poll().changed is False and follower.run is None
    run = store.start_run(demo, plan, set())
    assert follower.poll().switched and follower.run.run_id == run.run_id


def test_an_ended_lesson_stays_on_the_board(store, run, clock):
    follower = RunFollower(DataStore(store.root, clock))
    follower.poll()
    run.next_phase()
    run.close()
    store.update_run_summary(run)
    follower.poll()
    assert follower.run.closed and follower.run.run_id == run.run_id
