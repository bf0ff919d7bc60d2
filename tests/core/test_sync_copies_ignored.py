"""A data folder with a sync engine's copies in it reads as the folder without them: no run
twice, no copy of a writer's file "damaged", no OneDrive copy winning over the class file it
copies, no copy of a lesson a lesson of its own; each copy is one line that says what to do."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.cli.commands import check
from lesson_tui.files.synccopies import Engine
from lesson_tui.lesson.writers import writer_file
from lesson_tui.plan.lessoncopies import changed_lines, lesson_differences
from lesson_tui.plan.lessonplan import LessonFileError, LessonLibrary, example_lessons_dir, folders_stamp, lesson_files
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.versions import Keep, keep_version
from tests.builders import class_of, own_class_file

STAMP = "20261123-101500"


def _syncthing(name: str, device: str = "ABCDEF7") -> str:
    stem, _dot, ext = name.rpartition(".")
    return f"{stem}.sync-conflict-{STAMP}-{device}.{ext}"


def _onedrive(name: str, computer: str = "DESKTOP-4F3K2L1") -> str:
    stem, _dot, ext = name.rpartition(".")
    return f"{stem}-{computer}.{ext}"


def _google(name: str, number: int = 1) -> str:
    stem, _dot, ext = name.rpartition(".")
    return f"{stem} ({number}).{ext}"


def _reopen(root: Path, clock: FakeClock) -> DataStore:
    """The folder as another PC opens it after a sync: no index yet, made from the run files."""
    layout.index_path(root).unlink(missing_ok=True)
    return DataStore(root, clock)


def test_a_conflict_copy_of_a_run_is_not_a_second_run_nor_a_damaged_file(store, run, clock):
    joined = store.join_run(run.run_id, writer=1)
    joined.next_phase()
    store.update_run_summary(run)
    store.release(run.run_id)
    main, co = run.path, writer_file(run.path, 1)
    shutil.copy(main, main.with_name(_syncthing(main.name)))
    shutil.copy(co, co.with_name(_syncthing(co.name, "XYZ1234")))
    shutil.copy(main, main.with_name(_onedrive(main.name)))

    again = _reopen(store.folder.root, clock)

    assert [r.run_id for r in again.runs()] == [run.run_id]
    assert [r.path for r in again.runs()] == [main.relative_to(store.folder.root).as_posix()]
    assert not [p for p in again.problems if "beschadigd" in p]
    copies = [p for p in again.problems if "een kopie die" in p]
    assert len(copies) == 3 == len(again.problems)
    assert any(_syncthing(co.name, "XYZ1234") in p and f"van {co.name}" in p and "Syncthing" in p for p in copies)
    assert any(_onedrive(main.name) in p and "OneDrive" in p and "onaangeroerd" in p for p in copies)


def test_a_onedrive_copy_of_a_class_file_never_wins_over_the_class_file(store, clock):
    class_of(store, "4a", 3)
    path = own_class_file(store.folder.root, "4a")
    copy = path.with_name(_onedrive(path.name))  # 4a-DESKTOP-….json sorts before 4a.json
    shutil.copy(path, copy)
    fresh = DataStore(store.folder.root, clock)

    assert [c.name for c in fresh.classes() if not c.builtin] == ["4a"]
    assert not [p for p in fresh.problems if "dezelfde id" in p]  # not "4a.json is a copy"
    assert [p for p in fresh.problems if copy.name in p and "OneDrive" in p and f"van {path.name}" in p]
    assert all(path.name not in p.split(":")[0] for p in fresh.problems)  # the real file is never the problem


def test_a_syncthing_copy_of_a_class_file_is_one_line_once(store, clock):
    class_of(store, "5b", 2)
    path = own_class_file(store.folder.root, "5b")
    before = store.class_files.stamp()
    shutil.copy(path, path.with_name(_syncthing(path.name)))
    assert store.class_files.stamp() != before  # the home screen reads the classes again, and says it
    fresh = DataStore(store.folder.root, clock)
    fresh.classes()
    fresh.classes()  # read again (the home screen every few seconds): still said once
    assert len(fresh.problems) == 1
    assert f"{path.stem}.sync-conflict-" in fresh.problems[0] and "doe dat opnieuw in de app" in fresh.problems[0]


def _lessons(tmp_path: Path) -> Path:
    folder = tmp_path / "lessen"
    shutil.copytree(example_lessons_dir(), folder)
    return folder


def test_a_copy_of_a_lesson_is_two_versions_of_it_not_a_lesson(tmp_path):
    folder = _lessons(tmp_path)
    original = folder / "breuken-vergelijken.toml"
    text = original.read_text(encoding="utf-8")
    copy = folder / _onedrive(original.name, "PC")  # sorts before the original
    copy.write_text(text.replace('titel = "Breuken vergelijken"', 'titel = "Breuken (thuis)"'), encoding="utf-8")
    before = LessonLibrary.scan([example_lessons_dir()])

    library = LessonLibrary.scan([folder])

    assert set(library.lessons) == set(before.lessons)
    assert library.lessons["breuken-vergelijken"][0] == original
    assert not library.errors  # not "the id is also used in"
    [versions] = library.versions
    assert (versions.original, versions.copy, versions.engine) == (original, copy, Engine.ONEDRIVE)
    assert versions.titel == "Breuken vergelijken"
    assert versions.differences == ("titel",)
    assert versions.line() == (
        'twee versies van "Breuken vergelijken": breuken-vergelijken.toml en de kopie '
        "breuken-vergelijken-PC.toml die OneDrive maakte; ze verschillen in titel"
    )


def test_a_teachers_own_file_named_like_a_copy_is_a_lesson(tmp_path):
    """`Breuken-H3.toml` beside `Breuken.toml` with its own id is the teacher's, not OneDrive's."""
    folder = _lessons(tmp_path)
    text = (folder / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    own = folder / "breuken-vergelijken-H3.toml"
    own.write_text(text.replace('id = "breuken-vergelijken"', 'id = "breuken-h3"'), encoding="utf-8")
    google = folder / "waterkringloop (2).toml"
    google.write_text(
        (folder / "waterkringloop.toml").read_text(encoding="utf-8").replace('id = "waterkringloop"', 'id = "water-2"'),
        encoding="utf-8",
    )

    library = LessonLibrary.scan([folder])

    assert library.lessons["breuken-h3"][0] == own
    assert library.lessons["water-2"][0] == google
    assert not library.versions


def test_a_syncthing_copy_whose_original_is_gone_is_the_lesson(tmp_path):
    folder = _lessons(tmp_path)
    original = folder / "waterkringloop.toml"
    original.rename(folder / _syncthing(original.name))
    library = LessonLibrary.scan([folder])
    assert library.lessons["waterkringloop"][0] == folder / _syncthing(original.name)
    assert not library.versions


def test_an_arriving_copy_changes_the_folders_stamp(tmp_path):
    folder = _lessons(tmp_path)
    before = folders_stamp([folder])
    shutil.copy(folder / "waterkringloop.toml", folder / _syncthing("waterkringloop.toml"))
    assert folders_stamp([folder]) != before
    assert folder / _syncthing("waterkringloop.toml") not in lesson_files([folder])


def test_check_names_the_two_versions_and_still_passes(tmp_path, capsys):
    folder = _lessons(tmp_path)
    original = folder / "waterkringloop.toml"
    copy = folder / _syncthing(original.name)
    copy.write_text(original.read_text(encoding="utf-8").replace("minuten = 4", "minuten = 6", 1), encoding="utf-8")

    assert check([folder]) == 0
    out = capsys.readouterr().out
    assert f'{copy}: -: twee versies van "De kringloop van het water"' in out
    assert "die Syncthing maakte; ze verschillen in fase 1 minuten" in out
    assert f"{len(list(example_lessons_dir().glob('*.toml')))} lesbestand(en) geldig." in out


def test_differences_name_the_place_of_each_changed_line():
    a = (
        'id = "x"\ntitel = "A"\n\n[[fase]]\nsoort = "ik"\nminuten = 4\n\n[[fase.cfu]]\nvraag = "0"\n\n'
        '[[fase]]\nsoort = "wij"\n\n[[fase.cfu]]\nvraag = "1"\n'
    )
    b = a.replace('vraag = "1"', 'vraag = "2"').replace("minuten = 4", "minuten = 5") + "# een opmerking\n\n"
    assert lesson_differences(a, b) == ("fase 1 minuten", "fase 2 cfu 1 vraag")
    assert lesson_differences(a, a) == ()
    lists = 'kernwoorden = [\n  "teller",\n  "noemer",\n]\n'
    assert lesson_differences(lists, lists.replace("noemer", "breuk")) == ("kernwoorden",)


# --- the folder with copies is the folder without them ------------------------------------

_computer = st.from_regex(r"[A-Z][A-Z0-9]{1,6}-[A-Z0-9]{2,7}", fullmatch=True)
_device = st.from_regex(r"[A-Z0-9]{7}", fullmatch=True)


@st.composite
def copy_names(draw, name: str) -> str:
    engine = draw(st.sampled_from(list(Engine)))
    if engine is Engine.SYNCTHING:
        return _syncthing(name, draw(_device))
    if engine is Engine.ONEDRIVE:
        return _onedrive(name, draw(_computer))
    return _google(name, draw(st.integers(1, 30)))


def _folder_view(root: Path, lessons: Path, clock: FakeClock) -> tuple[list, list, list, list[str]]:
    store = _reopen(root, clock)
    library = LessonLibrary.scan([lessons])
    runs = sorted((r.run_id, r.path, r.status) for r in store.runs())
    classes = sorted((c.id, c.name, tuple(p.id for p in c.pupils)) for c in store.classes())
    found = sorted((lesson_id, str(path)) for lesson_id, (path, _) in library.lessons.items())
    return runs, classes, found, store.problems


@given(st.data())
def test_a_folder_with_copies_lists_what_the_folder_without_them_does(data):
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        root, lessons = Path(tmp) / "data", _lessons(Path(tmp))
        store = DataStore(root, clock)
        library = LessonLibrary.scan([lessons])
        classes = [
            class_of(store, name, 3) for name in data.draw(st.lists(st.sampled_from(["4a", "5b", "6c"]), unique=True))
        ]
        for klas in [*classes, store.get_class("Demo 4A")][: data.draw(st.integers(1, 3))]:
            run = store.start_run(klas, library.lessons["waterkringloop"][1], set(), rng=random.Random(1))
            if data.draw(st.booleans()):
                store.join_run(run.run_id, writer=1).next_phase()
            store.update_run_summary(run)
            store.release(run.run_id)
            clock.advance(3600)
        expected = _folder_view(root, lessons, clock)
        assert not expected[3]

        files = sorted([*layout.run_files(root), *layout.classes_dir(root).glob("*.json"), *layout.classes_dir(root).glob("*/*.json"), *lessons.glob("*.toml")])
        made, lesson_copies = 0, set()
        for original in data.draw(st.lists(st.sampled_from(files), max_size=6)):
            copy = original.with_name(data.draw(copy_names(original.name)))
            if copy.exists():
                continue
            text = original.read_bytes()
            if data.draw(st.booleans()):
                text = text.replace(b"minuten = 4", b"minuten = 9")  # another edit, in a lesson
            copy.write_bytes(text)
            made += original.suffix == ".json"
            if original.suffix == ".toml":
                lesson_copies.add(copy)

        runs, klassen, found, problems = _folder_view(root, lessons, clock)
        assert (runs, klassen, found) == expected[:3]
        assert len(problems) == made
        assert all("een kopie die" in p and "onaangeroerd" in p for p in problems)
        versions = LessonLibrary.scan([lessons]).versions
        assert {v.copy for v in versions} == lesson_copies


# --- the teacher's choice between two versions (store/versions.py) -------------------------


def _two_versions(tmp_path: Path) -> tuple[Path, LessonLibrary]:
    data = tmp_path / "data"
    own = layout.own_lessons_dir(data)
    own.mkdir(parents=True)
    text = (example_lessons_dir() / "waterkringloop.toml").read_text(encoding="utf-8")
    (own / "water.toml").write_text(text, encoding="utf-8")
    (own / _syncthing("water.toml")).write_text(text.replace("minuten = 4", "minuten = 7", 1), encoding="utf-8")
    return data, LessonLibrary.scan([own])


def _archived(data: Path) -> list[bytes]:
    return sorted(p.read_bytes() for p in layout.archive_dir(data).glob("*.toml"))


@pytest.mark.parametrize("keep", list(Keep))
def test_each_choice_keeps_every_byte_and_leaves_one_version_or_two_lessons(tmp_path, keep):
    data, library = _two_versions(tmp_path)
    [versions] = library.versions
    mine, theirs = versions.original.read_bytes(), versions.copy.read_bytes()

    result = keep_version(data, versions, keep, library.lessons)

    after = LessonLibrary.scan([versions.original.parent])
    assert not after.versions
    kept = {lesson_id: path.read_bytes() for lesson_id, (path, _) in after.lessons.items()}
    if keep is Keep.THIS:
        assert (result, kept, _archived(data)) == (versions.original, {"waterkringloop": mine}, [theirs])
    elif keep is Keep.OTHER:
        assert (result, kept, _archived(data)) == (versions.original, {"waterkringloop": theirs}, [mine])
        assert after.lessons["waterkringloop"][0] == versions.original  # under the lesson's own name
    else:
        assert set(kept) == {"waterkringloop", "de-kringloop-van-het-water-kopie"}
        assert kept["waterkringloop"] == mine and _archived(data) == [theirs]
        new = after.lessons["de-kringloop-van-het-water-kopie"]
        assert (new[0], new[1].titel) == (result, "De kringloop van het water (kopie)")
        assert new[1].fase[0].minuten == 7  # the copy's own content


def test_keeping_both_of_a_copy_that_is_no_toml_changes_nothing(tmp_path):
    data, library = _two_versions(tmp_path)
    [versions] = library.versions
    versions.copy.write_text("titel = [kapot\n", encoding="utf-8")
    before = sorted(p.name for p in versions.original.parent.iterdir())
    with pytest.raises(LessonFileError):
        keep_version(data, versions, Keep.BOTH, library.lessons)
    assert sorted(p.name for p in versions.original.parent.iterdir()) == before
    assert not layout.archive_dir(data).exists()


def test_the_changed_lines_say_where_and_stop_at_the_limit():
    a = 'id = "x"\ntitel = "A"\n\n[[fase]]\nsoort = "ik"\nminuten = 4\n'
    b = a.replace('titel = "A"', 'titel = "B"').replace("minuten = 4", "minuten = 5")
    assert changed_lines(a, b) == [
        "titel:",
        '- titel = "A"',
        '+ titel = "B"',
        "fase 1 minuten:",
        "- minuten = 4",
        "+ minuten = 5",
    ]
    assert changed_lines(a, b, limit=4) == ["titel:", '- titel = "A"', '+ titel = "B"', "… en nog 3 regel(s)"]
    assert changed_lines(a, a + "\n") == []
