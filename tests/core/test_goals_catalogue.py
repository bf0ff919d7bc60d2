"""Goals that lessons share: the id rule, near-duplicates, the catalogue, the editor's suggestions."""
from __future__ import annotations

from shared import GOOD, write

from lesson_tui.cli.main import main
from lesson_tui.plan.goalids import goal_id, near_duplicate, near_duplicates
from lesson_tui.plan.goals import goal_catalogue, suggest_goals
from lesson_tui.plan.lessonplan import example_lessons_dir, load_lesson


def lesson(tmp_path, name, *, doelen=None, titel="Test", lesdoel="Ik kan iets.", vak="wiskunde"):
    text = GOOD.replace('id = "test-les"', f'id = "{name}"').replace('titel = "Test"', f'titel = "{titel}"')
    text = text.replace('lesdoel = "Ik kan iets."', f'lesdoel = "{lesdoel}"').replace('vak = "wiskunde"', f'vak = "{vak}"')
    if doelen is not None:
        text = "doelen = [" + ", ".join(f'"{d}"' for d in doelen) + "]\n" + text
    return write(tmp_path, text, f"{name}.toml")


def test_goal_id_is_one_rule_for_what_a_teacher_types():
    assert goal_id("Breuken vergelijken") == goal_id("breuken-vergelijken") == goal_id(" breuken  vergelijken! ")
    assert goal_id("Één tafel") == "een-tafel"
    assert goal_id("!!!") == ""


def test_near_duplicates_but_not_other_numbers():
    assert near_duplicate("breuken-vergelijken", "breukenvergelijken")
    assert near_duplicate("breuken-vergelijken", "breuken-vergelijke")
    assert not near_duplicate("tafel-van-3", "tafel-van-4")
    assert not near_duplicate("breuken-vergelijken", "breuken-vergelijken")
    assert not near_duplicate("breuken-vergelijken", "hoofdgedachte-zoeken")
    assert near_duplicates(["b-c", "zzz", "bc"]) == [("b-c", "bc")]


def test_a_lesson_names_its_goals_normalised(tmp_path):
    plan = load_lesson(lesson(tmp_path, "les-a", doelen=["Breuken vergelijken", "breuken-vergelijken", "Tafels"]))
    assert plan.goal_ids == ("breuken-vergelijken", "tafels")
    assert not plan.goal_from_title


def test_an_old_lesson_without_doelen_keeps_working_with_its_title_flagged(tmp_path):
    plan = load_lesson(lesson(tmp_path, "les-b", titel="Breuken vergelijken"))
    assert plan.goal_ids == ("breuken-vergelijken",)
    assert plan.goal_from_title


def test_a_goal_without_letters_is_an_error_in_its_field(tmp_path):
    path = lesson(tmp_path, "les-c", doelen=["!!"])
    assert main(["check", str(path)]) == 1


def test_catalogue_links_lessons_that_share_a_goal(tmp_path):
    plans = [
        load_lesson(lesson(tmp_path, "les-1", doelen=["breuken-vergelijken"], lesdoel="Ik vergelijk breuken.")),
        load_lesson(lesson(tmp_path, "les-2", doelen=["Breuken vergelijken"])),
        load_lesson(lesson(tmp_path, "les-3", titel="Hoofdgedachte", vak="taal")),
    ]
    catalogue = goal_catalogue(plans)
    assert list(catalogue) == ["breuken-vergelijken", "hoofdgedachte"]
    fractions = catalogue["breuken-vergelijken"]
    assert fractions.lessons == ("les-1", "les-2")
    assert fractions.sentence == "Ik vergelijk breuken." and fractions.vak == "wiskunde"
    assert not fractions.from_title
    assert catalogue["hoofdgedachte"].from_title and catalogue["hoofdgedachte"].vak == "taal"


def test_a_title_standing_in_is_no_longer_flagged_once_a_lesson_names_the_goal(tmp_path):
    plans = [
        load_lesson(lesson(tmp_path, "oud", titel="Breuken vergelijken")),
        load_lesson(lesson(tmp_path, "nieuw", doelen=["breuken-vergelijken"], lesdoel="Ik kan breuken vergelijken.")),
    ]
    goal = goal_catalogue(plans)["breuken-vergelijken"]
    assert goal.lessons == ("nieuw", "oud") and not goal.from_title
    assert goal.sentence == "Ik kan breuken vergelijken."


def test_the_example_lessons_share_the_fractions_goal():
    plans = [load_lesson(f) for f in sorted(example_lessons_dir().glob("*.toml"))]
    goal = goal_catalogue(plans)["breuken-vergelijken"]
    assert set(goal.lessons) == {"breuken-vergelijken", "comparing-fractions"}


def test_the_editor_offers_the_existing_goal_typed_another_way(tmp_path):
    catalogue = goal_catalogue([
        load_lesson(lesson(tmp_path, "les-1", doelen=["breuken-vergelijken"], lesdoel="Ik vergelijk breuken.")),
        load_lesson(lesson(tmp_path, "les-2", doelen=["tafel-van-3"])),
    ])
    assert [g.id for g in suggest_goals("breuken vergelijken", catalogue)] == ["breuken-vergelijken"]
    assert [g.id for g in suggest_goals("breukenvergelijke", catalogue)] == ["breuken-vergelijken"]
    assert [g.id for g in suggest_goals("breu", catalogue)] == ["breuken-vergelijken"]
    assert [g.id for g in suggest_goals("vergelijk", catalogue)] == ["breuken-vergelijken"]
    assert suggest_goals("br", catalogue) == []
    assert [g.id for g in suggest_goals("tafel", catalogue)] == ["tafel-van-3"]


def test_check_warns_about_near_duplicate_goals_and_notes_titles(tmp_path, capsys):
    lesson(tmp_path, "les-1", doelen=["breuken-vergelijken"])
    lesson(tmp_path, "les-2", doelen=["breukenvergelijken"])
    lesson(tmp_path, "les-3", titel="Oude les")
    assert main(["check", str(tmp_path)]) == 0  # a warning, the files are valid
    out = capsys.readouterr().out
    assert "'breuken-vergelijken' (les-1) en 'breukenvergelijken' (les-2) lijken hetzelfde doel" in out
    assert "1 les(sen) zonder doelen" in out and "les-3 ('oude-les')" in out


def test_check_says_nothing_about_goals_that_are_fine(tmp_path, capsys):
    lesson(tmp_path, "les-1", doelen=["breuken-vergelijken"])
    lesson(tmp_path, "les-2", doelen=["breuken-vergelijken"])
    lesson(tmp_path, "les-3", doelen=["tafel-van-3"])
    lesson(tmp_path, "les-4", doelen=["tafel-van-4"])
    assert main(["check", str(tmp_path)]) == 0
    assert "doelen" not in capsys.readouterr().out
