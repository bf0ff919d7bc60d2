"""`coteach.json`: how the teacher's app knows the co-teacher page is being served.

`lesson-tui coteach` writes it once it listens and removes it when it stops, but only its
own (a second server never touches the first one's). A server killed with kill -9, a crash
or a power cut leaves it behind, so it is believed only while that server is alive: its
process exists and its port answers a local connect (no other network).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import TypedDict

from lesson_tui.files.storage import atomic_write_bytes
from lesson_tui.store import layout

CONNECT_SECONDS = 0.5


class Marker(TypedDict):
    address: str  # the co-teacher page's address, with its token
    run_id: str
    host: str
    port: int
    pid: int


def read_marker(data_dir: Path) -> Marker | None:
    try:
        data = json.loads(layout.coteach_marker_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in ("address", "run_id", "host")):
        return None
    if not all(isinstance(data.get(key), int) and not isinstance(data.get(key), bool) for key in ("pid", "port")):
        return None
    return Marker(address=data["address"], run_id=data["run_id"], host=data["host"], port=data["port"], pid=data["pid"])


def _process_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name != "posix":
        return True  # Windows: os.kill would end the process; the port answers for it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def is_alive(marker: Marker) -> bool:
    if not _process_exists(marker["pid"]) or not 0 < marker["port"] < 65536:
        return False
    try:
        with socket.create_connection((marker["host"], marker["port"]), timeout=CONNECT_SECONDS):
            return True
    except (OSError, ValueError):
        return False


def live_marker(data_dir: Path) -> Marker | None:
    """The marker of a server that is running now, or None."""
    marker = read_marker(data_dir)
    return marker if marker is not None and is_alive(marker) else None


def coteach_address(data_dir: Path, run_id: str) -> str | None:
    """The co-teacher page's address (with its token) while a live server serves this lesson."""
    marker = live_marker(data_dir)
    if marker is None or marker["run_id"] != run_id:
        return None
    return marker["address"]


def write_marker(data_dir: Path, *, address: str, run_id: str, host: str, port: int) -> None:
    data = Marker(address=address, run_id=run_id, host=host, port=port, pid=os.getpid())
    atomic_write_bytes(layout.coteach_marker_path(data_dir), json.dumps(data).encode("utf-8"))


def remove_marker(data_dir: Path, address: str) -> None:
    """Remove the marker if it is still this server's (its address holds its token)."""
    marker = read_marker(data_dir)
    if marker is not None and marker["address"] == address:
        try:
            layout.coteach_marker_path(data_dir).unlink()
        except OSError:
            pass
