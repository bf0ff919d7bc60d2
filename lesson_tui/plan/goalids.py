"""Goal ids: the one normalising rule, and which ids look like the same goal typed twice.

A lesson names the goals it serves in `doelen = ["breuken-vergelijken"]` (docs/FORMATS.md).
`goal_id` is the one rule that turns what a teacher typed into the id a goal is known by, so
"Breuken vergelijken", "breuken  vergelijken" and "breuken-vergelijken" are one goal:
accents dropped, lower case, every run of other characters than a-z and 0-9 one hyphen, no
hyphen at either end.

`near_duplicates` is the check's warning for two ids that are probably one goal typed two
ways (README, `lesson-tui check`): after `goal_id`, two different ids are near-duplicates
when they are the same without their hyphens ("breukenvergelijken"), or differ by at most
one edit (a letter added, dropped or changed; two for ids of 12 characters or more), unless
their numbers differ ("tafel-van-3" and "tafel-van-4" are two goals).
"""

from __future__ import annotations

import re
import unicodedata

GOAL_ID_MAX = 80
_OTHER = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"\d+")


def goal_id(text: str) -> str:
    """The id of a goal as typed (the one normalising rule; "" when nothing is left)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _OTHER.sub("-", folded).strip("-")[:GOAL_ID_MAX].strip("-")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, replace one character)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def near_duplicate(a: str, b: str) -> bool:
    """Two different goal ids that are probably one goal (see the module docstring)."""
    a, b = goal_id(a), goal_id(b)
    if a == b:
        return False
    if a.replace("-", "") == b.replace("-", ""):
        return True
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    allowed = 2 if min(len(a), len(b)) >= 12 else 1
    return edit_distance(a, b) <= allowed


def near_duplicates(ids: list[str]) -> list[tuple[str, str]]:
    """Every pair of near-duplicate ids among `ids` (each pair once, in sorted order)."""
    unique = sorted({goal_id(i) for i in ids} - {""})
    return [(a, b) for n, a in enumerate(unique) for b in unique[n + 1 :] if near_duplicate(a, b)]
