"""A teacher's data folder on two PCs kept in step by real Syncthing (two instances on
127.0.0.1, tests/processes/syncthing.py): the PC in the classroom (A) and the laptop at home
(B), each with its own state folder and so its own device id. Each scenario checks that
every event written on either PC is on both afterwards, that no conflict copy appears where
each file has one writer, and that both PCs fold the same classes and history.

Fast: the harness rescans on demand and polls Syncthing's REST API until both are idle and
hold the same bytes (never a fixed sleep). Each test shares its own folder; the module's pair
of devices is one per xdist worker, so the tests run in parallel (`-m syncthing` picks them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lessonpcs import DATA, Pc, class_csv, example_plan

from lesson_tui.lesson.writers import join_writer
from lesson_tui.plan.lessonplan import LessonLibrary, example_lessons_dir
from lesson_tui.store import layout
from lesson_tui.store.device import device_id
from lesson_tui.store.versions import Keep, keep_version
from processes import syncthing as st

pytestmark = pytest.mark.syncthing

PUPILS = ["Aya Benali", "Bo Claes", "Cas Dhont", "Eva Fonteyn", "Noah Peeters", "Zoë Öztürk"]
LESSON_FILE = example_lessons_dir() / "breuken-vergelijken.toml"


def two_pcs(cluster: st.Cluster, folder: st.Folder, base: Path) -> tuple[Pc, Pc]:
    return Pc.on("school", folder.path(cluster["A"]), base), Pc.on("laptop", folder.path(cluster["B"]), base)


def everything_on_both(cluster: st.Cluster, folder: st.Folder, school: Pc, laptop: Pc) -> None:
    """Both PCs list every lesson either taught, each with every event its teacher wrote, and
    no sync engine's copy lies anywhere."""
    assert cluster.conflict_copies(folder.folder_id) == {"A": [], "B": []}
    written = {**school.written, **laptop.written}
    for pc in (school, laptop):
        history = pc.history()
        assert set(history) == set(written), (pc.name, sorted(history), sorted(written))
        for run_id, count in written.items():
            assert history[run_id][1] == count, (pc.name, run_id, history[run_id], count)
    assert school.folded() == laptop.folded()  # every lesson the same on both, mark for mark


def _import(pc: Pc, names: list[str], class_name: str = "5B") -> None:
    with pc.store() as store:
        store.import_class(class_name, class_csv(names))


def test_a_lesson_taught_on_the_pc_while_the_laptop_edits_the_plan(syncthing_pair, synced_folder, tmp_path):
    school, laptop = two_pcs(syncthing_pair, synced_folder, tmp_path)
    _import(school, PUPILS)
    lesson = school.add_lesson_file(LESSON_FILE)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    plan = example_plan()
    on_laptop = laptop.data / lesson.relative_to(school.data)
    original = text = on_laptop.read_text(encoding="utf-8")
    for step in range(3):  # interleaved: a lesson on the PC, an edit on the laptop, while connected
        school.teach("5B", plan, seed=step, marks=4 + step)
        text = original.replace('titel = "Breuken vergelijken"', f'titel = "Breuken vergelijken {step}"', 1)
        on_laptop.write_text(text, encoding="utf-8")
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    everything_on_both(syncthing_pair, synced_folder, school, laptop)
    assert lesson.read_text(encoding="utf-8") == text  # the laptop's edit is on the PC
    for pc in (school, laptop):
        library = LessonLibrary.scan([layout.own_lessons_dir(pc.data)])
        assert library.errors == [] and library.versions == []
        assert "Breuken vergelijken 2" in {p.titel for _, p in library.lessons.values()}


def test_both_pcs_apart_teach_reimport_and_add_a_pupil_then_meet(syncthing_pair, synced_folder, tmp_path):
    a = syncthing_pair["A"]
    school, laptop = two_pcs(syncthing_pair, synced_folder, tmp_path)
    _import(school, PUPILS)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    plan = example_plan()

    syncthing_pair.pause(a)  # the laptop goes home
    school.teach("5B", plan, seed=1)
    laptop.teach("5B", plan, seed=2)
    _import(laptop, [*PUPILS[1:], "Lien Maes"])  # the new list: Aya left, Lien came
    time.sleep(0.01)  # the pupil is added after the re-import (in time): it stays in the class
    with school.store() as store:
        klas = store.get_class("5B")
        added = store.add_pupil(klas.id, "Mo", "Amrani")
    school.teach("5B", plan, seed=3)
    syncthing_pair.resume(a)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    everything_on_both(syncthing_pair, synced_folder, school, laptop)
    assert school.class_view("5B") == laptop.class_view("5B")  # one class on both
    pupils = {name: active for _, name, _, active in school.class_view("5B")}
    assert pupils["Mo Amrani"] and pupils["Lien Maes"] and not pupils["Aya Benali"]  # Aya archived, not lost
    assert len(pupils) == len(PUPILS) + 2
    assert added.id in {pid for pid, *_ in laptop.class_view("5B")}
    devices = sorted(p.name for p in layout.devices_dir(school.data).glob("*.json"))
    assert len(devices) == 2  # each PC wrote its own line of who wrote here


def _big_run(pc: Pc, plan, events: int) -> str:
    """A lesson with `events` marks in its run file (a long day of marking), written as one
    whole file as the app leaves it; every event is a valid one, so the reader folds them."""
    run_id = pc.teach("5B", plan, seed=9, close=False)
    with pc.store() as store:
        path = store.root / next(s.path for s in store.runs() if s.run_id == run_id)
        doc = json.loads(path.read_text(encoding="utf-8"))
        table = doc["events"]
        mark = next(e for e in table.values() if e.get("t") == "mark")
        last = max(int(k) for k in table)
        stamp = max(e["hlc"][0] for e in table.values())
        pupils = [p["id"] for p in doc["run"]["1"]["pupils"]]
        for n in range(1, events + 1):
            table[str(last + n)] = {
                **mark,
                "pupil": pupils[n % len(pupils)],
                "value": ["fout", "half", "juist"][n % 3],
                "hlc": [stamp + n, 0],
            }
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    pc.written[run_id] = len(table)
    return run_id


def test_syncthing_killed_mid_transfer_of_a_big_run_file_never_gives_a_broken_lesson(
    syncthing_pair, synced_folder, tmp_path
):
    a, b = syncthing_pair["A"], syncthing_pair["B"]
    school, laptop = two_pcs(syncthing_pair, synced_folder, tmp_path)
    _import(school, PUPILS)
    plan = example_plan()
    first = school.teach("5B", plan, seed=4)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    seen = laptop.history()
    assert seen == {first: ("closed", school.written[first])}

    b.limit_receive(a, 500)  # slow enough to be caught in the middle
    try:
        big = _big_run(school, plan, 12_000)
        size = (school.data / next(iter(Path(school.data).glob(f"runs/*/{big}.json")))).stat().st_size
        assert size > 1_000_000, size
        a.scan(synced_folder.folder_id)
        laptop_folder = synced_folder.path(b)

        def receiving() -> bool:
            return any(laptop_folder.rglob(f".syncthing.{big}.json.tmp")) or any(
                laptop_folder.rglob(f"~syncthing~{big}.json.tmp")
            )

        st.wait_for("the laptop is receiving the big run file", receiving, timeout=15, interval=0.05)
        for _ in range(5):  # the laptop's app looks while the file is on its way
            assert laptop.history() == seen  # never half of it as a lesson
        b.kill()
        assert not list(laptop_folder.rglob(f"{big}.json"))  # it was really mid-transfer
        with laptop.store() as store:
            assert [r.run_id for r in store.runs()] == [first]
            assert not [p for p in store.problems if big in p]  # a temp file is no lesson, no problem
    finally:
        if b.process is None:
            b.start()
        b.limit_receive(a, 0)
    syncthing_pair.wait_connected()
    syncthing_pair.wait_in_sync(synced_folder.folder_id, timeout=60)
    everything_on_both(syncthing_pair, synced_folder, school, laptop)
    assert laptop.history()[big] == ("open", school.written[big])


def test_a_lesson_plan_edited_on_both_while_apart_is_two_versions_and_nothing_is_lost(
    syncthing_pair, synced_folder, tmp_path
):
    a = syncthing_pair["A"]
    school, laptop = two_pcs(syncthing_pair, synced_folder, tmp_path)
    lesson = school.add_lesson_file(LESSON_FILE)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    on_laptop = laptop.data / lesson.relative_to(school.data)
    original = lesson.read_text(encoding="utf-8")

    syncthing_pair.pause(a)
    now = time.time()
    st.write(lesson, original.replace("Breuken vergelijken", "Breuken vergelijken (klas)", 1), mtime=now - 60)
    st.write(on_laptop, original.replace("Breuken vergelijken", "Breuken vergelijken (thuis)", 1), mtime=now)
    a.scan(synced_folder.folder_id)
    syncthing_pair["B"].scan(synced_folder.folder_id)
    syncthing_pair.resume(a)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    for pc in (school, laptop):  # both PCs show the two versions, with what differs
        library = LessonLibrary.scan([layout.own_lessons_dir(pc.data)])
        (versions,) = library.versions
        assert versions.engine_name == "Syncthing" and versions.differences
        assert {versions.original.name} == {lesson.name}
        titles = {
            versions.original.read_text(encoding="utf-8").count("(thuis)"),
            versions.copy.read_text(encoding="utf-8").count("(klas)"),
        }
        assert titles == {1}  # the newer edit in the file, the other in the copy: both kept

    library = LessonLibrary.scan([layout.own_lessons_dir(school.data)])
    (versions,) = library.versions
    new = keep_version(school.data, versions, Keep.BOTH, library.lessons)  # the teacher keeps both
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    archived = f"{DATA}/{layout.ARCHIVE}/{versions.copy.name}"
    # the engine's copy is in the archive as it left it (its name too); nowhere else
    assert syncthing_pair.conflict_copies(synced_folder.folder_id) == {"A": [archived], "B": [archived]}
    for pc in (school, laptop):
        library = LessonLibrary.scan([layout.own_lessons_dir(pc.data)])
        assert library.versions == []
        titles = sorted(p.titel for _, p in library.lessons.values())
        assert any("(thuis)" in t for t in titles) and any("(klas)" in t for t in titles), titles
        archived = list(layout.archive_dir(pc.data).glob("*.toml"))
        assert len(archived) == 1  # the engine's copy as it left it, never deleted
        assert (pc.data / new.relative_to(school.data)).exists()


def _sync_command(data_dir: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lesson_tui", "sync", "--data-dir", str(data_dir), "--syncthing-home", str(home)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=60,
    )


def test_the_sync_command_warns_about_a_folder_with_max_conflicts_0(syncthing_pair, tmp_path):
    """maxConflicts 0 (what a hand-made folder entry loads as) drops one of two edits
    without a trace: `lesson-tui sync` says so, and what to set instead."""
    folder = syncthing_pair.add_folder(st.new_folder_id("nul"), max_conflicts=0)
    try:
        school, _laptop = two_pcs(syncthing_pair, folder, tmp_path)
        _import(school, PUPILS)
        syncthing_pair.wait_in_sync(folder.folder_id)
        result = _sync_command(school.data, syncthing_pair["A"].home)
        assert result.returncode == 0, result.stderr
        (warning,) = [line for line in result.stdout.splitlines() if "maxConflicts" in line]
        assert "op 0" in warning and "Zet maxConflicts op 10" in warning
    finally:
        syncthing_pair.remove_folder(folder.folder_id)
    ok = syncthing_pair.add_folder(st.new_folder_id("tien"))
    try:
        school, _laptop = two_pcs(syncthing_pair, ok, tmp_path / "tien")
        _import(school, PUPILS)
        result = _sync_command(school.data, syncthing_pair["A"].home)
        assert result.returncode == 0 and "maxConflicts" not in result.stdout, result.stdout
    finally:
        syncthing_pair.remove_folder(ok.folder_id)


def test_three_pcs_the_co_teachers_apart_each_teach_and_change_the_class_then_all_fold_the_same(
    syncthing_trio, tmp_path
):
    """The teacher's classroom PC (A), their laptop (B) and the co-teacher's PC of Thursdays
    (C): C is off for the week while A and B teach and change the class and its settings; C
    teaches on Thursday before it syncs. Once all three meet, each holds every lesson, one
    class and the same settings."""
    folder = syncthing_trio.add_folder(st.new_folder_id("drie"))
    try:
        school, laptop = Pc.on("school", folder.path("A"), tmp_path), Pc.on("laptop", folder.path("B"), tmp_path)
        thursday = Pc.on("donderdag", folder.path("C"), tmp_path)
        pcs = (school, laptop, thursday)
        _import(school, PUPILS)
        syncthing_trio.wait_in_sync(folder.folder_id)
        plan = example_plan()
        c = syncthing_trio["C"]
        syncthing_trio.pause(c)
        school.teach("5B", plan, seed=1)
        with laptop.store() as store:
            klas = store.get_class("5B")
            store.add_pupil(klas.id, "Mo", "Amrani")
            store.settings().set_niet_samen(klas.id, klas.pupils[0].id, klas.pupils[1].id)
        thursday.teach("5B", plan, seed=2)
        with thursday.store() as store:
            klas = store.get_class("5B")
            store.settings().set_niet_samen(klas.id, klas.pupils[2].id, klas.pupils[3].id)
        syncthing_trio.resume(c)
        syncthing_trio.wait_in_sync(folder.folder_id)

        assert syncthing_trio.conflict_copies(folder.folder_id) == {"A": [], "B": [], "C": []}
        written = {run_id: count for pc in pcs for run_id, count in pc.written.items()}
        views = []
        for pc in pcs:
            assert {r: n for r, (_, n) in pc.history().items()} == written, pc.name
            with pc.store() as store:
                klas = store.get_class("5B")
                pairs = store.settings().niet_samen(klas.id)
            views.append((pc.folded(), pc.class_view("5B"), pairs))
        assert views[0] == views[1] == views[2]
        assert len(views[0][2]) == 2 and "Mo Amrani" in {name for _, name, _, _ in views[0][1]}
    finally:
        syncthing_trio.remove_folder(folder.folder_id)


def test_a_lesson_going_on_on_the_laptop_is_live_there_and_a_co_teacher_on_the_pc_writes_its_own_file(
    syncthing_pair, synced_folder, tmp_path
):
    """The laptop gives a lesson; the classroom PC sees it going on there (from its recent
    events) and joins it as a co-teacher: each PC writes a file of its own, both sets of
    events reach both PCs, and both fold one lesson."""
    school, laptop = two_pcs(syncthing_pair, synced_folder, tmp_path)
    _import(school, PUPILS)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    plan = example_plan()
    with laptop.store() as store:
        run = store.start_run(store.get_class("5B"), plan, set())
        run.next_phase()
        round_ = run.open_round("Welke breuk is groter?")
        run.mark(round_, run.pupil_ids[0], "fout")
        run_id, round_id = run.run_id, round_.round_id
        store.release(run_id)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    with school.store() as store:
        unfinished = store.unfinished_runs()
        assert [r.run_id for r in unfinished] == [run_id]  # listed here to go on with
        there = store.elsewhere(unfinished[0])  # store/presence.py: the one rule for it
        assert there is not None and there.live  # going on on the laptop
        joined = store.join_run(run_id)
        joined.mark(joined.state.rounds[round_id], joined.pupil_ids[1], "half")
        joined.mark(joined.state.rounds[round_id], joined.pupil_ids[2], "fout")  # (unmarked counts as juist)
        store.release(run_id)
    with laptop.store() as store:  # meanwhile the laptop's teacher goes on
        run = store.open_run(run_id)
        run.mark(run.state.rounds[round_id], run.pupil_ids[3], "fout")
        store.release(run_id)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    with laptop.store() as store:
        run = store.open_run(run_id)
        run.catch_up()
        assert run.state.rounds[round_id].marks == {
            run.pupil_ids[0]: "fout",
            run.pupil_ids[1]: "half",
            run.pupil_ids[2]: "fout",
            run.pupil_ids[3]: "fout",
        }
        run.close_round(run.state.rounds[round_id])
        run.close()
        store.update_run_summary(run)
        store.release(run_id)
        laptop.written[run_id] = len(run.log.entries)
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    assert syncthing_pair.conflict_copies(synced_folder.folder_id) == {"A": [], "B": []}
    files = sorted(p.name for p in school.data.glob(f"runs/*/{run_id}*.json"))
    with school.store():
        number = join_writer(device_id(), 0)  # made from the PC's id (`writers.join_writer`)
    assert files == [f"{run_id}.json", f"{run_id}.w{number}.json"]  # one file per writing PC
    assert school.folded() == laptop.folded()
    (folded,) = school.folded().values()
    assert folded[1] is not None and len(dict(folded[2])[round_id]) == 4  # closed, all four marks


def test_two_co_teachers_pcs_joining_one_lesson_while_apart_each_write_their_own_file(syncthing_trio, tmp_path):
    """The teacher gives a lesson on the classroom PC (A); two co-teachers' laptops (B, C),
    in step before, are both cut off (the school network down) and each joins the lesson by
    itself and marks. Each writes a file whose number is made from its own device id, so
    once all three meet there is no conflict copy (two PCs numbering themselves 1 both
    wrote `<run>.w1.json`) and every mark of all three counts on every PC."""
    folder = syncthing_trio.add_folder(st.new_folder_id("samen"))
    try:
        school, first, second = (Pc.on(n, folder.path(d), tmp_path) for n, d in (("school", "A"), ("co1", "B"), ("co2", "C")))
        _import(school, PUPILS)
        with school.store() as store:
            run = store.start_run(store.get_class("5B"), example_plan(), set())
            run.next_phase()
            round_ = run.open_round("Welke breuk is groter?")
            run.mark(round_, run.pupil_ids[0], "fout")
            run_id, round_id = run.run_id, round_.round_id
            store.release(run_id)
        syncthing_trio.wait_in_sync(folder.folder_id)
        b, c = syncthing_trio["B"], syncthing_trio["C"]
        syncthing_trio.pause(b)
        syncthing_trio.pause(c)  # both apart from everyone
        expected = {run.pupil_ids[0]: "fout"}
        for pc, pupil, value in ((first, 1, "half"), (second, 2, "fout"), (first, 3, "fout")):
            with pc.store() as store:
                joined = store.join_run(run_id)  # by itself: no number given
                assert joined.mark(joined.state.rounds[round_id], joined.pupil_ids[pupil], value) is not None
                store.release(run_id)
            expected[run.pupil_ids[pupil]] = value
        with school.store() as store:  # the teacher goes on meanwhile
            run = store.open_run(run_id)
            run.mark(run.state.rounds[round_id], run.pupil_ids[4], "half")
            expected[run.pupil_ids[4]] = "half"
            store.release(run_id)
        for device in (b, c):  # back: each link resumed, listening side first (as `resume`)
            for dialer, listener in [syncthing_trio.dialer(device, o) for o in syncthing_trio.others(device)]:
                listener.resume(dialer)
                dialer.resume(listener)
        syncthing_trio.wait_connected()
        syncthing_trio.wait_in_sync(folder.folder_id)

        assert syncthing_trio.conflict_copies(folder.folder_id) == {"A": [], "B": [], "C": []}
        names = {pc.name: sorted(p.name for p in pc.data.glob(f"runs/*/{run_id}*.json")) for pc in (school, first, second)}
        assert len(names["school"]) == 3 and names["school"] == names["co1"] == names["co2"]  # the run, one per laptop
        for pc in (school, first, second):
            with pc.store() as store:
                assert store.open_run(run_id, lock=False).state.rounds[round_id].marks == expected, pc.name
        assert school.folded() == first.folded() == second.folded()
    finally:
        syncthing_trio.remove_folder(folder.folder_id)
