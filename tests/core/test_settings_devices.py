"""The classes' settings on two PCs: each PC writes only its own file of changes to them
(`settings/<device id>.json`) and every PC folds all of them in one agreed order, so the
laptop and the classroom PC show the same niet samen, seating plan and vooraan whatever order
the files arrive in. A niet samen pair set on each PC while apart: both stay. A seating plan
or vooraan changed on both: the later change wins, never a conflict copy. `instellingen.json`
from before is where the fold starts, and is never written again."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.rules.seating import room_for
from lesson_tui.store import layout
from lesson_tui.store.device import device_id
from lesson_tui.store.settings import Settings
from lesson_tui.store.settingslog import APART, FRONT, SEATING, SettingsChange, compact, fold

MAIN_DATA = Path(__file__).parents[1] / "fixtures" / "main-data"
KLAS = "k_7e240b577c3c"  # the class of the old folder; its instellingen.json keeps a pair
OLD_PAIR = frozenset(("a064c3fbd85c", "dfc3bd973ad1"))
PUPILS = ["p1", "p2", "p3", "p4", "p5"]


@contextmanager
def pc(state: Path) -> Iterator[None]:
    """Run as the PC whose state folder is `state` (its own device id)."""
    before = os.environ.get(layout.STATE_ENV)
    os.environ[layout.STATE_ENV] = str(state)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(layout.STATE_ENV, None)
        else:
            os.environ[layout.STATE_ENV] = before


class Device:
    """One PC with its own copy of the data folder (they are apart until `sync`)."""

    def __init__(self, base: Path, name: str, clock: FakeClock, start: Path | None = None) -> None:
        self.state = base / f"{name}-state"
        self.data = base / f"{name}-data"
        self.clock = clock
        if start is not None:
            shutil.copytree(start, self.data)
        else:
            self.data.mkdir(parents=True)

    def settings(self) -> Settings:
        with pc(self.state):
            return Settings(self.data, self.clock)

    def do(self, action: str, *args: object) -> None:
        with pc(self.state):
            getattr(Settings(self.data, self.clock), action)(*args)

    @property
    def id(self) -> str:
        with pc(self.state):
            return device_id()

    def own_file(self) -> Path:
        return layout.settings_dir(self.data) / f"{self.id}.json"

    def send_to(self, other: Device) -> None:
        """What a sync engine does: this PC's file arrives in the other's folder."""
        target = layout.settings_dir(other.data)
        target.mkdir(parents=True, exist_ok=True)
        if self.own_file().exists():
            shutil.copy2(self.own_file(), target / self.own_file().name)


def view(settings: Settings, class_id: str = KLAS) -> tuple[object, ...]:
    plan = settings.seating(class_id)
    return (settings.niet_samen(class_id), plan.to_doc() if plan else None, settings.vooraan(class_id))


def two_pcs(tmp_path: Path, clock: FakeClock, start: Path | None = None) -> tuple[Device, Device]:
    return Device(tmp_path, "laptop", clock, start), Device(tmp_path, "pc", clock, start)


def test_a_pair_set_on_each_pc_while_apart_both_stay(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock)
    laptop.do("set_niet_samen", KLAS, "p1", "p2")
    clock.advance(60)
    school.do("set_niet_samen", KLAS, "p3", "p4")
    laptop.send_to(school), school.send_to(laptop)
    both = {frozenset(("p1", "p2")), frozenset(("p3", "p4"))}
    assert laptop.settings().niet_samen(KLAS) == both == school.settings().niet_samen(KLAS)
    assert sorted(p.name for p in layout.settings_dir(school.data).iterdir()) == sorted(
        [f"{laptop.id}.json", f"{school.id}.json"]
    )  # no copy, no file with two writers


def test_a_pair_lifted_on_one_pc_is_lifted_there_only_for_that_pair(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock)
    laptop.do("set_niet_samen", KLAS, "p1", "p2")
    laptop.do("set_niet_samen", KLAS, "p2", "p3")
    laptop.send_to(school)
    clock.advance(60)
    school.do("set_niet_samen", KLAS, "p1", "p2", False)  # lifted on the school PC
    laptop.do("set_niet_samen", KLAS, "p4", "p5")  # meanwhile another pair on the laptop
    laptop.send_to(school), school.send_to(laptop)
    expected = {frozenset(("p2", "p3")), frozenset(("p4", "p5"))}
    assert laptop.settings().niet_samen(KLAS) == expected == school.settings().niet_samen(KLAS)


def test_the_later_seating_plan_and_vooraan_win_on_both_pcs(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock)
    laptop.do("set_seating", KLAS, room_for(10), {"p1"})
    clock.advance(300)
    school.do("set_seating", KLAS, room_for(20), {"p2", "p3"})
    clock.advance(300)
    laptop.do("set_seating", KLAS, room_for(30))  # the plan only: vooraan stays what it was
    school.send_to(laptop), laptop.send_to(school)
    for device in (laptop, school):
        settings = device.settings()
        assert settings.seating(KLAS) == room_for(30) and settings.vooraan(KLAS) == {"p2", "p3"}


def test_a_pc_with_a_fast_clock_does_not_win_over_a_change_made_after_it_was_seen(tmp_path):
    """The laptop's clock is an hour ahead. The school PC, having seen its plan, changes it:
    the school PC's change wins (the hybrid clock stamps after everything seen)."""
    fast, slow = FakeClock(), FakeClock()
    slow.set(fast.now() - timedelta(hours=1))
    laptop, school = Device(tmp_path, "laptop", fast), Device(tmp_path, "pc", slow)
    laptop.do("set_seating", KLAS, room_for(10))
    laptop.send_to(school)
    school.do("set_seating", KLAS, room_for(20))
    school.send_to(laptop)
    assert laptop.settings().seating(KLAS) == room_for(20) == school.settings().seating(KLAS)


def test_a_pcs_file_keeps_one_change_per_pair_and_value(tmp_path, clock):
    laptop, _ = two_pcs(tmp_path, clock)
    for _ in range(5):
        laptop.do("set_niet_samen", KLAS, "p1", "p2")
        laptop.do("set_niet_samen", KLAS, "p1", "p2", False)
        laptop.do("set_seating", KLAS, room_for(10), {"p1"})
        clock.advance(1)
    changes = json.loads(laptop.own_file().read_text(encoding="utf-8"))["changes"]
    assert sorted(c["kind"] for c in changes) == sorted([APART, SEATING, FRONT])
    assert laptop.settings().niet_samen(KLAS) == set()


# --- the old instellingen.json -----------------------------------------------------------


def test_an_old_folders_settings_load_and_are_where_both_pcs_start(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock, MAIN_DATA)
    old = (laptop.data / "instellingen.json").read_bytes()
    assert laptop.settings().niet_samen(KLAS) == {OLD_PAIR}
    laptop.do("set_niet_samen", KLAS, "p1", "p2")
    clock.advance(60)
    school.do("set_niet_samen", KLAS, *sorted(OLD_PAIR), False)  # the old pair lifted on one PC
    laptop.send_to(school), school.send_to(laptop)
    assert laptop.settings().niet_samen(KLAS) == {frozenset(("p1", "p2"))} == school.settings().niet_samen(KLAS)
    assert (laptop.data / "instellingen.json").read_bytes() == old  # read, never written
    assert (school.data / "instellingen.json").read_bytes() == old


# --- damaged, half arrived, copied ----------------------------------------------------------


def test_a_half_arrived_file_of_another_pc_is_set_aside_and_the_rest_still_folds(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock, MAIN_DATA)
    laptop.do("set_niet_samen", KLAS, "p1", "p2")
    school.do("set_seating", KLAS, room_for(12), {"p5"})
    laptop.send_to(school)
    theirs = layout.settings_dir(school.data) / f"{laptop.id}.json"
    whole = theirs.read_bytes()
    theirs.write_bytes(whole[: len(whole) // 2])  # a sync in progress
    settings = school.settings()
    assert settings.niet_samen(KLAS) == {OLD_PAIR}  # the old file's pair, not the laptop's yet
    assert settings.seating(KLAS) == room_for(12) and settings.vooraan(KLAS) == {"p5"}
    (problem,) = settings.problems
    assert str(theirs) in problem and "niet te lezen" in problem and "Traceback" not in problem
    school.do("set_niet_samen", KLAS, "p3", "p4")  # the school PC goes on changing its own file
    assert theirs.read_bytes() == whole[: len(whole) // 2]  # never touched
    theirs.write_bytes(whole)  # it arrived
    assert school.settings().niet_samen(KLAS) == {OLD_PAIR, frozenset(("p1", "p2")), frozenset(("p3", "p4"))}
    assert school.settings().problems == []


def test_a_damaged_change_in_another_pcs_file_is_said_not_a_traceback(tmp_path, clock):
    _laptop, school = two_pcs(tmp_path, clock)
    folder = layout.settings_dir(school.data)
    folder.mkdir(parents=True)
    bad = {
        "schema": 1,
        "kind": "settings-changes",
        "changes": [{"stamp": [1, 0], "seq": 1, "class": KLAS, "kind": "apart"}],
    }
    (folder / "abcdefgh.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "bcdefghi.json").write_text("[1, 2]", encoding="utf-8")
    school.do("set_niet_samen", KLAS, "p1", "p2")
    settings = school.settings()
    assert settings.niet_samen(KLAS) == {frozenset(("p1", "p2"))} and len(settings.problems) == 2
    assert all("Instellingen van een pc" in p for p in settings.problems)


def test_this_pcs_own_damaged_file_is_kept_aside_and_a_new_one_is_written(tmp_path, clock):
    laptop, school = two_pcs(tmp_path, clock)
    school.do("set_niet_samen", KLAS, "p1", "p2")
    laptop.do("set_niet_samen", KLAS, "p3", "p4")
    laptop.send_to(school)
    school.own_file().write_text("{kapot", encoding="utf-8")
    settings = school.settings()
    settings.set_niet_samen(KLAS, "p4", "p5")
    assert any("bewaard als" in p for p in settings.problems)
    assert [p.name for p in layout.settings_dir(school.data).glob("*.beschadigd-*")]
    assert school.settings().niet_samen(KLAS) == {frozenset(("p3", "p4")), frozenset(("p4", "p5"))}


def test_a_sync_engines_copy_of_a_settings_file_is_never_read(tmp_path, clock):
    laptop, _school = two_pcs(tmp_path, clock)
    laptop.do("set_niet_samen", KLAS, "p1", "p2")
    own = laptop.own_file()
    copy = own.with_name(f"{own.stem}.sync-conflict-20261201-101010-ABCDEFG.json")
    shutil.copy2(own, copy)
    doc = json.loads(copy.read_text(encoding="utf-8"))
    doc["changes"][0]["pair"] = ["p4", "p5"]
    copy.write_text(json.dumps(doc), encoding="utf-8")
    settings = laptop.settings()
    assert settings.niet_samen(KLAS) == {frozenset(("p1", "p2"))}
    assert any(copy.name in p for p in settings.problems)


# --- every arrival order folds the same -------------------------------------------------------

OPS = st.one_of(
    st.tuples(st.just("pair"), st.sampled_from(PUPILS), st.sampled_from(PUPILS), st.booleans()),
    st.tuples(st.just("plan"), st.integers(1, 30), st.none(), st.none()),
    st.tuples(st.just("front"), st.sets(st.sampled_from(PUPILS), max_size=3), st.none(), st.none()),
)
# (device 0..2, operation, seconds later, whether the device then sends its file to the others)
STEPS = st.lists(st.tuples(st.integers(0, 2), OPS, st.integers(0, 90), st.booleans()), min_size=1, max_size=12)


def _apply(device: Device, op: tuple) -> None:
    kind, a, b, flag = op
    if kind == "pair" and a != b:
        device.do("set_niet_samen", KLAS, a, b, flag)
    elif kind == "plan":
        device.do("set_seating", KLAS, room_for(a))
    elif kind == "front":
        settings = device.settings()
        plan = settings.seating(KLAS) or room_for(5)
        device.do("set_seating", KLAS, plan, set(a))


@given(steps=STEPS, orders=st.lists(st.permutations([0, 1, 2]), min_size=2, max_size=3))
def test_every_pc_folds_the_same_settings_whatever_order_the_files_arrive_in(steps, orders):
    """Three PCs change the settings, now and then sending their file to the others (apart
    otherwise); afterwards the files arrive in a fourth folder in any order: every folder,
    every order, one result."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        clock = FakeClock()
        devices = [Device(base, f"pc{i}", clock, MAIN_DATA) for i in range(3)]
        for who, op, later, send in steps:
            _apply(devices[who], op)
            clock.advance(later)
            if send:
                for other in devices:
                    if other is not devices[who]:
                        devices[who].send_to(other)
        for device in devices:
            for other in devices:
                if other is not device:
                    device.send_to(other)
        results = {view(device.settings()) == view(devices[0].settings()) for device in devices}
        assert results == {True}
        expected = view(devices[0].settings())
        for n, order in enumerate(orders):
            reader = Device(base, f"reader{n}", clock, MAIN_DATA)
            for index in order:  # one file after another; each fold in between is whole too
                devices[index].send_to(reader)
                assert reader.settings().problems == []
            assert view(reader.settings()) == expected


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["aaaaaaaa", "bbbbbbbb", "cccccccc"]),
        st.integers(0, 5),
        st.sampled_from([APART, SEATING, FRONT]),
        st.sampled_from(PUPILS),
        st.sampled_from(PUPILS),
        st.booleans(),
    ),
    max_size=20,
)


def _changes(raw: list) -> list[SettingsChange]:
    made = []
    for seq, (device, ms, kind, a, b, flag) in enumerate(raw, start=1):
        if kind == APART:
            data: dict = {"pair": sorted((a, b + "x")), "apart": flag}
        elif kind == SEATING:
            data = {"value": {"rows": 1, "cols": len(a + b)}}
        else:
            data = {"value": sorted({a, b})}
        made.append(SettingsChange((ms, seq % 3), device, seq, KLAS, kind, data))
    return made


@given(raw=CHANGES, order=st.randoms(use_true_random=False))
def test_the_fold_is_one_whatever_order_and_a_pcs_compacted_file_folds_the_same(raw, order):
    changes = _changes(raw)
    start = {}
    shuffled = list(changes)
    order.shuffle(shuffled)
    assert fold(start, shuffled) == fold(start, changes)
    by_device: dict[str, list[SettingsChange]] = {}
    for change in changes:
        by_device.setdefault(change.device, []).append(change)
    compacted = [c for own in by_device.values() for c in compact(own)]
    assert fold(start, compacted) == fold(start, changes)
