"""End to end, in a real browser: the co-teacher opens the page, taps two pupils out of the
miniklas, and the teacher's run on disk and the teacher's screen show it.

Debian's chromium, driven by playwright from PyPI (`executable_path`: playwright's own
browser download is not reachable here); `.ci/run` installs chromium when it is missing.
The page is a canvas, so the test finds the buttons from the app's own layout at the size
the browser reported, and checks the result on disk and on the teacher's side. The
screenshot stays in `test-artifacts/`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tui_helpers import app_for, lesson_at_sporen, resume, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_co_teacher_taps_two_pupils_out_of_the_miniklas_in_a_browser(store, library, clock, plan, tmp_path):
    from playwright.async_api import async_playwright

    from lesson_tui.follow import open_run_read_only
    from lesson_tui.tui.coteach_app import CoTeachApp
    from lesson_tui.tui.screens.flex import FlexScreen

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    teacher_app = app_for(store, library, clock)
    server = subprocess.Popen(
        [sys.executable, "-m", "lesson_tui", "--data-dir", str(store.root), "coteach", "--port", str(free_port())],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        address = server.stdout.readline().strip()
        assert "?token=" in address
        async with teacher_app.run_test(size=(100, 30)) as pilot, async_playwright() as playwright:
            await resume(pilot, run_id, "f")
            flex = teacher_app.screen
            assert isinstance(flex, FlexScreen)
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 1000, "height": 700})
            sizes: list[str] = []
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda ws: ws.on("framesent", lambda data: sizes.append(data) if "resize" in str(data) else None))
            await page.goto(address)
            await page.wait_for_selector("body.-first-byte", timeout=30000)
            await page.wait_for_timeout(1500)
            import json

            cols, rows = (json.loads(sizes[-1])[1][key] for key in ("width", "height"))
            screen = await page.evaluate("(() => { const r = document.querySelector('.xterm-screen').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
            cell_w, cell_h = screen[2] / cols, screen[3] / rows
            # where the buttons are: the same app, laid out at the size the browser has
            layout = CoTeachApp(open_run_read_only(store.root / next(r.path for r in store.runs() if r.run_id == run_id), clock))
            async with layout.run_test(size=(cols, rows)) as layout_pilot:
                await layout_pilot.pause()
                regions = [layout.query_one(f"#co-p-{index}").region for index in (1, 2)]  # 4 Bilal, 9 Jules
            for region in regions:
                await page.mouse.click(screen[0] + (region.x + region.width / 2) * cell_w, screen[1] + (region.y + region.height / 2) * cell_h)
                await page.wait_for_timeout(300)
            run = teacher_app.lesson_run
            four, nine = run.pupil_by_number(4).id, run.pupil_by_number(9).id
            assert await wait_for(pilot, lambda: {four, nine} <= set(run.state.jij.left_miniklas), timeout=15)
            await pilot.pause()
            miniklas = str(flex.query_one("#miniklas-pupils").render())
            assert all("✓" in line for line in miniklas.splitlines() if "Bilal" in line or "Jules" in line)
            origin = address.split("/?")[0]
            assert all(url.startswith(origin) or url.startswith("ws://" + origin.split("//")[1]) for url in requested), requested
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "coteach-page.png"))
            await browser.close()
        on_disk = open_run_read_only(run.path, clock)
        assert {four, nine} <= set(on_disk.state.jij.left_miniklas)
    finally:
        server.terminate()
        server.wait(timeout=10)
