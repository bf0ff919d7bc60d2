"""`lesson-tui school --format ...`: the exports for the zorgoverleg / MDO (#21)."""

from __future__ import annotations

import json
import os

from lesson_tui.cli.main import main
from tests.core.test_school_readonly import school, tree  # noqa: F401  (the fixture)

TOP_KEYS = ["schema", "vertrouwelijk", "schooljaar", "gemaakt_op", "drempels", "mappen", "klassen", "leerlingen",
            "signalen", "problemen", "koppel_voorstellen"]


def folders_args(folders):
    return [arg for f in folders for arg in ("--folder", str(f))]


def test_the_folders_given_once_are_remembered(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["school", "--format", "json"]) == 0  # no --folder: the ones of last time
    again = json.loads(capsys.readouterr().out)
    assert [m["map"] for m in again["mappen"]] == ["juf-an", "meester-bart"]
    assert again["klassen"] == first["klassen"]


def test_without_folders_a_dutch_line_says_how(capsys):
    assert main(["school", "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "--folder" in err and "Traceback" not in err


def test_the_json_has_the_fixed_schema_of_the_readme(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == TOP_KEYS
    assert doc["schema"] == "lesson-tui/school/1" and doc["vertrouwelijk"] is True
    assert doc["drempels"] == {"spoor3": {"n": 3, "m": 5}, "zelfinschatting": {"n": 3, "m": 5}}
    klas = doc["klassen"][0]
    assert list(klas) == ["klas", "leerkrachten", "leerlingen", "lessen", "check_dekking", "doelen", "lessen_lijst"]
    assert klas["doelen"] is None  # no goals' mastery plugged in
    assert list(klas["lessen_lijst"][0]) == ["datum", "leerkracht", "vak", "titel", "aanwezig", "gecheckt",
                                              "checkrondes", "sporen", "afgesloten"]
    signal = doc["signalen"][0]
    assert list(signal) == ["soort", "sleutel", "naam", "vak", "drempel", "lessen_bekeken", "miniklas_min", "voorinstructie_min",
                            "detail", "bewijs"]
    assert list(signal["bewijs"][0]) == ["run_id", "datum", "klas", "vak", "titel", "spoor", "score",
                                         "zelfinschatting", "miniklas_min"]
    pupil = doc["leerlingen"][0]
    assert list(pupil) == ["sleutel", "naam", "klassen", "sleutels", "lessen", "spoor3_lessen", "miniklas_min",
                           "voorinstructie_min", "signalen"]


def test_one_class(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--class", "5b", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [k["klas"] for k in doc["klassen"]] == ["5B"]
    assert sorted(p["naam"] for p in doc["leerlingen"]) == ["Fien Smet", "Gust Goossens"]
    assert main(["school", "--class", "7Z", "--format", "json"]) == 1
    assert "Geen klas '7Z'" in capsys.readouterr().err


def test_an_export_is_never_written_into_a_teachers_folder(school, capsys, tmp_path):  # noqa: F811
    before = tree(*school)
    target = school[0] / "exporten" / "zorg.html"
    assert main(["school", *folders_args(school), "--format", "html", "--output", str(target)]) == 1
    err = capsys.readouterr().err
    assert "lesmap van een leerkracht" in err and "Traceback" not in err
    assert tree(*school) == before and not target.exists()
    if os.name != "posix":
        return  # a symlink needs rights on Windows
    # through a symlink too
    link = tmp_path / "snelkoppeling"
    link.symlink_to(school[1])
    assert main(["school", "--format", "csv", "--output", str(link / "x.csv")]) == 1
    assert tree(*school) == before
    own = tmp_path / "zorg" / "4a.html"
    own.parent.mkdir()
    assert main(["school", "--format", "html", "--output", str(own)]) == 0
    assert own.is_file() and tree(*school) == before


def test_the_html_is_an_a4_page_per_class_and_per_pupil_marked_confidential(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--class", "4A", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "@page { size: A4" in html
    assert html.count('<section class="page">') == 1 + 2  # 4A, then Bram and Emma (their signals)
    assert html.count("VERTROUWELIJK") == 3
    assert "Bram Claes" in html and "40 min extra instructie" in html and "4 keer in spoor 3 / de miniklas in de laatste 4 lessen (drempel: 3 van de laatste 5)" in html
    assert main(["school", "--leerling", "Daan Maes", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.count('<section class="page">') == 1 and "Daan Maes" in page and "VERTROUWELIJK" in page


def test_the_csv_has_no_fraction_a_spreadsheet_takes_for_a_date(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--format", "csv"]) == 0
    text = capsys.readouterr().out
    import re

    assert not re.search(r"(?<![\d-])\d{1,2}/\d{1,2}(?![\d])", text)
    assert "3 van de laatste 5" in text and "VERTROUWELIJK" in text.splitlines()[0]


def test_thresholds_from_the_command_line_are_kept(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--drempel", "spoor3=4/4", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["drempels"]["spoor3"] == {"n": 4, "m": 4}
    assert main(["school", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["drempels"]["spoor3"] == {"n": 4, "m": 4}
    assert main(["school", "--drempel", "spoor3=6/5", "--format", "json"]) == 1
    assert "geen drempel" in capsys.readouterr().err


def test_md(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Schoolweergave 2026-2027") and "**VERTROUWELIJK" in text and "## 4A" in text


def test_a_school_year_that_is_not_one(school, capsys):  # noqa: F811
    assert main(["school", *folders_args(school), "--schooljaar", "2026", "--format", "json"]) == 1
    assert "geen schooljaar" in capsys.readouterr().err
    assert main(["school", *folders_args(school), "--schooljaar", "2025-2026", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["klassen"] == []
