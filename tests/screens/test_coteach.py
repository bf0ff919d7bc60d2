"""The co-teacher's page: a token on every request, the view on the co-teacher's device,
and what the co-teacher taps arriving in the teacher's lesson."""
from __future__ import annotations

import asyncio
import json
import sys

import pytest
from aiohttp.test_utils import TestClient, TestServer
from tui_helpers import lesson_at_sporen, wait_for

from lesson_tui.base.i18n import t
from lesson_tui.coteach import server as coteach_server
from lesson_tui.coteach.server import MAX_DEVICES, CoteachServer, ViewService
from lesson_tui.lesson.writers import PAGE_SLOT, join_writer
from lesson_tui.session.session import LessonActions
from lesson_tui.tui.coteach_app import CoTeachApp

HERE = {"Host": "127.0.0.1:8765"}
PAGE = {**HERE, "Origin": "http://127.0.0.1:8765"}


def server_for(lesson_open=lambda: True) -> CoteachServer:
    return CoteachServer(lambda writer: ["true", str(writer)], token="geheim-token", host="127.0.0.1", port=8765, title="t", lesson_open=lesson_open, device="abcdefgh")


def no_processes(monkeypatch) -> list:
    from textual_serve import app_service

    started = []

    async def start(self, width, height):
        started.append((self.argv, width, height))

    async def stop(self):
        pass

    monkeypatch.setattr(app_service.AppService, "start", start)
    monkeypatch.setattr(ViewService, "stop", stop)
    return started


async def open_page(client, cookies: dict | None = None):
    """The teacher's address, as a browser opens it (a new device unless `cookies`): a
    redirect that sets the cookies."""
    headers = dict(HERE)
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    response = await client.get("/?token=geheim-token", headers=headers, allow_redirects=False)
    return response, {name: morsel.value for name, morsel in response.cookies.items()}


async def client_for(server: CoteachServer) -> TestClient:
    from aiohttp import DummyCookieJar

    return TestClient(TestServer(await server._make_app()), cookie_jar=DummyCookieJar())  # only the cookies a test gives


def cookie_header(cookies: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


async def test_no_token_no_page_no_websocket_no_process(monkeypatch):
    started = no_processes(monkeypatch)
    open_ = {"now": True}
    server = server_for(lambda: open_["now"])
    async with await client_for(server) as client:
        for path in ("/", "/ws", "/download/x", "/static/js/textual.js", "/?token=fout", "/?token=%C3%A9"):
            response = await client.get(path, headers=PAGE)
            assert response.status == 403, path
            assert t("coteach.forbidden") in await response.text()  # in the teacher's language
        odd = {server.token_cookie: "\u00e9\u00e9n", server.device_cookie: "\u00e9"}
        assert (await client.get("/", headers={**PAGE, **cookie_header(odd)})).status == 403
        assert started == []
        response, cookies = await open_page(client)
        assert response.status == 303 and response.headers["Location"] == "/"  # the token leaves the address bar
        assert response.cookies[server.token_cookie]["httponly"] and server.device_cookie in cookies
        page = await client.get("/", headers={**HERE, **cookie_header(cookies)})
        text = await page.text()
        assert page.status == 200 and "ws://127.0.0.1:8765/ws" in text
        assert "googleapis" not in text  # nothing loaded from outside the school
        assert 'name="viewport" content="width=device-width' in text  # a phone lays it out at its own width
        # the page's own requests carry the cookie, as the browser's do
        assert (await client.get("/static/js/textual.js", headers={**HERE, **cookie_header(cookies)})).status == 200
        open_["now"] = False  # the lesson is closed: the token is dead
        assert (await open_page(client))[0].status == 403
        assert (await client.get("/", headers={**HERE, **cookie_header(cookies)})).status == 403
        assert started == []


async def test_only_the_printed_address_and_its_own_page_get_in(monkeypatch):
    """A page from another port (or site) has the teacher's cookie in the same browser, but
    its Origin is not the printed address; nor is a Host the server was not started on."""
    started = no_processes(monkeypatch)
    server = server_for()
    async with await client_for(server) as client:
        _, cookies = await open_page(client)
        with_cookie = cookie_header(cookies)
        for headers in (
            {"Host": "127.0.0.1:8765", "Origin": "http://127.0.0.1:9999"},
            {"Host": "127.0.0.1:8765", "Origin": "http://evil.example"},
            {"Host": "evil.example:8765", "Origin": "http://evil.example:8765"},
            {"Host": "127.0.0.1:8765"},  # a websocket without Origin: not from a browser page of ours
        ):
            for path in ("/", "/ws"):
                if path == "/" and "Origin" not in headers:
                    continue  # a typed address or a scanned QR code sends no Origin
                response = await client.get(path, headers={**headers, **with_cookie})
                assert response.status == 403, (path, headers)
        async with client.ws_connect("/ws?width=80&height=24", headers={**PAGE, **with_cookie}) as ws:
            await ws.close()
        assert len(started) == 1


async def test_at_most_two_devices_each_its_own_writer_and_a_bounded_terminal(monkeypatch):
    started = no_processes(monkeypatch)
    sizes = []

    async def set_terminal_size(self, width, height):
        sizes.append((width, height))

    from textual_serve import app_service

    monkeypatch.setattr(app_service.AppService, "set_terminal_size", set_terminal_size)
    server = server_for()
    async with await client_for(server) as client:
        devices = [(await open_page(client))[1] for _ in range(MAX_DEVICES)]
        again, same = await open_page(client, devices[0])  # a reload of the first device
        assert again.status == 303 and same[server.device_cookie] == devices[0][server.device_cookie]
        third, _ = await open_page(client)
        assert third.status == 403 and t("coteach.full", max=MAX_DEVICES) in await third.text()
        for cookies in [*devices, devices[0]]:
            async with client.ws_connect("/ws?width=5000&height=5000", headers={**PAGE, **cookie_header(cookies)}) as ws:
                await ws.send_str(json.dumps(["resize", {"width": 3000, "height": 3000}]))
                await ws.send_str("not json")
                await ws.send_str(json.dumps(["resize", {"width": "x"}]))
                await ws.send_str(json.dumps(["ping", "1"]))
                assert json.loads((await ws.receive(timeout=10)).data) == ["pong", "1"]
                await ws.close()
    writers = [argv[-1] for argv, _, _ in started]
    first, second = (str(join_writer("abcdefgh", PAGE_SLOT + k)) for k in range(2))  # this PC's page numbers
    assert writers == [first, second, first]  # one number per device, kept over a reload
    assert {(w, h) for _, w, h in started} == {(coteach_server.MAX_COLUMNS, coteach_server.MAX_ROWS)}
    assert set(sizes) <= {(coteach_server.MAX_COLUMNS, coteach_server.MAX_ROWS), (80, 24)} and sizes


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
async def test_a_view_that_does_not_quit_is_killed_when_its_tab_closes(monkeypatch):
    """A view stuck (a huge terminal, or one ignoring SIGTERM) ends with its tab."""
    from textual_serve.download_manager import DownloadManager

    monkeypatch.setattr(coteach_server, "STOP_SECONDS", 0.5)
    stubborn = "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('__GANGLION__', flush=True); time.sleep(60)"

    async def nothing(*args):
        pass

    service = ViewService([sys.executable, "-c", stubborn], write_bytes=nothing, write_str=nothing, close=nothing, download_manager=DownloadManager())
    await service.start(80, 24)
    process = service._process
    await asyncio.sleep(0.5)
    await asyncio.wait_for(service.stop(), 10)
    assert process.returncode is not None


async def test_the_co_teacher_taps_and_the_teacher_sees_it(store, plan, clock):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    teacher = store.open_run(run_id)
    app = CoTeachApp(LessonActions(store.join_run(run_id)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        labels = [str(b.label) for b in app.query(".co-pupil")]
        assert [label.split()[0] for label in labels] == ["2", "4", "9"]
        await pilot.click("#co-p-1")  # Bilal (4) gets it and leaves the miniklas
        await pilot.pause()
        assert str(app.query_one("#co-p-1").label).startswith("✓ 4")
        teacher.help_add(teacher.pupil_by_number(7).id)  # a pupil working alone asks for help
        assert await wait_for(pilot, lambda: "7 " in str(app.query_one("#co-help").render()))
        assert await wait_for(pilot, lambda: not app.query_one("#co-help-next").disabled)
        await pilot.click("#co-help-next")
        await pilot.click("#co-check")  # a quick check with who is still in the miniklas
        await pilot.click("#co-p-0")
        await pilot.click("#co-check-done")
    teacher.catch_up()
    four, seven = teacher.pupil_by_number(4).id, teacher.pupil_by_number(7).id
    assert four in teacher.state.jij.left_miniklas
    assert teacher.state.jij.help_queue == [] and [pid for pid, _ in teacher.state.jij.helped] == [seven]
    check = [r for r in teacher.rounds if r.kind == "miniklas"][-1]
    assert check.closed and check.present == [teacher.pupil_by_number(2).id, teacher.pupil_by_number(9).id]
    assert check.marks == {teacher.pupil_by_number(2).id: "fout"}


def screen_image(app):
    """The screen as a camera sees it: each cell two pixels high (a half block: its top in
    the text colour, its bottom in the background), black and white by brightness."""
    from PIL import Image

    def light(color) -> int:
        if color is None:
            return 0
        red, green, blue = color.get_truecolor()
        return 255 if (red * 299 + green * 587 + blue * 114) / 1000 > 128 else 0

    rows = []
    for strip in app.screen._compositor.render_strips():
        top, bottom = [], []
        for segment in strip:
            style = segment.style
            fg, bg = (light(style.color), light(style.bgcolor)) if style else (0, 0)
            for char in segment.text:
                top.append(fg if char == "▀" else bg)
                bottom.append(bg)
        rows += [top, bottom]
    width = max(len(row) for row in rows)
    rows = [row + [0] * (width - len(row)) for row in rows]
    scale = 4
    image = Image.new("L", (width * scale, len(rows) * scale))
    image.putdata([v for row in rows for _ in range(scale) for v in row for _ in range(scale)])
    return image


def screen_text(app, widget) -> str:
    region = widget.content_region
    lines = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
    return "".join(line[region.x:region.right].strip() for line in lines[region.y:region.bottom])


async def test_the_teacher_shows_the_page_as_a_qr_code_but_never_on_a_projected_screen(store, library, clock, plan, live_page):
    from tui_helpers import app_for, resume

    from lesson_tui.tui.screens.device import DeviceScreen

    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=(120, 45)) as pilot:
        await resume(pilot, run_id, "f", "d")
        assert isinstance(app.screen, DeviceScreen)
        assert "lesson-tui coteach" in str(app.screen.query_one("#device-text").render())  # not started yet
        await pilot.press("escape")
        address = live_page(run_id)
        await pilot.press("d")
        await pilot.pause()
        assert "▀" in str(app.screen.query_one("#device-qr").render())
        assert address in str(app.screen.query_one("#device-text").render())
        await pilot.press("escape")
        app.klasveilig = True  # the teacher's screen is on the projector
        await pilot.press("d")
        shown = " ".join(str(widget.render()) for widget in app.screen.query("Static, Label") if widget.display)
        assert "geheim-token" not in shown and "▀" not in shown and "Klasveilig" in shown


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 35), (160, 45), (200, 60)])
async def test_the_qr_code_scans_or_the_screen_says_it_does_not_fit(store, library, clock, plan, live_page, size):
    """What a phone camera reads from the screen: the address, or no code at all and a
    warning; and the address is there whole to type."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from tui_helpers import app_for, resume

    run_id = lesson_at_sporen(store, plan, marks={2: "fout"}, asks_miniklas=(), confirmed=True)
    address = live_page(run_id)
    app = app_for(store, library, clock)
    async with app.run_test(size=size) as pilot:
        await resume(pilot, run_id, "f", "d")
        await pilot.pause()
        await pilot.pause()
        decoded = [code.text for code in zxingcpp.read_barcodes(screen_image(app))]
        qr = str(app.screen.query_one("#device-qr").render())
        if decoded:
            assert decoded == [address]
        else:
            assert "▀" not in qr and t("device.qr_too_small", need="", room="").split("(")[0] in qr
        assert address in screen_text(app, app.screen.query_one("#device-text"))
        if size[1] >= 45:
            assert decoded == [address]  # a big window shows a code that scans


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 35), (160, 45), (200, 60)])
async def test_the_miniklas_qr_code_in_the_app_scans_or_says_it_does_not_fit(store, library, clock, plan, size):
    """The export screen's QR code (FLEX `e`, qr): the same camera test."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from tui_helpers import app_for, resume

    from lesson_tui.export.qr import qr_payload

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    app = app_for(store, library, clock)
    async with app.run_test(size=size) as pilot:
        await resume(pilot, run_id, "f", "e", "down", "down", "down", "down", "enter")
        await pilot.pause()
        await pilot.pause()
        decoded = [code.text for code in zxingcpp.read_barcodes(screen_image(app))]
        preview = str(app.screen.query_one("#export-preview").render())
        if decoded:
            assert decoded == [qr_payload(app.session.run)]
        else:
            assert "▀" not in preview and t("export.qr_too_small_app", need="").split("(")[0] in preview
        if size[1] >= 60:
            assert decoded  # a big window shows a code that scans


@pytest.mark.parametrize("which", ["teacher", "board", "coteach"])
async def test_a_crash_report_shows_where_but_no_pupil_data(store, library, clock, plan, which):
    from rich.console import Console
    from tui_helpers import app_for

    from lesson_tui.tui.board_app import make_board_app

    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout"}, asks_miniklas=(), confirmed=True)
    run = store.open_run(run_id, lock=False)
    names = [run.names[pid] for pid in run.miniklas]
    app = {
        "teacher": lambda: app_for(store, library, clock),
        "board": lambda: make_board_app(store=store, lang="nl", run_id=run_id),
        "coteach": lambda: CoTeachApp(LessonActions(store.join_run(run_id))),
    }[which]()

    reason = "-".join(["mist", "breuken"])  # pupil data: never written out like this in the code

    def fold_the_miniklas(miniklas_names):
        reasons = dict.fromkeys(miniklas_names, reason)
        raise KeyError(f"{miniklas_names[0]} {reasons}")

    with pytest.raises(KeyError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            try:
                fold_the_miniklas(names)
            except KeyError as error:
                app._handle_exception(error)
            shown = list(app._exit_renderables)  # what the teacher sees once the app is gone
            await pilot.pause()
    console = Console(record=True, width=160, color_system=None)
    for renderable in shown:
        console.print(renderable)
    report = console.export_text()
    assert "KeyError" in report and "fold_the_miniklas" in report  # where it happened stays
    assert not any(name in report for name in names) and "mist-breuken" not in report


async def test_the_instruction_matches_the_mode_and_a_tap_counts_as_it_was_shown(store, plan, clock):
    run_id = lesson_at_sporen(store, plan, marks={2: "fout", 4: "fout", 9: "fout"}, asks_miniklas=(), confirmed=True)
    teacher = store.open_run(run_id)
    app = CoTeachApp(LessonActions(store.join_run(run_id)))
    async with app.run_test(size=(41, 46)) as pilot:  # a phone
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        hint = app.query_one("#co-hint")
        assert str(hint.render()) == t("coteach.tap_hint")
        two = teacher.pupil_by_number(2).id
        # the teacher opens a quick check of the miniklas: this device shows it too
        teacher.open_round("Q", "open", kind="miniklas", pupils=list(teacher.miniklas))
        stale = app.query_one("#co-p-0")
        assert stale.mode == "leave"
        assert await wait_for(pilot, lambda: str(hint.render()) == t("coteach.tap_hint_check"))
        # a tap made while the old mode was on the screen (it arrives after the switch)
        from textual.widgets import Button

        message = Button.Pressed(stale)
        message.mode = "leave"
        app.post_message(message)
        await pilot.pause()
        assert two not in app.lesson.left_miniklas  # not read as "leaves the miniklas"
        await pilot.click("#co-p-0")  # a tap in check mode marks
        await pilot.pause()
        check = app._check_round()
        assert check is not None and check.marks == {two: "fout"}
        await pilot.click("#co-check-done")
        await pilot.pause()
        assert str(hint.render()) == t("coteach.tap_hint")
        teacher.close()  # the lesson is closed: the view ends
        assert await wait_for(pilot, lambda: app.return_code == 0, timeout=10)
    teacher.catch_up()
    assert two not in teacher.state.jij.left_miniklas
