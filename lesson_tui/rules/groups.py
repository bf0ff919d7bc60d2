"""Duos and groups for JULLIE (and any cooperative work): one pure rule, `make_groups`.

Three ways (the kijkwijzer's flexibel groeperen, seed 002):
* gemengd (heterogeneous): each group spans the range, a stronger pupil with one who needs
  support; never two pupils who both just got most wrong in one group (when there are
  enough others to go round);
* niveau (homogeneous): pupils of about the same level together, for work on level;
* willekeurig: random.

Rules that always hold: the "niet samen" pairs the teacher set are never in one group (when
the class allows it at all); pairs that worked together in recent lessons are avoided where
possible; an odd pupil makes one group one bigger, never a pupil alone; only the pupils given
(the present ones) are placed. The same `rng` gives the same groups.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass

from lesson_tui.rules.thresholds import DEFAULT_ONDERSTEUNING

MODES: tuple[str, ...] = ("gemengd", "niveau", "willekeurig")
# "just got most wrong": under the ondersteuning drempel (the lesson's own is passed in)
WEAK_BELOW = DEFAULT_ONDERSTEUNING

# what matters how much when two groupings are compared (lower is better)
NIET_SAMEN_COST = 10_000
TWO_WEAK_COST = 1_000
RECENT_COST = 10
RESTARTS = 12


def group_sizes(count: int, size: int) -> list[int]:
    """How many pupils per group: as close to `size` as the count allows, never a pupil
    alone, no duo among groups of three or four, and rather a group one smaller than one
    bigger than asked (7 in duos: 3, 2, 2; 10 in fours: 4, 3, 3; 7 in threes: 4, 3)."""
    if count <= 0:
        return []
    if count == 1:
        return [1]

    def spread(groups: int) -> list[int]:
        base, extra = divmod(count, groups)
        return [base + 1] * extra + [base] * (groups - extra)

    smallest = 2 if size <= 2 else 3  # a group of three or four is not a duo
    candidates = [spread(groups) for groups in {max(1, count // size), max(1, -(-count // size))}]
    for least in (smallest, 2):
        options = [(max(abs(s - size) for s in sizes), max(sizes) > size, sizes) for sizes in candidates if min(sizes) >= least]
        if options:
            return min(options)[2]
    return [count]


def make_groups(
    pupils: list[str],
    *,
    size: int = 2,
    mode: str = "gemengd",
    level: dict[str, float] | None = None,
    niet_samen: Iterable[frozenset[str]] = (),
    recent: dict[frozenset[str], int] | None = None,
    weak_below: float = WEAK_BELOW,
    rng: random.Random | None = None,
) -> list[list[str]]:
    """Groups of the given pupils (a list of lists, each in class order of `pupils`)."""
    if mode not in MODES:
        raise ValueError(mode)
    rng = rng or random.Random()
    level = level or {}
    recent = recent or {}
    forbidden = {pair for pair in niet_samen if len(pair) == 2 and pair <= set(pupils)}
    sizes = group_sizes(len(pupils), size)
    if not sizes:
        return []
    order = {pid: index for index, pid in enumerate(pupils)}
    known = sorted(level.values()) or [0.5]
    middle = known[len(known) // 2]
    score = {pid: level.get(pid, middle) for pid in pupils}  # unknown: the class's middle

    def group_cost(group: list[str]) -> float:
        total = 0.0
        for a, b in itertools.combinations(group, 2):
            pair = frozenset((a, b))
            if pair in forbidden:
                total += NIET_SAMEN_COST
            total += RECENT_COST * recent.get(pair, 0)
        spread = max(score[pid] for pid in group) - min(score[pid] for pid in group)
        if mode == "gemengd":
            weak = sum(1 for pid in group if pid in level and level[pid] < weak_below)
            total += TWO_WEAK_COST * max(0, weak - 1)
            total -= spread  # span the range
        elif mode == "niveau":
            total += 5 * spread
        return total

    def start() -> list[list[str]]:
        shuffled = list(pupils)
        rng.shuffle(shuffled)
        if mode == "gemengd":  # strongest with weakest, working inwards
            ranked = sorted(shuffled, key=lambda pid: score[pid])
            groups: list[list[str]] = [[] for _ in sizes]
            low, high = 0, len(ranked) - 1
            for index, wanted in enumerate(sizes):
                take_high = True
                while len(groups[index]) < wanted:
                    if take_high:
                        groups[index].append(ranked[high])
                        high -= 1
                    else:
                        groups[index].append(ranked[low])
                        low += 1
                    take_high = not take_high
            return groups
        if mode == "niveau":
            shuffled.sort(key=lambda pid: score[pid])
        groups, at = [], 0
        for wanted in sizes:
            groups.append(shuffled[at : at + wanted])
            at += wanted
        return groups

    def improve(groups: list[list[str]]) -> tuple[float, list[list[str]]]:
        """Swap two pupils of two groups while that makes the grouping better."""
        costs = [group_cost(group) for group in groups]
        improved = True
        while improved:
            improved = False
            for g1, g2 in itertools.combinations(range(len(groups)), 2):
                for i in range(len(groups[g1])):
                    for j in range(len(groups[g2])):
                        a, b = groups[g1], groups[g2]
                        a[i], b[j] = b[j], a[i]
                        c1, c2 = group_cost(a), group_cost(b)
                        if c1 + c2 < costs[g1] + costs[g2] - 1e-9:
                            costs[g1], costs[g2], improved = c1, c2, True
                        else:
                            a[i], b[j] = b[j], a[i]
        return sum(costs), groups

    if mode == "willekeurig":  # random; swaps only to keep the rules (niet samen, recent pairs)
        candidates = [improve(start())]
    else:
        candidates = [improve(start()) for _ in range(RESTARTS)]
    _, best = min(candidates, key=lambda item: item[0])
    return [sorted(group, key=order.__getitem__) for group in sorted(best, key=lambda g: min(order[p] for p in g))]


def keep_groups(groups: list[list[str]], present: list[str]) -> tuple[list[list[str]], dict[str, int]]:
    """Groups already made, for who is here now: an absent pupil drops out, a pupil left
    alone by that joins the smallest other group, and a late pupil joins the smallest group.
    The groups, and for each late pupil the index of the group they joined."""
    here = set(present)
    kept = [[pid for pid in group if pid in here] for group in groups]
    kept = [group for group in kept if group]
    alone = [group[0] for group in kept if len(group) == 1]
    if alone and len(kept) > 1:
        kept = [group for group in kept if len(group) > 1]
        for pid in alone:
            min(kept, key=len).append(pid)
    placed = {pid for group in kept for pid in group}
    joined: dict[str, int] = {}
    for pid in present:
        if pid in placed:
            continue
        if not kept:
            kept.append([])
        index = min(range(len(kept)), key=lambda i: len(kept[i]))
        kept[index].append(pid)
        joined[pid] = index
    return kept, joined


@dataclass(frozen=True)
class GroupsOnOpen:
    """What the groups screen starts with: the groups already made, kept for who is here
    now (`groups`, and the late pupils who joined one), or None: propose new ones."""

    mode: str
    size: int
    groups: list[list[str]] | None
    joined: dict[str, int]


def groups_on_open(
    made: list[list[str]], made_mode: str, made_size: int, present: list[str], mode: str, size: int
) -> GroupsOnOpen:
    """Groups made earlier in the lesson are kept (with their mode and size: groups of 4
    stay groups of 4), for who is here now; without any, new ones of `mode` and `size` are
    proposed."""
    if not made:
        return GroupsOnOpen(mode, size, None, {})
    groups, joined = keep_groups(made, present)
    return GroupsOnOpen(made_mode or mode, made_size or size, groups, joined)


def apart_broken(groups: Iterable[Iterable[str]], niet_samen: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """The "niet samen" pairs that a grouping puts together anyway (the class did not allow
    otherwise, e.g. every pair forbidden): the teacher is told, never left to find out."""
    together = pairs_of(groups)
    return sorted((pair for pair in set(niet_samen) if len(pair) == 2 and pair in together), key=sorted)


def pairs_of(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every two pupils who were in one group (for the history of who worked with whom)."""
    return {frozenset(pair) for group in groups for pair in itertools.combinations(group, 2)}
