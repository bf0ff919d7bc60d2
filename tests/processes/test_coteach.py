"""The co-teacher's page: a token on every request, the view on the co-teacher's device,
and what the co-teacher taps arriving in the teacher's lesson."""

from __future__ import annotations

import json
import sys

import pytest
from tui_helpers import lesson_at_sporen

from lesson_tui.base.i18n import t
from lesson_tui.coteach.server import view_command
from lesson_tui.store import layout


def test_the_view_command_runs_this_python_on_this_data_as_its_writer(tmp_path):
    command = view_command(tmp_path / "met spatie", "20261123-0900-abcd", "nl", 2)
    assert command[0] == sys.executable and str(tmp_path / "met spatie") in command  # no shell: no quoting
    assert command[-3:] == ["20261123-0900-abcd", "--writer", "2"]


def test_a_page_whose_server_is_gone_is_not_shown(store, live_page):
    import subprocess

    from lesson_tui.coteach import marker as coteach_marker

    address = live_page("run-1")
    assert coteach_marker.coteach_address(store.root, "run-1") == address
    assert coteach_marker.coteach_address(store.root, "run-2") is None
    marker = json.loads(layout.coteach_marker_path(store.root).read_text())
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    layout.coteach_marker_path(store.root).write_text(json.dumps({**marker, "pid": gone.pid}))  # killed with kill -9
    assert coteach_marker.coteach_address(store.root, "run-1") is None
    layout.coteach_marker_path(store.root).write_text(json.dumps({**marker, "port": 1}))  # its port is closed
    assert coteach_marker.coteach_address(store.root, "run-1") is None


def start_coteach(store, *args):
    import subprocess

    server = subprocess.Popen(
        [sys.executable, "-m", "lesson_tui", "--data-dir", str(store.root), "coteach", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    return server, server.stdout.readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="the server is stopped with SIGTERM here")
def test_one_server_per_data_folder_no_token_in_its_log_and_it_stops_at_the_close(store, plan):
    import subprocess
    import urllib.request

    from lesson_tui.coteach import marker as coteach_marker

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout"}, asks_miniklas=(), confirmed=True)
    server, address = start_coteach(store)
    try:
        assert address.startswith("http://127.0.0.1:") and ":0/" not in address  # --port 0: the real port
        assert coteach_marker.coteach_address(store.root, run_id) == address
        marker_before = layout.coteach_marker_path(store.root).read_bytes()
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "lesson_tui",
                "--data-dir",
                str(store.root),
                "coteach",
                "--port",
                address.split(":")[2].split("/")[0],
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        assert second.returncode == 1 and second.stdout == "" and len(second.stderr.strip().splitlines()) == 1
        assert "Traceback" not in second.stderr and layout.coteach_marker_path(store.root).read_bytes() == marker_before

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(address, timeout=10)
            raise AssertionError("expected the redirect")
        except urllib.error.HTTPError as answer:
            assert answer.code == 303 and answer.headers["Location"] == "/"
        teacher = store.open_run(run_id)
        teacher.close()  # the lesson ends: so does the page
        server.wait(timeout=30)
        err = server.stderr.read()
        token = address.split("token=")[1]
        assert token not in err and "GET" not in err  # no access log on a screen that may be projected
        assert t("coteach.ended") in err
        assert not layout.coteach_marker_path(store.root).exists()
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
