"""Fixtures for the process tests: real Syncthing devices on 127.0.0.1 (tests/processes/syncthing.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from processes import syncthing as st


def _cluster(tmp_path_factory: pytest.TempPathFactory, count: int) -> Iterator[st.Cluster]:
    if st.SYNCTHING is None:
        pytest.skip(st.SKIP_REASON)
    cluster = st.Cluster(tmp_path_factory.mktemp(f"syncthing{count}"), count)
    try:
        cluster.start()
        yield cluster
    finally:  # also when start or a test failed: no syncthing outlives the module
        cluster.close()


@pytest.fixture(scope="module")
def syncthing_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[st.Cluster]:
    """Devices A and B, paired and connected; shared by the tests of one module (each test
    shares its own folder through `synced_folder`)."""
    yield from _cluster(tmp_path_factory, 2)


@pytest.fixture(scope="module")
def syncthing_trio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[st.Cluster]:
    """Devices A, B and C, each paired with the other two."""
    yield from _cluster(tmp_path_factory, 3)


@pytest.fixture
def synced_folder(syncthing_pair: st.Cluster) -> Iterator[st.Folder]:
    """A new folder shared by A and B (maxConflicts 10), every device connected; removed
    from the devices afterwards, whatever the test left paused or killed."""
    syncthing_pair.resume_all()
    folder = syncthing_pair.add_folder(st.new_folder_id())
    yield folder
    syncthing_pair.resume_all()
    syncthing_pair.remove_folder(folder.folder_id)
