"""A real serve on 127.0.0.1 for the tests: a routine exported through the Store (real
voice and ffmpeg, the shared clip cache), the web app run by uvicorn in a thread on a free
port, and what it said to the terminal."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fakes import fake_env
from tests.test_export import ROUTINE as ROUTINE  # Legs (Squat, Side plank), Core
from voicecoach.app.serve import listen
from voicecoach.serve.episodes import Store
from voicecoach.serve.web import make_app
from voicecoach.settings import Settings

TOKEN = "tok3nTOKEN_abcdefghij"


def store(routine: Path, folder: Path, cache: Path, said: list[str]) -> Store:
    return Store([routine], Settings(), fake_env(cache, folder / "data"), folder / "serve",
                 said.append)


@contextmanager
def running(st: Store, said: list[str]) -> Iterator[int]:
    """The app serving ``st`` on 127.0.0.1; yields its port. Start-up waits at most 20 s."""
    import uvicorn

    sock = listen("127.0.0.1", 0)
    port: int = sock.getsockname()[1]
    app = make_app(st, TOKEN, f"http://127.0.0.1:{port}/{TOKEN}/", said.append)
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
