"""Reading the class-list CSV files teachers actually have, and applying a (re)import.

Handles Excel on a Belgian Windows PC (`;`, Windows-1252, CRLF), Smartschool exports
(`Naam` = family name beside `Voornaam`, a class-number column), UTF-8 with or without a
BOM, comma or tab separators, a bare list of names, blank lines and stray spaces.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from lesson_tui.base.i18n import t
from lesson_tui.klas.pupils import ClassListError, Pupil, name_key, pupil_id, unique_id

# --- reading CSV ------------------------------------------------------------------------

_NUMBER_COLUMNS = {"klasnummer", "klasnr", "klasnr.", "nr", "nr.", "nummer", "no", "no.", "#", "number"}
_FIRST_COLUMNS = {"voornaam", "roepnaam", "first name", "firstname", "given name", "prénom", "prenom"}
_LAST_COLUMNS = {"familienaam", "achternaam", "last name", "lastname", "family name", "surname", "nom"}
_FULL_COLUMNS = {"naam", "leerling", "name", "volledige naam", "full name"}
# The school's own id of a child, compared with letters and digits only ("Stamboek nr.",
# "SMARTSCHOOL_ID", "Leerling-nummer"): kept with the pupil, so the school view knows one
# child across classes and teachers (school/identity.py).
SCHOOL_ID_COLUMNS = {
    "stamboeknummer", "stamboeknr", "stamboek", "stamnummer", "smartschoolid", "smartschoolnummer",
    "smartschoolnr", "leerlingnummer", "leerlingnr", "leerlingid", "internnummer", "internid",
    "schoolid", "studentid", "pupilid",
}
# A national id (the Belgian rijksregisternummer / INSZ, the Dutch BSN) is never kept: the
# column is skipped and the teacher told so.
NATIONAL_ID_COLUMNS = {
    "rijksregisternummer", "rijksregisternr", "rijksregister", "rrn", "rrnr", "insz", "insznummer", "insznr",
    "nationaalnummer", "nationaalregisternummer", "identificatienummer", "bsn", "burgerservicenummer",
    "nationalnumber", "nationalid", "nissnumber", "niss",
}
SCHOOL_ID_LIMIT = 40  # characters: a stamboek or Smartschool number is short


class Columns(NamedTuple):
    """Which column (0-based) holds what; None: the list has no such column."""

    first: int | None
    last: int | None
    full: int | None
    number: int | None
    school_id: int | None = None  # the school's own id of the child (`SCHOOL_ID_COLUMNS`)
    national: tuple[int, ...] = ()  # columns of national ids: never read


@dataclass(frozen=True)
class ImportedRow:
    first_name: str
    last_name: str
    number: int | None
    school_id: str = ""  # "" when the list has no such column or the cell is empty


@dataclass
class ClassListReading:
    """What was read from a class list, and how: the summary shows `notes` so the teacher
    sees which column was read as what, and every guess that was made."""

    rows: list[ImportedRow]
    notes: list[str] = field(default_factory=list)
    name_order: str | None = None  # how a single name column was read; None: two columns


CLASS_FILE_LIMIT = 5_000_000  # a class list is a few kB; refuse a wrong file early

# Family-name particles as Flemish and Dutch lists write them ("De Smet", "Van den Broeck").
_PARTICLES = {"van", "de", "den", "der", "vande", "vanden", "vander", "el", "ben", "d'", "le", "la", "du", "ter", "ten", "op", "'t"}


def decode_bytes(raw: bytes) -> tuple[str, list[str]]:
    """The text of a class list, and notes on how it was decoded.

    UTF-16 (Excel's "Unicode text") by its BOM; otherwise UTF-8 line by line, so one stray
    Windows-1252 byte spoils only its own line, which is then read as Windows-1252 and named."""
    notes: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), [t("class.note_utf16")]
        except UnicodeDecodeError:
            raise ClassListError(t("class.binary")) from None
    if b"\x00" in raw[:4096]:
        raise ClassListError(t("class.binary"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    utf8_ok = 0
    decoded: list[str] = []
    odd: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_ok += any(byte >= 0x80 for byte in line)
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            odd.append(number)
    if utf8_ok:
        # a UTF-8 file with a few Windows-1252 lines (pasted from another list)
        notes.append(t("class.note_mixed", lines=", ".join(str(n) for n in odd)))
    else:
        # Excel "CSV (gescheiden door lijstscheidingsteken)" on a Belgian PC
        notes.append(t("class.note_cp1252"))
    return "\n".join(decoded), notes


def parse_class_csv(raw: bytes) -> list[ImportedRow]:
    return read_class_list(raw).rows


def read_class_list(raw: bytes, name_order: str | None = None) -> ClassListReading:
    """Read a class list. `name_order` ("first-last" or "last-first") says how a single
    name column is written; without it, the order is detected and said in the notes."""
    text, notes = decode_bytes(raw)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ClassListError(t("class.empty_file"))
    delimiter = _sniff_delimiter(lines)
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    rows = [row for row in rows if any(row)]
    # the header may sit under a title row ("Klaslijst 5B 2025-2026;;;"), as Excel users make
    header_at: int | None = None
    columns: Columns | None = None
    for position, row in enumerate(rows[:6]):
        columns = _columns([_normalise_header(cell) for cell in row])
        if columns is not None:
            header_at = position
            break
    if header_at is None or columns is None:
        body, columns = rows, _headerless_columns(rows)
        start_line = 1
    else:
        if header_at:
            notes.append(t("class.note_title_rows", count=header_at, header=" | ".join(c for c in rows[header_at] if c)))
        body = rows[header_at + 1 :]
        start_line = header_at + 2
    first, last, full, number, school_id, national = columns
    header_cells = rows[header_at] if header_at is not None else []
    width = len(header_cells) if header_cells else max(len(row) for row in rows)

    def column_name(index: int | None) -> str:
        if index is None:
            return ""
        if header_cells and index < len(header_cells):
            return t("class.column_named", name=header_cells[index])
        return t("class.column_number", number=index + 1)

    # a row written with another separator ("Noah,Peeters" in a ;-file) is split as written
    others = [d for d in (";", "\t", ",") if d != delimiter]
    fixed_body = []
    for offset, row in enumerate(body):
        if width > 1 and len(row) == 1:
            for other in others:
                parts = [cell.strip() for cell in row[0].split(other)]
                if len(parts) == width:
                    notes.append(t("class.note_other_separator", line=start_line + offset, sep=_sep_name(other)))
                    row = parts
                    break
        fixed_body.append(row)
    body = fixed_body

    if first is None and full is not None:
        order = name_order or _guess_name_order([row[full] for row in body if full < len(row) and row[full]])
        notes.append(t(f"class.note_full_{order.replace('-', '_')}", column=column_name(full)))
    else:
        order = "first-last"
        if first is not None:
            notes.append(t("class.note_columns", first=column_name(first), last=column_name(last) or "-"))
    if number is not None:
        notes.append(t("class.note_number", column=column_name(number)))
    for index in national:
        notes.append(t("class.note_national_id", column=column_name(index)))
    if school_id is not None:
        # a "pupil number" column that holds national register numbers is not kept either
        line = next(
            (start_line + o for o, row in enumerate(body) if is_national_number(_cell(row, school_id))), None
        )
        if line is not None:
            notes.append(t("class.note_national_values", column=column_name(school_id), line=line))
            school_id = None
        else:
            notes.append(t("class.note_school_id", column=column_name(school_id)))

    result: list[ImportedRow] = []
    lines_of: dict[str, tuple[str, list[int]]] = {}  # school id (any capitals) -> as written, its lines
    for offset, row in enumerate(body):
        line_no = start_line + offset

        if first is not None:
            first_name, last_name = _cell(row, first), _cell(row, last)
            if not first_name and last_name:
                first_name, last_name = last_name, ""
        else:
            first_name, last_name = _split_full(_cell(row, full), order)
        if not first_name:
            continue
        if not any(ch.isalpha() for ch in first_name + last_name):
            raise ClassListError(t("class.bad_name", line=line_no, name=first_name))
        for other in others:
            if other != "," and other in first_name + last_name:
                raise ClassListError(t("class.mixed_separator", line=line_no, name=row[0], sep=_sep_name(other)))
        nr: int | None = None
        raw_number = _cell(row, number)
        if raw_number:
            digits = raw_number.rstrip(".")
            if not digits.isdigit():
                raise ClassListError(t("class.bad_number", line=line_no, value=raw_number))
            nr = int(digits)
        own_id = _cell(row, school_id)
        if len(own_id) > SCHOOL_ID_LIMIT or not own_id.isprintable():
            raise ClassListError(t("class.bad_school_id", line=line_no, value=own_id[:SCHOOL_ID_LIMIT]))
        if own_id:
            lines_of.setdefault(own_id.casefold(), (own_id, []))[1].append(line_no)
        result.append(ImportedRow(first_name, last_name, nr, own_id))
    if not result:
        raise ClassListError(t("class.no_pupils"))
    twice = next(((value, lines) for value, lines in lines_of.values() if len(lines) > 1), None)
    if twice is not None:
        value, rows_of = twice
        raise ClassListError(
            t("class.duplicate_school_id", value=value, column=column_name(school_id), lines=", ".join(map(str, rows_of)))
        )
    numbers = [r.number for r in result if r.number is not None]
    if len(numbers) != len(set(numbers)):
        duplicate = next(n for n in numbers if numbers.count(n) > 1)
        raise ClassListError(t("class.duplicate_number", number=duplicate))
    return ClassListReading(result, notes, order if first is None else None)


def _sep_name(delimiter: str) -> str:
    return {"\t": "tab"}.get(delimiter, f"'{delimiter}'")


def _guess_name_order(names: list[str]) -> str:
    """'De Smet Noah' or 'Noah De Smet'? Family-name particles give it away: at the start
    of a name they mean family name first, in the middle they mean first name first."""
    front = middle = 0
    for name in names:
        words = name.replace(",", " ").split()
        if len(words) < 3:
            continue
        lowered = [w.casefold() for w in words]
        if lowered[0] in _PARTICLES:
            front += 1
        elif any(w in _PARTICLES for w in lowered[1:-1]):
            middle += 1
    return "last-first" if front > middle else "first-last"


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


def _cell(row: list[str], index: int | None) -> str:
    """The text in a row's column, spaces collapsed; "" when the row has no such column."""
    return " ".join(row[index].split()) if index is not None and index < len(row) else ""


def _normalise_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').casefold().replace("_", " ").split())


def _id_header(cell: str) -> str:
    """A header as compared with the id columns: letters and digits only."""
    return "".join(ch for ch in cell if ch.isalnum())


def is_national_number(value: str) -> bool:
    """A Belgian national register number (rijksregisternummer / INSZ): 11 digits, written
    with or without dots and dashes ("85.07.30-033.61"), whose last two are 97 minus the
    first nine modulo 97 (with a 2 in front for those born from 2000)."""
    digits = "".join(ch for ch in value if ch not in " .-/")
    if len(digits) != 11 or not digits.isdigit():
        return False
    body, check = int(digits[:9]), int(digits[9:])
    return check in (97 - body % 97, 97 - int("2" + digits[:9]) % 97)


def _columns(header: list[str]) -> Columns | None:
    def find(names: set[str]) -> int | None:
        return next((i for i, cell in enumerate(header) if cell in names), None)

    ids = [_id_header(cell) for cell in header]
    school_id = next((i for i, cell in enumerate(ids) if cell in SCHOOL_ID_COLUMNS), None)
    national = tuple(i for i, cell in enumerate(ids) if cell in NATIONAL_ID_COLUMNS)

    number = find(_NUMBER_COLUMNS)
    first = find(_FIRST_COLUMNS)
    last = find(_LAST_COLUMNS)
    full = find(_FULL_COLUMNS)
    if first is not None:
        # Smartschool: "Naam" next to "Voornaam" is the family name
        if last is None:
            last = full
        return Columns(first, last, None, number, school_id, national)
    if full is not None:
        return Columns(None, None, full, number, school_id, national)
    if last is not None:
        return Columns(None, None, last, number, school_id, national)
    return None


def _headerless_columns(rows: list[list[str]]) -> Columns:
    """No header: the first column holds the names, unless it only holds numbers."""
    width = max(len(row) for row in rows)
    first_is_number = all(row[0].rstrip(".").isdigit() for row in rows if row and row[0])
    if first_is_number and width >= 2:
        if width >= 3:
            return Columns(1, 2, None, 0)
        return Columns(None, None, 1, 0)
    return Columns(None, None, 0, None)


def _split_full(name: str, order: str = "first-last") -> tuple[str, str]:
    """'Noah De Smet' -> ('Noah', 'De Smet'); 'Vermeulen, Noah' -> ('Noah', 'Vermeulen');
    in "last-first" order 'De Smet Noah' -> ('Noah', 'De Smet')."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    if order == "last-first":
        parts = name.rsplit(" ", 1)
        return (parts[1], parts[0]) if len(parts) > 1 else (parts[0], "")
    parts = name.split(" ", 1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def merge_class(existing: list[Pupil], rows: list[ImportedRow], class_id: str) -> list[Pupil]:
    """Apply a (re)import: pupils still on the list keep their id, and so their history.

    A row with a school id (a stamboek or Smartschool number) matches the known pupil with
    that id first, whatever the name now (a name respelled in the school's administration).
    Then a row matches by full name and class number (two pupils who share a full name stay
    apart), then by full name alone (a pupil whose number changed); never a known pupil
    whose school id is another (two children of one name). A name written differently is
    never guessed: it is a new pupil. A pupil keeps a school id a later list lacks. A new pupil's id comes
    from the class and the full name (and the class number, when the list holds that full
    name more than once), so the same list imported on two PCs gives the same ids (see
    `pupil_id`). Pupils no longer on the list are kept but marked inactive, so past runs
    keep names.
    """
    def full_name_key(first: str, last: str) -> str:
        return name_key(f"{first} {last}")

    merged: list[Pupil | None] = [None] * len(rows)
    taken: set[str] = set()
    numbered = [(row.number if row.number is not None else position) for position, row in enumerate(rows, start=1)]

    def keep(index: int, match: Pupil) -> None:
        row = rows[index]
        merged[index] = replace(
            match,
            first_name=row.first_name,
            last_name=row.last_name,
            number=numbered[index],
            active=True,
            school_id=row.school_id or match.school_id,
        )
        taken.add(match.id)

    # pass 0: the same school id
    by_school_id = {p.school_id.casefold(): p for p in existing if p.school_id}
    for index, row in enumerate(rows):
        known = by_school_id.get(row.school_id.casefold()) if row.school_id else None
        if known is not None and known.id not in taken:
            keep(index, known)
    # pass 1: same name and same class number; pass 2: same name only
    for exact in (True, False):
        for index, row in enumerate(rows):
            if merged[index] is not None:
                continue
            wanted = full_name_key(row.first_name, row.last_name)
            match = next(
                (
                    p
                    for p in existing
                    if p.id not in taken
                    and name_key(p.full_name) == wanted
                    and (not exact or p.number == numbered[index])
                    and not (p.school_id and row.school_id and p.school_id.casefold() != row.school_id.casefold())
                ),
                None,
            )
            if match is not None:
                keep(index, match)
    names = [full_name_key(row.first_name, row.last_name) for row in rows]
    used = {p.id for p in existing}
    result: list[Pupil] = []
    for index, (pupil, row) in enumerate(zip(merged, rows)):
        if pupil is None:
            shared = names.count(names[index]) > 1
            base = pupil_id(class_id, row.first_name, row.last_name, numbered[index] if shared else None)
            pupil = Pupil(unique_id(base, used), row.first_name, row.last_name, numbered[index], school_id=row.school_id)
            used.add(pupil.id)
        result.append(pupil)
    for pupil in existing:
        if pupil.id not in taken:
            result.append(replace(pupil, active=False))
    return result


def read_class_file(path: Path, name_order: str | None = None) -> ClassListReading:
    from lesson_tui.files.storage import ReadError, read_limited

    try:
        raw = read_limited(path, CLASS_FILE_LIMIT)
    except FileNotFoundError:
        raise ClassListError(t("class.unreadable", path=path, error=t("os.not_found"))) from None
    except ReadError as error:
        raise ClassListError(t("class.unreadable", path=path, error=error)) from None
    try:
        return read_class_list(raw, name_order)
    except ClassListError as error:
        raise ClassListError(f"{path}: {error}") from None
