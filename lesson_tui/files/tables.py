"""A TinyDB document (a run file, a co-teacher's file) read as far as it is whole: a file a
sync engine is still bringing, or one cut short, gives every table entry that is complete
before the cut. Used by the reader of other devices' events (`lesson/untrusted.py`) and by
the home screen's look at who wrote a lesson left open last (`store/presence.py`), which
must not import the events to ask.
"""

from __future__ import annotations

import json
from typing import Any

from lesson_tui.base import jsonread


def parse_tables(raw: bytes) -> tuple[dict[str, dict[str, Any]], bool]:
    """A TinyDB document's tables, and whether the whole file was read: from a truncated
    or damaged file, every table entry that is complete before the damage."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw[: error.start].decode("utf-8")
    try:
        data = jsonread.loads(text)
        if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
            return data, True
        return {}, False
    except (ValueError, RecursionError):
        pass
    return _salvage(text), False


def _salvage(text: str) -> dict[str, dict[str, Any]]:
    decoder = json.JSONDecoder()
    tables: dict[str, dict[str, Any]] = {}
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        return tables
    pos += 1
    try:
        while True:
            pos = _skip(text, pos)
            name, pos = decoder.raw_decode(text, pos)
            pos = _expect(text, pos, ":")
            if not text.startswith("{", pos):
                return tables
            table = tables.setdefault(str(name), {})
            pos += 1
            while True:
                pos = _skip(text, pos)
                if text.startswith("}", pos):
                    pos += 1
                    break
                key, pos = decoder.raw_decode(text, pos)
                pos = _expect(text, pos, ":")
                value, pos = decoder.raw_decode(text, pos)
                table[str(key)] = value
                pos = _skip(text, pos)
                if text.startswith(",", pos):
                    pos += 1
            pos = _expect(text, pos, ",")
    except (ValueError, RecursionError, IndexError):
        return tables


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _expect(text: str, pos: int, char: str) -> int:
    pos = _skip(text, pos)
    if not text.startswith(char, pos):
        raise ValueError(char)
    return _skip(text, pos + 1)
