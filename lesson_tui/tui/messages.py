"""Messages between the app and its screens (dataclasses, as toolong keeps them)."""

from __future__ import annotations

from textual.message import Message


class RunChanged(Message):
    """The live lesson recorded a change (from any screen): redraw what shows it."""
