"""Property tests for the rules: the picker's fairness, the timer, the names on screen."""

import random
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.klas.pupils import Pupil, display_names
from lesson_tui.rules.cfu import advice, share_correct
from lesson_tui.rules.picker import cycle_after_pick, pick
from lesson_tui.rules.timing import PhaseTiming

pupil_ids = st.lists(st.text("abcdefghij", min_size=1, max_size=4), min_size=1, max_size=30, unique=True)


@given(pupil_ids, st.integers(0, 2**32 - 1))
def test_no_pupil_gets_a_second_turn_before_everyone_had_one(present, seed):
    rng = random.Random(seed)
    cycle: list[str] = []
    seen: list[str] = []
    for _ in range(len(present) * 3):
        chosen = pick(present, cycle, rng)
        assert chosen in present
        cycle = cycle_after_pick(present, cycle, chosen)
        seen.append(chosen)
    for start in range(0, len(seen), len(present)):
        assert sorted(seen[start : start + len(present)]) == sorted(present)


@given(st.lists(st.tuples(st.booleans(), st.integers(1, 600)), max_size=20), st.integers(60, 3600))
def test_timer_elapsed_is_the_sum_of_running_time(steps, planned):
    start = datetime(2026, 1, 1, 9, 0)
    timing = PhaseTiming(planned)
    now = start
    timing.start(now)
    running, expected = True, 0
    for toggle, seconds in steps:
        expected += seconds if running else 0
        now += timedelta(seconds=seconds)
        if toggle:
            (timing.stop if running else timing.start)(now)
            running = not running
    assert timing.elapsed(now) == expected
    assert timing.remaining(now) == planned - expected


names = st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=1, max_size=6)


@given(st.lists(st.tuples(names, names), min_size=1, max_size=30))
def test_names_on_screen_are_always_told_apart(people):
    pupils = [Pupil(str(i), first, last, i + 1) for i, (first, last) in enumerate(people)]
    shown = display_names(pupils)
    assert set(shown) == {p.id for p in pupils}
    assert len({s.casefold() for s in shown.values()}) == len(pupils)


marks = st.dictionaries(st.text("abc", min_size=1, max_size=3), st.sampled_from(["juist", "half", "fout", "afwezig"]))


@given(marks, st.floats(0, 1), st.floats(0, 1))
def test_advice_follows_the_thresholds(round_marks, a, b):
    low, high = min(a, b), max(a, b)
    share = share_correct(round_marks)
    verdict = advice(share, high, low)
    if share is None:
        assert verdict == "geen"
    elif share >= high:
        assert verdict == "verder"
    elif share < low:
        assert verdict == "herinstructie"
    else:
        assert verdict == "oefenen"
