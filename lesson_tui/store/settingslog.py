"""The per-class settings as every PC sees them: the fold of each device's own changes.

Each PC writes only its own settings file (`settings/<device id>.json`, see `Settings`),
holding its changes to the settings of every class: a "niet samen" pair set or lifted, a
seating plan, who sits at the front (vooraan). No file has two writers, so a sync engine
never has to choose between two versions. The settings are the fold of every device's
changes in the order of the lessons' writers (`lesson.writers.order_key`), so two PCs that
hold the same files fold the same settings, whatever order the files arrived in.

What a teacher expects of two PCs changed while apart:
* niet samen is a set of pairs, changed one pair at a time: a pair set on the laptop and
  another on the PC both stay; the same pair set on one and lifted on the other is what
  the later change said;
* the seating plan and vooraan are one value each: the later change wins, never a copy.

The settings file from before, `instellingen.json` (written by whichever PC was in use),
is where the fold starts: read, never written again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lesson_tui.lesson.writers import Stamp, order_key

APART = "apart"  # {"class", "pair": [a, b] (sorted), "apart": bool}: a niet samen pair set or lifted
SEATING = "zitplan"  # {"class", "value": seating plan doc}
FRONT = "vooraan"  # {"class", "value": [pupil ids]}
KINDS = frozenset({APART, SEATING, FRONT})


@dataclass(frozen=True)
class SettingsChange:
    """One change one device made to one class's settings."""

    stamp: Stamp
    device: str
    seq: int
    class_id: str
    kind: str
    data: Mapping[str, Any]

    @property
    def key(self) -> tuple[int, int, str, int]:
        return order_key(self.stamp, self.device, self.seq)

    @property
    def subject(self) -> tuple[str, str, tuple[str, ...]]:
        """What the change sets: a later change of the same subject replaces it."""
        pair = tuple(self.data["pair"]) if self.kind == APART else ()
        return (self.class_id, self.kind, pair)

    def to_doc(self) -> dict[str, Any]:
        return {"stamp": list(self.stamp), "seq": self.seq, "class": self.class_id, "kind": self.kind, **self.data}

    @classmethod
    def from_doc(cls, device: str, doc: Mapping[str, Any]) -> SettingsChange:
        """One change as its device wrote it; ValueError (or KeyError, TypeError) when it
        is not one."""
        stamp = doc["stamp"]
        if not isinstance(stamp, list) or len(stamp) != 2 or not all(isinstance(n, int) for n in stamp):
            raise ValueError(f"stamp {stamp!r}")
        kind, seq, class_id = doc["kind"], doc["seq"], doc["class"]
        if kind not in KINDS or not isinstance(seq, int) or not isinstance(class_id, str):
            raise ValueError(f"change {kind!r} {seq!r}")
        data = {k: v for k, v in doc.items() if k not in ("stamp", "seq", "class", "kind")}
        if kind == APART:
            pair = data["pair"]
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise ValueError("pair")
            if pair[0] == pair[1] or not isinstance(data["apart"], bool):
                raise ValueError("pair")
            data["pair"] = sorted(pair)
        elif kind == SEATING and not isinstance(data["value"], dict):
            raise ValueError("zitplan")
        elif kind == FRONT and not (isinstance(data["value"], list) and all(isinstance(p, str) for p in data["value"])):
            raise ValueError("vooraan")
        return cls((stamp[0], stamp[1]), device, seq, class_id, kind, data)


def apart_change(class_id: str, a: str, b: str, apart: bool) -> tuple[str, str, dict[str, Any]]:
    return class_id, APART, {"pair": sorted((a, b)), "apart": apart}


@dataclass
class ClassSettings:
    """One class's settings after the fold."""

    niet_samen: set[frozenset[str]] = field(default_factory=set)
    zitplan: dict[str, Any] | None = None
    vooraan: list[str] | None = None


def fold(start: Mapping[str, ClassSettings], changes: Iterable[SettingsChange]) -> dict[str, ClassSettings]:
    """Every class's settings after every change, applied in their agreed order to `start`
    (what the settings file from before held)."""
    result = {
        class_id: ClassSettings(set(entry.niet_samen), entry.zitplan, entry.vooraan)
        for class_id, entry in start.items()
    }
    for change in sorted(changes, key=lambda c: c.key):
        entry = result.setdefault(change.class_id, ClassSettings())
        if change.kind == APART:
            pair = frozenset(change.data["pair"])
            (entry.niet_samen.add if change.data["apart"] else entry.niet_samen.discard)(pair)
        elif change.kind == SEATING:
            entry.zitplan = dict(change.data["value"])
        else:
            entry.vooraan = list(change.data["value"])
    return result


def compact(changes: Iterable[SettingsChange]) -> list[SettingsChange]:
    """One device's changes without those a later change of its own replaced (a later change
    of one device always sorts after its earlier ones, so the fold is the same): a device's
    file holds one change per pair and per value, however often the teacher changed it."""
    latest: dict[tuple[str, str, tuple[str, ...]], SettingsChange] = {}
    for change in sorted(changes, key=lambda c: c.key):
        latest[change.subject] = change
    return sorted(latest.values(), key=lambda c: c.key)
