"""The kijkwijzer: its items, the evidence from the lessons, and the teacher's own file
(private, one writer per PC, the latest change wins)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import pytest
from builders import scripted_lesson

from lesson_tui.review.kijkwijzer import ITEMS, evidence, kijkwijzer_view, period_key
from lesson_tui.review.lesson import review_run
from lesson_tui.review.period import Period, period_reviews, previous, week_of
from lesson_tui.store import layout
from lesson_tui.store.device import device_id
from lesson_tui.store.reflections import Reflections

WEEK = Period(date(2026, 11, 23), date(2026, 11, 29))


def test_the_items_of_the_kijkwijzer_in_order():
    assert ITEMS[0] == "hoge_verwachtingen" and ITEMS[-1] == "feedback"
    assert [i for i in ITEMS if i.startswith("edi_")] == [f"edi_{n}" for n in range(1, 8)]
    assert {"flexibel_groeperen", "maximaal_leren", "output_input"} <= set(ITEMS)


def _week(store, plan, clock, demo, *, plain: int = 1):
    """Three scripted lessons and `plain` lessons that only did IK and WIJ without a check."""
    for _ in range(3):
        scripted_lesson(store, plan, clock)
        clock.advance(86400)
    for _ in range(plain):
        run = store.start_run(demo, plan, set())
        run.go_to_phase(2)
        clock.advance(420)  # IK within its 8 minutes
        run.go_to_phase(3)
        clock.advance(300)
        run.close()
        store.update_run_summary(run)
        store.release(run.run_id)
        clock.advance(3600)
    return period_reviews(store, WEEK, None)


def _texts(found, item):
    return [e.text for e in found[item]]


def test_evidence_counted_from_the_lessons(store, plan, clock, demo):
    found = evidence(_week(store, plan, clock, demo))
    assert _texts(found, "edi_4") == ["check in WIJ: 3 van 4 lessen", "JULLIE gedaan: 3 van 4 lessen"]
    assert _texts(found, "edi_5") == ["kleine lesafsluiting met splitsing: 3 van 4 lessen"]
    assert _texts(found, "edi_7") == ["exit ticket: 3 van 4 lessen", "procesvragen genoteerd: 3 van 4 lessen"]
    assert _texts(found, "hoge_verwachtingen") == [
        "lesdoel en succescriteria op het bord (en de lesdoel-fase gedaan): 3 van 4 lessen"
    ]
    assert _texts(found, "edi_3")[0] == "IK binnen de geplande tijd: 1 van 4 lessen"  # 10 min of 8 thrice
    assert _texts(found, "flexibel_groeperen") == [
        "voorstellen aangepast: 3 in 3 splitsingen",
        "leerlingen verlieten de miniklas (afvalsysteem): 3 van 3 splitsingen",
        "altijd in de miniklas: 5 leerling(en)",
    ]
    # 4 check rounds a lesson, one of them a denkvraag; 3 of the 4 waited the think time
    assert _texts(found, "maximaal_leren") == [
        "open vragen en denkvragen: 3 van 12 check-rondes",
        "denktijd van minstens 5 s: 9 van 12 check-rondes",
    ]
    assert _texts(found, "feedback") == ["feedbackvragen genoteerd: 0 van 4 lessen"]


def test_no_lessons_no_evidence():
    assert evidence([]) == {}


def test_scores_notes_and_focus_are_kept_and_compared(store, plan, clock, demo):
    reviews = _week(store, plan, clock, demo)
    last_week = previous(WEEK)
    mine = Reflections(store.root, clock)
    mine.set_item(period_key(last_week), "edi_5", 2, "nog zoeken")
    mine.set_item(period_key(WEEK), "edi_5", 4, "splitsing lukt", "zelfinschatting vaker")
    mine.set_focus(period_key(WEEK), "edi_5")
    again = Reflections(store.root)
    view = kijkwijzer_view(WEEK, last_week, reviews, [], again)
    item = next(i for i in view.items if i.item == "edi_5")
    assert (item.score, item.note, item.aanpak, item.score_before) == (4, "splitsing lukt", "zelfinschatting vaker", 2)
    assert view.focus == "edi_5" and view.lessons == 4 and view.lessons_before == 0
    assert item.evidence[0].count == 3 and item.before == []
    with pytest.raises(ValueError, match="1 tot 5"):
        mine.set_item(period_key(WEEK), "edi_5", 6)


def test_one_file_per_pc_private_and_the_latest_change_wins(store, clock):
    key = period_key(WEEK)
    Reflections(store.root, clock).set_item(key, "feedback", 3, "eerst")
    own = layout.reflections_dir(store.root) / f"{device_id()}.json"
    assert own.is_file()
    if sys.platform != "win32":
        assert own.stat().st_mode & 0o077 == 0  # the teacher's only
    # another PC filled in the same item later, and another one earlier
    later = {"schema": 1, "kind": "kijkwijzer", "device": "bbbbbbbb",
             "periodes": {key: {"items": {"feedback": {"score": 5, "notitie": "op de laptop", "aanpak": "", "at": 10**14}},
                                "focus": {"item": "feedback", "at": 10**14}}}}
    earlier = {"schema": 1, "kind": "kijkwijzer", "device": "cccccccc",
               "periodes": {key: {"items": {"feedback": {"score": 1, "notitie": "oud", "aanpak": "", "at": 1}}}}}
    (own.parent / "bbbbbbbb.json").write_text(json.dumps(later), encoding="utf-8")
    (own.parent / "cccccccc.json").write_text(json.dumps(earlier), encoding="utf-8")
    sheet = Reflections(store.root).sheet(key)
    assert (sheet.items["feedback"].score, sheet.items["feedback"].note, sheet.focus) == (5, "op de laptop", "feedback")
    # this PC changes it again: after what it read, whatever its clock says
    mine = Reflections(store.root, clock)
    mine.set_item(key, "feedback", 4, "weer hier")
    assert Reflections(store.root).sheet(key).items["feedback"].note == "weer hier"
    assert json.loads((own.parent / "bbbbbbbb.json").read_text(encoding="utf-8")) == later  # never written here


def test_a_damaged_file_is_named_and_loses_nothing_else(store, clock):
    key = period_key(WEEK)
    Reflections(store.root, clock).set_item(key, "edi_1", 3)
    folder = layout.reflections_dir(store.root)
    (folder / "dddddddd.json").write_text('{"schema": 1, "kind": "kijk', encoding="utf-8")  # half synced
    found = Reflections(store.root)
    assert found.sheet(key).items["edi_1"].score == 3
    assert any("dddddddd.json" in p and "onvolledig of geen JSON" in p for p in found.problems)
    # this PC's own file damaged: kept aside, a new one written, the teacher told
    own = folder / f"{device_id()}.json"
    own.write_text("kapot", encoding="utf-8")
    mine = Reflections(store.root, clock)
    mine.set_item(key, "edi_2", 5)
    assert any("beschadigd" in p for p in mine.problems)
    assert [p.name for p in folder.iterdir() if ".beschadigd-" in p.name]
    assert Reflections(store.root).sheet(key).items["edi_2"].score == 5


def test_a_bad_entry_in_a_file_is_left_out(store, clock):
    key = period_key(WEEK)
    folder = layout.reflections_dir(store.root)
    folder.mkdir(parents=True)
    odd = {"schema": 1, "kind": "kijkwijzer", "periodes": {key: {"items": {
        "edi_1": {"score": 9, "at": 5}, "edi_2": {"score": True, "at": 5}, "edi_3": {"score": 2, "at": 5}}}}}
    (folder / "eeeeeeee.json").write_text(json.dumps(odd), encoding="utf-8")
    assert set(Reflections(store.root).sheet(key).items) == {"edi_3"}


def test_the_week_before_is_compared(store, plan, clock, demo):
    scripted_lesson(store, plan, clock)  # Monday 23 November
    clock.advance(7 * 86400)
    scripted_lesson(store, plan, clock)
    this_week = week_of(date(2026, 12, 2))
    reviews = period_reviews(store, this_week, None)
    before = period_reviews(store, previous(this_week), None)
    view = kijkwijzer_view(this_week, previous(this_week), reviews, before, Reflections(store.root))
    exit_item = next(i for i in view.items if i.item == "edi_7")
    assert [e.text for e in exit_item.before] == ["exit ticket: 1 van 1 lessen", "procesvragen genoteerd: 1 van 1 lessen"]
    assert review_run(store.open_run(store.runs()[-1].run_id, lock=False)).has_exit_ticket
    assert os.environ.get("LESSON_TUI_STATE")  # the conftest's: nothing written to the user's folder
