"""`lesson-tui coteach`: the co-teacher's page, served to a browser on the school network.

textual-serve starts one app process per browser tab over a websocket; it has no
authentication of its own. Here every request needs, in this order:
* the printed address in `Host`, and in `Origin` when the browser sends one (always for the
  websocket): a page from another port or site cannot use the teacher's cookie;
* the one-time token: the address the teacher shares has `?token=`; the answer sets it as an
  HttpOnly, same-site cookie named after the port and redirects to `/`, so the token leaves
  the address bar and the history. The token dies when the lesson is closed;
* a device cookie, given with the token: at most MAX_DEVICES devices, each with one writer
  number (its own file beside the lesson, kept over reloads) and one live view at a time.
A refused request gets a short 403 page in the teacher's language and starts no process.
The server stops, and ends every view, when the lesson is closed. What this does and does
not protect is in the README.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import secrets
import signal
import socket
import sys
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from lesson_tui.base.i18n import t
from lesson_tui.lesson.writers import JOIN_SLOTS, PAGE_SLOT, join_writer, writer_file

MAX_DEVICES = 2  # the co-teacher: a tablet, perhaps a laptop; each view is a ~40 MiB process
MAX_COLUMNS, MAX_ROWS = 300, 120  # a bigger "terminal" is no real screen, only memory
STOP_SECONDS = 5.0  # a view that does not quit in time is killed
WATCH_SECONDS = 1.0  # how often the server looks whether the lesson was closed
# textual-serve's page loads a font from Google: the co-teacher's browser would tell Google
# which school opens a lesson-tui page, and the page works offline without it
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.S)
# without it a phone lays the page out 980 px wide and zooms out
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# the page's terminal (xterm.js in textual.js) sizes its canvas for one pixel per CSS pixel
# but draws at the screen's pixel ratio, so a phone (ratio 2 or 3) showed half or a third
# of the page; drawn at ratio 1 it is whole (and still sharp enough at 16 px)
_ONE_PIXEL_RATIO = '<script>Object.defineProperty(window, "devicePixelRatio", {get: () => 1});</script>'


def new_token() -> str:
    return secrets.token_urlsafe(18)


def lan_address() -> str:
    """This PC's address on the network it would use to reach others (no packet is sent:
    connecting a UDP socket only picks the route); 127.0.0.1 when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        address: str = probe.getsockname()[0]  # (host, port) for AF_INET
        return address
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before any address is printed (OSError if it cannot)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name == "posix":  # on Windows this option would let two servers share a port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(16)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def view_command(data_dir: Path, run_id: str, lang: str, writer: int) -> list[str]:
    """What is started for one browser tab: the co-teacher's view, as writer `writer`."""
    return [
        sys.executable, "-m", "lesson_tui", "--data-dir", str(data_dir), "--lang", lang,
        "coteach-view", run_id, "--writer", str(writer),
    ]


def _same(offered: str, secret: str) -> bool:
    # bytes: compare_digest refuses a str with a non-ASCII character (a 500 before)
    return secrets.compare_digest(offered.encode("utf-8", "replace"), secret.encode("utf-8"))


def _size(value: object, default: int, most: int) -> int:
    """A terminal size as a browser sent it (the query's text, or any JSON value)."""
    if not isinstance(value, (str, int, float)):
        return default
    try:
        number = int(value)
    except (ValueError, OverflowError):
        return default
    return max(10, min(most, number))


class ViewService(AppService):
    """textual-serve's per-tab process, started without a shell (its own process group on
    POSIX) and killed when it does not quit within STOP_SECONDS of its tab closing."""

    def __init__(
        self,
        argv: list[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(argv), write_bytes=write_bytes, write_str=write_str, close=close, download_manager=download_manager
        )
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=os.name == "posix",  # its own process group, to end it whole
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        task = self._task
        if task is None:
            return
        self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if self._stdin is not None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
        except (TimeoutError, Exception):
            pass
        process = self._process
        if process is not None and process.returncode is None:
            try:
                if os.name == "posix":
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
            except (OSError, ProcessLookupError):
                pass
            try:
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
            except TimeoutError:
                pass
        if not task.done():
            task.cancel()


class CoteachServer(Server):
    """textual-serve's server with the checks above on every request."""

    def __init__(
        self,
        view: Callable[[int], list[str]],
        *,
        token: str,
        host: str,
        port: int,
        title: str,
        lesson_open: Callable[[], bool],
        run_file: Path | None = None,
        device: str,
    ) -> None:
        # textual-serve builds its links from public_url: the real address, never 0.0.0.0
        super().__init__(" ".join(view(1)), host=host, port=port, title=title, public_url=f"http://{host}:{port}")
        self.view = view
        self.token = token
        self.lesson_open = lesson_open
        self.run_file = run_file
        self.device = device  # this PC's id: the views run here, their numbers are made from it
        self.token_cookie = f"lesson_tui_token_{port}"  # cookies ignore the port: the name does not
        self.device_cookie = f"lesson_tui_device_{port}"
        self.devices: dict[str, int] = {}  # device cookie -> its writer number
        self.sessions: dict[str, tuple[web.WebSocketResponse, ViewService]] = {}
        self.ended_by_close = False
        self._device_lock = asyncio.Lock()

    @property
    def address(self) -> str:
        """What the co-teacher opens (and the QR code holds)."""
        return f"{self.public_url}/?token={self.token}"

    # --- the checks ------------------------------------------------------------------

    def _from_here(self, request: web.Request) -> bool:
        if request.headers.get("Host") != f"{self.host}:{self.port}":
            return False
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is None:
            return False
        return origin is None or origin == self.public_url

    def allowed(self, request: web.Request) -> bool:
        """The address, the token (in the address only on `/`), and an open lesson."""
        if not self._from_here(request):
            return False
        offered = request.cookies.get(self.token_cookie, "")
        if request.path == "/" and "token" in request.query:
            offered = request.query.get("token", "")
        return _same(offered, self.token) and self.lesson_open()

    def _page(self, status: int, message: str) -> web.Response:
        body = (
            f"<!doctype html><html><head><meta charset=\"utf-8\">{_VIEWPORT}<title>lesson-tui</title></head>"
            f"<body style=\"font-family:sans-serif;font-size:18px;margin:1em\"><p>{html.escape(message)}</p></body></html>"
        )
        return web.Response(status=status, text=body, content_type="text/html")

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            allowed = self.allowed(request)
        except Exception:  # whatever a stranger sends: a refusal, never a traceback
            allowed = False
        if not allowed:
            return self._page(403, t("coteach.forbidden"))
        if request.path == "/" and "token" in request.query:
            device = self._device_of(request)
            if device is None:
                device = secrets.token_urlsafe(12)
            if device not in self.devices:
                if len(self.devices) >= MAX_DEVICES:
                    return self._page(403, t("coteach.full", max=MAX_DEVICES))
                self.devices[device] = self._free_writer()
            response = web.Response(status=303, headers={"Location": "/"})  # the token leaves the address bar
            for name, value in ((self.token_cookie, self.token), (self.device_cookie, device)):
                response.set_cookie(name, value, httponly=True, samesite="Strict", path="/")
            return response
        if request.path in ("/", "/ws") and self._device_of(request) not in self.devices:
            return self._page(403, t("coteach.forbidden"))
        served = await handler(request)
        if isinstance(served, web.Response) and served.content_type == "text/html" and served.text:
            page = _EXTERNAL_FONT.sub("", served.text)
            served.text = page.replace("<head>", "<head>\n    " + _VIEWPORT + _ONE_PIXEL_RATIO, 1)
        return served

    def _device_of(self, request: web.Request) -> str | None:
        device = request.cookies.get(self.device_cookie)
        return device if device and device.isascii() else None

    def _free_writer(self) -> int:
        """This PC's first page number (`writers.join_writer`, from PAGE_SLOT on) without a
        file that no device of this server has: another PC serving the same lesson while
        the two are apart hands out numbers of its own, never these."""
        taken = set(self.devices.values())
        for slot in range(PAGE_SLOT, JOIN_SLOTS):
            writer = join_writer(self.device, slot)
            if writer not in taken and (self.run_file is None or not writer_file(self.run_file, writer).exists()):
                return writer
        raise RuntimeError("no free co-writer number")  # MAX_DEVICES is far below the slots

    # --- the views --------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One view per device: a new tab (or a reload) ends that device's older view first."""
        device = self._device_of(request)
        assert device is not None  # the guard let only known devices through
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _size(request.query.get("width"), 80, MAX_COLUMNS)
        height = _size(request.query.get("height"), 24, MAX_ROWS)
        async with self._device_lock:
            old = self.sessions.pop(device, None)
            if old is not None:
                await old[0].close()
                await old[1].stop()
            await websocket.prepare(request)

            async def close() -> None:  # aiohttp's close says whether it closed; the service wants no answer
                await websocket.close()

            service = ViewService(
                self.view(self.devices[device]),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
            self.sessions[device] = (websocket, service)
            await service.start(width, height)
        try:
            await self._process_messages(websocket, service)
        except (asyncio.CancelledError, Exception):
            pass  # a dropped connection or a bad message: the view ends below
        finally:
            if self.sessions.get(device, (None, None))[1] is service:
                del self.sessions[device]
            await service.stop()
            await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's messages, with the terminal size bounded and bad input ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(
                    _size(data.get("width"), 80, MAX_COLUMNS), _size(data.get("height"), 24, MAX_ROWS)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def end_sessions(self) -> None:
        sessions, self.sessions = list(self.sessions.values()), {}
        for websocket, service in sessions:
            await websocket.close()
            await service.stop()

    # --- running -------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        pass  # the address is printed by `lesson-tui coteach`, as its first line

    async def run_on(self, sock: socket.socket) -> None:
        """Serve on `sock` until ctrl+c (or SIGTERM) or until the lesson is closed; then
        every view ends. No access log: each line would show the address with the token."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, RuntimeError):
                pass  # Windows: ctrl+c arrives as KeyboardInterrupt
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.SockSite(runner, sock).start()
            while not stop.is_set():
                try:
                    await asyncio.wait_for(stop.wait(), WATCH_SECONDS)
                except TimeoutError:
                    if not self.lesson_open():
                        self.ended_by_close = True
                        break
        finally:
            await self.end_sessions()
            await runner.cleanup()
