import pytest

from lesson_tui.klas.classimport import merge_class, parse_class_csv
from lesson_tui.klas.pupils import ClassListError, Pupil, demo_class, display_names


def names(rows):
    return [(r.first_name, r.last_name, r.number) for r in rows]


def test_excel_on_a_belgian_pc_semicolon_cp1252_crlf():
    raw = "Klasnr;Voornaam;Familienaam\r\n1;Zoë;Vanden Bossche\r\n2;Maël;Dubois\r\n".encode("cp1252")
    assert names(parse_class_csv(raw)) == [("Zoë", "Vanden Bossche", 1), ("Maël", "Dubois", 2)]


def test_smartschool_naam_is_the_family_name_next_to_voornaam():
    raw = "\ufeffKlasnummer,Naam,Voornaam,Klas\n3,Peeters,Arthur,4A\n1,El Idrissi,Amira,4A\n".encode()
    assert names(parse_class_csv(raw)) == [("Arthur", "Peeters", 3), ("Amira", "El Idrissi", 1)]


def test_utf8_with_bom_tab_separated_and_stray_spaces():
    raw = "\ufeffvoornaam\tachternaam\n  Şükrü  \t  Öztürk \n\n\tLeeg\nBjörn\tÅström\n".encode()
    rows = parse_class_csv(raw)
    assert names(rows) == [("Şükrü", "Öztürk", None), ("Leeg", "", None), ("Björn", "Åström", None)]


def test_plain_list_of_names_without_header():
    raw = "Noah Vermeulen\n\nNoah De Smet\n  Aya   Benali \n李 小龙\n".encode()
    assert names(parse_class_csv(raw)) == [
        ("Noah", "Vermeulen", None),
        ("Noah", "De Smet", None),
        ("Aya", "Benali", None),
        ("李", "小龙", None),
    ]


def test_headerless_number_and_name_columns():
    raw = b"1;Amira\n2;Bilal\n"
    assert names(parse_class_csv(raw)) == [("Amira", "", 1), ("Bilal", "", 2)]


def test_family_name_first_with_comma_in_a_naam_column():
    raw = b'naam\n"Vermeulen, Noah"\n'
    assert names(parse_class_csv(raw)) == [("Noah", "Vermeulen", None)]


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"", "leeg"),
        (b"\x00\x01\x02", "geen tekstbestand"),
        (b"naam\n", "geen leerlingen"),
        (b"nr;naam\nx;Aya\n", "regel 2"),
        (b"nr;naam\n1;Aya\n1;Bo\n", "klasnummer 1"),
    ],
)
def test_bad_class_lists_get_a_clear_message(raw, fragment):
    with pytest.raises(ClassListError) as caught:
        parse_class_csv(raw)
    assert fragment in str(caught.value)


def test_equal_first_names_are_told_apart():
    pupils = [
        Pupil("a", "Noah", "Vermeulen", 1),
        Pupil("b", "Noah", "De Smet", 2),
        Pupil("c", "Lina", "Maes", 3),
        Pupil("d", "Sara", "Peeters", 4),
        Pupil("e", "Sara", "Pauwels", 5),
    ]
    shown = display_names(pupils)
    assert shown == {"a": "Noah V.", "b": "Noah D.", "c": "Lina", "d": "Sara Pe.", "e": "Sara Pa."}


def test_identical_full_names_get_their_class_number():
    shown = display_names([Pupil("a", "Jan", "Peeters", 4), Pupil("b", "Jan", "Peeters", 9)])
    assert shown == {"a": "Jan Peeters (4)", "b": "Jan Peeters (9)"}


def test_reimport_keeps_ids_of_pupils_still_there_and_archives_others():
    first = merge_class([], parse_class_csv(b"naam\nAya Benali\nBo Claes\n"), "k")
    second = merge_class(first, parse_class_csv(b"naam\nBo Claes\nCas Dhont\naya benali\n"), "k")
    by_name = {p.full_name.casefold(): p for p in second}
    old = {p.full_name.casefold(): p.id for p in first}
    assert by_name["aya benali"].id == old["aya benali"]
    assert by_name["bo claes"].id == old["bo claes"]
    assert by_name["bo claes"].number == 1
    assert by_name["cas dhont"].id not in old.values()
    assert all(p.active for p in second)
    third = merge_class(second, parse_class_csv(b"naam\nBo Claes\n"), "k")
    assert {p.full_name for p in third if not p.active} == {"Cas Dhont", "aya benali"}


def test_demo_class_is_diverse_and_has_two_noahs():
    demo = demo_class()
    assert len(demo.pupils) == 24
    shown = display_names(demo.pupils)
    assert sorted(n for n in shown.values() if n.startswith("Noah")) == ["Noah D.", "Noah V."]
    assert len(set(shown.values())) == 24
