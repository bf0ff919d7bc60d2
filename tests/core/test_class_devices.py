"""A class on two PCs: each PC writes only its own file of changes to it
(`classes/<slug>/<device id>.json`), and every PC folds all of them in one agreed order, so
the laptop and the classroom PC show the same class whatever order the files arrive in and
however their changes interleave. A class file from before is where the fold starts, and is
never written again."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.klas.classimport import ImportedRow, parse_class_csv
from lesson_tui.klas.pupils import ClassListError
from lesson_tui.store import layout
from lesson_tui.store.classlog import ClassChange, fold
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import DEVICE_ID, device_id

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy-data"
NAMES = [("Aya", "Benali"), ("Bo", "Claes"), ("Cas", "Dhont"), ("Noah", "Peeters"), ("Eva", "Fonteyn"), ("Zoë", "Öztürk")]


class Device:
    """One PC: its own state folder (and so its own device id), its data folder, its clock."""

    def __init__(self, base: Path, name: str, clock: FakeClock) -> None:
        self.state = base / f"{name}-state"
        self.data = base / f"{name}-data"
        self.clock = clock

    @contextmanager
    def store(self) -> Iterator[DataStore]:
        before = os.environ.get(layout.STATE_ENV)
        os.environ[layout.STATE_ENV] = str(self.state)
        try:
            yield DataStore(self.data, self.clock)
        finally:
            if before is None:
                os.environ.pop(layout.STATE_ENV, None)
            else:
                os.environ[layout.STATE_ENV] = before

    @property
    def id(self) -> str:
        with self.store():
            return device_id()

    def own_files(self) -> list[Path]:
        return sorted((self.data / "classes").glob(f"*/{self.id}.json"))


def send(source: Device, target: Device, files: list[Path]) -> None:
    """What a sync engine does with files that have one writer: copies them as they are."""
    for path in files:
        to = target.data / path.relative_to(source.data)
        to.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, to)


def view(device: Device) -> list[tuple[str, str, list[tuple[str, str, str, int, bool]]]]:
    with device.store() as store:
        return [
            (c.id, c.name, sorted((p.id, p.first_name, p.last_name, p.number, p.active) for p in c.pupils))
            for c in store.classes()
        ]


_step = st.one_of(
    st.tuples(st.just("import"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True), st.booleans()),
    st.tuples(st.just("add"), st.sampled_from(NAMES)),
    st.tuples(st.just("rename"), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("archive"), st.integers(0, 9)),
    st.tuples(st.just("sync"), st.integers(0, 2**16)),
)


def _apply(store: DataStore, step: tuple, rng: random.Random) -> None:
    kind = step[0]
    klas = store.get_class("5B")
    try:
        if kind == "import":
            rows = [ImportedRow(first, last, n if step[2] else None) for n, (first, last) in enumerate(step[1], 1)]
            store.import_class(rng.choice(["5B", "5b"]), rows)
        elif klas is None:
            return
        elif kind == "add":
            store.add_pupil(klas.id, *step[1])
        elif klas.pupils and kind == "rename":
            store.rename_pupil(klas.id, klas.pupils[step[1] % len(klas.pupils)].id, *step[2])
        elif klas.pupils and kind == "archive":
            store.archive_pupil(klas.id, klas.pupils[step[1] % len(klas.pupils)].id)
    except ClassListError:
        pass  # a number taken: refused on that PC, as in the app


@given(st.lists(st.tuples(st.booleans(), _step), max_size=14), st.integers(0, 3 * 3600), st.randoms(use_true_random=False))
def test_two_pcs_changing_one_class_apart_fold_the_same_class(steps, skew, rng):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        laptop = Device(base, "laptop", FakeClock())
        pc = Device(base, "pc", FakeClock())
        pc.clock.advance(-skew)  # the classroom PC's clock is behind: the stamps still agree
        for on_laptop, step in steps:
            here, there = (laptop, pc) if on_laptop else (pc, laptop)
            here.clock.advance(rng.randint(0, 90))
            if step[0] == "sync":  # some of this PC's files arrive there, in any order
                files = here.own_files()
                send(here, there, random.Random(step[1]).sample(files, random.Random(step[1]).randint(0, len(files))))
                continue
            with here.store() as store:
                _apply(store, step, rng)
        for source, target in ((laptop, pc), (pc, laptop)):
            files = source.own_files()
            rng.shuffle(files)
            send(source, target, files)
        seen = view(laptop)
        assert seen == view(pc)
        assert sum(1 for class_id, name, _ in seen if name.casefold() == "5b") <= 1  # one class, not one per PC
        for _, _, pupils in seen:  # the same child added on both PCs is one pupil
            assert len({pupil[0] for pupil in pupils}) == len(pupils)
        for device in (laptop, pc):  # every file there has one writer: its name says which
            for path in (device.data / "classes").glob("*/*.json"):
                assert DEVICE_ID.match(path.stem)


@given(st.lists(st.tuples(st.sampled_from(["aaaaaaaa", "bbbbbbbb"]), st.sampled_from(NAMES), st.integers(0, 3)), max_size=12), st.randoms(use_true_random=False))
def test_the_fold_is_the_same_in_every_arrival_order(script, rng):
    changes = []
    seqs = {"aaaaaaaa": 0, "bbbbbbbb": 0}
    for position, (device, (first, last), what) in enumerate(script):
        seqs[device] += 1
        stamp = (1000 + position // 2, position % 2)
        if what == 0:
            doc = {"kind": "import", "name": "5B", "rows": [[first, last, None], ["Bo", "Claes", None]]}
        elif what == 1:
            doc = {"kind": "add", "pupil": {"id": first.lower(), "first_name": first, "last_name": last}}
        elif what == 2:
            doc = {"kind": "rename", "pupil": first.lower(), "first_name": first.upper(), "last_name": last}
        else:
            doc = {"kind": "archive", "pupil": first.lower()}
        changes.append(ClassChange.from_doc(device, {"stamp": list(stamp), "seq": seqs[device], **doc}))
    shuffled = list(changes)
    rng.shuffle(shuffled)
    assert fold("k_x", None, changes, "5B") == fold("k_x", None, shuffled, "5B")


def test_an_old_class_file_is_the_start_and_is_never_written(tmp_path):
    root = tmp_path / "oud"
    shutil.copytree(LEGACY, root)
    old_file = root / "classes" / "5b.json"
    before = old_file.read_bytes()
    store = DataStore(root, FakeClock())
    klas = store.get_class("5B")
    assert klas is not None and klas.id == "5b"
    ids = {p.first_name: p.id for p in klas.pupils}
    eva = store.add_pupil(klas.id, "Eva")
    store.import_class("5B", [ImportedRow(p.first_name, p.last_name, p.number) for p in klas.active_pupils])
    assert old_file.read_bytes() == before  # read as the first history, never rewritten
    mine = root / "classes" / "5b" / f"{device_id()}.json"
    written = json.loads(mine.read_text(encoding="utf-8"))
    assert written["class"]["1"]["id"] == "5b"
    assert [c["seq"] for c in written["changes"].values()] == [1, 2]  # this PC's changes, in its order
    again = DataStore(root, FakeClock()).class_by_id("5b")
    assert again is not None and {p.first_name: p.id for p in again.pupils if p.first_name in ids} == ids
    assert any(p.id == eva.id and not p.active for p in again.pupils)  # not on the list: archived, kept


def test_a_pc_that_has_not_yet_received_the_import_shows_the_class_by_its_name(tmp_path):
    laptop = Device(tmp_path, "laptop", FakeClock())
    pc = Device(tmp_path, "pc", FakeClock())
    with laptop.store() as store:
        klas = store.import_class("5B", parse_class_csv(b"naam\nAya\n")).school_class
    send(laptop, pc, laptop.own_files())
    with pc.store() as store:
        store.add_pupil(klas.id, "Bo")
    # only the PC's file reaches a third PC: it names the class, and holds Bo
    third = Device(tmp_path, "third", FakeClock())
    send(pc, third, pc.own_files())
    assert [(name, [p[1] for p in pupils]) for _, name, pupils in view(third) if name == "5B"] == [("5B", ["Bo"])]


def test_a_change_made_after_another_pcs_change_comes_after_it_even_when_its_clock_is_behind(tmp_path):
    laptop = Device(tmp_path, "laptop", FakeClock())
    pc = Device(tmp_path, "pc", FakeClock())
    pc.clock.advance(-3 * 3600)
    with laptop.store() as store:
        klas = store.import_class("5B", parse_class_csv(b"naam\nBo Claes\n")).school_class
    send(laptop, pc, laptop.own_files())
    with pc.store() as store:
        store.rename_pupil(klas.id, klas.pupils[0].id, "Bob", "Claes")  # seen the import, so after it
    send(pc, laptop, pc.own_files())
    assert view(laptop) == view(pc)
    assert [p[1] for _, name, pupils in view(laptop) if name == "5B" for p in pupils] == ["Bob"]


def test_the_same_child_added_on_both_pcs_while_apart_is_one_pupil(tmp_path):
    laptop = Device(tmp_path, "laptop", FakeClock())
    pc = Device(tmp_path, "pc", FakeClock())
    for device in (laptop, pc):  # each imports the list, then Eva joins the class: on both PCs
        with device.store() as store:
            klas = store.import_class("5B", parse_class_csv(b"naam\nAya\n")).school_class
            store.add_pupil(klas.id, "Eva", "Fonteyn")
    send(laptop, pc, laptop.own_files())
    send(pc, laptop, pc.own_files())
    assert view(laptop) == view(pc)
    assert [p[1] for _, name, pupils in view(pc) if name == "5B" for p in pupils] == ["Aya", "Eva"]


def test_a_file_in_a_class_folder_not_named_after_a_device_is_not_read(tmp_path):
    laptop = Device(tmp_path, "laptop", FakeClock())
    with laptop.store() as store:
        klas = store.import_class("5B", parse_class_csv(b"naam\nAya\n")).school_class
        mine = laptop.own_files()[0]
        store.add_pupil(klas.id, "Eva")
        # an older copy of this PC's file, kept by hand under another name: not a device's changes
        shutil.copy(mine, mine.with_name("bewaard.json"))
        store.archive_pupil(klas.id, store.get_class("5B").pupils[1].id)
        mine.unlink()  # this PC's file gone (removed by hand): nothing of it is read
    assert [name for _, name, _ in view(laptop)] == ["Demo 4A"]


def test_this_pcs_damaged_file_is_kept_aside_when_another_pcs_file_holds_the_class(tmp_path):
    laptop = Device(tmp_path, "laptop", FakeClock())
    pc = Device(tmp_path, "pc", FakeClock())
    with laptop.store() as store:
        klas = store.import_class("5B", parse_class_csv(b"naam\nAya\nBo\n")).school_class
    send(laptop, pc, laptop.own_files())
    with pc.store() as store:
        store.add_pupil(klas.id, "Cas")
    damaged = pc.own_files()[0]
    damaged.write_text("{ kapot", encoding="utf-8")
    with pc.store() as store:
        store.add_pupil(klas.id, "Eva")  # the laptop's file still holds the class
        assert [p.first_name for p in store.class_by_id(klas.id).active_pupils] == ["Aya", "Bo", "Eva"]
        assert any("beschadigd" in problem for problem in store.problems)
    assert list(damaged.parent.glob(f"{damaged.stem}.beschadigd-*.json"))  # kept, not lost
