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
