"""What belongs to one PC stays out of the synced data folder: the runs index and its lock,
the locks of class and run files, the lesson cache, `coteach.json`, klasveilig and the added
lesson folders live in this PC's state folder; the device id is made there once and is in
every run id; an old data folder moves its PC-only parts there by itself, keeping
everything."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lesson_tui.coteach.marker import coteach_address, write_marker
from lesson_tui.files.storage import DataFileError
from lesson_tui.files.synccopies import sync_copy
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import DEVICE_ID, device_id
from lesson_tui.store.settings import Settings, scan_lessons

FIXTURES = Path(__file__).parents[1] / "fixtures"
MAIN_DATA = FIXTURES / "main-data"  # written by main at 62907bf (tests/fixtures/make_main_data.py)
ROWS = b"nr;voornaam;familienaam\n1;Aya;Benali\n2;Bo;Claes\n"

# what the synced folder may hold: the teacher's data, nothing of one PC
SHARED_TOP = {layout.DEVICES, layout.CLASSES, layout.RUNS, layout.OWN_LESSONS, layout.ARCHIVE, layout.EXPORTS, layout.SETTINGS_DIR}


def _everything_a_pc_does(store: DataStore, plan, tmp_path: Path) -> None:
    klas = store.import_class("4A", parse_class_csv(ROWS)).school_class
    run = store.start_run(klas, plan, set())
    settings = Settings(store.root)
    settings.set_klasveilig(True)
    extra = tmp_path / "gedeeld"
    extra.mkdir()
    settings.add_lesson_dir(extra)
    settings.set_niet_samen(klas.id, *(p.id for p in klas.pupils))
    scan_lessons(store.root, [])
    write_marker(store.root, address="http://127.0.0.1:1/?t=x", run_id=run.run_id, host="127.0.0.1", port=1)
    store.release(run.run_id)


def test_nothing_of_one_pc_is_written_to_the_data_folder(store, plan, tmp_path):
    _everything_a_pc_does(store, plan, tmp_path)
    root = store.root
    assert {path.name for path in root.iterdir()} <= SHARED_TOP
    assert not [path for path in root.rglob("*") if path.suffix == layout.LOCK], "a lock in the synced folder"
    assert not layout.settings_path(root).exists()  # every PC writes its own settings file
    (shared,) = layout.settings_dir(root).iterdir()
    doc = json.loads(shared.read_text(encoding="utf-8"))
    assert shared.stem == device_id() and "klasveilig" not in doc and "lesson_dirs" not in doc and doc["changes"]
    # ... and all of it is in this PC's folder for this data folder
    pc = layout.pc_dir(root)
    assert pc.parent == Path(os.environ["LESSON_TUI_STATE"])
    for name in ("index.json", "index.lock", "settings.json", "coteach.json", "cache/lessons.json", "folder.txt"):
        assert (pc / name).is_file(), name
    assert len(list((pc / "locks").glob("*.lock"))) == 3  # the class file's, the settings file's and the run's
    assert (pc / "folder.txt").read_text(encoding="utf-8").strip() == str(root.resolve())
    fresh = Settings(root)
    assert fresh.klasveilig and fresh.lesson_dirs == [(tmp_path / "gedeeld").resolve()]


def test_one_state_folder_per_data_folder_whatever_its_path_is_written_as(tmp_path, clock):
    first, second = tmp_path / "a", tmp_path / "b"
    DataStore(first, clock), DataStore(second, clock)
    assert layout.pc_dir(first) != layout.pc_dir(second)
    assert layout.pc_dir(tmp_path / "b" / ".." / "a") == layout.pc_dir(first)
    Settings(first).set_klasveilig(True)
    assert Settings(first).klasveilig and not Settings(second).klasveilig  # a projector per folder


def test_the_state_folder_is_private(store, run):
    assert (layout.pc_dir(store.root).stat().st_mode & 0o777) == 0o700 or os.name != "posix"
    assert (layout.index_path(store.root).stat().st_mode & 0o777) == 0o600 or os.name != "posix"


def test_a_data_folder_synced_to_another_pc_brings_none_of_its_pc_state(store, plan, tmp_path, monkeypatch):
    """The folder as a sync engine copies it to a second PC: that PC has its own state folder,
    its own device id; it lists every lesson (its index built from the run files), and is not
    klasveilig because the first PC's projector was."""
    _everything_a_pc_does(store, plan, tmp_path)
    first_device = device_id()
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "second-pc"))
    copy = tmp_path / "synced"
    shutil.copytree(store.root, copy)
    there = DataStore(copy, store.clock)
    assert [r.run_id for r in there.runs()] == [r.run_id for r in store.runs()]
    assert not Settings(copy).klasveilig and Settings(copy).lesson_dirs == []
    assert device_id() != first_device and DEVICE_ID.match(device_id())
    assert there.open_run(store.runs()[0].run_id)  # the first PC's lock is not here


# --- the device id ----------------------------------------------------------------------


def test_the_device_id_is_made_once_and_is_in_every_run_id(store, demo, plan):
    made = device_id()
    assert DEVICE_ID.match(made) and device_id() == made
    assert layout.device_path().parent == Path(os.environ["LESSON_TUI_STATE"])
    assert not (store.root / layout.DEVICE).exists()
    run = store.start_run(demo, plan, set())
    day, minute, device, tail = run.run_id.split("-")
    assert device == made and len(day) == 8 and len(minute) == 4 and len(tail) == 4


def test_two_pcs_starting_a_lesson_in_the_same_minute_never_share_a_run_id(store, demo, plan, tmp_path, monkeypatch):
    ids = set()
    for pc in range(20):
        monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / f"pc{pc}"))
        ids.add(device_id())
    assert len(ids) == 20
    run = store.start_run(demo, plan, set())
    assert run.run_id.split("-")[2] in ids  # the last PC's
    assert sync_copy(f"{run.run_id}.json", {f"{run.run_id}.json"}) is None  # never a OneDrive copy


def test_a_damaged_device_file_gives_a_new_id(tmp_path):
    layout.device_path().parent.mkdir(parents=True, exist_ok=True)
    layout.device_path().write_text('{"id": "NOT AN ID"}', encoding="utf-8")
    made = device_id()
    assert DEVICE_ID.match(made) and device_id() == made


def test_old_run_ids_are_still_found_by_their_start(tmp_path, clock):
    root = tmp_path / "oud"
    shutil.copytree(MAIN_DATA, root)
    store = DataStore(root, clock)
    assert store.resolve_run_id("20261130-09") == "20261130-0900-e796"
    assert store.open_run("20261130-1000-9f9e", lock=False).run_id == "20261130-1000-9f9e"


# --- an old data folder -------------------------------------------------------------------


@pytest.fixture
def old_folder(tmp_path) -> Path:
    root = tmp_path / "oud"
    shutil.copytree(MAIN_DATA, root)
    return root


def test_an_old_folder_keeps_its_klasveilig_and_lesson_folders_on_this_pc(old_folder, clock):
    store = DataStore(old_folder, clock)
    settings = Settings(store.root)
    assert settings.klasveilig and settings.lesson_dirs == [Path("/tmp/mk/gedeelde-lessen")]
    on_pc = json.loads(layout.pc_settings_path(old_folder).read_text(encoding="utf-8"))
    assert on_pc == {"klasveilig": True, "lesson_dirs": ["/tmp/mk/gedeelde-lessen"]}  # copied, once
    # the old file is read, never written again: the class's settings are where the fold starts
    old_file = layout.settings_path(old_folder).read_bytes()
    klas = store.classes()[0]
    before = settings.niet_samen(klas.id)
    assert before  # the old folder's pair
    settings.set_niet_samen(klas.id, *sorted(p.id for p in klas.pupils)[:2])
    assert layout.settings_path(old_folder).read_bytes() == old_file
    assert Settings(old_folder).niet_samen(klas.id) >= before and Settings(old_folder).klasveilig


def test_this_pcs_settings_are_copied_once_never_again(old_folder, clock):
    Settings(old_folder).set_klasveilig(False)  # the teacher turned it off on this PC
    assert Settings(old_folder).klasveilig is False  # the old file's `true` is not read again


def test_an_old_index_is_never_read_and_goes_once_this_pcs_index_is_written(old_folder, clock):
    """The old `index.json`: every PC wrote it, so a sync engine made conflicts of it (each PC
    then listed 2 of 3 lessons). Here it lists one lesson of two: ignored, rebuilt from the
    run files, and removed from the synced folder after this PC's index is on disk."""
    old = layout.legacy_index_path(old_folder)
    doc = json.loads(old.read_text(encoding="utf-8"))
    doc["runs"] = dict(list(doc["runs"].items())[:1])
    old.write_text(json.dumps(doc), encoding="utf-8")
    store = DataStore(old_folder, clock)
    runs = store.runs()
    assert [r.run_id for r in runs] == ["20261130-0900-e796", "20261130-1000-9f9e"]
    assert [r.status for r in store.unfinished_runs()] == ["open"]
    assert store.index_path.is_file() and not old.exists()


def test_an_old_coteach_marker_and_cache_are_never_read(old_folder, clock):
    store = DataStore(old_folder, clock)
    (old_folder / "coteach.json").write_text(
        json.dumps({"address": "http://x/", "run_id": "20261130-1000-9f9e", "host": "127.0.0.1", "port": 1, "pid": os.getpid()}),
        encoding="utf-8",
    )
    assert coteach_address(store.root, "20261130-1000-9f9e") is None
    library = scan_lessons(store.root, [])
    assert "breuken-vergelijken" in library.lessons and layout.lesson_cache_path(old_folder).is_file()


def test_an_old_folders_lessons_open_and_lock_on_this_pc(old_folder, clock):
    store = DataStore(old_folder, clock)
    run = store.open_run("20261130-1000-9f9e")
    assert layout.lock_path(old_folder, run.path).is_file()
    with pytest.raises(DataFileError):
        DataStore(old_folder, clock).open_run("20261130-1000-9f9e")
    store.release(run.run_id)


def test_the_old_keys_stay_in_the_shared_file_while_this_pcs_copy_could_not_be_written(old_folder, clock, monkeypatch):
    from lesson_tui.store import settings as settings_module

    real = settings_module._write

    def pc_read_only(path: Path, data: dict) -> None:
        if path == layout.pc_settings_path(old_folder):
            raise OSError(30, "Read-only file system")
        real(path, data)

    monkeypatch.setattr(settings_module, "_write", pc_read_only)
    settings = Settings(old_folder)
    assert settings.klasveilig  # kept in memory
    klas = DataStore(old_folder, clock).classes()[0]
    settings.set_niet_samen(klas.id, *sorted(p.id for p in klas.pupils)[:2])
    shared = json.loads(layout.settings_path(old_folder).read_text(encoding="utf-8"))
    assert shared["klasveilig"] is True and shared["lesson_dirs"] == ["/tmp/mk/gedeelde-lessen"]  # not lost


def test_the_default_state_folder_is_never_the_default_data_folder_on_any_system(monkeypatch):
    """platformdirs gives one folder for "state" and "data" on Windows and macOS: the state
    folder has its own name, or the default data folder (synced) would hold this PC's."""
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    from lesson_tui.cli.main import default_data_dir

    monkeypatch.delenv("LESSON_TUI_STATE")
    monkeypatch.delenv("LESSON_TUI_DATA")
    data = default_data_dir().resolve()
    state = layout.state_root().resolve()
    assert state != data and data not in state.parents and state not in data.parents
    for system in (MacOS, Unix):
        data_there = Path(system("lesson-tui", appauthor=False).user_data_dir)
        state_there = Path(system(layout.STATE_APP, appauthor=False).user_state_dir)
        assert state_there != data_there and data_there not in state_there.parents


# --- each PC's index finds the lessons a sync engine brings ----------------------------------


def _sync(source: Path, target: Path) -> None:
    """What a sync engine does with the run files: each arrives whole, by a rename."""
    for path in sorted((source / "runs").glob("*/*.json")):
        arrived = target / path.relative_to(source)
        arrived.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, arrived.with_name(f".syncthing.{arrived.name}.tmp"))
        os.replace(arrived.with_name(f".syncthing.{arrived.name}.tmp"), arrived)


def test_a_lesson_given_on_the_other_pc_shows_here_once_its_file_arrives(tmp_path, plan, clock, monkeypatch):
    laptop_dir, pc_dir = tmp_path / "laptop", tmp_path / "pc"
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "laptop-state"))
    laptop = DataStore(laptop_dir, clock)
    klas = laptop.import_class("4A", parse_class_csv(ROWS)).school_class
    given = laptop.start_run(klas, plan, set())
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-state"))
    shutil.copytree(laptop_dir / "classes", pc_dir / "classes")
    here = DataStore(pc_dir, clock)
    assert here.runs() == []  # its index is made, empty
    _sync(laptop_dir, pc_dir)
    assert [(r.run_id, r.status) for r in here.runs()] == [(given.run_id, "open")]  # the same store, no restart
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "laptop-state"))
    given.close()
    laptop.update_run_summary(given)
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-state"))
    clock.advance(60)
    _sync(laptop_dir, pc_dir)
    assert [(r.run_id, r.status) for r in here.runs()] == [(given.run_id, "closed")]
    assert [(r.run_id, r.status) for r in DataStore(pc_dir, clock).runs()] == [(given.run_id, "closed")]  # written


# --- which PCs wrote here -------------------------------------------------------------------


def test_each_pc_that_writes_says_so_in_a_file_of_its_own(tmp_path, plan, clock, monkeypatch):
    from lesson_tui.store.devices import devices
    from lesson_tui.store.syncreport import written_lines

    root = tmp_path / "data"
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "laptop"))
    laptop = device_id()
    store = DataStore(root, clock)
    assert devices(root) == []  # opening writes nothing (a Receive Only folder stays as it is)
    klas = store.import_class("4A", parse_class_csv(ROWS)).school_class
    first = json.loads((root / "devices" / f"{laptop}.json").read_text(encoding="utf-8"))
    clock.advance(86400)
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc"))
    store.start_run(klas, plan, set())
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "laptop"))
    clock.advance(86400)
    store.add_pupil(klas.id, "Cas")
    found = devices(root)
    assert len(found) == 2 and found[-1].id == laptop  # the last one last
    assert found[-1].first_seen == first["first_seen"] and found[-1].last_seen > first["last_seen"]
    lines = "\n".join(written_lines(store))
    assert f"({laptop}), deze pc" in lines and f"({found[0].id}):" in lines
    (root / "devices" / f"{found[0].id}.sync-conflict-20261124-090000-ABCDEFG.json").write_text("{}")
    (root / "devices" / "kapot.json").write_text("{ half")
    assert [note.id for note in devices(root)] == [found[0].id, laptop]  # copies and halves are no device


def test_run_files_are_every_json_file_of_the_runs_folders_in_order(tmp_path):
    from lesson_tui.store import layout

    root = tmp_path / "data"
    assert layout.run_files(root) == []  # no runs folder yet
    for rel in ("runs/2027/20270104-0900-a.json", "runs/2026/20261202-0900-b.json", "runs/2026/20261201-0900-c.w1.json",
                "runs/2026/notes.txt", "runs/2026/.syncthing.x.json.tmp"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("{}", encoding="utf-8")
    (root / "runs/2026/map.json").mkdir()  # a folder, not a file
    (root / "runs/los.json").write_text("{}", encoding="utf-8")  # not in a year's folder
    assert [p.relative_to(root).as_posix() for p in layout.run_files(root)] == [
        "runs/2026/20261201-0900-c.w1.json", "runs/2026/20261202-0900-b.json", "runs/2027/20270104-0900-a.json",
    ]
