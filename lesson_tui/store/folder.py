"""The data folder as its parts share it: where it is, the clock, and the problems found
while reading it (said once each, shown on the home screen and by the command line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lesson_tui.base.clock import Clock


@dataclass
class DataFolder:
    root: Path
    clock: Clock
    problems: list[str] = field(default_factory=list)

    def add_problem(self, text: str) -> None:
        """One line for the teacher, said once."""
        if text not in self.problems:
            self.problems.append(text)

    def drop_problem(self, text: str) -> None:
        """A problem that went away (a file that was half there arrived whole)."""
        if text in self.problems:
            self.problems.remove(text)

    def stamp(self) -> str:
        """The time in a file name (a damaged file moved aside)."""
        return self.clock.now().strftime("%Y%m%d-%H%M%S")
