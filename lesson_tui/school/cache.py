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
from lesson_tui.school.digest import DIGEST_VERSION, RunDigest, digest
from lesson_tui.school.state import CACHE, SCHEMA, read_json, school_dir, write_json
from lesson_tui.store import readonly

Extra = Callable[[LessonRun], dict[str, Any]]  # what a MasterySource keeps of a run (view.py)


@dataclass
class _Entry:
    fingerprint: list[list[Any]]
    digest: RunDigest


@dataclass
class DigestCache:
    """Digests by folder (its resolved path) and run file (its path in the folder)."""

    folders: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    dirty: bool = False
    reads: int = 0  # run files read (not from the cache) since it was loaded: for tests and the benchmark

    @property
    def path(self) -> Path:
        return school_dir() / CACHE

    @classmethod
    def load(cls, version: str = "", problems: list[str] | None = None) -> DigestCache:
        """The cache on disk; empty when missing, unusable, or made by another version of the
        digest (`version`: the mastery source's, view.py)."""
        cache = cls()
        try:
            data = read_json(cache.path)
        except DataFileError as error:
            if problems is not None:
                problems.append(str(error))
            return cache
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("digest") != [DIGEST_VERSION, version]:
            return cache
        for folder, runs in (data.get("folders") or {}).items():
            if not isinstance(runs, dict):
                continue
            entries = {}
            for rel, raw in runs.items():
                try:
                    entries[rel] = _Entry(raw["fp"], RunDigest.from_doc(raw["d"]))
                except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                    continue
            cache.folders[folder] = entries
        return cache

    def save(self, version: str = "") -> None:
        if not self.dirty:
            return
        data = {
            "schema": SCHEMA,
            "digest": [DIGEST_VERSION, version],
            "folders": {
                folder: {rel: {"fp": e.fingerprint, "d": e.digest.to_doc()} for rel, e in runs.items()}
                for folder, runs in self.folders.items()
            },
        }
        write_json(self.path, data)
        self.dirty = False

    def refresh(self, root: Path, clock: Clock, problems: list[str], extra: Extra | None = None) -> list[RunDigest]:
        """The digests of every run of the folder `root`, reading only what changed. A run
        that cannot be read now (half arrived) is named and tried again at the next refresh;
        its last good digest, if any, is kept meanwhile."""
        key = str(root)
        known = self.folders.get(key, {})
        fresh: dict[str, _Entry] = {}
        for run_file in readonly.run_files(root, problems):
            fingerprint = [list(part) for part in run_file.fingerprint]
            entry = known.get(run_file.rel)
            if entry is not None and entry.fingerprint == fingerprint:
                fresh[run_file.rel] = entry
                continue
            try:
                run = readonly.open_run(run_file.path, clock)
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
            self.dirty = True
        self.folders[key] = fresh
        return [entry.digest for entry in fresh.values()]

    def forget_others(self, roots: list[Path]) -> None:
        """Drop the folders no longer asked for."""
        wanted = {str(r) for r in roots}
        for folder in [f for f in self.folders if f not in wanted]:
            del self.folders[folder]
            self.dirty = True
