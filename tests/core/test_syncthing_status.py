"""The Syncthing status reader against a fake Syncthing on 127.0.0.1 (http.server in a
thread): what it answers, and every way it can fail, as a reason, never an exception."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lesson_tui.store.syncthing import (
    SyncthingReason,
    default_homes,
    find_config,
    folder_holding,
    syncthing_status,
)

KEY = "sleutel-van-de-test"
ME = "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"
LAPTOP = "BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB-BBBBBBB"
KLAS_PC = "CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC-CCCCCCC"


class FakeSyncthing:
    def __init__(self, folder_path: Path) -> None:
        self.delay = 0.0
        self.requests: list[str] = []
        self.folders = [
            {
                "id": "docs",
                "label": "Documenten",
                "path": str(folder_path.parent),
                "type": "sendreceive",
                "maxConflicts": 10,
                "paused": False,
                "devices": [{"deviceID": ME}],
            },
            {
                "id": "lessen",
                "label": "Lessen",
                "path": str(folder_path),
                "type": "receiveonly",
                "maxConflicts": 0,
                "paused": False,
                "devices": [{"deviceID": ME}, {"deviceID": LAPTOP}, {"deviceID": KLAS_PC}],
            },
        ]
        self.routes = {
            "/rest/system/status": lambda q: {"myID": ME},
            "/rest/system/version": lambda q: {"version": "v1.19.2"},
            "/rest/config/folders": lambda q: self.folders,
            "/rest/config/devices": lambda q: [
                {"deviceID": ME, "name": "thuis"},
                {"deviceID": LAPTOP, "name": "laptop"},
                {"deviceID": KLAS_PC, "name": "klas"},
            ],
            "/rest/db/status": lambda q: {"state": "idle", "needFiles": 2, "needDeletes": 1, "inSyncFiles": 40},
            "/rest/system/connections": lambda q: {
                "connections": {
                    LAPTOP: {"connected": True, "paused": False},
                    KLAS_PC: {"connected": False, "paused": True},
                }
            },
            "/rest/stats/device": lambda q: {
                LAPTOP: {"lastSeen": "2026-12-02T07:15:03.123456789+01:00"},
                KLAS_PC: {"lastSeen": "1970-01-01T01:00:00+01:00"},
            },
            "/rest/db/completion": lambda q: {
                "completion": 100 if q["device"] == LAPTOP else 62.5,
                "needItems": 0 if q["device"] == LAPTOP else 3,
                "needBytes": 1234,
                "remoteState": "valid",
            },
        }
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                fake.requests.append(url.path)
                time.sleep(fake.delay)
                if self.headers.get("X-API-Key") != KEY:
                    self.send_error(403, "CSRF Error")
                    return
                route = fake.routes.get(url.path)
                if route is None:
                    self.send_error(404)
                    return
                body = json.dumps(route(dict(urllib.parse.parse_qsl(url.query)))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_config(home: Path, address: str, key: str = KEY, tls: str = "false") -> Path:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.xml").write_text(
        f'<configuration version="36"><device id="{ME}" name="thuis"></device>'
        f'<gui enabled="true" tls="{tls}"><address>{address}</address><apikey>{key}</apikey></gui>'
        "<options></options></configuration>",
        encoding="utf-8",
    )
    return home


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "Documenten" / "Lessen"
    (folder / "lesson-tui").mkdir(parents=True)
    return folder / "lesson-tui"


@pytest.fixture
def fake(data_dir) -> Iterator[FakeSyncthing]:
    server = FakeSyncthing(data_dir.parent)
    yield server
    server.close()


def test_the_folder_holding_the_data_folder_with_every_device(fake, data_dir, tmp_path):
    (data_dir / "runs").mkdir()
    (data_dir / "runs" / "r.json").write_text("{}")
    (data_dir / "runs" / "r.sync-conflict-20261202-071500-BBBBBBB.json").write_text("{}")
    (data_dir / ".syncthing.index.json.tmp").write_text("")  # arriving, not a conflict
    home = write_config(tmp_path / "st", f"127.0.0.1:{fake.port}")
    status = syncthing_status(data_dir, home=home)
    assert status.reason is SyncthingReason.OK, status.detail
    assert (status.folder_id, status.folder_label, status.folder_type, status.max_conflicts) == (
        "lessen",
        "Lessen",
        "receiveonly",
        0,
    )
    assert (status.version, status.my_id, status.state, status.need_items) == ("v1.19.2", ME, "idle", 3)
    laptop, klas = status.devices
    assert (laptop.name, laptop.connected, laptop.completion, laptop.need_items) == ("laptop", True, 100.0, 0)
    assert laptop.last_seen is not None and laptop.last_seen.astimezone(UTC).hour == 6
    assert (klas.name, klas.connected, klas.paused, klas.completion, klas.need_items, klas.last_seen) == (
        "klas",
        False,
        True,
        62.5,
        3,
        None,
    )
    assert status.conflicts == ("runs/r.sync-conflict-20261202-071500-BBBBBBB.json",)
    assert status.running and not status.up_to_date
    assert status.config == home / "config.xml"


def test_up_to_date_when_every_device_has_everything(fake, data_dir, tmp_path):
    fake.routes["/rest/db/status"] = lambda q: {"state": "idle", "needFiles": 0}
    fake.routes["/rest/db/completion"] = lambda q: {"completion": 100, "needItems": 0}
    status = syncthing_status(data_dir, home=write_config(tmp_path / "st", f"127.0.0.1:{fake.port}"))
    assert status.reason is SyncthingReason.OK and status.up_to_date


def test_a_gui_on_every_interface_is_asked_on_loopback(fake, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")  # never used for loopback
    monkeypatch.setenv("http_proxy", "http://proxy.invalid:3128")
    for address in (
        f"0.0.0.0:{fake.port}",
        f"localhost:{fake.port}",
        f"http://127.0.0.1:{fake.port}/",
        f":{fake.port}",
    ):
        status = syncthing_status(data_dir, home=write_config(tmp_path / "st", address))
        assert status.reason is SyncthingReason.OK, (address, status.detail)


@pytest.mark.parametrize(
    "address", ["192.168.1.20:8384", "example.org:8384", "/run/syncthing.sock", "10.0.0.1:{port}", "[2001:db8::1]:8384"]
)
def test_a_gui_on_another_host_is_refused_and_never_asked(fake, data_dir, tmp_path, address):
    status = syncthing_status(data_dir, home=write_config(tmp_path / "st", address.format(port=fake.port)))
    assert status.reason is SyncthingReason.NOT_LOCAL
    assert fake.requests == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_failure_is_a_reason(fake, data_dir, tmp_path):
    def status_of(address: str, **kwargs) -> SyncthingReason:
        return syncthing_status(data_dir, home=write_config(tmp_path / "st", address, **kwargs), timeout=0.3).reason

    assert syncthing_status(data_dir, home=tmp_path / "nergens").reason is SyncthingReason.NOT_INSTALLED
    assert status_of(f"127.0.0.1:{_free_port()}") is SyncthingReason.NOT_RUNNING
    assert status_of(f"127.0.0.1:{fake.port}", key="fout") is SyncthingReason.BAD_KEY
    (tmp_path / "kapot").mkdir()
    (tmp_path / "kapot" / "config.xml").write_text("<configuration><gui>", encoding="utf-8")
    assert syncthing_status(data_dir, home=tmp_path / "kapot").reason is SyncthingReason.BAD_CONFIG
    assert syncthing_status(
        tmp_path / "elders", home=write_config(tmp_path / "st", f"127.0.0.1:{fake.port}")
    ).reason is (SyncthingReason.NO_FOLDER)
    fake.routes["/rest/config/folders"] = lambda q: {"unexpected": "shape"}
    assert status_of(f"127.0.0.1:{fake.port}") is SyncthingReason.BAD_ANSWER
    fake.delay = 1.0
    begin = time.monotonic()
    assert status_of(f"127.0.0.1:{fake.port}") is SyncthingReason.TIMEOUT
    assert time.monotonic() - begin < 0.9  # one request's timeout, not one per request


def test_default_homes_per_platform(tmp_path):
    user = Path("/home/juf")
    assert default_homes({}, "linux", user) == [user / ".local/state/syncthing", user / ".config/syncthing"]
    assert default_homes({"XDG_STATE_HOME": "/s", "XDG_CONFIG_HOME": "/c"}, "linux", user) == [
        Path("/s/syncthing"),
        Path("/c/syncthing"),
    ]
    assert (
        default_homes({"LOCALAPPDATA": r"C:\Users\juf\AppData\Local"}, "win32", user)[-1]
        == Path(r"C:\Users\juf\AppData\Local") / "Syncthing"
    )
    assert default_homes({}, "darwin", user) == [user / "Library/Application Support/Syncthing"]
    assert default_homes({"STHOMEDIR": "/eigen"}, "linux", user)[0] == Path("/eigen")
    old = write_config(tmp_path / ".config" / "syncthing", "127.0.0.1:8384")
    homes = default_homes({}, "linux", tmp_path)
    assert find_config(homes=homes) == old / "config.xml"  # 1.19's place, when the newer one is absent
    new = write_config(tmp_path / ".local" / "state" / "syncthing", "127.0.0.1:8384")
    assert find_config(homes=homes) == new / "config.xml"
    assert find_config(tmp_path / "nergens") is None


def test_which_folder_holds_a_path():
    folders = {"docs": "/home/juf/Documenten", "lessen": "/home/juf/Documenten/Lessen", "les": "/home/juf/les"}
    assert folder_holding("/home/juf/Documenten/Lessen/lesson-tui", folders, windows=False) == "lessen"  # the deepest
    assert folder_holding("/home/juf/Documenten/Lessen", folders, windows=False) == "lessen"
    assert folder_holding("/home/juf/Documenten/x", folders, windows=False) == "docs"
    assert folder_holding("/home/juf/lessen", folders, windows=False) is None  # not inside "/home/juf/les"
    assert folder_holding("/home/juf/documenten/lessen", folders, windows=False) is None  # Linux: case counts
    windows = {"w": "C:\\Users\\Juf\\Documents\\Lessen", "unc": "\\\\?\\UNC\\server\\share\\klas"}
    assert folder_holding("c:\\users\\juf\\documents\\lessen\\lesson-tui", windows, windows=True) == "w"
    assert folder_holding("\\\\?\\C:\\Users\\Juf\\Documents\\Lessen", windows, windows=True) == "w"
    assert folder_holding("\\\\server\\share\\klas\\data", windows, windows=True) == "unc"
    assert folder_holding("D:\\Users\\Juf\\Documents\\Lessen", windows, windows=True) is None


@pytest.mark.skipif(sys.platform == "win32", reason="a symlink needs rights there; HOME is not the home")
def test_a_folder_given_with_a_tilde_or_a_link_is_found(fake, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    fake.folders[1]["path"] = "~/Documenten/Lessen"
    link = tmp_path / "snelkoppeling"
    link.symlink_to(data_dir, target_is_directory=True)
    status = syncthing_status(link, home=write_config(tmp_path / "st", f"127.0.0.1:{fake.port}"))
    assert status.reason is SyncthingReason.OK and status.folder_id == "lessen"
