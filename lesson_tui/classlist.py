"""Class lists: reading the CSV files teachers actually have, and naming pupils on screen.

Handles Excel on a Belgian Windows PC (`;`, Windows-1252, CRLF), Smartschool exports
(`Naam` = family name beside `Voornaam`, a class-number column), UTF-8 with or without a
BOM, comma or tab separators, a bare list of names, blank lines and stray spaces.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from lesson_tui.i18n import t


@dataclass(frozen=True)
class Pupil:
    id: str
    first_name: str
    last_name: str = ""
    number: int = 0
    active: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_doc(self) -> dict:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "number": self.number,
            "active": self.active,
        }

    @classmethod
    def from_doc(cls, doc: dict) -> "Pupil":
        return cls(
            id=str(doc["id"]),
            first_name=str(doc["first_name"]),
            last_name=str(doc.get("last_name", "")),
            number=int(doc.get("number", 0)),
            active=bool(doc.get("active", True)),
        )


@dataclass
class SchoolClass:
    name: str
    pupils: list[Pupil] = field(default_factory=list)
    builtin: bool = False

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
        by_first.setdefault(_key(pupil.first_name), []).append(pupil)
    names: dict[str, str] = {}
    for group in by_first.values():
        if len(group) == 1:
            names[group[0].id] = group[0].first_name
            continue
        for length in range(1, 1 + max(len(p.last_name) for p in group)):
            labels = {p.id: _short(p, length) for p in group}
            if len({_key(v) for v in labels.values()}) == len(group):
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


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


# --- reading CSV ------------------------------------------------------------------------

_NUMBER_COLUMNS = {"klasnummer", "klasnr", "klasnr.", "nr", "nr.", "nummer", "no", "no.", "#", "number"}
_FIRST_COLUMNS = {"voornaam", "roepnaam", "first name", "firstname", "given name", "prénom", "prenom"}
_LAST_COLUMNS = {"familienaam", "achternaam", "last name", "lastname", "family name", "surname", "nom"}
_FULL_COLUMNS = {"naam", "leerling", "name", "volledige naam", "full name"}


@dataclass(frozen=True)
class ImportedRow:
    first_name: str
    last_name: str
    number: int | None


def decode_bytes(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise ClassListError(t("class.binary"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel "CSV (gescheiden door lijstscheidingsteken)" on a Belgian PC
        return raw.decode("cp1252", errors="replace")


def parse_class_csv(raw: bytes) -> list[ImportedRow]:
    text = decode_bytes(raw)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ClassListError(t("class.empty_file"))
    delimiter = _sniff_delimiter(lines)
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    rows = [row for row in rows if any(row)]
    header = [_normalise_header(cell) for cell in rows[0]]
    columns = _columns(header)
    if columns is None:
        body, columns = rows, _headerless_columns(rows)
        start_line = 1
    else:
        body = rows[1:]
        start_line = 2
    first, last, full, number = columns
    result: list[ImportedRow] = []
    for offset, row in enumerate(body):
        line_no = start_line + offset

        def cell(index: int | None) -> str:
            return " ".join(row[index].split()) if index is not None and index < len(row) else ""

        if first is not None:
            first_name, last_name = cell(first), cell(last)
            if not first_name and last_name:
                first_name, last_name = last_name, ""
        else:
            first_name, last_name = _split_full(cell(full))
        if not first_name:
            continue
        if not any(ch.isalpha() for ch in first_name + last_name):
            raise ClassListError(t("class.bad_name", line=line_no, name=first_name))
        nr: int | None = None
        raw_number = cell(number)
        if raw_number:
            digits = raw_number.rstrip(".")
            if not digits.isdigit():
                raise ClassListError(t("class.bad_number", line=line_no, value=raw_number))
            nr = int(digits)
        result.append(ImportedRow(first_name, last_name, nr))
    if not result:
        raise ClassListError(t("class.no_pupils"))
    numbers = [r.number for r in result if r.number is not None]
    if len(numbers) != len(set(numbers)):
        duplicate = next(n for n in numbers if numbers.count(n) > 1)
        raise ClassListError(t("class.duplicate_number", number=duplicate))
    return result


def _sniff_delimiter(lines: list[str]) -> str:
    sample = lines[: min(len(lines), 20)]
    best, best_score = ",", -1
    for delimiter in (";", "\t", ","):
        counts = [line.count(delimiter) for line in sample]
        if not any(counts):
            continue
        # a real separator appears equally often on most lines
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * (1 if common else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _normalise_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').casefold().replace("_", " ").split())


def _columns(header: list[str]):
    def find(names: set[str]) -> int | None:
        return next((i for i, cell in enumerate(header) if cell in names), None)

    number = find(_NUMBER_COLUMNS)
    first = find(_FIRST_COLUMNS)
    last = find(_LAST_COLUMNS)
    full = find(_FULL_COLUMNS)
    if first is not None:
        # Smartschool: "Naam" next to "Voornaam" is the family name
        if last is None:
            last = full
        return first, last, None, number
    if full is not None:
        return None, None, full, number
    if last is not None:
        return None, None, last, number
    return None


def _headerless_columns(rows: list[list[str]]):
    """No header: the first column holds the names, unless it only holds numbers."""
    width = max(len(row) for row in rows)
    first_is_number = all(row[0].rstrip(".").isdigit() for row in rows if row and row[0])
    if first_is_number and width >= 2:
        if width >= 3:
            return 1, 2, None, 0
        return None, None, 1, 0
    return None, None, 0, None


def _split_full(name: str) -> tuple[str, str]:
    """'Noah De Smet' -> ('Noah', 'De Smet'); 'Vermeulen, Noah' -> ('Noah', 'Vermeulen')."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    parts = name.split(" ", 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def merge_class(existing: list[Pupil], rows: list[ImportedRow]) -> list[Pupil]:
    """Apply a (re)import: pupils still on the list keep their id, and so their history.

    Pupils matched by name keep their id; new ones get a new id; pupils no longer on the
    list are kept but marked inactive, so their past runs still show their name.
    """
    by_name: dict[str, Pupil] = {}
    for pupil in existing:
        by_name.setdefault(_key(pupil.full_name), pupil)
    merged: list[Pupil] = []
    taken: set[str] = set()
    for position, row in enumerate(rows, start=1):
        number = row.number if row.number is not None else position
        match = by_name.get(_key(f"{row.first_name} {row.last_name}"))
        if match is not None and match.id not in taken:
            merged.append(replace(match, first_name=row.first_name, last_name=row.last_name, number=number, active=True))
            taken.add(match.id)
        else:
            merged.append(Pupil(uuid.uuid4().hex[:12], row.first_name, row.last_name, number))
    for pupil in existing:
        if pupil.id not in taken:
            merged.append(replace(pupil, active=False))
    return merged


def class_slug(name: str) -> str:
    """A file-system-safe name for a class (Windows forbids <>:"/\\|?* and some names)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()
    return slug or uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:12]


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


def read_class_file(path: Path) -> list[ImportedRow]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ClassListError(t("class.unreadable", path=path, error=error.strerror or error)) from None
    try:
        return parse_class_csv(raw)
    except ClassListError as error:
        raise ClassListError(f"{path}: {error}") from None
