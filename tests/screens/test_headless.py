"""`lesson-tui demo --headless`: the installed program's smoke test (.ci/run runs it from the wheel)."""
from __future__ import annotations

from lesson_tui.cli import headless
from lesson_tui.cli.main import main


def test_the_headless_demo_walks_a_lesson_and_reads_back_what_it_saved(capsys):
    assert main(["demo", "--headless"]) == 0
    out = capsys.readouterr().out
    assert f"{len(headless.DEMO_STEPS)}/{len(headless.DEMO_STEPS)} stappen" in out
    assert "1 check-ronde(s): 22 juist, 1 half, 1 fout" in out
    assert "1 beurtstokje(s)" in out
    assert "fase 2 van 8" in out


def test_a_step_that_misses_its_screen_fails_in_one_dutch_line(capsys, monkeypatch):
    steps = list(headless.DEMO_STEPS)
    steps[3] = ("pick", ("r",), "BoardScreen")  # `r` opens the picker, never the board
    monkeypatch.setattr(headless, "DEMO_STEPS", tuple(steps))
    monkeypatch.setattr(headless, "STEP_SECONDS", 1.0)
    assert main(["demo", "--headless"]) == 1
    err = capsys.readouterr().err
    assert "De demoles liep vast bij stap pick: BoardScreen != PickerScreen (gelukt: start, check, marks)." in err
    assert "Traceback" not in err
