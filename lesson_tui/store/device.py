"""This PC's device id: made once, at random, in the state folder (`layout.device_path`).

A PC whose own files were written by someone else (a cloned disk, a state folder restored
from a backup) takes a new id (`take_new_id`, see `identity`); the ids it had are kept
in `device.json` ("was"), for a person looking.

It is never in a data folder, so a data folder copied or synced to another PC never gives
two PCs one identity. Every run id this PC starts holds it (`runs.new_run_id`), so two PCs
starting a lesson in the same minute never make one run id.

Eight characters of lower-case base32 (`a-z`, `2-7`): safe in a file name on every system,
and never mistaken for a OneDrive computer name (those hold a capital, see `synccopies`).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import tempfile
from pathlib import Path

from lesson_tui.files.lock import FileLock
from lesson_tui.files.storage import atomic_write_bytes, private_dir
from lesson_tui.store import layout

DEVICE_ID = re.compile(r"^[a-z2-7]{8}$")


def new_device_id() -> str:
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii").lower()


def _read(path: Path) -> str | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get("id")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) and DEVICE_ID.match(found) else None


def _place(path: Path, data: bytes) -> bool:
    """Put `data` at `path` only when nothing is there yet (two processes starting at once
    agree on one id): False when another was first."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if os.name == "nt":
            os.rename(tmp, path)  # Windows: never replaces an existing file
        else:
            os.link(tmp, path)  # POSIX: fails when the name exists
        return True
    except FileExistsError:
        return False
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def device_id() -> str:
    """This PC's id, made the first time it is asked for."""
    path = layout.device_path()
    found = _read(path)
    if found is not None:
        return found
    private_dir(path.parent)
    made = new_device_id()
    data = json.dumps({"id": made}).encode("utf-8")
    if path.exists():  # damaged (not an id): replaced, it never named a run
        path.unlink(missing_ok=True)
    if _place(path, data):
        return made
    return _read(path) or made


def take_new_id(old: str) -> str:
    """A new id for this PC instead of `old` (found written by another PC: see `identity`);
    when another window already took one, that one."""
    path = layout.device_path()
    private_dir(path.parent)
    lock = FileLock(path.with_suffix(".lock"))
    lock.acquire(wait=5.0)
    with lock:
        current = _read(path)
        if current is not None and current != old:
            return current
        try:
            was = json.loads(path.read_text(encoding="utf-8")).get("was", [])
        except (OSError, ValueError, AttributeError):
            was = []
        made = new_device_id()
        doc = {"id": made, "was": [*(w for w in was if isinstance(w, str)), old]}
        atomic_write_bytes(path, json.dumps(doc).encode("utf-8"))
        return made
