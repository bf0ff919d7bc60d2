"""The teacher's settings that outlive a lesson: for now, the extra folders of lesson plans."""

from __future__ import annotations

import json
from pathlib import Path

from lesson_tui.i18n import t
from lesson_tui.lessonplan import LessonCache, LessonLibrary, example_lessons_dir
from lesson_tui.storage import atomic_write_bytes, private_dir


class Settings:
    def __init__(self, root: Path) -> None:
        self.path = root / "instellingen.json"
        self.data: dict = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.data = loaded
        except (OSError, ValueError):
            pass  # missing or unreadable: defaults (a damaged file is replaced only on save)

    @property
    def lesson_dirs(self) -> list[Path]:
        return [Path(p) for p in self.data.get("lesson_dirs", []) if isinstance(p, str)]

    @property
    def klasveilig(self) -> bool:
        """The teacher's screen is what the class sees (projected): hide everything private."""
        return bool(self.data.get("klasveilig", False))

    def set_klasveilig(self, value: bool) -> None:
        self.data["klasveilig"] = bool(value)
        self._save()

    def _save(self) -> None:
        private_dir(self.path.parent)
        atomic_write_bytes(self.path, json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8"))

    def niet_samen(self, class_name: str) -> set[frozenset[str]]:
        """The pairs of a class the teacher never puts in one group (pupil ids)."""
        pairs = self.data.get("niet_samen", {}).get(class_name, [])
        return {frozenset(pair) for pair in pairs if isinstance(pair, list) and len(set(pair)) == 2}

    def set_niet_samen(self, class_name: str, a: str, b: str, apart: bool = True) -> None:
        pairs = self.niet_samen(class_name)
        (pairs.add if apart else pairs.discard)(frozenset((a, b)))
        self.data.setdefault("niet_samen", {})[class_name] = sorted(sorted(pair) for pair in pairs)
        self._save()

    def seating(self, class_name: str):
        """The class's seating plan, or None when the teacher has not made one."""
        from lesson_tui.seating import SeatingPlan

        doc = self.data.get("zitplan", {}).get(class_name)
        try:
            return SeatingPlan.from_doc(doc) if isinstance(doc, dict) else None
        except (KeyError, TypeError, ValueError):
            return None  # a damaged plan is made anew, the rest of the settings stay

    def set_seating(self, class_name: str, plan, vooraan: set[str] | None = None) -> None:
        """Remember the class's seating plan (and who needs to sit at the front)."""
        self.data.setdefault("zitplan", {})[class_name] = plan.to_doc()
        if vooraan is not None:
            self.data.setdefault("vooraan", {})[class_name] = sorted(vooraan)
        self._save()

    def vooraan(self, class_name: str) -> set[str]:
        return {pid for pid in self.data.get("vooraan", {}).get(class_name, []) if isinstance(pid, str)}

    def remove_lesson_dir(self, folder: Path) -> bool:
        """Forget a folder that was added (its files stay where they are)."""
        folders = [str(p) for p in self.lesson_dirs]
        if str(folder) not in folders:
            return False
        folders.remove(str(folder))
        self.data["lesson_dirs"] = folders
        self._save()
        return True

    def add_lesson_dir(self, folder: Path) -> None:
        folders = [str(p) for p in self.lesson_dirs]
        resolved = str(folder.expanduser().resolve())
        if resolved not in folders:
            folders.append(resolved)
        self.data["lesson_dirs"] = folders
        self._save()


def own_lessons_dir(data_dir: Path) -> Path:
    """The teacher's own lessons: where a new lesson or a copy is saved."""
    return data_dir / "lessen"


def archive_dir(data_dir: Path) -> Path:
    """Where archived lessons go: beside the lesson folders, so the library no longer lists
    them, and never deleted."""
    return data_dir / "archief"


class ArchiveError(OSError):
    """Archiving failed; the message says why in the teacher's words (an OSError still, so
    every caller that handles a failed move handles this one)."""


def archive_lesson(data_dir: Path, path: Path) -> Path:
    """Move one of the teacher's own lessons to the archive (a name that is free there);
    the new path."""
    from lesson_tui.oserrors import os_error_text

    target_dir = archive_dir(data_dir)
    try:
        private_dir(target_dir)
        target = target_dir / path.name
        number = 2
        while target.exists():
            target = target_dir / f"{path.stem}-{number}{path.suffix}"
            number += 1
        path.replace(target)
    except OSError as error:
        raise ArchiveError(t("library.cannot_archive", path=path.name, reason=os_error_text(error))) from None
    return target


def lesson_folders(data_dir: Path, extra: list[Path]) -> list[Path]:
    """Where lessons come from: the examples, the data folder's `lessen/`, the folders the
    teacher added in the app (remembered), and any `--lessons` folders."""
    return [example_lessons_dir(), own_lessons_dir(data_dir), *Settings(data_dir).lesson_dirs, *extra]


def scan_lessons(data_dir: Path, extra: list[Path]) -> LessonLibrary:
    cache = LessonCache(data_dir / "cache" / "lessons.json")
    return LessonLibrary.scan(lesson_folders(data_dir, extra), cache)
