"""Beurtstokjes that favour the pupils asked least this week: a setting, off by default."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.picker import jar, least_asked, pick
from lesson_tui.session.session import LessonSession
from lesson_tui.store.settings import Settings

pupil_ids = st.lists(st.sampled_from([f"p{i:02d}" for i in range(30)]), min_size=1, max_size=30, unique=True)


@given(pupil_ids, st.data(), st.integers(0, 10**6))
def test_the_pick_is_one_of_the_least_asked_in_the_jar(present, data, seed):
    cycle = data.draw(st.lists(st.sampled_from(present), unique=True))
    asked = data.draw(st.dictionaries(st.sampled_from(present), st.integers(0, 6)))
    chosen = pick(present, cycle, random.Random(seed), asked=asked)
    pool = jar(present, cycle)
    assert chosen in pool
    assert asked.get(chosen, 0) == min(asked.get(pid, 0) for pid in pool)


@given(pupil_ids, st.data(), st.integers(0, 10**6))
def test_without_the_setting_the_pick_is_as_before(present, data, seed):
    cycle = data.draw(st.lists(st.sampled_from(present), unique=True))
    assert pick(present, cycle, random.Random(seed), asked=None) == pick(present, cycle, random.Random(seed))


@given(pupil_ids, st.data())
def test_least_asked_never_drops_everyone_and_renaming_changes_nothing(pool, data):
    asked = data.draw(st.dictionaries(st.sampled_from(pool), st.integers(0, 6)))
    fewest = least_asked(pool, asked)
    assert fewest and set(fewest) <= set(pool)
    renamed = {pid: f"x-{pid}" for pid in pool}
    assert [renamed[p] for p in fewest] == least_asked([renamed[p] for p in pool], {renamed[k]: v for k, v in asked.items()})


def _picked(session, times):
    found = []
    for _ in range(times):
        item = session.pick_pupil()
        found.append(item.pupil_id)
    return found


def test_the_second_lesson_of_the_week_asks_the_others_first(store, plan, demo, clock):
    assert Settings(store.root).least_asked is False  # off by default
    first = LessonSession.start(store, demo, plan, set(), rng=random.Random(1))
    asked_monday = set(_picked(first, 10))
    first.run.close()
    store.update_run_summary(first.run)
    store.release(first.run.run_id)
    clock.advance(86400)  # Tuesday, the same week

    second = LessonSession.start(store, demo, plan, set(), rng=random.Random(2))
    second.set_least_asked(True)
    assert Settings(store.root).least_asked is True  # remembered on this PC
    tuesday = _picked(second, 14)  # the 14 pupils not asked on Monday, before anyone again
    assert not set(tuesday) & asked_monday and len(set(tuesday)) == 14
    assert second.asked_this_week() == dict.fromkeys(second.run.pupil_ids, 1)


def test_with_the_setting_off_monday_does_not_count(store, plan, demo, clock):
    first = LessonSession.start(store, demo, plan, set(), rng=random.Random(1))
    asked_monday = set(_picked(first, 10))
    store.release(first.run.run_id)
    clock.advance(86400)
    second = LessonSession.start(store, demo, plan, set(), rng=random.Random(2))
    assert set(_picked(second, 14)) & asked_monday  # seed 2 picks one of Monday's among its first 14


def test_last_week_does_not_count(store, plan, demo, clock):
    first = LessonSession.start(store, demo, plan, set(), rng=random.Random(1))
    _picked(first, 10)
    store.release(first.run.run_id)
    clock.advance(7 * 86400)  # next Monday
    second = LessonSession.start(store, demo, plan, set(), rng=random.Random(2))
    assert second.asked_this_week() == {}
