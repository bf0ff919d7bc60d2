"""The data folder: every file and folder name in it, in one place.

The names are in two languages for a reason: the folders a teacher opens themselves
(`lessen`, `archief`, `exporten`, `instellingen.json`) are Dutch, the app's own bookkeeping
(`classes`, `runs`, `index.json`, `cache`) is English, as it has been since the first
version. None of them is ever renamed: a data folder of every earlier version must load.

    <data folder>/
      index.json, index.lock     the runs index (one line a run) and its lock
      classes/<slug>.json        one file a class (and <slug>.lock while it is changed)
      runs/<year>/<run id>.json  one file a lesson (.lock, and .w<k>.json for a co-teacher)
      lessen/                    the teacher's own lessons (made in the editor)
      archief/                   archived lessons, never deleted
      exporten/                  exports made in the app
      instellingen.json          the teacher's settings
      cache/lessons.json         validated lesson plans, by file size and time
      coteach.json               the co-teacher page while it runs
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

INDEX = "index.json"
INDEX_LOCK = "index.lock"
CLASSES = "classes"
RUNS = "runs"
OWN_LESSONS = "lessen"
ARCHIVE = "archief"
EXPORTS = "exporten"
SETTINGS = "instellingen.json"
CACHE = "cache"
LESSON_CACHE = "lessons.json"
COTEACH_MARKER = "coteach.json"
DATA_FILE = ".json"  # a class file, a run file
LOCK = ".lock"  # beside the file it guards


def index_path(root: Path) -> Path:
    return root / INDEX


def index_lock_path(root: Path) -> Path:
    return root / INDEX_LOCK


def classes_dir(root: Path) -> Path:
    return root / CLASSES


def runs_dir(root: Path) -> Path:
    return root / RUNS


def runs_year_dir(root: Path, when: datetime) -> Path:
    """The runs of one calendar year."""
    return runs_dir(root) / f"{when:%Y}"


def run_files(root: Path) -> list[Path]:
    """Every file in the runs folders (co-teachers' files too: see `writers`)."""
    return sorted(runs_dir(root).glob(f"*/*{DATA_FILE}"))


def lock_path(data_file: Path) -> Path:
    """The lock of a class or run file: beside it."""
    return data_file.with_suffix(LOCK)


def own_lessons_dir(root: Path) -> Path:
    """The teacher's own lessons: where a new lesson or a copy is saved."""
    return root / OWN_LESSONS


def archive_dir(root: Path) -> Path:
    """Where archived lessons go: beside the lesson folders, so the library no longer lists
    them, and never deleted."""
    return root / ARCHIVE


def exports_dir(root: Path) -> Path:
    return root / EXPORTS


def settings_path(root: Path) -> Path:
    return root / SETTINGS


def lesson_cache_path(root: Path) -> Path:
    return root / CACHE / LESSON_CACHE


def coteach_marker_path(root: Path) -> Path:
    return root / COTEACH_MARKER
