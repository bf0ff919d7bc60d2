"""Copies a sync engine makes are never read as data: the names, by engine."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.files.synccopies import CopyKind, Engine, split_sync_copies, sync_copies_in, sync_copy
from lesson_tui.klas.pupils import class_slug
from lesson_tui.lesson.writers import writer_file
from lesson_tui.store.device import new_device_id
from lesson_tui.store.runs import new_run_id

# --- our own names, made by our own code --------------------------------------------

_device_ids = st.one_of(st.builds(new_device_id), st.from_regex(r"[a-z2-7]{8}", fullmatch=True))
_when = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))


@st.composite
def run_names(draw) -> list[str]:
    """A run file, its co-writers' files and a quarantined copy, as the store names them."""
    when = draw(_when)
    # this version's `YYYYMMDD-HHMM-<device>-xxxx`, and the `YYYYMMDD-HHMM-xxxx` of earlier ones
    legacy = f"{when:%Y%m%d-%H%M}-{draw(st.from_regex(r'[0-9a-f]{4}', fullmatch=True))}"
    run_id = draw(st.sampled_from([new_run_id(when, draw(_device_ids)), legacy]))
    run_file = f"{run_id}.json"
    writers = [writer_file(Path(run_file), k).name for k in draw(st.sets(st.integers(1, 12), max_size=3))]
    stamp = draw(_when).strftime("%Y%m%d-%H%M%S")  # DataStore._stamp, quarantine()'s name
    return [run_file, *writers, f"{run_id}.beschadigd-{stamp}.json"]


_slug_word = st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
lesson_ids = st.lists(_slug_word, min_size=1, max_size=4).map("-".join)
class_files = st.text(min_size=1, max_size=20).map(lambda name: f"{class_slug(name)}.json")
fixed = st.sampled_from(["index.json", "settings.json", "coteach.json", "index.lock", "lessons.cache.json"])


@st.composite
def our_folder(draw) -> list[str]:
    """The names in one folder of a data folder, or of a lesson folder."""
    names: list[str] = [*draw(fixed.map(lambda n: [n]))]
    for runs in draw(st.lists(run_names(), max_size=4)):
        names += runs
    names += [f"{lesson}.toml" for lesson in draw(st.lists(lesson_ids, max_size=5))]
    names += draw(st.lists(lesson_ids.map(lambda i: f"{i}-2.toml"), max_size=2))  # the editor's free id
    names += draw(st.lists(class_files, max_size=4))
    return names


@given(our_folder())
def test_our_own_names_are_never_taken_for_a_copy(names):
    siblings = frozenset(names)
    for name in names:
        assert sync_copy(name, siblings) is None, name


def test_the_names_of_the_issue_are_ours():
    siblings = {"20261123-0900-da3a.json", "20261123-0900.json", "20261123-0900-k7q2mx4b-da3a.json", "breuken.toml", "breuken-vergelijken.toml", "4a.json"}
    for name in [*siblings, "20261123-0900-da3a.w1.json", "4a-extra.json", "breuken-2.toml"]:
        assert sync_copy(name, siblings) is None, name


# --- every copy of a real name is recognised and points back to it ---------------------

_device = st.from_regex(r"[A-Z2-7]{7}", fullmatch=True)
_computer = st.one_of(
    st.from_regex(r"DESKTOP-[A-Z0-9]{7}", fullmatch=True),
    st.from_regex(r"[A-Z][A-Z0-9-]{0,14}", fullmatch=True),
    st.sampled_from(["LAPTOP-JAN", "KLAS-PC3", "Jans-MacBook-Pro", "PC-4B"]),
)


def _split(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if dot > 0 else (name, "")


def syncthing_conflict(name: str, when: datetime, device: str) -> str:
    stem, ext = _split(name)  # Go's filepath.Ext: the last extension
    return f"{stem}.sync-conflict-{when:%Y%m%d-%H%M%S}-{device}{ext}"


def onedrive(name: str, computer: str) -> str:
    stem, ext = _split(name)
    return f"{stem}-{computer}{ext}"


def google_drive(name: str, number: int) -> str:
    stem, ext = _split(name)
    return f"{stem} ({number}){ext}"


@st.composite
def folder_and_name(draw) -> tuple[list[str], str]:
    names = draw(our_folder())
    extra = draw(st.sampled_from(["Breuken (toets).toml", "les.v2.toml", "klas 5B.csv", "leesbaar"]))
    names.append(extra)
    return names, draw(st.sampled_from(names))


@given(folder_and_name(), _when, _device, _computer, st.integers(1, 99))
def test_every_copy_of_a_real_name_is_recognised_and_points_back_to_it(folder, when, device, computer, number):
    names, name = folder
    made = {
        (Engine.SYNCTHING, CopyKind.CONFLICT): syncthing_conflict(name, when, device),
        (Engine.SYNCTHING, CopyKind.TEMP): f".syncthing.{name}.tmp",
        (Engine.SYNCTHING, CopyKind.TEMP, "windows"): f"~syncthing~{name}.tmp",
        (Engine.ONEDRIVE, CopyKind.CONFLICT): onedrive(name, computer),
        (Engine.GOOGLE_DRIVE, CopyKind.CONFLICT): google_drive(name, number),
    }
    siblings = frozenset(names) | frozenset(made.values())
    for (engine, kind, *_), copy_name in made.items():
        found = sync_copy(copy_name, siblings)
        assert found is not None, copy_name
        assert (found.engine, found.kind, found.original, found.name) == (engine, kind, name, copy_name)
    assert sync_copy(made[Engine.SYNCTHING, CopyKind.CONFLICT], siblings).source == device
    assert sync_copy(made[Engine.ONEDRIVE, CopyKind.CONFLICT], siblings).source == computer


def test_syncthing_names_need_no_original_beside_them():
    """A Syncthing name cannot be ours, so it is a copy even when its original is gone."""
    found = sync_copy("index.sync-conflict-20261123-091500-ABCDEF7.json")
    assert (found.engine, found.kind, found.original, found.source) == (
        Engine.SYNCTHING,
        CopyKind.CONFLICT,
        "index.json",
        "ABCDEF7",
    )
    old = sync_copy("index.sync-conflict-20150101-120000.json")  # before device ids were in the name
    assert old is not None and old.original == "index.json" and old.source == ""
    assert sync_copy("~syncthing~les.toml.tmp").original == "les.toml"
    assert sync_copy(f".syncthing.{'ab' * 32}.tmp").original == ""  # a long name, hashed


def test_onedrive_and_google_drive_names_need_their_original_beside_them():
    assert sync_copy("les-DESKTOP-4F3K2L1.toml", {"andere.toml"}) is None
    assert sync_copy("les (1).toml", {"andere.toml"}) is None
    assert sync_copy("les-DESKTOP-4F3K2L1.toml", {"les.toml"}).original == "les.toml"
    assert sync_copy("les (1).toml", {"les.toml"}).original == "les.toml"
    # the longest original that exists, and a computer name has a capital letter
    assert sync_copy("les-2-PC-JAN.toml", {"les.toml", "les-2.toml"}).original == "les-2.toml"
    assert sync_copy("les-2.toml", {"les.toml"}) is None
    assert sync_copy("les-pc.toml", {"les.toml"}) is None


def test_split_sync_copies_looks_for_the_original_on_disk(tmp_path):
    runs = tmp_path / "runs" / "2026"
    runs.mkdir(parents=True)
    for name in [
        "r.json",
        "r.w1.json",
        "r.sync-conflict-20261123-091500-ABCDEF7.json",
        ".syncthing.q.json.tmp",
        "les.toml",
        "les (1).json",
    ]:
        (runs / name).write_text("{}", encoding="utf-8")
    data, copies = split_sync_copies(sorted(runs.glob("*.json")))
    assert [p.name for p in data] == ["les (1).json", "r.json", "r.w1.json"]  # no "les.json" beside it
    assert [(p.name, c.original) for p, c in copies] == [("r.sync-conflict-20261123-091500-ABCDEF7.json", "r.json")]
    (runs / "les.json").write_text("{}", encoding="utf-8")
    _, copies = split_sync_copies(sorted(runs.glob("*.json")))
    assert ("les (1).json", "les.json") in [(p.name, c.original) for p, c in copies]
    assert [(p.relative_to(tmp_path).as_posix(), c.kind) for p, c in sync_copies_in(tmp_path)] == [
        ("runs/2026/.syncthing.q.json.tmp", CopyKind.TEMP),
        ("runs/2026/les (1).json", CopyKind.CONFLICT),
        ("runs/2026/r.sync-conflict-20261123-091500-ABCDEF7.json", CopyKind.CONFLICT),
    ]
    assert sync_copies_in(tmp_path, recursive=False) == []


_PIECES = st.sampled_from(
    ["les", "breuken", "-", ".", " (", "1)", "2)", ".json", ".toml", ".tmp", "sync", ".sync-conflict-",
     "20261202-101500", "-ABCDEFG", "~syncthing~", ".syncthing.", "-DESKTOP-4F3K2L1", "-MacBook", "w1", "ë"]
)


@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join), st.lists(st.lists(_PIECES, max_size=4).map("".join), max_size=3))
def test_the_quick_look_never_changes_what_a_name_is(name, others):
    """`sync_copy` answers most names without its patterns (they have no Syncthing word, no
    " (n)" and no capital): the answer is always the one the patterns give."""
    from lesson_tui.files.synccopies import _engine_copy

    for siblings in (set(others), {*others, name.replace(" (1)", "").replace("-DESKTOP-4F3K2L1", "")}):
        assert sync_copy(name, siblings) == _engine_copy(name, siblings)
