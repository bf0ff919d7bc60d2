"""The teacher's kijkwijzer on disk: per period a score (1-5), a note and "dit zal ik
aanpakken" per item, and the focus item. Private to the teacher (files.storage writes them
user-only) and never on the board.

One writer per file, as the classes' settings (settings.py): each PC writes only its own
file `reflectie/<device id>.json` (atomically, under its lock); reading folds every PC's
file, and per period and item the latest change wins (its time, then the device id), so two
PCs filling in the kijkwijzer while apart lose nothing and never make a conflict copy. A
damaged or half-synced file is named for the teacher and set aside when this PC writes its
own again; another PC's damaged file only leaves that PC's entries out.

The file: `{"schema": 1, "kind": "kijkwijzer", "device": id, "periodes": {"2026-11-23..2026-11-29":
{"focus": {"item": "edi_5" | null, "at": ms}, "items": {item: {"score": 1-5 | null, "notitie":
text, "aanpak": text, "at": ms}}}}}` (docs/FORMATS.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lesson_tui.base.clock import Clock
from lesson_tui.base.i18n import t
from lesson_tui.base.oserrors import os_error_text
from lesson_tui.files.storage import SCHEMA_VERSION, SaveError, private_dir, quarantine
from lesson_tui.files.synccopies import copy_problem, split_sync_copies
from lesson_tui.store import layout

KIND = "kijkwijzer"
TEXT_LIMIT = 4000  # characters of a note or "aanpak": a page, not a book


class ReflectionError(OSError):
    """The kijkwijzer could not be saved: the message says what and where."""


@dataclass(frozen=True)
class ItemEntry:
    score: int | None = None
    note: str = ""
    aanpak: str = ""
    at: int = 0  # wall milliseconds of the change
    device: str = ""

    @property
    def key(self) -> tuple[int, str]:
        return (self.at, self.device)


@dataclass
class PeriodSheet:
    """One period's kijkwijzer as folded from every PC's file."""

    items: dict[str, ItemEntry] = field(default_factory=dict)
    focus: str | None = None
    focus_at: tuple[int, str] = (0, "")


def _entry(raw: Any, device: str) -> ItemEntry | None:
    if not isinstance(raw, dict):
        return None
    score, note, aanpak, at = raw.get("score"), raw.get("notitie", ""), raw.get("aanpak", ""), raw.get("at", 0)
    if score is not None and (isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5):
        return None
    if not isinstance(note, str) or not isinstance(aanpak, str) or isinstance(at, bool) or not isinstance(at, int):
        return None
    return ItemEntry(score, note[:TEXT_LIMIT], aanpak[:TEXT_LIMIT], at, device)


def _read(path: Path) -> dict[str, Any]:
    """One PC's file; ValueError in words when it is damaged or half there."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(os_error_text(error)) from None
    except ValueError:
        raise ValueError(t("kijkwijzer.not_json")) from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND or not isinstance(doc.get("periodes"), dict):
        raise ValueError(t("kijkwijzer.not_ours"))
    return doc


class Reflections:
    """The kijkwijzer of one data folder (`root`), read when made; `problems` says what
    could not be read, in the teacher's words."""

    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        self.root = Path(root)
        self.clock = clock
        self.dir = layout.reflections_dir(self.root)
        self.problems: list[str] = []
        self.sheets: dict[str, PeriodSheet] = {}
        self._fold()

    def _files(self) -> list[Path]:
        from lesson_tui.store.device import DEVICE_ID

        paths = sorted(p for p in self.dir.glob(f"*{layout.DATA_FILE}") if ".beschadigd-" not in p.name)
        files, copies = split_sync_copies(paths)
        for path, copy in copies:
            self._problem(copy_problem(path, copy))
        return [p for p in files if DEVICE_ID.match(p.stem)]

    def _problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def _fold(self) -> None:
        sheets: dict[str, PeriodSheet] = {}
        for path in self._files():
            try:
                doc = _read(path)
            except ValueError as error:
                self._problem(t("kijkwijzer.unreadable", path=path, reason=str(error)))
                continue
            device = path.stem
            for period, raw in doc["periodes"].items():
                if not isinstance(raw, dict) or not isinstance(period, str):
                    continue
                sheet = sheets.setdefault(period, PeriodSheet())
                items = raw.get("items")
                for item, value in (items.items() if isinstance(items, dict) else ()):
                    entry = _entry(value, device)
                    if entry is not None and (item not in sheet.items or entry.key > sheet.items[item].key):
                        sheet.items[item] = entry
                focus = raw.get("focus")
                if isinstance(focus, dict) and isinstance(focus.get("at"), int) and not isinstance(focus["at"], bool):
                    chosen = focus.get("item")
                    key = (int(focus["at"]), device)
                    if (chosen is None or isinstance(chosen, str)) and key > sheet.focus_at:
                        sheet.focus, sheet.focus_at = chosen, key
        self.sheets = sheets

    def sheet(self, period: str) -> PeriodSheet:
        return self.sheets.get(period) or PeriodSheet()

    def _now_ms(self) -> int:
        import time

        return int((self.clock.now().timestamp() if self.clock is not None else time.time()) * 1000)

    def _change(self, period: str, apply: Any) -> None:
        """Change this PC's own file (under its lock) and fold again."""
        from lesson_tui.files.storage import DataFileError
        from lesson_tui.store.device import device_id
        from lesson_tui.store.identity import write_own
        from lesson_tui.store.locks import settings_lock

        path = self.dir / f"{device_id()}{layout.DATA_FILE}"
        try:
            lock = settings_lock(self.root, path)
        except (DataFileError, SaveError) as error:
            raise ReflectionError(str(error)) from None
        with lock:
            doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "kind": KIND, "device": path.stem, "periodes": {}}
            if path.exists():
                try:
                    doc = _read(path)
                except ValueError:
                    stamp = (self.clock.now() if self.clock else datetime.now()).strftime("%Y%m%d-%H%M%S")
                    try:
                        moved = quarantine(path, stamp)
                    except OSError as error:
                        raise ReflectionError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
                    self._problem(t("kijkwijzer.own_moved", path=path, moved=moved.name))
            periods = doc["periodes"]
            sheet = periods.get(period)
            if not isinstance(sheet, dict):
                sheet = periods[period] = {"items": {}}
            if not isinstance(sheet.get("items"), dict):
                sheet["items"] = {}
            # never before a change this PC already read from another: its time goes on
            last = max((e.at for s in self.sheets.values() for e in s.items.values()), default=0)
            last = max([last, *(s.focus_at[0] for s in self.sheets.values())])
            apply(sheet, max(self._now_ms(), last + 1))
            try:
                private_dir(path.parent)
                write_own(self.root, path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
            except OSError as error:
                raise ReflectionError(t("data.cannot_save", path=path, reason=os_error_text(error))) from None
        self._fold()

    def set_item(self, period: str, item: str, score: int | None, note: str = "", aanpak: str = "") -> None:
        if score is not None and not 1 <= score <= 5:
            raise ValueError(t("kijkwijzer.bad_score", score=score))

        def apply(sheet: dict[str, Any], at: int) -> None:
            sheet["items"][item] = {"score": score, "notitie": note[:TEXT_LIMIT], "aanpak": aanpak[:TEXT_LIMIT], "at": at}

        self._change(period, apply)

    def set_focus(self, period: str, item: str | None) -> None:
        def apply(sheet: dict[str, Any], at: int) -> None:
            sheet["focus"] = {"item": item, "at": at}

        self._change(period, apply)

