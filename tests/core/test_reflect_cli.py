"""`lesson-tui reflect`: one lesson or a period, in md, json and html; wrong input in words."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

import pytest
from builders import scripted_lesson

from lesson_tui.cli.main import main
from lesson_tui.review.document import LESSON_SCHEMA, PERIOD_SCHEMA
from lesson_tui.review.period import Period, PeriodError, parse_date, previous, week_of


def _reflect(store, *args):
    return main(["--data-dir", str(store.root), "reflect", *args])


def test_json_of_one_lesson_has_the_fixed_schema(store, plan, clock, capsys):
    run, _ = scripted_lesson(store, plan, clock)
    assert _reflect(store, run.run_id[:12], "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == LESSON_SCHEMA
    assert list(doc) == [
        "schema", "run_id", "klas", "les", "begonnen", "gesloten", "aanwezig", "fasen", "overtijd_s", "checkrondes",
        "vragentrap", "kleine_lesafsluiting", "beurtstokjes", "hulp_flex", "exit_ticket", "reflectie",
    ]
    assert doc["fasen"][0] == {
        "soort": "voorkennis", "gepland_s": 240, "bijgesteld_s": 0, "werkelijk_s": 300, "overtijd_s": 60, "gedaan": True
    }
    assert doc["overtijd_s"] == 180 and doc["aanwezig"] == 23
    assert [r["denktijd_s"] for r in doc["checkrondes"]] == [2, 6, 10, 5, 8]
    split = doc["kleine_lesafsluiting"]
    assert split["sporen"] == {"1": 17, "2": 1, "3": 5} and split["miniklas_max"] == 6 and split["miniklas_s"] == 600
    assert split["aangepast"] == [{"leerling": "Elif Kaya", "voorstel": 1, "spoor": 3}]
    assert [(v["leerling"], v["om"][11:19], v["terug"]) for v in split["vertrokken"]] == [("Jules Claes", "09:37:30", False)]
    assert doc["beurtstokjes"]["beurten"] == 2 and doc["beurtstokjes"]["hele_klas"] is False
    assert doc["reflectie"] == {"process_1": "Rustig gewerkt."}


def test_last_lesson_as_markdown_names_overtime_and_the_changed_suggestion(store, plan, clock, capsys):
    scripted_lesson(store, plan, clock)
    assert _reflect(store, "--last") == 0
    out = capsys.readouterr().out
    assert "Breuken vergelijken · Demo 4A" in out
    assert "| Voorkennis activeren | 4:00 | 5:00 | +1:00 |" in out
    assert "| IK | 8:00 (+2:00) | 10:00 | +2:00 |" in out
    assert "Voorstellen aangepast: 1" in out and "(1 → 3)" in out
    assert "Miniklas: 5 leerlingen (maximum 6)" in out and "Miniklastimer liep 10:00" in out
    assert "2 s !" in out  # the think time that was too short


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_is_an_a4_page_to_print(store, plan, clock, tmp_path, capsys):
    scripted_lesson(store, plan, clock)
    out = tmp_path / "les.html"
    assert _reflect(store, "--last", "--format", "html", "--output", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert "@page { size: A4" in page and "break-after: page" in page
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("table") == 2 and "Geschreven naar" in capsys.readouterr().err


def test_a_period_holds_every_lesson_of_the_class_in_it(store, plan, clock, capsys):
    scripted_lesson(store, plan, clock)
    clock.advance(86400)
    scripted_lesson(store, plan, clock)
    assert _reflect(store, "--from", "2026-11-23", "--to", "24-11-2026", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == PERIOD_SCHEMA and doc["klas"] == "Demo 4A"
    assert (doc["van"], doc["tot"], len(doc["lessen"])) == ("2026-11-23", "2026-11-24", 2)
    attention = doc["aandacht"]
    assert list(attention) == ["lessen", "leerlingen", "minder_dan_klas", "altijd_miniklas"]
    jules = next(p for p in attention["leerlingen"] if p["leerling"] == "Jules Claes")
    assert jules == {
        "leerling": "Jules Claes", "lessen": 2, "beurtstokjes": 0, "bij_naam": 4, "hulp_flex": 0, "momenten": 4,
        "miniklas_min": 10.0, "voorinstructie": 0, "splitslessen": 2, "in_miniklas": 2, "vakken_miniklas": ["wiskunde"],
    }
    assert _reflect(store, "--from", "2026-11-24", "--to", "2026-11-24", "--format", "json") == 0
    assert len(json.loads(capsys.readouterr().out)["lessen"]) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["onbestaand"], "onbekende les 'onbestaand'"),
        (["--from", "2026-13-01", "--to", "2026-12-01"], "'2026-13-01' bij --from is geen bestaande dag"),
        (["--from", "morgen", "--to", "2026-12-01"], "'morgen' bij --from is geen datum"),
        (["--from", "2026-12-01"], "--from en --to horen samen"),
        (["--from", "2026-12-05", "--to", "2026-12-01"], "de periode eindigt (2026-12-01) voor ze begint"),
        (["--from", "2026-01-01", "--to", "2026-01-31"], "geen lessen van 2026-01-01 tot 2026-01-31"),
        (["--last", "--week"], "deze opties gaan niet samen"),
    ],
)
def test_wrong_run_or_date_is_one_dutch_line(store, plan, clock, capsys, args, said):
    scripted_lesson(store, plan, clock)
    assert _reflect(store, *args) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and err.count("\n") == 1


def test_no_lessons_yet(store, capsys):
    assert _reflect(store, "--last") == 1
    assert "nog geen lessen om op terug te blikken" in capsys.readouterr().err


def test_a_week_in_markdown_shows_the_attention_and_its_rule(store, plan, clock, capsys):
    for _ in range(3):
        scripted_lesson(store, plan, clock)
        clock.advance(86400)
    assert _reflect(store, "--from", "2026-11-23", "--to", "2026-11-29") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Terugblik Demo 4A: 2026-11-23 tot 2026-11-29")
    assert "## Aandacht per leerling (3 lessen)" in out
    assert "| Jules Claes | 3 | 0 | 6 | 0 | 15 (3/3) | 0 |" in out
    assert "Altijd in de miniklas: Amira El Idrissi (wiskunde)" in out
    assert "Regel: beurtstokjes, markeringen bij naam en hulp in FLEX samen" in out
    assert out.count("### Fasen: gepland en werkelijk") == 3


def test_a_period_of_two_classes_asks_which(store, plan, clock, capsys):
    from builders import class_of

    scripted_lesson(store, plan, clock)
    other = class_of(store, "5B", 22)
    scripted_lesson(store, plan, clock, school_class=other)
    assert _reflect(store, "--from", "2026-11-23", "--to", "2026-11-23") == 1
    assert "meer dan één klas (5B, Demo 4A)" in capsys.readouterr().err
    assert _reflect(store, "--from", "2026-11-23", "--to", "2026-11-23", "--class", "5b", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["klas"] == "5B"


def test_weeks_and_dates():
    assert week_of(date(2026, 12, 2)) == Period(date(2026, 11, 30), date(2026, 12, 6))
    assert week_of(date(2026, 11, 30)) == week_of(date(2026, 12, 6))
    assert previous(week_of(date(2026, 12, 2))) == Period(date(2026, 11, 23), date(2026, 11, 29))
    assert parse_date("23/11/2026") == parse_date(" 2026-11-23 ") == date(2026, 11, 23)
    with pytest.raises(PeriodError):
        parse_date("31-02-2026")


def test_the_kijkwijzer_as_json_md_and_a4(store, plan, clock, tmp_path, capsys):
    from lesson_tui.review.kijkwijzer import period_key
    from lesson_tui.store.reflections import Reflections

    scripted_lesson(store, plan, clock)
    week = Period(date(2026, 11, 23), date(2026, 11, 29))
    mine = Reflections(store.root, clock)
    mine.set_item(period_key(week), "edi_5", 4, "splitsing lukt", "zelfinschatting vaker")
    mine.set_focus(period_key(week), "edi_5")
    args = ["--kijkwijzer", "--from", "2026-11-23", "--to", "2026-11-29"]
    assert _reflect(store, *args, "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["schema"], doc["focus"], doc["lessen"], len(doc["items"])) == ("lesson-tui/kijkwijzer/1", "edi_5", 1, 12)
    edi5 = next(i for i in doc["items"] if i["item"] == "edi_5")
    assert (edi5["score"], edi5["notitie"], edi5["aanpak"]) == (4, "splitsing lukt", "zelfinschatting vaker")
    assert edi5["bewijs"] == [
        {"bewijs": "split", "tekst": "kleine lesafsluiting met splitsing: 1 van 1 lessen", "aantal": 1, "van": 1}
    ]
    assert _reflect(store, *args) == 0
    out = capsys.readouterr().out
    assert "**Focus voor deze periode: 2.5 Kleine lesafsluiting**" in out and "## 2.5 Kleine lesafsluiting ★" in out
    page = tmp_path / "kijkwijzer.html"
    assert _reflect(store, *args, "--format", "html", "--output", str(page)) == 0
    html = page.read_text(encoding="utf-8")
    assert "@page { size: A4" in html and html.count('<section class="item') == 12 and "item focus" in html
    assert "Doe je dit al? 4" in html and html.count("○ 1  ○ 2  ○ 3  ○ 4  ○ 5") == 11  # to circle on paper
    assert _reflect(store, "--kijkwijzer", "--last") == 1
    assert "deze opties gaan niet samen" in capsys.readouterr().err
