"""Two devices on one lesson: each writes its own file, both fold the same state, nothing is
lost, and the rules for two teachers hold (later mark wins, undo is your own, the sporen and
closing are the main teacher's)."""
from __future__ import annotations

import json
import os
from contextlib import suppress

from hypothesis import given
from hypothesis import strategies as st
from shared import digest

from lesson_tui.base.clock import FakeClock
from lesson_tui.lesson.writers import HybridClock, writer_file
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.rules.sporen import Refused
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.follow import open_run_read_only


def two_writers(store, plan, *, split=False):
    main = store.start_run(store.get_class("Demo 4A"), plan, set())
    main.next_phase()
    if split:  # every second pupil in the miniklas, so that pupils can leave it
        for pid in main.pupil_ids[::2]:
            main.set_override(pid, 3)
        main.confirm_sporen({})
    co = store.join_run(main.run_id)
    return main, co


def test_the_later_mark_wins_and_undo_takes_back_only_your_own(store, plan, clock):
    main, co = two_writers(store, plan)
    round_ = main.open_round("Welke breuk is groter?")
    three, four = main.pupil_by_number(3).id, main.pupil_by_number(4).id
    main.mark(round_, three, "fout")
    co.catch_up()
    clock.advance(1)
    co.mark(co.state.rounds[round_.round_id], three, "juist")  # later: wins
    co.mark(co.state.rounds[round_.round_id], four, "half")
    main.catch_up()
    assert main.state.rounds[round_.round_id].marks == {three: "juist", four: "half"}
    main.undo_mark(main.state.rounds[round_.round_id])  # the teacher's own `fout`, not the co-teacher's marks
    co.catch_up()
    assert digest(main) == digest(co)
    assert main.state.rounds[round_.round_id].marks == {three: "juist", four: "half"}
    co.undo_mark(co.state.rounds[round_.round_id])  # the co-teacher's last: 4 half
    main.catch_up()
    assert main.state.rounds[round_.round_id].marks == {three: "juist"} == co.state.rounds[round_.round_id].marks


def test_the_sporen_and_closing_are_the_main_teachers(store, plan, clock):
    main, co = two_writers(store, plan)
    assert co.confirm_sporen({}) is False and co.state.sporen is None
    assert co.close() is False
    # even written by hand into the co-teacher's file, the fold ignores it
    from tinydb import TinyDB

    co.help_add(co.pupil_ids[0])  # the co-teacher's file exists from its first event on
    path = writer_file(main.path, co.writer)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["events"]["99"] = {"t": "close", "at": "2030-01-01T00:00:00+00:00", "hlc": [1, 0]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    main.catch_up()
    assert not main.closed
    assert TinyDB  # the file stays a TinyDB document


def test_events_written_at_the_same_moment_fold_the_same_on_both_devices(store, plan, clock):
    main, co = two_writers(store, plan, split=True)
    round_ = main.open_round("Q")
    co.catch_up()
    co_round = co.state.rounds[round_.round_id]
    pupils = main.pupil_ids
    # both mark without seeing each other; same clock ms: the order is writer, then sequence
    for pid in pupils[:6]:
        main.mark(round_, pid, "fout")
        co.mark(co_round, pid, "half")
    co.toggle_miniklas_leave(pupils[6])
    main.help_add(pupils[7])
    co.help_add(pupils[9])
    main.catch_up()
    co.catch_up()
    assert digest(main) == digest(co)
    assert digest(open_run_read_only(main.path, clock)) == digest(main)  # the board too
    assert set(main.state.rounds[round_.round_id].marks.values()) == {"half"}  # writer 1 sorts after 0 at a tie
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from([0, 1]),  # which device
        st.sampled_from(["mark", "undo", "leave", "help", "next", "sync", "tick"]),
        st.integers(0, 23),
        st.sampled_from(["fout", "half", "juist", "afwezig"]),
    ),
    max_size=40,
)


@given(actions=ACTIONS)
def test_any_interleaving_of_two_devices_ends_in_one_state(tmp_path_factory, actions):
    clock = FakeClock()
    store = DataStore(tmp_path_factory.mktemp("data"), clock)
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    main, co = two_writers(store, plan, split=True)
    round_ = main.open_round("Q")
    co.catch_up()
    devices = (main, co)
    for who, action, number, mark in actions:
        run = devices[who]
        pid = run.pupil_ids[number]
        current = run.state.rounds[round_.round_id]
        if action == "mark":
            run.mark(current, pid, mark)
        elif action == "undo":
            run.undo_mark(current)
        elif action == "leave":
            with suppress(Refused):  # not in the miniklas: refused, nothing written
                run.toggle_miniklas_leave(pid)
        elif action == "help":
            with suppress(Refused):  # still in the miniklas
                run.help_add(pid)
        elif action == "next":
            run.help_next()
        elif action == "sync":
            run.catch_up()
        else:
            clock.advance(0.3)
    main.catch_up()
    co.catch_up()
    assert digest(main) == digest(co) == digest(open_run_read_only(main.path, clock))


def test_a_clock_stamp_never_goes_back_and_passes_what_it_saw():
    clock = HybridClock()
    assert clock.stamp(1000) == (1000, 0)
    assert clock.stamp(900) == (1000, 1)  # the PC's clock went back: the stamp does not
    clock.see((5000, 3))  # the other device is ahead
    assert clock.stamp(1200) == (5000, 4)


@given(
    st.lists(
        st.sampled_from(
            [
                "R.w1.json", "R.w2.json", "R.w01.json", "R.w10.json", "R.wx.json", "R.w1.json.tmp",
                "R.w1.sync-conflict-20261202-101010-ABCDEFG.json", "R.w1-DESKTOP-X.json", "R.w3.beschadigd-1.json",
                "RR.w1.json", "S.w1.json", "R.json", "R.w.json", "R.w1.w2.json",
            ]
        ),
        unique=True,
    )
)
def test_the_writers_of_a_listing_are_the_writers_a_glob_finds(tmp_path_factory, names):
    """The school view hands the readers the writer files of its one listing of a year folder
    (`writers_among`) instead of a glob per run: both must find the same files."""
    from lesson_tui.lesson.writers import writer_files, writers_among

    folder = tmp_path_factory.mktemp("year")
    for name in names:
        (folder / name).write_text("{}", encoding="utf-8")
    run_file = folder / "R.json"
    assert writers_among(run_file, os.listdir(folder)) == writer_files(run_file)
