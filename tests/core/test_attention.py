"""Attention per pupil over a period: the counts from scripted lessons, and the rule that
names pupils who got clearly less than the class (properties)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from builders import scripted_lesson
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.review.attention import (
    PupilAttention,
    always_in_miniklas,
    asked_counts,
    less_than_class,
    period_attention,
)
from lesson_tui.review.lesson import review_run


def test_counts_over_two_scripted_lessons(store, plan, clock):
    reviews = []
    for _ in range(2):
        run, _ = scripted_lesson(store, plan, clock)
        reviews.append(review_run(store.open_run(run.run_id, lock=False)))
        clock.advance(86400)
    report = period_attention(reviews)
    assert report.lessons == 2 and len(report.pupils) == 24
    nine = report.pupils["demo-09"]
    # marked by name in the WIJ round and the kleine lesafsluiting, twice; left after 5 minutes
    assert (nine.lessons, nine.checked, nine.miniklas_s, nine.invited) == (2, 4, 600, 0)
    assert (nine.split_lessons, nine.in_miniklas, nine.vakken) == (2, 2, ("wiskunde",))
    one = report.pupils["demo-01"]
    assert (one.miniklas_s, one.invited, one.checked) == (1200, 2, 0)
    assert report.pupils["demo-10"].helped == 2 and report.pupils["demo-11"].helped == 0
    assert report.pupils["demo-20"].lessons == 0  # away both times: never counted
    assert sum(p.asked for p in report.pupils.values()) == 4
    assert asked_counts(reviews) == {pid: p.asked for pid, p in report.pupils.items() if p.asked}
    # two lessons are not yet "always": that takes three
    assert report.always_miniklas == []


def test_always_in_the_miniklas_over_three_lessons(store, plan, clock):
    reviews = []
    for _ in range(3):
        run, _ = scripted_lesson(store, plan, clock)
        reviews.append(review_run(store.open_run(run.run_id, lock=False)))
        clock.advance(86400)
    report = period_attention(reviews)
    assert report.always_miniklas == ["demo-01", "demo-02", "demo-04", "demo-05", "demo-09"]


def _p(pid, lessons, moments):
    return PupilAttention(pid, lessons=lessons, asked=moments)


def test_the_rule_on_a_hand_made_class():
    pupils = {f"p{i}": _p(f"p{i}", 3, 6) for i in range(5)}  # median: 2 a lesson
    pupils["zero"] = _p("zero", 3, 0)  # 0 < 1, and 6 fewer: named
    pupils["two"] = _p("two", 3, 2)  # 0.67 < 1, and 4 fewer: named
    pupils["three"] = _p("three", 3, 3)  # 1 a lesson: not less than half the median
    pupils["once"] = _p("once", 1, 0)  # at one lesson only: too little to say
    pupils["close"] = PupilAttention("close", lessons=2, checked=1)  # 0.5 < 1, and 3 fewer: named
    assert less_than_class(pupils) == ["zero", "two", "close"]
    pupils["close"] = PupilAttention("close", lessons=2, checked=1, asked=1)  # 1 a lesson: not named
    assert less_than_class(pupils) == ["zero", "two"]


def test_a_small_gap_is_not_clearly_less():
    pupils = {f"p{i}": _p(f"p{i}", 2, 1) for i in range(4)}  # median 0.5 a lesson
    pupils["none"] = _p("none", 2, 0)  # 0 < 0.25, but only 1 moment fewer over 2 lessons
    assert less_than_class(pupils) == []


attention = st.builds(
    PupilAttention,
    pupil_id=st.just(""),
    lessons=st.integers(0, 8),
    asked=st.integers(0, 12),
    checked=st.integers(0, 12),
    helped=st.integers(0, 6),
    split_lessons=st.integers(0, 6),
    in_miniklas=st.integers(0, 6),
).map(lambda p: replace(p, in_miniklas=min(p.in_miniklas, p.split_lessons)))
classes = st.lists(attention, min_size=1, max_size=28).map(
    lambda items: {f"pupil-{i}": replace(p, pupil_id=f"pupil-{i}") for i, p in enumerate(items)}
)


@given(classes, st.data())
def test_more_attention_never_names_a_pupil(pupils, data):
    pid = data.draw(st.sampled_from(sorted(pupils)))
    more = data.draw(st.sampled_from(["asked", "checked", "helped"]))
    extra = data.draw(st.integers(1, 10))
    given_more = dict(pupils)
    given_more[pid] = replace(pupils[pid], **{more: getattr(pupils[pid], more) + extra})
    if pid in less_than_class(given_more):
        assert pid in less_than_class(pupils)


@given(classes, st.randoms(use_true_random=False))
def test_renaming_or_reordering_pupils_changes_nothing(pupils, rnd):
    order = list(pupils)
    rnd.shuffle(order)
    rename = {pid: f"x{rnd.randrange(10**9)}-{i}" for i, pid in enumerate(order)}
    moved = {rename[pid]: replace(pupils[pid], pupil_id=rename[pid]) for pid in order}
    assert {rename[pid] for pid in less_than_class(pupils)} == set(less_than_class(moved))
    assert {rename[pid] for pid in always_in_miniklas(pupils)} == set(always_in_miniklas(moved))


@given(classes)
def test_a_named_pupil_got_less_than_the_median_and_was_there(pupils):
    from statistics import median_low

    named = less_than_class(pupils)
    counted = [p.per_lesson for p in pupils.values() if p.lessons >= 2]
    for pid in named:
        assert pupils[pid].lessons >= 2
        assert pupils[pid].per_lesson < median_low(counted)


@given(st.integers(2, 30), st.integers(2, 8), st.integers(0, 10))
def test_equal_attention_names_nobody(size, lessons, moments):
    pupils = {f"p{i}": _p(f"p{i}", lessons, moments) for i in range(size)}
    assert less_than_class(pupils) == []


@given(classes, st.data())
def test_one_lesson_out_of_the_miniklas_is_not_always(pupils, data):
    pid = data.draw(st.sampled_from(sorted(pupils)))
    item = pupils[pid]
    if item.split_lessons and item.in_miniklas == item.split_lessons:
        out = dict(pupils)
        out[pid] = replace(item, in_miniklas=item.in_miniklas - 1)
        assert pid not in always_in_miniklas(out)


def test_the_rule_does_not_depend_on_dict_order():
    rnd = random.Random(4)
    pupils = {f"p{i}": _p(f"p{i}", 3, rnd.randrange(8)) for i in range(20)}
    backwards = dict(reversed(list(pupils.items())))
    assert set(less_than_class(pupils)) == set(less_than_class(backwards))


def test_always_means_every_split_lesson_and_at_least_three():
    pupils = {
        "always": PupilAttention("always", split_lessons=3, in_miniklas=3),
        "once_not": PupilAttention("once_not", split_lessons=4, in_miniklas=3),
        "two": PupilAttention("two", split_lessons=2, in_miniklas=2),
    }
    assert always_in_miniklas(pupils) == ["always"]


@given(st.integers(3, 10), st.integers(1, 10))
def test_out_of_the_miniklas_once_is_never_always(split_lessons, out):
    out = min(out, split_lessons)
    pupil = PupilAttention("p", split_lessons=split_lessons, in_miniklas=split_lessons - out)
    assert always_in_miniklas({"p": pupil}) == []
    assert always_in_miniklas({"p": replace(pupil, in_miniklas=split_lessons)}) == ["p"]


def test_the_order_of_the_lessons_changes_no_count(store, plan, clock, demo):
    from itertools import permutations

    reviews = []
    for extra in range(3):
        run, _ = scripted_lesson(store, plan, clock)
        reviews.append(review_run(store.open_run(run.run_id, lock=False)))
        clock.advance(86400 + extra)
    first = period_attention(reviews)
    for order in permutations(reviews):
        again = period_attention(list(order))
        assert again.pupils == first.pupils and again.less == first.less
        assert again.always_miniklas == first.always_miniklas


def test_always_in_the_miniklas_across_subjects(store, library, clock):
    from builders import make_history

    from lesson_tui.review.period import Period, period_reviews

    make_history(store, library, clock)  # eight lessons, three subjects; pupil 9 in spoor 3 each time
    runs = store.runs()
    start, end = (date.fromisoformat(r.started_at[:10]) for r in (runs[0], runs[-1]))
    report = period_attention(period_reviews(store, Period(start, end), None))
    assert "demo-09" in report.always_miniklas
    assert len(report.pupils["demo-09"].vakken) == 3 and report.pupils["demo-09"].in_miniklas == 8
