"""The web app (Starlette): everything under ``/TOKEN/``; GET and HEAD only; the page, its
script and style, ``episodes.json`` for the page, the feed (with its own ETag and 304), and
the published files, by name from the current episodes only (no listing, no paths)."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from voicecoach.durations import length
from voicecoach.serve import feed
from voicecoach.serve.episodes import Episode, Shelf, Store
from voicecoach.serve.sync import Sync

PAGE = Path(__file__).parent / "static"
PAGE_FILES = {"page.js": "text/javascript", "page.css": "text/css"}
NOT_FOUND = PlainTextResponse("Not found\n", status_code=404)


class GetOnly:
    """ASGI middleware: any method but GET and HEAD is answered 405, but POST to the sync
    API (``/api/2/``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD") and not (
                scope["method"] == "POST" and scope["path"].startswith("/api/2/")):
            response = PlainTextResponse("Method not allowed\n", status_code=405,
                                         headers={"Allow": "GET, HEAD"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def page_data(shelf: Shelf, base: str) -> dict[str, Any]:
    """What the page shows (episodes.json): URLs absolute, lengths worded."""
    def one(e: Episode) -> dict[str, Any]:
        return {"number": e.number, "title": e.title, "seconds": e.seconds,
                "length": length(e.seconds), "audio": base + e.audio, "size": e.size,
                "chapters": [{"start": at, "title": t} for at, t in e.chapters],
                "transcript": base + e.vtt, "srt": base + e.srt,
                "chaptersJson": base + e.chapters_json}

    return {"title": shelf.title, "description": shelf.description, "error": shelf.error,
            "feed": f"{base}feed.xml", "page": base,
            "artwork": base + shelf.artwork if shelf.artwork else None,
            "episodes": [one(e) for e in shelf.episodes],
            "program": [{**asdict(p), "chart": base + p.chart if p.chart else None}
                        for p in shelf.program]}


def _matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _range_start(header: str | None) -> int | None:
    """The first byte asked for by ``bytes=N-…`` (None for a suffix or no range; -1 for
    a range that ends before it starts, which is refused)."""
    if not header or not header.startswith("bytes="):
        return None
    first, _, last = header[6:].split(",")[0].partition("-")
    if not first.strip().isdigit():
        return None
    if last.strip().isdigit() and int(last) < int(first):
        return -1
    return int(first)


def make_app(store: Store, token: str, base: str, say: Callable[[str], None],
             sync: Sync | None = None) -> ASGIApp:
    """The app; ``base`` is the page's URL (ends with ``/TOKEN/``); ``say`` gets one line
    per thing a phone does; ``sync``: the gPodder sync API's routes come first."""

    def ours(request: Request) -> bool:
        return secrets.compare_digest(request.path_params["token"].encode(), token.encode())

    async def page(request: Request) -> Response:
        if not ours(request):
            return NOT_FOUND
        if request.method == "GET":
            say("phone opened the page")
        return FileResponse(PAGE / "index.html", media_type="text/html; charset=utf-8")

    async def episodes(request: Request) -> Response:
        if not ours(request):
            return NOT_FOUND
        shelf = await run_in_threadpool(store.current)
        body = json.dumps(page_data(shelf, base), ensure_ascii=False).encode()
        return Response(body, media_type="application/json",
                        headers={"Cache-Control": "no-cache"})

    async def feed_xml(request: Request) -> Response:
        if not ours(request):
            return NOT_FOUND
        body = feed.feed(await run_in_threadpool(store.current), base)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if _matches(request.headers.get("if-none-match"), etag):
            if request.method == "GET":
                say("phone checked the feed: nothing new")
            return Response(status_code=304, headers=headers)
        if request.method == "GET":
            say("phone fetched the feed")
        return Response(body, media_type="application/rss+xml; charset=utf-8",
                        headers=headers)

    async def file(request: Request) -> Response:
        name = request.path_params["name"]
        shelf = store.shelf
        if not ours(request):
            return NOT_FOUND
        if name in PAGE_FILES:
            return FileResponse(PAGE / name, media_type=PAGE_FILES[name])
        path = store.public / name
        if name not in shelf.files() or path.is_symlink() or not path.is_file():
            return NOT_FOUND
        if request.method == "GET" and name.endswith(".mp3"):
            _told(request, shelf, name, say)
        suffix = ".json" if name.endswith(".json") else path.suffix
        return FileResponse(path, media_type=feed.TYPES[suffix],
                            headers={"Cache-Control": "no-cache"})

    routes = [*(sync.routes() if sync else []),
              Route("/{token}/", page, methods=["GET", "HEAD"]),
              Route("/{token}/feed.xml", feed_xml, methods=["GET", "HEAD"]),
              Route("/{token}/episodes.json", episodes, methods=["GET", "HEAD"]),
              Route("/{token}/{name}", file, methods=["GET", "HEAD"])]
    return GetOnly(Router(routes, redirect_slashes=False))   # no redirect: 404


def _told(request: Request, shelf: Shelf, name: str, say: Callable[[str], None]) -> None:
    e = next(e for e in shelf.episodes if e.audio == name)
    which = f"{e.title} ({e.number} of {len(shelf.episodes)})"
    start = _range_start(request.headers.get("range"))
    if start is not None and (start < 0 or start >= e.size):
        return   # refused (400, 416): nothing is sent
    if start:
        say(f"resumed {which} at {100 * start // max(e.size, 1)} %")
    else:
        say(f"downloading {which}")
