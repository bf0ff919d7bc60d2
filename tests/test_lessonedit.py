"""The lesson editor's core: hand-written files survive an edit, drafts, copies, conflicts."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lesson_tui.cli import main
from lesson_tui.lessonedit import DEFAULT_MINUTES, LessonConflict, LessonDraft, lesson_id, unique_id
from lesson_tui.lessonplan import PHASES, LessonLibrary, example_lessons_dir, load_lesson

EXAMPLES = sorted(example_lessons_dir().glob("*.toml"))


def changed_lines(before: str, after: str) -> list[str]:
    # TOML lines end at \n only (a teacher's text may hold U+0085 or U+2028, which
    # str.splitlines would count as line ends)
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_saved_unedited_is_the_same_bytes(example, tmp_path):
    copy = tmp_path / example.name
    copy.write_bytes(example.read_bytes())
    draft = LessonDraft.open(copy)
    assert draft.problems() == []
    draft.save()
    assert copy.read_bytes() == example.read_bytes()


# one value anywhere in a lesson: (where, a new value)
EDITS = st.one_of(
    st.tuples(st.sampled_from([("titel",), ("vak",), ("lesdoel",)]), st.text(min_size=1, max_size=30).filter(lambda s: "\n" not in s and "\r" not in s)),
    st.tuples(st.sampled_from([("drempels", "beheersing"), ("drempels", "ondersteuning")]), st.floats(0, 1).map(lambda f: round(f, 2))),
    st.tuples(st.integers(0, 7).map(lambda i: ("fase", i, "minuten")), st.integers(1, 60)),
    st.tuples(st.just(("sporen", "spoor2")), st.text(min_size=1, max_size=30).filter(lambda s: "\n" not in s and "\r" not in s)),
)


@settings(max_examples=30, deadline=None)
@given(example=st.sampled_from(EXAMPLES), edit=EDITS)
def test_changing_one_value_changes_one_line(example, edit):
    where, value = edit
    draft = LessonDraft.open(example)
    if where[0] == "fase":  # a phase this lesson has
        where = ("fase", where[1] % len(draft.phases()), *where[2:])
    before = draft.text()
    old = draft.data()
    for part in where:
        old = old[part] if isinstance(old, list) or (isinstance(old, dict) and part in old) else None
    draft.set(where, value)
    lines = changed_lines(before, draft.text())
    removed = [line for line in lines if line.startswith("-")]
    added = [line for line in lines if line.startswith("+")]
    if old is None:  # a value the file did not have yet (a default): its line (and table)
        assert removed == [] and 1 <= len([line for line in added if line.strip("+ ")]) <= 2
    elif old == value and type(old) is type(value):
        assert lines == []
    else:
        assert len(removed) == 1 and len(added) == 1
    got = draft.data()
    for part in where:
        got = got[part]
    assert got == value


def test_a_list_written_one_item_per_line_stays_so(tmp_path):
    draft = LessonDraft.open(example_lessons_dir() / "breuken-vergelijken.toml")
    criteria = list(draft.data()["succescriteria"])
    draft.set(("succescriteria",), [*criteria, "Ik leg uit waarom."])
    lines = changed_lines((example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8"), draft.text())
    assert lines == ['+    "Ik leg uit waarom.",']


def test_a_new_lesson_from_the_template_is_a_draft_until_its_goal_is_written(tmp_path):
    own = tmp_path / "lessen"
    draft = LessonDraft.new(own, "Spelling: ei of ij", "taal", taken={"spelling-ei-of-ij"})
    assert draft.path == own / "spelling-ei-of-ij-2.toml"
    assert [p["soort"] for p in draft.phases()] == list(PHASES)
    assert draft.total_minutes() == sum(DEFAULT_MINUTES.values())
    assert [p.field for p in draft.save()] == ["lesdoel"]  # saved as a draft, and why
    library = LessonLibrary.scan([own])
    assert not library.lessons and library.errors[0].path == draft.path
    assert main(["--data-dir", str(tmp_path), "start", "spelling-ei-of-ij-2"]) == 1  # refused
    draft.set(("lesdoel",), "Ik kan kiezen tussen ei en ij.")
    assert draft.save() == []
    assert load_lesson(draft.path).titel == "Spelling: ei of ij"


def test_start_says_why_a_draft_is_refused(tmp_path, capsys):
    draft = LessonDraft.new(tmp_path / "lessen", "Lezen", "taal", taken=())
    draft.save()
    assert main(["--data-dir", str(tmp_path), "start", draft.path.stem]) == 1
    assert "lesdoel: mag niet leeg zijn" in capsys.readouterr().err


def test_a_copy_keeps_the_comments_and_gets_its_own_id_and_title(tmp_path):
    source = example_lessons_dir() / "breuken-vergelijken.toml"
    copy = LessonDraft.copy(source, tmp_path, taken={"breuken-vergelijken", "breuken-vergelijken-kopie"})
    assert copy.path.name == "breuken-vergelijken-kopie-2.toml"
    assert copy.save() == []
    text = copy.path.read_text(encoding="utf-8")
    assert text.startswith("# Wiskunde, 4de leerjaar")
    assert load_lesson(copy.path).titel == "Breuken vergelijken (kopie)"
    lines = changed_lines(source.read_text(encoding="utf-8"), text)
    assert len(lines) == 4  # id and titel, nothing else
    assert source.read_bytes() == (example_lessons_dir() / "breuken-vergelijken.toml").read_bytes()


def test_phases_and_questions_grow_shrink_and_move(tmp_path):
    draft = LessonDraft.new(tmp_path, "Les", "wiskunde", taken=())
    draft.set(("lesdoel",), "Ik kan het.")
    assert draft.move_phase(7, -1) == 6
    assert "jij" in draft.problems()[0].message  # the EDI order is checked as in `check`
    draft.move_phase(6, 1)
    draft.delete_phase(0)
    assert [p["soort"] for p in draft.phases()][0] == "lesdoel"
    at = draft.add_phase(0, "voorkennis")
    assert at == 0 and draft.phases()[0]["minuten"] == DEFAULT_MINUTES["voorkennis"]
    q = draft.add_question(2, "Hoeveel is 3/8 + 2/8?", "gesloten")
    draft.set(("fase", 2, "cfu", q, "antwoord"), "5/8")
    draft.add_question(2, "", "open")
    assert any(p.field == "fase[3].cfu[2].vraag" for p in draft.problems())
    draft.delete_question(2, 1)
    assert draft.problems() == []
    assert load_lesson(draft.path) if draft.save() == [] else False
    assert load_lesson(draft.path).fase[2].cfu[0].antwoord == "5/8"


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "les.toml"
    path.write_bytes((example_lessons_dir() / "waterkringloop.toml").read_bytes())
    draft = LessonDraft.open(path)
    draft.set(("titel",), "Mijn versie")
    path.write_text(path.read_text(encoding="utf-8").replace("De kringloop van het water", "Versie van een collega"), encoding="utf-8")
    with pytest.raises(LessonConflict):
        draft.save()
    assert "Versie van een collega" in path.read_text(encoding="utf-8")
    draft.save(force=True)
    assert "Mijn versie" in path.read_text(encoding="utf-8")


def test_edit_as_text_keeps_the_draft_on_a_syntax_error_and_names_the_line(tmp_path):
    draft = LessonDraft.open(example_lessons_dir() / "waterkringloop.toml")
    before = draft.text()
    problems = draft.replace_text(before.replace("minuten = 5", "minuten = 7,5", 1))
    assert problems[0].field.startswith("regel ") and "7.5" in problems[0].message
    assert draft.text() == before
    assert draft.replace_text(before.replace('vak = "', 'vak = "wo ', 1)) == []
    assert draft.data()["vak"].startswith("wo ")


def test_ids_from_titles():
    assert lesson_id("Breuken vergelijken (2)") == "breuken-vergelijken-2"
    assert lesson_id("Één, twee: café!") == "een-twee-cafe"
    assert lesson_id("???") == "les"
    assert unique_id("les", {"les", "les-2"}) == "les-3"


def test_setting_a_value_it_already_has_changes_nothing():
    """The editor sends every field on each key; an unchanged field must not mark the lesson
    unsaved nor touch its line (`minuten = 8` stays, never becomes `minuten = 8.0`)."""
    draft = LessonDraft.open(example_lessons_dir() / "breuken-vergelijken.toml")
    before = draft.text()
    draft.set(("titel",), "Breuken vergelijken")
    draft.set(("fase", 2, "minuten"), 8)
    draft.set(("kernwoorden",), ["teller", "noemer", "breuk", "groter dan", "kleiner dan"])
    assert not draft.dirty and draft.text() == before
    draft.set(("fase", 2, "minuten"), 8.5)
    assert draft.dirty


def test_a_problem_of_check_is_found_on_its_line_for_the_text_tab():
    from lesson_tui.lessonedit import line_of

    text = (example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[line_of(text, "titel") - 1].startswith("titel =")
    third = [i for i, line in enumerate(lines) if line == "[[fase]]"][2]
    at = line_of(text, "fase[3].minuten")
    assert at - 1 > third and lines[at - 1].startswith("minuten =")
    assert lines[line_of(text, "fase[1].cfu[1].niveau") - 1] == 'niveau = "doevraag"'
    assert lines[line_of(text, "drempels") - 1] == "[drempels]"
    assert line_of(text, "fase[99].minuten") is None and line_of(text, "onbekend") is None
