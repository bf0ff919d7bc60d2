"""The grouping rule: property tests for every class size 2-35 and any evidence."""
from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.rules.groups import MODES, WEAK_BELOW, group_sizes, make_groups, pairs_of


@st.composite
def classes(draw):
    count = draw(st.integers(2, 35))
    pupils = [f"p{i:02d}" for i in range(count)]
    level = {p: draw(st.floats(0, 1)) for p in pupils if draw(st.booleans()) or draw(st.booleans())}
    size = draw(st.sampled_from([2, 3, 4]))
    mode = draw(st.sampled_from(MODES))
    pairs = draw(st.lists(st.tuples(st.sampled_from(pupils), st.sampled_from(pupils)), max_size=max(0, count // 4)))
    niet_samen = {frozenset(pair) for pair in pairs if pair[0] != pair[1]}
    recent = {frozenset(pair): 1 for pair in draw(st.lists(st.tuples(st.sampled_from(pupils), st.sampled_from(pupils)), max_size=count)) if pair[0] != pair[1]}
    return pupils, level, size, mode, niet_samen, recent, draw(st.integers(0, 10_000))


@given(case=classes())
def test_the_rules_hold_for_every_class(case):
    pupils, level, size, mode, niet_samen, recent, seed = case
    groups = make_groups(pupils, size=size, mode=mode, level=level, niet_samen=niet_samen, recent=recent, rng=random.Random(seed))
    placed = [pid for group in groups for pid in group]
    assert sorted(placed) == sorted(pupils)  # everyone present, once
    assert sorted(len(g) for g in groups) == sorted(group_sizes(len(pupils), size))
    assert all(len(g) >= 2 for g in groups)  # never a pupil alone
    involved = {p for pair in niet_samen for p in pair}
    if len(involved) <= len(groups):  # each of them can have a group of their own: then never together
        assert not (pairs_of(groups) & niet_samen)
    if mode == "gemengd":
        weak = [p for p in pupils if p in level and level[p] < WEAK_BELOW]
        if len(weak) <= len(groups):
            assert all(sum(1 for p in g if p in weak) <= 1 for g in groups)
    again = make_groups(pupils, size=size, mode=mode, level=level, niet_samen=niet_samen, recent=recent, rng=random.Random(seed))
    assert again == groups  # the same seed, the same groups


def test_mixed_duos_put_a_stronger_pupil_with_one_who_needs_support():
    level = {"a": 0.1, "b": 0.2, "c": 0.9, "d": 1.0}
    groups = make_groups(["a", "b", "c", "d"], mode="gemengd", level=level, rng=random.Random(1))
    assert all(min(level[p] for p in g) < 0.5 < max(level[p] for p in g) for g in groups)
    same = make_groups(["a", "b", "c", "d"], mode="niveau", level=level, rng=random.Random(1))
    assert sorted(map(sorted, same)) == [["a", "b"], ["c", "d"]]


def test_pairs_from_recent_lessons_are_avoided_when_there_is_another_way():
    pupils = list("abcdef")
    recent = {frozenset("ab"): 2, frozenset("cd"): 1}
    for seed in range(20):
        groups = make_groups(pupils, mode="willekeurig", recent=recent, rng=random.Random(seed))
        assert not (pairs_of(groups) & set(recent))


def test_an_odd_class_makes_one_trio_and_sizes_stay_close_to_what_was_asked():
    assert group_sizes(7, 2) == [3, 2, 2]
    assert group_sizes(10, 4) == [4, 3, 3]
    assert group_sizes(7, 3) == [4, 3]
    assert group_sizes(3, 2) == [3]


@given(count=st.integers(4, 35), size=st.sampled_from([2, 3, 4]), seed=st.integers(0, 10_000), data=st.data())
def test_mixed_groups_never_hold_two_who_just_got_most_wrong(count, size, seed, data):
    pupils = [f"p{i:02d}" for i in range(count)]
    groups_wanted = len(group_sizes(count, size))
    weak = data.draw(st.lists(st.sampled_from(pupils), min_size=min(2, groups_wanted), max_size=groups_wanted, unique=True))
    level = {p: (data.draw(st.floats(0, WEAK_BELOW - 0.01)) if p in weak else data.draw(st.floats(WEAK_BELOW, 1))) for p in pupils}
    groups = make_groups(pupils, size=size, mode="gemengd", level=level, rng=random.Random(seed))
    assert all(sum(1 for p in g if p in weak) <= 1 for g in groups)


def test_the_classs_niet_samen_pairs_reach_every_proposal(store, demo, plan, clock):
    from lesson_tui.session.session import LessonSession

    session = LessonSession.start(store, demo, plan, set(), rng=random.Random(1))
    three, seven = session.run.pupil_by_number(3).id, session.run.pupil_by_number(7).id
    together = lambda groups: any({three, seven} <= set(g) for g in groups)  # noqa: E731
    seed = next(s for s in range(500) if together(session.propose_groups("willekeurig", rng=random.Random(s))))
    assert session.toggle_niet_samen(three, seven) is True
    assert not together(session.propose_groups("willekeurig", rng=random.Random(seed)))


def test_groups_already_made_follow_who_is_here():
    from lesson_tui.rules.groups import keep_groups

    groups, joined = keep_groups([["a", "b"], ["c", "d"], ["e", "f"]], ["a", "b", "c", "e", "f", "g"])
    # d is away: c, left alone, joins a group; g came in late and joins the smallest
    assert groups == [["a", "b", "c"], ["e", "f", "g"]] and joined == {"g": 1}


def test_a_niet_samen_that_cannot_be_kept_is_named():
    from lesson_tui.rules.groups import apart_broken, make_groups

    pupils = ["a", "b", "c"]
    every_pair = {frozenset(p) for p in (("a", "b"), ("a", "c"), ("b", "c"))}
    groups = make_groups(pupils, size=3, niet_samen=every_pair, rng=random.Random(1))
    assert apart_broken(groups, every_pair) == sorted(every_pair, key=sorted)
    assert apart_broken([["a"], ["b", "c"]], {frozenset(("a", "b"))}) == []
