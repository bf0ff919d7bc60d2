import os
import subprocess
import sys

import pytest

from lesson_tui import __version__


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


def test_class_import_bad_file_exit_1_no_traceback(tmp_path):
    bad = tmp_path / "leeg.csv"
    bad.write_bytes(b"")
    out = run_cli("--data-dir", str(tmp_path / "d"), "class", "import", str(bad), "--name", "4A")
    assert out.returncode == 1 and "leeg" in out.stderr and "Traceback" not in out.stderr
    missing = run_cli("--data-dir", str(tmp_path / "d"), "class", "import", str(tmp_path / "nope.csv"), "--name", "4A")
    assert missing.returncode == 1 and "nope.csv" in missing.stderr


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


HELP_COMMANDS = [(), ("start",), ("check",), ("class",), ("class", "import"), ("runs",), ("export",), ("next-lesson",)]


def test_dutch_help_has_no_english_argparse_words():
    for command in HELP_COMMANDS:
        out = run_cli(*command, "--help")
        assert out.returncode == 0 and out.stdout.startswith("gebruik: "), command
        for english in ("usage", "options", "positional", "show ", "help message", "version number", "and exit"):
            assert english not in out.stdout, (command, english)


def test_english_help_has_no_dutch_placeholders_or_words():
    for command in HELP_COMMANDS:
        out = run_cli("--lang", "en", *command, "--help")
        assert out.returncode == 0 and out.stdout.startswith("usage: "), command
        words = set(out.stdout.replace("[", " ").replace("]", " ").split())
        for dutch in (
            "MAP",
            "KLAS",
            "BESTAND",
            "LES",
            "PAD",
            "NAAM",
            "VAK",
            "opdracht",
            "gebruik:",
            "sporen",
            "miniklas",
        ):
            assert dutch not in words, (command, dutch)
        assert "FOLDER" in out.stdout
