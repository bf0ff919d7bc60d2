"""`lesson-tui coteach`: the co-teacher's page, served to a browser on the school network.

textual-serve starts one app process per browser tab over a websocket; it has no
authentication of its own. Here every request (the page, its scripts, the websocket, a
download) needs the one-time token: in the address the teacher shares (`?token=`), which the
page then keeps as an HttpOnly, same-site cookie, because the browser script adds its own
query to the websocket address. A request without it gets 403 and starts no process. The
token dies when the lesson is closed. What this does and does not protect is in the README.
"""

from __future__ import annotations

import re
import secrets
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

COOKIE = "lesson_tui_token"
# textual-serve's page loads a font from Google: the co-teacher's browser would tell Google
# which school opens a lesson-tui page, and the page works offline without it
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.S)


def new_token() -> str:
    return secrets.token_urlsafe(18)


def lan_address() -> str:
    """This PC's address on the network it would use to reach others (no packet is sent:
    connecting a UDP socket only picks the route); 127.0.0.1 when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def view_command(data_dir: Path, run_id: str, lang: str) -> str:
    """The command textual-serve starts for each browser tab: the co-teacher's view."""
    parts = [sys.executable, "-m", "lesson_tui", "--data-dir", str(data_dir), "--lang", lang, "coteach-view", run_id]
    if sys.platform == "win32":
        return subprocess.list2cmdline(parts)
    return " ".join(shlex.quote(part) for part in parts)


class CoteachServer(Server):
    """textual-serve's server with a token on every request."""

    def __init__(
        self,
        command: str,
        *,
        token: str,
        host: str,
        port: int,
        title: str,
        lesson_open: Callable[[], bool],
    ) -> None:
        # textual-serve builds its links from public_url: the real address, never 0.0.0.0
        super().__init__(command, host=host, port=port, title=title, public_url=f"http://{host}:{port}")
        self.token = token
        self.lesson_open = lesson_open

    @property
    def address(self) -> str:
        """What the co-teacher opens (and the QR code holds)."""
        return f"{self.public_url}/?token={self.token}"

    def allowed(self, request: web.Request) -> bool:
        offered = request.query.get("token") or request.cookies.get(COOKIE) or ""
        return secrets.compare_digest(offered, self.token) and self.lesson_open()

    @web.middleware
    async def guard(self, request: web.Request, handler):
        if not self.allowed(request):
            return web.Response(status=403, text="403: lesson-tui co-teacher page, token needed (or the lesson is closed)\n")
        response = await handler(request)
        if isinstance(response, web.Response) and response.content_type == "text/html" and response.text:
            response.text = _EXTERNAL_FONT.sub("", response.text)
        if request.query.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        pass  # the address is printed by `lesson-tui coteach`, as its first line
