"""The files a sync engine leaves in a data folder, which are never data themselves.

A data folder that Syncthing, OneDrive or Google Drive keeps in step gets extra files beside
ours: a conflict copy when two devices changed one file while apart, and temporary files
while a file is arriving. Read as data, a conflict copy of a run file is a second lesson
with the same id, and a copy of a lesson file a second lesson. `sync_copy(name, siblings)`
says whether a file name is such a file, made by which engine, and what the original is.

* Syncthing, conflict: `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`, where `.ext` is the
  last extension of the original (`r.w1.json` -> `r.w1.sync-conflict-…-ABCDEFG.json`) and
  DEVICE the first 7 characters of the device id (versions before 0.14 left it out).
* Syncthing, temporary: `.syncthing.name.tmp` (Linux, macOS) and `~syncthing~name.tmp`
  (Windows). A very long name is replaced by its hash there: its original is unknown ("").
* OneDrive, conflict: `name-COMPUTER.ext`, the computer's name before the extension.
* Google Drive, conflict: `name (1).ext`.

Syncthing's names cannot be mistaken for ours. The OneDrive and Google Drive ones can: our
names use `-` everywhere (`20261123-0900-da3a.json`, `breuken-vergelijken.toml`), and a
teacher may call a lesson `Breuken (2).toml`. So those two count as a copy only when the
original is a file in the same folder (`siblings`), and a OneDrive computer name must hold a
capital letter (Windows gives `DESKTOP-4F3K2L1`; every name lesson-tui makes is lower case).
A teacher's own `Breuken-H3.toml` beside `Breuken.toml` still looks like a OneDrive copy by
its name alone: a caller that can look inside (a lesson's `id`) should.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lesson_tui.base.i18n import t


class Engine(StrEnum):
    SYNCTHING = "syncthing"
    ONEDRIVE = "onedrive"
    GOOGLE_DRIVE = "google-drive"


class CopyKind(StrEnum):
    CONFLICT = "conflict"  # a second version of the original, kept beside it
    TEMP = "temp"  # a file still arriving; it becomes the original when complete


@dataclass(frozen=True)
class SyncCopy:
    name: str
    engine: Engine
    kind: CopyKind
    original: str  # the file name it is a version of, in the same folder ("" when unknown)
    source: str = ""  # who made it: Syncthing's short device id, OneDrive's computer name


_SYNCTHING_CONFLICT = re.compile(
    r"^(?P<base>.*)\.sync-conflict-(?P<date>\d{8})-(?P<time>\d{6})(?:-(?P<device>[A-Z0-9]{7}))?(?P<ext>\.[^.]*)?$"
)
_SYNCTHING_TEMP = re.compile(r"^(?:\.syncthing\.|~syncthing~)(?P<name>.+)\.tmp$")
_HASHED = re.compile(r"^[0-9a-f]{64}$")  # Syncthing's temp name for a name too long to keep
_GOOGLE_DRIVE = re.compile(r"^(?P<stem>.+) \((?P<number>[1-9]\d{0,3})\)(?P<ext>\.[^.]*)?$")
# a computer's name: letters, digits and `-`, at least one capital (Windows: up to 15
# characters, upper case; a Mac's name is longer and mixed case)
_COMPUTER = re.compile(r"^(?=[A-Za-z0-9-]*[A-Z])[A-Za-z0-9][A-Za-z0-9-]{0,62}$")


def _split_ext(name: str) -> tuple[str, str]:
    """(stem, extension) as the engines split a name: at the last dot, never at a leading one."""
    dot = name.rfind(".")
    if dot <= 0:
        return name, ""
    return name[:dot], name[dot:]


def sync_copy(name: str, siblings: Collection[str] = ()) -> SyncCopy | None:
    """What a sync engine made `name` as, or None for a file of our own (or anyone else's).

    `siblings`: the other file names in the same folder; the OneDrive and Google Drive names
    count only when their original is one of them."""
    if "sync" not in name and " (" not in name and name == name.lower():
        return None  # none of the names below: no Syncthing word, no " (n)", no computer's capital
    return _engine_copy(name, siblings)


def _engine_copy(name: str, siblings: Collection[str]) -> SyncCopy | None:
    """`sync_copy` without its quick look (a data folder's names are nearly all our own)."""
    found = _SYNCTHING_TEMP.match(name)
    if found:
        inner = found.group("name")
        return SyncCopy(name, Engine.SYNCTHING, CopyKind.TEMP, "" if _HASHED.match(inner) else inner)
    found = _SYNCTHING_CONFLICT.match(name)
    if found:
        original = found.group("base") + (found.group("ext") or "")
        return SyncCopy(name, Engine.SYNCTHING, CopyKind.CONFLICT, original, found.group("device") or "")
    found = _GOOGLE_DRIVE.match(name)
    if found:
        original = found.group("stem") + (found.group("ext") or "")
        if original in siblings:
            return SyncCopy(name, Engine.GOOGLE_DRIVE, CopyKind.CONFLICT, original, found.group("number"))
    stem, ext = _split_ext(name)
    # the longest original that exists: `les-2-DESKTOP-AB.toml` is a copy of `les-2.toml`
    cut = stem.rfind("-")
    while cut > 0:
        computer = stem[cut + 1 :]
        original = stem[:cut] + ext
        if _COMPUTER.match(computer) and original in siblings and original != name:
            return SyncCopy(name, Engine.ONEDRIVE, CopyKind.CONFLICT, original, computer)
        cut = stem.rfind("-", 0, cut)
    return None


def _names_in(folder: Path) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def split_sync_copies(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, SyncCopy]]]:
    """(the data files, the sync engines' files with what they are) of `paths`, in their order.

    An original counts when it is in the folder on disk, whether or not it is in `paths`
    (a glob for `*.json` still knows that `les.toml` is there)."""
    listings: dict[str, frozenset[str]] = {}
    data: list[Path] = []
    copies: list[tuple[Path, SyncCopy]] = []
    for path in paths:
        folder, name = os.path.split(path)  # strings: `path.parent` per file is slow
        if folder not in listings:
            listings[folder] = _names_in(Path(folder))
        found = sync_copy(name, listings[folder])
        if found is None:
            data.append(path)
        else:
            copies.append((path, found))
    return data, copies


def sync_copies_in(folder: Path, *, recursive: bool = True) -> list[tuple[Path, SyncCopy]]:
    """Every sync engine's file in `folder` (and below it), sorted by path."""
    found: list[tuple[Path, SyncCopy]] = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        if not recursive:
            dirs.clear()
        names = frozenset(files)
        for name in sorted(files):
            copy = sync_copy(name, names)
            if copy is not None:
                found.append((Path(top) / name, copy))
    return found


ENGINE_NAMES = {Engine.SYNCTHING: "Syncthing", Engine.ONEDRIVE: "OneDrive", Engine.GOOGLE_DRIVE: "Google Drive"}


def copy_problem(path: Path, copy: SyncCopy, what: str = "other") -> str:
    """The one line that says what a sync engine's file is and what to do, for the teacher.

    `what`: the kind of data it copies, "run" or "class" (their own advice), else "other"."""
    engine = ENGINE_NAMES[copy.engine]
    if copy.kind is CopyKind.TEMP:
        return t("sync.copy_temp", path=path, engine=engine)
    key = {"run": "sync.copy_run", "class": "sync.copy_class"}.get(what, "sync.copy_other")
    return t(key, path=path, engine=engine, original=copy.original)


# --- cloud placeholders ("files on demand") -------------------------------------------------------

# Windows marks a file whose content is in the cloud only (OneDrive, Google Drive for desktop:
# "files on demand") with these attributes; reading it makes the client fetch it first
_OFFLINE = 0x1000  # FILE_ATTRIBUTE_OFFLINE
_RECALL_ON_OPEN = 0x40000  # FILE_ATTRIBUTE_RECALL_ON_OPEN
_RECALL_ON_DATA_ACCESS = 0x400000  # FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS
_CLOUD_ONLY = _OFFLINE | _RECALL_ON_OPEN | _RECALL_ON_DATA_ACCESS
_DATA_SUFFIXES = (".json", ".toml")


def is_placeholder(info: os.stat_result) -> bool:
    """A file that is not (all) on this PC: empty (a data file is never empty: a cloud client
    that has not brought it yet, or a copy cut off), or marked by Windows as cloud only."""
    attributes = getattr(info, "st_file_attributes", 0)
    return info.st_size == 0 or bool(attributes & _CLOUD_ONLY)


def placeholders_in(folder: Path) -> list[Path]:
    """The data files (`.json`, `.toml`) in `folder` and below that are placeholders, sorted."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(_DATA_SUFFIXES) or sync_copy(name) is not None:
                continue
            path = Path(top) / name
            try:
                info = path.stat()
            except OSError:
                continue
            if is_placeholder(info):
                found.append(path)
    return found
