"""Fixtures for the tests that drive the Textual apps (pilot and snapshots)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _steady_cursors(monkeypatch):
    """Text cursors never blink in tests (as harlequin freezes them): a snapshot taken half a
    blink later differed only in the cursor and failed under load."""
    from textual.widgets import Input, TextArea

    def steady(widget) -> None:
        widget._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", steady)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", steady)


@pytest.fixture(autouse=True)
def _short_idle_slices(monkeypatch):
    """Textual's pilot waits after every key for the process to look idle: it sleeps in
    slices of 20 ms until one slice used under 1 ms of CPU (`textual._wait`), so each key
    cost at least 40 ms of sleep, most of a pilot test's time. A slice is longer than a
    screen's refresh period (1/60 s), so a refresh due after the key falls inside it.
    Here both are shorter, in the same relation: refreshes every 5 ms, idle slices of 6 ms
    that may use 0.2 ms of CPU. (Shorter still, 2 ms and 4 ms, the busier refresh cost the
    suite 6 CPU-seconds more; shorter slices without a shorter refresh made six tests fail,
    as a refresh they wait for no longer fell inside a slice.) The waits that make a pilot
    test deterministic (the message queues, `Pilot._wait_for_screen`) are untouched."""
    from textual import _wait
    from textual import screen as textual_screen

    monkeypatch.setattr(textual_screen, "UPDATE_PERIOD", 0.005)
    monkeypatch.setattr(_wait, "SLEEP_GRANULARITY", 0.006)
    monkeypatch.setattr(_wait, "SLEEP_IDLE", 0.0002)
