"""What the local Syncthing says about the folder that holds a data folder, read-only.

Syncthing is optional: lesson-tui works the same without it. When a teacher keeps their data
folder in step between PCs with Syncthing, `syncthing_status(data_dir)` asks the Syncthing
on this PC (its REST API, on 127.0.0.1 only, with the API key from its own config.xml) which
of its folders holds the data folder, of what type, with which `maxConflicts` (0 drops one of
two edits without a trace), how complete each other device is and when it was last seen,
and which conflict copies lie in the data folder.

Every failure is a `SyncthingReason` in the answer, never an exception: Syncthing not set up
for this user, its GUI on another host (refused: the key is never sent off this PC), not
running, a wrong key, no answer within the timeout (1 s a request), no folder holding the
data folder. Standard library only.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import ssl
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from lesson_tui.files.synccopies import CopyKind, sync_copies_in

TIMEOUT_S = 1.0


class SyncthingReason(StrEnum):
    OK = "ok"
    NOT_INSTALLED = "not-installed"  # no Syncthing config for this user
    BAD_CONFIG = "bad-config"  # its config.xml cannot be read, or has no GUI address or key
    NOT_LOCAL = "not-local"  # its GUI listens elsewhere than on this PC's loopback
    NOT_RUNNING = "not-running"  # nothing answers at its GUI address
    TIMEOUT = "timeout"
    BAD_KEY = "bad-key"  # it refused the API key of its own config
    BAD_ANSWER = "bad-answer"  # it answered something unexpected
    NO_FOLDER = "no-folder"  # it runs, but none of its folders holds the data folder


@dataclass(frozen=True)
class RemoteDevice:
    device_id: str
    name: str
    connected: bool
    paused: bool
    completion: float | None  # percent of the folder that device has, as this Syncthing knows it
    need_items: int
    need_bytes: int
    last_seen: datetime | None  # None: never


@dataclass(frozen=True)
class SyncthingStatus:
    reason: SyncthingReason
    detail: str = ""  # what went wrong, technically (an OS error, an HTTP status)
    config: Path | None = None
    version: str = ""
    my_id: str = ""
    folder_id: str = ""
    folder_label: str = ""
    folder_path: str = ""
    folder_type: str = ""  # sendreceive, sendonly, receiveonly, receiveencrypted
    max_conflicts: int | None = None
    folder_paused: bool = False
    state: str = ""  # idle, scanning, syncing, error, ...
    need_items: int = 0  # what this PC still has to receive
    devices: tuple[RemoteDevice, ...] = ()  # the others the folder is shared with
    conflicts: tuple[str, ...] = ()  # conflict copies in the data folder, relative, sorted

    @property
    def running(self) -> bool:
        return self.reason in (
            SyncthingReason.OK,
            SyncthingReason.BAD_KEY,
            SyncthingReason.NO_FOLDER,
            SyncthingReason.BAD_ANSWER,
        )

    @property
    def up_to_date(self) -> bool:
        """This PC has everything, and so has every other device of the folder."""
        return (
            self.reason is SyncthingReason.OK
            and self.state == "idle"
            and self.need_items == 0
            and all(d.completion == 100 for d in self.devices)
        )


class _Failure(Exception):
    def __init__(self, reason: SyncthingReason, detail: str = "") -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# --- where its config is ------------------------------------------------------------------


def default_homes(
    env: Mapping[str, str] | None = None, platform: str | None = None, user_home: Path | None = None
) -> list[Path]:
    """Where Syncthing keeps config.xml for this user, most likely first."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    user_home = Path.home() if user_home is None else user_home
    homes: list[Path] = []
    if env.get("STHOMEDIR"):
        homes.append(Path(env["STHOMEDIR"]))
    if platform == "win32":
        local = env.get("LOCALAPPDATA") or str(user_home / "AppData" / "Local")
        homes.append(Path(local) / "Syncthing")
    elif platform == "darwin":
        homes.append(user_home / "Library" / "Application Support" / "Syncthing")
    else:
        state = env.get("XDG_STATE_HOME") or str(user_home / ".local" / "state")
        config = env.get("XDG_CONFIG_HOME") or str(user_home / ".config")
        homes += [Path(state) / "syncthing", Path(config) / "syncthing"]  # 2.x and 1.27+, then older
    return homes


def find_config(home: Path | None = None, homes: Sequence[Path] | None = None) -> Path | None:
    """The config.xml of `home`, else of the first default home that has one."""
    for candidate in [home] if home is not None else (default_homes() if homes is None else homes):
        path = candidate / "config.xml"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Gui:
    address: str
    api_key: str
    tls: bool


def read_gui(config_xml: bytes) -> Gui:
    """The GUI address, API key and scheme in a config.xml; _Failure(BAD_CONFIG) if absent."""
    try:
        root = ET.fromstring(config_xml)
    except ET.ParseError as error:
        raise _Failure(SyncthingReason.BAD_CONFIG, str(error)) from None
    gui = root.find("gui")
    if gui is None:
        raise _Failure(SyncthingReason.BAD_CONFIG, "no <gui>")
    address = (gui.findtext("address") or "").strip()
    api_key = (gui.findtext("apikey") or "").strip()
    if not address or not api_key:
        raise _Failure(SyncthingReason.BAD_CONFIG, "no GUI address or API key")
    if gui.get("enabled", "true").lower() == "false":
        raise _Failure(SyncthingReason.NOT_RUNNING, "GUI disabled")
    tls = gui.get("tls", "false").lower() == "true" or address.startswith("https://")
    return Gui(address, api_key, tls)


def local_url(gui: Gui) -> str:
    """The base URL on this PC's loopback for a GUI address; _Failure(NOT_LOCAL) for any
    other host (a remote GUI, a Unix socket): the key is never sent elsewhere."""
    address = re.sub(r"^https?://", "", gui.address).rstrip("/")
    if address.startswith(("/", "unix:", "@")):
        raise _Failure(SyncthingReason.NOT_LOCAL, address)
    found = re.fullmatch(r"(?:\[(?P<v6>[^\]]*)\]|(?P<host>[^:]*)):(?P<port>\d{1,5})", address)
    if not found:
        raise _Failure(SyncthingReason.NOT_LOCAL, address)
    host = found.group("v6") if found.group("v6") is not None else found.group("host")
    port = int(found.group("port"))
    scheme = "https" if gui.tls else "http"
    if host in ("", "localhost"):
        return f"{scheme}://127.0.0.1:{port}"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise _Failure(SyncthingReason.NOT_LOCAL, address) from None
    if ip.is_unspecified:  # every interface: loopback is one of them
        return f"{scheme}://127.0.0.1:{port}" if ip.version == 4 else f"{scheme}://[::1]:{port}"
    if not ip.is_loopback:
        raise _Failure(SyncthingReason.NOT_LOCAL, address)
    return f"{scheme}://{ip}:{port}" if ip.version == 4 else f"{scheme}://[{ip}]:{port}"


# --- which folder holds the data folder -------------------------------------------------------


def _parts(path: str, windows: bool) -> tuple[str, ...]:
    if windows:
        if path.startswith("\\\\?\\UNC\\"):
            path = "\\\\" + path[8:]
        elif path.startswith("\\\\?\\"):
            path = path[4:]
        parts: Sequence[str] = PureWindowsPath(path).parts
    else:
        parts = PurePosixPath(path).parts
    fold = windows or sys.platform == "darwin"  # case-insensitive file systems by default
    return tuple(unicodedata.normalize("NFC", p.casefold() if fold else p) for p in parts)


def folder_holding(target: str, folders: Mapping[str, str], *, windows: bool = os.name == "nt") -> str | None:
    """The id of the folder (id -> path) that is `target` or holds it; the deepest one when
    folders nest. Paths already absolute and resolved; compared part by part (so `/data/les`
    does not hold `/data/lessen`), case-insensitively on Windows, `\\\\?\\` prefix ignored."""
    wanted = _parts(target, windows)
    best: tuple[int, str] | None = None
    for folder_id, path in folders.items():
        parts = _parts(path, windows)
        if parts and wanted[: len(parts)] == parts and (best is None or len(parts) > best[0]):
            best = (len(parts), folder_id)
    return None if best is None else best[1]


def _resolve(path: str | Path) -> str:
    return os.path.realpath(os.path.expanduser(str(path)))


# --- REST --------------------------------------------------------------------------------


class _Client:
    def __init__(self, base: str, api_key: str, timeout: float) -> None:
        self.base, self.api_key, self.timeout = base, api_key, timeout
        handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]  # loopback: never a proxy
        if base.startswith("https:"):
            # Syncthing's own self-signed certificate, on loopback only (`local_url`)
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)

    def get(self, path: str, **params: str) -> Any:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(url, headers={"X-API-Key": self.api_key})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                raw = response.read(8_000_000)
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise _Failure(SyncthingReason.BAD_KEY, f"HTTP {error.code}") from None
            raise _Failure(SyncthingReason.BAD_ANSWER, f"{path}: HTTP {error.code}") from None
        except urllib.error.URLError as error:
            raise self._failure(error.reason) from None
        except OSError as error:  # TimeoutError, a reset connection
            raise self._failure(error) from None
        try:
            return json.loads(raw)
        except ValueError:
            raise _Failure(SyncthingReason.BAD_ANSWER, f"{path}: not JSON") from None

    @staticmethod
    def _failure(error: object) -> _Failure:
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            return _Failure(SyncthingReason.TIMEOUT, str(error))
        if isinstance(error, ssl.SSLError):
            return _Failure(SyncthingReason.BAD_ANSWER, str(error))
        return _Failure(SyncthingReason.NOT_RUNNING, str(error))


def _when(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.strip()).replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.year <= 1970 else moment  # Syncthing's "never"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --- the answer -------------------------------------------------------------------------------


def syncthing_status(data_dir: Path, *, home: Path | None = None, timeout: float = TIMEOUT_S) -> SyncthingStatus:
    """What the local Syncthing says about the folder holding `data_dir` (never raises)."""
    config = None
    try:
        config = find_config(home)
        if config is None:
            return SyncthingStatus(SyncthingReason.NOT_INSTALLED)
        try:
            gui = read_gui(config.read_bytes())
        except OSError as error:
            raise _Failure(SyncthingReason.BAD_CONFIG, str(error)) from None
        return _ask(_Client(local_url(gui), gui.api_key, timeout), data_dir, config)
    except _Failure as failure:
        return SyncthingStatus(failure.reason, failure.detail, config=config)
    except Exception as error:  # an answer of an unexpected shape: a reason, never a traceback
        return SyncthingStatus(SyncthingReason.BAD_ANSWER, repr(error), config=config)


def _ask(client: _Client, data_dir: Path, config: Path) -> SyncthingStatus:
    status = client.get("/rest/system/status")
    my_id = str(status.get("myID", ""))
    version = str(client.get("/rest/system/version").get("version", ""))
    folders = {str(f["id"]): f for f in client.get("/rest/config/folders")}
    folder_id = folder_holding(_resolve(data_dir), {i: _resolve(f["path"]) for i, f in folders.items()})
    if folder_id is None:
        return SyncthingStatus(SyncthingReason.NO_FOLDER, config=config, version=version, my_id=my_id)
    folder = folders[folder_id]
    db = client.get("/rest/db/status", folder=folder_id)
    names = {str(d["deviceID"]): str(d.get("name", "")) for d in client.get("/rest/config/devices")}
    connections = client.get("/rest/system/connections").get("connections", {})
    seen = client.get("/rest/stats/device")
    devices = []
    for member in folder.get("devices", []):
        device_id = str(member.get("deviceID", ""))
        if not device_id or device_id == my_id:
            continue
        done = client.get("/rest/db/completion", folder=folder_id, device=device_id)
        link = connections.get(device_id, {})
        completion = done.get("completion")
        devices.append(
            RemoteDevice(
                device_id=device_id,
                name=names.get(device_id, ""),
                connected=bool(link.get("connected")),
                paused=bool(link.get("paused")),
                completion=float(completion) if isinstance(completion, (int, float)) else None,
                need_items=_int(done.get("needItems")),
                need_bytes=_int(done.get("needBytes")),
                last_seen=_when(seen.get(device_id, {}).get("lastSeen")),
            )
        )
    need = sum(_int(db.get(k)) for k in ("needFiles", "needDirectories", "needSymlinks", "needDeletes"))
    conflicts = tuple(
        p.relative_to(data_dir).as_posix() for p, copy in sync_copies_in(data_dir) if copy.kind is CopyKind.CONFLICT
    )
    max_conflicts = folder.get("maxConflicts")
    return SyncthingStatus(
        SyncthingReason.OK,
        config=config,
        version=version,
        my_id=my_id,
        folder_id=folder_id,
        folder_label=str(folder.get("label") or ""),
        folder_path=str(folder.get("path", "")),
        folder_type=str(folder.get("type", "")),
        max_conflicts=max_conflicts if isinstance(max_conflicts, int) else None,
        folder_paused=bool(folder.get("paused")),
        state=str(db.get("state", "")),
        need_items=need,
        devices=tuple(devices),
        conflicts=tuple(sorted(conflicts)),
    )
