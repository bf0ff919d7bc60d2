import random

from lesson_tui.run import LessonRun
from lesson_tui.timing import format_clock


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
    from lesson_tui.tui.app import LessonApp  # noqa: F401  (only to be sure the module imports)

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
