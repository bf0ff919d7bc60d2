import json
import os

import pytest
from builders import own_class_file
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.files.storage import SCHEMA_VERSION, DataFileError, SaveError, append_document, open_db
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


# --- appending one document (a mark) writes what TinyDB would ------------------------


_values = st.one_of(st.text(max_size=8), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=3))
_steps = st.lists(
    st.tuples(
        st.sampled_from(["append", "insert", "update"]),
        st.sampled_from(["events", "info", "nieuw"]),
        st.dictionaries(st.text(max_size=5), _values, max_size=3),
    ),
    max_size=12,
)


@given(steps=_steps)
def test_append_writes_the_bytes_an_insert_would(tmp_path_factory, steps):
    """Appends mixed with TinyDB's own inserts and updates: the file is at every step
    exactly the JSON of the whole document, the ids count on as one insert's would, and
    a fresh open reads the same documents back."""
    path = tmp_path_factory.mktemp("append") / "run.json"
    db = open_db(path, kind="run")
    ids: dict[str, list[int]] = {}
    for action, name, doc in steps:
        table = db.table(name)
        if action == "append":
            ids.setdefault(name, []).append(append_document(table, doc))
        elif action == "insert":
            ids.setdefault(name, []).append(table.insert(doc))
        else:
            table.update({"x": 1})
        on_disk = path.read_bytes()
        assert on_disk == json.dumps(db.storage.read(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for got in ids.values():
        assert got == list(range(1, len(got) + 1))
    again = open_db(path, kind="run")
    for name in ids:
        assert again.table(name).all() == db.table(name).all()


def test_a_failed_append_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "run.json"
    db = open_db(path, kind="run")
    events = db.table("events")
    append_document(events, {"t": "mark", "value": "goed"})
    before = path.read_bytes()

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", full)
    with pytest.raises(SaveError):
        append_document(events, {"t": "mark", "value": "fout"})
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [doc["value"] for doc in events.all()] == ["goed"]
    append_document(events, {"t": "mark", "value": "half"})
    assert [doc["value"] for doc in open_db(path, kind="run").table("events").all()] == ["goed", "half"]
