"""One pupil across classes and teachers within a school year (school/identity.py)."""

from __future__ import annotations

from lesson_tui.klas.pupils import imported_class_id, pupil_id
from lesson_tui.school.identity import Seen, link_suggestions, people
from lesson_tui.school.state import SchoolSettings, load_settings, save_settings
from lesson_tui.school.view import SchoolView
from tests.builders import make_class, school_lesson
from tests.core.test_school_readonly import school, view_of  # noqa: F401  (the fixture)


def test_the_same_class_list_imported_by_two_teachers_gives_the_same_ids():
    # what makes rule 1 work: the ids come from the class's name and the child's full name
    klas = imported_class_id("4A")
    assert klas == imported_class_id("4a") and pupil_id(klas, "Bram", "Claes") == pupil_id(klas, "Bram", "Claes")


def test_same_id_or_same_name_in_a_class_of_the_same_name_is_one_pupil():
    found = people(
        [
            Seen("aaaa", "p-1", "Bram Claes", "4A"),
            Seen("bbbb", "p-1", "Bram Claes", "4A"),  # same id
            Seen("cccc", "x-9", "bram  CLAES", "4a"),  # other id (typed by hand), same name and class
            Seen("aaaa", "p-2", "Chloë Janssens", "4A"),
            Seen("bbbb", "x-3", "Chloe Janssens", "4A "),  # accents and spacing aside
        ]
    )
    assert len({p.key for p in found.values()}) == 2
    assert found["cccc:x-9"].key == found["aaaa:p-1"].key == "aaaa:p-1"
    assert found["bbbb:x-3"] is found["aaaa:p-2"]


def test_the_same_name_in_another_class_is_suggested_never_joined():
    seen = [Seen("aaaa", "p-1", "Fien Smet", "4A"), Seen("bbbb", "q-1", "Fien Smet", "4B"),
            Seen("aaaa", "p-2", "Gust Goossens", "4A")]
    found = people(seen)
    assert found["aaaa:p-1"] is not found["bbbb:q-1"]
    pairs = link_suggestions(found.values())
    assert [(a.key, b.key) for a, b in pairs] == [("aaaa:p-1", "bbbb:q-1")]


def test_two_linked_by_hand_are_one_pupil_and_the_link_is_remembered():
    seen = [Seen("aaaa", "p-1", "Mo Amrani", "4A"), Seen("bbbb", "q-1", "Mohamed Amrani", "4B")]
    assert len({p.key for p in people(seen).values()}) == 2
    settings = SchoolSettings().with_link("bbbb:q-1", "aaaa:p-1")
    save_settings(settings)
    links = load_settings().links
    assert links == (("aaaa:p-1", "bbbb:q-1"),)
    one = people(seen, links)
    assert one["aaaa:p-1"] is one["bbbb:q-1"] and one["aaaa:p-1"].classes == ["4A", "4B"]
    assert load_settings().without_link("aaaa:p-1", "bbbb:q-1").links == ()


def test_a_link_to_a_pupil_nobody_knows_changes_nothing():
    seen = [Seen("aaaa", "p-1", "Mo Amrani", "4A")]
    assert people(seen, [("aaaa:p-1", "zzzz:gone")])["aaaa:p-1"].keys == {"aaaa:p-1"}


def test_a_child_who_moved_class_is_one_pupil_in_the_school_view_once_linked(
    school, clock, monkeypatch, tmp_path, library  # noqa: F811
):
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-juf-an"))
    from lesson_tui.store.datastore import DataStore

    an = DataStore(school[0], clock)
    drie = make_class(an, "3C", [("Fien", "Smet")])  # in 3C with juf An before she moved to 5B
    school_lesson(an, library.lessons["breuken-vergelijken"][1], drie, clock, spoor3=(1,))
    monkeypatch.setenv("LESSON_TUI_STATE", str(tmp_path / "pc-zorg"))
    report = view_of(school, clock=clock).report()
    fien = [p for p in report.pupils if p.person.name == "Fien Smet"]
    assert len(fien) == 2 and len(report.suggestions) == 1
    from lesson_tui.export.school import school_document

    proposal = school_document(report)["koppel_voorstellen"]
    assert [p["naam"] for p in proposal] == ["Fien Smet"] and sorted(proposal[0]["klassen"]) == [["3C"], ["5B"]]
    a, b = report.suggestions[0]
    settings = SchoolSettings().with_folders(school).with_link(a.key, b.key)
    save_settings(settings)
    report = SchoolView.from_state(clock=clock).report()
    fien = [p for p in report.pupils if p.person.name == "Fien Smet"]
    assert len(fien) == 1 and fien[0].person.classes == ["3C", "5B"] and len(fien[0].facts) == 2
    assert not report.suggestions


def test_the_view_is_of_one_school_year(school, clock):  # noqa: F811
    report = view_of(school, clock=clock).report()
    assert report.year == "2026-2027" and report.years == ("2026-2027",)
    old = view_of(school, clock=clock, year="2025-2026").report()
    assert old.classes == () and old.pupils == ()
