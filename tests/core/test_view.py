"""The read-only view of a lesson that every front end shows (lesson_tui/session/view.py)."""

from __future__ import annotations

import random

import pytest
from builders import lesson_at_sporen

from lesson_tui.session.session import LessonActions, LessonSession
from lesson_tui.session.view import LessonView, run_of


def confirmed_session(store, plan) -> LessonSession:
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    return LessonSession.resume(store, run_id, rng=random.Random(1))


def test_the_view_cannot_be_changed_and_hands_out_no_state_to_change(store, plan, clock):
    session = confirmed_session(store, plan)
    view = session.view
    with pytest.raises(AttributeError):
        view.phase_index = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        view.names["x"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError):
        view.sporen["x"] = None  # type: ignore[index]
    # a timer handed out is a copy: moving it moves nothing in the lesson
    timer = view.current_timing
    timer.adjust_s += 600
    assert session.run.current_timing.adjust_s == 0
    assert view.current_timing.remaining(clock.now()) == session.run.current_timing.remaining(clock.now())
    assert isinstance(view.absent, frozenset) and isinstance(view.help_queue, tuple)


def test_the_view_follows_the_lesson_as_it_changes(store, plan, clock):
    session = confirmed_session(store, plan)
    view = session.view
    assert view.phase is not None and view.phase.soort == "jij"
    assert view.miniklas == [session.run.pupil_by_number(n).id for n in (2, 4, 9)]
    assert view.spoor_counts[3] == 3
    four = view.pupil_by_number(4).id
    clock.advance(5 * 60)
    session.toggle_miniklas_leave(four)
    assert view.left_miniklas == [four] and four not in view.still_in_miniklas
    assert view.spoor_counts[3] == 2 and view.sporen_now()[four] == 2  # who left counts with spoor 2
    assert view.minutes_before_leaving(four) == 5
    assert view.minutes_before_leaving(view.pupil_by_number(2).id) == 0  # still in it
    session.help_add(view.pupil_by_number(1).id)
    assert [pid for pid, _ in view.help_queue] == [view.pupil_by_number(1).id]
    assert view.board().kind == "sporen"


def test_the_co_teachers_check_is_its_own_round_or_the_teachers_open_one(store, plan):
    session = confirmed_session(store, plan)
    co_teacher = LessonActions(store.join_run(session.run.run_id))
    assert co_teacher.view.miniklas_check() is None
    teachers = session.open_round("Q", "open", kind="miniklas", pupils=session.view.still_in_miniklas)
    co_teacher.catch_up()
    assert co_teacher.view.miniklas_check().round_id == teachers.round_id
    own = co_teacher.open_round("Q2", "open", kind="miniklas", pupils=co_teacher.view.still_in_miniklas)
    assert co_teacher.view.miniklas_check(own.round_id).round_id == own.round_id
    co_teacher.close_round(own)
    assert co_teacher.view.miniklas_check(own.round_id).round_id == teachers.round_id  # own closed: the teacher's


def test_the_exports_take_the_view_as_they_take_the_run(store, plan):
    from lesson_tui.export.output import render

    session = confirmed_session(store, plan)
    assert run_of(session.view) is session.run and run_of(session.run) is session.run
    assert render(session.view, "csv") == render(session.run, "csv")
    assert LessonView(session.run).run_id == session.view.run_id


def test_the_split_line_shows_in_jij_and_the_grote_afsluiting_once_the_split_is_made(store, plan):
    """The lesson screen's one line of the split (pupils per spoor now): in JIJ and in the
    grote lesafsluiting, never before the split is confirmed, never in another phase."""
    from lesson_tui.plan.phases import PhaseKind

    session = confirmed_session(store, plan)
    view = session.view
    shown = {}
    for index, phase in enumerate(plan.fase):
        session.run.go_to_phase(index)
        shown[phase.soort] = view.split_line
    assert {kind for kind, line in shown.items() if line is not None} == {PhaseKind.JIJ, PhaseKind.GROTE_AFSLUITING}
    assert shown[PhaseKind.JIJ] == shown[PhaseKind.GROTE_AFSLUITING] == view.spoor_counts
    four = view.pupil_by_number(4).id
    session.toggle_miniklas_leave(four)  # who left the miniklas counts with spoor 2
    assert view.split_line[3] == shown[PhaseKind.JIJ][3] - 1 and view.split_line[2] == shown[PhaseKind.JIJ][2] + 1
    # before the split: no line, even in JIJ
    unsplit = LessonSession.resume(store, lesson_at_sporen(store, plan), rng=random.Random(1))
    unsplit.run.go_to_phase(plan.phase_index(PhaseKind.JIJ))
    assert unsplit.view.split_line is None
