"""Beurtstokjes: pick a pupil at random, fairly.

Without repeats, every present pupil gets a turn before anyone gets a second one (a "jar"
that is refilled when empty); in "back in the jar" mode each pick is from all present
pupils. Absent pupils are skipped. The rule is pure: the caller passes the random source.
"""

from __future__ import annotations

import random


def jar(present: list[str], picked_this_cycle: list[str]) -> list[str]:
    """The pupils still in the jar: present ones not picked since the jar was refilled."""
    done = set(picked_this_cycle)
    remaining = [pid for pid in present if pid not in done]
    return remaining or list(present)


def pick(present: list[str], picked_this_cycle: list[str], rng: random.Random, repeats: bool = False) -> str | None:
    if not present:
        return None
    pool = list(present) if repeats else jar(present, picked_this_cycle)
    return rng.choice(sorted(pool))


def cycle_after_pick(present: list[str], picked_this_cycle: list[str], chosen: str) -> list[str]:
    """The cycle list after `chosen` was picked: restarts when everyone had a turn."""
    still = [pid for pid in present if pid not in set(picked_this_cycle)]
    if not still:
        return [chosen]
    return [*picked_this_cycle, chosen]
