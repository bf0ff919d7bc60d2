"""Two versions of one lesson: a lesson file and the copy a sync engine left beside it.

When two PCs both changed a lesson while apart, Syncthing keeps the other edit as
`les.sync-conflict-….toml`, OneDrive as `les-COMPUTER.toml`, Google Drive as `les (1).toml`.
Such a copy is never read as a lesson of its own (it would be a second lesson with the same
id, and `les-PC.toml` sorts before `les.toml`, so the copy would even win). The library lists
the pair instead, as "two versions of <titel>" with what differs, and nothing is picked.

A OneDrive or Google Drive name alone does not make a copy: a teacher may well keep their own
`Breuken-H3.toml` beside `Breuken.toml`. Such a file counts as a copy only when its `id` is
the original's (a copy the engine made is the same lesson, so it has the same id).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lesson_tui.base.i18n import t
from lesson_tui.files.synccopies import ENGINE_NAMES, Engine, SyncCopy, split_sync_copies

READ_LIMIT = 2_000_000  # as a lesson file (lessonplan.LESSON_FILE_LIMIT)
MAX_KEYS = 4  # a line says at most this many differences, then "n more"

_ID_LINE = re.compile(r"""^\s*id\s*=\s*["'](?P<id>[^"'\n]*)["']""", re.M)
_HEADER = re.compile(r"^\s*\[(?P<array>\[)?\s*(?P<name>[A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-\"'.]+)\s*=")


def read_text(path: Path) -> str | None:
    """A lesson file's text, however broken; None when it cannot be read at all."""
    try:
        with path.open("rb") as handle:
            return handle.read(READ_LIMIT).decode("utf-8-sig", errors="replace")
    except OSError:
        return None


def lesson_id_in(text: str | None) -> str | None:
    found = _ID_LINE.search(text or "")
    return found.group("id") if found else None


def is_lesson_copy(path: Path, copy: SyncCopy) -> bool:
    """A Syncthing copy always is one (its name is unmistakable); a OneDrive or Google Drive
    name only when the file holds the original's lesson id."""
    if copy.engine is Engine.SYNCTHING:
        return True
    mine = lesson_id_in(read_text(path))
    return mine is not None and mine == lesson_id_in(read_text(path.parent / copy.original))


def split_lesson_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
    """(the lesson files, the copies a sync engine made of one) of `paths`, in their order."""
    files, found = split_sync_copies(paths)
    copies: list[tuple[Path, SyncCopy]] = []
    for path, copy in found:
        # a copy whose original is gone is the only version left: a lesson like any other
        if (path.parent / copy.original).is_file() and is_lesson_copy(path, copy):
            copies.append((path, copy))
        else:
            files.append(path)
    return sorted(files), copies


def _places(lines: Sequence[str]) -> list[str]:
    """For each line of a lesson file, where it is: its key, after the table it is in
    (`titel`, `drempels beheersing`, `fase 3 notities`, `fase 3 cfu 1 vraag`); a line that
    continues a value (a list over several lines) belongs to the key above it."""
    counts: dict[str, int] = {}
    table = ""
    key = ""
    places = []
    for line in lines:
        header = _HEADER.match(line)
        if header:
            name = header.group("name").strip()
            if header.group("array"):
                counts[name] = counts.get(name, 0) + 1
                for other in [n for n in counts if n.startswith(name + ".")]:
                    del counts[other]  # a new `fase`: its `cfu` count again from 1
            parts = name.split(".")
            words = []
            for depth in range(len(parts)):
                prefix = ".".join(parts[: depth + 1])
                words.append(f"{parts[depth]} {counts[prefix]}" if prefix in counts else parts[depth])
            table, key = " ".join(words), ""
            places.append(table)
            continue
        found = _KEY.match(line)
        if found:
            key = found.group("key").strip("\"'")
        places.append(" ".join(part for part in (table, key) if part) or line.strip())
    return places


def _changed_blocks(original: str, copy: str) -> Iterator[tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """Each block of lines that differs between two versions, as (place, line) pairs: the
    lesson file's lines, then the copy's; blank lines dropped, comments kept (the caller
    decides)."""
    a, b = original.splitlines(), copy.splitlines()
    where_a, where_b = _places(a), _places(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = [(where_a[i], a[i].strip()) for i in range(a1, a2) if a[i].strip()]
        new = [(where_b[i], b[i].strip()) for i in range(b1, b2) if b[i].strip()]
        yield old, new


def lesson_differences(original: str, copy: str) -> tuple[str, ...]:
    """Where two versions of a lesson file differ, as the places of the changed lines
    (`titel`, `fase 3 notities`), in the file's order, each once. Blank lines and comments
    that only moved do not count."""
    found: list[str] = []
    for old, new in _changed_blocks(original, copy):
        for place, text in (*old, *new):
            if not text.startswith("#") and place not in found:
                found.append(place)
    return tuple(found)


def changed_lines(original: str, copy: str, limit: int = 12) -> list[str]:
    """The lines that differ, as the versions screen shows them: `- ` the lesson file's line,
    `+ ` the copy's, each block after where it is in the file (`fase 3 notities:`); at most
    `limit` lines, then how many more."""
    lines: list[str] = []
    for old, new in _changed_blocks(original, copy):
        if old or new:
            place = (old or new)[0][0]
            lines += [f"{place}:", *(f"- {text}" for _, text in old), *(f"+ {text}" for _, text in new)]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], t("sync.more_lines", count=len(lines) - limit + 1)]
    return lines


@dataclass(frozen=True)
class LessonVersions:
    """A lesson file and the copy a sync engine left beside it."""

    original: Path
    copy: Path
    engine: Engine
    titel: str
    differences: tuple[str, ...]  # where they differ (`lesson_differences`)

    @property
    def engine_name(self) -> str:
        return ENGINE_NAMES[self.engine]

    def differences_text(self) -> str:
        if not self.differences:
            return t("sync.no_difference")
        keys = list(self.differences[:MAX_KEYS])
        if len(self.differences) > MAX_KEYS:
            keys.append(t("sync.more_keys", count=len(self.differences) - MAX_KEYS))
        return t("sync.differs_in", keys=", ".join(keys))

    def changed_lines(self, limit: int = 12) -> list[str]:
        return changed_lines(read_text(self.original) or "", read_text(self.copy) or "", limit)

    def line(self) -> str:
        """One line: two versions of <titel>, which files, what differs."""
        return t(
            "sync.lesson_versions",
            titel=self.titel,
            original=self.original.name,
            copy=self.copy.name,
            engine=self.engine_name,
            differences=self.differences_text(),
        )


def lesson_versions(copy_path: Path, copy: SyncCopy, titel: str) -> LessonVersions:
    original = copy_path.parent / copy.original
    differences = lesson_differences(read_text(original) or "", read_text(copy_path) or "")
    return LessonVersions(original, copy_path, copy.engine, titel, differences)
