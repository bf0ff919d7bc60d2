"""The teacher's settings that outlive a lesson: per class (by its id) niet samen, the
seating plan and vooraan, in the data folder's `instellingen.json`; and this PC's own,
klasveilig (a property of the room's projector, not of the class) and the added lesson
folders (their paths are this PC's), in the state folder (`layout.pc_settings_path`).

Data folders of earlier versions kept this PC's settings in `instellingen.json` too. The
first time a PC opens one, they are copied into its own file (so nothing is lost); they are
dropped from `instellingen.json` at its next save, once that copy is on disk, so no PC ever
writes another PC's folders or projector into the synced folder again."""

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


PC_ONLY = ("klasveilig", "lesson_dirs")  # this PC's, never in the data folder's file


def _load(path: Path) -> Json | None:
    """The JSON object in `path`; None when it is missing or unreadable (defaults; a damaged
    file is replaced only on save)."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _write(path: Path, data: Json) -> None:
    private_dir(path.parent)
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


class Settings:
    def __init__(self, root: Path) -> None:
        self.path = layout.settings_path(root)
        self.pc_path = layout.pc_settings_path(root)
        self.data: Json = _load(self.path) or {}
        pc = _load(self.pc_path)
        if pc is None and not self.pc_path.exists():
            pc = self._migrate()
        self.pc: Json = pc or {}

    def _migrate(self) -> Json:
        """This PC's settings from an earlier version's `instellingen.json`, copied into this
        PC's file once (left in `instellingen.json` until its next save)."""
        found = {key: self.data[key] for key in PC_ONLY if key in self.data}
        if found:
            try:
                _write(self.pc_path, found)
            except OSError:
                pass  # kept in memory; tried again at the next start
        return found

    @property
    def lesson_dirs(self) -> list[Path]:
        folders = self.pc.get("lesson_dirs", [])
        return [Path(p) for p in folders if isinstance(p, str)] if isinstance(folders, list) else []

    @property
    def klasveilig(self) -> bool:
        """The teacher's screen is what the class sees (projected): hide everything private."""
        return bool(self.pc.get("klasveilig", False))

    def set_klasveilig(self, value: bool) -> None:
        self.pc["klasveilig"] = bool(value)
        self._save_pc()

    def _save_pc(self) -> None:
        _write(self.pc_path, self.pc)

    def _save(self) -> None:
        if self.pc_path.exists():  # this PC's copy is on disk: the data folder no longer needs them
            for key in PC_ONLY:
                self.data.pop(key, None)
        _write(self.path, self.data)

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
        self.pc["lesson_dirs"] = folders
        self._save_pc()
        return True

    def add_lesson_dir(self, folder: Path) -> None:
        folders = [str(p) for p in self.lesson_dirs]
        resolved = str(folder.expanduser().resolve())
        if resolved not in folders:
            folders.append(resolved)
        self.pc["lesson_dirs"] = folders
        self._save_pc()


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
