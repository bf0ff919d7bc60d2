"""The lesson's flow, headless: what follows what, and the index lines that go with it."""

from __future__ import annotations

import random

from lesson_tui.session.session import LessonSession, Step
from lesson_tui.store.datastore import DataStore


def session_for(store, demo, plan) -> LessonSession:
    return LessonSession.start(store, demo, plan, set(), rng=random.Random(2))


def test_start_begins_the_first_phase_and_writes_the_index_line(store, demo, plan, clock):
    session = session_for(store, demo, plan)
    assert session.run.phase_index == 0
    (summary,) = DataStore(store.root, clock).runs()
    assert summary.run_id == session.run.run_id and summary.status == "open"


def test_reaching_the_kleine_afsluiting_opens_its_check_and_then_the_sporen(store, demo, plan):
    session = session_for(store, demo, plan)
    steps = [session.next_phase() for _ in range(plan.phase_index("kleine_afsluiting"))]
    jullie = plan.phase_index("jullie") - 1  # the step into JULLIE offers the duos
    assert steps[-1] is Step.CHECK and steps[jullie] is Step.GROUPS
    assert set(steps[:jullie] + steps[jullie + 1 : -1]) == {Step.NONE}
    round_ = session.run.open_round("afsluitvraag")
    assert session.after_round(round_) is Step.NONE  # not saved yet
    session.run.close_round(round_)
    assert session.after_round(round_) is Step.SPOREN
    exit_round = session.run.open_round("exit", kind="exit")
    session.run.close_round(exit_round)
    assert session.after_round(exit_round) is Step.NONE


def test_confirming_the_sporen_stores_reasons_the_index_line_and_moves_to_jij(store, demo, plan, clock):
    session = session_for(store, demo, plan)
    session.run.go_to_phase(plan.phase_index("kleine_afsluiting"))
    round_ = session.run.open_round("afsluitvraag")
    weak = session.run.pupil_ids[3]
    session.run.mark(round_, weak, "fout")
    session.run.close_round(round_)
    assert session.confirm_sporen()
    assert session.soort == "jij"
    assert session.run.sporen[weak].spoor == 3 and "afsluitvraag ✗ ×2" in session.run.sporen[weak].reason
    (summary,) = DataStore(store.root, clock).runs()
    assert summary.spoor3 == (weak,)


def test_closing_asks_each_exit_question_then_the_reflection_then_closes(store, demo, plan, clock):
    session = session_for(store, demo, plan)
    session.run.go_to_phase(plan.phase_index("grote_afsluiting") - 1)
    assert session.next_phase() is Step.EXIT
    for number, _ in enumerate(plan.exit_ticket.vragen):
        assert session.next_exit_question()[0] == number
        round_ = session.run.open_round(plan.exit_ticket.vragen[number], kind="exit")
        session.run.close_round(round_)
    assert session.closing_step() is Step.REFLECT
    assert session.close() and session.run.closed
    assert session.closing_step() is Step.END and session.next_phase() is Step.END
    (summary,) = DataStore(store.root, clock).runs()
    assert summary.status == "closed" and summary.closed_at is not None


def test_every_saved_change_is_announced_once(store, demo, plan):
    session = session_for(store, demo, plan)
    heard: list[int] = []
    session.subscribe(lambda: heard.append(session.run.applied_seq))
    session.run.pick_pupil()
    round_ = session.run.open_round("v")
    session.run.mark(round_, session.run.pupil_ids[0], "fout")
    session.run.mark(round_, session.run.pupil_ids[0], "fout")  # no change: nothing recorded
    assert len(heard) == 3 and heard == sorted(set(heard))


def test_leave_pauses_releases_and_resume_continues(store, demo, plan, clock):
    session = session_for(store, demo, plan)
    session.next_phase()
    session.leave()
    assert session.run.state.paused
    again = LessonSession.resume(store, session.run.run_id)  # the lock was released
    assert again.run.phase_index == 1 and not again.run.state.paused


def _at_sporen(session: LessonSession, weak: list[str]) -> None:
    """The kleine lesafsluiting's round saved with `weak` marked fout (spoor 3 for them)."""
    session.run.go_to_phase(session.run.plan.phase_index("kleine_afsluiting"))
    round_ = session.run.open_round("afsluitvraag")
    for pid in weak:
        session.run.mark(round_, pid, "fout")
    session.run.close_round(round_)


def test_a_confirmed_split_opens_flex_and_leaving_the_sporen_without_one_opens_nothing(store, demo, plan):
    session = session_for(store, demo, plan)
    _at_sporen(session, [session.run.pupil_ids[3]])
    assert session.after_sporen(False) is Step.NONE  # left with esc: back to the lesson
    assert session.after_sporen(True) is Step.NONE  # "confirmed" but nothing stored
    assert session.confirm_sporen()
    assert session.after_sporen(True) is Step.FLEX
    assert session.after_sporen(False) is Step.NONE


def test_flex_without_a_split_opens_the_sporen_first_and_starts_no_timer(store, demo, plan):
    session = session_for(store, demo, plan)
    _at_sporen(session, [session.run.pupil_ids[3]])
    assert session.open_flex() is Step.SPOREN
    assert session.run.state.jij.miniklas_timer.started_at is None


def test_opening_flex_starts_the_miniklas_timer_once(store, demo, plan, clock):
    session = session_for(store, demo, plan)
    _at_sporen(session, [session.run.pupil_ids[3]])
    session.confirm_sporen()
    timer = session.run.state.jij.miniklas_timer
    assert timer.started_at is None and not timer.running  # the split alone starts nothing
    assert session.open_flex() is Step.FLEX
    assert timer.running and timer.started_at == clock.now()
    session.run.miniklas_timer(False)  # the teacher pauses the miniklas, leaves FLEX ...
    assert session.open_flex() is Step.FLEX  # ... and opens it again: it stays paused
    assert not session.run.state.jij.miniklas_timer.running


def test_opening_flex_without_a_miniklas_starts_no_timer(store, demo, plan):
    session = session_for(store, demo, plan)
    _at_sporen(session, [])
    session.confirm_sporen()
    assert session.run.miniklas == []
    assert session.open_flex() is Step.FLEX
    assert session.run.state.jij.miniklas_timer.started_at is None


def test_a_resumed_lesson_goes_on_with_the_round_it_left_open(store, demo, plan):
    session = session_for(store, demo, plan)
    assert session.first_step() is Step.NONE
    round_ = session.run.open_round("half gedaan")
    session.run.mark(round_, session.run.pupil_ids[0], "fout")
    session.leave()
    again = LessonSession.resume(store, session.run.run_id)
    assert again.first_step() is Step.ROUND
    assert again.round_in_progress is not None and again.round_in_progress.round_id == round_.round_id
    again.run.close_round(again.round_in_progress)
    assert again.first_step() is Step.NONE and again.round_in_progress is None


def test_a_round_another_device_left_open_does_not_open_here(store, demo, plan):
    session = session_for(store, demo, plan)
    session.leave()
    other = store.join_run(session.run.run_id, writer=1)
    other.open_round("op de tablet", kind="miniklas", pupils=other.pupil_ids[:2])
    again = LessonSession.resume(store, session.run.run_id)
    assert again.run.others_open_rounds() and again.first_step() is Step.NONE


def test_following_the_other_devices_says_whether_anything_changed(store, demo, plan):
    session = session_for(store, demo, plan)
    assert session.follow_others() is False  # nobody else wrote
    other = store.join_run(session.run.run_id, writer=1)
    round_ = other.open_round("op de tablet", kind="miniklas", pupils=other.pupil_ids[:2])
    other.mark(round_, other.pupil_ids[0], "fout")
    assert session.follow_others() is True
    assert session.follow_others() is False  # folded once
    assert session.run.others_open_rounds()[0].marks == {other.pupil_ids[0]: "fout"}
