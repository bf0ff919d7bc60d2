"""The class as a room: a grid of desks and who sits where.

A `SeatingPlan` is rows x columns of places, the side the board is on (the front), places
left empty (no desk), and a pupil per place. Row 0 is the row nearest the board. Placing a
pupil on a taken place swaps the two, so a plan never holds a pupil twice. `random_plan`
fills a room from scratch: pupils who need to sit at the front ("vooraan") get the front
places first, and "niet samen" pairs are never side by side (same row, next desk) when the
room allows it. The same `rng` gives the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

Place = tuple[int, int]  # (row from the front, column from the left as the teacher faces the class)
BOARD_SIDES = ("voor", "achter")  # where the board is, seen from the pupils: the front rows are near it
NEIGHBOUR_COST = 1000


@dataclass(frozen=True)
class SeatingPlan:
    rows: int
    cols: int
    board: str = "voor"
    empty: frozenset[Place] = frozenset()
    seats: dict[Place, str] = field(default_factory=dict)

    @property
    def places(self) -> list[Place]:
        """Every desk, front row first, left to right."""
        return [(r, c) for r in range(self.rows) for c in range(self.cols) if (r, c) not in self.empty]

    def seat_of(self, pupil: str) -> Place | None:
        return next((place for place, pid in self.seats.items() if pid == pupil), None)

    def place(self, place: Place, pupil: str) -> SeatingPlan:
        """`pupil` sits at `place`; whoever sat there takes the pupil's old place (or none)."""
        if place not in self.places:
            return self
        seats = dict(self.seats)
        old = self.seat_of(pupil)
        there = seats.get(place)
        if old is not None:
            del seats[old]
        if there is not None and there != pupil:
            if old is not None:
                seats[old] = there
            else:
                del seats[place]
        seats[place] = pupil
        return replace(self, seats=seats)

    def toggle_empty(self, place: Place) -> SeatingPlan:
        """No desk here (its pupil stands up), or a desk again."""
        if place in self.empty:
            return replace(self, empty=self.empty - {place})
        seats = {p: pid for p, pid in self.seats.items() if p != place}
        return replace(self, empty=self.empty | {place}, seats=seats)

    def keep_only(self, pupils: Iterable[str]) -> SeatingPlan:
        """The plan without who is no longer in the class (a re-import where a pupil left):
        their desk is free again; nobody else moves."""
        present = set(pupils)
        seats = {place: pid for place, pid in self.seats.items() if pid in present}
        return self if len(seats) == len(self.seats) else replace(self, seats=seats)

    def neighbours(self, place: Place) -> list[Place]:
        row, col = place
        return [(row, c) for c in (col - 1, col + 1) if (row, c) in self.seats]

    def to_doc(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "cols": self.cols,
            "board": self.board,
            "empty": sorted([r, c] for r, c in self.empty),
            "seats": [[r, c, pid] for (r, c), pid in sorted(self.seats.items())],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> SeatingPlan:
        rows, cols = int(doc["rows"]), int(doc["cols"])
        empty = frozenset((int(r), int(c)) for r, c in doc.get("empty", []))
        seats: dict[Place, str] = {}
        for r, c, pid in doc.get("seats", []):
            place = (int(r), int(c))
            if 0 <= place[0] < rows and 0 <= place[1] < cols and place not in empty and pid not in seats.values():
                seats[place] = str(pid)
        return cls(rows, cols, doc.get("board", "voor") if doc.get("board") in BOARD_SIDES else "voor", empty, seats)


def room_for(count: int, cols: int = 6) -> SeatingPlan:
    """An empty room with enough desks for `count` pupils: rows of `cols` (three duo tables)."""
    rows = max(1, -(-count // cols))
    return SeatingPlan(rows, cols)


def random_plan(
    room: SeatingPlan,
    pupils: list[str],
    *,
    vooraan: Iterable[str] = (),
    niet_samen: Iterable[frozenset[str]] = (),
    rng: random.Random | None = None,
) -> SeatingPlan:
    """Everyone who fits gets a desk: the front ones first for "vooraan", then the rest at
    random, then swaps until no "niet samen" pair sits side by side (where possible)."""
    rng = rng or random.Random()
    places = room.places
    front = [p for p in pupils if p in set(vooraan)]
    rest = [p for p in pupils if p not in set(front)]
    rng.shuffle(front)
    rng.shuffle(rest)
    order = (front + rest)[: len(places)]
    seats = dict(zip(places, order))
    forbidden = {pair for pair in niet_samen if len(pair) == 2}
    fixed = {place for place, pid in seats.items() if pid in set(front)}

    def total() -> int:
        return NEIGHBOUR_COST * sum(
            1 for (r, c), pid in seats.items() if (r, c + 1) in seats and frozenset((pid, seats[(r, c + 1)])) in forbidden
        )

    movable = [place for place in seats if place not in fixed]
    movable += [place for place in places if place not in seats]  # an empty desk is a place to go
    best = total()
    for _ in range(4):  # a few passes of swaps are plenty for a classroom
        if best == 0:
            break
        for a in movable:
            for b in movable:
                if a >= b:
                    continue
                pa, pb = seats.pop(a, None), seats.pop(b, None)
                if pb is not None:
                    seats[a] = pb
                if pa is not None:
                    seats[b] = pa
                now = total()
                if now < best:
                    best = now
                    continue
                seats.pop(a, None), seats.pop(b, None)
                if pa is not None:
                    seats[a] = pa
                if pb is not None:
                    seats[b] = pb
    return replace(room, seats=seats)


def side_by_side(plan: SeatingPlan) -> set[frozenset[str]]:
    """Every two pupils at neighbouring desks in one row."""
    return {
        frozenset((pid, plan.seats[(r, c + 1)]))
        for (r, c), pid in plan.seats.items()
        if (r, c + 1) in plan.seats
    }
