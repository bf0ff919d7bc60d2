"""The class and its pupils: who is in a class, their ids, and the names the screen shows.

A class's id is its identity on disk (runs, the index and the settings refer to it); the
pupils' short names are told apart when first names clash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lesson_tui.base.i18n import t


@dataclass(frozen=True)
class Pupil:
    id: str
    first_name: str
    last_name: str = ""
    number: int = 0
    active: bool = True
    # the school's own id of the child from the class list (a stamboek or Smartschool
    # number, `classimport.SCHOOL_ID_COLUMNS`); "" when the list has none. Never a national id.
    school_id: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "number": self.number,
            "active": self.active,
        }
        if self.school_id:  # only when there is one: files without it stay as they were
            doc["school_id"] = self.school_id
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Pupil:
        return cls(
            id=str(doc["id"]),
            first_name=str(doc["first_name"]),
            last_name=str(doc.get("last_name", "")),
            number=int(doc.get("number", 0)),
            active=bool(doc.get("active", True)),
            school_id=_school_id(doc.get("school_id")),
        )


def _school_id(value: object) -> str:
    """A pupil's school id as a file holds it: a short text, else none (another device's
    file may hold anything; a wrong one never stops the class being read)."""
    return " ".join(value.split()) if isinstance(value, str) and len(value) <= 40 and value.isprintable() else ""


@dataclass
class SchoolClass:
    """A class: `id` is its identity (stored in its class file; runs, the index and the
    settings refer to it), `name` only what the teacher reads and may respell."""

    name: str
    pupils: list[Pupil] = field(default_factory=list)
    builtin: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = legacy_class_id(self.name)

    @property
    def active_pupils(self) -> list[Pupil]:
        return sorted((p for p in self.pupils if p.active), key=lambda p: (p.number, p.full_name))


class ClassListError(Exception):
    """A class list that cannot be read; the message is for the teacher."""


# --- display names -------------------------------------------------------------------


def display_names(pupils: list[Pupil]) -> dict[str, str]:
    """Short names for the screen: the first name, told apart when it is not unique.

    Two pupils called Noah become "Noah V." and "Noah D."; if the initials clash too, more
    of the family name is used; identical full names get their class number.
    """
    by_first: dict[str, list[Pupil]] = {}
    for pupil in pupils:
        by_first.setdefault(name_key(pupil.first_name), []).append(pupil)
    names: dict[str, str] = {}
    for group in by_first.values():
        if len(group) == 1:
            names[group[0].id] = group[0].first_name
            continue
        for length in range(1, 1 + max(len(p.last_name) for p in group)):
            labels = {p.id: _short(p, length) for p in group}
            if len({name_key(v) for v in labels.values()}) == len(group):
                names.update(labels)
                break
        else:
            for pupil in group:
                label = _short(pupil, len(pupil.last_name))
                names[pupil.id] = f"{label} ({pupil.number})"
    return names


def _short(pupil: Pupil, length: int) -> str:
    if not pupil.last_name:
        return pupil.first_name
    # "De Smet" -> "D." ; particles count as part of the name, as teachers write it
    stem = pupil.last_name[:length]
    suffix = "." if length < len(pupil.last_name) else ""
    return f"{pupil.first_name} {stem}{suffix}"


def name_key(name: str) -> str:
    # two spellings of one name (spacing, composed accents, case) are the same pupil
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def class_slug(name: str) -> str:
    """A file-system-safe name for a class (Windows forbids <>:"/\\|?* and some names)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()
    return slug or uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:12]


def legacy_class_id(name: str) -> str:
    """The id of a class from before classes had one: data of that time is keyed by the
    class's name, and its class file is named `class_slug(name)`. Frozen on purpose: old
    runs, index lines and settings find their class through it, so it must never change,
    even if `class_slug` does."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()
    return slug or uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:12]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def imported_class_id(name: str) -> str:
    """The id of a class made by importing a list: the same on every PC that imports a
    list under this name (any spacing, accents composed or not, any capitals), so the
    laptop and the classroom PC make one class, not two. Stored in the class file at
    once and never derived again: a class whose name is respelled later keeps it.
    `k_` and 12 hex digits, as the random ids of classes made before: the underscore means
    it never equals a `legacy_class_id`."""
    return f"k_{_digest('class', name_key(name))}"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... when `taken` holds it: the same answer for the
    same class on every PC."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def pupil_id(class_id: str, first_name: str, last_name: str, number: int | None = None) -> str:
    """The id of a child new in a class, from what identifies the child in its list: the
    class and the full name, and the class number only when given (two children in one
    list share the full name). Two PCs importing the same list give each child one id."""
    parts = ["pupil", class_id, name_key(f"{first_name} {last_name}")]
    if number is not None:
        parts.append(str(number))
    return _digest(*parts)


def check_pupil_name(first_name: str, last_name: str = "") -> tuple[str, str]:
    """A pupil's name as typed in the app, tidied; ClassListError when it is no name."""
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    if not first and last:
        first, last = last, ""
    if not first:
        raise ClassListError(t("class.name_empty"))
    if not any(ch.isalpha() for ch in first + last) or not (first + last).isprintable() or len(first + last) > 80:
        raise ClassListError(t("class.name_invalid", name=f"{first} {last}".strip()))
    return first, last


def valid_class_name(name: str) -> bool:
    return bool(name.strip()) and len(name) <= 40 and name.isprintable()


# --- the demo class --------------------------------------------------------------------

DEMO_CLASS_NAME = "Demo 4A"
_DEMO_PUPILS = [
    ("Amira", "El Idrissi"), ("Arthur", "Peeters"), ("Aya", "Benali"), ("Bilal", "Yilmaz"),
    ("Elif", "Kaya"), ("Ella", "Janssens"), ("Fien", "Maes"), ("Ibrahim", "Diallo"),
    ("Jules", "Claes"), ("Kacper", "Nowak"), ("Lina", "Haddouchi"), ("Lucas", "Wouters"),
    ("Maya", "Goossens"), ("Milan", "Jacobs"), ("Mohamed", "Amrani"), ("Noah", "De Smet"),
    ("Noah", "Vermeulen"), ("Nour", "Saïdi"), ("Oskar", "Lemmens"), ("Rayan", "Bouzid"),
    ("Sofia", "Popescu"), ("Yasmine", "Aït Ouarab"), ("Zeynep", "Öztürk"), ("Chloë", "Van den Broeck"),
]


def demo_class() -> SchoolClass:
    pupils = [
        Pupil(f"demo-{number:02d}", first, last, number)
        for number, (first, last) in enumerate(_DEMO_PUPILS, start=1)
    ]
    return SchoolClass(DEMO_CLASS_NAME, pupils, builtin=True)
