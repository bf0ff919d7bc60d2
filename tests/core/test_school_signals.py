"""The signal rules for the zorgoverleg (school/signals.py), as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.school.signals import (
    SPOOR3,
    ZELF,
    LessonFact,
    Thresholds,
    disagreement,
    pupil_signals,
    spoor3_evidence,
    zelf_evidence,
)


def fact(i: int, spoor: int | None, score: float | None = None, self_: int | None = None, vak: str = "wiskunde"):
    return LessonFact(f"r{i}", f"2026-10-{i % 28 + 1:02d}", "4A", vak, "les", spoor, score, self_, 0.8, 0.5, 600.0)


spoor = st.one_of(st.none(), st.integers(1, 3))
lessons = st.lists(spoor, max_size=30).map(lambda sp: [fact(i, s) for i, s in enumerate(sp)])
window = st.integers(1, 20).flatmap(lambda m: st.tuples(st.integers(1, m), st.just(m)))


@given(lessons, window)
def test_spoor3_fires_exactly_when_n_of_the_last_m_split_lessons_were_in_spoor3(facts, nm):
    n, m = nm
    split = [f for f in facts if f.spoor is not None][-m:]
    count = sum(1 for f in split if f.spoor == 3)
    hits = spoor3_evidence(facts, n, m)
    assert bool(hits) == (count >= n)
    if hits:
        assert len(hits) == count and all(f.spoor == 3 and f in split for f in hits)


@given(lessons, window, st.integers(0, 30))
def test_a_lesson_without_a_split_changes_nothing(facts, nm, where):
    n, m = nm
    mixed = [*facts[:where], fact(99, None), *facts[where:]]
    assert spoor3_evidence(mixed, n, m) == spoor3_evidence(facts, n, m)


@given(lessons, window)
def test_one_more_lesson_in_spoor3_never_takes_a_signal_away(facts, nm):
    n, m = nm
    before = spoor3_evidence(facts, n, m)
    after = spoor3_evidence([*facts, fact(100, 3)], n, m)
    assert len(after) >= len(before)
    assert not before or after


@given(lessons, window)
def test_a_higher_n_never_adds_a_signal(facts, nm):
    n, m = nm
    if n < m and spoor3_evidence(facts, n + 1, m):
        assert spoor3_evidence(facts, n, m)


score = st.one_of(st.none(), st.floats(0, 1))
self_value = st.one_of(st.none(), st.integers(1, 3))


@given(score, self_value)
def test_disagreement_is_says_1_scored_low_or_says_3_scored_high(value, said):
    found = disagreement(fact(1, 2, value, said))
    if value is None or said is None or said == 2:
        assert found is None
    elif said == 1:
        assert (found == "over") == (value < 0.5) and found in ("over", None)
    else:
        assert (found == "under") == (value >= 0.8) and found in ("under", None)


zelf_lessons = st.lists(st.tuples(score, self_value), max_size=30).map(
    lambda pairs: [fact(i, 2, s, a) for i, (s, a) in enumerate(pairs)]
)


@given(zelf_lessons, window)
def test_zelf_counts_only_lessons_with_both_and_fires_at_n_of_the_last_m(facts, nm):
    n, m = nm
    both = [f for f in facts if f.score is not None and f.self_assessment is not None][-m:]
    count = sum(1 for f in both if disagreement(f))
    hits = zelf_evidence(facts, n, m)
    assert bool(hits) == (count >= n)
    assert all(disagreement(f) for f in hits)


@given(st.lists(st.tuples(spoor, st.sampled_from(["wiskunde", "taal"])), max_size=20))
def test_spoor3_is_per_subject_and_its_minutes_are_that_subjects(items):
    facts = [fact(i, s, vak=v) for i, (s, v) in enumerate(items)]
    signals = pupil_signals("k", "Bram", facts, Thresholds(spoor3_n=2, spoor3_m=4))
    for signal in signals:
        assert signal.kind in (SPOOR3, ZELF)
        assert len(signal.evidence) <= signal.seen <= 4
        if signal.kind == SPOOR3:
            assert all(f.vak == signal.vak for f in signal.evidence)
            assert signal.miniklas_min == sum(10.0 for f in facts if f.vak == signal.vak)
    for vak in ("wiskunde", "taal"):
        of_vak = [f for f in facts if f.vak == vak]
        assert any(s.kind == SPOOR3 and s.vak == vak for s in signals) == bool(spoor3_evidence(of_vak, 2, 4))


def test_thresholds_outside_their_range_are_named():
    assert Thresholds().problems() == []
    assert Thresholds(spoor3_n=6, spoor3_m=5).problems() == [(SPOOR3, 6, 5)]
    assert Thresholds(zelf_n=0).problems() == [(ZELF, 0, 5)]
