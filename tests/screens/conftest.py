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
