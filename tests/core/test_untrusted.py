"""What another device wrote is untrusted input: a damaged co-writer file never stops the
lesson, never changes what the teacher's own device recorded, and is named once."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock, to_iso
from lesson_tui.export.output import render
from lesson_tui.files.tables import parse_tables
from lesson_tui.lesson.writers import writer_file
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.session.board import board_view
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.follow import open_run_read_only

FORMATS = ("json", "csv", "md", "html", "qr")


def digest(run) -> dict:
    state = run.state
    return {
        "phase": state.phase_index,
        "timings": [(t.started_at, t.ended_at, t.segments, t.adjust_s) for t in state.timings],
        "absent": sorted(state.absent),
        "rounds": {rid: (r.vraag, r.present, dict(r.marks), r.closed) for rid, r in sorted(state.rounds.items())},
        "picks": [(p.pupil_id, p.result) for p in state.picks],
        "self": dict(state.self_assessment),
        "sporen": state.sporen,
        "jij": (sorted(state.jij.left_miniklas), state.jij.help_queue, state.jij.miniklas_timer.segments),
        "groups": state.groups,
        "closed": state.closed_at,
    }


def lesson(store, clock):
    """A lesson given on the teacher's app as far as the JIJ, with a check round."""
    plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    run = store.start_run(store.get_class("Demo 4A"), plan, set())
    run.next_phase()
    clock.advance(60)
    round_ = run.open_round("Welke breuk is groter?")
    run.mark(round_, run.pupil_ids[2], "fout")
    run.close_round(round_)
    clock.advance(30)
    run.next_phase()
    run.confirm_sporen({})
    clock.advance(30)
    return run


def write_co(run, events: dict, *, writer: int = 1, raw: str | None = None):
    path = writer_file(run.path, writer)
    doc = {"meta": {"1": {"schema": 1, "kind": "run-writer"}}, "events": events}
    path.write_text(raw if raw is not None else json.dumps(doc), encoding="utf-8")
    return path


def valid(run, kind: str = "mark", **fields) -> dict:
    at = run.clock.now()
    base = {"t": kind, "at": to_iso(at), "hlc": [int(at.timestamp() * 1000), 0]}
    if kind == "mark":
        base.update(round=next(iter(run.state.rounds)), pupil=run.pupil_ids[3], value="half")
    return {**base, **fields}


def everything_works(run, clock) -> None:
    """The teacher's app state, the board and every export: no exception."""
    board_view(run, clock.now())
    for fmt in FORMATS:
        assert render(run, fmt)
    run.evidence()
    run.decisions()
    run.exit_ticket()


DAMAGED = {
    "a kind this version does not know": {"t": "teleport", "at": "2026-11-23T09:02:00+01:00"},
    "an event without at": {"t": "pause"},
    "a stamp that is not two numbers": {"t": "pause", "at": "2026-11-23T09:02:00+01:00", "hlc": ["x", 1, 2]},
    "a stamp of Infinity": None,  # written as raw JSON below
    "a round id that is not a number": {"t": "mark", "at": "2026-11-23T09:02:00+01:00", "round": "1", "pupil": "p", "value": "fout"},
    "a list where a pupil id belongs": {"t": "help_add", "at": "2026-11-23T09:02:00+01:00", "pupil": ["a", "b"]},
    "a pupil not in the class": {"t": "help_add", "at": "2026-11-23T09:02:00+01:00", "pupil": "nobody"},
    "a phase outside the plan": {"t": "phase", "at": "2026-11-23T09:02:00+01:00", "index": 999},
    "a phase before the plan": {"t": "phase", "at": "2026-11-23T09:02:00+01:00", "index": -5},
    "a time without a zone": {"t": "pause", "at": "2026-11-23T09:02:00"},
    "not an object": [1, 2, 3],
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_one_bad_event_is_skipped_and_named_and_nothing_else_changes(store, clock, case):
    run = lesson(store, clock)
    before = digest(run)
    good = valid(run, "help_add", pupil=run.pupil_ids[5])
    if DAMAGED[case] is None:
        body = json.dumps({"meta": {"1": {"schema": 1, "kind": "run-writer"}}, "events": {"1": "@", "2": good}})
        path = write_co(run, {}, raw=body.replace('"@"', '{"t": "pause", "at": "2026-11-23T09:02:00+01:00", "hlc": [Infinity, 0]}'))
    else:
        path = write_co(run, {"1": DAMAGED[case], "2": good})
    assert run.catch_up() == 1  # the good one
    assert [pid for pid, _ in run.state.jij.help_queue] == [run.pupil_ids[5]]
    assert {k: v for k, v in digest(run).items() if k != "jij"} == {k: v for k, v in before.items() if k != "jij"}
    assert len(run.problems) == 1 and path.name in run.problems[0] and "1" in run.problems[0]
    run.catch_up()
    assert len(run.problems) == 1  # named once
    everything_works(run, clock)
    # the board and a resume after a restart read the same, and blame nobody's run file
    board = open_run_read_only(run.path, clock)
    assert digest(board) == digest(run) and board.problems == run.problems
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    assert digest(again) == digest(run)
    everything_works(again, clock)
    assert again.next_phase() and again.phase_index == run.phase_index + 1  # `n` still works


def test_a_problem_is_said_in_english_too(store, clock):
    from lesson_tui.base.i18n import set_language

    set_language("en")
    run = lesson(store, clock)
    write_co(run, {"1": DAMAGED["a pupil not in the class"]})
    run.catch_up()
    assert run.problems == [f"Other device, {run.path.stem}.w1.json: event 1 skipped (no pupil 'nobody' in this class)"]


def test_a_file_that_becomes_unreadable_keeps_what_was_read_and_is_read_again(store, clock):
    run = lesson(store, clock)
    first = valid(run, "help_add", pupil=run.pupil_ids[1])
    second = valid(run, "help_add", pupil=run.pupil_ids[2])
    path = write_co(run, {"1": first})
    run.catch_up()
    whole = json.dumps({"meta": {"1": {"schema": 1, "kind": "run-writer"}}, "events": {"1": first, "2": second}})
    path.write_text(whole[: whole.index('"2"') + 8], encoding="utf-8")  # a sync in progress
    run.catch_up()  # no exception: the app goes on
    assert [pid for pid, _ in run.state.jij.help_queue] == [run.pupil_ids[1]]
    assert any("onvolledig" in p for p in run.problems)
    # after a restart the earlier taps are still there (what is complete is read)
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    assert [pid for pid, _ in again.state.jij.help_queue] == [run.pupil_ids[1]]
    assert any("onvolledig" in p for p in again.problems)
    path.write_text(whole, encoding="utf-8")  # the sync finished
    clock.advance(1)
    os.utime(path, None)
    again.catch_up()
    assert [pid for pid, _ in again.state.jij.help_queue] == [run.pupil_ids[1], run.pupil_ids[2]]
    path.write_text("", encoding="utf-8")  # emptied: what was read stays
    again.catch_up()
    assert len(again.state.jij.help_queue) == 2


def test_a_truncated_document_gives_its_complete_entries():
    whole = json.dumps({"meta": {"1": {"kind": "run-writer"}}, "events": {"1": {"t": "pause"}, "2": {"t": "resume"}}})
    for cut in range(len(whole)):
        tables, complete = parse_tables(whole[:cut].encode())
        assert not complete
        assert set(tables.get("events", {})) <= {"1", "2"}
    assert parse_tables(whole.encode()) == (json.loads(whole), True)
    tables, _ = parse_tables(whole[: whole.index('"2"')].encode())
    assert tables["events"] == {"1": {"t": "pause"}}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_writer_file_that_is_a_link_is_not_folded(store, clock):
    run = lesson(store, clock)
    before = digest(run)
    link = writer_file(run.path, 1)
    try:
        link.symlink_to(run.path)
    except OSError:
        pytest.skip("symlinks not allowed here")
    os.link(run.path, writer_file(run.path, 2))  # the run file under a writer's name
    other = lesson(store, clock)  # another lesson's co-writer file, linked in
    write_co(other, {"1": valid(other, "help_add", pupil=other.pupil_ids[0])})
    writer_file(run.path, 3).symlink_to(writer_file(other.path, 1))
    assert run.catch_up() == 0
    assert digest(run) == before
    assert len(run.problems) == 3
    assert digest(open_run_read_only(run.path, clock)) == before


def test_another_lessons_writer_file_copied_in_is_not_folded(store, clock):
    run = lesson(store, clock)
    doc = {"meta": {"1": {"schema": 1, "kind": "run-writer", "run": "another-run"}}, "events": {"1": valid(run, "pause")}}
    writer_file(run.path, 1).write_text(json.dumps(doc), encoding="utf-8")
    assert run.catch_up() == 0 and not run.state.paused
    run_doc = json.loads(run.path.read_text(encoding="utf-8"))  # a run file is no writer file
    writer_file(run.path, 2).write_text(json.dumps(run_doc), encoding="utf-8")
    assert run.catch_up() == 0 and len(run.problems) == 2


def test_a_stamp_far_in_the_future_does_not_move_the_teachers_times(store, clock):
    run = lesson(store, clock)
    future = clock.now() + timedelta(days=95_000)
    far = {"t": "help_add", "at": to_iso(future), "hlc": [int(future.timestamp() * 1000), 0], "pupil": run.pupil_ids[4]}
    write_co(run, {"1": far})
    run.catch_up()
    assert [pid for pid, _ in run.state.jij.help_queue] == [run.pupil_ids[4]]  # the tap counts
    assert any("klok" in p for p in run.problems)
    clock.advance(40)
    run.miniklas_timer(True)
    clock.advance(20)
    run.miniklas_timer(False)
    clock.advance(10)
    run.next_phase()
    assert run.state.jij.miniklas_timer.elapsed(clock.now()) == 20
    for timing in run.timings:
        for start, end in timing.segments:
            assert start <= clock.now() and (end is None or end <= clock.now())
    document = json.loads(render(run, "json"))
    assert all(phase["actual_s"] < 3600 for phase in document["phases"])
    assert run.log.hlc.last[0] <= int(clock.now().timestamp() * 1000)  # the teacher's stamps stay true


def test_a_co_teachers_phase_outside_the_plan_leaves_the_lesson_where_it_is(store, clock):
    run = lesson(store, clock)
    index = run.phase_index
    write_co(run, {"1": valid(run, "phase", index=999), "2": valid(run, "phase", index=-5)})
    run.catch_up()
    assert run.phase_index == index and run.current_timing is not None
    assert run.next_phase() and run.phase_index == index + 1
    assert len(run.problems) == 2


# --- the property: random damaged writer files ---------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
KINDS = st.sampled_from(["mark", "undo", "round_close", "round_open", "phase", "pause", "resume", "adjust",
                         "attend", "pick", "pick_result", "self_assess", "override", "help_add", "help_next",
                         "miniklas_leave", "miniklas_timer", "groups", "note", "sporen", "close", "nieuw"])
FIELDS = st.sampled_from(["round", "pupil", "pupils", "present", "value", "index", "phase", "seconds", "cycle",
                          "groups", "mode", "size", "kind", "niveau", "vraag", "key", "text", "running", "left"])
PUPIL_EVENTS = [
    {"t": "help_add", "pupil": ""},
    {"t": "attend", "pupil": "", "present": False},
    {"t": "pick", "pupil": "", "cycle": []},
    {"t": "self_assess", "pupil": "", "value": 3},
    {"t": "miniklas_leave", "pupil": "", "left": True},
    {"t": "mark", "round": 1, "pupil": "", "value": "fout"},
]
DAMAGES = st.sampled_from(["kind", "drop_at", "at", "hlc", "field", "drop_field", "not_dict"])


@st.composite
def damaged_event(draw, pupils: list[str]):
    """A co-writer event damaged in one way this version can never read."""
    kind = draw(KINDS)
    doc = {"t": kind, "at": "2026-11-23T09:02:30+01:00", "hlc": [1795420950000, draw(st.integers(0, 5))]}
    damage = draw(DAMAGES)
    if damage == "kind":
        doc["t"] = draw(st.text(max_size=6).filter(lambda text: text not in KINDS_KNOWN)) if draw(st.booleans()) else draw(JSON.filter(lambda v: not isinstance(v, str)))
    elif damage == "drop_at":
        del doc["at"]
    elif damage == "at":
        doc["at"] = draw(st.one_of(JSON.filter(lambda v: not isinstance(v, str)), st.sampled_from(["", "gisteren", "2026-11-23T09:02:30", "9999-99-99"])))
    elif damage == "hlc":
        doc["hlc"] = draw(st.one_of(st.just([float("inf"), 0]), st.just([1, 2, 3]), st.just([-1, 0]), st.just([True, 0]), JSON.filter(lambda v: not isinstance(v, list) and v is not None)))
    elif damage == "not_dict":
        return draw(st.one_of(st.lists(JSON, max_size=3), st.text(max_size=5), st.integers()))
    else:  # a pupil field that is not a pupil of the class, or no pupil at all
        doc.update(draw(st.sampled_from(PUPIL_EVENTS)))
        stranger = st.one_of(st.text(max_size=8).filter(lambda v: v not in pupils), st.just(["a", "b"]), JSON)
        if damage == "field":
            doc["pupil"] = draw(stranger.filter(lambda v: v not in pupils))
        else:
            del doc["pupil"]
    if draw(st.booleans()):
        doc[draw(FIELDS)] = draw(JSON)  # noise besides the damage
    return doc


KINDS_KNOWN: set[str] = set()


@given(data=st.data())
def test_random_damaged_writer_files_never_stop_the_lesson(tmp_path_factory, data):
    from lesson_tui.lesson.events import EVENT_TYPES

    KINDS_KNOWN.update(EVENT_TYPES)
    clock = FakeClock()
    store = DataStore(tmp_path_factory.mktemp("data"), clock)
    run = lesson(store, clock)
    before = digest(run)
    bad = data.draw(st.lists(damaged_event(run.pupil_ids), min_size=1, max_size=6))
    events = {str(i + 1): doc for i, doc in enumerate(bad)}
    if data.draw(st.booleans()):
        events[data.draw(st.sampled_from(["x", "-1", "0", "1e3"]))] = valid(run, "pause")  # no document id
    text = json.dumps({"meta": {"1": {"schema": 1, "kind": "run-writer"}}, "events": events}, allow_nan=True)
    if data.draw(st.booleans()):
        text = text[: data.draw(st.integers(0, len(text)))]  # a truncated copy
    writer_file(run.path, data.draw(st.integers(1, 3))).write_text(text, encoding="utf-8")
    run.catch_up()
    run.catch_up()
    assert digest(run) == before  # the teacher's own events: unaffected
    everything_works(run, clock)
    board = open_run_read_only(run.path, clock)
    assert digest(board) == before
    everything_works(board, clock)
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    assert digest(again) == before
    run.next_phase()  # the lesson goes on
    clock.advance(5)
    assert run.phase_index == before["phase"] + 1
    everything_works(run, clock)


@given(data=st.data())
def test_any_co_writer_document_at_all_never_raises(tmp_path_factory, data):
    """Readable or not, whatever the kind and fields: the fold, the board and the exports go on,
    and no time of the teacher's own lands after the reader's clock."""
    clock = FakeClock()
    store = DataStore(tmp_path_factory.mktemp("data"), clock)
    run = lesson(store, clock)
    stamp = st.one_of(st.none(), st.lists(st.integers(0, 2**62), min_size=2, max_size=2), JSON)
    at = st.one_of(st.sampled_from([to_iso(clock.now()), to_iso(clock.now()), "2286-11-20T17:46:40+00:00", "1970-01-01T00:00:00+00:00",
                                    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]), JSON)
    pupil = st.one_of(st.sampled_from(run.pupil_ids), st.sampled_from(["nobody", "", "demo-99"]), JSON)
    value = st.one_of(st.sampled_from(["juist", "fout", "pas", "gemengd", "cfu", "exit", "miniklas", "open"]),
                      st.integers(-3, 1000), JSON)
    field_value = st.one_of(pupil, value, st.lists(pupil, max_size=3), st.lists(st.lists(pupil, max_size=2), max_size=2),
                            st.sampled_from(list(run.state.rounds)))
    docs = data.draw(st.lists(st.fixed_dictionaries({"t": KINDS, "at": at, "hlc": stamp},
                                                    optional=dict.fromkeys(["round", "pupil", "pupils", "present", "value", "index", "phase", "seconds", "cycle", "groups", "mode", "size", "kind", "niveau", "vraag", "key", "text", "running", "left", "pick"], field_value)),
                              min_size=1, max_size=8))
    path = writer_file(run.path, 1)
    path.write_text(json.dumps({"meta": {"1": {"schema": 1, "kind": "run-writer"}},
                                "events": {str(i + 1): d for i, d in enumerate(docs)}}), encoding="utf-8")
    run.catch_up()
    everything_works(run, clock)
    everything_works(open_run_read_only(run.path, clock), clock)
    clock.advance(3)
    run.next_phase()
    run.toggle_pause()
    for timing in run.timings:
        for start, end in timing.segments:
            assert start <= clock.now() + timedelta(seconds=30)
            assert end is None or end <= clock.now() + timedelta(seconds=30)
    everything_works(run, clock)


def test_a_joined_devices_file_copied_to_another_lesson_is_not_folded_there(store, clock):
    import shutil

    run = lesson(store, clock)
    other = lesson(store, clock)
    co = store.join_run(other.run_id)
    co.help_add(co.pupil_ids[0])
    other.catch_up()
    assert len(other.state.jij.help_queue) == 1  # its own lesson folds it
    shutil.copy(writer_file(other.path, co.writer), writer_file(run.path, 1))
    assert run.catch_up() == 0 and run.state.jij.help_queue == []
    assert len(run.problems) == 1


def test_a_writer_number_has_one_name(store, clock):
    run = lesson(store, clock)
    write_co(run, {"1": valid(run, "help_add", pupil=run.pupil_ids[0])})
    hidden = run.path.with_name(f"{run.path.stem}.w01.json")
    hidden.write_text(json.dumps({"meta": {"1": {"kind": "run-writer"}}, "events": {}}), encoding="utf-8")
    from lesson_tui.lesson.writers import writer_files

    assert writer_files(run.path) == {1: writer_file(run.path, 1)}
    run.catch_up()
    assert len(run.state.jij.help_queue) == 1
    writer_file(run.path, 1).unlink()
    assert writer_files(run.path) == {}  # w01 is no name of writer 1
