"""What every command is given (the data folder, the language, the lesson folders) and the
one error a command raises for a teacher's mistake. Shared by the parser (`main`) and the
commands, so neither imports the other for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    data_dir: Path
    lang: str = "nl"
    lesson_dirs: list[Path] = field(default_factory=list)


class CliError(Exception):
    """A user mistake or unusable file: one line on stderr, exit 1."""
