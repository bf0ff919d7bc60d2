"""A lesson left open on another PC (the laptop): the data folder is synced, so this PC lists
it among the lessons to go on with. Which PC started it, and whether it is going on there now
(an event in the last LIVE_MINUTES), decide what the home screen says and that it asks first."""

from __future__ import annotations

import os
import random
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lesson_tui.base.clock import FakeClock
from lesson_tui.store import layout
from lesson_tui.store.datastore import DataStore
from lesson_tui.store.device import device_id
from lesson_tui.store.devices import LIVE_MINUTES, run_device, started_elsewhere


def _laptop_lesson(tmp_path, clock, plan):
    """A lesson the laptop started and left open, in the data folder this PC shares."""
    here = os.environ[layout.STATE_ENV]
    os.environ[layout.STATE_ENV] = str(tmp_path / "laptop-state")
    try:
        laptop = device_id()
        store = DataStore(tmp_path / "data", clock)
        run = store.start_run(store.get_class("Demo 4A"), plan, set(), rng=random.Random(1))
        run.next_phase()
        store.release(run.run_id)
    finally:
        os.environ[layout.STATE_ENV] = here
    return run, laptop


def test_a_lesson_the_laptop_left_open_is_started_elsewhere_and_live_for_a_while(tmp_path, clock, plan):
    run, laptop = _laptop_lesson(tmp_path, clock, plan)
    root = tmp_path / "data"
    assert run_device(run.run_id) == laptop != device_id()
    last = run.state.last_event_at
    now = last + timedelta(minutes=LIVE_MINUTES)
    found = started_elsewhere(root, run.run_id, last, now)
    assert found is not None and found.device == laptop and found.live
    assert found.name not in ("", laptop)  # the computer's name, from the laptop's devices/ file
    later = started_elsewhere(root, run.run_id, last, now + timedelta(seconds=1))
    assert later is not None and not later.live  # left open long ago: started there, not going on


def test_a_lesson_this_pc_started_or_of_an_earlier_version_is_not_elsewhere(store, run, clock):
    assert started_elsewhere(store.root, run.run_id, run.state.last_event_at, clock.now()) is None
    assert run_device("20261123-0900-da3a") is None  # before run ids named their device
    assert started_elsewhere(store.root, "20261123-0900-da3a", None, clock.now()) is None


def test_an_unknown_pc_is_named_by_its_device_id(tmp_path, clock):
    found = started_elsewhere(tmp_path, "20261123-0900-abcdefgh-1a2b", None, clock.now())
    assert found is not None and found.name == "abcdefgh" and not found.live


@given(minutes=st.floats(0, 3 * LIVE_MINUTES, allow_nan=False))
def test_live_means_an_event_at_most_live_minutes_ago(minutes):
    clock = FakeClock()
    last = clock.now()
    found = started_elsewhere(
        Path("/nonexistent"), "20261123-0900-abcdefgh-1a2b", last, last + timedelta(minutes=minutes)
    )
    assert found is not None and found.live == (minutes <= LIVE_MINUTES)
