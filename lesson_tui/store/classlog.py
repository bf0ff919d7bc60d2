"""A class as every PC sees it: the fold of each device's own changes, in one agreed order.

Each PC writes only its own file for a class (`classes/<slug>/<device id>.json`, see
`ClassFiles`), holding that PC's changes to it: a list imported, a pupil added, renamed or
archived. No file has two writers, so a sync engine never has to choose between two
versions. The class is the fold of every device's changes in the order of the lessons'
writers (`lesson.writers.order_key`: the hybrid logical clock stamp, then the device, then
its own sequence number), so two PCs that hold the same files fold the same class, whatever
order the files arrived in. A class file from before (`classes/<slug>.json`, the whole class)
is where the fold starts: it is read, never written again.

Changes record what the teacher did, not the class after it: a re-import on the PC and a
pupil added on the laptop while they were apart both count once the files meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from lesson_tui.klas.classimport import ImportedRow, merge_class
from lesson_tui.klas.pupils import Pupil, SchoolClass
from lesson_tui.lesson.writers import Stamp, order_key

# {"name", "rows": [[first, last, number or null], ...], "ids": [school id or "", ...]}; "ids"
# only when the list had a school id column (a separate key: an older app reads the rows as
# before and ignores it)
IMPORT = "import"
RESTORE = "restore"  # {"pupils": [pupil docs]}: pupils found again in the run files
ADD = "add"  # {"pupil": pupil doc}
RENAME = "rename"  # {"pupil": id, "first_name", "last_name"}
ARCHIVE = "archive"  # {"pupil": id}
KINDS = frozenset({IMPORT, RESTORE, ADD, RENAME, ARCHIVE})


@dataclass(frozen=True)
class ClassChange:
    """One change one device made to a class."""

    stamp: Stamp
    device: str
    seq: int
    kind: str
    data: Mapping[str, Any]

    @property
    def key(self) -> tuple[int, int, str, int]:
        return order_key(self.stamp, self.device, self.seq)

    def to_doc(self) -> dict[str, Any]:
        return {"stamp": list(self.stamp), "seq": self.seq, "kind": self.kind, **self.data}

    @classmethod
    def from_doc(cls, device: str, doc: Mapping[str, Any]) -> ClassChange:
        """One change as its device wrote it; ValueError (or KeyError, TypeError) when it
        is not one."""
        stamp = doc["stamp"]
        if not isinstance(stamp, list) or len(stamp) != 2 or not all(isinstance(n, int) for n in stamp):
            raise ValueError(f"stamp {stamp!r}")
        kind, seq = doc["kind"], doc["seq"]
        if kind not in KINDS or not isinstance(seq, int):
            raise ValueError(f"change {kind!r} {seq!r}")
        data = {k: v for k, v in doc.items() if k not in ("stamp", "seq", "kind")}
        change = cls((stamp[0], stamp[1]), device, seq, kind, data)
        _check(change)
        return change


def _check(change: ClassChange) -> None:
    data = change.data
    if change.kind == IMPORT:
        if not isinstance(data["name"], str):
            raise ValueError("name")
        _rows(data["rows"], data.get("ids"))
    elif change.kind == RESTORE:
        [Pupil.from_doc(doc) for doc in data["pupils"]]
    elif change.kind == ADD:
        Pupil.from_doc(data["pupil"])
    elif not isinstance(data["pupil"], str):
        raise ValueError("pupil")
    if change.kind == RENAME and not (isinstance(data["first_name"], str) and isinstance(data["last_name"], str)):
        raise ValueError("name")


def _rows(raw: Iterable[Any], ids: Any = None) -> list[ImportedRow]:
    rows = []
    for first, last, number in raw:
        if not isinstance(first, str) or not isinstance(last, str) or not (number is None or isinstance(number, int)):
            raise ValueError("row")
        rows.append(ImportedRow(first, last, number))
    if ids is None:
        return rows
    if not isinstance(ids, list) or len(ids) != len(rows) or not all(isinstance(i, str) for i in ids):
        raise ValueError("ids")
    return [replace(row, school_id=" ".join(i.split())) for row, i in zip(rows, ids)]


def import_change(name: str, rows: list[ImportedRow]) -> tuple[str, dict[str, Any]]:
    data: dict[str, Any] = {"name": name, "rows": [[r.first_name, r.last_name, r.number] for r in rows]}
    if any(r.school_id for r in rows):
        data["ids"] = [r.school_id for r in rows]
    return IMPORT, data


def fold(class_id: str, start: SchoolClass | None, changes: Iterable[ClassChange], name: str = "") -> SchoolClass | None:
    """The class after every change, applied in their agreed order to `start` (the class
    file from before, the demo class, or nothing). `name` is the class's name when neither
    `start` nor an import names it (a device's file that arrived before the import did).
    None: nothing names the class."""
    pupils = list(start.pupils) if start is not None else []
    class_name = start.name if start is not None else ""
    builtin = start.builtin if start is not None else False
    for change in sorted(changes, key=lambda c: c.key):
        builtin = False
        data = change.data
        if change.kind == IMPORT:
            class_name = data["name"]
            pupils = merge_class(pupils, _rows(data["rows"], data.get("ids")), class_id)
        elif change.kind == RESTORE:
            known = {p.id for p in pupils}
            pupils.extend(p for p in map(Pupil.from_doc, data["pupils"]) if p.id not in known)
        elif change.kind == ADD:
            pupil = Pupil.from_doc(data["pupil"])
            # the same child added on two PCs has one id (`pupil_id`): one pupil
            if all(p.id != pupil.id for p in pupils):
                pupils.append(pupil)
        else:
            index = next((i for i, p in enumerate(pupils) if p.id == data["pupil"]), None)
            if index is None:  # a pupil this PC does not know (yet): nothing to change
                continue
            if change.kind == RENAME:
                pupils[index] = replace(pupils[index], first_name=data["first_name"], last_name=data["last_name"])
            else:
                pupils[index] = replace(pupils[index], active=False)
    class_name = class_name or name
    if not class_name:
        return None
    return SchoolClass(class_name, pupils, builtin=builtin, id=class_id)
