"""The confirmed split is a typed value: one `Placement` per pupil, built where the events
are folded, from the payload every version of the run file stores."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lesson_tui.lesson.events import SporenConfirmed, placement_from_doc, placement_to_doc, split_from_doc
from lesson_tui.lesson.runstate import RunState
from lesson_tui.rules.sporen import Placement, spoor_of_split

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STORED = {"spoor": 3, "voorstel": 2, "aangepast": True, "vrijwillig": False, "reden": "0/1 juist"}


def test_a_stored_entry_is_read_into_a_placement_and_written_back_the_same():
    entry = placement_from_doc(STORED)
    assert entry == Placement(spoor=3, reason="0/1 juist", overridden=True, voluntary=False, suggested=2)
    assert placement_to_doc(entry) == STORED


def test_an_entry_without_its_optional_fields_has_their_defaults():
    assert placement_from_doc({"spoor": 1}) == Placement(1, "", False, False, None)


@pytest.mark.parametrize(
    "doc",
    [
        None, [], "spoor 3", {}, {"spoor": 4}, {"spoor": 0}, {"spoor": "3"}, {"spoor": True}, {"spoor": 2.5},
        {"spoor": 1, "reden": 7}, {"spoor": 1, "vrijwillig": "ja"}, {"spoor": 1, "aangepast": 1},
        {"spoor": 1, "voorstel": 9},
    ],
)
def test_an_entry_that_is_not_a_placement_is_refused(doc):
    with pytest.raises(ValueError):
        placement_from_doc(doc)


def test_the_fold_builds_the_split_and_leaves_out_an_unreadable_entry():
    state = RunState()
    state.apply(1, AT, SporenConfirmed(assignments={"a": STORED, "b": {"spoor": 1}, "c": {"spoor": 7}, "d": "x"}))
    assert state.sporen == {"a": placement_from_doc(STORED), "b": Placement(1)}
    assert spoor_of_split(state.sporen) == {"a": 3, "b": 1}
    assert state.sporen_at == AT


def test_a_split_in_a_co_teachers_file_is_not_folded():
    state = RunState()
    state.apply(1, AT, SporenConfirmed(assignments={"a": STORED}), writer=1)
    assert state.sporen is None and split_from_doc({"a": STORED}) == {"a": placement_from_doc(STORED)}


def test_confirming_stores_each_pupils_decision_and_a_resume_reads_the_same(store, run):
    run.next_phase()
    moved, asked = run.pupil_ids[0], run.pupil_ids[1]
    run.set_override(moved, 3)
    run.set_override(asked, 3)
    run.set_voluntary(asked, True)
    assert run.confirm_sporen({moved: "de juf"})
    assert run.sporen[moved] == Placement(3, "de juf", overridden=True, voluntary=False, suggested=2)
    assert run.sporen[asked].voluntary and run.sporen[asked].reason == ""
    assert run.miniklas == [moved, asked]
    store.release(run.run_id)
    assert store.open_run(run.run_id, lock=False).sporen == run.sporen
