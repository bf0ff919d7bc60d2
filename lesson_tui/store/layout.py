"""The data folder: every file and folder name in it, in one place.

The names are in two languages for a reason: the folders a teacher opens themselves
(`lessen`, `archief`, `exporten`, `instellingen.json`) are Dutch, the app's own bookkeeping
(`classes`, `runs`, `index.json`, `cache`) is English, as it has been since the first
version. None of them is ever renamed: a data folder of every earlier version must load.

    <data folder>/               kept in step between PCs (Syncthing, OneDrive)
      classes/<slug>/<device id>.json  a class: each PC's changes to it (each PC its own file)
      classes/<slug>.json        a class as versions before wrote it (read, never written)
      runs/<year>/<run id>.json  one file a lesson (and .w<k>.json for a co-teacher)
      lessen/                    the teacher's own lessons (made in the editor)
      archief/                   archived lessons, never deleted
      exporten/                  exports made in the app
      settings/<device id>.json  the classes' settings (niet samen, zitplan, vooraan): each
                                 PC's changes to them (each PC its own file)
      instellingen.json          the settings as versions before wrote them (read, never written)
      devices/<device id>.json   which PC wrote here and when (each PC its own file)

What belongs to one PC is never in the data folder, so a sync engine never carries it to
another PC nor makes a conflict of it. It is in this PC's state folder (platformdirs' user
state folder of `lesson-tui-pc`, or `LESSON_TUI_STATE`), one subfolder per data folder:

    <state folder>/
      device.json                this PC's device id (in every run id it starts)
      <hash of the data folder>/
        folder.txt               which data folder this is, for a person looking
        index.json, index.lock   the runs index (a cache of the run files) and its lock
        locks/                   the locks of class and run files (`runs__2026__<run>.lock`)
        settings.json            klasveilig and the board's theme (this room's projector),
                                 the added lesson folders
        written/                 what this PC last wrote in each of its own files here
                                 (a clone of this PC is found by it, see `identity`)
        cache/lessons.json       validated lesson plans, by file size and time
        coteach.json             the co-teacher page while it runs

Data folders of earlier versions had the index, the locks, the cache, `coteach.json` and
the PC's settings in the data folder itself: see `legacy_index_path` and `Settings`.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from lesson_tui.files.storage import atomic_write_bytes, private_dir

INDEX = "index.json"
INDEX_LOCK = "index.lock"
DERIVED = "derived"  # in the PC folder: what was made from the index (the goal grid's cells)
CLASSES = "classes"
RUNS = "runs"
OWN_LESSONS = "lessen"
ARCHIVE = "archief"
EXPORTS = "exporten"
SETTINGS = "instellingen.json"  # from before: read, never written
SETTINGS_DIR = "settings"  # settings/<device id>.json: each PC's changes to the classes' settings
REFLECTIONS_DIR = "reflectie"  # reflectie/<device id>.json: the teacher's kijkwijzer, as filled in on each PC
CACHE = "cache"
LESSON_CACHE = "lessons.json"
COTEACH_MARKER = "coteach.json"
STATE_ENV = "LESSON_TUI_STATE"  # where this PC's state folder is (tests, a portable setup)
# platformdirs' state folder of "lesson-tui" is its default data folder on Windows and macOS:
# the state folder has a name of its own, so it is never inside a data folder that is synced
STATE_APP = "lesson-tui-pc"
DEVICE = "device.json"
FOLDER_NOTE = "folder.txt"
PC_SETTINGS = "settings.json"
LOCKS = "locks"
WRITTEN = "written"
DEVICES = "devices"
DATA_FILE = ".json"  # a class file, a run file
LOCK = ".lock"  # beside the file it guards


def state_root() -> Path:
    """This PC's state folder (never in a data folder)."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(STATE_APP, appauthor=False))


def folder_key(root: Path) -> str:
    """A data folder's name in the state folder: the same for every way of writing its path
    on this PC (resolved; on Windows, any capitals)."""
    resolved = os.path.normcase(str(Path(root).expanduser().resolve()))
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]


_KEYS: dict[tuple[str, str], Path] = {}  # resolving a path costs a system call per part


def pc_dir(root: Path) -> Path:
    """This PC's folder for one data folder: made (private) when it is missing, with a
    `folder.txt` that says which data folder it belongs to."""
    base = state_root()
    cached = _KEYS.get((str(base), str(root)))
    if cached is None:
        cached = _KEYS[(str(base), str(root))] = base / folder_key(root)
    if not cached.is_dir():
        private_dir(cached)
        note = f"{Path(root).expanduser().resolve()}\n".encode()
        atomic_write_bytes(cached / FOLDER_NOTE, note)
    return cached


def device_path() -> Path:
    return state_root() / DEVICE


def index_path(root: Path) -> Path:
    return pc_dir(root) / INDEX


def derived_path(root: Path, name: str) -> Path:
    """A file made from the index (`RunsIndex.kept_on_disk`), this PC's, never synced."""
    return pc_dir(root) / DERIVED / f"{name}.json"


def index_lock_path(root: Path) -> Path:
    return pc_dir(root) / INDEX_LOCK


def legacy_index_path(root: Path) -> Path:
    """Where the index was before it moved out of the data folder (ignored, then removed)."""
    return root / INDEX


def classes_dir(root: Path) -> Path:
    return root / CLASSES


def runs_dir(root: Path) -> Path:
    return root / RUNS


def runs_year_dir(root: Path, when: datetime) -> Path:
    """The runs of one calendar year."""
    return runs_dir(root) / f"{when:%Y}"


def run_folders(root: Path) -> list[tuple[Path, list[os.DirEntry[str]]]]:
    """Each runs folder (one per school year, sorted) with everything in it, as one
    `scandir` gave it: its names for what a sync engine made beside a file, and (without a
    look per file on Windows, one `stat` each elsewhere) each file's size and time."""
    runs = runs_dir(root)
    try:
        years = sorted(entry.name for entry in os.scandir(runs) if entry.is_dir())
    except OSError:  # no runs folder yet (or it cannot be listed: nothing to read)
        return []
    found = []
    for year in years:
        folder = runs / year
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        found.append((folder, entries))
    return found


def is_data_entry(entry: os.DirEntry[str]) -> bool:
    """A class or run file (a co-teacher's file too) among a folder's entries."""
    return entry.name.endswith(DATA_FILE) and entry.is_file()


def run_files(root: Path) -> list[Path]:
    """Every file in the runs folders (co-teachers' files too: see `writers`), sorted by
    folder and name. One `scandir` per folder and plain strings: the home screen lists
    thousands of them at every start (a glob and sorting `Path`s took most of that)."""
    return [folder / entry.name for folder, entries in run_folders(root) for entry in entries if is_data_entry(entry)]


def lock_path(root: Path, data_file: Path) -> Path:
    """The lock of a class or run file of the data folder `root`: in this PC's folder (an OS
    lock only ever guards against another window on the same PC)."""
    try:
        parts = data_file.with_suffix(LOCK).relative_to(root).parts
    except ValueError:  # not in the data folder: by the hash of its path
        parts = (folder_key(data_file) + LOCK,)
    return private_dir(pc_dir(root) / LOCKS) / "__".join(parts)


def own_lessons_dir(root: Path) -> Path:
    """The teacher's own lessons: where a new lesson or a copy is saved."""
    return root / OWN_LESSONS


def archive_dir(root: Path) -> Path:
    """Where archived lessons go: beside the lesson folders, so the library no longer lists
    them, and never deleted."""
    return root / ARCHIVE


def reflections_dir(root: Path) -> Path:
    """The teacher's kijkwijzer (scores, notes, focus), one file per PC that filled it in."""
    return root / REFLECTIONS_DIR


def devices_dir(root: Path) -> Path:
    return root / DEVICES


def exports_dir(root: Path) -> Path:
    return root / EXPORTS


def settings_path(root: Path) -> Path:
    return root / SETTINGS


def settings_dir(root: Path) -> Path:
    """Each PC's own file of changes to the classes' settings (niet samen, zitplan, vooraan)."""
    return root / SETTINGS_DIR


def written_dir(root: Path) -> Path:
    """What this PC last wrote in each of its own files of the data folder (`identity`)."""
    return pc_dir(root) / WRITTEN


def pc_settings_path(root: Path) -> Path:
    """This PC's settings for the data folder: klasveilig, the board's theme, the added
    lesson folders."""
    return pc_dir(root) / PC_SETTINGS


def pc_cache_dir() -> Path:
    """Where this PC keeps what it may make again, whatever the data folder: the message
    catalogues as read (`base/i18n.keep_catalogues_in`) and the parsed stylesheet
    (`tui/stylecache`)."""
    return state_root() / CACHE


def lesson_cache_path(root: Path) -> Path:
    return pc_dir(root) / CACHE / LESSON_CACHE


def coteach_marker_path(root: Path) -> Path:
    return pc_dir(root) / COTEACH_MARKER
