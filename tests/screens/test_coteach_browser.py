"""End to end, in a real browser on a phone: the co-teacher opens the page, taps two pupils
out of the miniklas, and the teacher's run on disk and the teacher's screen show it.

Debian's chromium, driven by playwright from PyPI (`executable_path`: playwright's own
browser download is not reachable here); `.ci/run` installs chromium when it is missing.
The page is a canvas, so the test finds the buttons from the app's own layout at the size
the browser reported, and checks the result on disk and on the teacher's side. The
screenshot stays in `test-artifacts/`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import app_for, lesson_at_sporen, resume, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


async def test_the_co_teacher_taps_two_pupils_out_of_the_miniklas_on_a_phone(store, library, clock, plan, tmp_path):
    """A phone (390x844, touch): the page lays out one column with big buttons, two real
    taps take two pupils out of the miniklas on the teacher's screen, and after the teacher
    closes the lesson a tap changes nothing and the server stops."""
    import json

    from playwright.async_api import async_playwright

    from lesson_tui.lesson.writers import writer_files
    from lesson_tui.session.session import LessonActions
    from lesson_tui.store.follow import open_run_read_only
    from lesson_tui.tui.coteach_app import CoTeachApp
    from lesson_tui.tui.screens.flex import FlexScreen

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    teacher_app = app_for(store, library, clock)
    server = subprocess.Popen(
        [sys.executable, "-m", "lesson_tui", "--data-dir", str(store.root), "coteach", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    browser = None
    try:
        address = server.stdout.readline().strip()
        assert "?token=" in address
        origin = address.split("/?")[0]
        async with teacher_app.run_test(size=(100, 30)) as pilot, async_playwright() as playwright:
            await resume(pilot, run_id, "f")
            flex = teacher_app.screen
            assert isinstance(flex, FlexScreen)
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], timeout=60000)
            context = await browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=3)
            page = await context.new_page()
            page.set_default_timeout(30000)
            sizes: list[str] = []
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda ws: ws.on("framesent", lambda data: sizes.append(data) if "resize" in str(data) else None))
            await page.goto(address)
            assert page.url == origin + "/"  # the token is not left in the address bar (or the history)
            await page.wait_for_selector("body.-first-byte", timeout=60000)
            await page.wait_for_function("document.querySelector('.xterm-screen') !== null", timeout=30000)
            await page.wait_for_timeout(1500)
            assert await page.evaluate("window.innerWidth") == 390  # laid out at the phone's width, not 980 px
            cols, rows = (json.loads(sizes[-1])[1][key] for key in ("width", "height"))
            screen = await page.evaluate("(() => { const r = document.querySelector('.xterm-screen').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
            cell_w, cell_h = screen[2] / cols, screen[3] / rows
            assert cols < 70  # a phone: the one-column layout
            # where the buttons are: the same app, laid out at the size the browser has
            layout = CoTeachApp(LessonActions(open_run_read_only(store.root / next(r.path for r in store.runs() if r.run_id == run_id), clock)))
            async with layout.run_test(size=(cols, rows)) as layout_pilot:
                await layout_pilot.pause()
                regions = [layout.query_one(f"#co-p-{index}").region for index in (0, 1, 2)]  # 2 Amira, 4 Bilal, 9 Jules
                side, miniklas = layout.query_one("#co-side").region, layout.query_one("#co-miniklas").region
                check_button = layout.query_one("#co-check").region
            assert side.y >= miniklas.bottom and side.width >= cols - 4  # help queue and tasks below, full width
            for region in regions:
                assert region.height * cell_h >= 44 and region.width * cell_w >= 44  # a finger's size

            def centre(region):
                return screen[0] + (region.x + region.width / 2) * cell_w, screen[1] + (region.y + region.height / 2) * cell_h

            for region in regions[1:]:
                await page.touchscreen.tap(*centre(region))
                await page.wait_for_timeout(400)
            run = teacher_app.session.run
            four, nine = run.pupil_by_number(4).id, run.pupil_by_number(9).id
            assert await wait_for(pilot, lambda: {four, nine} <= set(run.state.jij.left_miniklas), timeout=20)
            await pilot.pause()
            miniklas_text = str(flex.query_one("#miniklas-pupils").render())
            assert all("✓" in line for line in miniklas_text.splitlines() if "Bilal" in line or "Jules" in line)
            assert all(url.startswith(origin) or url.startswith("ws://" + origin.split("//")[1]) for url in requested), requested
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "coteach-page.png"))
            # what the phone shows is where the taps go: the blue check button is drawn where
            # the layout has it (a screen drawn at the wrong pixel ratio showed a third of it)
            from PIL import Image

            shot = Image.open(ARTIFACTS / "coteach-page.png").convert("RGB")
            ratio = shot.width / 390
            for fraction in (0.1, 0.5, 0.9):
                x = screen[0] + (check_button.x + check_button.width * fraction) * cell_w
                red, green, blue = shot.getpixel((int(x * ratio), int(centre(check_button)[1] * ratio)))
                assert blue > red + 60, (fraction, (red, green, blue))
            # the teacher closes the lesson: the open tab can no longer write
            files = writer_files(run.path)
            written = {path: path.read_bytes() for path in files.values()}
            assert run.close()
            await page.touchscreen.tap(*centre(regions[0]))
            await page.wait_for_timeout(1500)
            assert {path: path.read_bytes() for path in writer_files(run.path).values()} == written
            assert server.wait(timeout=30) == 0  # and the server has stopped, its views with it
            await browser.close()
            browser = None
        on_disk = open_run_read_only(run.path, clock)
        assert {four, nine} <= set(on_disk.state.jij.left_miniklas)
        assert run.pupil_by_number(2).id not in on_disk.state.jij.left_miniklas
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
