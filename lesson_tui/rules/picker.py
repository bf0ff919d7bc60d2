"""Beurtstokjes: pick a pupil at random, fairly.

Without repeats, every present pupil gets a turn before anyone gets a second one (a "jar"
that is refilled when empty); in "back in the jar" mode each pick is from all present
pupils. Absent pupils are skipped. The rule is pure: the caller passes the random source.
"""

from __future__ import annotations

import random
from collections.abc import Mapping


def jar(present: list[str], picked_this_cycle: list[str]) -> list[str]:
    """The pupils still in the jar: present ones not picked since the jar was refilled."""
    done = set(picked_this_cycle)
    remaining = [pid for pid in present if pid not in done]
    return remaining or list(present)


def least_asked(pool: list[str], asked: Mapping[str, int]) -> list[str]:
    """The pupils of `pool` with the fewest turns in `asked` (pupil -> turns, e.g. this
    week's): the fairness the beurtstokjes exist for, over more than one lesson."""
    if not pool:
        return []
    fewest = min(asked.get(pid, 0) for pid in pool)
    return [pid for pid in pool if asked.get(pid, 0) == fewest]


def pick(
    present: list[str],
    picked_this_cycle: list[str],
    rng: random.Random,
    repeats: bool = False,
    asked: Mapping[str, int] | None = None,
) -> str | None:
    """A pupil from the jar (or all present with `repeats`); with `asked`, only from those
    of them asked least so far (the teacher's "least asked this week" setting)."""
    if not present:
        return None
    pool = list(present) if repeats else jar(present, picked_this_cycle)
    if asked is not None:
        pool = least_asked(pool, asked)
    return rng.choice(sorted(pool))


def cycle_after_pick(present: list[str], picked_this_cycle: list[str], chosen: str) -> list[str]:
    """The cycle list after `chosen` was picked: restarts when everyone had a turn."""
    still = [pid for pid in present if pid not in set(picked_this_cycle)]
    if not still:
        return [chosen]
    return [*picked_this_cycle, chosen]
