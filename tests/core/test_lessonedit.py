"""The lesson editor's core: hand-written files survive an edit, drafts, copies, conflicts."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.cli.main import main
from lesson_tui.plan.lessonedit import DEFAULT_MINUTES, LessonConflict, LessonDraft, lesson_id, unique_id
from lesson_tui.plan.lessonplan import PHASES, LessonLibrary, example_lessons_dir, load_lesson

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
    assert next(p["soort"] for p in draft.phases()) == "lesdoel"
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
    from lesson_tui.plan.lessonedit import line_of

    text = (example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[line_of(text, "titel") - 1].startswith("titel =")
    third = [i for i, line in enumerate(lines) if line == "[[fase]]"][2]
    at = line_of(text, "fase[3].minuten")
    assert at - 1 > third and lines[at - 1].startswith("minuten =")
    assert lines[line_of(text, "fase[1].cfu[1].niveau") - 1] == 'niveau = "doevraag"'
    assert lines[line_of(text, "drempels") - 1] == "[drempels]"
    assert line_of(text, "fase[99].minuten") is None and line_of(text, "onbekend") is None


# --- every shape `check` accepts is edited in its own shape, never into text that does not parse

BASE = {
    "id": "vormen",
    "titel": "Vormen",
    "vak": "wiskunde",
    "lesdoel": "Ik kan breuken vergelijken.",
    "succescriteria": ["Ik kijk naar de noemer."],
    "kernwoorden": ["breuk"],
    "drempels": {"beheersing": 0.8, "ondersteuning": 0.5},
    "sporen": {"spoor1": "werkblad", "spoor2": "met steun", "spoor3": "instructietafel"},
    "exit_ticket": {"vragen": ["Welke is groter: 1/2 of 1/3?"]},
    "fase": [
        {"soort": soort, "minuten": minutes, "notities": f"noot {n}",
         **({"cfu": [{"vraag": f"vraag {n}", "niveau": "gesloten", "antwoord": "1/2"}, {"vraag": f"waarom {n}", "niveau": "open"}]} if n % 2 == 0 else {})}
        for n, (soort, minutes) in enumerate(DEFAULT_MINUTES.items())
    ],
}
SHAPES = ("tables", "inline_phases", "inline_questions", "dotted", "mixed")


def _inline(value) -> str:
    import tomlkit

    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_inline(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    return tomlkit.item(value).as_string()


def lesson_in_shape(data: dict, shape: str) -> str:
    """The same lesson written the ways a teacher or a colleague may write it."""
    lines = [f"{key} = {_inline(data[key])}" for key in ("id", "titel", "vak", "lesdoel", "succescriteria", "kernwoorden")]
    tables = ["drempels", "sporen", "exit_ticket"]
    dotted = shape in ("dotted", "mixed")
    if dotted:
        lines += [f"{table}.{key} = {_inline(value)}" for table in tables for key, value in data[table].items()]
    if shape == "inline_phases":
        lines.append("fase = [")
        lines += [f"    {_inline(phase)}," for phase in data["fase"]]
        lines.append("]")
    lines.append("")
    if not dotted:
        for table in tables:
            lines.append(f"[{table}]")
            lines += [f"{key} = {_inline(value)}" for key, value in data[table].items()]
            lines.append("")
    if shape != "inline_phases":
        for number, phase in enumerate(data["fase"]):
            lines.append("[[fase]]")
            inline = shape == "inline_questions" or (shape == "mixed" and number % 4 == 0)
            lines += [f"{key} = {_inline(value)}" for key, value in phase.items() if key != "cfu" or inline]
            if shape == "mixed" and "cfu" not in phase and number % 4 == 1:
                lines.append("cfu = []")  # an empty list of questions, to be filled in
            lines.append("")
            if not inline:
                for question in phase.get("cfu", []):
                    lines.append("[[fase.cfu]]")
                    lines += [f"{key} = {_inline(value)}" for key, value in question.items()]
                    lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_is_a_valid_lesson_as_written(shape, tmp_path):
    import tomllib

    text = lesson_in_shape(BASE, shape)
    data = tomllib.loads(text)
    assert data == BASE or (shape == "mixed" and data["fase"][1]["cfu"] == [])
    path = tmp_path / "vormen.toml"
    path.write_text(text, encoding="utf-8")
    assert load_lesson(path).titel == "Vormen"  # `check` accepts it


QUESTION = st.fixed_dictionaries(
    {"vraag": st.sampled_from(["Hoeveel?", "Waarom \"zo\"?", "Wat\nnu?"]), "niveau": st.sampled_from(["gesloten", "open", "open vraag"])},
    optional={"antwoord": st.sampled_from(["5/8", "omdat"])},
)
OPS = st.one_of(
    st.tuples(st.just("set"), st.sampled_from([("titel",), ("leerjaar",), ("drempels", "beheersing"), ("drempels", "miniklas_max"), ("sporen", "spoor1")]), st.sampled_from(["Nieuw", 4, 0.7])),
    st.tuples(st.just("set_phase"), st.integers(0, 9), st.sampled_from(["minuten", "notities", "soort"]), st.sampled_from([7, 2.5, "twee\nregels", "jij"])),
    st.tuples(st.just("unset"), st.sampled_from([("leerjaar",), ("drempels", "beheersing"), ("drempels", "ondersteuning")])),
    st.tuples(st.just("add_phase"), st.integers(0, 9), st.sampled_from(PHASES)),
    st.tuples(st.just("delete_phase"), st.integers(0, 9)),
    st.tuples(st.just("move_phase"), st.integers(0, 9), st.sampled_from([-1, 1])),
    st.tuples(st.just("add_question"), st.integers(0, 9), st.sampled_from(["Hoeveel?", ""])),
    st.tuples(st.just("delete_question"), st.integers(0, 9), st.integers(0, 3)),
    st.tuples(st.just("set_questions"), st.integers(0, 9), st.lists(QUESTION, max_size=3)),
)


def apply(draft, model: dict, op) -> None:
    """One edit to the draft, and the same edit to the plain lesson it should mean."""
    import copy

    from lesson_tui.plan.lessonedit import set_questions

    kind, *args = op
    phases = model.setdefault("fase", [])
    if kind == "set":
        where, value = args
        draft.set(where, value)
        node = model
        for part in where[:-1]:
            node = node.setdefault(part, {})
        node[where[-1]] = value
    elif kind == "unset":
        (where,) = args
        draft.unset(where)
        node = model
        for part in where[:-1]:
            node = node.get(part, {})
        node.pop(where[-1], None)
    elif not phases and kind != "add_phase":
        return
    elif kind == "set_phase":
        index, key, value = args
        index %= len(phases)
        draft.set(("fase", index, key), value)
        phases[index][key] = value
    elif kind == "add_phase":
        index, soort = args
        at = draft.add_phase(index, soort)
        assert at == max(0, min(index, len(phases)))
        phases.insert(at, {"soort": soort, "minuten": DEFAULT_MINUTES[soort], "notities": ""})
    elif kind == "delete_phase":
        index = args[0] % len(phases)
        draft.delete_phase(index)
        del phases[index]
    elif kind == "move_phase":
        index, step = args
        index %= len(phases)
        target = draft.move_phase(index, step)
        if 0 <= index + step < len(phases):
            assert target == index + step
            phases.insert(target, phases.pop(index))
    elif kind == "add_question":
        index, vraag = args
        index %= len(phases)
        draft.add_question(index, vraag, "open")
        phases[index].setdefault("cfu", []).append({"vraag": vraag, "niveau": "open"})
    elif kind == "delete_question":
        index, question = args
        index %= len(phases)
        if question < len(phases[index].get("cfu", [])):
            draft.delete_question(index, question)
            del phases[index]["cfu"][question]
            if not phases[index]["cfu"]:
                del phases[index]["cfu"]
    elif kind == "set_questions":
        index, questions = args
        index %= len(phases)
        set_questions(draft, index, questions)
        if questions:
            phases[index]["cfu"] = copy.deepcopy(questions)
        elif phases[index].get("cfu"):
            del phases[index]["cfu"]


@given(shape=st.sampled_from(SHAPES), ops=st.lists(OPS, min_size=1, max_size=8))
def test_every_shape_is_edited_without_loss_into_text_that_parses(shape, ops, tmp_path_factory):
    import tomllib

    path = tmp_path_factory.mktemp("vorm") / "vormen.toml"
    path.write_text(lesson_in_shape(BASE, shape), encoding="utf-8")
    draft = LessonDraft.open(path)
    model = tomllib.loads(path.read_text(encoding="utf-8"))
    for op in ops:
        apply(draft, model, op)
        assert same(tomllib.loads(draft.text()), model), op
        assert same(draft.data(), model)
    draft.save()
    assert same(tomllib.loads(path.read_text(encoding="utf-8")), model)
    assert same(LessonDraft.open(path).data(), model)  # and `w` opens it again


def same(got: dict, model: dict) -> bool:
    """The same lesson: a table left empty (`drempels` whose last dotted key was emptied)
    means what no table means, the defaults."""
    def keep(data):
        return {key: value for key, value in data.items() if value != {}}

    return keep(got) == keep(model)


def test_inline_phases_keep_all_five_when_a_phase_is_added(tmp_path):
    """17.19: `fase = [{...}, ...]` with ctrl+n then ctrl+s kept one phase of five."""
    import tomllib

    data = {**BASE, "fase": BASE["fase"][:5]}
    path = tmp_path / "vormen.toml"
    path.write_text(lesson_in_shape(data, "inline_phases"), encoding="utf-8")
    draft = LessonDraft.open(path)
    draft.add_phase(5, "jij")
    draft.save()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))["fase"]
    assert saved[:5] == data["fase"] and saved[5]["soort"] == "jij"
    assert path.read_text(encoding="utf-8").count("[[fase]]") == 0  # still written inline


def test_questions_and_deletes_work_on_inline_phases(tmp_path):
    """17.20: a question typed, or a phase deleted, on inline phases raised IndexError."""
    from lesson_tui.plan.lessonedit import set_questions

    path = tmp_path / "vormen.toml"
    path.write_text(lesson_in_shape(BASE, "inline_phases"), encoding="utf-8")
    draft = LessonDraft.open(path)
    set_questions(draft, 1, [{"vraag": "Wat is het lesdoel?", "niveau": "open"}])
    draft.delete_phase(3)
    assert draft.phases()[1]["cfu"] == [{"vraag": "Wat is het lesdoel?", "niveau": "open"}]
    assert len(draft.phases()) == len(BASE["fase"]) - 1 and draft.problems() == []


def test_a_question_added_to_inline_questions_is_written_inline(tmp_path):
    """17.21: `cfu = [{...}]` plus a question saved a `[[fase.cfu]]`-like table inside it:
    text that did not parse, and `w` could not open the lesson again."""
    import tomllib

    path = tmp_path / "vormen.toml"
    path.write_text(lesson_in_shape(BASE, "inline_questions"), encoding="utf-8")
    draft = LessonDraft.open(path)
    draft.add_question(0, "Nog een?", "open")
    draft.add_question(2, "En nog een?", "open")
    draft.save()
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text)["fase"][2]["cfu"][-1] == {"vraag": "En nog een?", "niveau": "open"}
    assert "[[fase.cfu]]" not in text
    assert LessonDraft.open(path).problems() == []


def test_an_edit_the_shape_cannot_take_is_refused_and_changes_nothing(tmp_path):
    from lesson_tui.plan.lessonedit import LessonEditRefused

    path = tmp_path / "vreemd.toml"
    path.write_text('titel = "x"\nfase = "geen lijst"\n', encoding="utf-8")
    draft = LessonDraft.open(path)
    before = draft.text()
    with pytest.raises(LessonEditRefused, match="Als tekst"):
        draft.add_phase(0, "ik")
    assert draft.text() == before and not draft.dirty


@pytest.mark.parametrize("where", [("sporen", "spoor1"), ("fase", "minuten")])
def test_a_field_under_a_list_written_where_a_table_belongs_is_refused(tmp_path, where):
    """`sporen = ["a", "b"]` by hand: typing in a spoor's field is refused (the text tab
    fixes it), never a crash of the editor (it was an AttributeError from tomlkit)."""
    from lesson_tui.plan.lessonedit import LessonEditRefused

    path = tmp_path / "vreemd.toml"
    path.write_text('titel = "x"\nsporen = ["a", "b"]\nfase = [{soort = "ik", minuten = 5}]\n', encoding="utf-8")
    draft = LessonDraft.open(path)
    before = draft.text()
    with pytest.raises(LessonEditRefused):
        draft.set(where, "nieuw")
    assert draft.text() == before and not draft.dirty


def test_a_question_line_the_editor_cannot_read_is_kept_as_written_and_makes_a_concept(tmp_path):
    """16.1: `[open vraag] Waarom zeggen we kwart?` was dropped, and the lesson called ready."""
    from lesson_tui.plan.lessonedit import parse_question_lines, question_lines, set_questions

    lines = "[gesloten] Hoeveel is 1/4 + 1/4? -> 1/2\n[open vraag] Waarom zeggen we kwart?\n[open]"
    questions, problems = parse_question_lines(lines)
    assert [q["vraag"] for q in questions] == ["Hoeveel is 1/4 + 1/4?", "Waarom zeggen we kwart?", ""]
    assert [number for number, _ in problems] == [2, 3]
    draft = LessonDraft.new(tmp_path, "Breuken", "wiskunde", taken=())
    draft.set(("lesdoel",), "Ik kan breuken optellen.")
    set_questions(draft, 2, questions)
    assert {p.field for p in draft.problems()} == {"fase[3].cfu[2].niveau", "fase[3].cfu[3].vraag"}
    assert draft.save()  # saved as a concept, with the lines
    kept = LessonDraft.open(draft.path)
    assert question_lines(kept.phases()[2]["cfu"]) == "[gesloten] Hoeveel is 1/4 + 1/4? → 1/2\n[open vraag] Waarom zeggen we kwart?\n[open] "


def test_a_text_with_a_toml_mistake_is_not_saved_and_counts_as_unsaved(tmp_path):
    """16.2: `minuten = 4,5` in the text tab: ctrl+s said "bewaard" and esc left."""
    from lesson_tui.plan.lessonedit import LessonTextInvalid

    path = tmp_path / "les.toml"
    path.write_bytes((example_lessons_dir() / "waterkringloop.toml").read_bytes())
    draft = LessonDraft.open(path)
    assert not draft.dirty
    text = draft.text()
    draft.replace_text(text.replace("minuten = 5", "minuten = 4,5", 1))
    assert draft.dirty  # the screen's text is not the file's
    with pytest.raises(LessonTextInvalid, match=r"niet bewaard.*regel"):
        draft.save()
    assert path.read_bytes() == (example_lessons_dir() / "waterkringloop.toml").read_bytes()
    draft.replace_text(text)  # back to what the file holds
    assert not draft.dirty


def test_retyping_a_value_keeps_its_place_the_line_endings_and_the_bom(tmp_path):
    """17.23: clearing a field and typing a new value moved the key to the end of its table,
    with an LF line in a CRLF file, and the BOM went."""
    source = (example_lessons_dir() / "breuken-vergelijken.toml").read_text(encoding="utf-8")
    assert "beheersing = " in source
    raw = b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "les.toml"
    path.write_bytes(raw)
    draft = LessonDraft.open(path)
    old = draft.data()["drempels"]["beheersing"]
    draft.unset(("drempels", "beheersing"))  # the field emptied: the default applies
    assert "beheersing" not in draft.data()["drempels"] and "beheersing" not in draft.text()
    draft.set(("drempels", "beheersing"), 0.9)
    draft.set(("fase", 0, "notities"), "Twee\nregels")
    draft.save()
    saved = path.read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf")
    assert saved.count(b"\n") == saved.count(b"\r\n")  # every line ends as the file's did
    lines = changed_lines(source, saved[3:].decode("utf-8").replace("\r\n", "\n"))
    assert f"-beheersing = {old}" in lines and "+beheersing = 0.9" in lines
    before = source.split("\n").index(f"beheersing = {old}")
    assert saved[3:].decode("utf-8").split("\r\n")[before] == "beheersing = 0.9"  # same line
    # emptied and saved: then the key is gone from the file
    draft.unset(("drempels", "beheersing"))
    draft.save()
    assert b"beheersing" not in path.read_bytes() and not draft.dirty


def test_an_unedited_crlf_file_with_a_bom_is_saved_as_the_same_bytes(tmp_path):
    path = tmp_path / "les.toml"
    raw = b"\xef\xbb\xbf" + (example_lessons_dir() / "waterkringloop.toml").read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(raw)
    draft = LessonDraft.open(path)
    assert not draft.dirty
    draft.save()
    assert path.read_bytes() == raw


def test_a_file_removed_while_edited_is_said_to_be_removed(tmp_path):
    """17.24: it was reported as "veranderd"."""
    path = tmp_path / "les.toml"
    path.write_bytes((example_lessons_dir() / "waterkringloop.toml").read_bytes())
    draft = LessonDraft.open(path)
    draft.set(("titel",), "Mijn versie")
    path.unlink()
    with pytest.raises(LessonConflict, match="verwijderd") as caught:
        draft.save()
    assert caught.value.removed and "veranderd" not in str(caught.value)
    draft.save(force=True)
    assert load_lesson(path).titel == "Mijn versie"


@pytest.mark.parametrize("code", ["ENOSPC", "EACCES", "EROFS"])
def test_a_failed_save_says_why_in_words_without_the_temp_file(code, tmp_path, monkeypatch):
    """17.22: a full disk or a read-only lessen/ showed "[Errno 28] No space left on device:
    '.les.toml.x1y2.tmp'"."""
    import errno

    from lesson_tui.plan.lessonedit import LessonSaveError

    def fail(path, data):
        raise OSError(getattr(errno, code), "No space left on device", str(path.parent / f".{path.name}.x1y2.tmp"))

    monkeypatch.setattr("lesson_tui.files.storage.atomic_write_bytes", fail)
    draft = LessonDraft.new(tmp_path / "lessen", "Lezen", "taal", taken=())
    with pytest.raises(LessonSaveError) as caught:
        draft.save()
    message = str(caught.value)
    assert ".tmp" not in message and "Errno" not in message and "No space" not in message
    assert {"ENOSPC": "de schijf is vol", "EACCES": "geen toegang", "EROFS": "alleen-lezen"}[code] in message
    assert draft.dirty  # still to be saved


def test_archiving_says_why_it_cannot_in_words(tmp_path, monkeypatch):
    """17.22: `a` with `archief` a file, or a read-only lessen/, showed the raw OS error."""
    import errno

    from lesson_tui.store.settings import ArchiveError, archive_dir, archive_lesson, own_lessons_dir

    lesson = own_lessons_dir(tmp_path) / "les.toml"
    lesson.parent.mkdir(parents=True)
    lesson.write_text('titel = "x"\n', encoding="utf-8")
    archive_dir(tmp_path).write_text("geen map", encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        archive_lesson(tmp_path, lesson)
    assert "er staat al een bestand met die naam" in str(caught.value) and "Errno" not in str(caught.value)
    archive_dir(tmp_path).unlink()

    def read_only(self, target):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "replace", read_only)
    with pytest.raises(OSError, match="geen toegang") as caught:
        archive_lesson(tmp_path, lesson)
    assert "Permission" not in str(caught.value) and lesson.exists()


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_data_dir_that_is_a_broken_shortcut_is_said_in_words(kind, tmp_path, capsys):
    """17.22: `--data-dir` a dangling symlink or a symlink loop said "(File exists)"."""
    link = tmp_path / "gegevens"
    try:
        link.symlink_to(tmp_path / "weg" if kind == "dangling" else link)
    except OSError:
        pytest.skip("no symlinks here (Windows without the right)")
    assert main(["--data-dir", str(link), "runs"]) == 1
    err = capsys.readouterr().err
    assert "File exists" not in err and "Errno" not in err
    assert ("niet meer bestaat" if kind == "dangling" else "naar zichzelf") in err


def test_empty_lists_are_filled_in_their_own_shape(tmp_path):
    """`cfu = []` under a `[[fase]]`, and `fase = []`: what is added goes inline."""
    import tomllib

    path = tmp_path / "vormen.toml"
    path.write_text(lesson_in_shape(BASE, "mixed"), encoding="utf-8")
    draft = LessonDraft.open(path)
    draft.add_question(1, "Wat leren we?", "open")
    assert tomllib.loads(draft.text())["fase"][1]["cfu"] == [{"vraag": "Wat leren we?", "niveau": "open"}]
    assert "cfu = [{" in draft.text()
    empty = LessonDraft(tmp_path / "leeg.toml", 'titel = "Leeg"\nfase = []\n', None)
    empty.add_phase(0, "ik")
    assert tomllib.loads(empty.text())["fase"] == [{"soort": "ik", "minuten": 8, "notities": ""}]


def test_a_lesson_that_cannot_be_read_is_said_in_words(tmp_path):
    from lesson_tui.plan.lessonplan import LessonFileError

    folder = tmp_path / "map.toml"
    folder.mkdir()  # a folder where a lesson file was expected
    for make in (lambda: LessonDraft.open(folder), lambda: LessonDraft.copy(folder, tmp_path, ())):
        with pytest.raises(LessonFileError) as caught:
            make()
        message = caught.value.problems[0].message
        # Windows says "no access" for a folder opened as a file; either is in words
        assert "dit is een map, geen bestand" in message or "geen toegang" in message, message


# --- the editor's form as values (plan.lessonform): no Textual -------------------------------


def test_form_text_becomes_the_lessons_value():
    from lesson_tui.plan.lessonform import to_value

    assert to_value("text", "  Breuken  ") == "Breuken"
    assert to_value("lines", "Ik kan breuken vergelijken\n\n  Ik leg uit waarom \n") == [
        "Ik kan breuken vergelijken",
        "Ik leg uit waarom",
    ]
    assert to_value("commas", "teller, noemer,, breuk ") == ["teller", "noemer", "breuk"]
    assert to_value("int", "4") == 4 and isinstance(to_value("int", "4"), int)
    assert to_value("number", "2,5") == 2.5  # a Belgian decimal comma
    assert to_value("percent", "80%") == 0.8 and to_value("percent", "80") == 0.8
    assert to_value("percent", "0.75") == 0.75  # already a share: kept
    assert to_value("int", "  ") is None  # empty leaves the key out: the default applies
    assert to_value("int", "vier") == "vier"  # kept as typed, so the check names it


def test_form_values_show_as_text_that_reads_back_the_same():
    from lesson_tui.plan.lessonform import to_text, to_value

    for kind, value in [("lines", ["a", "b"]), ("commas", ["x", "y"]), ("percent", 0.8), ("int", 6), ("number", 2.5)]:
        assert to_value(kind, to_text(kind, value)) == value
    assert to_text("percent", 0.8) == "80" and to_text("number", 2.5) == "2.5" and to_text("int", None) == ""


def test_a_text_written_where_a_list_belongs_is_shown_as_that_text():
    """`kernwoorden = "breuk"` by hand: the form shows "breuk" (and saving makes it a list),
    not "b, r, e, u, k"."""
    from lesson_tui.plan.lessonform import to_text, to_value

    assert to_text("commas", "breuk") == "breuk"
    assert to_text("lines", "Ik kan breuken vergelijken") == "Ik kan breuken vergelijken"
    assert to_value("commas", to_text("commas", "breuk")) == ["breuk"]


def test_a_problem_of_check_is_shown_beside_its_form_field():
    from lesson_tui.plan.lessonform import field_of

    assert field_of("drempels.beheersing") == "beheersing"
    assert field_of("exit_ticket.vragen[2]") == "exit"
    assert field_of("drempels") == "ondersteuning"  # the pair's rule: shown under the second
    assert field_of("titel") == "titel"
    assert field_of("fase[3].minuten") is None  # the phases tab, not a form field
