"""The school view's own files: in the zorgcoördinator's state folder, never in a teacher's.

    <state folder>/school/            (private: 0700, files 0600; never synced)
      settings.json   {"schema": 1, "folders": [absolute paths], "drempels": {"spoor3_n", "spoor3_m",
                      "zelf_n", "zelf_m"}, "links": [[pupil key, pupil key], ...]}
      cache/<folder key>.json   the per-run digests of one teacher's folder, with each run's fingerprint

The state folder is `LESSON_TUI_STATE`, else platformdirs' user state folder of
`lesson-tui-pc` (`store/layout.state_root`): the same as the teacher's app on that PC.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from lesson_tui.base import jsonread
from lesson_tui.base.i18n import t
from lesson_tui.files.storage import DataFileError, atomic_write_bytes, private_dir
from lesson_tui.school.signals import Thresholds
from lesson_tui.store.layout import state_root

SCHOOL = "school"
SETTINGS = "settings.json"
CACHE_DIR = "cache"  # cache/<folder key>.json: one per teacher's folder
SCHEMA = 1


def school_dir() -> Path:
    """The school view's folder in this PC's state folder (made private when missing)."""
    return private_dir(state_root() / SCHOOL)


def write_json(path: Path, data: Any, *, compact: bool = False) -> None:
    private_dir(path.parent)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) if compact else json.dumps(
        data, ensure_ascii=False, indent=1
    )
    atomic_write_bytes(path, text.encode("utf-8"))


def read_json(path: Path) -> Any:
    """A JSON file of ours: None when missing; DataFileError (naming it) when unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DataFileError(path, t("data.unreadable", path=path, error=error)) from None
    try:
        return jsonread.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(path, t("data.corrupt", path=path, detail=str(error)), damaged=True) from None


@dataclass(frozen=True)
class SchoolSettings:
    folders: tuple[str, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    links: tuple[tuple[str, str], ...] = ()

    def with_folders(self, folders: list[Path]) -> SchoolSettings:
        return replace(self, folders=tuple(str(Path(f).expanduser().resolve()) for f in folders))

    def with_link(self, a: str, b: str) -> SchoolSettings:
        pair = (min(a, b), max(a, b))
        return self if pair in self.links or a == b else replace(self, links=(*self.links, pair))

    def without_link(self, a: str, b: str) -> SchoolSettings:
        pair = (min(a, b), max(a, b))
        return replace(self, links=tuple(p for p in self.links if p != pair))


def _thresholds(raw: Any) -> Thresholds:
    base = asdict(Thresholds())
    if isinstance(raw, dict):
        for key in base:
            value = raw.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                base[key] = value
    found = Thresholds(**base)
    return found if not found.problems() else Thresholds()


def load_settings(problems: list[str] | None = None) -> SchoolSettings:
    """The school's settings on this PC; the defaults when there are none (or they cannot be
    read: said in `problems`, the file is left as it is until the next change)."""
    path = state_root() / SCHOOL / SETTINGS
    try:
        data = read_json(path)
    except DataFileError as error:
        if problems is not None:
            problems.append(str(error))
        data = None
    if not isinstance(data, dict):
        return SchoolSettings()
    folders = tuple(f for f in data.get("folders", []) if isinstance(f, str))
    links = tuple(
        (p[0], p[1])
        for p in data.get("links", [])
        if isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
    )
    return SchoolSettings(folders, _thresholds(data.get("drempels")), links)


def save_settings(settings: SchoolSettings) -> None:
    write_json(
        school_dir() / SETTINGS,
        {
            "schema": SCHEMA,
            "folders": list(settings.folders),
            "drempels": asdict(settings.thresholds),
            "links": [list(p) for p in settings.links],
        },
    )
