"""The sporen rule: the cases a teacher meets, and its properties (hypothesis)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.export.output import render
from lesson_tui.rules.cfu import advice, next_tap_mark
from lesson_tui.rules.sporen import (
    Evidence,
    Refused,
    decide,
    miniklas_too_big,
    spoor3_streak,
    spoor_counts,
    spoor_for_score,
    streak_warns,
    suggest_sporen,
)


def ev(*marks: str, weight: float = 1.0) -> Evidence:
    evidence = Evidence()
    for mark in marks:
        evidence = evidence.add(mark, weight)
    return evidence


def spoor_of(evidence: Evidence, self_assessment: int | None = None) -> int:
    return suggest_sporen(["p"], {"p": evidence}, {"p": self_assessment} if self_assessment else {}, 0.8, 0.5)["p"].spoor


def test_thresholds():
    assert spoor_of(ev("juist", "juist", "juist", "juist", "fout")) == 1  # 80 %
    assert spoor_of(ev("juist", "half", "fout")) == 2  # 50 %
    assert spoor_of(ev("juist", "fout", "fout")) == 3  # 33 %
    assert spoor_of(ev("afwezig", "afwezig")) == 2  # no evidence: spoor 2 ...
    assert suggest_sporen(["p"], {}, {}, 0.8, 0.5)["p"].flagged  # ... flagged


def test_self_assessment_only_adds_support():
    strong = ev("juist", "juist")
    assert spoor_of(strong, 1) == 1
    assert spoor_of(strong, 2) == 2
    three = suggest_sporen(["p"], {"p": strong}, {"p": 3}, 0.8, 0.5)["p"]
    assert three.spoor == 3 and three.voluntary and three.evidence_spoor == 1
    weak = ev("fout")
    assert spoor_of(weak, 1) == 3  # "ik kan het alleen" does not take a pupil out of the miniklas


def test_override_is_recorded_and_wins():
    suggestion = suggest_sporen(["p"], {"p": ev("fout")}, {}, 0.8, 0.5)["p"]
    decision = decide(suggestion, 1)
    assert decision.spoor == 1 and decision.overridden
    assert not decide(suggestion, 3).overridden  # confirming the suggestion is no override
    joined = decide(suggest_sporen(["p"], {"p": ev("juist")}, {}, 0.8, 0.5)["p"], 3)
    # the teacher moved a capable pupil: an override, never the pupil's own choice
    assert joined.spoor == 3 and not joined.voluntary and joined.overridden
    asked = decide(suggest_sporen(["p"], {"p": ev("juist")}, {}, 0.8, 0.5)["p"], 3, True)
    assert asked.voluntary  # the `v` key: the pupil asked to join
    middle = suggest_sporen(["p"], {"p": ev("half")}, {"p": 2}, 0.8, 0.5)["p"]  # 50 %, self 2
    assert not decide(middle, 3).voluntary


def test_kleine_afsluiting_counts_double_and_picks_count(run):
    ids = run.pupil_ids
    run.next_phase()
    first = run.open_round("wij")
    run.mark(first, ids[0], "fout")  # ids[0]: fout in WIJ, juist at the closure
    run.mark(first, ids[1], "fout")
    run.close_round(first)
    run.go_to_phase(run.plan.phase_index("kleine_afsluiting"))
    closure = run.open_round("afsluitvraag")
    run.mark(closure, ids[1], "fout")
    run.close_round(closure)
    evidence = run.evidence()
    assert evidence[ids[0]].score == 2 / 3  # (0 + 2) / (1 + 2)
    assert evidence[ids[1]].score == 0
    decisions = run.decisions()
    assert decisions[ids[0]].spoor == 2 and decisions[ids[1]].spoor == 3 and decisions[ids[2]].spoor == 1


def test_absent_pupils_get_no_spoor_and_all_wrong_fills_the_miniklas(run):
    run.set_present(run.pupil_ids[5], False)
    run.next_phase()
    round_ = run.open_round("v")
    for pid in run.present:
        run.mark(round_, pid, "fout")
    decisions = run.decisions()
    assert run.pupil_ids[5] not in decisions
    assert {d.spoor for d in decisions.values()} == {3}
    assert len(decisions) == len(run.pupil_ids) - 1


def test_confirmed_split_in_the_export_json(store, run):
    run.next_phase()
    round_ = run.open_round("v")
    run.mark(round_, run.pupil_ids[0], "fout")
    run.set_self_assessment(run.pupil_ids[1], 3)
    run.confirm_sporen({run.pupil_ids[0]: "0/1 juist"})
    exit_round = run.open_round("exit 1", kind="exit")
    run.mark(exit_round, run.pupil_ids[2], "fout")
    run.toggle_miniklas_leave(run.pupil_ids[1])
    document = json.loads(render(run, "json"))
    names = {pid: p.full_name for pid, p in zip(run.pupil_ids, run.pupils)}
    assert document["sporen"]["3"] == [names[run.pupil_ids[0]], names[run.pupil_ids[1]]]
    assert len(document["sporen"]["1"]) == len(run.pupil_ids) - 2
    miniklas = {m["leerling"]: m for m in document["miniklas"]}
    assert miniklas[names[run.pupil_ids[0]]]["reden"] == "0/1 juist" and not miniklas[names[run.pupil_ids[0]]]["vrijwillig"]
    assert miniklas[names[run.pupil_ids[1]]]["vrijwillig"] and miniklas[names[run.pupil_ids[1]]]["vertrokken_om"]
    assert document["self_assessment"] == {names[run.pupil_ids[1]]: 3}
    assert document["exit_ticket"][names[run.pupil_ids[2]]] == {"juist": 0, "totaal": 1}
    assert document["exit_ticket"][names[run.pupil_ids[3]]] == {"juist": 1, "totaal": 1}
    assert [r["vraag"] for r in document["cfu_rounds"]] == ["v"]


def test_stigma_guard_counts_earlier_runs_of_the_same_subject(store, demo, plan, library, clock):
    target = demo.pupils[0].id
    for _ in range(3):
        earlier = store.start_run(demo, plan, set())
        earlier.next_phase()
        earlier.set_override(target, 3)
        earlier.confirm_sporen({})
        store.update_run_summary(earlier)
        store.release(earlier.run_id)
        clock.advance(86400)
    other_subject = library.lessons["waterkringloop"][1]
    unrelated = store.start_run(demo, other_subject, set())
    unrelated.confirm_sporen({})
    store.update_run_summary(unrelated)
    today = store.start_run(demo, plan, set())
    history = store.spoor3_history(today)
    assert len(history) == 3 and all(target in earlier for earlier in history)
    assert spoor3_streak([target in h for h in history] + [True]) == 4


def test_the_streak_warning_comes_at_the_third_lesson_in_spoor_3():
    assert not streak_warns(spoor3_streak([False, True, True]))
    assert streak_warns(spoor3_streak([False, True, True, True]))


def test_the_miniklas_is_too_big_only_above_the_plans_maximum():
    assert not miniklas_too_big(6, 6)
    assert miniklas_too_big(7, 6)


def test_score_to_spoor_and_to_advice_are_one_rule():
    for score, spoor, word in ((0.8, 1, "verder"), (0.79, 2, "oefenen"), (0.5, 2, "oefenen"), (0.49, 3, "herinstructie")):
        assert spoor_for_score(score, 0.8, 0.5) == spoor
        assert advice(score, 0.8, 0.5) == word
    assert spoor_for_score(None, 0.8, 0.5) == 2 and advice(None, 0.8, 0.5) == "geen"


def test_spoor_counts_count_each_spoor():
    assert spoor_counts({"a": 1, "b": 3, "c": 3, "d": 2}) == {1: 1, 2: 1, 3: 2}
    assert spoor_counts({}) == {1: 0, 2: 0, 3: 0}


def test_a_tap_cycles_fout_half_juist():
    assert [next_tap_mark(m) for m in (None, "fout", "half", "juist")] == ["fout", "half", "juist", "fout"]


def test_the_plans_default_drempels_are_80_50_and_6_everywhere():
    from lesson_tui.plan import lessonschema
    from lesson_tui.plan.lessonplan import Thresholds, _semantic_problems

    assert (Thresholds().beheersing, Thresholds().ondersteuning, Thresholds().miniklas_max) == (0.8, 0.5, 6)
    schema = lessonschema.Thresholds()
    assert (schema.beheersing, schema.ondersteuning, schema.miniklas_max) == (0.8, 0.5, 6)
    # the order check fills in the default of the drempel left out
    assert [p.field for p in _semantic_problems({"drempels": {"ondersteuning": 0.85}})] == ["drempels"]
    assert not _semantic_problems({"drempels": {"ondersteuning": 0.75}})
    assert [p.field for p in _semantic_problems({"drempels": {"beheersing": 0.45}})] == ["drempels"]
    assert not _semantic_problems({"drempels": {"beheersing": 0.55}})


def test_the_recorder_refuses_vrijwillig_outside_spoor_3(run):
    run.next_phase()
    pupil = run.pupil_ids[0]  # no evidence: spoor 2
    with pytest.raises(Refused) as refusal:
        run.set_voluntary(pupil, True)
    assert refusal.value.key == "sporen.voluntary_refused" and refusal.value.pupil_id == pupil
    assert pupil not in run.state.voluntary
    run.set_voluntary(pupil, None)  # back to the suggestion: always allowed
    run.set_override(pupil, 3)
    run.set_voluntary(pupil, True)
    assert run.decisions()[pupil].voluntary


def test_only_a_miniklas_pupil_leaves_and_one_still_in_it_cannot_ask_for_help(run):
    run.next_phase()
    inside, outside = run.pupil_ids[0], run.pupil_ids[1]
    run.set_override(inside, 3)
    run.confirm_sporen({})
    with pytest.raises(Refused) as refusal:
        run.toggle_miniklas_leave(outside)
    assert refusal.value.key == "flex.not_in_miniklas"
    with pytest.raises(Refused) as refusal:
        run.help_add(inside)
    assert refusal.value.key == "flex.in_miniklas"
    assert not run.state.jij.left_miniklas and not run.state.jij.help_queue
    run.help_add(outside)
    run.toggle_miniklas_leave(inside)  # got it: works on their own now, and may ask for help
    run.help_add(inside)
    assert [pid for pid, _ in run.state.jij.help_queue] == [outside, inside]
    assert inside not in run.still_in_miniklas


# --- properties -------------------------------------------------------------------------

marks = st.lists(st.sampled_from(["juist", "half", "fout", "afwezig"]), max_size=12)
thresholds = st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted)
self_scores = st.none() | st.sampled_from([1, 2, 3])


def _combine(items: list[str], closure: list[str]) -> Evidence:
    evidence = ev(*items)
    for mark in closure:
        evidence = evidence.add(mark, 2.0)
    return evidence


@given(marks, marks, st.integers(0, 11), thresholds, self_scores)
def test_more_correct_never_means_more_support(items, closure, position, limits, self_score):
    low, high = limits
    wrong = [*items, "fout"]
    better = list(wrong)
    # turn one answer into a better one (afwezig stays afwezig: it is no answer)
    index = min(position, len(better) - 1)
    if better[index] != "afwezig":
        better[index] = "juist"
    before = suggest_sporen(["p"], {"p": _combine(wrong, closure)}, {"p": self_score} if self_score else {}, high, low)["p"]
    after = suggest_sporen(["p"], {"p": _combine(better, closure)}, {"p": self_score} if self_score else {}, high, low)["p"]
    assert after.spoor <= before.spoor


@given(marks, marks, thresholds, st.sampled_from([1, 2, 3]))
def test_self_assessment_never_removes_support(items, closure, limits, self_score):
    low, high = limits
    evidence = {"p": _combine(items, closure)}
    without = suggest_sporen(["p"], evidence, {}, high, low)["p"]
    with_self = suggest_sporen(["p"], evidence, {"p": self_score}, high, low)["p"]
    assert with_self.spoor >= without.spoor


@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), marks, min_size=1, max_size=30),
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.sampled_from([1, 2, 3])),
    thresholds,
)
def test_every_present_pupil_lands_in_exactly_one_spoor(class_marks, self_scores_, limits):
    low, high = limits
    present = sorted(class_marks)
    evidence = {pid: ev(*m) for pid, m in class_marks.items()}
    suggestions = suggest_sporen(present, evidence, self_scores_, high, low)
    groups = {n: [pid for pid, s in suggestions.items() if s.spoor == n] for n in (1, 2, 3)}
    everyone = groups[1] + groups[2] + groups[3]
    assert sorted(everyone) == present
