import json
import os

import pytest
from builders import own_class_file

from lesson_tui.files.storage import SCHEMA_VERSION, DataFileError, open_db
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.store.datastore import DataStore


def test_run_file_is_small_and_separate_from_history(store, run):
    assert run.path.parent.parent == store.root / "runs"
    assert run.path.stat().st_size < 20_000
    index = json.loads(store.index_path.read_text(encoding="utf-8"))
    assert index["meta"]["1"] == {"schema": SCHEMA_VERSION, "kind": "index"}
    assert [doc["run_id"] for doc in index["runs"].values()] == [run.run_id]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_data_files_are_readable_by_the_user_only(store, run):
    assert (store.root.stat().st_mode & 0o777) == 0o700
    assert (run.path.stat().st_mode & 0o777) == 0o600
    assert (store.index_path.stat().st_mode & 0o777) == 0o600
    store.import_class("4B", parse_class_csv(b"naam\nAya\n"))
    assert (own_class_file(store.root, "4b").stat().st_mode & 0o777) == 0o600


def test_corrupt_run_file_is_named_and_never_overwritten(store, run, clock):
    run.next_phase()
    store.release(run.run_id)
    run.path.write_bytes(b'{"meta": {"1": {"schema": 1, "kind": "run"}}, "eve')
    before = run.path.read_bytes()
    with pytest.raises(DataFileError) as caught:
        store.open_run(run.run_id)
    assert str(run.path) in str(caught.value) and "beschadigd" in str(caught.value)
    assert run.path.read_bytes() == before
    # the rest still works: another lesson can start
    other = store.start_run(store.get_class("Demo 4A"), run.plan, set())
    other.next_phase()
    assert len(store.runs()) == 2


def test_corrupt_index_is_kept_aside_and_rebuilt_from_run_files(tmp_path, clock, store, run):
    run.next_phase()
    store.release(run.run_id)
    store.index_path.write_text("{ kapot", encoding="utf-8")
    fresh = DataStore(store.root, clock)
    assert [r.run_id for r in fresh.runs()] == [run.run_id]
    assert any("index.json" in problem for problem in fresh.problems)
    kept = list(store.index_path.parent.glob("index.beschadigd-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ kapot"


def test_corrupt_class_file_does_not_stop_other_classes(store):
    store.import_class("4A", parse_class_csv(b"naam\nAya\nBo\n"))
    store.import_class("4B", parse_class_csv(b"naam\nCas\n"))
    own_class_file(store.root, "4a").write_text("nope", encoding="utf-8")
    names = [c.name for c in store.classes()]
    assert "4B" in names and "Demo 4A" in names and "4A" not in names
    assert any(str(own_class_file(store.root, "4a")) in p for p in store.problems)
    assert own_class_file(store.root, "4a").read_text(encoding="utf-8") == "nope"


def test_newer_schema_is_refused_not_overwritten(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1, "kind": "run"}}}), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        open_db(path, kind="run")
    assert "nieuwere versie" in str(caught.value)


def test_a_run_is_locked_against_a_second_window(store, run):
    with pytest.raises(DataFileError) as caught:
        store.open_run(run.run_id)
    assert "ander venster" in str(caught.value)
    store.release(run.run_id)
    store.open_run(run.run_id)
