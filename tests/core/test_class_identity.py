"""A class is its id, not its name: re-importing "5B" as "5b" keeps everything, old data
folders (classes keyed by name) load and migrate by themselves, and pupils are added,
renamed and archived one at a time without a terminal."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from builders import own_class_file

from lesson_tui.cli.main import main
from lesson_tui.klas.classimport import parse_class_csv
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.rules.seating import room_for
from lesson_tui.session.history import class_history, pre_teaching
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.settings import Settings

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy-data"  # written by main at 3739869
ROWS = b"nr;voornaam;familienaam\n1;Aya;Benali\n2;Bo;Claes\n3;Cas;Dhont\n4;Dirk;Eyck\n"


def _legacy_copy(tmp_path: Path) -> Path:
    target = tmp_path / "oud"
    shutil.copytree(LEGACY, target)
    return target


def _ids(school_class) -> dict[str, str]:
    return {p.first_name: p.id for p in school_class.pupils}


def _lesson_with_split(store, klas, plan, miniklas: str) -> None:
    run = store.start_run(klas, plan, set(), rng=random.Random(1))
    run.next_phase()
    check = run.open_round("vraag")
    for pupil in klas.active_pupils:
        run.mark(check, pupil.id, "fout" if pupil.id == miniklas else "juist")
    run.close_round(check)
    run.set_override(miniklas, 3)
    run.confirm_sporen(dict.fromkeys(run.pupil_ids, ""))
    run.close()
    store.update_run_summary(run)
    store.release(run.run_id)


# --- identity ---------------------------------------------------------------------------


def test_reimport_in_other_capitals_keeps_the_class_and_all_it_had(store, plan, clock):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    ids = _ids(klas)
    _lesson_with_split(store, klas, plan, ids["Bo"])
    settings = Settings(store.root)
    settings.set_niet_samen(klas.id, ids["Aya"], ids["Cas"])
    settings.set_seating(klas.id, room_for(4), {ids["Dirk"]})
    clock.advance(3600)

    result = store.import_class("5b", parse_class_csv(ROWS))

    again = result.school_class
    assert again.id == klas.id and again.name == "5b" and result.kept == 4
    assert [c.name for c in store.classes()] == ["5b", "Demo 4A"]  # one class, respelled
    assert len(store.runs(again.id)) == 1
    history = class_history(store, again.id)
    assert len(history.runs) == 1 and {t.name: t.miniklas for t in history.pupils}["Bo"] == 1
    _, invites = pre_teaching(store, again.id, "wiskunde")
    assert [i.name for i in invites] == ["Bo Claes"]
    fresh = Settings(store.root)
    assert fresh.niet_samen(again.id) == {frozenset((ids["Aya"], ids["Cas"]))}
    assert fresh.seating(again.id) is not None and fresh.vooraan(again.id) == {ids["Dirk"]}


def test_the_command_line_finds_a_class_in_any_capitals(store, plan, capsys):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    _lesson_with_split(store, klas, plan, _ids(klas)["Bo"])
    store.import_class("5b", parse_class_csv(ROWS))
    capsys.readouterr()
    assert main(["--data-dir", str(store.root), "runs", "--class", "5B"]) == 0
    assert "breuken-vergelijken" in capsys.readouterr().out
    out = store.root / "volgende.md"
    assert main(["--data-dir", str(store.root), "next-lesson", "--class", "5b", "--vak", "wiskunde", "--output", str(out)]) == 0
    assert "Bo Claes" in out.read_text(encoding="utf-8")


def test_a_new_class_of_an_old_name_is_another_class(store, plan):
    """The id is never one a past class held: next year's 5B does not inherit this year's lessons."""
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    _lesson_with_split(store, klas, plan, _ids(klas)["Bo"])
    own_class_file(store.root).unlink()
    next_year = store.import_class("5B", parse_class_csv(b"naam\nEva\nFien\n")).school_class
    assert next_year.id != klas.id
    assert store.runs(next_year.id) == [] and class_history(store, next_year.id).runs == []


def test_classes_whose_file_names_would_clash_are_both_kept(store):
    """"5é" and "5e" made the same file name; each class now has its own id and file."""
    first = store.import_class("5é", parse_class_csv(b"naam\nAya\n")).school_class
    second = store.import_class("5e", parse_class_csv(b"naam\nBo\n")).school_class
    assert first.id != second.id
    assert {c.name: len(c.active_pupils) for c in store.classes()} == {"5é": 1, "5e": 1, "Demo 4A": 24}


# --- an old data folder ----------------------------------------------------------------


def test_an_old_data_folder_keeps_its_runs_history_and_settings(tmp_path, clock, library):
    """The folder as the old code left it after re-importing 5B as 5b: the class file says
    "5b", the run, the index and the settings say "5B". All of it belongs to the class."""
    store = DataStore(_legacy_copy(tmp_path), clock)
    klas = store.get_class("5b")
    ids = _ids(klas)
    assert len(store.runs(klas.id)) == 1
    history = class_history(store, klas.id)
    assert len(history.runs) == 1 and {t.name: t.miniklas for t in history.pupils}["Bo"] == 1
    _, invites = pre_teaching(store, klas.id, "wiskunde")
    assert [i.name for i in invites] == ["Bo Claes"]
    settings = Settings(store.root)
    assert settings.niet_samen(klas.id) == {frozenset((ids["Bo"], ids["Cas"]))}
    assert settings.seating(klas.id).seats and settings.vooraan(klas.id) == {ids["Dirk"]}
    # the groups of that lesson still mix the next one
    run = store.start_run(klas, library.lessons["breuken-vergelijken"][1], set())
    assert store.recent_pairs(run)[frozenset((ids["Aya"], ids["Cas"]))] == 1
    assert store.spoor3_history(run) == [{ids["Bo"]}]


def test_an_old_data_folder_migrates_at_its_first_change_and_loses_nothing(tmp_path, clock, library):
    root = _legacy_copy(tmp_path)
    store = DataStore(root, clock)
    klas = store.get_class("5B")
    ids = _ids(klas)
    settings = Settings(root)
    before = (root / "instellingen.json").read_bytes()
    settings.set_niet_samen(klas.id, ids["Aya"], ids["Dirk"])
    assert (root / "instellingen.json").read_bytes() == before  # read, never written again
    assert (root / "settings" / f"{device_id()}.json").is_file()  # the change: this PC's own file
    fresh = Settings(root)
    assert fresh.niet_samen(klas.id) == {frozenset((ids["Bo"], ids["Cas"])), frozenset((ids["Aya"], ids["Dirk"]))}
    assert fresh.seating(klas.id).seats and fresh.vooraan(klas.id) == {ids["Dirk"]}

    result = store.import_class("5B", parse_class_csv(ROWS))
    assert result.school_class.id == klas.id and result.kept == 4
    old_file = json.loads((root / "classes" / "5b.json").read_text(encoding="utf-8"))
    assert "id" not in old_file["class"]["1"]  # read, never written again
    written = json.loads(own_class_file(root).read_text(encoding="utf-8"))
    assert written["class"]["1"]["id"] == klas.id  # stored now, in this PC's own file
    run = store.start_run(result.school_class, library.lessons["breuken-vergelijken"][1], set())
    store.release(run.run_id)
    assert run.info["class_id"] == klas.id
    assert len(store.runs(klas.id)) == 2
    # a damaged index is rebuilt from the run files, old and new, without losing the link
    (root / "index.json").write_text("{ kapot", encoding="utf-8")
    assert len(DataStore(root, clock).runs(klas.id)) == 2


def test_a_damaged_class_file_finds_its_id_and_pupils_in_the_runs(store, plan):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    _lesson_with_split(store, klas, plan, _ids(klas)["Bo"])
    own_class_file(store.root).write_text("{ kapot", encoding="utf-8")
    result = store.import_class("5b", parse_class_csv(ROWS))
    assert result.recovered and result.kept == 4
    assert result.school_class.id == klas.id and len(store.runs(klas.id)) == 1


# --- one pupil at a time ---------------------------------------------------------------


def test_add_rename_and_archive_a_pupil(store, plan):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    ids = _ids(klas)
    run = store.start_run(klas, plan, set())
    store.release(run.run_id)

    eva = store.add_pupil(klas.id, " Eva ", "  Fonteyn")
    assert (eva.first_name, eva.last_name, eva.number) == ("Eva", "Fonteyn", 5) and eva.id not in ids.values()
    bo = store.rename_pupil(klas.id, ids["Bo"], "Bo", "Claes-Dewit")
    assert bo.id == ids["Bo"]
    store.archive_pupil(klas.id, ids["Cas"])

    now = store.class_by_id(klas.id)
    assert [p.full_name for p in now.active_pupils] == ["Aya Benali", "Bo Claes-Dewit", "Dirk Eyck", "Eva Fonteyn"]
    assert any(p.id == ids["Cas"] and not p.active for p in now.pupils)  # archived, not deleted
    assert [p.full_name for p in store.open_run(run.run_id, lock=False).pupils][1:3] == ["Bo Claes", "Cas Dhont"]
    # a re-import that lists Cas again brings back the same pupil, with his history
    back = store.import_class("5B", parse_class_csv(ROWS))
    assert _ids(back.school_class)["Cas"] == ids["Cas"]


@pytest.mark.parametrize(
    "first, last, number, message",
    [("", "", None, "typ een voornaam"), ("123", "", None, "geen naam"), ("Eva", "", 2, "al van Bo Claes"), ("Eva", "", 0, "1 tot 999")],
)
def test_a_pupil_that_cannot_be_added_is_said_and_nothing_changes(store, first, last, number, message):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    before = own_class_file(store.root).read_bytes()
    with pytest.raises(ClassListError, match=message):
        store.add_pupil(klas.id, first, last, number)
    assert own_class_file(store.root).read_bytes() == before


def test_a_failed_write_leaves_the_class_as_it_was(store, monkeypatch):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    before = own_class_file(store.root).read_bytes()

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lesson_tui.store.identity.atomic_write_bytes", full)
    with pytest.raises(ClassListError, match="kon niet bewaren"):
        store.rename_pupil(klas.id, klas.pupils[0].id, "Ayla")
    assert own_class_file(store.root).read_bytes() == before


def test_two_windows_changing_one_class_keep_both_changes(store, clock):
    klas = store.import_class("5B", parse_class_csv(ROWS)).school_class
    other_window = DataStore(store.root, clock)
    stale = other_window.class_by_id(klas.id)
    store.add_pupil(klas.id, "Eva")
    other_window.rename_pupil(stale.id, stale.pupils[0].id, "Ayla", "Benali")
    names = [p.first_name for p in store.class_by_id(klas.id).active_pupils]
    assert names == ["Ayla", "Bo", "Cas", "Dirk", "Eva"]


def test_a_copied_class_file_is_named_not_shown_twice(store):
    original = LEGACY / "classes" / "5b.json"  # a class file from before, copied by hand
    (store.root / "classes").mkdir(parents=True)
    (store.root / "classes" / "5b.json").write_bytes(original.read_bytes())
    (store.root / "classes" / "5b_kopie.json").write_bytes(original.read_bytes())
    assert [c.name for c in store.classes()] == ["5b", "Demo 4A"]
    assert any("5b_kopie.json" in p and "kopie" in p for p in store.problems)


def test_the_class_files_stamp_changes_when_another_window_imports(store, clock):
    before = store.classes_stamp()
    DataStore(store.root, clock).import_class("6A", parse_class_csv(b"naam\nAya\n"))
    assert store.classes_stamp() != before
    assert "6A" in [c.name for c in store.classes()]
