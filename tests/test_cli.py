import os
import subprocess
import sys

import pytest

from lesson_tui import __version__
from lesson_tui.cli import main
from lesson_tui.datastore import DataStore


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "lesson_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_version_and_help():
    out = run_cli("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    helped = run_cli("--help")
    assert helped.returncode == 0 and "klaslijst" in helped.stdout


def test_usage_error_is_one_dutch_line_exit_2():
    out = run_cli("export", "--format", "pdf")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "ongeldige keuze" in out.stderr and "Traceback" not in out.stderr
    en = run_cli("--lang", "en", "class", "import", "x.csv")
    assert en.returncode == 2 and "required argument missing" in en.stderr


def test_class_import_and_list(tmp_path, capsys):
    data = tmp_path / "data"
    csv_file = tmp_path / "4a.csv"
    csv_file.write_bytes("Klasnr;Voornaam;Familienaam\r\n1;Noah;Vermeulen\r\n2;Noah;De Smet\r\n3;Zoë;Maes\r\n".encode("cp1252"))
    assert main(["--data-dir", str(data), "class", "import", str(csv_file), "--name", "4A"]) == 0
    out = capsys.readouterr().out
    assert "Klas 4A: 3 leerlingen (3 nieuw" in out and "Noah V., Noah D." in out
    assert main(["--data-dir", str(data), "class", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("4A") and "3 leerlingen" in listing[0]
    assert "Demo 4A" in listing[1] and "24 leerlingen" in listing[1]


def test_class_import_bad_file_exit_1_no_traceback(tmp_path):
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    out = run_cli("--data-dir", str(tmp_path / "d"), "class", "import", str(bad), "--name", "4A")
    assert out.returncode == 1 and "leeg" in out.stderr and "Traceback" not in out.stderr
    missing = run_cli("--data-dir", str(tmp_path / "d"), "class", "import", str(tmp_path / "nope.csv"), "--name", "4A")
    assert missing.returncode == 1 and "nope.csv" in missing.stderr


def test_data_dir_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LESSON_TUI_DATA", str(tmp_path / "envdata"))
    csv_file = tmp_path / "l.csv"
    csv_file.write_text("naam\nAya\n", encoding="utf-8")
    assert main(["class", "import", str(csv_file), "--name", "5B"]) == 0
    assert (tmp_path / "envdata" / "classes" / "5b.json").exists()


def test_runs_lists_one_line_per_run(store, run, capsys):
    assert main(["--data-dir", str(store.root), "runs"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(run.run_id) and "Demo 4A" in line and "breuken-vergelijken" in line and "bezig" in line


def test_start_with_unknown_lesson_or_class(tmp_path):
    out = run_cli("--data-dir", str(tmp_path), "start", "bestaat-niet")
    assert out.returncode == 1 and "onbekende les" in out.stderr and "breuken-vergelijken" in out.stderr
    out = run_cli("--data-dir", str(tmp_path), "start", "breuken-vergelijken", "--class", "9Z")
    assert out.returncode == 1 and "onbekende klas" in out.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_unusable_data_dir_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = run_cli("--data-dir", str(blocker / "sub"), "class", "list")
    assert out.returncode == 1 and "gegevensmap" in out.stderr and "Traceback" not in out.stderr


def test_start_of_a_lesson_whose_file_is_broken_names_the_file(tmp_path, capsys):
    lessons = tmp_path / "lessen"
    lessons.mkdir()
    broken = lessons / "mijn-les.toml"
    broken.write_text('id = "mijn-les"\ntitel = "Mijn les"\nminuten = 7,5\n', encoding="utf-8")
    code = main(["--data-dir", str(tmp_path / "d"), "--lessons", str(lessons), "start", "mijn-les"])
    err = capsys.readouterr().err
    assert code == 1
    assert str(broken) in err and "onbekende les" not in err
