"""The goals CSV opened the way a Belgian teacher opens it: LibreOffice Calc (nl-BE), and
the same sheet saved as .xlsx and opened again. Numbers stay numbers, nothing becomes a date
(also a goal id such as "3-4" or a pupil's 7.5 minutes in the miniklas)."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import pytest
from builders import lesson_on_goal
from shared import cli

from processes.test_export import _spreadsheet

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _soffice(profile, *args):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                   capture_output=True, timeout=180, check=True)


def _ods_cells(path) -> list[list[tuple[str, str]]]:
    with zipfile.ZipFile(path) as ods:
        root = ET.fromstring(ods.read("content.xml"))
    rows = []
    for row in root.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            kind = cell.get(f"{{{NS['office']}}}value-type", "")
            text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            if kind == "float":
                text = cell.get(f"{{{NS['office']}}}value")
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            cells += [(kind, text)] * min(repeat, 20)
        while cells and cells[-1] == ("", ""):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _check(rows):
    assert [text for _, text in rows[0]][:3] == ["nummer", "leerling", "doel"]
    assert not [cell for row in rows for cell in row if cell[0] == "date"]
    by_goal = {}
    for row in rows[1:]:
        number, name, goal, _vak, status, share, evidence, present, stuck, minutes = row + [("", "")] * (10 - len(row))
        assert number[0] == "float" and name[0] == "string" and goal[0] == "string" and status[0] == "string"
        assert share[0] in ("float", "") and evidence[0] == "float" and present[0] == "float"
        assert stuck[1] in ("ja", "nee") and minutes[0] == "float"
        by_goal.setdefault(goal[1], {})[int(number[1])] = row
    return by_goal


@pytest.fixture
def taught(store, library, clock):
    fractions = library.lessons["breuken-vergelijken"][1]
    odd = replace(library.lessons["waterkringloop"][1], doelen=("3-4",))  # a goal id that looks like a date
    for _ in range(3):
        lesson_on_goal(store, fractions, clock, marks={2: "fout", 3: "half"}, exit_marks={2: "fout"},
                       miniklas=(2, 3), left={3: 7.5}, miniklas_minutes=10)
    lesson_on_goal(store, odd, clock, absent=(5,))
    return store


def test_goals_csv_in_a_belgian_calc_and_back_from_xlsx(taught, tmp_path):
    target = tmp_path / "doelen.csv"
    assert cli(taught, "goals", "--class", "Demo 4A", "--format", "csv", "--output", str(target)) == 0
    by_goal = _check(_spreadsheet(target, tmp_path, 2067))
    assert set(by_goal) == {"breuken-vergelijken", "'3-4"}  # kept text (with the apostrophe Calc shows), never 3 April
    fractions = by_goal["breuken-vergelijken"]
    assert [c[1] for c in fractions[2][4:]] == ["nog niet", "0", "3", "3", "ja", "30"]
    assert fractions[3][9] == ("float", "22.5")  # 3 x 7,5 minutes: a number, not 22 May
    assert fractions[3][5] == ("float", "75")  # half on the round (x2), juist on the exit ticket (x2): 3 of 4
    # saved as .xlsx in that Calc and opened again: the same types
    profile = tmp_path / "lo-xlsx"
    xlsx_dir, back_dir = tmp_path / "xlsx", tmp_path / "back"
    _soffice(profile, "--infilter=CSV:59,34,76,1,,2067,false,true", "--convert-to", "xlsx", "--outdir", str(xlsx_dir), str(target))
    _soffice(profile, "--convert-to", "ods", "--outdir", str(back_dir), str(xlsx_dir / "doelen.xlsx"))
    again = _check(_ods_cells(back_dir / "doelen.ods"))
    assert [c[1] for c in again["breuken-vergelijken"][2][4:]] == ["nog niet", "0", "3", "3", "ja", "30"]
    assert again["breuken-vergelijken"][3][9] == ("float", "22.5")
