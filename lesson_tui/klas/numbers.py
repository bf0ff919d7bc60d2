"""Typing a class number, one digit at a time: the one rule every screen uses.

Which digits make which number: the digits typed so far and the next one, as long as some
pupil of the class has a number that starts with them. A number is complete when no longer
class number starts with its digits (in a class of 24, "3" is complete and "2" waits for
20-24), or when the teacher ends it (`enter`, or the letter that follows). Digits that no
class number starts with are a complete number too, and it is refused: "2 9" in a class
of 24 is 29, never 2 and then 9. What is typed counts against the whole class, so a pupil
who is away today does not make the digits mean someone else ("1 5" with 15 absent is 15).

Which numbers a screen takes: every pupil (attendance) or some (the present pupils, the
miniklas). A number it does not take is refused with its reason, never mapped to another
pupil. While the digits could still go on, the pupil they name (if this screen takes them)
is already chosen: in a class of 28, "1 f" marks pupil 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lesson_tui.base.i18n import t
from lesson_tui.klas.pupils import Pupil

DIGITS = "0123456789"

UNKNOWN = "unknown"  # no pupil of the class has this number
ABSENT = "absent"  # away today
ELSEWHERE = "elsewhere"  # here, but not one this screen takes (not in the miniklas)


def is_digit(character: str | None) -> bool:
    """A key that types a class number ("²" is not one, though str.isdigit says so)."""
    return character is not None and len(character) == 1 and character in DIGITS


def parse_number(text: str) -> int | None:
    """A class number written in a field ("12", " 7 "), or None when it is not one: only
    the digits 0-9 ("²" and "١٢" are digits to str.isdigit, but not a class number)."""
    text = text.strip()
    return int(text) if text and all(is_digit(c) for c in text) else None


@dataclass(frozen=True)
class Refusal:
    number: int
    reason: str

    def text(self) -> str:
        return t(f"numbers.{self.reason}", number=self.number)


@dataclass(frozen=True)
class Step:
    """What one key did to the number being typed."""

    number: int | None = None
    """The pupil the digits name now, when this screen takes them; else None."""
    refusal: Refusal | None = None
    """The complete number, when this screen does not take it."""
    done: bool = False
    """The number is complete: the next digit starts a new one."""


class NumberEntry:
    def __init__(
        self,
        numbers: Iterable[int],
        *,
        accepted: Iterable[int] | None = None,
        absent: Iterable[int] = (),
    ) -> None:
        """`numbers`: every class number of the class (they decide which digits make a
        number); `accepted`: the numbers this screen takes (default: all); `absent`: who
        is away today (only for the reason of a refusal)."""
        numbers = frozenset(numbers)
        self._digits = frozenset(str(n) for n in numbers)
        self._accepted = numbers if accepted is None else frozenset(accepted) & numbers
        self._absent = frozenset(absent)
        self.typed = ""

    @property
    def pending(self) -> bool:
        """Digits typed that could still become a longer number."""
        return bool(self.typed)

    def refusal(self, number: int) -> Refusal | None:
        if str(number) not in self._digits:
            return Refusal(number, UNKNOWN)
        if number in self._accepted:
            return None
        return Refusal(number, ABSENT if number in self._absent else ELSEWHERE)

    def digit(self, digit: str) -> Step:
        if not is_digit(digit):
            raise ValueError(f"not a digit: {digit!r}")
        typed = self.typed + digit
        if self._could_continue(typed):
            self.typed = typed
            return Step(number=self._taken(typed))
        self.typed = ""
        return self._complete(typed)

    def end(self) -> Step:
        """`enter` or a letter: the digits typed are the whole number. Step() when there
        were none."""
        typed, self.typed = self.typed, ""
        return self._complete(typed) if typed else Step()

    def backspace(self) -> Step:
        self.typed = self.typed[:-1]
        return Step(number=self._taken(self.typed) if self.typed else None)

    def clear(self) -> None:
        self.typed = ""

    def _could_continue(self, typed: str) -> bool:
        return any(number.startswith(typed) and number != typed for number in self._digits)

    def _taken(self, typed: str) -> int | None:
        return int(typed) if typed in self._digits and int(typed) in self._accepted else None

    def _complete(self, typed: str) -> Step:
        number = int(typed)
        refusal = self.refusal(number) if typed in self._digits else Refusal(number, UNKNOWN)
        if refusal is not None:
            return Step(refusal=refusal, done=True)
        return Step(number=number, done=True)


def entry_for(pupils: Iterable[Pupil], *, taken: Iterable[str] | None = None, absent: Iterable[str] = ()) -> NumberEntry:
    """The entry of a screen: the digits count against every pupil of the class (objects
    by their `number`); `taken` are the ids this screen takes (default: all)."""
    pupils = list(pupils)
    taken_ids = None if taken is None else set(taken)
    absent_ids = set(absent)
    return NumberEntry(
        [p.number for p in pupils],
        accepted=None if taken_ids is None else [p.number for p in pupils if p.id in taken_ids],
        absent=[p.number for p in pupils if p.id in absent_ids],
    )
