"""The Syncthing status reader (lesson_tui/store/syncthing.py) against real Syncthing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lesson_tui.store.syncthing import SyncthingReason, syncthing_status
from processes import syncthing as st

pytestmark = pytest.mark.syncthing


def test_the_status_of_a_data_folder_in_a_synced_folder(syncthing_pair, synced_folder):
    a, b = syncthing_pair["A"], syncthing_pair["B"]
    data_dir = synced_folder.path(a) / "lesson-tui"
    st.write(data_dir / "index.json", "{}")
    st.edit_on_both_while_apart(syncthing_pair, synced_folder, "lesson-tui/lessen/les.toml")
    status = syncthing_status(data_dir, home=a.home)
    assert status.reason is SyncthingReason.OK, status.detail
    assert (status.folder_id, status.folder_type, status.max_conflicts, status.my_id) == (
        synced_folder.folder_id,
        "sendreceive",
        10,
        a.device_id,
    )
    assert status.version.startswith("v")
    (other,) = status.devices
    assert (other.device_id, other.name, other.connected, other.completion) == (b.device_id, "B", True, 100)
    assert other.last_seen is not None
    assert len(status.conflicts) == 1 and status.conflicts[0].startswith("lessen/les.sync-conflict-")
    assert status.up_to_date

    b.kill()
    assert syncthing_status(synced_folder.path(b), home=b.home).reason is SyncthingReason.NOT_RUNNING
    st.wait_for("A sees B gone", lambda: not syncthing_status(data_dir, home=a.home).devices[0].connected, 10)
    assert not syncthing_status(data_dir, home=a.home).devices[0].connected


def test_a_folder_with_max_conflicts_0_says_so(syncthing_pair):
    folder = syncthing_pair.add_folder(st.new_folder_id("nul"), max_conflicts=0, folder_type="receiveonly")
    try:
        status = syncthing_status(folder.path("B"), home=syncthing_pair["B"].home)
        assert (status.reason, status.max_conflicts, status.folder_type) == (SyncthingReason.OK, 0, "receiveonly")
        elsewhere = syncthing_status(folder.path("B").parent, home=syncthing_pair["B"].home)
        assert elsewhere.reason is SyncthingReason.NO_FOLDER
    finally:
        syncthing_pair.remove_folder(folder.folder_id)


def test_a_gui_with_tls_is_asked_over_https(tmp_path):
    if st.SYNCTHING is None:
        pytest.skip(st.SKIP_REASON)
    device = st.Device("T", tmp_path / "home", tls=True)
    device.generate()
    try:
        device.start()
        status = syncthing_status(tmp_path / "data", home=device.home)
        assert status.reason is SyncthingReason.NO_FOLDER, status.detail  # it answered: running, no folder
        assert status.my_id == device.device_id
    finally:
        device.kill()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """lesson-tui as a teacher runs it: its own process."""
    return subprocess.run(
        [sys.executable, "-m", "lesson_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=60,
    )


def test_the_sync_command_reports_the_peer_up_to_date_then_a_conflict_copy(syncthing_pair, synced_folder, tmp_path):
    """`lesson-tui sync` against real Syncthing: B up to date and no copy; then a lesson
    edited on both PCs while apart: its two versions, in one line."""
    a = syncthing_pair["A"]
    data_dir = synced_folder.path(a) / "lesson-tui"
    sync = ("sync", "--data-dir", str(data_dir), "--syncthing-home", str(a.home))
    (tmp_path / "klas.csv").write_text("naam\nAn Peeters\nBo Claes\n", encoding="utf-8")
    imported = _cli("class", "import", str(tmp_path / "klas.csv"), "--name", "4a", "--data-dir", str(data_dir))
    assert imported.returncode == 0, imported.stderr
    syncthing_pair.wait_in_sync(synced_folder.folder_id)

    first = _cli(*sync)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    version = a.api("/rest/system/version")["version"]
    assert f'Syncthing {version}: map "{synced_folder.folder_id}", verzenden en ontvangen' in lines
    assert "B: bijgewerkt, verbonden" in lines
    assert "Alles is bijgewerkt, op deze pc en op de andere" in lines
    assert "Geen kopieën van Syncthing, OneDrive of Google Drive gevonden" in lines
    assert not [line for line in lines if "maxConflicts" in line]
    assert any(line.startswith("  klassen: 1 bestand(en)") for line in lines)

    st.edit_on_both_while_apart(syncthing_pair, synced_folder, "lesson-tui/lessen/les.toml")
    second = _cli(*sync)
    assert second.returncode == 0, second.stderr
    [versions] = [line for line in second.stdout.splitlines() if "les.sync-conflict-" in line]  # said once
    assert versions.startswith('twee versies van "van B": les.toml en de kopie les.sync-conflict-')
    assert versions.endswith("die Syncthing maakte; ze verschillen in titel")
