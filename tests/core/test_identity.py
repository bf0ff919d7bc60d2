"""A cloned disk or a restored backup of this PC's state folder: two PCs, or two moments
of one PC, with one device id. The PC that finds its own files of the data folder written
by someone else says so and takes a new id; nothing recorded is lost, and no file gets a
second writer. Two "PCs" here are two state folders on one data folder (a clone: a copy
of the state folder)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lesson_tui.cli.main import main
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.store import identity, layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.settings import Settings

ROWS = b"nr;voornaam;familienaam\n1;Aya;Benali\n2;Bo;Claes\n3;Cas;Dhont\n"
MAIN_DATA = Path(__file__).parents[1] / "fixtures" / "main-data"


@contextmanager
def pc(state: Path) -> Iterator[None]:
    before = os.environ.get(layout.STATE_ENV)
    os.environ[layout.STATE_ENV] = str(state)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(layout.STATE_ENV, None)
        else:
            os.environ[layout.STATE_ENV] = before


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def cloned(store: DataStore) -> list[str]:
    return [p for p in store.problems if "gekloonde schijf" in p]


def _own_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json") if p.is_file()}


def test_a_clone_that_finds_its_files_written_by_its_twin_takes_a_new_id(tmp_path, data, clock):
    first, clone = tmp_path / "first-state", tmp_path / "clone-state"
    with pc(first):
        store = DataStore(data, clock)
        klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
        Settings(data, clock).set_niet_samen(klas.id, klas.pupils[0].id, klas.pupils[1].id)
        old = device_id()
    shutil.copytree(first, clone)  # the disk cloned (or the state folder copied to a new PC)
    clock.advance(60)
    with pc(first):
        DataStore(data, clock).add_pupil(klas.id, "Dirk")  # the first PC writes its class file on
        Settings(data, clock).set_niet_samen(klas.id, klas.pupils[1].id, klas.pupils[2].id)
    written_by_first = _own_files(data)
    with pc(clone):
        store = DataStore(data, clock)
        (problem,) = [p for p in store.problems if "gekloonde schijf" in p]
        new = device_id()
        assert new != old and old in problem and new in problem
        assert f"classes/5b/{old}.json" in problem
        # what the clone writes now goes to its own, new files; the first PC's files stay
        store.add_pupil(klas.id, "Eva")
        Settings(data, clock).set_niet_samen(klas.id, klas.pupils[0].id, klas.pupils[2].id)
    after = _own_files(data)
    assert {k: v for k, v in after.items() if k in written_by_first} == written_by_first
    assert f"classes/5b/{new}.json" in after and f"settings/{new}.json" in after
    # the first PC keeps its id (its files are what it wrote) and sees everything
    for state in (first, clone):
        with pc(state):
            store = DataStore(data, clock)
            assert not [p for p in store.problems if "gekloonde schijf" in p]
            names = [p.first_name for p in store.class_by_id(klas.id).active_pupils]
            assert names == ["Aya", "Bo", "Cas", "Dirk", "Eva"]
            assert len(Settings(data, clock).niet_samen(klas.id)) == 3
    with pc(first):
        assert device_id() == old


def test_a_state_folder_restored_from_a_backup_is_found_older_than_its_files(tmp_path, data, clock):
    state, backup = tmp_path / "state", tmp_path / "backup"
    with pc(state):
        store = DataStore(data, clock)
        klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
        old = device_id()
    shutil.copytree(state, backup)
    clock.advance(3600)
    with pc(state):
        DataStore(data, clock).rename_pupil(klas.id, klas.pupils[0].id, "Ayla")
    shutil.rmtree(state)
    shutil.copytree(backup, state)  # the backup put back: it remembers the class file before the rename
    with pc(state):
        store = DataStore(data, clock)
        assert any("teruggezette back-up" in p for p in store.problems)
        assert device_id() != old
        assert [p.first_name for p in store.class_by_id(klas.id).active_pupils] == ["Ayla", "Bo", "Cas"]


def test_the_same_pc_opening_and_writing_again_and_again_keeps_its_id(tmp_path, data, clock):
    with pc(tmp_path / "state"):
        store = DataStore(data, clock)
        klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
        me = device_id()
        other_window = DataStore(data, clock)
        for n in range(3):
            store.add_pupil(klas.id, f"Kind{n}")
            other_window.note_writing()
            Settings(data, clock).set_niet_samen(klas.id, klas.pupils[0].id, klas.pupils[n % 2 + 1].id)
            clock.advance(86400)  # a new day: the devices/ file is written again
            assert not DataStore(data, clock).problems
        assert device_id() == me


def test_a_crash_between_remembering_and_writing_is_never_taken_for_a_clone(tmp_path, data, clock, monkeypatch):
    with pc(tmp_path / "state"):
        store = DataStore(data, clock)
        klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
        me = device_id()
        real = identity.atomic_write_bytes
        calls = []

        def crash_after_the_file(path: Path, payload: bytes) -> None:
            calls.append(path)
            real(path, payload)
            if len(calls) == 2:  # the record of both hashes, then the file: power gone
                raise OSError(5, "Input/output error")

        monkeypatch.setattr(identity, "atomic_write_bytes", crash_after_the_file)
        with pytest.raises(ClassListError, match="kon niet bewaren"):
            store.add_pupil(klas.id, "Dirk")
        monkeypatch.setattr(identity, "atomic_write_bytes", real)
        assert not DataStore(data, clock).problems and device_id() == me


def test_an_old_data_folder_opened_for_the_first_time_takes_its_files_as_its_own(tmp_path, clock):
    """A folder a version before this one wrote: this PC remembered nothing of it yet."""
    root = tmp_path / "oud"
    shutil.copytree(MAIN_DATA, root)
    with pc(tmp_path / "state"):
        me = device_id()
        own = root / "settings" / f"{me}.json"
        own.parent.mkdir()
        own.write_text('{"schema": 1, "kind": "settings-changes", "changes": []}', encoding="utf-8")
        assert not cloned(DataStore(root, clock)) and device_id() == me
        own.write_text(
            '{"schema": 1, "kind": "settings-changes", "changes": [] }', encoding="utf-8"
        )  # a clone wrote it
        assert cloned(DataStore(root, clock)) and device_id() != me


def test_lesson_tui_sync_says_it(tmp_path, data, clock, capsys):
    first, clone = tmp_path / "first-state", tmp_path / "clone-state"
    with pc(first):
        DataStore(data, clock).import_class("5B", parse_class_csv(ROWS))
    shutil.copytree(first, clone)
    with pc(first):
        store = DataStore(data, clock)
        store.add_pupil(store.classes()[0].id, "Dirk")
    with pc(clone):
        main(["sync", "--data-dir", str(data), "--syncthing-home", str(tmp_path / "geen-syncthing")])
    out = capsys.readouterr()
    assert "gekloonde schijf" in out.out + out.err and "Traceback" not in out.out + out.err


def test_the_new_id_is_kept_with_the_ids_it_had(tmp_path, data, clock):
    with pc(tmp_path / "state"):
        from lesson_tui.store.device import take_new_id

        old = device_id()
        new = take_new_id(old)
        assert device_id() == new != old and take_new_id(old) == new  # another window: the same one
        assert json.loads(layout.device_path().read_text(encoding="utf-8"))["was"] == [old]
