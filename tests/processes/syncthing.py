"""Real Syncthing instances on 127.0.0.1 for tests: their own homes, generated configs, paired.

Each `Device` is one `syncthing serve` process with its own home (keys, config.xml, database),
a GUI/REST address and a sync listen address on free loopback ports, and a known API key.
Nothing leaves the machine: global and local discovery, relays, NAT, STUN, usage and crash
reporting and upgrades are off, and every device knows the others by device id, B dialing A
(C dialing A and B) at an explicit `tcp://127.0.0.1:<port>` address (one side of a pair
dials, see `Device.add_peers`). A `Cluster` pairs 2 or 3 devices; `add_folder` shares a
new folder among them (live, through REST), so one running cluster serves many tests, each
with its own folder.

Only flags and endpoints that Syncthing 1.19 (Debian) and 2.x both have are used:
`generate --home`, `serve --home --no-browser`, the environment switches STNORESTART /
STNOUPGRADE / STNODEFAULTFOLDER, and `/rest/system/*`, `/rest/db/*`, `/rest/config/*`.
Standard library only.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYNCTHING = shutil.which("syncthing")
SKIP_REASON = "syncthing is not installed (Debian: apt-get install syncthing; .ci/run does it)"

CONFLICT_MARK = ".sync-conflict-"
# what Syncthing keeps beside the data, never part of what is compared
_OWN = re.compile(r"^(\.stfolder|\.stversions|\.stignore|\.syncthing\..*\.tmp|~syncthing~.*\.tmp)$")
_UNVERIFIED = ssl.create_default_context()
_UNVERIFIED.check_hostname = False
_UNVERIFIED.verify_mode = ssl.CERT_NONE  # a GUI with tls: its own self-signed certificate
_OPENER = urllib.request.build_opener(  # never a proxy for loopback
    urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=_UNVERIFIED)
)
_RUNNING: set[Device] = set()
# A pair not connected by then is made to dial again: after a refused dial (the other was
# down or paused) Syncthing 1.19 waits 1, 2, 4, ... s before the next, up to a minute.
KICK_AFTER_S = 1.0


_folder_numbers = itertools.count(1)


def new_folder_id(prefix: str = "f") -> str:
    """A folder id no other test of this process uses."""
    return f"{prefix}{next(_folder_numbers)}"


def free_ports(count: int) -> list[int]:
    """`count` different free loopback ports (all bound at once, so none is given twice)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def free_port() -> int:
    return free_ports(1)[0]


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.1) -> Any:
    """Poll `check` until it returns something truthy; AssertionError naming `what` if not."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            result = check()
            if result:
                return result
        except (OSError, urllib.error.URLError, ValueError) as error:
            last_error = error
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout} s waiting until {what}" + (f" ({last_error})" if last_error else "")
            )
        time.sleep(interval)


def _set(parent: ET.Element, tag: str, value: str) -> None:
    node = parent.find(tag)
    if node is None:
        node = ET.SubElement(parent, tag)
    node.text = value


if os.name == "posix":
    _NEW_GROUP: dict[str, Any] = {"start_new_session": True}
else:
    _NEW_GROUP = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]


def _group_alive(pgid: int) -> bool:
    """Is a member of process group `pgid` still running (a zombie holds no lock)?"""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except OSError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[2] == str(pgid) and fields[0] != "Z":  # state, ppid, pgrp
            return True
    return False


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process's group and wait until no member is left (the database lock of a
    surviving child would stop the next start)."""
    if os.name == "posix":
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        process.wait(timeout=10)


class RestError(Exception):
    pass


@dataclass(eq=False)
class Device:
    name: str
    home: Path
    gui_port: int = field(default_factory=free_port)
    sync_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    tls: bool = False  # the GUI/REST over HTTPS (Syncthing's own certificate)
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def config_path(self) -> Path:
        return self.home / "config.xml"

    @property
    def log_path(self) -> Path:
        return self.home / "syncthing.log"

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.sync_port}"

    def generate(self) -> None:
        """Keys and a config.xml, then set for a test: loopback only, nothing announced."""
        assert SYNCTHING is not None
        self.home.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            [SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        tree = ET.parse(self.config_path)
        root = tree.getroot()
        own = root.find("device")
        if own is not None:
            self.device_id = own.get("id", "")
        if not self.device_id:
            found = re.search(r"Device ID:\s*([A-Z0-9-]{50,})", out.stdout + out.stderr)
            assert found, out.stdout + out.stderr
            self.device_id = found.group(1)
        if own is not None:
            own.set("name", self.name)
        gui = root.find("gui")
        assert gui is not None
        gui.set("enabled", "true")
        gui.set("tls", "true" if self.tls else "false")
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        _set(gui, "apikey", self.api_key)
        options = root.find("options")
        assert options is not None
        for tag, value in {
            "listenAddress": self.address,
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "stunKeepaliveStartS": "0",  # 0: no STUN
            "announceLANAddresses": "false",
            "urAccepted": "-1",  # usage reporting refused, never asked
            "urSeen": "999",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "startBrowser": "false",
            "reconnectionIntervalS": "1",
            "progressUpdateIntervalS": "1",
            "setLowPriority": "false",
            "limitBandwidthInLan": "true",  # loopback is "LAN": else `limit_receive` does nothing
        }.items():
            _set(options, tag, value)
        for gone in options.findall("unackedNotificationID"):
            options.remove(gone)
        defaults = root.find("defaults/folder")
        if defaults is not None:  # what every folder added through REST starts from
            defaults.set("fsWatcherEnabled", "true")
            defaults.set("fsWatcherDelayS", "1")
            defaults.set("rescanIntervalS", "10")
        tree.write(self.config_path, encoding="utf-8", xml_declaration=False)

    def add_peers(self, peers: Iterable[Device], dial: Iterable[Device] = ()) -> None:
        """Know each peer by id (before the first start); the ones in `dial` at their explicit
        loopback address, the others without one: they dial this device.

        One side of a pair dials, never both: two Syncthings that dial each other at the same
        moment from their listen ports can make one TCP connection by simultaneous open on
        loopback, both ends TLS clients, and it hangs till a 20 s timeout (seen at start and
        after a resume, about one time in ten)."""
        dialed = {peer.device_id for peer in dial}
        tree = ET.parse(self.config_path)
        root = tree.getroot()
        anchor = list(root).index(root.find("gui"))  # type: ignore[arg-type]
        for peer in peers:
            node = ET.Element("device", {"id": peer.device_id, "name": peer.name, "compression": "metadata"})
            ET.SubElement(node, "address").text = peer.address if peer.device_id in dialed else "dynamic"
            ET.SubElement(node, "paused").text = "false"
            ET.SubElement(node, "autoAcceptFolders").text = "false"
            root.insert(anchor, node)
            anchor += 1
        tree.write(self.config_path, encoding="utf-8", xml_declaration=False)

    # --- the process --------------------------------------------------------------

    def start(self, timeout: float = 20.0) -> None:
        self.spawn()
        self.wait_up(timeout)

    def spawn(self) -> None:
        """Start the process; `wait_up` waits until it answers."""
        assert SYNCTHING is not None and self.process is None
        # no restart on exit, no upgrade, no default folder (1.19 and 2.x read these); STMONITORED
        # tells 1.19 it is already the monitor's child, so our process is syncthing itself and
        # a kill -9 is one (without it the monitor's child would outlive it as an orphan)
        # STHASHING: 1.19 picks its SHA-256 code without timing both first (0.9 s of each start)
        env = dict(
            os.environ, STNORESTART="1", STNOUPGRADE="1", STNODEFAULTFOLDER="1", STMONITORED="1", STHASHING="minio"
        )
        log = open(self.log_path, "ab")  # noqa: SIM115 (the process keeps it)
        try:
            # its own process group: should a version still start a monitor, `kill` takes
            # the whole group
            self.process = subprocess.Popen(
                [SYNCTHING, "serve", f"--home={self.home}", "--no-browser"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                **_NEW_GROUP,
            )
        finally:
            log.close()
        _RUNNING.add(self)

    def wait_up(self, timeout: float = 20.0) -> None:
        try:
            wait_for(f"{self.name} answers on REST", self._up, timeout)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- {self.log_path} ---\n{self.log_tail()}") from None

    def _up(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
        return bool(self.api("/rest/system/status", timeout=1.0).get("myID") == self.device_id)

    def kill(self) -> None:
        """kill -9 of the whole process group (TerminateProcess of the tree on Windows): no
        chance to finish anything."""
        if self.process is None:
            return
        _kill_tree(self.process)
        self.process = None
        _RUNNING.discard(self)

    def stop(self) -> None:
        """A clean shutdown through REST, kill if it does not go."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.api("/rest/system/shutdown", method="POST", timeout=2.0)
                self.process.wait(timeout=5)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired, RestError):
                pass
        self.kill()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # --- REST -----------------------------------------------------------------------

    def api(
        self,
        path: str,
        *,
        method: str = "GET",
        params: dict[str, str] | None = None,
        body: Any = None,
        timeout: float = 10.0,
    ) -> Any:
        url = f"{'https' if self.tls else 'http'}://127.0.0.1:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            url, data=data, method=method, headers={"X-API-Key": self.api_key, "Content-Type": "application/json"}
        )
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise RestError(f"{self.name} {method} {path}: {error.code} {error.read()[:300]!r}") from None
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def connected_to(self, other: Device) -> bool:
        connections = self.api("/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def scan(self, folder_id: str) -> None:
        """Rescan now (returns when the scan is done), so a change is seen without waiting
        for the watcher."""
        wait_for(
            f"{self.name} scanned {folder_id}",
            lambda: self.api("/rest/db/scan", method="POST", params={"folder": folder_id}, timeout=30.0) or True,
            10.0,
        )

    def pause(self, peer: Device | None = None) -> None:
        """Stop syncing with `peer`, or with every other device."""
        self.api("/rest/system/pause", method="POST", params={"device": peer.device_id} if peer else None)

    def resume(self, peer: Device | None = None) -> None:
        self.api("/rest/system/resume", method="POST", params={"device": peer.device_id} if peer else None)

    def limit_receive(self, sender: Device, kbps: int) -> None:
        """Receive from `sender` at most `kbps` KiB/s (0: no limit), so a transfer can be
        caught in the middle."""
        self.api(f"/rest/config/devices/{sender.device_id}", method="PATCH", body={"maxRecvKbps": kbps})


def _safe_api(check: Callable[[], bool]) -> Callable[[], bool]:
    def guarded() -> bool:
        try:
            return check()
        except RestError:
            return False

    return guarded


@dataclass
class Folder:
    folder_id: str
    paths: dict[str, Path]  # device name -> its copy of the folder

    def path(self, device: Device | str) -> Path:
        return self.paths[device if isinstance(device, str) else device.name]


def tree(path: Path) -> dict[str, bytes]:
    """Relative path -> content of every file Syncthing would sync (its own files left out)."""
    found: dict[str, bytes] = {}
    for entry in sorted(path.rglob("*")):
        relative = entry.relative_to(path)
        if any(_OWN.match(part) for part in relative.parts) or not entry.is_file():
            continue
        try:
            found[relative.as_posix()] = entry.read_bytes()
        except OSError:
            continue  # replaced while we looked: the next poll sees it
    return found


def conflict_copies(path: Path) -> list[str]:
    """The `.sync-conflict-` copies in a folder, relative paths, sorted."""
    return sorted(p.relative_to(path).as_posix() for p in path.rglob(f"*{CONFLICT_MARK}*") if p.is_file())


class Cluster:
    """2 or 3 paired Syncthing devices named A, B, C."""

    def __init__(self, root: Path, count: int = 2) -> None:
        self.root = root
        ports = free_ports(2 * count)  # a GUI and a sync port each, never one port for two
        self.devices = [
            Device(name, root / name / "home", gui_port=ports[2 * i], sync_port=ports[2 * i + 1])
            for i, name in enumerate("ABC"[:count])
        ]
        self.folders: dict[str, Folder] = {}

    def __getitem__(self, name: str) -> Device:
        return next(d for d in self.devices if d.name == name)

    def start(self, timeout: float = 20.0) -> None:
        for device in self.devices:
            device.generate()
        for device in self.devices:
            device.add_peers(self.others(device), dial=self.devices[: self.devices.index(device)])  # B dials A
        for device in self.devices:  # in order: each dials the ones before it, already listening
            device.start(timeout)
        self.wait_connected(timeout)

    def close(self) -> None:
        for device in self.devices:
            device.kill()

    def others(self, device: Device) -> list[Device]:
        return [d for d in self.devices if d is not device]

    def wait_connected(self, timeout: float = 20.0, devices: list[Device] | None = None) -> None:
        group = devices or [d for d in self.devices if d.process is not None]
        kicked = [time.monotonic()]

        def connected() -> bool:
            missing = {self.dialer(a, b) for a in group for b in group if a is not b and not a.connected_to(b)}
            if missing and time.monotonic() - kicked[0] > KICK_AFTER_S:
                # the dialing side waits longer after each refused dial (the other was down
                # or paused): a pause and resume of the pair makes it dial now
                for dialer, listener in missing:
                    if not dialer.connected_to(listener):
                        dialer.pause(listener)
                        dialer.resume(listener)
                kicked[0] = time.monotonic()
            return not missing

        try:
            wait_for("every device is connected to every other", _safe_api(connected), timeout)
        except AssertionError as error:
            logs = "".join(f"\n--- {d.name}: {d.log_path} ---\n{d.log_tail()}" for d in group)
            raise AssertionError(f"{error}{logs}") from None

    def wait_disconnected(self, device: Device, timeout: float = 10.0) -> None:
        wait_for(
            f"no device is connected to {device.name}",
            _safe_api(lambda: not any(d.connected_to(device) for d in self.others(device) if d.process is not None)),
            timeout,
        )

    def dialer(self, a: Device, b: Device) -> tuple[Device, Device]:
        """(the one that dials, the one that listens) of a pair: the later one dials."""
        return (a, b) if self.devices.index(a) > self.devices.index(b) else (b, a)

    def pause(self, device: Device) -> None:
        """`device` apart from the others (a PC taken home): it pauses them all and they
        pause it, so nobody dials in vain meanwhile (and backs off for it)."""
        device.pause()
        for other in self.others(device):
            if other.process is not None:
                other.pause(device)
        self.wait_disconnected(device)

    def resume(self, device: Device, timeout: float = 20.0) -> None:
        """The listening side of each pair first, then the dialing side, whose resume makes
        it dial at once (a dial to a side still paused is refused, and the next one waits)."""
        pairs = [self.dialer(device, other) for other in self.others(device) if other.process is not None]
        for dialer, listener in pairs:
            listener.resume(dialer)
        for dialer, listener in pairs:
            dialer.resume(listener)
        self.wait_connected(timeout)

    def resume_all(self, timeout: float = 20.0) -> None:
        """Every device running, none paused, all connected (a test may have left one killed)."""
        for device in self.devices:
            if device.process is None:
                device.start(timeout)
        for device in self.devices:
            self.resume(device, timeout)

    def add_folder(
        self, folder_id: str, *, max_conflicts: int = 10, folder_type: str = "sendreceive", timeout: float = 20.0
    ) -> Folder:
        """A new folder shared by every device, each with its own empty copy; returns when
        every device runs it ("idle")."""
        paths = {d.name: self.root / d.name / folder_id for d in self.devices}
        members = [{"deviceID": d.device_id} for d in self.devices]
        for device in self.devices:
            paths[device.name].mkdir(parents=True, exist_ok=True)
            config = device.api("/rest/config/defaults/folder")
            config.update(
                id=folder_id,
                label=folder_id,
                path=str(paths[device.name]),
                type=folder_type,
                devices=members,
                maxConflicts=max_conflicts,
                fsWatcherEnabled=True,
                fsWatcherDelayS=1,
                rescanIntervalS=10,
            )
            device.api(f"/rest/config/folders/{folder_id}", method="PUT", body=config)
        folder = Folder(folder_id, paths)
        self.folders[folder_id] = folder
        wait_for(
            f"{folder_id} runs on every device",
            _safe_api(lambda: all(self.state(d, folder_id) == "idle" for d in self.devices)),
            timeout,
        )
        return folder

    def remove_folder(self, folder_id: str) -> None:
        for device in self.devices:
            if device.process is not None:
                try:
                    device.api(f"/rest/config/folders/{folder_id}", method="DELETE")
                except (RestError, OSError, urllib.error.URLError):
                    pass
        self.folders.pop(folder_id, None)

    @staticmethod
    def state(device: Device, folder_id: str) -> str:
        return str(device.api("/rest/db/status", params={"folder": folder_id})["state"])

    def in_sync(self, folder_id: str) -> bool:
        """Every device idle with nothing to pull, every device 100 % complete as every other
        sees it, and the same files with the same bytes everywhere."""
        for device in self.devices:
            status = device.api("/rest/db/status", params={"folder": folder_id})
            need = sum(status.get(k, 0) for k in ("needFiles", "needDirectories", "needSymlinks", "needDeletes"))
            if status["state"] != "idle" or need or status.get("pullErrors", 0):
                return False
            for other in self.others(device):
                done = device.api("/rest/db/completion", params={"folder": folder_id, "device": other.device_id})
                if done.get("completion") != 100 or done.get("remoteState", "valid") != "valid":
                    return False
        trees = [tree(self.folders[folder_id].path(d)) for d in self.devices]
        return all(t == trees[0] for t in trees[1:])

    def wait_in_sync(self, folder_id: str, timeout: float = 20.0, scan: bool = True) -> float:
        """Wait until `in_sync` holds twice in a row; the seconds it took."""
        begin = time.monotonic()
        if scan:
            for device in self.devices:
                device.scan(folder_id)
        steady = [0]

        def twice() -> bool:
            steady[0] = steady[0] + 1 if self.in_sync(folder_id) else 0
            return steady[0] >= 2

        try:
            wait_for(f"{folder_id} is in sync on every device", _safe_api(twice), timeout, interval=0.2)
        except AssertionError as error:
            detail = {d.name: sorted(tree(self.folders[folder_id].path(d))) for d in self.devices}
            raise AssertionError(f"{error}; files: {detail}") from None
        return time.monotonic() - begin

    def conflict_copies(self, folder_id: str) -> dict[str, list[str]]:
        """Device name -> the conflict copies in its copy of the folder."""
        return {d.name: conflict_copies(self.folders[folder_id].path(d)) for d in self.devices}


def write(path: Path, text: str, mtime: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def edit_on_both_while_apart(cluster: Cluster, folder: Folder, relative: str = "les.toml") -> None:
    """`relative` written on A and synced to B; then, A paused, edited on A ("van A", a minute
    older) and on B ("van B"), both scanned, A resumed, and in sync again."""
    a, b = cluster["A"], cluster["B"]
    write(folder.path(a) / relative, "titel = 'begin'\n")
    cluster.wait_in_sync(folder.folder_id)
    cluster.pause(a)
    now = time.time()
    write(folder.path(a) / relative, "titel = 'van A'\n", mtime=now - 60)
    write(folder.path(b) / relative, "titel = 'van B'\n", mtime=now)
    a.scan(folder.folder_id)
    b.scan(folder.folder_id)
    cluster.resume(a)
    cluster.wait_in_sync(folder.folder_id)


@atexit.register
def _kill_leftovers() -> None:
    """Should a fixture's teardown not run (an interrupted session), no syncthing outlives us."""
    for device in list(_RUNNING):
        device.kill()
