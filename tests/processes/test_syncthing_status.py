"""The Syncthing status reader (lesson_tui/store/syncthing.py) against real Syncthing."""

from __future__ import annotations

import pytest

from lesson_tui.store.syncthing import SyncthingReason, syncthing_status
from processes import syncthing as st


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
