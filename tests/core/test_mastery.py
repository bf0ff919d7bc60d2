"""The mastery rule (rules/mastery.py): its examples and its properties."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.mastery import LessonEvidence, Status, day_of, goal_status, stuck

START = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def lesson(day: float, right: float, total: float, beheersing: float = 0.8, ondersteuning: float = 0.5) -> LessonEvidence:
    return LessonEvidence(day_of(START + timedelta(days=day)), right, total, beheersing, ondersteuning)


def test_no_evidence_is_geen_bewijs():
    assert goal_status([]).status is Status.GEEN_BEWIJS
    assert goal_status([lesson(0, 0, 0)]).status is Status.GEEN_BEWIJS


def test_the_lessons_own_thresholds_decide():
    assert goal_status([lesson(0, 4, 5)]).status is Status.BEHEERST  # 80 % at 80 %
    assert goal_status([lesson(0, 4, 5, beheersing=0.9)]).status is Status.BIJNA
    assert goal_status([lesson(0, 2, 5)]).status is Status.NOG_NIET
    assert goal_status([lesson(0, 2, 5, ondersteuning=0.4)]).status is Status.BIJNA


def test_recent_evidence_counts_more_than_old():
    failed_then_got_it = goal_status([lesson(0, 0, 5), lesson(14, 5, 5)])
    got_it_then_failed = goal_status([lesson(0, 5, 5), lesson(14, 0, 5)])
    assert failed_then_got_it.status is Status.BEHEERST  # two weeks older: a quarter
    assert got_it_then_failed.status is Status.NOG_NIET
    assert failed_then_got_it.share == 0.8


def test_stuck_after_three_lessons_not_mastered():
    assert stuck(Status.BIJNA, 3) and stuck(Status.GEEN_BEWIJS, 4)
    assert not stuck(Status.BIJNA, 2) and not stuck(Status.BEHEERST, 5)
    assert not stuck(Status.NOG_NIET, 3, after=4)


thresholds = st.tuples(st.floats(0.05, 1.0), st.floats(0.0, 1.0)).map(lambda t: (max(t), min(t)))


@st.composite
def lessons(draw, min_size=0):
    found = []
    for _ in range(draw(st.integers(min_size, 6))):
        total = draw(st.integers(0, 8))
        right = draw(st.integers(0, total))
        high, low = draw(thresholds)
        found.append(lesson(draw(st.floats(0, 120)), float(right), float(total), high, low))
    return found


@given(lessons(min_size=1), st.data())
def test_more_right_answers_never_lower_a_status(found, data):
    index = data.draw(st.integers(0, len(found) - 1))
    before = found[index]
    if data.draw(st.booleans()) and before.points < before.weight:
        better = before._replace(points=before.points + data.draw(st.integers(1, int(before.weight - before.points))))
    else:  # one juist more in that lesson
        better = before._replace(points=before.points + 1, weight=before.weight + 1)
    improved = [*found[:index], better, *found[index + 1 :]]
    assert goal_status(improved).status.rank >= goal_status(found).status.rank


@given(lessons(), st.floats(0, 120), st.integers(1, 8), thresholds)
def test_a_lesson_all_right_never_lowers_a_status_whenever_it_was(found, day, answers, limits):
    added = [*found, lesson(day, answers, answers, *limits)]
    assert goal_status(added).status.rank >= goal_status(found).status.rank


@given(lessons(), st.floats(0, 120), thresholds)
def test_a_lesson_without_this_pupil_changes_nothing(found, day, limits):
    assert goal_status([*found, lesson(day, 0, 0, *limits)]) == goal_status(found)


@given(lessons(), st.randoms(use_true_random=False))
def test_the_order_of_lessons_matters_only_by_their_time(found, rng):
    shuffled = list(found)
    rng.shuffle(shuffled)
    assert goal_status(shuffled) == goal_status(found)


@given(lessons(min_size=1), st.floats(0.1, 60))
def test_moving_every_lesson_by_the_same_time_changes_nothing(found, days):
    later = [item._replace(day=item.day + days) for item in found]
    assert goal_status(later).status is goal_status(found).status
