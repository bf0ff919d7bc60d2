"""The school view reads the teachers' folders and never writes into them (#21).

Every test here checksums every file and folder of the teachers' folders (content, rights,
mtime) before and after each thing the school view does, and finds them the same."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from lesson_tui.school.cache import DigestCache
from lesson_tui.school.state import SchoolSettings
from lesson_tui.school.view import SchoolView
from lesson_tui.store import readonly
from tests.builders import school_folders, school_lesson


def tree(*roots: Path) -> dict[str, tuple]:
    """Every file and folder under `roots`: its sha256 (files), rights and mtime_ns."""
    found: dict[str, tuple] = {}
    for root in roots:
        for top, dirs, files in os.walk(root):
            for name in dirs:
                info = os.stat(Path(top) / name)
                found[str(Path(top) / name)] = ("dir", info.st_mode, info.st_mtime_ns)
            for name in files:
                path = Path(top) / name
                info = os.stat(path)
                found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode, info.st_mtime_ns)
    return found


@pytest.fixture
def school(tmp_path, monkeypatch, clock, library):
    """Two teachers' folders (see `school_folders`); this process is the zorgcoördinator's PC."""
    return school_folders(tmp_path, monkeypatch, clock, library)


def view_of(folders, **kwargs):
    return SchoolView(settings=SchoolSettings().with_folders(folders), **kwargs)


def test_the_report_reads_every_class_and_writes_nothing_in_the_folders(school, clock):
    before = tree(*school)
    report = view_of(school, clock=clock).report()
    assert tree(*school) == before
    assert [c.name for c in report.classes] == ["4A", "5B"]
    vier = report.class_summary("4a")
    assert vier.lessons_given == 5 and vier.teachers == ("juf-an", "meester-bart")
    assert vier.pupils == 5  # one child in both teachers' 4A is one pupil
    assert not report.problems


def test_its_own_files_are_in_its_own_state_folder_private(school, clock, tmp_path):
    view_of(school, clock=clock).report()
    caches = sorted((tmp_path / "pc-zorg" / "school" / "cache").glob("*.json"))
    assert len(caches) == 2  # one per teacher's folder
    cache = caches[0]
    if os.name == "posix":
        assert cache.stat().st_mode & 0o077 == 0
        assert (tmp_path / "pc-zorg" / "school").stat().st_mode & 0o077 == 0
    assert not any("school" in str(p) for p in tree(*school))


def test_a_refresh_reads_only_the_runs_that_changed(school, clock, monkeypatch, tmp_path, library):
    view = view_of(school, clock=clock)
    view.report()
    assert view.cache.reads == 6
    again = view_of(school, clock=clock)  # a new start: the cache on disk
    before = tree(*school)
    again.report()
    assert again.cache.reads == 0 and tree(*school) == before
    # juf An gives another lesson on her PC
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-juf-an"))
    from lesson_tui.store.datastore import DataStore

    an = DataStore(school[0], clock)
    school_lesson(an, library.lessons["breuken-vergelijken"][1], an.get_class("4A"), clock, spoor3=(3,))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    before = tree(*school)
    report = again.report()
    assert again.cache.reads == 1 and tree(*school) == before
    assert report.class_summary("4A").lessons_given == 6


def test_conflict_copies_and_half_arrived_files_are_named_never_read_nor_touched(school, clock):
    an = school[0]
    run_file = sorted((an / "runs").glob("*/*.json"))[0]
    copy = run_file.with_name(run_file.stem + ".sync-conflict-20261124-101010-ABCDEFG.json")
    copy.write_bytes(run_file.read_bytes())
    half = run_file.with_name("20261130-0900-abcdefgh-1234.json")
    half.write_bytes(run_file.read_bytes()[:200])  # still arriving
    class_dir = next(p for p in (an / "classes").iterdir() if p.is_dir())
    own = next(class_dir.glob("*.json"))
    (class_dir / (own.stem + ".sync-conflict-20261124-101010-ABCDEFG.json")).write_bytes(own.read_bytes())
    (an / "runs" / "2026" / ".syncthing.x.json.tmp").write_bytes(b"{")
    before = tree(*school)
    report = view_of(school, clock=clock).report()
    assert tree(*school) == before
    text = "\n".join(report.problems)
    assert "sync-conflict" in text and half.name in text
    assert report.class_summary("4A").lessons_given == 5  # the copy is not a sixth lesson
    # the rest of the file arrives: read at the next refresh
    half.unlink()
    report = view_of(school, clock=clock).report()
    assert report.class_summary("4A").lessons_given == 5


def test_a_legacy_class_file_without_a_schema_line_is_read_not_given_one(school, clock):
    legacy = school[1] / "classes" / "6c.json"
    doc = {"class": {"1": {"name": "6C"}}, "pupils": {"1": {"id": "p1", "first_name": "Hana", "number": 1}}}
    legacy.write_text(json.dumps(doc), encoding="utf-8")
    before = tree(*school)
    problems: list[str] = []
    found = readonly.classes(school[1], problems)
    assert "6C" in [c.name for c in found]
    assert tree(*school) == before


def test_a_read_only_folder_reads_as_well(school, clock):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("rights are not enforced here")
    for top, _dirs, files in os.walk(school[0]):
        for name in files:
            os.chmod(Path(top) / name, 0o400)
        os.chmod(top, 0o500)
    try:
        report = view_of(school, clock=clock).report()
        assert report.class_summary("4A").lessons_given == 5
    finally:
        for top, _dirs, files in os.walk(school[0]):
            os.chmod(top, 0o700)
            for name in files:
                os.chmod(Path(top) / name, 0o600)


def test_a_damaged_cache_is_made_again(school, clock, tmp_path):
    view_of(school, clock=clock).report()
    for cache_path in (tmp_path / "pc-zorg" / "school" / "cache").glob("*.json"):
        cache_path.write_text("{half", encoding="utf-8")
    view = view_of(school, clock=clock)
    report = view.report()
    assert view.cache.reads == 6 and report.class_summary("4A").lessons_given == 5
    assert any("cache" in p for p in report.problems)  # said, and made again
    assert view_of(school, clock=clock).report() and DigestCache.load().reads == 0


def test_a_folder_that_is_not_a_data_folder_is_named(school, clock, tmp_path):
    other = tmp_path / "vakantiefoto's"
    other.mkdir()
    report = view_of([*school, other], clock=clock).report()
    assert any("vakantiefoto" in p for p in report.problems)
    assert not any(other.iterdir())


def test_a_co_teachers_file_arriving_makes_its_run_read_again(school, clock, monkeypatch, tmp_path, library):
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-juf-an"))
    from lesson_tui.store.datastore import DataStore

    an = DataStore(school[0], clock)
    run = an.start_run(an.get_class("4A"), library.lessons["breuken-vergelijken"][1], set())
    run.next_phase()
    an.release(run.run_id)
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    view = view_of(school, clock=clock)
    assert view.report().class_summary("4A").lessons[-1].rounds == 0
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-juf-an"))
    co = an.join_run(run.run_id, writer=1)
    round_ = co.open_round("Welke breuk is groter?")
    co.mark(round_, co.pupil_ids[1], "fout")
    co.close_round(round_)
    assert any(p.name.endswith(".w1.json") for p in (school[0] / "runs").glob("*/*"))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    before = tree(*school)
    report = view.report()
    assert view.cache.reads == 7 + 1 and tree(*school) == before
    assert report.class_summary("4A").lessons[-1].rounds == 1  # the co-teacher's round counts
