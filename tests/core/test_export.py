"""Every export format end to end, through the command line as a teacher would use it."""
from __future__ import annotations

import csv
import io
import json
import os
from html.parser import HTMLParser
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict
from shared import cli


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LessonRef(_Strict):
    id: str
    titel: str
    lesdoel: str


class PhaseEntry(_Strict):
    soort: str
    planned_s: int
    actual_s: int
    started_at: str | None
    ended_at: str | None


class Round(_Strict):
    soort: str
    vraag: str
    niveau: str
    marks: dict[str, Literal["juist", "half", "fout", "afwezig"]]


class MiniklasEntry(_Strict):
    leerling: str
    reden: str
    vrijwillig: bool
    aangesloten_om: str | None
    vertrokken_om: str | None


class ExitEntry(_Strict):
    juist: float
    totaal: int


class ExportedRun(BaseModel):
    """The schema of docs/FORMATS.md; extra top-level keys are additions, allowed."""

    run_id: str
    lesson: LessonRef
    started_at: str
    closed_at: str | None
    phases: list[PhaseEntry]
    cfu_rounds: list[Round]
    self_assessment: dict[str, int]
    sporen: dict[Literal["1", "2", "3"], list[str]]
    miniklas: list[MiniklasEntry]
    exit_ticket: dict[str, ExitEntry]


def test_json_is_the_whole_run_in_the_spec_schema(store, finished, capsys, tmp_path):
    assert cli(store, "export", "--last", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    exported = ExportedRun.model_validate(document)
    assert document["class"] == "Demo 4A"
    assert [p.soort for p in exported.phases] == [p.soort for p in finished.plan.fase]
    assert exported.phases[0].actual_s == 200 and exported.phases[-1].started_at is None
    assert exported.closed_at is not None
    assert exported.sporen["3"] == ["Amira El Idrissi", "Aya Benali", "Noah De Smet"]
    assert exported.exit_ticket["Amira El Idrissi"] == ExitEntry(juist=0.5, totaal=1)


def test_csv_has_a_bom_semicolons_and_reads_back(store, finished, tmp_path, capsys):
    target = tmp_path / "miniklas.csv"
    assert cli(store, "export", finished.run_id, "--format", "csv", "--output", str(target)) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "leerling", "spoor", "miniklas", "reden", "vrijwillig", "vertrokken_om", "zelfinschatting",
        "exit_ticket_juist", "exit_ticket_totaal",
    ]
    by_name = {row[0]: row for row in rows[1:] if row and row[0] != "notitie"}
    assert len(by_name) == 24
    assert by_name["Aya Benali"][:5] == ["Aya Benali", "3", "ja", "zelfinschatting 3", "ja"]
    assert by_name["Zeynep Öztürk"][1:3] == ["1", "nee"]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_md_and_html_are_printable_one_pagers(store, finished, tmp_path, capsys):
    assert cli(store, "export", "--last", "--format", "md") == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Breuken vergelijken · Demo 4A")
    assert "## Spoor 3" in markdown and "Werkboek p. 32-33" in markdown
    target = tmp_path / "les.html"
    assert cli(store, "export", "--last", "--format", "html", "--output", str(target)) == 0
    parser = _Collector()
    parser.feed(target.read_text(encoding="utf-8"))
    assert parser.tags.count("section") == 3 and "table" in parser.tags
    text = " ".join(parser.text)
    assert "@page { size: A4" in text and "Noah De Smet" in text and finished.plan.lesdoel in text


def test_qr_png_decodes_back_to_the_miniklas_list(store, finished, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    target = tmp_path / "miniklas.png"
    assert cli(store, "export", "--last", "--format", "qr", "--output", str(target)) == 0
    (decoded,) = zxingcpp.read_barcodes(Image.open(target))
    assert decoded.text.splitlines() == [
        f"Miniklas Demo 4A - Breuken vergelijken - {finished.info['started_at'][:10]}",
        "- Amira El Idrissi",
        "- Aya Benali",
        "- Noah De Smet",
    ]


def test_qr_in_the_terminal_decodes_too(store, finished, capsys):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    from lesson_tui.export.qr import qr_payload

    assert cli(store, "export", "--last", "--format", "qr") == 0
    drawn = capsys.readouterr().out
    # turn the drawn half blocks back into pixels, as a phone camera would see them
    rows = []
    for line in drawn.splitlines():
        top, bottom = [], []
        for cell in line.split("\x1b[")[1:]:
            codes, _, char = cell.partition("m")
            if char != "▀":
                continue
            fg, bg = codes.split(";")
            top.append(0 if fg == "30" else 255)
            bottom.append(0 if bg == "40" else 255)
        if top:
            rows += [top, bottom]
    scale = 6
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale))
    image.putdata([v for row in rows for _ in range(scale) for v in row for _ in range(scale)])
    (decoded,) = zxingcpp.read_barcodes(image)
    assert decoded.text == qr_payload(finished)


def test_qr_too_big_for_the_terminal_says_so(store, finished, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    monkeypatch.setenv("LINES", "12")
    assert cli(store, "export", "--last", "--format", "qr") == 1
    err = capsys.readouterr().err
    assert "te klein" in err and "--output miniklas.png" in err


def test_unknown_run_unwritable_output_and_empty_run(store, finished, tmp_path, capsys, clock):
    assert cli(store, "export", "bestaat-niet", "--format", "csv") == 1
    assert "onbekende les 'bestaat-niet'" in capsys.readouterr().err
    blocked = tmp_path / "bestand"
    blocked.write_text("x", encoding="utf-8")
    assert cli(store, "export", "--last", "--format", "csv", "--output", str(blocked / "x.csv")) == 1
    assert "kan" in capsys.readouterr().err and blocked.read_text(encoding="utf-8") == "x"
    fresh = store.start_run(store.get_class("Demo 4A"), finished.plan, set())
    store.release(fresh.run_id)
    assert cli(store, "export", fresh.run_id, "--format", "csv") == 1
    assert "nog geen sporen" in capsys.readouterr().err
    assert cli(store, "export", fresh.run_id, "--format", "json") == 0  # the whole run is always there


def test_exports_contain_only_the_run_asked_for(store, finished, clock, capsys):
    clock.advance(86400)
    other = store.start_run(store.get_class("Demo 4A"), finished.plan, set())
    other.next_phase()
    r = other.open_round("Andere vraag")
    other.close_round(r)
    other.confirm_sporen({})
    store.release(other.run_id)
    assert cli(store, "export", finished.run_id, "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["run_id"] == finished.run_id
    assert all(rnd["vraag"] != "Andere vraag" for rnd in document["cfu_rounds"])


def test_qr_payload_uses_plain_separators(finished):
    from lesson_tui.export.qr import qr_payload

    assert "·" not in qr_payload(finished)


def test_miniklas_too_long_for_one_qr_code_is_one_clear_line(store, finished, tmp_path, capsys, monkeypatch):
    from lesson_tui.export import output

    long_payload = "Miniklas\n" + "\n".join(f"- {'Maximiliaan-Alexander ' * 6}{n}" for n in range(30))
    monkeypatch.setattr(output, "qr_payload", lambda run, document=None: long_payload)
    assert cli(store, "export", "--last", "--format", "qr", "--output", str(tmp_path / "q.png")) == 1
    err = capsys.readouterr().err
    assert "te lang voor één QR-code" in err and err.count("\n") == 1


def test_csv_cells_that_look_like_formulas_are_made_text(store, finished, tmp_path):
    from lesson_tui.export.render_csv import csv_cell

    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for start in "=+-@":
        assert csv_cell(f"{start}1+1").startswith("'")
    assert csv_cell("Aya") == "Aya"


def test_markdown_writes_no_html(store, finished):
    from lesson_tui.export.output import render
    from lesson_tui.export.render_md import md_text

    assert md_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in render(finished, "md")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_output_never_replaces_a_symlink_or_a_fifo(store, finished, tmp_path, capsys):
    real = tmp_path / "echt.csv"
    real.write_text("oud", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli(store, "export", "--last", "--format", "csv", "--output", str(link)) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("leerling;")
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    assert cli(store, "export", "--last", "--format", "csv", "--output", str(fifo)) == 1
    assert "geen gewoon bestand" in capsys.readouterr().err
    import stat as stat_module

    assert stat_module.S_ISFIFO(fifo.stat().st_mode)
    assert cli(store, "export", "--last", "--format", "csv", "--output", "") == 1
    assert "bestandsnaam" in capsys.readouterr().err


def test_exports_carry_departures_exit_ticket_and_notes(store, finished, clock):
    from lesson_tui.export.document import run_document
    from lesson_tui.export.render_csv import render_csv
    from lesson_tui.export.render_html import render_html
    from lesson_tui.export.render_md import render_markdown

    miniklas = finished.miniklas[0]
    # finished is closed; reopen its events as the teacher would have recorded them
    document = run_document(finished)
    document["notities"] = {"process_1": "Rustig gewerkt"}
    document["miniklas"][0]["vertrokken_om"] = "2026-11-23T09:41:00+01:00"
    name = document["miniklas"][0]["leerling"]
    document["exit_ticket"][name] = {"juist": 1, "totaal": 2}
    csv_text = render_csv(document)
    assert "09:41" in csv_text and ";1;2\r\n" in csv_text and "Rustig gewerkt" in csv_text
    markdown = render_markdown(finished, document)
    html = render_html(finished, document)
    for text in (markdown, html):
        assert "09:41" in text and "1/2" in text and "Rustig gewerkt" in text
    assert miniklas


def test_printed_scores_use_the_languages_decimal_sign(store, with_exit_ticket, tmp_path, capsys):
    from lesson_tui.base.i18n import set_language
    from lesson_tui.export.output import render

    html = render(with_exit_ticket, "html")
    assert "1,5/2" in html and "1.5/2" not in html and '<html lang="nl">' in html
    assert "1,5/2" in render(with_exit_ticket, "md")
    set_language("en")
    html = render(with_exit_ticket, "html")
    assert "1.5/2" in html and "<h2>Track 3 (3)</h2>" in html and "Small group (3)" in html
    assert "<h2>Spoor" not in html and "<h2>Miniklas" not in html and '<html lang="en">' in html
