"""The teacher's settings that outlive a lesson: per class (by its id) niet samen, the
seating plan and vooraan, shared by the teacher's PCs; and this PC's own, klasveilig (a
property of the room's projector, not of the class) and the added lesson folders (their
paths are this PC's), in the state folder (`layout.pc_settings_path`).

The per-class settings are each PC's own changes, in its own file of the data folder
(`settings/<device id>.json`, one writer), folded in one agreed order (`settingslog`): two
PCs changing them while apart never make a conflict copy, and lose nothing. The settings file
of earlier versions, `instellingen.json` (written by whichever PC was in use), is where the
fold starts: read, never written again.

That file held this PC's settings too. The first time a PC opens a data folder that has
them, they are copied into its own file (so nothing is lost) and never read there again."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lesson_tui.base.clock import Clock, SystemClock
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import SCHEMA_VERSION, atomic_write_bytes, private_dir, quarantine
from lesson_tui.files.synccopies import copy_problem, split_sync_copies
from lesson_tui.lesson.writers import HybridClock
from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.settingslog import (
    FRONT,
    SEATING,
    ClassSettings,
    SettingsChange,
    apart_change,
    compact,
    fold,
)

if TYPE_CHECKING:
    from lesson_tui.rules.seating import SeatingPlan

Json = dict[str, Any]  # the settings file, as JSON: every value is checked where it is read

PC_ONLY = ("klasveilig", "lesson_dirs")  # this PC's, never in the data folder's file
LOG_KIND = "settings-changes"  # a device's file of changes to the classes' settings
_LEGACY = ("niet_samen", "zitplan", "vooraan")  # tables by class name, from before class ids


class SettingsError(OSError):
    """A settings change could not be saved; the message says why in the teacher's words."""


def _load(path: Path) -> Json | None:
    """The JSON object in `path`; None when it is missing or unreadable (defaults)."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _write(path: Path, data: Json) -> None:
    private_dir(path.parent)
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _pairs(raw: Any) -> set[frozenset[str]]:
    if not isinstance(raw, list):
        return set()
    return {
        frozenset(pair)
        for pair in raw
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) and pair[0] != pair[1]
    }


def _legacy_entry(raw: Any, into: ClassSettings | None = None) -> ClassSettings:
    """One class's settings as `instellingen.json` held them (anything unreadable left out)."""
    entry = into or ClassSettings()
    if not isinstance(raw, dict):
        return entry
    entry.niet_samen |= _pairs(raw.get("niet_samen"))
    if isinstance(raw.get("zitplan"), dict):
        entry.zitplan = raw["zitplan"]
    found = raw.get("vooraan")
    if isinstance(found, list):
        entry.vooraan = [pid for pid in found if isinstance(pid, str)]
    return entry


def legacy_settings(data: Json) -> dict[str, ClassSettings]:
    """Where the fold starts: the per-class part of `instellingen.json`. Under "klassen" by
    class id; files from before class ids keep it in top-level tables keyed by the class's
    name ("niet_samen", "zitplan", "vooraan"), read for the class whose `legacy_class_id`
    the name gives ("5B" and "5b": both pairs kept, the later plan as the old code wrote it)."""
    from lesson_tui.klas.pupils import legacy_class_id

    start: dict[str, ClassSettings] = {}
    klassen = data.get("klassen")
    if isinstance(klassen, dict):
        for class_id, raw in klassen.items():
            if isinstance(class_id, str):
                start[class_id] = _legacy_entry(raw)
    by_name: dict[str, ClassSettings] = {}
    for table in _LEGACY:
        old = data.get(table)
        if not isinstance(old, dict):
            continue
        for name, value in old.items():
            if isinstance(name, str):
                _legacy_entry({table: value}, by_name.setdefault(legacy_class_id(name), ClassSettings()))
    for class_id, entry in by_name.items():
        start.setdefault(class_id, entry)  # a class under its id was moved there at its first change
    return start


class Settings:
    """The settings of one data folder, read when made (make a new one to see another PC's
    changes). `problems`: what was found wrong while reading, in the teacher's words."""

    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        self.root = Path(root)
        self.clock = clock
        self.path = layout.settings_path(root)
        self.pc_path = layout.pc_settings_path(root)
        self.problems: list[str] = []
        self.data: Json = _load(self.path) or {}
        pc = _load(self.pc_path)
        if pc is None and not self.pc_path.exists():
            pc = self._migrate()
        self.pc: Json = pc or {}
        self._classes = self._read_all()

    def _migrate(self) -> Json:
        """This PC's settings from an earlier version's `instellingen.json`, copied into this
        PC's file once (the data folder's file is never written again)."""
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

    # --- per class: niet samen, seating plan, vooraan -----------------------------------

    def _add_problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def _device_files(self) -> list[Path]:
        """Each device's settings file (named after its device), without a damaged file moved
        aside and without a sync engine's copy (said once, never read)."""
        from lesson_tui.store.device import DEVICE_ID

        folder = layout.settings_dir(self.root)
        paths = sorted(p for p in folder.glob(f"*{layout.DATA_FILE}") if ".beschadigd-" not in p.name)
        files, copies = split_sync_copies(paths)
        for path, copy in copies:
            self._add_problem(copy_problem(path, copy))
        return [p for p in files if DEVICE_ID.match(p.stem)]

    def _read_file(self, path: Path) -> list[SettingsChange]:
        """One device's changes; ValueError with what is wrong (in Dutch) when the file is
        damaged or only half there (a sync in progress)."""
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ValueError(os_error_text(error)) from None
        except ValueError:
            raise ValueError(t("settings.not_json")) from None
        if not isinstance(doc, dict) or doc.get("kind") != LOG_KIND or not isinstance(doc.get("changes"), list):
            raise ValueError(t("settings.not_settings"))
        if not isinstance(doc.get("schema"), int) or doc["schema"] > SCHEMA_VERSION:
            raise ValueError(t("settings.too_new"))
        try:
            return [SettingsChange.from_doc(path.stem, change) for change in doc["changes"]]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(t("settings.bad_change", detail=repr(error))) from None

    def _read_changes(self) -> dict[Path, list[SettingsChange]]:
        found: dict[Path, list[SettingsChange]] = {}
        for path in self._device_files():
            try:
                found[path] = self._read_file(path)
            except ValueError as error:
                self._add_problem(t("settings.skipped", path=path, detail=str(error)))
        return found

    def _read_all(self) -> dict[str, ClassSettings]:
        changes = self._read_changes()
        return fold(legacy_settings(self.data), [c for own in changes.values() for c in own])

    def _entry(self, class_id: str) -> ClassSettings:
        return self._classes.get(class_id) or ClassSettings()

    def _wall_ms(self) -> int:
        return int((self.clock.now().timestamp() if self.clock is not None else time.time()) * 1000)

    def _record(self, new: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Add this PC's changes to its own settings file (under that file's lock), stamped
        after every change of every device it has read; the settings after them."""
        from lesson_tui.files.storage import DataFileError
        from lesson_tui.store.device import device_id
        from lesson_tui.store.identity import write_own
        from lesson_tui.store.locks import settings_lock

        path = layout.settings_dir(self.root) / f"{device_id()}{layout.DATA_FILE}"
        try:
            lock = settings_lock(self.root, path)
        except DataFileError as error:
            raise SettingsError(str(error)) from None
        with lock:
            every = self._read_changes()  # as they are on disk now: another window may have changed them
            own = every.pop(path, None)
            if own is None and path.exists():
                # this PC's own file, damaged: kept aside, the other PCs' changes still count
                try:
                    moved = quarantine(path, (self.clock or SystemClock()).now().strftime("%Y%m%d-%H%M%S"))
                except OSError as error:
                    raise SettingsError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
                self._add_problem(t("settings.own_moved", path=path, moved=moved.name))
            mine = list(own or [])
            clock = HybridClock()
            for change in [*mine, *(c for others in every.values() for c in others)]:
                clock.see(change.stamp)
            seq = max((change.seq for change in mine), default=0)
            wall_ms = self._wall_ms()
            for class_id, kind, data in new:
                seq += 1
                mine.append(SettingsChange(clock.stamp(wall_ms), path.stem, seq, class_id, kind, data))
            mine = compact(mine)
            document = {
                "schema": SCHEMA_VERSION,
                "kind": LOG_KIND,
                "device": path.stem,
                "changes": [change.to_doc() for change in mine],
            }
            try:
                private_dir(path.parent)
                write_own(self.root, path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
            except OSError as error:
                raise SettingsError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
            self._classes = fold(legacy_settings(self.data), [*mine, *(c for others in every.values() for c in others)])

    def niet_samen(self, class_id: str) -> set[frozenset[str]]:
        """The pairs of a class the teacher never puts in one group (pupil ids)."""
        return set(self._entry(class_id).niet_samen)

    def set_niet_samen(self, class_id: str, a: str, b: str, apart: bool = True) -> None:
        """Set (or lift, `apart=False`) one pair: a change of that pair only, so a pair set on
        another PC meanwhile stays."""
        if a != b:
            self._record([apart_change(class_id, a, b, apart)])

    def seating(self, class_id: str) -> SeatingPlan | None:
        """The class's seating plan, or None when the teacher has not made one."""
        from lesson_tui.rules.seating import SeatingPlan

        doc = self._entry(class_id).zitplan
        try:
            return SeatingPlan.from_doc(doc) if isinstance(doc, dict) else None
        except (KeyError, TypeError, ValueError):
            return None  # a damaged plan is made anew, the rest of the settings stay

    def set_seating(self, class_id: str, plan: SeatingPlan, vooraan: set[str] | None = None) -> None:
        """Remember the class's seating plan (and who needs to sit at the front)."""
        new: list[tuple[str, str, dict[str, Any]]] = [(class_id, SEATING, {"value": plan.to_doc()})]
        if vooraan is not None:
            new.append((class_id, FRONT, {"value": sorted(vooraan)}))
        self._record(new)

    def vooraan(self, class_id: str) -> set[str]:
        return set(self._entry(class_id).vooraan or [])

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
