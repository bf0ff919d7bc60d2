"""Every export format end to end, through the command line as a teacher would use it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from shared import cli


def test_export_in_a_subprocess_has_no_traceback(store, finished, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "lesson_tui", "--data-dir", str(store.root), "export", "zzz", "--format", "md"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr and out.stderr.count("\n") == 1


def _qr_texts(png_path):
    """What two common decoders read from a PNG: zxing (in the test extras) and zbar
    (Debian's zbar-tools, where installed)."""
    import shutil

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    texts = [zxingcpp.read_barcodes(Image.open(png_path))[0].text]
    if shutil.which("zbarimg"):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(png_path)], capture_output=True)
        texts.append(out.stdout.decode("utf-8").rstrip("\n"))
    return texts


def test_qr_with_accents_decodes_identically_in_zbar_and_zxing(tmp_path):
    from lesson_tui.export.qr import qr_png

    text = "Miniklas 4A - Breuken - 2026-11-23\n- Zoë Maes\n- Ömer Öztürk\n- Chloë Van den Broeck"
    target = tmp_path / "q.png"
    target.write_bytes(qr_png(text))
    assert set(_qr_texts(target)) == {text}


def _spreadsheet(csv_path, out_dir, language_id: int) -> list[list[tuple[str, str]]]:
    """The CSV as LibreOffice Calc opens it with a Belgian (2067) or US (1033) locale and
    the settings a double click in Excel has (`;`, UTF-8, special numbers such as dates
    detected): per row, per cell, (value type, text), with a number's value as its text
    ('1.5' whatever the display). An empty cell has type ''."""
    import shutil
    import xml.etree.ElementTree as ET
    import zipfile

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    profile = out_dir / "lo-profile"  # a private profile: no first-run wait, no lock with another soffice
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            f"--infilter=CSV:59,34,76,1,,{language_id},false,true",
            "--convert-to",
            "ods",
            "--outdir",
            str(out_dir),
            str(csv_path),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    }
    with zipfile.ZipFile(out_dir / f"{csv_path.stem}.ods") as ods:
        root = ET.fromstring(ods.read("content.xml"))
    rows = []
    for row in root.iter(f"{{{ns['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", ns):
            kind = cell.get(f"{{{ns['office']}}}value-type", "")
            text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", ns))
            if kind == "float":
                text = cell.get(f"{{{ns['office']}}}value")  # the number itself, not its display
            repeat = int(cell.get(f"{{{ns['table']}}}number-columns-repeated", "1"))
            cells += [(kind, text)] * min(repeat, 20)
        while cells and cells[-1] == ("", ""):
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _check_cell_types(rows, header, *, yes: str, no: str) -> dict[str, list[tuple[str, str]]]:
    """Every cell of the pupils' rows has the type a teacher computes with: names and words
    are text, spoor, self-assessment and the exit ticket are numbers, the departure is a
    clock time; no cell anywhere is a date."""
    assert [text for _, text in rows[0]] == header
    assert all(kind == "string" for kind, _ in rows[0])
    assert not [cell for row in rows for cell in row if cell[0] == "date"]
    by_name = {}
    for row in rows[1:]:
        if not row:
            break  # the notes follow after an empty row
        row = row + [("", "")] * (len(header) - len(row))
        name, spoor, miniklas, reason, voluntary, left, self_value, right, total = row
        assert name[0] == "string" and spoor[0] == "float" and miniklas[0] == "string"
        assert miniklas[1] in (yes, no) and voluntary[1] in (yes, no) and voluntary[0] == "string"
        assert reason[0] in ("string", "")
        assert left[0] in ("time", "")
        for number in (self_value, right, total):
            assert number[0] in ("float", ""), (name, number)
        assert (right[0] == "") == (total[0] == ""), name
        by_name[name[1]] = row
    notes = rows[len(by_name) + 2 :]
    assert notes and all(kind == "string" for row in notes for kind, _ in row)
    return by_name


def test_csv_opens_in_a_belgian_spreadsheet_as_numbers_not_dates(store, with_exit_ticket, tmp_path):
    run = with_exit_ticket
    target = tmp_path / "miniklas.csv"
    assert cli(store, "export", run.run_id, "--format", "csv", "--output", str(target)) == 0
    rows = _spreadsheet(target, tmp_path, 2067)
    header = [
        "leerling",
        "spoor",
        "miniklas",
        "reden",
        "vrijwillig",
        "vertrokken_om",
        "zelfinschatting",
        "exit_ticket_juist",
        "exit_ticket_totaal",
    ]
    by_name = _check_cell_types(rows, header, yes="ja", no="nee")
    assert len(by_name) == 24
    amira, arthur, aya, bilal = (by_name[p.full_name] for p in run.pupils[:4])
    assert [c[1] for c in amira[7:]] == ["0", "2"]  # fout, fout
    assert [c[1] for c in arthur[7:]] == ["1.5", "2"] and arthur[5][1].startswith("09:")  # half, juist; left
    assert [c[1] for c in aya[6:]] == ["3", "2", "2"]
    assert [c[1] for c in bilal[7:]] == ["1", "2"]
    assert amira[1] == ("float", "3") and aya[2][1] == "ja"


def test_english_csv_opens_in_an_english_spreadsheet_as_numbers(store, with_exit_ticket, tmp_path):
    target = tmp_path / "small-group.csv"
    assert cli(store, "--lang", "en", "export", "--last", "--format", "csv", "--output", str(target)) == 0
    rows = _spreadsheet(target, tmp_path, 1033)
    header = [
        "pupil",
        "track",
        "small_group",
        "reason",
        "voluntary",
        "left_at",
        "self_assessment",
        "exit_ticket_right",
        "exit_ticket_total",
    ]
    by_name = _check_cell_types(rows, header, yes="yes", no="no")
    arthur = by_name[with_exit_ticket.pupils[1].full_name]
    assert [c[1] for c in arthur[7:]] == ["1.5", "2"] and arthur[2][1] == "yes"


def test_the_school_csv_opens_in_a_belgian_spreadsheet_without_dates(tmp_path, monkeypatch, clock, library):
    """The school view's CSV (#21): the counts are numbers, the coverage a percentage, the
    thresholds ("3 van de laatste 5") and the evidence text: no cell becomes a date."""
    from lesson_tui.cli.main import main
    from tests.builders import school_folders

    folders = school_folders(tmp_path, monkeypatch, clock, library)
    target = tmp_path / "zorg" / "school.csv"
    target.parent.mkdir()
    args = [a for f in folders for a in ("--folder", str(f))]
    assert main(["school", *args, "--format", "csv", "--output", str(target)]) == 0
    rows = _spreadsheet(target, tmp_path, 2067)
    assert not [cell for row in rows for cell in row if cell[0] == "date"]
    klas = next(row for row in rows if row and row[0][1] == "4A")
    assert klas[2] == ("float", "5") and klas[3] == ("float", "5") and klas[4][0] == "percentage"
    signal = next(row for row in rows if row and row[0][1] == "Bram Claes")
    assert signal[4] == ("string", "3 van de laatste 5") and signal[5][0] == "string"
    assert signal[6] == ("float", "40")
