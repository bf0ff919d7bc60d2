"""Typing a class number, one digit at a time: the one rule every screen uses.

A digit extends what was typed when some class number starts with the result, else it
starts a new number. The pupil is chosen as soon as the digits name a class number, and
the digits are kept only while a longer number could still follow: in a class of 28,
"1" chooses pupil 1 and waits (10-19 are possible), "14" chooses 14 and is complete.
"""

from __future__ import annotations


class NumberEntry:
    def __init__(self, numbers: list[int]) -> None:
        self._numbers = [str(n) for n in numbers]
        self.typed = ""

    def digit(self, digit: str) -> int | None:
        """Take one digit; the class number it now names, if any."""
        candidate = self.typed + digit
        if not any(number.startswith(candidate) for number in self._numbers):
            candidate = digit
        chosen = int(candidate) if candidate in self._numbers else None
        self.typed = candidate if self.could_continue(candidate) else ""
        return chosen

    def could_continue(self, typed: str) -> bool:
        return any(number.startswith(typed) and number != typed for number in self._numbers)

    @property
    def pending(self) -> bool:
        """Digits typed that could still become a longer number."""
        return bool(self.typed)

    def clear(self) -> None:
        self.typed = ""
