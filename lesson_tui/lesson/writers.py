"""More than one device writing one lesson, and nothing lost between them.

Every writer has a file of its own: the teacher's app writes the run file itself (writer 0,
as every run ever has), a co-teacher's device writes `<run>.w<k>.json` beside it. No file
ever has two writers, so no race can lose an event. The lesson's state is the fold of all
writers' events in one order every device agrees on: a hybrid logical clock stamp (wall
milliseconds and a counter, never going back, and always past every event the writer had
seen), then the writer, then the writer's own sequence number.

The rules for two teachers, written once (and folded in `RunState.apply`):
* the later mark for the same pupil in the same round wins (the order above);
* undo takes back your own last mark, never the other teacher's;
* the sporen decision and closing the lesson belong to the main teacher (writer 0), or to
  a PC that took the lesson over (its own file, `takeover_writer`: a lesson left or live
  on another PC, continued here when the teacher said so; see `store/presence.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # a type only: the index reads writer names at start without the rounds' rule
    from lesson_tui.rules.cfu import CfuRound

MAIN = 0  # the teacher's app: it writes the run file itself


def is_main(writer: int) -> bool:
    """The one check for "the main teacher's device wrote this" (the split and closing are
    theirs; their open round counts, another device's does not)."""
    return writer == MAIN


def round_counts(round_: CfuRound) -> bool:
    """A round counts once it was closed; another device's open round (a tab closed
    halfway) never does. The teacher's own open round reopens on resume, so it does (a
    PC that took the lesson over is the teacher too: `lead`)."""
    return not round_.discarded and (round_.closed or round_.lead or is_main(round_.writer))
WRITER_SEQ = 1_000_000_000  # event ids: writer * WRITER_SEQ + the writer's own sequence
WRITER_FILE = re.compile(r"^(?P<run>.+)\.w(?P<writer>\d+)$")

Stamp = tuple[int, int]  # (wall milliseconds, counter)


DEVICE_ID = re.compile(r"^[a-z2-7]{8}$")  # a PC's id (`store/device.py` makes it)
TAKEOVER_BASE = 1 << 40  # a takeover's writer number: this plus the device id as a number
# A co-writer's number on a PC: JOIN_BASE + the device id as a number * JOIN_SLOTS + a slot.
# Slots below PAGE_SLOT: the PC joined by itself (`lesson-tui coteach-view` without a number,
# one slot per window open at once); from PAGE_SLOT on: the devices the co-teacher page of
# that PC serves (their views run on that PC, so its id is theirs too).
JOIN_BASE = 1 << 48
JOIN_SLOTS = 256
PAGE_SLOT = 128


def device_number(device: str) -> int:
    """A device id (8 letters of base32, 40 bits) as a number."""
    import base64

    return int.from_bytes(base64.b32decode(device.upper()), "big")


def takeover_writer(device: str) -> int:
    """The writer number of the file a PC writes when it takes over another PC's lesson:
    made from its device id, so two PCs never pick one number (no name two PCs write,
    whatever the sync engine brought already), and a coteacher's numbers never meet it."""
    return TAKEOVER_BASE + device_number(device)


def is_takeover(meta: Mapping[str, Any], writer: int) -> bool:
    """A writer file's meta says a PC took the lesson over, and its number is the one that
    PC's id gives (`takeover_writer`): a co-teacher's file never says so. Here, not with
    the reader of writer files (`untrusted.py`): the home screen asks it of a lesson left
    open without importing the events."""
    device = meta.get("device")
    if meta.get("takeover") is not True or not isinstance(device, str) or not DEVICE_ID.match(device):
        return False
    return takeover_writer(device) == writer


def join_writer(device: str, slot: int) -> int:
    """The one rule for a co-writer's number: made from the id of the PC that writes the
    file, so two PCs joining one lesson while apart (no sync between them) never write one
    file (Syncthing would make a conflict copy of it, and one PC's marks would never be
    counted). `slot` tells this PC's co-writers of one lesson apart (see PAGE_SLOT).
    Numbers of earlier versions (1, 2, ... from the first free one) are still read as
    co-writers: any number not a takeover's is one."""
    if not 0 <= slot < JOIN_SLOTS:
        raise ValueError(f"slot {slot}: 0 to {JOIN_SLOTS - 1}")
    return JOIN_BASE + device_number(device) * JOIN_SLOTS + slot


def join_slot(device: str, writer: int) -> int | None:
    """The slot of `writer` when it is one of this device's co-writer numbers, else None."""
    slot = writer - JOIN_BASE - device_number(device) * JOIN_SLOTS
    return slot if 0 <= slot < JOIN_SLOTS else None


def run_device(run_id: str) -> str | None:
    """The PC that started a run (`YYYYMMDD-HHMM-<device>-xxxx`); None for a run of an
    earlier version (`YYYYMMDD-HHMM-xxxx`), which was this PC's as far as anyone knows."""
    parts = run_id.split("-")
    return parts[2] if len(parts) == 4 and DEVICE_ID.match(parts[2]) else None


def writer_file(run_file: Path, writer: int) -> Path:
    return run_file.with_name(f"{run_file.stem}.w{writer}{run_file.suffix}")


def is_writer_file(path: Path) -> bool:
    return WRITER_FILE.match(path.stem) is not None


def writer_files(run_file: Path) -> dict[int, Path]:
    """The co-writers' files of a run: writer number -> path."""
    return writers_among(run_file, (p.name for p in run_file.parent.glob(f"{run_file.stem}.w*{run_file.suffix}")))


def writers_among(run_file: Path, names: Iterable[str]) -> dict[int, Path]:
    """The co-writers' files of a run among `names` (files in the run's folder, as a listing
    of it gave them): what `writer_files` finds, without listing the folder again (the school
    view lists each year folder once for its thousands of runs)."""
    found: dict[int, Path] = {}
    suffix = run_file.suffix
    for name in names:
        if not name.endswith(suffix):
            continue
        match = WRITER_FILE.match(name[: len(name) - len(suffix)])
        number = match.group("writer") if match else ""
        # one name per writer: `w01` would hide `w1` (which of the two glob gives is chance)
        if match and match.group("run") == run_file.stem and number == str(int(number)):
            found[int(number)] = run_file.with_name(name)
    return found


def global_seq(writer: int, seq: int) -> int:
    """One id for an event across writers; the main writer's ids are its own sequence
    numbers, so every run written before there were co-writers reads the same."""
    return writer * WRITER_SEQ + seq


class HybridClock:
    """Stamps that never go back on this device and always sort after every event seen
    from any device, even when the devices' clocks disagree."""

    def __init__(self) -> None:
        self.last: Stamp = (0, 0)

    def stamp(self, wall_ms: int) -> Stamp:
        ms, counter = self.last
        self.last = (wall_ms, 0) if wall_ms > ms else (ms, counter + 1)
        return self.last

    def see(self, stamp: Stamp) -> None:
        if stamp > self.last:
            self.last = stamp


Writer = TypeVar("Writer", int, str)  # a lesson's writer number; a class's device id


def order_key(stamp: Stamp, writer: Writer, seq: int) -> tuple[int, int, Writer, int]:
    """The one order of every writer's events (a lesson's, a class's changes)."""
    return (stamp[0], stamp[1], writer, seq)
