"""A real serve on 127.0.0.1 for the tests: a routine exported through the Store (real
voice and ffmpeg, the shared clip cache), the web app run by uvicorn in a thread on a free
port, and what it said to the terminal."""

from __future__ import annotations

import http.client
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.conftest import need
from tests.fakes import fake_env
from tests.test_export import ROUTINE as ROUTINE  # Legs (Squat, Side plank), Core
from voicecoach.app.serve import listen
from voicecoach.serve.episodes import Shelf, Store
from voicecoach.serve.sync import Sync
from voicecoach.serve.web import make_app
from voicecoach.settings import Settings

TOKEN = "tok3nTOKEN_abcdefghij"


Served = tuple[Store, Shelf, int, list[str]]
Seen = list[tuple[str, str, str, int]]   # method, path, Range header, status


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Iterator[Served]:
    """The test routine exported and served; what the server said goes on growing."""
    need("ffmpeg")
    tmp = tmp_path_factory.mktemp("serve")
    routine = tmp / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    said: list[str] = []
    st = store(routine, tmp, shared_cache, said)
    shelf = st.current()
    with running(st, said) as port:
        yield st, shelf, port, said


class Recorder:
    """ASGI middleware keeping each request's method, path, Range header and status."""

    def __init__(self, app: ASGIApp, seen: Seen) -> None:
        self.app, self.seen = app, seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        ranges = dict(scope.get("headers", [])).get(b"range", b"").decode()

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.seen.append((scope["method"], scope["path"], ranges, message["status"]))
            await send(message)

        await self.app(scope, receive, sending)


def store(routine: Path, folder: Path, cache: Path, said: list[str]) -> Store:
    return Store([routine], Settings(), fake_env(cache, folder / "data"), folder / "serve",
                 said.append)


@contextmanager
def running(st: Store, said: list[str], seen: Seen | None = None,
            sync: Callable[[int], Sync] | None = None) -> Iterator[int]:
    """The app serving ``st`` on 127.0.0.1 (requests kept in ``seen``); yields its port.
    ``sync`` makes the gPodder sync API for the port. Start-up waits at most 20 s."""
    import uvicorn

    sock = listen("127.0.0.1", 0)
    port: int = sock.getsockname()[1]
    app = Recorder(make_app(st, TOKEN, f"http://127.0.0.1:{port}/{TOKEN}/", said.append,
                            sync(port) if sync else None), seen if seen is not None else [])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(2000):
        if server.started:
            break
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()


def get(port: int, path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request; the path is sent exactly as given (no normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()
