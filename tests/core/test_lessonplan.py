from pathlib import Path

import pytest
from shared import GOOD, write

from lesson_tui.base.i18n import set_language
from lesson_tui.cli.main import main
from lesson_tui.plan.lessonplan import PHASES, LessonFileError, example_lessons_dir, load_lesson


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(LessonFileError) as caught:
        load_lesson(path)
    return [(p.field, p.message) for p in caught.value.problems]


def test_example_lessons_are_valid_and_rich():
    files = sorted(example_lessons_dir().glob("*.toml"))
    assert len(files) >= 3
    subjects = set()
    for file in files:
        plan = load_lesson(file)
        subjects.add(plan.vak)
        kinds = [p.soort for p in plan.fase]
        assert kinds == sorted(kinds, key=PHASES.index)
        assert plan.succescriteria and plan.kernwoorden and plan.exit_ticket.vragen
        assert all(plan.sporen.task(n) for n in (1, 2, 3))
        levels = {q.niveau for p in plan.fase for q in p.cfu}
        assert len(levels) >= 3, file
        assert any(p.cfu for p in plan.fase if p.soort == "kleine_afsluiting")
    assert len(subjects) >= 3


def test_minimal_plan_gets_default_thresholds(tmp_path):
    plan = load_lesson(write(tmp_path, GOOD))
    assert (plan.drempels.beheersing, plan.drempels.ondersteuning, plan.drempels.miniklas_max) == (0.8, 0.5, 6)
    assert plan.fase[0].planned_seconds == 300


def test_typo_key_is_an_error_with_a_suggestion(tmp_path):
    text = GOOD.replace('minuten = 5\n[[fase]]\nsoort = "wij"', 'minuut = 5\n[[fase]]\nsoort = "wij"', 1)
    found = problems(write(tmp_path, text))
    assert ("fase[1].minuut", "onbekende sleutel; bedoel je 'minuten'?") in found
    assert ("fase[1].minuten", "ontbreekt (verplicht)") in found


def test_all_problems_of_a_file_at_once(tmp_path):
    text = GOOD.replace('id = "test-les"', 'id = "Test Les"').replace('soort = "jij"', 'soort = "jiij"')
    text = text.replace('vak = "wiskunde"', "vak = 3") + '\n[drempels]\nbeheersing = 0.4\nondersteuning = 0.6\n'
    fields = [f for f, _ in problems(write(tmp_path, text))]
    assert {"id", "vak", "fase[4].soort", "drempels", "fase"} <= set(fields)


def test_missing_edi_skeleton(tmp_path):
    text = GOOD.replace('soort = "wij"', 'soort = "voorkennis"')
    found = problems(write(tmp_path, text))
    assert any("wij" in message and field == "fase" for field, message in found)
    assert any(field.startswith("fase[2]") and "EDI-volgorde" in message for field, message in found)


def test_toml_syntax_error_names_the_line(tmp_path):
    found = problems(write(tmp_path, 'id = "x"\ntitel = \n'))
    assert found[0][0] == "regel 2"
    assert "TOML-fout" in found[0][1]


def test_binary_and_non_utf8_files_are_errors_not_crashes(tmp_path):
    assert "binair" in problems(write(tmp_path, b"\x00\x01\x02garbage", "bin.toml"))[0][1]
    assert "UTF-8" in problems(write(tmp_path, 'titel = "café"'.encode("cp1252"), "latin.toml"))[0][1]


def test_check_command_reports_file_field_message(tmp_path, capsys):
    good = write(tmp_path, GOOD, "goed.toml")
    bad = write(tmp_path, GOOD.replace("minuten = 2", 'minuten = "twee"'), "fout.toml")
    assert main(["check", str(good)]) == 0
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: fase[3].minuten: moet een getal zijn" in out
    assert str(good) + ":" not in out


def test_check_lessons_folder_passes():
    assert main(["check", str(example_lessons_dir())]) == 0


def test_check_in_english(tmp_path, capsys):
    bad = write(tmp_path, GOOD.replace('vak = "wiskunde"\n', ""))
    assert main(["--lang", "en", "check", str(bad)]) == 1
    assert f"{bad}: vak: missing (required)" in capsys.readouterr().out
    set_language("nl")


def test_check_missing_path_and_duplicate_ids(tmp_path, capsys):
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    assert main(["check", str(tmp_path), str(tmp_path / "nope.toml")]) == 1
    out = capsys.readouterr().out
    assert "b.toml: id: de id 'test-les' wordt ook gebruikt in" in out
    assert "nope.toml: -: bestaat niet" in out


def test_a_damaged_cache_is_ignored(tmp_path):
    from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary

    folder = tmp_path / "lessen"
    folder.mkdir()
    write(folder, GOOD)
    cache_file = tmp_path / "lessons.json"
    cache_file.write_text("{kapot", encoding="utf-8")
    assert "test-les" in LessonLibrary.scan([folder], LessonCache(cache_file)).lessons


@pytest.mark.parametrize("shape", ["not a table", "a plan of another shape"])
def test_a_cache_entry_of_the_wrong_shape_is_ignored(tmp_path, shape):
    """Valid JSON of this version, but an entry that is not {"stamp", "plan"} or a plan in
    it that is not a plan: the lesson is read from its file again, the app does not stop."""
    import json

    from lesson_tui import __version__
    from lesson_tui.plan.lessonplan import LessonCache, LessonLibrary, load_lesson

    folder = tmp_path / "lessen"
    folder.mkdir()
    lesson = write(folder, GOOD)
    cache_file = tmp_path / "lessons.json"
    plan = load_lesson(lesson).to_dict() | {"exit_ticket": "kapot"}
    entry = {"stamp": LessonCache._stamp(lesson), "plan": plan} if shape != "not a table" else ["kapot"]
    entries = {str(lesson.resolve()): entry}
    cache_file.write_text(json.dumps({"version": __version__, "entries": entries}), encoding="utf-8")
    assert "test-les" in LessonLibrary.scan([folder], LessonCache(cache_file)).lessons


@pytest.mark.parametrize(
    "wrong, right, line, said",
    [
        ("minuten = 5\n[[fase]]\nsoort = \"wij\"", "minuten = 7,5\n[[fase]]\nsoort = \"wij\"", "regel 8",
         "schrijf een kommagetal met een punt: 7.5 in plaats van 7,5"),
        ('titel = "Test"', "titel = \u201cTest\u201d", "regel 3", "gebruik rechte aanhalingstekens"),
        ('lesdoel = "Ik kan iets."', "lesdoel = Ik kan iets.", "regel 5", "zet tekst tussen aanhalingstekens"),
        ('titel = "Test"', 'titel = "Test', "regel 3", "sluit de tekst af met een"),
    ],
)
def test_check_says_the_usual_toml_mistakes_in_dutch_with_the_fix(tmp_path, capsys, wrong, right, line, said):
    """A Belgian decimal comma, Word's curly quotes, text without quotes: `check` names the
    line and says how to write it, in the teacher's language."""
    assert wrong in GOOD
    bad = write(tmp_path, GOOD.replace(wrong, right, 1))
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: {line}: TOML-fout" in out and said in out
    assert "Invalid" not in out and "Expected" not in out


@pytest.mark.parametrize(
    "key, written, expected",
    [
        ("soort", "kleine afsluiting", "bedoel je 'kleine_afsluiting'?"),
        ("soort", "Jij", "bedoel je 'jij'?"),
        ("niveau", "open vraag", "bedoel je 'open'?"),
        ("soort", "zelfstandig", "'zelfstandig' is geen geldige waarde; kies uit: voorkennis"),
    ],
)
def test_a_wrong_choice_names_what_was_written_and_what_was_meant(tmp_path, capsys, key, written, expected):
    text = GOOD.replace('soort = "jij"', 'soort = "jij"\n[[fase.cfu]]\nvraag = "Hoeveel?"\nniveau = "gesloten"')
    if key == "soort":
        text = text.replace('soort = "jij"', f'soort = "{written}"')
    else:
        text = text.replace('niveau = "gesloten"', f'niveau = "{written}"')
    assert main(["check", str(write(tmp_path, text))]) == 1
    assert expected in capsys.readouterr().out
