"""Every text a teacher sees, in one catalogue per language (Dutch default, English).

`t("key", name=...)` formats the message of the current language. The catalogues live in
`lesson_tui/locale/<lang>.toml`; a test checks both have the same keys and placeholders.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

LANGUAGES = ("nl", "en")
_LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"  # lesson_tui/locale
_current = "nl"


@cache
def catalogue(lang: str) -> dict[str, str]:
    with (_LOCALE_DIR / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return _flatten(data)


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
