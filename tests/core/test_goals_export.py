"""`lesson-tui goals`: the goal grid as JSON (fixed schema), CSV, Markdown and an A4 page."""
from __future__ import annotations

import json

import pytest
from builders import lesson_on_goal
from shared import cli


@pytest.fixture
def taught(store, library, clock):
    fractions = library.lessons["breuken-vergelijken"][1]
    for _ in range(3):
        lesson_on_goal(store, fractions, clock, marks={2: "fout"}, exit_marks={2: "fout"}, miniklas=(2,), miniklas_minutes=10)
    lesson_on_goal(store, library.lessons["waterkringloop"][1], clock, absent=(5,))
    return store


def test_json_has_the_fixed_schema(taught, capsys):
    assert cli(taught, "goals", "--class", "Demo 4A", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "lesson-tui/goals/1"
    assert set(document) == {"schema", "klas", "klas_id", "vastgelopen_na", "doelen", "leerlingen"}
    assert [g["id"] for g in document["doelen"]] == ["breuken-vergelijken", "waterkringloop-uitleggen"]
    goal = document["doelen"][0]
    assert set(goal) == {"id", "lesdoel", "vak", "titel_als_doel", "voorinstructie", "lessen"}
    assert len(goal["voorinstructie"]) == 1 and goal["voorinstructie"][0].startswith("Arthur")
    assert len(goal["lessen"]) == 3 and set(goal["lessen"][0]) == {"run_id", "les", "titel", "datum"}
    first, second = document["leerlingen"][:2]
    assert set(first) == {"nummer", "leerling", "doelen"}
    cell = second["doelen"]["breuken-vergelijken"]
    assert cell == {"status": "nog_niet", "aandeel_juist": 0.0, "lessen_met_bewijs": 3, "lessen_aanwezig": 3,
                    "vastgelopen": True, "miniklas_minuten": 30.0}
    assert first["doelen"]["breuken-vergelijken"]["status"] == "beheerst"
    absent = document["leerlingen"][4]["doelen"]["waterkringloop-uitleggen"]
    assert absent["status"] == "geen_bewijs" and absent["aandeel_juist"] is None


def test_one_goal_only(taught, capsys):
    assert cli(taught, "goals", "--class", "Demo 4A", "--goal", "Breuken vergelijken", "--format", "json") == 0
    assert [g["id"] for g in json.loads(capsys.readouterr().out)["doelen"]] == ["breuken-vergelijken"]


def test_csv_one_row_per_pupil_per_goal_with_numbers(taught, tmp_path):
    target = tmp_path / "doelen.csv"
    assert cli(taught, "goals", "--class", "Demo 4A", "--format", "csv", "--output", str(target)) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = [line.split(";") for line in data.decode("utf-8-sig").splitlines()]
    assert rows[0] == ["nummer", "leerling", "doel", "vak", "status", "aandeel_juist_pct", "lessen_met_bewijs",
                       "lessen_aanwezig", "vastgelopen", "miniklas_minuten"]
    assert len(rows) == 1 + 2 * 24
    two = rows[2]
    assert two[0] == "2" and two[2:] == ["breuken-vergelijken", "wiskunde", "nog niet", "0", "3", "3", "ja", "30"]


def test_markdown_and_html_show_symbols_with_a_legend_and_the_stuck_list(taught, tmp_path, capsys):
    assert cli(taught, "goals", "--class", "Demo 4A") == 0  # md in the terminal
    text = capsys.readouterr().out
    assert "✓ beheerst · ~ bijna · ✗ nog niet · · geen bewijs" in text
    assert "Vastgelopen: niet beheerst na 3 lessen" in text and "3 lessen, 30 min in de miniklas" in text
    target = tmp_path / "doelen.html"
    assert cli(taught, "goals", "--class", "Demo 4A", "--format", "html", "--output", str(target)) == 0
    page = target.read_text(encoding="utf-8")
    assert "@page { size: A4" in page and 'title="nog niet">✗</td>' in page


def test_bad_input_is_one_dutch_line(taught, capsys):
    assert cli(taught, "goals", "--class", "9Z") == 1
    assert "9Z" in capsys.readouterr().err
    assert cli(taught, "goals", "--class", "Demo 4A", "--goal", "tafels") == 1
    err = capsys.readouterr().err
    assert "geen lessen op het doel 'tafels'" in err and "breuken-vergelijken" in err
    assert "Traceback" not in err


def test_a_class_without_goal_lessons_says_so(store, capsys):
    assert cli(store, "goals", "--class", "Demo 4A", "--format", "csv") == 1
    assert "nog geen lessen met een doel" in capsys.readouterr().err


def test_one_pupil_for_the_oudercontact(taught, capsys, tmp_path):
    assert cli(taught, "goals", "--class", "Demo 4A", "--pupil", "2", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert [p["nummer"] for p in document["leerlingen"]] == [2]
    assert cli(taught, "goals", "--class", "Demo 4A", "--pupil", "2") == 0
    text = capsys.readouterr().out
    assert text.startswith("# Doelen van Arthur")
    assert "✗ nog niet · 0% 0% 0% · 3 lessen, 30 min in de miniklas" in text
    assert cli(taught, "goals", "--class", "Demo 4A", "--pupil", "5") == 0
    assert "· geen bewijs · afw · 0 lessen" in capsys.readouterr().out  # absent from the water cycle lesson
    target = tmp_path / "arthur.html"
    assert cli(taught, "goals", "--class", "Demo 4A", "--pupil", "2", "--format", "html", "--output", str(target)) == 0
    assert "nog niet" in target.read_text(encoding="utf-8")
    assert cli(taught, "goals", "--class", "Demo 4A", "--pupil", "99") == 1
    assert "geen leerling met nummer 99" in capsys.readouterr().err
