"""The lesson editor's form as values: which lesson key each field edits, and turning what
the teacher typed into the lesson's value and back. Pure, so any front end (the editor
screen today) reads and writes a lesson the same way; the checks stay `lessonplan`'s."""

from __future__ import annotations

import re

# A value the form gives the lesson: text, a number, or a list of lines or words.
FormValue = str | int | float | list[str]

# field id -> (where in the lesson, kind): one table for the form, the check and the save
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "titel": (("titel",), "text"),
    "vak": (("vak",), "text"),
    "leerjaar": (("leerjaar",), "int"),
    "lesdoel": (("lesdoel",), "text"),
    "doelen": (("doelen",), "commas"),
    "succescriteria": (("succescriteria",), "lines"),
    "kernwoorden": (("kernwoorden",), "commas"),
    "beheersing": (("drempels", "beheersing"), "percent"),
    "ondersteuning": (("drempels", "ondersteuning"), "percent"),
    "miniklas_max": (("drempels", "miniklas_max"), "int"),
    "spoor1": (("sporen", "spoor1"), "text"),
    "spoor2": (("sporen", "spoor2"), "text"),
    "spoor3": (("sporen", "spoor3"), "text"),
    "exit": (("exit_ticket", "vragen"), "lines"),
}
_INDEX = re.compile(r"\[(\d+)\]")


def to_value(kind: str, text: str) -> FormValue | None:
    """What the teacher typed as the lesson's value; None leaves the key out (a default)."""
    text = text.strip()
    if kind == "text":
        return text
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "commas":
        return [word.strip() for word in text.split(",") if word.strip()]
    if not text:
        return None
    number = text.replace(",", ".").rstrip("%").strip()
    try:
        value = float(number)
    except ValueError:
        return text  # the check says it must be a number
    if kind == "percent":
        return round(value / 100, 4) if value > 1 else value
    return int(value) if value.is_integer() else value


def to_text(kind: str, value: object) -> str:
    """A lesson value as the form shows it, so that `to_value` reads it back unchanged.
    `value` is what the file holds, not yet checked: a text where a list belongs is shown
    as that text (the check says it must be a list), never split into its letters."""
    if value is None:
        return ""
    if kind == "lines" and isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    if kind == "commas" and isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if kind == "percent" and isinstance(value, (int, float)):
        return f"{value * 100:g}"
    return str(value) if not isinstance(value, float) else f"{value:g}"


def field_of(problem_field: str) -> str | None:
    """Which form field a problem of `check` belongs to ("drempels.beheersing" -> beheersing)."""
    plain = _INDEX.sub("", problem_field)
    for name, (where, _) in FIELDS.items():
        if plain == ".".join(where) or plain.startswith(".".join(where) + "."):
            return name
    if plain == "drempels":
        return "ondersteuning"
    return None
