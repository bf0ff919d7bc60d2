import random

from lesson_tui.lesson.run import LessonRun
from lesson_tui.rules.timing import format_clock


def reopen(store, run) -> LessonRun:
    store.release(run.run_id)
    return store.open_run(run.run_id, rng=random.Random(1))


def test_phase_timer_counts_down_then_overtime(run, clock):
    run.next_phase()  # voorkennis, 4 minutes
    clock.advance(60)
    assert run.current_timing.remaining(clock.now()) == 180
    clock.advance(200)
    assert run.current_timing.remaining(clock.now()) == -20
    assert format_clock(-20) == "+00:20"
    assert format_clock(179.4) == "02:59"


def test_pause_resume_and_adjust(run, clock):
    run.next_phase()
    clock.advance(30)
    run.toggle_pause()
    clock.advance(600)  # a long pause does not count
    run.toggle_pause()
    clock.advance(30)
    run.adjust_minutes(1)
    run.adjust_minutes(-10)  # never below zero planned time
    timing = run.current_timing
    assert timing.elapsed(clock.now()) == 60
    assert timing.planned_s + timing.adjust_s == 0


def test_phase_log_has_planned_actual_start_and_end(run, clock):
    run.next_phase()
    clock.advance(100)
    run.next_phase()
    clock.advance(50)
    run.previous_phase()
    clock.advance(10)
    first, second = run.timings[0], run.timings[1]
    assert first.elapsed(clock.now()) == 110 and second.elapsed(clock.now()) == 50
    assert second.ended_at is not None and first.ended_at is None
    assert run.timings[2].started_at is None


def test_state_is_the_same_after_resume(store, run, clock):
    run.next_phase()
    run.set_present(run.pupil_ids[2], False)
    round_ = run.open_round("Welke breuk is groter?", "gesloten")
    run.mark(round_, run.pupil_ids[0], "fout")
    run.mark(round_, run.pupil_ids[1], "half")
    run.mark(round_, run.pupil_ids[3], "fout")
    run.undo_mark(round_)
    clock.advance(42)
    picked = run.pick_pupil()
    run.log_pick(picked, "juist")
    again = reopen(store, run)
    assert again.state.absent == {run.pupil_ids[2]}
    assert again.rounds[0].final_marks(again.pupil_ids) == round_.final_marks(run.pupil_ids)
    assert again.rounds[0].mark_of(run.pupil_ids[2]) == "afwezig"
    assert again.rounds[0].mark_of(run.pupil_ids[3]) == "juist"
    assert [(p.pupil_id, p.result) for p in again.picks] == [(picked.pupil_id, "juist")]
    assert again.current_timing.elapsed(clock.now()) == run.current_timing.elapsed(clock.now())
    assert again.open_round_in_progress() is not None


def test_quit_pauses_and_resume_continues_where_it_was(store, run, clock):
    run.next_phase()
    clock.advance(90)
    run.pause()  # what quitting does
    clock.advance(3600)
    again = reopen(store, run)
    again.resume()
    assert again.current_timing.remaining(clock.now()) == 240 - 90


def test_picker_gives_everyone_a_turn_and_skips_absent(run):
    run.set_present(run.pupil_ids[0], False)
    present = set(run.present)
    first_cycle = [run.pick_pupil().pupil_id for _ in present]
    assert set(first_cycle) == present
    assert run.pupil_ids[0] not in first_cycle
    second = run.pick_pupil().pupil_id
    assert second in present


def test_undo_pick_puts_the_pupil_back_in_the_jar(run):
    first = run.pick_pupil()
    run.undo_pick()
    assert run.picks == []
    assert first.pupil_id not in run.state.pick_cycle


def test_back_in_the_jar_mode_is_stored(store, run):
    run.set_repeats(True)
    assert reopen(store, run).state.repeats is True


def test_mark_that_changes_nothing_writes_nothing(run):
    round_ = run.open_round("v")
    before = len(run.db.table("events"))
    run.mark(round_, run.pupil_ids[0], "juist")  # already juist by default
    assert len(run.db.table("events")) == before


# --- rounds another device left open (issue 16.4) and a miniklas check (16.5) --------------


def test_a_check_another_device_left_open_never_counts_nor_opens_and_can_be_thrown_away(store, demo, plan):
    from lesson_tui.export.output import render

    main = store.start_run(demo, plan, set())
    main.next_phase()
    co = store.join_run(main.run_id)
    left_open = co.open_round("(mondelinge vraag)", "open", kind="cfu")
    closed = co.open_round("Hoeveel?", "gesloten", kind="cfu")
    co.mark(closed, co.pupil_ids[0], "fout")
    co.close_round(closed)
    main.catch_up()
    assert main.open_round_in_progress() is None  # not on the teacher's screen
    assert [r.round_id for r in main.rounds] == [closed.round_id]  # only the closed one counts
    assert [r.round_id for r in main.others_open_rounds()] == [left_open.round_id]
    assert main.evidence()[main.pupil_ids[1]].answers == 1  # not counted as all juist
    main.confirm_sporen({})
    assert "mondelinge vraag" not in render(main, "json")
    assert main.discard_round(main.state.rounds[left_open.round_id])
    assert main.others_open_rounds() == []
    store.release(main.run_id)
    again = store.open_run(main.run_id)  # after a restart: still thrown away
    assert again.others_open_rounds() == [] and again.open_round_in_progress() is None
    assert [r.round_id for r in again.rounds] == [closed.round_id]


def test_a_miniklas_check_holds_only_the_pupils_asked(store, demo, plan):
    import json

    from lesson_tui.export.output import render

    run = store.start_run(demo, plan, set())
    run.next_phase()
    run.confirm_sporen({})
    asked = run.pupil_ids[:3]
    round_ = run.open_round("(mondelinge vraag)", "open", kind="miniklas", pupils=asked)
    run.mark(round_, asked[1], "fout")
    run.close_round(round_)
    marks = json.loads(render(run, "json"))["cfu_rounds"][0]["marks"]
    names = [next(p.full_name for p in run.pupils if p.id == pid) for pid in asked]
    assert marks == {names[0]: "juist", names[1]: "fout", names[2]: "juist"}
    assert "afwezig" not in json.dumps(marks)


# --- the PC's clock set back mid-lesson (issue 17.32) ------------------------------------


def test_a_clock_set_back_two_hours_mid_lesson_keeps_the_timer_running(store, demo, plan, clock):
    from datetime import timedelta

    from lesson_tui.export.document import run_document

    run = store.start_run(demo, plan, set())
    run.next_phase()
    clock.advance(60)
    clock.set(clock.now() - timedelta(hours=2))  # the PC syncs its clock
    planned = run.current_timing.planned_s
    assert run.current_timing.remaining(run.clock.now()) == planned - 60  # not reset to the plan
    clock.advance(30)
    assert run.current_timing.remaining(run.clock.now()) == planned - 90  # and not frozen
    run.next_phase()
    clock.advance(45)
    run.next_phase()
    phases = run_document(run)["phases"]
    assert [p["actual_s"] for p in phases[:3]] == [90, 45, 0]
    # a restart after the clock was set back: the times go on from the monotonic reading
    clock.advance(20)
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    assert again.current_timing.elapsed(again.clock.now()) == 20
    clock.advance(10)
    assert again.current_timing.elapsed(again.clock.now()) == 30


def test_a_clock_set_back_while_the_app_was_closed_and_rebooted_never_goes_back(store, demo, plan, clock):
    from datetime import timedelta

    run = store.start_run(demo, plan, set())
    run.next_phase()
    clock.advance(60)
    run.pause()
    store.release(run.run_id)
    clock.set(clock.now() - timedelta(hours=2))
    clock._mono = 5.0  # a reboot: the monotonic reading started again
    again = store.open_run(run.run_id)
    assert again.clock.now() >= run.state.last_event_at
    again.resume()
    clock.advance(15)
    assert again.current_timing.elapsed(again.clock.now()) == 75


def test_two_starts_in_one_minute_drawing_the_same_id_are_two_files(store, plan, monkeypatch):
    """A run id is the minute, the PC and 4 random hex: two starts in one minute may draw the
    same; the second lesson then gets a new draw, never the first one's file."""
    import lesson_tui.store.runs as runs

    draws = iter(["abcd", "abcd", "abcd", "beef"])
    monkeypatch.setattr(runs.secrets, "token_hex", lambda n: next(draws))
    klas = store.get_class("Demo 4A")
    first = store.start_run(klas, plan, set())
    store.release(first.run_id)
    second = store.start_run(klas, plan, set())
    assert first.run_id.endswith("-abcd") and second.run_id.endswith("-beef")
    assert first.path != second.path and len(store.runs()) == 2
    assert len(store.open_run(first.run_id, lock=False).db.table("run").all()) == 1
