"""One child, one pupil: the same class list imported on the laptop and on the classroom PC,
each on its own (before a sync, or after it), gives the same class id and the same pupil ids,
so a child has one history wherever it was taught. Ids already on disk never change."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.klas.classimport import ImportedRow, merge_class, parse_class_csv
from lesson_tui.klas.pupils import imported_class_id, legacy_class_id, pupil_id
from lesson_tui.store.datastore import DataStore

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy-data"

_first = st.sampled_from(["Noah", "Aya", "Bo", "Chloë", "Elif", "Mohamed", "Zeynep", "Jules"])
_last = st.sampled_from(["", "Peeters", "De Smet", "Öztürk", "Van den Broeck", "Benali"])
_rows = st.lists(st.tuples(_first, _last), min_size=1, max_size=14)
_class_names = st.sampled_from(["5B", "4A", "Klas van juf An", "6ème"])


def _numbered(names: list[tuple[str, str]], with_numbers: bool) -> list[ImportedRow]:
    return [
        ImportedRow(first, last, number if with_numbers else None)
        for number, (first, last) in enumerate(names, start=1)
    ]


def _import_in_new_folder(class_name: str, rows: list[ImportedRow]) -> tuple[str, dict[tuple[str, int], str]]:
    with tempfile.TemporaryDirectory() as folder:
        store = DataStore(Path(folder) / "data", FakeClock())
        school_class = store.import_class(class_name, rows).school_class
        return school_class.id, {(p.full_name, p.number): p.id for p in school_class.pupils}


@given(_class_names, _rows, st.booleans())
def test_two_pcs_importing_the_same_list_give_the_same_ids(class_name, names, with_numbers):
    rows = _numbered(names, with_numbers)
    laptop = _import_in_new_folder(class_name, rows)
    classroom_pc = _import_in_new_folder(f"  {class_name.lower()} ", rows)  # typed differently
    assert laptop == classroom_pc
    assert len(set(laptop[1].values())) == len(rows)  # one pupil per row, never two on one id


@given(_class_names, _rows, st.randoms(use_true_random=False))
def test_a_reordered_list_gives_each_child_the_same_id(class_name, names, rng):
    rows = _numbered(names, True)  # the class number travels with the child
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert _import_in_new_folder(class_name, rows) == _import_in_new_folder(class_name, shuffled)


@given(_rows)
def test_a_reordered_list_without_numbers_keeps_the_ids_of_children_with_their_own_name(names):
    rows = _numbered(names, False)
    first = merge_class([], rows, "k_x")
    second = merge_class([], list(reversed(rows)), "k_x")
    unique = {p.full_name for p in first if [q.full_name for q in first].count(p.full_name) == 1}
    assert {p.full_name: p.id for p in first if p.full_name in unique} == {
        p.full_name: p.id for p in second if p.full_name in unique
    }


def test_the_class_id_comes_from_the_name_and_never_looks_like_an_old_one():
    assert imported_class_id("5B") == imported_class_id(" 5b ")
    assert imported_class_id("6ème") == imported_class_id("6e\u0300me")  # accents composed or not
    assert imported_class_id("5B") != imported_class_id("5C")
    assert imported_class_id("5B") != legacy_class_id("5B")


def test_children_who_share_a_full_name_get_their_number_in_the_id():
    rows = parse_class_csv(b"nr;naam\n1;Noah Peeters\n2;Aya Benali\n3;Noah Peeters\n")
    pupils = merge_class([], rows, "k_x")
    assert pupils[0].id == pupil_id("k_x", "Noah", "Peeters", 1)
    assert pupils[2].id == pupil_id("k_x", "Noah", "Peeters", 3)
    assert pupils[1].id == pupil_id("k_x", "Aya", "Benali")  # a name of its own: no number


def test_a_reimport_after_a_rename_keeps_the_history(store):
    first = store.import_class("5B", parse_class_csv(b"nr;naam\n1;Noah Peeters\n2;Aya Benali\n")).school_class
    noah = next(p for p in first.pupils if p.first_name == "Noah")
    store.rename_pupil(first.id, noah.id, "Noa", "Peeters")  # the school's list had it wrong
    # the class respelled and the list with the new spelling: the same class, the same Noa
    again = store.import_class("5b", parse_class_csv(b"nr;naam\n1;Noa Peeters\n2;Aya Benali\n")).school_class
    assert again.id == first.id and again.name == "5b"
    assert {p.full_name: p.id for p in again.active_pupils}["Noa Peeters"] == noah.id
    # a new child under the old spelling is another pupil: never the renamed one's id
    third = store.import_class("5b", parse_class_csv(b"nr;naam\n1;Noa Peeters\n2;Aya Benali\n3;Noah Peeters\n"))
    ids = [p.id for p in third.school_class.pupils]
    assert len(ids) == len(set(ids)) and ids[0] == noah.id


def test_the_same_child_added_on_two_pcs_is_one_pupil(tmp_path):
    rows = parse_class_csv(b"naam\nAya Benali\n")
    added = []
    for pc in ("laptop", "pc"):
        store = DataStore(tmp_path / pc, FakeClock())
        school_class = store.import_class("5B", rows).school_class
        added.append(store.add_pupil(school_class.id, "Bo", "Claes").id)
    assert added[0] == added[1]


def test_a_pupil_added_under_a_name_the_class_knew_gets_another_id(store):
    school_class = store.import_class("5B", parse_class_csv(b"naam\nAya Benali\n")).school_class
    aya = school_class.pupils[0]
    store.archive_pupil(school_class.id, aya.id)
    again = store.add_pupil(school_class.id, "Aya", "Benali")
    assert again.id != aya.id


def test_ids_in_an_old_folder_never_change(tmp_path):
    folder = tmp_path / "oud"
    shutil.copytree(LEGACY, folder)
    store = DataStore(folder, FakeClock())
    before = {c.id: {p.id for p in c.pupils} for c in store.classes() if not c.builtin}
    assert before
    for school_class in store.classes():
        if school_class.builtin:
            continue
        rows = [ImportedRow(p.first_name, p.last_name, p.number) for p in school_class.active_pupils]
        random.Random(3).shuffle(rows)
        again = store.import_class(school_class.name, rows).school_class
        assert again.id == school_class.id
        assert {p.id for p in again.pupils} == before[school_class.id]
