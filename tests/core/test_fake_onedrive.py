"""A data folder in the school's OneDrive on two PCs, with a fake OneDrive: the cloud client
copies a changed file into the other PC's file itself, a piece at a time (no temp file and
rename, as Syncthing does); a file both PCs changed since the last sync is kept twice, the
other version as `name-COMPUTERNAME.ext`; a file new from the cloud is first a placeholder
(files on demand: 0 bytes until it is brought down). lesson-tui's readers look between every
piece and never take half a file as data, and `lesson-tui sync` says what it sees."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from lessonpcs import Pc, class_csv, example_plan

from lesson_tui.files.storage import DataFileError
from lesson_tui.files.synccopies import is_placeholder, placeholders_in, sync_copy
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.syncreport import sync_report
from lesson_tui.store.syncthing import SyncthingReason, SyncthingStatus

PUPILS = ["Aya Benali", "Bo Claes", "Cas Dhont", "Eva Fonteyn"]
LESSON_FILE = example_lessons_dir() / "breuken-vergelijken.toml"
NO_SYNCTHING = SyncthingStatus(SyncthingReason.NOT_INSTALLED)


def _files(root: Path) -> dict[str, tuple[bytes, float]]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime)
    return found


class FakeOneDrive:
    """Two PCs' copies of one OneDrive folder and the cloud between them."""

    def __init__(self, a: Path, b: Path, computers: tuple[str, str] = ("DESKTOP-KLAS01", "LAPTOP-THUIS")) -> None:
        self.roots = {"A": a, "B": b}
        self.computers = dict(zip("AB", computers, strict=True))
        self.base: dict[str, bytes] = {}  # every file as it was at the last sync
        self.online_only: dict[tuple[str, str], bytes] = {}  # (side, file) -> content not brought down yet
        self.pieces = 0

    def _write(self, side: str, rel: str, data: bytes, look: Callable[[], None], chunk: int, hydrate: bool) -> None:
        """Into the file itself, a piece at a time (OneDrive writes no temp file), the PC's
        readers looking between pieces; a new file is a placeholder first."""
        target = self.roots[side] / rel
        new = not target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:  # 0 bytes now: a placeholder, or the old file emptied
            handle.flush()
            look()
            if new and not hydrate:
                self.online_only[(side, rel)] = data
                return
            for start in range(0, len(data), chunk):
                handle.write(data[start : start + chunk])
                handle.flush()
                self.pieces += 1
                look()

    def hydrate(self, look: Callable[[], None] = lambda: None, chunk: int = 256) -> None:
        """'Always keep on this device': every placeholder brought down."""
        for (side, rel), data in sorted(self.online_only.items()):
            del self.online_only[(side, rel)]
            self._write(side, rel, data, look, chunk, True)

    def sync(self, look: Callable[[], None] = lambda: None, chunk: int = 256, hydrate: bool = True) -> None:
        a, b = _files(self.roots["A"]), _files(self.roots["B"])
        for side, files in (("A", a), ("B", b)):  # a placeholder is no change of the PC's
            for (where, rel), data in self.online_only.items():
                if where == side:
                    files[rel] = (data, 0.0)
        for rel in sorted(set(a) | set(b)):
            base = self.base.get(rel)
            va, vb = a.get(rel), b.get(rel)
            if (va and va[0]) == (vb and vb[0]):
                self.base[rel] = va[0] if va else b""
                continue
            changed = {"A": (va[0] if va else None) != base, "B": (vb[0] if vb else None) != base}
            if changed["A"] and changed["B"] and va is not None and vb is not None:
                newer, older = ("A", "B") if va[1] >= vb[1] else ("B", "A")
                versions = {"A": va[0], "B": vb[0]}
                stem, dot, ext = rel.rpartition(".")
                copy = f"{stem}-{self.computers[older]}.{ext}" if dot else f"{rel}-{self.computers[older]}"
                self._write(newer, copy, versions[older], look, chunk, True)  # the other version, kept
                (self.roots[older] / rel).rename(self.roots[older] / copy)
                self._write(older, rel, versions[newer], look, chunk, True)
                self.base[rel], self.base[copy] = versions[newer], versions[older]
                continue
            source, target = ("A", "B") if changed["A"] else ("B", "A")
            data = {"A": va, "B": vb}[source]
            if data is None:  # removed (or moved) on the source: removed here too
                (self.roots[target] / rel).unlink(missing_ok=True)
                self.base.pop(rel, None)
                continue
            self._write(target, rel, data[0], look, chunk, hydrate)
            self.base[rel] = data[0]


def _pcs(tmp_path: Path) -> tuple[Pc, Pc, FakeOneDrive]:
    school = Pc.on("school", tmp_path / "OneDrive-A", tmp_path)
    laptop = Pc.on("laptop", tmp_path / "OneDrive-B", tmp_path)
    school.data.mkdir(parents=True)
    laptop.data.mkdir(parents=True)
    return school, laptop, FakeOneDrive(school.data.parent, laptop.data.parent)


def _reader(pc: Pc, whole: dict[str, int]) -> Callable[[], None]:
    """What the PC's app does while the cloud client writes: list its lessons and classes,
    open each lesson, scan the library. Never a traceback; a lesson it lists is whole."""

    def look() -> None:
        with pc.store() as store:
            for summary in store.runs():
                try:
                    run = store.open_run(summary.run_id, lock=False)
                except DataFileError:
                    continue  # being replaced: said in words, the last whole line still stands
                if summary.run_id in whole and run.closed:
                    assert len(run.log.folded) == whole[summary.run_id]
            store.classes()
            pc_library = LessonLibrary.scan([layout.own_lessons_dir(pc.data)])
            assert all(error.lines() for error in pc_library.errors)

    return look


def test_lessons_and_classes_copied_piece_by_piece_are_never_read_half(tmp_path):
    school, laptop, onedrive = _pcs(tmp_path)
    with school.store() as store:
        store.import_class("5B", class_csv(PUPILS))
    plan = example_plan()
    school.add_lesson_file(LESSON_FILE)
    onedrive.sync(_reader(laptop, {}))
    first = school.teach("5B", plan, seed=1)
    second = laptop.teach("5B", plan, seed=2)
    whole = {**school.written, **laptop.written}
    onedrive.sync(_reader(laptop, whole))
    onedrive.sync(_reader(school, whole))
    assert onedrive.pieces > 20  # really piece by piece
    for pc in (school, laptop):
        with pc.store() as store:
            assert {r.run_id: r.status for r in store.runs()} == {first: "closed", second: "closed"}
            assert not [p for p in store.problems if "Traceback" in p]
            assert sorted(p.full_name for p in store.get_class("5B").active_pupils) == sorted(PUPILS)
        assert pc.history() == {first: ("closed", whole[first]), second: ("closed", whole[second])}
    copies = [p for p in (school.data.parent).rglob("*") if p.is_file() and sync_copy(p.name, os.listdir(p.parent))]
    assert copies == []  # one writer per file: nothing for OneDrive to keep twice


def test_a_lesson_changed_on_both_is_two_versions_named_after_the_computer_and_sync_says_so(tmp_path):
    school, laptop, onedrive = _pcs(tmp_path)
    lesson = school.add_lesson_file(LESSON_FILE)
    onedrive.sync()
    on_laptop = laptop.data / lesson.relative_to(school.data)
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('titel = "Breuken vergelijken"', 'titel = "Breuken (klas)"'), encoding="utf-8")
    on_laptop.write_text(text.replace('titel = "Breuken vergelijken"', 'titel = "Breuken (thuis)"'), encoding="utf-8")
    os.utime(lesson, (1_000_000_000, 1_000_000_000))  # the laptop's edit is the later one
    onedrive.sync()
    for pc in (school, laptop):
        library = LessonLibrary.scan([layout.own_lessons_dir(pc.data)])
        (versions,) = library.versions
        assert versions.engine_name == "OneDrive" and versions.copy.name == "les-DESKTOP-KLAS01.toml"
        assert "(klas)" in versions.copy.read_text(encoding="utf-8")
        assert "(thuis)" in versions.original.read_text(encoding="utf-8")
        with pc.store() as store:
            lines = sync_report(store, library, NO_SYNCTHING)
        (line,) = [line for line in lines if "twee versies" in line]
        assert "les-DESKTOP-KLAS01.toml" in line and "OneDrive" in line and "titel" in line


def test_placeholders_of_files_on_demand_do_not_count_and_sync_names_them(tmp_path):
    school, laptop, onedrive = _pcs(tmp_path)
    with school.store() as store:
        store.import_class("5B", class_csv(PUPILS))
    lesson = school.teach("5B", example_plan(), seed=3)
    onedrive.sync(hydrate=False)  # files on demand: on the laptop, online only
    placeholders = placeholders_in(laptop.data)
    assert placeholders and all(is_placeholder(p.stat()) for p in placeholders)
    with laptop.store() as store:
        assert store.runs() == [] and store.get_class("5B") is None  # nothing half, nothing made up
        assert any("nog aan het synchroniseren" in p for p in store.problems)
        library = LessonLibrary.scan([layout.own_lessons_dir(laptop.data)])
        (line,) = [line for line in sync_report(store, library, NO_SYNCTHING) if "alleen online" in line]
        assert f"{len(placeholders)} bestand(en)" in line and "Altijd op dit apparaat bewaren" in line
        assert "runs/" in line
    onedrive.sync()  # a placeholder is no change: nothing of the school's is emptied
    assert school.history() == {lesson: ("closed", school.written[lesson])}
    onedrive.hydrate(_reader(laptop, {lesson: school.written[lesson]}))
    assert laptop.history() == school.history()
    with laptop.store() as store:
        assert sorted(p.full_name for p in store.get_class("5B").active_pupils) == sorted(PUPILS)
        library = LessonLibrary.scan([layout.own_lessons_dir(laptop.data)])
        assert not [line for line in sync_report(store, library, NO_SYNCTHING) if "alleen online" in line]


def test_a_windows_cloud_only_file_is_a_placeholder_whatever_size_it_says():
    class Info:
        st_size = 5120
        st_file_attributes = 0x400000  # FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS: OneDrive, online only

    class Here(Info):
        st_file_attributes = 0x20  # FILE_ATTRIBUTE_ARCHIVE: an ordinary file

    assert is_placeholder(Info()) and not is_placeholder(Here())  # type: ignore[arg-type]

