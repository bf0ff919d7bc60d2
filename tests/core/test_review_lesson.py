"""The lesson page's figures against a scripted lesson counted by hand (tests/builders.py,
`scripted_lesson`, says in its comments what happens when)."""

from __future__ import annotations

from builders import scripted_lesson

from lesson_tui.review.lesson import Change, review_events, review_run


def _review(store, plan, clock):
    run, picks = scripted_lesson(store, plan, clock)
    return review_run(store.open_run(run.run_id, lock=False)), picks


def test_phases_planned_against_actual_in_order(store, plan, clock):
    review, _ = _review(store, plan, clock)
    got = [(p.soort, p.planned_s, p.adjusted_s, p.actual_s, p.overtime_s) for p in review.phases]
    assert got == [
        ("voorkennis", 240, 0, 300, 60),
        ("lesdoel", 120, 0, 90, 0),
        ("ik", 480, 120, 600, 120),  # two minutes added in the lesson: still over the plan
        ("wij", 480, 0, 420, 0),
        ("jullie", 360, 0, 360, 0),
        ("kleine_afsluiting", 180, 0, 180, 0),
        ("jij", 900, 0, 900, 0),
        ("grote_afsluiting", 240, 0, 120, 0),
    ]
    assert review.overtime_s == 180
    assert all(p.done for p in review.phases)


def test_check_rounds_level_coverage_and_think_time(store, plan, clock):
    review, _ = _review(store, plan, clock)
    got = [(r.soort, r.kind, r.niveau, r.covered, r.present, r.marked, r.think_s) for r in review.rounds]
    assert got == [
        ("voorkennis", "cfu", "doevraag", 23, 23, 1, 2.0),
        ("wij", "cfu", "gesloten", 23, 23, 3, 6.0),
        ("wij", "cfu", "denkvraag", 23, 23, 0, 10.0),  # closed unmarked after 10 s
        ("kleine_afsluiting", "cfu", "gesloten", 23, 23, 4, 5.0),
        ("grote_afsluiting", "exit", "gesloten", 23, 23, 1, 8.0),
    ]
    assert [r.think_short for r in review.rounds] == [True, False, False, False, False]
    assert review.rounds[3].counts == {"juist": 19, "half": 1, "fout": 3, "afwezig": 1}
    assert review.levels == {"doevraag": 1, "gesloten": 2, "open": 0, "denkvraag": 1}
    assert review.check_in("wij") and not review.check_in("ik") and review.has_exit_ticket


def test_kleine_lesafsluiting_split_changes_and_miniklas(store, plan, clock):
    review, _ = _review(store, plan, clock)
    split = review.split
    assert split is not None
    assert split.sizes == {1: 17, 2: 1, 3: 5}
    assert split.changes == [Change("demo-05", 1, 3)]  # the one suggestion the teacher changed
    assert split.voluntary == ["demo-01"]
    assert split.miniklas == ["demo-01", "demo-02", "demo-04", "demo-05", "demo-09"]
    assert (len(split.miniklas), split.miniklas_max, split.too_big) == (5, 6, False)
    assert split.miniklas_s == 600
    assert [(item.pupil_id, item.at.strftime("%H:%M"), item.back) for item in split.leavings] == [
        ("demo-09", "09:37", False)
    ]
    assert split.still_in == ["demo-01", "demo-02", "demo-04", "demo-05"]
    # the timer ran 09:32:30-09:42:30; pupil 9 left at 09:37:30
    assert split.seconds == {"demo-01": 600, "demo-02": 600, "demo-04": 600, "demo-05": 600, "demo-09": 300}
    # pre-teaching: still in the miniklas, and pupil 3's exit ticket 0/1 (not pupil 9, who left)
    assert review.invited == ["demo-01", "demo-02", "demo-03", "demo-04", "demo-05"]


def test_miniklas_time_without_its_timer_is_the_jij_time(store, plan, demo, clock):
    run = store.start_run(demo, plan, set())
    while run.plan.fase[run.phase_index].soort != "kleine_afsluiting":
        run.next_phase()
    round_ = run.open_round("vraag")
    run.mark(round_, "demo-07", "fout")
    run.close_round(round_)
    run.confirm_sporen({})
    clock.advance(100)  # still in the kleine lesafsluiting: the miniklas has not begun
    run.next_phase()
    clock.advance(240)
    run.toggle_miniklas_leave("demo-07")
    clock.advance(60)
    run.toggle_miniklas_leave("demo-07")  # back after a minute
    clock.advance(120)
    run.next_phase()
    clock.advance(300)
    split = review_run(run).split
    assert split.seconds == {"demo-07": 360}
    assert [(item.pupil_id, item.back) for item in split.leavings] == [("demo-07", False), ("demo-07", True)]


def test_beurtstokjes_help_exit_and_reflection(store, plan, clock):
    review, picks = _review(store, plan, clock)
    assert review.picks.total == 2  # three picks, one taken back
    assert review.picks.asked == {picks[0]: 1, picks[1]: 1}
    assert not review.picks.whole_class
    assert len(review.picks.not_asked) == 21  # 23 present, 2 asked; pupil 20 was away
    assert "demo-20" not in review.picks.not_asked
    assert [pid for pid, _ in review.helped] == ["demo-10"]  # pupil 11 asked, never answered
    assert review.exit_ticket["demo-03"].right == 0 and "demo-20" not in review.exit_ticket
    assert review.notes == {"process_1": "Rustig gewerkt."} and review.reflected
    assert review.marked_by_name["demo-09"] == 2 and review.marked_by_name["demo-03"] == 1
    assert review.closed_at is not None and review.had_phase("lesdoel")


def test_a_lesson_without_events_is_an_empty_page(store, plan, demo):
    run = store.start_run(demo, plan, set())
    review = review_run(run)
    assert all(not p.done and p.actual_s == 0 for p in review.phases)
    assert review.rounds == [] and review.split is None and review.picks.total == 0
    assert not review.picks.whole_class  # nobody asked is not "everyone had a turn"


def test_the_same_events_give_the_same_page_live_and_from_the_file(store, plan, clock, demo):
    run, _ = scripted_lesson(store, plan, clock)
    again = store.open_run(run.run_id, lock=False)
    assert review_run(run) == review_run(again)
    # and only the events count: the run's info and the entries are all it reads
    assert review_events(again.plan, again.pupils, again.info, again.log.entries) == review_run(again)


def test_whole_class_had_a_turn(store, plan, demo):
    run = store.start_run(demo, plan, {p.id for p in demo.active_pupils if p.number > 3})
    run.next_phase()
    for _ in range(3):
        run.pick_pupil()
    assert review_run(run).picks.whole_class


# --- properties: whatever the teacher does, the page adds up ------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.integers(1, 900)),
        st.tuples(st.just("next"), st.just(0)),
        st.tuples(st.just("back"), st.just(0)),
        st.tuples(st.just("pause"), st.just(0)),
        st.tuples(st.just("pick"), st.just(0)),
        st.tuples(st.just("undo_pick"), st.just(0)),
        st.tuples(st.just("adjust"), st.integers(-3, 3)),
    ),
    max_size=40,
)


@given(ACTIONS)
def test_the_phases_add_up_to_the_lesson_and_the_turns_to_the_picks(store, plan, demo, clock, actions):
    run = store.start_run(demo, plan, set())
    run.next_phase()
    started = clock.now()
    paused_s = 0
    paused_since = None
    picks = 0
    for action, value in actions:
        if action == "wait":
            clock.advance(value)
        elif action == "next":
            run.next_phase()
        elif action == "back":
            run.previous_phase()
        elif action == "pause":
            if run.state.paused:
                paused_s += (clock.now() - paused_since).total_seconds()
                paused_since = None
            else:
                paused_since = clock.now()
            run.toggle_pause()
        elif action == "pick":
            picks += run.pick_pupil() is not None
        elif action == "undo_pick":
            picks -= run.undo_pick() is not None
        else:
            run.adjust_minutes(value)
        if run.state.paused is False and paused_since is not None and action in ("next", "back"):
            paused_s += (clock.now() - paused_since).total_seconds()  # moving on resumes
            paused_since = None
    clock.advance(30)
    if run.state.paused:
        paused_s += (clock.now() - paused_since).total_seconds()
    run.close()
    store.release(run.run_id)  # every example is a lesson of its own
    review = review_run(run)
    ran = (clock.now() - started).total_seconds() - paused_s
    assert abs(sum(p.actual_s for p in review.phases) - ran) <= len(review.phases)  # each phase rounded once
    assert all(p.overtime_s == max(0, p.actual_s - p.planned_s) for p in review.phases if p.done)
    assert review.picks.total == picks == sum(review.picks.asked.values())
    assert set(review.picks.asked).isdisjoint(review.picks.not_asked)
    assert set(review.picks.asked) | set(review.picks.not_asked) == set(review.present)
