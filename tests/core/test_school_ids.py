"""The school's own id of a child (a stamboek or Smartschool number) in the class list: read,
kept with the pupil, matched on a re-import, and the first thing the school view joins one
child across folders by (#21). A national id is never kept."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.klas.classimport import ImportedRow, is_national_number, merge_class, read_class_list
from lesson_tui.klas.pupils import ClassListError, Pupil
from lesson_tui.school.identity import Seen, link_suggestions, people
from lesson_tui.store.classlog import IMPORT, _rows, import_change
from tests.builders import school_lesson, teacher_store
from tests.core.test_school_readonly import tree, view_of


def ids(raw: bytes) -> list[tuple[str, str]]:
    return [(r.first_name, r.school_id) for r in read_class_list(raw).rows]


def test_a_smartschool_export_with_a_stamboek_column_keeps_the_number():
    raw = "Klasnummer;Naam;Voornaam;Stamboeknummer\r\n1;Peeters;Arthur;20431\r\n2;Benali;Aya;20432\r\n".encode("cp1252")
    reading = read_class_list(raw)
    assert [(r.first_name, r.last_name, r.number, r.school_id) for r in reading.rows] == [
        ("Arthur", "Peeters", 1, "20431"), ("Aya", "Benali", 2, "20432")
    ]
    assert any("Stamboeknummer" in note and "leerlingnummer" in note for note in reading.notes)


@pytest.mark.parametrize(
    "header", ["Stamboek nr.", " SMARTSCHOOL_ID ", "Leerling-nummer", "stamboek", "Smartschool ID", "leerlingnr"]
)
def test_a_strangely_written_id_header_is_still_the_id_column(header):
    raw = f"\ufeffVoornaam,Familienaam,{header}\nNoah,De Smet, A-17 \nZoë,Maes,\n".encode()
    assert ids(raw) == [("Noah", "A-17"), ("Zoë", "")]  # spaces trimmed; a pupil without one is fine


def test_a_header_that_is_no_id_column_is_not_read_as_one():
    raw = b"Voornaam;Naam;Klas;Gebruikersnaam\nNoah;Peeters;4A;noah.peeters\n"
    assert ids(raw) == [("Noah", "")]


def test_a_rijksregisternummer_column_is_never_kept_and_the_teacher_is_told():
    raw = b"Voornaam;Naam;Rijksregisternummer;Leerlingnummer\nNoah;Peeters;15.03.12-001.04;77\n"
    reading = read_class_list(raw)
    assert [r.school_id for r in reading.rows] == ["77"]
    assert "15.03.12" not in repr(reading.rows)
    note = next(n for n in reading.notes if "Rijksregisternummer" in n)
    assert "niet ingelezen" in note and "privacy" in note


def test_an_id_column_that_holds_national_register_numbers_is_not_kept():
    raw = b"Voornaam;Naam;Leerlingnummer\nNoah;Peeters;12\nAya;Benali;85.07.30-033.28\n"
    reading = read_class_list(raw)
    assert [r.school_id for r in reading.rows] == ["", ""]
    assert any("rijksregisternummers" in n and "regel 3" in n for n in reading.notes)


def test_national_register_numbers_are_known_by_their_check_digits():
    assert is_national_number("85.07.30-033.28") and is_national_number("85073003328")
    assert is_national_number("15.03.12-001.04")  # born from 2000: a 2 in front
    assert not is_national_number("85.07.30-033.61") and not is_national_number("20431")


def test_one_id_twice_in_one_list_says_which_rows():
    raw = b"Voornaam;Naam;Stamboeknummer\nNoah;Peeters;501\nAya;Benali;502\nBo;Maes;501\n"
    with pytest.raises(ClassListError) as caught:
        read_class_list(raw)
    message = str(caught.value)
    assert "'501'" in message and "regels 2, 4" in message and "Stamboeknummer" in message


def test_a_bad_id_cell_names_its_line():
    raw = ("Voornaam;Stamboek\nNoah;" + "9" * 41 + "\n").encode()
    with pytest.raises(ClassListError, match="regel 2"):
        read_class_list(raw)


def test_a_reimport_matches_by_the_id_even_when_the_name_was_respelled():
    first = merge_class([], [ImportedRow("Mohamed", "Amrani", 1, "301"), ImportedRow("Fien", "Smet", 2, "302")], "k_x")
    again = merge_class(first, [ImportedRow("Mo", "Amrani", 5, "301"), ImportedRow("Fien", "Smet", 2, "302")], "k_x")
    assert [p.id for p in again if p.active] == [p.id for p in first]
    assert again[0].full_name == "Mo Amrani" and again[0].number == 5 and again[0].school_id == "301"


def test_a_reimport_never_joins_two_children_of_one_name_with_other_ids():
    first = merge_class([], [ImportedRow("Noah", "Peeters", 1, "401")], "k_x")
    again = merge_class(first, [ImportedRow("Noah", "Peeters", 1, "402")], "k_x")
    active = [p for p in again if p.active]
    assert len(active) == 1 and active[0].id != first[0].id and active[0].school_id == "402"
    assert [p.id for p in again if not p.active] == [first[0].id]


def test_a_later_list_without_the_column_keeps_the_id():
    first = merge_class([], [ImportedRow("Noah", "Peeters", 1, "401")], "k_x")
    again = merge_class(first, [ImportedRow("Noah", "Peeters", 1)], "k_x")
    assert again[0].id == first[0].id and again[0].school_id == "401"


def test_the_id_is_kept_in_the_class_file_and_old_files_without_it_still_read():
    change = import_change("4A", [ImportedRow("Noah", "Peeters", 1, "401"), ImportedRow("Aya", "Benali", 2)])
    assert change[0] == IMPORT and change[1]["ids"] == ["401", ""]
    assert change[1]["rows"] == [["Noah", "Peeters", 1], ["Aya", "Benali", 2]]  # as an older app reads them
    assert "ids" not in import_change("4A", [ImportedRow("Noah", "Peeters", 1)])[1]
    assert [r.school_id for r in _rows(change[1]["rows"], change[1]["ids"])] == ["401", ""]
    with pytest.raises(ValueError):
        _rows(change[1]["rows"], ["401"])  # not one per row: not a change this app wrote
    assert Pupil.from_doc({"id": "p", "first_name": "Noah"}).school_id == ""  # a file from before
    assert "school_id" not in Pupil("p", "Noah").to_doc()
    assert Pupil.from_doc(Pupil("p", "Noah", school_id="401").to_doc()).school_id == "401"


def test_an_import_keeps_the_id_on_disk_and_a_reimport_matches_by_it(tmp_path, clock, monkeypatch):
    store = teacher_store(tmp_path, "juf-an", clock, monkeypatch)
    raw = b"Voornaam;Naam;Stamboeknummer\nMohamed;Amrani;301\nFien;Smet;302\n"
    klas = store.import_class("4A", read_class_list(raw).rows).school_class
    on_disk = [json.loads(p.read_text("utf-8")) for p in (store.root / "classes").glob("*/*.json")]
    assert on_disk and on_disk[0]["changes"]["1"]["ids"] == ["301", "302"]
    again = store.import_class("4A", read_class_list(b"Voornaam;Naam;Stamboeknummer\nMo;Amrani;301\n").rows)
    mo = next(p for p in again.school_class.active_pupils)
    assert mo.id == klas.pupils[0].id and mo.full_name == "Mo Amrani" and again.archived == 1


def test_the_same_school_id_in_two_folders_is_one_pupil_whatever_the_name_and_class():
    found = people([Seen("aaaa", "p-1", "Mohamed Amrani", "3C", "301"), Seen("bbbb", "q-7", "Mo Amrani", "5B", "301")])
    assert found["aaaa:p-1"] is found["bbbb:q-7"] and found["aaaa:p-1"].classes == ["3C", "5B"]
    assert not link_suggestions(found.values())


def test_other_school_ids_keep_two_children_of_one_name_apart():
    seen = [
        Seen("aaaa", "p-1", "Noah Peeters", "4A", "401"),
        Seen("bbbb", "p-1", "Noah Peeters", "4A", "402"),  # even the same pupil id (same list name)
        Seen("cccc", "x-1", "Noah Peeters", "4A"),  # no id: joins the first, never both
        Seen("dddd", "y-1", "Noah Peeters", "5B", "403"),
    ]
    found = people(seen)
    assert found["aaaa:p-1"] is not found["bbbb:p-1"]
    assert found["cccc:x-1"] is found["aaaa:p-1"]
    assert len({p.key for p in found.values()}) == 3
    assert not link_suggestions(found.values())  # their numbers say they are three children


@given(
    st.lists(
        st.tuples(st.sampled_from(["aaaa", "bbbb", "cccc"]), st.sampled_from(["p-1", "p-2", "p-3"]),
                  st.sampled_from(["Noah Peeters", "Aya Benali"]), st.sampled_from(["4A", "5B"]),
                  st.sampled_from(["", "401", "402", "403"])),
        max_size=12,
    )
)
def test_one_school_id_is_one_pupil_and_one_pupil_never_has_two(rows):
    seen = [Seen(*row) for row in rows]
    found = people(seen)
    unique = {item.key: item for item in seen}.values()
    for a in unique:
        for b in unique:
            if a.school_id and a.school_id == b.school_id:
                assert found[a.key] is found[b.key]
    for person in {p.key: p for p in found.values()}.values():
        assert len({s.school_id for s in person.seen if s.school_id}) <= 1


def test_the_school_view_joins_a_child_who_changed_class_by_the_stamboek_number(
    tmp_path, clock, monkeypatch, library
):
    plan = library.lessons["breuken-vergelijken"][1]
    an = teacher_store(tmp_path, "juf-an", clock, monkeypatch)
    drie = an.import_class("3C", read_class_list(b"Voornaam;Naam;Stamboek\nMohamed;Amrani;301\nFien;Smet;302\n").rows)
    school_lesson(an, plan, drie.school_class, clock, spoor3=(1,))
    bart = teacher_store(tmp_path, "meester-bart", clock, monkeypatch)
    vijf = bart.import_class("5B", read_class_list(b"Voornaam;Naam;Stamboek\nMo;Amrani;301\nGust;Goossens;303\n").rows)
    school_lesson(bart, plan, vijf.school_class, clock, spoor3=(1,))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    folders = [an.root, bart.root]
    before = tree(*folders)
    report = view_of(folders, clock=clock).report()
    assert tree(*folders) == before
    mo = [p for p in report.pupils if "Amrani" in p.person.name]
    assert len(mo) == 1 and mo[0].person.classes == ["3C", "5B"] and len(mo[0].facts) == 2
    assert not report.suggestions


def test_a_list_reimported_with_ids_mid_year_joins_by_the_class_file(tmp_path, clock, monkeypatch, library):
    # juf An's lessons were given before her list had the stamboek column: only her class file knows it
    plan = library.lessons["breuken-vergelijken"][1]
    an = teacher_store(tmp_path, "juf-an", clock, monkeypatch)
    drie = an.import_class("3C", read_class_list(b"Voornaam;Naam\nMohamed;Amrani\nFien;Smet\n").rows)
    school_lesson(an, plan, drie.school_class, clock)
    an.import_class("3C", read_class_list(b"Voornaam;Naam;Stamboek\nMohamed;Amrani;301\nFien;Smet;302\n").rows)
    bart = teacher_store(tmp_path, "meester-bart", clock, monkeypatch)
    vijf = bart.import_class("5B", read_class_list(b"Voornaam;Naam;Stamboek\nMo;Amrani;301\n").rows)
    school_lesson(bart, plan, vijf.school_class, clock)
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    report = view_of([an.root, bart.root], clock=clock).report()
    mo = [p for p in report.pupils if "Amrani" in p.person.name]
    assert len(mo) == 1 and mo[0].person.classes == ["3C", "5B"]
