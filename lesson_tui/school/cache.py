"""The school view's cache of run digests: one per run file of every teacher's folder,
followed by the run's fingerprint (size and mtime_ns of the run file and its co-teachers'
files), so a refresh reads only the runs that are new or changed: a listing and a `stat` per
file for the rest. It lives in the zorgcoördinator's state folder (`state.py`); losing it
costs one slow open, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import Clock
from lesson_tui.files.storage import DataFileError
from lesson_tui.lesson.run import LessonRun
from lesson_tui.school.digest import DIGEST_VERSION, RunDigest, digest, no_collector
from lesson_tui.school.state import CACHE_DIR, SCHEMA, read_json, school_dir, write_json
from lesson_tui.store import readonly
from lesson_tui.store.layout import folder_key

Extra = Callable[[LessonRun], dict[str, Any]]  # what a MasterySource keeps of a run (view.py)


@dataclass
class _Entry:
    fingerprint: list[list[Any]]
    digest: RunDigest


@dataclass
class DigestCache:
    """Digests by folder (its resolved path) and run file (its path in the folder), one cache
    file per teacher's folder (`cache/<folder key>.json`): a new lesson in one folder rewrites
    that folder's file only."""

    version: str = ""  # the mastery source's (view.py): another version's digests are made again
    folders: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    reads: int = 0  # run files read (not from the cache) since it was made: for tests and the benchmark
    problems: list[str] = field(default_factory=list)

    @staticmethod
    def path(root: Path | str) -> Path:
        return school_dir() / CACHE_DIR / f"{folder_key(Path(root))}.json"

    @classmethod
    def load(cls, version: str = "") -> DigestCache:
        """A cache whose folders' files are read when each folder is first refreshed."""
        return cls(version)

    def _load(self, key: str) -> dict[str, _Entry]:
        """The folder's cache file; empty when missing, unusable or of another version."""
        try:
            with no_collector():
                data = read_json(self.path(key))
        except DataFileError as error:
            self.problems.append(str(error))
            return {}
        if (
            not isinstance(data, dict)
            or data.get("schema") != SCHEMA
            or data.get("digest") != [DIGEST_VERSION, self.version]
            or data.get("folder") != key
            or not isinstance(data.get("runs"), dict)
        ):
            return {}
        with no_collector():
            return self._entries(data["runs"])

    @staticmethod
    def _entries(runs: dict[str, Any]) -> dict[str, _Entry]:
        entries = {}
        for rel, raw in runs.items():
            try:
                entries[rel] = _Entry(raw["fp"], RunDigest.from_doc(raw["d"]))
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                continue
        return entries

    def save(self) -> None:
        """Write the folders' cache files that changed (compact: a school year is big)."""
        for key in sorted(self.dirty):
            runs = self.folders.get(key)
            if runs is None:
                continue
            data = {
                "schema": SCHEMA,
                "digest": [DIGEST_VERSION, self.version],
                "folder": key,
                "runs": {rel: {"fp": e.fingerprint, "d": e.digest.to_doc()} for rel, e in runs.items()},
            }
            write_json(self.path(key), data, compact=True)
        self.dirty.clear()

    def refresh(self, root: Path, clock: Clock, problems: list[str], extra: Extra | None = None) -> list[RunDigest]:
        """The digests of every run of the folder `root`, reading only what changed. A run
        that cannot be read now (half arrived) is named and tried again at the next refresh;
        its last good digest, if any, is kept meanwhile."""
        key = str(root)
        if key not in self.folders:
            self.folders[key] = self._load(key)
            problems.extend(self.problems)  # a cache file that could not be read: said once
            self.problems = []
        known = self.folders[key]
        fresh: dict[str, _Entry] = {}
        for run_file in readonly.run_files(root, problems):
            fingerprint = [list(part) for part in run_file.fingerprint]
            entry = known.get(run_file.rel)
            if entry is not None and entry.fingerprint == fingerprint:
                fresh[run_file.rel] = entry
                continue
            try:
                run = readonly.open_run(run_file.path, clock, run_file.writers)
                made = digest(run, run_file.rel, extra(run) if extra else None)
            except DataFileError as error:
                problems.append(str(error))
                if entry is not None:
                    fresh[run_file.rel] = entry
                continue
            self.reads += 1
            problems.extend(run.problems)
            fresh[run_file.rel] = _Entry(fingerprint, made)
        if fresh.keys() != known.keys() or any(fresh[k] is not known.get(k) for k in fresh):
            self.dirty.add(key)
        self.folders[key] = fresh
        return [entry.digest for entry in fresh.values()]

    def forget_others(self, roots: list[Path]) -> None:
        """Drop the folders no longer asked for (their cache files stay, unused)."""
        wanted = {str(r) for r in roots}
        for folder in [f for f in self.folders if f not in wanted]:
            del self.folders[folder]
