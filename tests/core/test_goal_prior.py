"""Output = input: the sporen suggestion for a pupil without evidence today starts from their
status on the goal, shown as such, never silently; evidence today always wins."""
from __future__ import annotations

import random

from builders import lesson_on_goal
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.sporen import Evidence, decide, reason_text, suggest
from lesson_tui.session.session import LessonSession

marks = st.lists(st.sampled_from(["juist", "half", "fout"]), min_size=1, max_size=8)
priors = st.sampled_from([None, "beheerst", "bijna", "nog_niet", "geen_bewijs", "iets-onbekends"])
selves = st.sampled_from([None, 1, 2, 3])


def evidence_of(values):
    found = Evidence()
    for value in values:
        found = found.add(value)
    return found


@given(marks, priors, selves)
def test_evidence_today_always_wins_over_the_prior(values, prior, self_value):
    evidence = evidence_of(values)
    assert suggest("p", evidence, self_value, 0.8, 0.5, prior) == suggest("p", evidence, self_value, 0.8, 0.5)


@given(priors, selves)
def test_without_evidence_the_prior_decides_and_is_named(prior, self_value):
    found = suggest("p", Evidence(), self_value, 0.8, 0.5, prior)
    expected = {"beheerst": 1, "bijna": 2, "nog_niet": 3}.get(prior or "")
    if expected is None:  # no status known: as before, spoor 2 and flagged for the teacher
        assert found.evidence_spoor == 2 and found.flagged and found.prior is None
        return
    assert found.evidence_spoor == expected and not found.flagged and found.prior == prior
    assert found.spoor >= expected  # self-assessment only adds support
    text = reason_text(decide(found, None), Evidence())
    assert text.startswith("vorige les: ") and "%" not in text


def test_the_reason_says_vorige_les_nog_niet():
    found = suggest("p", Evidence(), None, 0.8, 0.5, "nog_niet")
    assert found.spoor == 3
    assert reason_text(decide(found, None), Evidence(), full=False) == "vorige les: nog niet"


def test_a_new_lesson_on_the_goal_starts_from_the_status(store, library, clock):
    fractions = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, fractions, clock, marks={2: "fout", 3: "half"}, exit_marks={2: "fout"})
    demo = store.get_class("Demo 4A")
    number = {p.number: p.id for p in demo.active_pupils}
    # the same goal, another lesson; the check round today leaves out pupils 1, 2 and 3
    session = LessonSession.start(store, demo, library.lessons["comparing-fractions"][1], set(), rng=random.Random(1))
    run = session.run
    round_ = run.open_round("vraag", pupils=[pid for pid in run.pupil_ids if pid not in {number[1], number[2], number[3]}])
    run.mark(round_, number[4], "fout")
    run.close_round(round_)
    decisions = run.decisions()
    assert decisions[number[1]].spoor == 1 and decisions[number[1]].suggestion.prior == "beheerst"
    assert decisions[number[2]].spoor == 3 and decisions[number[2]].suggestion.prior == "nog_niet"
    assert decisions[number[3]].spoor == 2 and decisions[number[3]].suggestion.prior == "bijna"
    assert decisions[number[4]].spoor == 3 and decisions[number[4]].suggestion.prior is None  # today's evidence
    # kept in the run: the same after a resume (and on a co-teacher's device)
    session.leave()
    again = LessonSession.resume(store, run.run_id)
    assert again.run.decisions()[number[2]].suggestion.prior == "nog_niet"


def test_another_goal_and_a_first_lesson_have_no_prior(store, library, clock):
    lesson_on_goal(store, library.lessons["breuken-vergelijken"][1], clock, marks={2: "fout"})
    demo = store.get_class("Demo 4A")
    other = LessonSession.start(store, demo, library.lessons["waterkringloop"][1], set(), rng=random.Random(1))
    assert other.run.state.goal_priors == {}
    assert all(d.suggestion.flagged for d in other.run.decisions().values())  # no round, no status: look yourself


@given(marks, priors, selves)
def test_an_invitation_never_beats_evidence_today(values, prior, self_value):
    evidence = evidence_of(values)
    invited = suggest("p", evidence, self_value, 0.8, 0.5, prior, invited=True)
    assert invited == suggest("p", evidence, self_value, 0.8, 0.5, prior)


def test_a_herhaalles_invites_who_is_not_yet_at_beheerst_to_the_miniklas(store, library, clock):
    fractions = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, fractions, clock, marks={2: "fout", 3: "half"}, exit_marks={2: "fout"}, absent=(6,))
    demo = store.get_class("Demo 4A")
    number = {p.number: p.id for p in demo.active_pupils}
    session = LessonSession.start_herhaalles(store, demo, "breuken-vergelijken", fractions.lesdoel, "wiskunde")
    run = session.run
    assert run.plan.doelen == ("breuken-vergelijken",) and run.plan.titel.startswith("Herhaalles: Ik kan")
    assert run.state.invited == {number[2], number[3]}  # nog niet and bijna; pupil 6 has no evidence
    decisions = run.decisions()
    assert decisions[number[2]].spoor == 3 and decisions[number[3]].spoor == 3
    assert reason_text(decisions[number[3]], Evidence()) == "uitgenodigd voor de miniklas (herhaalles) · vorige les: bijna"
    assert decisions[number[1]].spoor == 1 and decisions[number[6]].suggestion.flagged
    # the herhaalles counts for the goal like any lesson on it
    assert session.confirm_sporen()
    assert session.close()
    from lesson_tui.plan.goals import goal_catalogue
    from lesson_tui.session.goals import goal_grid

    grid = goal_grid(store, demo.id, goal_catalogue([fractions]))
    assert len(grid.goal("breuken-vergelijken").runs) == 2


def test_the_board_never_shows_a_goal_status_or_an_invitation(store, library, clock):
    import dataclasses

    from lesson_tui.session.board import board_view

    fractions = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, fractions, clock, marks={2: "fout", 3: "half"}, exit_marks={2: "fout"})
    demo = store.get_class("Demo 4A")
    session = LessonSession.start_herhaalles(store, demo, "breuken-vergelijken", fractions.lesdoel, "wiskunde")
    run = session.run
    assert run.state.goal_priors and run.state.invited
    words = ("beheerst", "bijna", "nog niet", "nog_niet", "uitgenodigd", "vorige les", "✓", "✗")
    while True:
        shown = repr(dataclasses.astuple(board_view(run, clock.now())))
        assert not any(word in shown for word in words), shown
        if not run.next_phase():
            break
