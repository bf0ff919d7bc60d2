"""History per class and per pupil, and the pre-teaching list for the next lesson."""
from __future__ import annotations

import csv
import io

from builders import make_history

from lesson_tui.cli.main import main
from lesson_tui.session.history import class_history, next_lesson, pre_teaching, sparkline


def test_sparkline():
    assert sparkline([0.0, 0.5, 1.0, None]) == "▁▅█·"


def test_class_history_counts_miniklas_and_the_stigma_streak(store, library, clock):
    make_history(store, library, clock)
    history = class_history(store, store.get_class("Demo 4A").id)
    assert len(history.runs) == 8 and len(history.detail) == 8
    jules = next(p for p in history.pupils if p.pupil_id == "demo-09")
    assert jules.miniklas == 8 and history.split_runs == 8
    assert jules.streak == 3 and jules.sporen == [3] * 8 and jules.shares == [0.0] * 8
    amira = next(p for p in history.pupils if p.pupil_id == "demo-01")
    assert amira.streak < 3


def test_pre_teaching_names_miniklas_low_exit_ticket_and_self_assessment(store, library, clock):
    make_history(store, library, clock)
    run, invites = pre_teaching(store, store.get_class("Demo 4A").id, "wiskunde")
    assert run.plan.vak == "wiskunde" and run.run_id == store.runs(store.get_class("Demo 4A").id)[-2].run_id
    by_id = {i.pupil_id: i.reasons for i in invites}
    assert by_id["demo-09"] == ["zat in de miniklas (0/1 juist)"]
    assert "exit ticket 0/1" in by_id["demo-03"]
    assert "zelfinschatting 3" in by_id["demo-12"]
    assert "demo-01" not in by_id or any("miniklas" in r for r in by_id["demo-01"])


def test_next_lesson_command(store, library, clock, capsys, tmp_path):
    make_history(store, library, clock)
    target = tmp_path / "volgende.csv"
    args = ["--data-dir", str(store.root), "next-lesson", "--class", "Demo 4A", "--vak", "wiskunde"]
    assert main([*args, "--format", "csv", "--output", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["leerling", "redenen"] and ["Jules Claes", "zat in de miniklas (0/1 juist)"] in rows
    assert main([*args[:-2], "--vak", "muziek"]) == 1
    assert "Nog geen les met sporen" in capsys.readouterr().err
    assert main(["--data-dir", str(store.root), "next-lesson", "--class", "9Z"]) == 1


def test_the_last_split_lesson_unreadable_is_said_and_no_older_lesson_stands_in(store, library, clock):
    make_history(store, library, clock)
    klas = store.get_class("Demo 4A").id
    newest = store.split_runs(klas, "wiskunde")[-1]
    path = store.root / newest.path
    path.write_text('{"run": {"1": ', encoding="utf-8")  # half synced
    run, invites, problem = next_lesson(store, klas, "wiskunde")
    assert run is None and invites == []
    assert problem is not None and path.name in problem and "niet te lezen" in problem
