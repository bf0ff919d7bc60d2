"""Every text a teacher sees, in one catalogue per language (Dutch default, English).

`t("key", name=...)` formats the message of the current language. The catalogues live in
`lesson_tui/locale/<lang>.toml`; a test checks both have the same keys and placeholders.

Reading a catalogue's TOML takes Python's (pure-Python) `tomllib` about 18 ms, every start,
for 73 kB; the app therefore keeps each catalogue, as read, in a JSON file in this PC's state
folder (`keep_catalogues_in`), used only while its digest matches the TOML's bytes (0.5 ms).
It is a cache: one that is missing, damaged or stale is read again from the TOML.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

from lesson_tui.base import jsonread

LANGUAGES = ("nl", "en")
_LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"  # lesson_tui/locale
_current = "nl"
_kept_in: Path | None = None  # where the read catalogues are kept between starts (None: nowhere)
_KEPT_SCHEMA = 1


def keep_catalogues_in(folder: Path | None) -> None:
    """Keep the read catalogues in `folder` from now on (the app's start says where: this
    PC's state folder); None keeps nothing."""
    global _kept_in
    _kept_in = folder


@cache
def catalogue(lang: str) -> dict[str, str]:
    raw = (_LOCALE_DIR / f"{lang}.toml").read_bytes()
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    kept = _kept(lang, digest)
    if kept is not None:
        return kept
    import tomllib  # only when the kept catalogue does not match (its import: ~5 ms a start)

    flat = _flatten(tomllib.loads(raw.decode("utf-8")))
    _keep(lang, digest, flat)
    return flat


def _kept_path(lang: str) -> Path | None:
    return None if _kept_in is None else _kept_in / f"locale-{lang}.json"


def _kept(lang: str, digest: str) -> dict[str, str] | None:
    """The catalogue kept for exactly these TOML bytes, None when there is none (or it is
    damaged, or of another shape)."""
    path = _kept_path(lang)
    if path is None:
        return None
    try:
        doc = jsonread.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("schema") != _KEPT_SCHEMA or doc.get("digest") != digest:
        return None
    messages = doc.get("messages")
    if not isinstance(messages, dict) or not all(isinstance(v, str) for v in messages.values()):
        return None
    return messages


def _keep(lang: str, digest: str, messages: dict[str, str]) -> None:
    """Write the catalogue for the next start (a temp file and a rename, so a start that
    reads it meanwhile sees the old one or the new one whole); one that cannot be written
    is simply read from the TOML again next time."""
    path = _kept_path(lang)
    if path is None:
        return
    data = json.dumps({"schema": _KEPT_SCHEMA, "digest": digest, "messages": messages}, ensure_ascii=False)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        missing = []  # each folder made private, not only the last (as `mkdir(parents=True)` would)
        folder = path.parent
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8"))
        os.replace(temp, path)
    except OSError:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


def t(key: str, /, **values: object) -> str:
    """The message `key` in the current language, with `values` filled in."""
    text = catalogue(_current).get(key)
    if text is None:
        text = catalogue("nl").get(key, key)
    return text.format(**values) if values else text


def decimal(value: float) -> str:
    """A number as the teacher's language writes it: 1,5 in Dutch, 1.5 in English (and a
    spreadsheet in that language reads it as a number, not as text or a date)."""
    return f"{value:g}".replace(".", t("format.decimal_point"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}
