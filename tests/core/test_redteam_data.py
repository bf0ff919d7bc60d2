"""The red team's data findings (shared/redteam.md): each test failed on the code before
its fix. Data loss first, then crashes, wrong results and unclear messages."""

from __future__ import annotations

import errno
import json
import os
import random
import threading
from pathlib import Path

import pytest
from builders import own_class_file

from lesson_tui.cli.main import main
from lesson_tui.files.lock import FileLock
from lesson_tui.files.storage import DataFileError, SaveError
from lesson_tui.klas.classimport import merge_class, parse_class_csv, read_class_file, read_class_list
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore

POSIX = os.name == "posix"


# --- data loss ---------------------------------------------------------------------------


def test_two_windows_never_write_back_a_stale_index(tmp_path, clock, plan):
    """Window A sits on the home screen with the index read; window B starts a lesson;
    then A starts one too. B's lesson must stay in the index."""
    window_a = DataStore(tmp_path / "data", clock)
    window_b = DataStore(tmp_path / "data", clock)
    demo = window_a.get_class("Demo 4A")
    assert window_a.runs() == []  # A has read the (empty) index
    run_b = window_b.start_run(demo, plan, set())
    run_a = window_a.start_run(demo, plan, set())
    fresh = DataStore(tmp_path / "data", clock)
    assert {r.run_id for r in fresh.runs()} == {run_a.run_id, run_b.run_id}
    # and A sees B's lesson without restarting
    assert {r.run_id for r in window_a.runs()} == {run_a.run_id, run_b.run_id}


def test_a_line_another_window_wrote_while_we_waited_for_the_lock_is_in_the_file(tmp_path, clock, plan, monkeypatch):
    """Window A has the index in memory and is about to write its lesson's line; window B
    writes its own line just before A gets the lock. The file A writes holds both (A's copy
    is kept only while the file is the one A read or wrote last). Looked at in the file
    itself: a fresh DataStore would bring B's line back from B's run file anyway."""
    from contextlib import contextmanager

    import lesson_tui.store.index as index_module

    window_a = DataStore(tmp_path / "data", clock)
    window_b = DataStore(tmp_path / "data", clock)
    demo = window_a.get_class("Demo 4A")
    assert window_a.runs() == []
    real_lock = index_module.index_lock
    theirs: list = []

    @contextmanager
    def b_writes_first(root):
        if not theirs:
            theirs.append(None)
            theirs[0] = window_b.start_run(demo, plan, set())
        with real_lock(root):
            yield

    monkeypatch.setattr(index_module, "index_lock", b_writes_first)
    ours = window_a.start_run(demo, plan, set())
    lines = json.loads(layout.index_path(window_a.root).read_text(encoding="utf-8"))["runs"].values()
    assert {line["run_id"] for line in lines} == {ours.run_id, theirs[0].run_id}


def test_index_writers_in_threads_lose_no_line(tmp_path, clock, plan):
    stores = [DataStore(tmp_path / "data", clock) for _ in range(4)]
    demo = stores[0].get_class("Demo 4A")
    started: list[str] = []

    def start(store):
        for _ in range(3):
            started.append(store.start_run(demo, plan, set(), rng=random.Random()).run_id)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.run_id for r in DataStore(tmp_path / "data", clock).runs()} == set(started)


def test_a_lost_index_is_made_again_from_the_run_files(store, demo, plan, clock):
    """The index is a cache: deleted (or never synced to this PC), the lessons are still
    listed, and it is written again."""
    run = store.start_run(demo, plan, set(), rng=random.Random(2))
    store.release(run.run_id)
    store.index_path.unlink()
    again = DataStore(store.root, clock)
    assert [r.run_id for r in again.runs()] == [run.run_id]
    assert store.index_path.exists()


def _class_with_history(store, plan):
    result = store.import_class("5B", parse_class_csv(b"naam\nAya Benali\nBo Claes\nCas Dhont\n"))
    klas = result.school_class
    run = store.start_run(klas, plan, set())
    store.release(run.run_id)
    return {p.full_name: p.id for p in klas.pupils}


def test_damaged_class_file_reimport_recovers_ids_from_the_runs(store, plan):
    ids = _class_with_history(store, plan)
    class_file = own_class_file(store.root)
    class_file.write_text("{ kapot", encoding="utf-8")
    result = store.import_class("5B", parse_class_csv(b"naam\nAya Benali\nBo Claes\nDirk Eyck\n"))
    new_ids = {p.full_name: p.id for p in result.school_class.active_pupils}
    assert new_ids["Aya Benali"] == ids["Aya Benali"] and new_ids["Bo Claes"] == ids["Bo Claes"]
    assert result.recovered and result.kept == 2 and result.added == 1
    assert list(class_file.parent.glob(f"{class_file.stem}.beschadigd-*.json"))  # kept aside, not lost


def test_damaged_class_file_without_runs_does_not_claim_history_was_kept(tmp_path, capsys):
    data = tmp_path / "data"
    csv_file = tmp_path / "k.csv"
    csv_file.write_text("naam\nAya Benali\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "class", "import", str(csv_file), "--name", "5B"]) == 0
    own_class_file(data).write_text("[]", encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "class", "import", str(csv_file), "--name", "5B"]) == 0
    out = capsys.readouterr().out
    assert "allemaal nieuw" in out and "geschiedenis blijft bewaard" not in out


def test_unreadable_class_file_is_not_overwritten_by_a_reimport(store, monkeypatch):
    store.import_class("5B", parse_class_csv(b"naam\nAya\n"))
    class_file = own_class_file(store.root)
    before = class_file.read_bytes()
    def denied(path, *args, **kwargs):
        if Path(path) == class_file:
            raise PermissionError(errno.EACCES, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr("lesson_tui.files.storage.open", denied, raising=False)
    with pytest.raises(Exception) as caught:
        store.import_class("5B", parse_class_csv(b"naam\nBo\n"))
    assert "niets veranderd" in str(caught.value)
    assert class_file.read_bytes() == before


def test_pupils_sharing_a_full_name_keep_their_ids_on_reimport():
    rows = parse_class_csv(b"nr;naam\n1;Noah Peeters\n2;Aya Benali\n3;Noah Peeters\n")
    first = merge_class([], rows, "5b")
    second = merge_class(first, rows, "5b")
    assert [p.id for p in second] == [p.id for p in first]
    # the list re-sorted: still matched by class number
    swapped = parse_class_csv(b"nr;naam\n3;Noah Peeters\n1;Noah Peeters\n2;Aya Benali\n")
    third = merge_class(first, swapped, "5b")
    by_number = {p.number: p.id for p in first}
    assert {p.number: p.id for p in third if p.active} == by_number


# --- crash -------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", [{"run_id": "x"}, {"class": "4A", "status": "open"}])
def test_index_line_missing_fields_is_rebuilt_not_a_crash(store, run, clock, doc):
    store.release(run.run_id)
    data = json.loads(store.index_path.read_text(encoding="utf-8"))
    data["runs"]["99"] = doc
    store.index_path.write_text(json.dumps(data), encoding="utf-8")
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert any("index.json" in p for p in fresh.problems)


@pytest.mark.parametrize("field", ["run_id", "class", "lesson_id", "started_at", "path", "class_id"])
def test_an_index_line_with_one_field_not_text_is_rebuilt(store, run, clock, field):
    """Each field every list reads is checked on its own (`_valid_index_doc`): a line
    otherwise whole, with that one field a number, makes the index be rebuilt."""
    store.release(run.run_id)
    data = json.loads(store.index_path.read_text(encoding="utf-8"))
    (key,) = data["runs"]
    data["runs"]["99"] = {**data["runs"][key], "run_id": "other", field: 5}
    store.index_path.write_text(json.dumps(data), encoding="utf-8")
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert any("index.json" in p for p in fresh.problems)


def test_index_holding_a_non_object_is_damaged_not_a_crash(store, run, clock):
    store.release(run.run_id)
    store.index_path.write_text('{"meta": {"1": {"schema": 1, "kind": "index"}}, "runs": {"1": [1, 2]}}')
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]


def test_class_file_without_its_class_is_named_not_a_crash(store):
    store.import_class("5B", parse_class_csv(b"naam\nAya\n"))
    path = own_class_file(store.root)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["class"]["1"]["id"]  # whose changes are these?
    path.write_text(json.dumps(data), encoding="utf-8")
    names = [c.name for c in store.classes()]
    assert names == ["Demo 4A"]
    assert any(str(path) in p for p in store.problems)


def test_broken_index_that_cannot_be_moved_is_worked_around(store, run, clock, monkeypatch):
    store.release(run.run_id)
    store.index_path.write_text("{ kapot", encoding="utf-8")

    def read_only(path, stamp):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("lesson_tui.store.index.quarantine", read_only)
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert store.index_path.read_text(encoding="utf-8") == "{ kapot"  # untouched
    assert any("alleen-lezen" in p for p in fresh.problems)


def test_unreadable_index_is_not_called_damaged_nor_moved(store, run, clock, monkeypatch):
    store.release(run.run_id)
    def denied(path, *args, **kwargs):
        if Path(path).name == "index.json":
            raise PermissionError(errno.EACCES, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr("lesson_tui.files.storage.open", denied, raising=False)
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert not list(store.root.glob("index.beschadigd-*"))
    assert not any("beschadigd" in p for p in fresh.problems)
    assert any("geen toegang" in p for p in fresh.problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_devices_are_refused_at_once(tmp_path):
    fifo = tmp_path / "klas.csv"
    os.mkfifo(fifo)
    with pytest.raises(ClassListError) as caught:
        read_class_file(fifo)
    assert "geen gewoon bestand" in str(caught.value)
    assert main(["check", str(fifo)]) == 1
    if os.path.exists("/dev/zero"):
        with pytest.raises(ClassListError):
            read_class_file(Path("/dev/zero"))


# --- wrong result ------------------------------------------------------------------------


def test_stray_cp1252_byte_spoils_only_its_line():
    raw = "naam\nZoë Maes\nAïcha Ben\n".encode() + "Noël Claes\n".encode("cp1252")
    reading = read_class_list(raw)
    assert [r.first_name for r in reading.rows] == ["Zoë", "Aïcha", "Noël"]
    assert any("regel 4" in note for note in reading.notes)


def test_row_with_another_separator_is_split_not_one_name():
    reading = read_class_list(b"voornaam;familienaam\nAya;Benali\nNoah,Peeters\n")
    assert [(r.first_name, r.last_name) for r in reading.rows] == [("Aya", "Benali"), ("Noah", "Peeters")]
    assert any("regel 3" in note for note in reading.notes)


def test_title_row_above_the_header_is_skipped():
    raw = "Klaslijst 5B 2025-2026;;;\n;;;\nNr;Voornaam;Familienaam;Geboortedatum\n1;Aya;Benali;1/1/2016\n".encode("cp1252")
    reading = read_class_list(raw)
    assert [(r.first_name, r.last_name, r.number) for r in reading.rows] == [("Aya", "Benali", 1)]


def test_single_leerling_column_in_family_name_first_order_is_detected():
    raw = "Leerling\nDe Smet Noah\nVan den Broeck Chloë\nPeeters Arthur\nEl Idrissi Amira\n".encode()
    reading = read_class_list(raw)
    assert [(r.first_name, r.last_name) for r in reading.rows][:2] == [("Noah", "De Smet"), ("Chloë", "Van den Broeck")]
    assert any("familienaam + voornaam" in note for note in reading.notes)
    forced = read_class_list(raw, "first-last")
    assert forced.rows[0].first_name == "De"


def test_excel_unicode_text_is_read():
    raw = "Voornaam\tFamilienaam\nZoë\tMaes\nNoah\tDe Smet\n".encode("utf-16")
    reading = read_class_list(raw)
    assert [(r.first_name, r.last_name) for r in reading.rows] == [("Zoë", "Maes"), ("Noah", "De Smet")]


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_existing_data_dir_keeps_its_rights_and_is_warned_about(tmp_path, clock):
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    os.chmod(shared, 0o755)
    store = DataStore(shared, clock)
    assert (shared.stat().st_mode & 0o777) == 0o755
    assert any("chmod 700" in p for p in store.problems)


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_runs_folder_and_lock_files_are_private(store, run):
    assert ((store.root / "runs").stat().st_mode & 0o777) == 0o700
    lock = layout.lock_path(store.root, run.path)
    assert (lock.stat().st_mode & 0o777) == 0o600
    assert (lock.parent.stat().st_mode & 0o777) == (layout.pc_dir(store.root).stat().st_mode & 0o777) == 0o700
    FileLock(layout.index_lock_path(store.root)).acquire()
    assert (layout.index_lock_path(store.root).stat().st_mode & 0o777) == 0o600


def test_save_error_names_the_real_file_in_the_teachers_words(store, run, monkeypatch):
    def read_only(path, data):
        raise OSError(errno.EROFS, "Read-only file system", f"{path.parent}/.{path.name}.abc.tmp")

    monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", read_only)
    run.next_phase()
    error = run.save_error
    assert isinstance(error, SaveError) and isinstance(error, DataFileError)
    message = str(error)
    assert str(run.path) in message and "alleen-lezen" in message
    assert ".tmp" not in message and "Errno" not in message
