"""What a start reads of the runs folders (store/index.py `_scan`, `_catch_up`): one listing
per folder, and a run file read again only when it or a co-teacher's file beside it changed
since its line was written."""

from __future__ import annotations

import json

import lesson_tui.lesson.run as run_module
from lesson_tui.lesson.writers import writer_files
from lesson_tui.store.datastore import DataStore


def _counting_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = run_module.LessonRun

    def counting(db, path, *args, **kwargs):
        reads.append(path.name)
        return real(db, path, *args, **kwargs)

    monkeypatch.setattr(run_module, "LessonRun", counting)  # as the index imports it to read one
    return reads


def _lesson_with_a_co_teacher(store, demo, plan):
    main = store.start_run(demo, plan, set())
    main.next_phase()
    co = store.join_run(main.run_id)
    co.help_add(main.pupil_ids[0])
    main.catch_up()
    main.close()
    store.update_run_summary(main)
    store.release(main.run_id)
    return main


def test_a_start_reads_no_run_file_it_knows_even_with_a_co_teachers_file_beside_it(store, demo, plan, clock, monkeypatch):
    main = _lesson_with_a_co_teacher(store, demo, plan)
    assert writer_files(main.path)  # the co-teacher's file is there
    store.runs()
    reads = _counting_reads(monkeypatch)
    later = DataStore(store.root, clock)  # the next start, on the same PC
    assert [(r.run_id, r.status) for r in later.runs()] == [(main.run_id, "closed")]
    assert reads == []


def test_a_co_teachers_file_that_changed_has_its_run_read_again(store, demo, plan, clock, monkeypatch):
    main = _lesson_with_a_co_teacher(store, demo, plan)
    store.runs()
    (co_file,) = writer_files(main.path).values()
    doc = json.loads(co_file.read_text(encoding="utf-8"))
    doc["events"]["9"] = {"t": "help_add", "pupil": main.pupil_ids[1], "at": "2030-01-01T00:00:00+00:00", "hlc": [1 << 50, 0]}
    co_file.write_text(json.dumps(doc), encoding="utf-8")  # in place, as a cloud client may
    reads = _counting_reads(monkeypatch)
    later = DataStore(store.root, clock)
    assert [r.run_id for r in later.runs()] == [main.run_id]
    assert reads == [main.path.name]  # its line's stamp holds the co-teacher's file's too
    reads.clear()
    assert [r.run_id for r in DataStore(store.root, clock).runs()] == [main.run_id] and reads == []


def test_a_sync_engines_copy_of_a_run_is_said_and_never_read(store, demo, plan, clock, monkeypatch):
    main = _lesson_with_a_co_teacher(store, demo, plan)
    store.runs()
    copy = main.path.with_name(main.path.stem + ".sync-conflict-20261201-101010-ABCDEFG.json")
    copy.write_bytes(main.path.read_bytes())
    reads = _counting_reads(monkeypatch)
    later = DataStore(store.root, clock)
    assert [r.run_id for r in later.runs()] == [main.run_id] and reads == []
    assert any(copy.name in problem for problem in later.folder.problems), later.folder.problems


def _counting_index_reads(monkeypatch) -> list[str]:
    """The run files the index reads for their lines (a lesson's own start makes its
    recorder too, which `_counting_reads` would count)."""
    from lesson_tui.store.index import RunsIndex

    reads: list[str] = []
    real = RunsIndex._read_run

    def counting(self, path):
        reads.append(path.name)
        return real(self, path)

    monkeypatch.setattr(RunsIndex, "_read_run", counting)
    return reads


def _counting_index_writes(store, monkeypatch) -> list[str]:
    from lesson_tui.files.storage import AtomicJSONStorage
    from lesson_tui.store import layout

    writes: list[str] = []
    real = AtomicJSONStorage.write
    index = layout.index_path(store.root)

    def counting(self, data):
        if self.path == index:
            writes.append(self.path.name)
        return real(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "write", counting)
    return writes


def test_a_lessons_own_line_is_written_once_and_its_file_not_read_back(store, demo, plan, monkeypatch):
    """Starting a lesson, confirming its split and closing it each change its run file (a
    new name in its folder) and then its line: the catch-up that the changed folder calls
    for leaves that run to the line being written."""
    store.runs()
    reads, writes = _counting_index_reads(monkeypatch), _counting_index_writes(store, monkeypatch)
    run = store.start_run(demo, plan, set())
    assert (reads, writes) == ([], ["index.json"])
    run.confirm_sporen({})
    store.update_run_summary(run)
    run.close()
    store.update_run_summary(run)
    assert (reads, writes) == ([], ["index.json"] * 3)
    (line,) = [r for r in store.runs() if r.run_id == run.run_id]
    assert line.status == "closed"


def test_another_pcs_run_that_arrived_meanwhile_is_still_read_when_a_line_is_written(store, demo, plan, clock, monkeypatch):
    store.runs()
    other = DataStore(store.root.parent / "other-pc", clock)  # another PC's folder, synced in below
    theirs = other.start_run(demo, plan, set())
    theirs.close()
    other.update_run_summary(theirs)
    other.release(theirs.run_id)
    target = store.root / theirs.path.relative_to(other.root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(theirs.path.read_bytes())
    reads = _counting_index_reads(monkeypatch)
    ours = store.start_run(demo, plan, set())
    assert reads == [target.name]  # theirs, not ours
    assert {r.run_id for r in store.runs()} == {theirs.run_id, ours.run_id}


def test_lessons_arriving_together_are_written_into_the_index_at_once(store, demo, plan, clock, monkeypatch):
    """Four lessons from another PC, one of them known here before it changed there: one
    write of the index for the three new lines, one for the changed one."""
    other = DataStore(store.root.parent / "other-pc", clock)
    runs = []
    for _ in range(4):
        run = other.start_run(demo, plan, set())
        other.update_run_summary(run)
        other.release(run.run_id)
        runs.append(run)
        clock.advance(3600)

    def arrive(run):
        target = store.root / run.path.relative_to(other.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(run.path.read_bytes())

    arrive(runs[0])
    assert [r.status for r in store.runs()] == ["open"]
    runs[0] = other.open_run(runs[0].run_id)
    runs[0].close()
    other.update_run_summary(runs[0])
    for run in runs:
        arrive(run)
    writes = _counting_index_writes(store, monkeypatch)
    assert sorted((r.run_id, r.status) for r in store.runs()) == sorted(
        [(runs[0].run_id, "closed"), *((r.run_id, "open") for r in runs[1:])]
    )
    assert writes == ["index.json"] * 2
    assert len(DataStore(store.root, clock).runs()) == 4  # as written on disk


def test_the_index_is_read_again_for_a_line_only_when_another_window_wrote_it(store, demo, plan, clock, monkeypatch):
    import lesson_tui.store.index as index_module
    from lesson_tui.store import layout

    reads: list[str] = []
    real = index_module.open_db

    def counting(path, *args, **kwargs):
        if path == layout.index_path(store.root):
            reads.append(path.name)
        return real(path, *args, **kwargs)

    store.runs()  # the index made
    window = DataStore(store.root, clock)  # a start, on this PC
    window.runs()
    monkeypatch.setattr(index_module, "open_db", counting)
    run = window.start_run(demo, plan, set())
    run.confirm_sporen({})
    window.update_run_summary(run)
    assert reads == []  # the file is the one this window wrote last
    store.start_run(demo, plan, set())  # another window's line
    reads.clear()  # (what that window read)
    run.close()
    window.update_run_summary(run)
    assert reads == ["index.json"]  # read once: the line goes into the index as it is now
    assert len(window.runs()) == 2 and reads == ["index.json"]
