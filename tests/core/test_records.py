"""Records that must say what happened (issue 8: "records that say the wrong thing"),
and a run that keeps its word when the disk does not."""

from __future__ import annotations

import errno
import random
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.i18n import set_language
from lesson_tui.export.document import run_document
from lesson_tui.export.output import render
from lesson_tui.files.storage import AtomicJSONStorage
from lesson_tui.rules.sporen import Evidence, evidence_text, reason_text
from lesson_tui.session.history import pre_teaching


def to_closure(run):
    run.go_to_phase(run.plan.phase_index("kleine_afsluiting"))


def test_teacher_override_to_spoor_3_is_not_voluntary_anywhere(store, run):
    a, b = run.pupil_ids[:2]
    run.next_phase()
    wij = run.open_round("wij")
    run.mark(wij, a, "fout")  # a: 1 of 2 right = 50 % -> spoor 2
    run.close_round(wij)
    again = run.open_round("wij 2")
    run.close_round(again)
    run.set_self_assessment(a, 2)
    run.set_override(a, 3)
    run.set_self_assessment(b, 3)  # b asked for the miniklas
    decisions = run.decisions()
    assert decisions[a].spoor == 3 and not decisions[a].voluntary
    assert decisions[b].spoor == 3 and decisions[b].voluntary
    run.confirm_sporen(dict.fromkeys(run.pupil_ids, ""))
    entries = {m["leerling"]: m for m in run_document(run)["miniklas"]}
    name_a, name_b = (next(p.full_name for p in run.pupils if p.id == pid) for pid in (a, b))
    assert entries[name_a]["vrijwillig"] is False and entries[name_b]["vrijwillig"] is True
    csv_lines = {line.split(";")[0]: line for line in render(run, "csv").splitlines()}
    assert csv_lines[name_a].split(";")[4] == "nee" and csv_lines[name_b].split(";")[4] == "ja"


def test_a_strong_pupil_who_asks_for_the_miniklas_shows_why(run):
    pid = run.pupil_ids[0]
    run.next_phase()
    run.close_round(run.open_round("wij"))  # everybody right
    run.set_self_assessment(pid, 3)
    decision = run.decisions()[pid]
    assert decision.spoor == 3
    assert "vrijwillig" in reason_text(decision, run.evidence()[pid], full=False)


def test_evidence_counts_agree_with_the_percentage(run):
    pid = run.pupil_ids[0]
    run.next_phase()
    for number in range(5):
        round_ = run.open_round(f"wij {number}")
        if number in (0, 1):
            run.mark(round_, pid, "fout")
        run.close_round(round_)
    to_closure(run)
    closure = run.open_round("afsluitvraag")
    run.mark(closure, pid, "fout")
    run.close_round(closure)
    decision = run.decisions()[pid]
    text = reason_text(decision, run.evidence()[pid], full=False)
    # 3 of 5 ordinary answers right, the closure wrong counting double: 3/7 = 43 %
    assert text.startswith("3/5 juist + afsluitvraag ✗ ×2") and "43 %" in text


@given(st.lists(st.tuples(st.sampled_from(["juist", "half", "fout", "afwezig"]), st.sampled_from([1.0, 2.0])), max_size=12))
def test_shown_evidence_always_adds_up_to_the_score(marks):
    evidence = Evidence()
    for mark, weight in marks:
        evidence = evidence.add(mark, weight)
    shown_points = evidence.right + 0.5 * evidence.half + sum({"juist": 1, "half": 0.5, "fout": 0}[m] * w for m, w in evidence.weighted)
    shown_total = evidence.answers + sum(w for _, w in evidence.weighted)
    if evidence.score is None:
        assert shown_total == 0
    else:
        assert abs(shown_points / shown_total - evidence.score) < 1e-9
    set_language("nl")
    assert evidence_text(evidence)  # never empty


def test_exit_ticket_ignores_afwezig_in_export_and_pre_teaching(store, run):
    a = run.pupil_ids[0]
    run.next_phase()
    run.close_round(run.open_round("wij"))
    run.confirm_sporen({})
    first = run.open_round("exit 1", kind="exit")
    run.mark(first, a, "fout")
    run.close_round(first)
    second = run.open_round("exit 2", kind="exit")
    run.mark(second, a, "afwezig")
    run.close_round(second)
    store.update_run_summary(run)
    name = next(p.full_name for p in run.pupils if p.id == a)
    assert run_document(run)["exit_ticket"][name] == {"juist": 0, "totaal": 1}
    _, invites = pre_teaching(store, run.class_id)
    (invite,) = [i for i in invites if i.pupil_id == a]
    assert any("0/1" in reason for reason in invite.reasons)


def test_a_pupil_who_passes_goes_back_in_the_jar(run):
    run.next_phase()
    first = run.pick_pupil()
    run.log_pick(first, "pas")
    assert first.pupil_id not in run.state.pick_cycle
    seen = {run.pick_pupil().pupil_id for _ in range(len(run.present) - 1)}
    assert first.pupil_id in seen  # asked again before the jar is refilled
    # an answer after a pass takes the pupil out again
    second = run.pick_pupil()
    run.log_pick(second, "pas")
    run.log_pick(second, "juist")
    assert second.pupil_id in run.state.pick_cycle


def test_pass_survives_a_restart(store, run):
    run.next_phase()
    item = run.pick_pupil()
    run.log_pick(item, "pas")
    store.release(run.run_id)
    again = store.open_run(run.run_id, rng=random.Random(1))
    assert item.pupil_id not in again.state.pick_cycle


def test_clock_jumping_backward_never_gives_negative_times(run, clock):
    run.next_phase()
    clock.advance(120)
    clock.set(clock.now() - timedelta(hours=2))  # the PC syncs its clock
    run.next_phase()
    clock.advance(30)
    phases = run_document(run)["phases"]
    assert all(p["actual_s"] >= 0 for p in phases)
    for phase in phases:
        if phase["started_at"] and phase["ended_at"]:
            assert phase["ended_at"] >= phase["started_at"]


def test_full_disk_loses_nothing_and_goes_on_when_space_returns(store, run, monkeypatch):
    run.next_phase()
    round_ = run.open_round("wij")
    a, b = run.pupil_ids[:2]
    run.mark(round_, a, "fout")
    reported = []
    run.on_save_error = reported.append
    real = AtomicJSONStorage.write

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    # its own patch context: monkeypatch.undo() would also undo the isolation of the data
    # and state folders (tests/conftest.py), and the rest would write into the user's own
    with pytest.MonkeyPatch.context() as disk_full:
        disk_full.setattr("lesson_tui.files.storage.atomic_write_bytes", lambda path, data: full(None, data))
        run.mark(round_, b, "fout")  # no exception
        assert round_.mark_of(b) == "juist"  # the screen shows what is on disk
        assert reported and "vol" in str(reported[0]) and run.save_error is not None
        assert run.open_round("nog een") is None and run.pick_pupil() is None
    assert AtomicJSONStorage.write is real
    run.mark(round_, b, "fout")  # space is back
    assert run.save_error is None
    store.release(run.run_id)
    again = store.open_run(run.run_id)
    assert again.rounds[0].mark_of(a) == "fout" and again.rounds[0].mark_of(b) == "fout"
