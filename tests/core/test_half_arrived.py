"""Half-arrived files: what a sync engine (or a cloud client copying in place) leaves while a
file is on its way. For every reader of a synced file (a run file and a co-writer's events,
a class file, `devices/<id>.json`, a settings file, a lesson TOML): the file cut at every
offset, empty, and replaced between the look at it and the read. Each reader says what and
where in Dutch or skips and looks again; never a traceback, never half a file read as data,
never another PC's file moved aside or written (it arrives whole later, and is then read)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.files.storage import DataFileError
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.lesson.writers import writer_file
from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary, example_lessons_dir
from lesson_tui.store import devices as devices_mod
from lesson_tui.store import index as index_mod
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.follow import open_run_read_only
from lesson_tui.store.settings import Settings

LESSON = example_lessons_dir() / "breuken-vergelijken.toml"


def offsets(size: int, many: int = 160) -> list[int]:
    """Every offset of a small file; of a bigger one the first and last 48 bytes and
    `many` spread between (every offset of a run file takes the core tests a minute)."""
    if size <= 2 * 48 + many:
        return list(range(size))
    middle = range(48, size - 48, max(1, (size - 96) // many))
    return sorted({*range(48), *middle, *range(size - 48, size)})


def arrive(path: Path, data: bytes, *, in_place: bool = False) -> None:
    """`data` at `path` the way a sync engine puts it there: Syncthing renames a finished
    temp file into place; a cloud client may write the file itself, a piece at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if in_place:
        with open(path, "wb") as handle:
            handle.write(data)
        return
    tmp = path.with_name(f".syncthing.{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def moved_aside(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.beschadigd-*"))


class OtherPC:
    """Another PC with its own state folder (its own device id and index)."""

    def __init__(self, base: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.state = base / f"{name}-state"
        self.monkeypatch = monkeypatch

    def __enter__(self) -> OtherPC:
        self._before = os.environ[layout.STATE_ENV]
        self.monkeypatch.setenv(layout.STATE_ENV, str(self.state))
        return self

    def __exit__(self, *exc: object) -> None:
        self.monkeypatch.setenv(layout.STATE_ENV, self._before)


def _taught(store: DataStore, plan, clock: FakeClock):
    run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(3))
    ids = run.pupil_ids
    run.next_phase()
    round_ = run.open_round("Welke breuk is groter?")
    for pid in ids[:6]:
        clock.advance(2)
        run.mark(round_, pid, "fout")
    run.close_round(round_)
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)
    return run


# --- a run file from another PC ---------------------------------------------------------------


@pytest.mark.parametrize("in_place", [False, True], ids=["renamed-into-place", "written-in-place"])
def test_another_pcs_run_file_cut_anywhere_is_named_never_a_run_and_read_once_whole(
    tmp_path, clock, plan, monkeypatch, in_place
):
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        laptop = DataStore(tmp_path / "laptop", clock)
        run = _taught(laptop, plan, clock)
    whole = run.path.read_bytes()
    relative = run.path.relative_to(laptop.root)
    school = DataStore(tmp_path / "school", clock)
    target = school.root / relative
    assert school.runs() == []
    for cut in offsets(len(whole)):
        arrive(target, whole[:cut], in_place=in_place)
        assert [r.run_id for r in school.runs()] == [], cut  # half a run is never a lesson
        assert target.read_bytes() == whole[:cut]  # never written, never moved
        assert moved_aside(school.root) == []
    problems = [p for p in school.problems if str(target) in p]
    assert problems and all("Traceback" not in p for p in problems)
    assert any("nog aan het synchroniseren" in p for p in problems), problems
    arrive(target, whole, in_place=in_place)
    (summary,) = school.runs()
    assert summary.run_id == run.run_id and summary.status == "closed"
    assert not [p for p in school.problems if str(target) in p]  # said while it was half, not after


def test_a_run_file_replaced_between_the_look_and_the_read_is_read_again(tmp_path, clock, plan, monkeypatch):
    """The index notes the file's size and time before it reads: a file replaced in between
    is read again at the next look, never kept as what it was."""
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        laptop = DataStore(tmp_path / "laptop", clock)
        run = _taught(laptop, plan, clock)
    whole = run.path.read_bytes()
    school = DataStore(tmp_path / "school", clock)
    target = school.root / run.path.relative_to(laptop.root)
    arrive(target, whole[: len(whole) // 2])
    real = index_mod.file_stamp
    replaced = []

    def stamp_then_replace(path: Path):
        found = real(path)
        if path == target and not replaced:
            arrive(target, whole)  # the rest arrives right after the look
            replaced.append(True)
        return found

    monkeypatch.setattr(index_mod, "file_stamp", stamp_then_replace)
    first = [r.run_id for r in school.runs()]
    monkeypatch.setattr(index_mod, "file_stamp", real)
    assert replaced and first == [run.run_id]  # it read what was there by then: the whole file
    assert not [p for p in school.problems if str(target) in p]


@given(cut=st.floats(0.0, 0.999))
def test_a_run_being_followed_keeps_its_last_whole_state_while_its_file_is_half(cut):
    """The class board and the co-teacher read the teacher's run file live: a half version
    (a cloud client copying it) leaves the last whole state, and the rest is read later."""
    import tempfile

    with tempfile.TemporaryDirectory() as base:
        clock = FakeClock()
        store = DataStore(Path(base) / "data", clock)
        plan = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
        run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(3))
        run.next_phase()
        follower = open_run_read_only(run.path, clock)
        follower.catch_up()
        before = follower.state.phase_index
        round_ = run.open_round("vraag")
        run.mark(round_, run.pupil_ids[0], "fout")
        whole = run.path.read_bytes()
        arrive(run.path, whole[: int(len(whole) * cut)], in_place=True)
        follower.catch_up()  # no DataFileError: the last whole state stands
        assert follower.state.phase_index == before
        arrive(run.path, whole, in_place=True)
        assert follower.catch_up() >= 2
        assert run.pupil_ids[0] in {p for r in follower.state.rounds.values() for p in r.marks}


def test_another_devices_event_file_cut_anywhere_gives_only_whole_events_then_all(store, run, clock):
    joined = store.join_run(run.run_id, writer=1)
    joined.next_phase()
    round_ = joined.open_round("vraag")
    for pid in run.pupil_ids[:5]:
        joined.mark(round_, pid, "half")
    store.release(run.run_id)
    co = writer_file(run.path, 1)
    whole = co.read_bytes()
    co.unlink()
    reader = store.open_run(run.run_id, lock=False)
    seen = 0
    for cut in offsets(len(whole), many=400):
        arrive(co, whole[:cut], in_place=True)
        reader.catch_up()  # never raises
        folded = len(reader.log.folded)
        assert folded >= seen  # an event once read stays
        seen = folded
        assert co.read_bytes() == whole[:cut]
    arrive(co, whole, in_place=True)
    reader.catch_up()
    assert {(w, s) for w, s in reader.log.folded if w == 1} == {(1, n) for n in range(1, 8)}
    assert moved_aside(store.root) == []


# --- class files ----------------------------------------------------------------------------------


def _rows(names: str):
    return parse_class_csv(("naam\n" + "".join(f"{n} Peeters\n" for n in names.split())).encode())


def test_another_pcs_class_file_cut_anywhere_is_said_never_moved_and_folds_once_whole(tmp_path, clock, monkeypatch):
    school = DataStore(tmp_path / "school", clock)
    school.import_class("5B", _rows("Aya Bo"))  # the same class, imported here first
    clock.advance(60)
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        laptop = DataStore(tmp_path / "laptop", clock)
        laptop.import_class("5B", _rows("Aya Bo Cas Eva"))  # the newer list
        (theirs,) = (laptop.root / "classes").glob("*/*.json")
    whole = theirs.read_bytes()
    target = school.root / theirs.relative_to(laptop.root)
    here = ["Aya", "Bo"]
    for cut in [*offsets(len(whole)), len(whole) - 1]:
        arrive(target, whole[:cut], in_place=True)
        school.folder.problems.clear()
        klas = school.get_class("5B")
        assert klas is not None and sorted(p.first_name for p in klas.active_pupils) == sorted(here), cut
        assert any(str(target) in p and "nog aan het synchroniseren" in p for p in school.problems), school.problems
        if cut % 97 == 0:  # a change here meanwhile writes this PC's file only
            clock.advance(1)
            school.add_pupil(klas.id, f"Nieuw{cut}")
            here.append(f"Nieuw{cut}")
        assert target.read_bytes() == whole[:cut]
        assert moved_aside(school.root) == []
    arrive(target, whole, in_place=True)
    school.folder.problems.clear()
    klas = school.get_class("5B")
    assert sorted(p.first_name for p in klas.active_pupils) == sorted([*here, "Cas", "Eva"])
    assert not [p for p in school.problems if str(target) in p]


def test_reimporting_while_another_pcs_class_file_is_half_leaves_that_file_alone(tmp_path, clock, monkeypatch):
    """Importing the class list again while only half of the laptop's file of that class is
    here: the school PC writes its own file; the laptop's is neither moved nor overwritten."""
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        laptop = DataStore(tmp_path / "laptop", clock)
        laptop.import_class("5B", _rows("Aya Bo Cas"))
        (theirs,) = (laptop.root / "classes").glob("*/*.json")
    whole = theirs.read_bytes()
    school = DataStore(tmp_path / "school", clock)
    target = school.root / theirs.relative_to(laptop.root)
    arrive(target, whole[: len(whole) // 3], in_place=True)
    result = school.import_class("5B", _rows("Aya Bo Cas"))
    assert target.read_bytes() == whole[: len(whole) // 3] and moved_aside(school.root) == []
    assert list((school.root / "classes").glob(f"*/{device_id()}.json"))  # its own file
    arrive(target, whole, in_place=True)
    klas = school.get_class("5B")
    assert klas.id == result.school_class.id
    assert sorted(p.first_name for p in klas.active_pupils) == ["Aya", "Bo", "Cas"]  # one pupil per child


LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy-data"


def test_a_half_class_file_from_before_is_left_where_it_is_when_the_class_is_imported(tmp_path, clock):
    """A class file from before is in every PC's copy of the folder: moved aside here, the
    move would travel to the PCs where it is whole. Importing the class leaves it alone."""
    import shutil

    shutil.copytree(LEGACY, tmp_path / "data")
    (old,) = (tmp_path / "data" / "classes").glob("*.json")
    whole = old.read_bytes()
    name = json.loads(whole)["class"]["1"]["name"]
    store = DataStore(tmp_path / "data", clock)
    klas = store.get_class(name)
    arrive(old, whole[: len(whole) // 2], in_place=True)
    result = store.import_class(name, [*_rows("Nieuw")])
    assert old.read_bytes() == whole[: len(whole) // 2] and moved_aside(store.root) == []
    assert any(str(old) in p and "blijft waar het is" in p for p in store.problems)
    assert result.school_class.id == klas.id  # found again from the runs
    arrive(old, whole, in_place=True)
    again = store.get_class(name)
    assert {p.id for p in klas.pupils} <= {p.id for p in again.pupils} and "Nieuw" in {
        p.first_name for p in again.active_pupils
    }


def test_an_empty_class_file_of_another_pc_is_said(tmp_path, clock):
    store = DataStore(tmp_path / "data", clock)
    store.import_class("5B", _rows("Aya Bo"))
    empty = next((store.root / "classes").glob("*/")) / "abcdefgh.json"
    empty.write_bytes(b"")
    assert [p.first_name for p in store.get_class("5B").active_pupils] == ["Aya", "Bo"]
    assert any(str(empty) in p for p in store.problems)
    assert empty.read_bytes() == b"" and moved_aside(store.root) == []


# --- devices/<id>.json ---------------------------------------------------------------------------


def test_a_devices_note_cut_anywhere_is_skipped_until_it_is_whole(tmp_path, clock, monkeypatch):
    root = tmp_path / "data"
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        devices_mod.note_this_device(root, clock)
        theirs = layout.devices_dir(root) / f"{device_id()}.json"
        whole = theirs.read_bytes()
    devices_mod.note_this_device(root, clock)
    for cut in range(len(whole)):
        arrive(theirs, whole[:cut], in_place=True)
        assert [n.id for n in devices_mod.devices(root)] == [device_id()]
    arrive(theirs, whole, in_place=True)
    assert len(devices_mod.devices(root)) == 2


# --- settings/<device>.json ------------------------------------------------------------------------


def test_another_pcs_settings_file_cut_anywhere_is_said_and_counts_once_whole(tmp_path, clock, monkeypatch):
    root = tmp_path / "data"
    with OtherPC(tmp_path, monkeypatch, "laptop"):
        Settings(root, clock).set_niet_samen("k1", "p1", "p2")
        theirs = layout.settings_dir(root) / f"{device_id()}.json"
        whole = theirs.read_bytes()
    Settings(root, clock).set_niet_samen("k1", "p3", "p4")
    mine = {frozenset(("p3", "p4"))}
    for cut in offsets(len(whole)):
        arrive(theirs, whole[:cut], in_place=True)
        settings = Settings(root, clock)
        assert settings.niet_samen("k1") == mine, cut
        (problem,) = settings.problems
        assert str(theirs) in problem and "nog aan het synchroniseren" in problem
        if cut % 50 == 0:
            settings.set_niet_samen("k1", "p5", f"x{cut}")  # this PC goes on in its own file
            mine.add(frozenset(("p5", f"x{cut}")))
        assert theirs.read_bytes() == whole[:cut] and moved_aside(root) == []
    arrive(theirs, whole, in_place=True)
    settings = Settings(root, clock)
    assert frozenset(("p1", "p2")) in settings.niet_samen("k1") and settings.problems == []


# --- lesson TOML ----------------------------------------------------------------------------------


def test_a_lesson_cut_anywhere_is_a_line_for_the_teacher_and_read_whole_once_it_arrived(tmp_path):
    whole = LESSON.read_bytes()
    folder = tmp_path / "lessen"
    target = folder / LESSON.name
    cache = LessonCache(tmp_path / "cache.json")
    full = LessonLibrary.scan([example_lessons_dir()]).lessons["breuken-vergelijken"][1]
    for cut in offsets(len(whole), many=300):
        arrive(target, whole[:cut], in_place=True)
        os.utime(target, ns=(cut, cut))  # a new time at each piece, as a copier gives it
        library = LessonLibrary.scan([folder], cache)  # never raises
        for error in library.errors:
            assert error.path == target and error.lines() and all("Traceback" not in line for line in error.lines())
        assert target.read_bytes() == whole[:cut]
    arrive(target, whole, in_place=True)
    library = LessonLibrary.scan([folder], LessonCache(tmp_path / "cache.json"))
    assert library.errors == [] and library.lessons["breuken-vergelijken"][1] == full  # not the cached half


def test_an_empty_lesson_file_is_a_line_for_the_teacher(tmp_path):
    folder = tmp_path / "lessen"
    folder.mkdir()
    (folder / "leeg.toml").write_bytes(b"")
    library = LessonLibrary.scan([folder])
    (error,) = library.errors
    assert error.lines() and library.lessons == {}


def test_a_run_file_that_is_empty_is_said_and_left(tmp_path, clock):
    store = DataStore(tmp_path / "data", clock)
    empty = layout.runs_dir(store.root) / "2026" / "20261201-0900-abcdefgh-0001.json"
    empty.parent.mkdir(parents=True)
    empty.write_bytes(b"")
    assert store.runs() == []
    assert any(str(empty) in p for p in store.problems)
    assert empty.exists() and moved_aside(store.root) == []
    with pytest.raises(DataFileError):
        open_run_read_only(empty, clock)


def test_json_of_the_wrong_shape_in_a_settings_file_is_said(tmp_path, clock):
    root = tmp_path / "data"
    folder = layout.settings_dir(root)
    folder.mkdir(parents=True)
    (folder / "abcdefgh.json").write_text(json.dumps({"kind": "settings-changes"}), encoding="utf-8")
    assert Settings(root, clock).problems


def test_a_lesson_replaced_between_the_look_and_the_read_is_never_kept_as_what_it_was(tmp_path, monkeypatch):
    """The lesson cache notes a file's size and time before it reads it: a file replaced in
    between (the rest of it arrived) is read again at the next scan, never served half from
    the cache."""
    whole = LESSON.read_bytes()
    folder = tmp_path / "lessen"
    target = folder / LESSON.name
    arrive(target, whole[: len(whole) // 2])
    real = LessonCache._stamp
    swapped = []

    def stamp_then_swap(file: Path) -> list[int]:
        found = real(file)
        if file == target and not swapped:
            arrive(target, whole)  # it arrives whole right after the look
            swapped.append(True)
        return found

    monkeypatch.setattr(LessonCache, "_stamp", staticmethod(stamp_then_swap))
    cache = LessonCache(tmp_path / "cache.json")
    first = LessonLibrary.scan([folder], cache)
    assert swapped and first.errors == []  # it read what was there by then: the whole file
    monkeypatch.setattr(LessonCache, "_stamp", staticmethod(real))
    arrive(target, whole[: len(whole) // 3])  # and now a cut version replaces it again
    again = LessonLibrary.scan([folder], LessonCache(tmp_path / "cache.json"))
    assert again.lessons == {} or again.lessons["breuken-vergelijken"][1] != first.lessons["breuken-vergelijken"][1]
