"""What the home screen says of a lesson left open (session/resume.py): read from its run
file once, then taken as kept while that file and its co-teachers' files are unchanged."""

from __future__ import annotations

import json

from lesson_tui.session.resume import KEPT, resume_facts
from lesson_tui.store import layout


def _counting_opens(store, monkeypatch) -> list[str]:
    opened: list[str] = []
    real = store.open_run

    def counting(run_id, *args, **kwargs):
        opened.append(run_id)
        return real(run_id, *args, **kwargs)

    monkeypatch.setattr(store, "open_run", counting)
    return opened


def _left_open(store, demo, plan, phases: int = 1):
    run = store.start_run(demo, plan, set())
    for _ in range(phases):
        run.next_phase()
    store.release(run.run_id)
    return run


def _kept_once(store, demo, plan):
    """A lesson left open whose line was read and kept: the run and its summary."""
    run = _left_open(store, demo, plan)
    (summary,) = store.unfinished_runs()
    resume_facts(store, [summary])
    return run, summary


def test_a_lesson_left_open_is_read_once_then_taken_as_kept(store, demo, plan, clock, monkeypatch):
    run = _left_open(store, demo, plan)
    opened = _counting_opens(store, monkeypatch)
    (summary,) = store.unfinished_runs()
    first = resume_facts(store, [summary])
    assert first == {run.run_id: (plan.fase[0].soort, run.state.last_event_at.isoformat())}
    assert opened == [run.run_id]
    assert resume_facts(store, [summary]) == first and opened == [run.run_id]


def test_a_lesson_that_went_on_is_read_again(store, demo, plan, clock, monkeypatch):
    run, summary = _kept_once(store, demo, plan)
    clock.advance(120)
    again = store.open_run(run.run_id)
    again.next_phase()  # on this PC, or on another one that synced its file
    store.release(run.run_id)
    opened = _counting_opens(store, monkeypatch)
    assert resume_facts(store, [summary])[run.run_id] == (plan.fase[1].soort, again.state.last_event_at.isoformat())
    assert opened == [run.run_id]


def test_a_co_teachers_file_that_arrived_makes_the_lesson_read_again(store, demo, plan, clock, monkeypatch):
    run, summary = _kept_once(store, demo, plan)
    clock.advance(60)
    co = store.join_run(run.run_id)
    co.help_add(run.pupil_ids[0])
    opened = _counting_opens(store, monkeypatch)
    facts = resume_facts(store, [summary])
    assert opened == [run.run_id]
    assert facts[run.run_id] == (plan.fase[0].soort, clock.now().isoformat())  # the co-teacher's event was last


def test_a_damaged_kept_file_is_read_past_and_written_again(store, demo, plan, monkeypatch):
    run = _left_open(store, demo, plan)
    (summary,) = store.unfinished_runs()
    expected = resume_facts(store, [summary])
    kept = layout.derived_path(store.root, KEPT)
    for damage in (b"\xff\xfe not json", b'{"schema": 1, "kind": "derived", "digest": "1", "doc": {"' + run.run_id.encode() + b'": [[1, 2], 3, "x"]}}', b""):
        kept.write_bytes(damage)
        opened = _counting_opens(store, monkeypatch)
        assert resume_facts(store, [summary]) == expected and opened == [run.run_id]
        assert json.loads(kept.read_text(encoding="utf-8"))["doc"][run.run_id][1:] == list(expected[run.run_id])


def test_only_the_lessons_asked_for_stay_kept_and_a_damaged_run_is_none(store, demo, plan, clock):
    first = _left_open(store, demo, plan)
    clock.advance(3600)
    second = _left_open(store, demo, plan, phases=2)
    summaries = {s.run_id: s for s in store.unfinished_runs()}
    resume_facts(store, list(summaries.values()))
    resume_facts(store, [summaries[second.run_id]])  # the first was closed meanwhile
    kept = json.loads(layout.derived_path(store.root, KEPT).read_text(encoding="utf-8"))["doc"]
    assert set(kept) == {second.run_id}
    second.path.write_bytes(b"{ not a run")
    assert resume_facts(store, [summaries[second.run_id]]) == {second.run_id: None}
    assert first.run_id not in json.loads(layout.derived_path(store.root, KEPT).read_text(encoding="utf-8"))["doc"]
    resume_facts(store, [summaries[first.run_id]])
    assert resume_facts(store, []) == {}  # no lesson left open: nothing stays kept
    assert json.loads(layout.derived_path(store.root, KEPT).read_text(encoding="utf-8"))["doc"] == {}
