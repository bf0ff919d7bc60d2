"""The goal grid from the index: statuses across lessons, vastgelopen, time given."""
from __future__ import annotations

import json

from builders import lesson_on_goal

from lesson_tui.plan.goals import goal_catalogue
from lesson_tui.rules.mastery import Status
from lesson_tui.session.goals import goal_grid
from lesson_tui.store.datastore import DataStore


def grid_of(store, library, **kwargs):
    demo = store.get_class("Demo 4A")
    catalogue = goal_catalogue(plan for _, plan in library.lessons.values())
    return goal_grid(store, demo.id, catalogue, **kwargs), {p.number: p.id for p in demo.active_pupils}


def test_two_lessons_on_one_goal_share_a_column(store, library, clock):
    lesson_on_goal(store, library.lessons["breuken-vergelijken"][1], clock, marks={2: "fout"}, exit_marks={2: "fout"})
    lesson_on_goal(store, library.lessons["comparing-fractions"][1], clock, marks={2: "fout", 3: "fout"})
    lesson_on_goal(store, library.lessons["waterkringloop"][1], clock)
    grid, number = grid_of(store, library)
    assert [g.id for g in grid.goals] == ["breuken-vergelijken", "waterkringloop-uitleggen"]
    assert len(grid.goals[0].runs) == 2
    assert grid.cell(number[1], "breuken-vergelijken").status.status is Status.BEHEERST
    assert grid.cell(number[2], "breuken-vergelijken").status.status is Status.NOG_NIET
    # pupil 3: one lesson all right (exit ticket and the round), one with the round wrong
    three = grid.cell(number[3], "breuken-vergelijken")
    assert three.status.status is Status.BIJNA and three.status.lessons == 2
    assert [lesson.share for lesson in grid.lessons(number[3], "breuken-vergelijken")] == [1.0, 0.5]


def test_an_absent_pupil_has_no_evidence_and_the_lesson_does_not_count_for_them(store, library, clock):
    plan = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, plan, clock, absent=(4,))
    grid, number = grid_of(store, library)
    cell = grid.cell(number[4], "breuken-vergelijken")
    assert cell.status.status is Status.GEEN_BEWIJS and cell.taken_part == 0
    assert grid.cell(number[5], "breuken-vergelijken").status.status is Status.BEHEERST


def test_stuck_after_three_lessons_with_the_miniklas_time_so_far(store, library, clock):
    plan = library.lessons["breuken-vergelijken"][1]
    for _ in range(3):
        lesson_on_goal(store, plan, clock, marks={7: "fout", 8: "fout"}, exit_marks={7: "fout", 8: "fout"},
                       miniklas=(7, 8), left={8: 4}, miniklas_minutes=10)
    grid, number = grid_of(store, library)
    stuck = [(pupil.number, goal.id, cell.miniklas_s) for pupil, goal, cell in grid.stuck()]
    assert stuck == [(7, "breuken-vergelijken", 1800), (8, "breuken-vergelijken", 720)]
    assert grid.cell(number[7], "breuken-vergelijken").taken_part == 3
    assert not grid_of(store, library, stuck_after=4)[0].stuck()
    assert [p.number for p in grid.needs_support("breuken-vergelijken")] == [7, 8]


def test_a_lesson_given_before_it_named_its_goal_counts_for_the_goal_it_names_now(store, library, clock, tmp_path):
    plan = library.lessons["waterkringloop"][1]
    from dataclasses import replace
    old = replace(plan, doelen=())  # as it was before `doelen`: the title stands in
    lesson_on_goal(store, old, clock)
    grid, _ = grid_of(store, library)
    assert [g.id for g in grid.goals] == ["waterkringloop-uitleggen"]
    lost, _ = grid_of(store, type(library)({}, []))  # no lesson file names it: the title stands in
    assert [(g.id, g.from_title) for g in lost.goals] == [("de-kringloop-van-het-water", True)]


def test_the_summary_is_a_cache_rebuilt_from_the_run_files(store, library, clock):
    plan = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, plan, clock, marks={2: "fout"})
    before, number = grid_of(store, library)
    # an index written before goals: its lines lack the goal summary, read again once
    path = store.runs_index.path
    data = json.loads(path.read_text(encoding="utf-8"))
    for line in data["runs"].values():
        del line["goal"]
    path.write_text(json.dumps(data), encoding="utf-8")
    fresh = DataStore(store.root, clock)
    after, _ = grid_of(fresh, library)
    assert after.cell(number[2], "breuken-vergelijken") == before.cell(number[2], "breuken-vergelijken")
    assert all("goal" in line for line in json.loads(path.read_text(encoding="utf-8"))["runs"].values())
    path.unlink()  # a lost index: rebuilt from the run files, with the summaries
    again, _ = grid_of(DataStore(store.root, clock), library)
    assert again.cell(number[2], "breuken-vergelijken") == before.cell(number[2], "breuken-vergelijken")


def test_the_grid_never_opens_a_run_file(store, library, clock, monkeypatch):
    plan = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, plan, clock)
    store.runs()  # the index is read (and caught up) as at start-up

    def refuse(*args, **kwargs):
        raise AssertionError("a run file was opened")

    monkeypatch.setattr(store, "open_run", refuse)
    monkeypatch.setattr("lesson_tui.lesson.run.LessonRun", refuse)  # as the index imports it to read one
    grid, number = grid_of(store, library)
    assert grid.cell(number[1], "breuken-vergelijken").status.status is Status.BEHEERST


def test_a_damaged_goal_summary_is_read_again_from_its_run_file(store, library, clock):
    plan = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, plan, clock, marks={2: "fout"})
    lesson_on_goal(store, plan, clock, marks={2: "fout"})
    before, number = grid_of(store, library)
    path = store.runs_index.path
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["runs"].values()))
    first["goal"] = first["goal"][:-5]  # cut off: not JSON any more
    path.write_text(json.dumps(data), encoding="utf-8")
    fresh = DataStore(store.root, clock)
    summaries = fresh.runs()
    from lesson_tui.store.index import read_goal_lines

    read_goal_lines(summaries)  # one bad text: each line is read on its own
    assert sorted(s.goal is None for s in summaries) == [False, True]
    after, _ = grid_of(fresh, library)  # that run file is read again: nothing lost
    assert len(after.goals[0].runs) == 2
    assert after.cell(number[2], "breuken-vergelijken") == before.cell(number[2], "breuken-vergelijken")
    line = next(iter(json.loads(path.read_text(encoding="utf-8"))["runs"].values()))
    assert json.loads(line["goal"])  # and its line written again


def test_the_folded_grid_is_kept_until_the_index_changes(store, library, clock, monkeypatch):
    """Opening the grid again folds nothing; a lesson given here, or written by another
    window on the same data folder (the index file changed on disk), is in the next open."""
    plan = library.lessons["breuken-vergelijken"][1]
    lesson_on_goal(store, plan, clock, marks={2: "fout"}, exit_marks={2: "fout"})
    folds = []
    real = goal_grid.__globals__["goal_status"]
    monkeypatch.setitem(goal_grid.__globals__, "goal_status", lambda found: folds.append(1) or real(found))
    first, number = grid_of(store, library)
    assert folds and first.cell(number[2], "breuken-vergelijken").status.status is Status.NOG_NIET
    folds.clear()
    again, _ = grid_of(store, library)
    assert not folds and again.cells == first.cells and again.cells is not first.cells  # kept, not shared
    lesson_on_goal(store, plan, clock)  # pupil 2 all right now, the newest lesson counts most
    after, _ = grid_of(store, library)
    assert folds and len(after.goals[0].runs) == 2
    assert after.cell(number[2], "breuken-vergelijken").taken_part == 2
    folds.clear()
    other_window = DataStore(store.root, clock)
    lesson_on_goal(other_window, plan, clock, marks={5: "fout"}, exit_marks={5: "fout"})
    seen, _ = grid_of(store, library)
    assert folds and len(seen.goals[0].runs) == 3
    assert seen.cell(number[5], "breuken-vergelijken").status.status is not Status.BEHEERST


def test_after_a_restart_the_grid_is_read_from_what_the_last_start_folded(store, library, clock, monkeypatch):
    """A new start of the app (a fresh DataStore) reads the grid the last one folded, without
    parsing one goal summary; after a lesson given since, only that lesson's goal is parsed
    and folded again; a kept file that is damaged is folded again whole, never an error."""
    plan = library.lessons["breuken-vergelijken"][1]
    water = library.lessons["waterkringloop"][1]
    lesson_on_goal(store, plan, clock, marks={2: "fout"}, exit_marks={2: "fout"}, miniklas=(2,))
    lesson_on_goal(store, water, clock, marks={4: "fout"}, exit_marks={4: "fout"})
    first, number = grid_of(store, library)
    parsed = []
    real = goal_grid.__globals__["read_goal_lines"]

    def recorded(summaries):
        parsed.extend(s.run_id for s in summaries if "goal" not in s.__dict__)
        real(summaries)

    monkeypatch.setitem(goal_grid.__globals__, "read_goal_lines", recorded)
    kept, _ = grid_of(DataStore(store.root, clock), library)
    assert not parsed
    assert kept.cells == first.cells and [g.runs for g in kept.goals] == [g.runs for g in first.goals]
    lesson_on_goal(DataStore(store.root, clock), plan, clock, marks={3: "fout"}, exit_marks={3: "fout"})
    again, _ = grid_of(DataStore(store.root, clock), library)
    fractions = [r.run_id for r in again.goal("breuken-vergelijken").runs]
    assert len(fractions) == 2 and sorted(parsed) == sorted(fractions)  # the water cycle's lesson: not parsed
    assert again.cell(number[3], "breuken-vergelijken").status.status is not Status.BEHEERST
    assert again.cell(number[2], "breuken-vergelijken").taken_part == 2
    assert again.cell(number[4], "waterkringloop-uitleggen") == first.cell(number[4], "waterkringloop-uitleggen")
    from lesson_tui.store import layout

    (kept_file,) = layout.derived_path(store.root, "x").parent.glob("goalgrid-*.json")
    kept_file.write_text('{"schema": 1, "digest": "', encoding="utf-8")  # cut off
    damaged, _ = grid_of(DataStore(store.root, clock), library)
    assert damaged.cells == again.cells


def test_the_kept_grid_fits_in_the_next_process_too():
    """The digest of a kept grid names the rule's code, the same in every start of the app
    (never a memory address), or the first open after start-up would fold every time."""
    import subprocess
    import sys

    from lesson_tui.session.goals import _rule_fingerprint

    code = "import sys; from lesson_tui.session.goals import _rule_fingerprint; sys.stdout.write(_rule_fingerprint().hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8")
    assert other.stdout == _rule_fingerprint().hex()
    # the rule's constants are in it too (the half-life is a default, not in the code)
    code = code.replace("import sys;", "import sys; import lesson_tui.rules.mastery as m; m.goal_status.__defaults__ = (3.0,);")
    changed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, encoding="utf-8")
    assert changed.stdout != _rule_fingerprint().hex()
