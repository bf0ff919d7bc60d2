"""The teacher's settings that outlive a lesson: the extra folders of lesson plans, klasveilig,
and per class (by its id) niet samen, the seating plan and vooraan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lesson_tui.base.i18n import t
from lesson_tui.files.storage import atomic_write_bytes, private_dir
from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary, example_lessons_dir
from lesson_tui.store import layout

if TYPE_CHECKING:
    from lesson_tui.rules.seating import SeatingPlan

Json = dict[str, Any]  # the settings file, as JSON: every value is checked where it is read


class Settings:
    def __init__(self, root: Path) -> None:
        self.path = layout.settings_path(root)
        self.data: Json = {}
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

    # --- per class: niet samen, seating plan, vooraan -----------------------------------
    #
    # Kept under "klassen" by class id. Files from before class ids keep them in top-level
    # tables keyed by the class's name ("niet_samen", "zitplan", "vooraan"): those are read
    # for the class whose `legacy_class_id` the name gives, and moved under its id at its
    # first change, so nothing is lost and nothing is converted by hand.

    _LEGACY = ("niet_samen", "zitplan", "vooraan")

    def _legacy_entry(self, class_id: str) -> Json:
        from lesson_tui.klas.pupils import legacy_class_id

        entry: Json = {}
        for table in self._LEGACY:
            old = self.data.get(table)
            if not isinstance(old, dict):
                continue
            for name, value in old.items():
                if isinstance(name, str) and legacy_class_id(name) == class_id:
                    if table == "niet_samen" and isinstance(value, list):
                        entry.setdefault(table, []).extend(value)  # "5B" and "5b": both kept
                    else:
                        entry[table] = value  # the later one, as the old code last wrote it
        return entry

    def _class_entry(self, class_id: str) -> Json:
        klassen = self.data.get("klassen")
        entry = klassen.get(class_id) if isinstance(klassen, dict) else None
        return entry if isinstance(entry, dict) else self._legacy_entry(class_id)

    def _class_entry_for_change(self, class_id: str) -> Json:
        from lesson_tui.klas.pupils import legacy_class_id

        entry = dict(self._class_entry(class_id))
        for table in self._LEGACY:
            old = self.data.get(table)
            if isinstance(old, dict):
                for name in [n for n in old if isinstance(n, str) and legacy_class_id(n) == class_id]:
                    del old[name]
                if not old:
                    del self.data[table]
        if not isinstance(self.data.get("klassen"), dict):
            self.data["klassen"] = {}
        self.data["klassen"][class_id] = entry
        return entry

    def niet_samen(self, class_id: str) -> set[frozenset[str]]:
        """The pairs of a class the teacher never puts in one group (pupil ids)."""
        pairs = self._class_entry(class_id).get("niet_samen", [])
        if not isinstance(pairs, list):
            return set()
        return {
            frozenset(pair)
            for pair in pairs
            if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) and pair[0] != pair[1]
        }

    def set_niet_samen(self, class_id: str, a: str, b: str, apart: bool = True) -> None:
        pairs = self.niet_samen(class_id)
        (pairs.add if apart else pairs.discard)(frozenset((a, b)))
        self._class_entry_for_change(class_id)["niet_samen"] = sorted(sorted(pair) for pair in pairs)
        self._save()

    def seating(self, class_id: str) -> SeatingPlan | None:
        """The class's seating plan, or None when the teacher has not made one."""
        from lesson_tui.rules.seating import SeatingPlan

        doc = self._class_entry(class_id).get("zitplan")
        try:
            return SeatingPlan.from_doc(doc) if isinstance(doc, dict) else None
        except (KeyError, TypeError, ValueError):
            return None  # a damaged plan is made anew, the rest of the settings stay

    def set_seating(self, class_id: str, plan: SeatingPlan, vooraan: set[str] | None = None) -> None:
        """Remember the class's seating plan (and who needs to sit at the front)."""
        entry = self._class_entry_for_change(class_id)
        entry["zitplan"] = plan.to_doc()
        if vooraan is not None:
            entry["vooraan"] = sorted(vooraan)
        self._save()

    def vooraan(self, class_id: str) -> set[str]:
        found = self._class_entry(class_id).get("vooraan", [])
        return {pid for pid in found if isinstance(pid, str)} if isinstance(found, list) else set()

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


own_lessons_dir = layout.own_lessons_dir  # imported from here by the screens and the CLI
archive_dir = layout.archive_dir


class ArchiveError(OSError):
    """Archiving failed; the message says why in the teacher's words (an OSError still, so
    every caller that handles a failed move handles this one)."""


def archive_lesson(data_dir: Path, path: Path) -> Path:
    """Move one of the teacher's own lessons to the archive (a name that is free there);
    the new path."""
    from lesson_tui.base.oserrors import os_error_text

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
    cache = LessonCache(layout.lesson_cache_path(data_dir))
    return LessonLibrary.scan(lesson_folders(data_dir, extra), cache)
