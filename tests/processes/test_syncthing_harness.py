"""The Syncthing harness itself, against real Syncthing: what a sync engine does with a file
that one device writes, and with one that two devices write while apart. The second and third
tests are why every file lesson-tui puts in a synced folder must have exactly one writer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from processes import syncthing as st

pytestmark = pytest.mark.syncthing


def test_a_file_written_on_a_arrives_on_b(syncthing_pair, synced_folder):
    a, b = syncthing_pair["A"], syncthing_pair["B"]
    st.write(synced_folder.path(a) / "runs" / "2026" / "r1.json", '{"x": 1}')
    syncthing_pair.wait_in_sync(synced_folder.folder_id, scan=False)  # the watcher sees it by itself
    assert (synced_folder.path(b) / "runs" / "2026" / "r1.json").read_text(encoding="utf-8") == '{"x": 1}'
    assert syncthing_pair.conflict_copies(synced_folder.folder_id) == {"A": [], "B": []}


def test_one_file_edited_on_both_while_apart_becomes_a_conflict_copy(syncthing_pair, synced_folder):
    st.edit_on_both_while_apart(syncthing_pair, synced_folder)
    copies = syncthing_pair.conflict_copies(synced_folder.folder_id)
    assert len(copies["A"]) == 1 and copies["A"] == copies["B"], copies
    (name,) = copies["A"]
    assert name.startswith("les.sync-conflict-") and name.endswith(".toml")
    for device in syncthing_pair.devices:
        folder = synced_folder.path(device)
        assert (folder / "les.toml").read_text(encoding="utf-8") == "titel = 'van B'\n"  # the newer edit wins
        assert (folder / name).read_text(encoding="utf-8") == "titel = 'van A'\n"  # the other is kept beside it


def test_with_max_conflicts_0_one_edit_is_lost_without_a_trace(syncthing_pair):
    """maxConflicts 0 is what a hand-made folder entry loads as: the older edit is gone."""
    folder = syncthing_pair.add_folder(st.new_folder_id("nul"), max_conflicts=0)
    try:
        st.edit_on_both_while_apart(syncthing_pair, folder)
        assert syncthing_pair.conflict_copies(folder.folder_id) == {"A": [], "B": []}
        for device in syncthing_pair.devices:
            assert st.tree(folder.path(device)) == {"les.toml": b"titel = 'van B'\n"}  # 'van A': nowhere
    finally:
        syncthing_pair.remove_folder(folder.folder_id)


def test_syncthing_killed_mid_transfer_finishes_after_a_restart(syncthing_pair, synced_folder):
    a, b = syncthing_pair["A"], syncthing_pair["B"]
    b.limit_receive(a, 1000)  # slow enough to be caught in the middle
    data = os.urandom(3_000_000)
    try:
        (synced_folder.path(a) / "groot.bin").write_bytes(data)
        a.scan(synced_folder.folder_id)
        st.wait_for(
            "B is receiving groot.bin",
            lambda: (
                any(synced_folder.path(b).glob(".syncthing.groot.bin.tmp"))
                or any(synced_folder.path(b).glob("~syncthing~groot.bin.tmp"))
            ),
            timeout=10,
            interval=0.05,
        )
        b.kill()
        assert not (synced_folder.path(b) / "groot.bin").exists()  # it was really mid-transfer
    finally:
        if b.process is None:
            b.start()
        b.limit_receive(a, 0)
    syncthing_pair.wait_connected()
    syncthing_pair.wait_in_sync(synced_folder.folder_id)
    assert (synced_folder.path(b) / "groot.bin").read_bytes() == data


def test_three_devices_each_get_what_each_wrote(syncthing_trio):
    folder = syncthing_trio.add_folder(st.new_folder_id("drie"))
    for device in syncthing_trio.devices:
        st.write(folder.path(device) / f"{device.name}.json", device.name)
    syncthing_trio.wait_in_sync(folder.folder_id)
    for device in syncthing_trio.devices:
        assert st.tree(folder.path(device)) == {"A.json": b"A", "B.json": b"B", "C.json": b"C"}


def test_without_syncthing_the_tests_skip_and_say_why(tmp_path):
    """A machine without syncthing (a teacher's checkout, Windows) skips these tests, naming
    what to install, instead of failing them."""
    env = dict(os.environ, PATH=str(tmp_path))  # no syncthing on this PATH
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{__file__}::test_a_file_written_on_a_arrives_on_b",
            "-n",
            "0",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'inner'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )
    assert "1 skipped" in result.stdout, result.stdout + result.stderr
    assert st.SKIP_REASON in result.stdout
