"""The gPodder sync API, the subset AntennaPod's "gpodder.net" synchronisation and the
mygpoclient library call: login, devices, subscriptions (the show's feed, always) and
episode actions. The user name is the serve token (AntennaPod's server field takes a host
only, so the token cannot be in the path's start); the password is not read. A ``play``
action that reaches the episode's end is handed to ``finished``; a partial one is told.
Timestamps are whole Unix seconds of the server's clock; actions are kept in
``sync.json`` beside the episodes (the last ``KEPT``)."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from voicecoach.errors import VoicecoachError
from voicecoach.serve.episodes import Episode, Shelf, Store, put

END_SLACK = 5.0     # seconds: a play this close to the end is a play to the end
KEPT = 1000         # episode actions kept for other devices
LARGEST = 1_000_000     # bytes of a body (AntennaPod sends 30 actions at a time)
FIELDS = ("podcast", "episode", "action")
NUMBERS = ("started", "position", "total")
Finished = Callable[[Episode, datetime], str]


class BadBody(ValueError):
    """A body that is not what the API takes (its one-line reason)."""


def actions_of(body: bytes) -> list[dict[str, Any]]:
    """The episode actions of a POST body: a JSON list of objects with ``podcast``,
    ``episode`` and ``action`` strings, and whole seconds for the numbers given."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadBody("the body is not JSON") from None
    if not isinstance(doc, list):
        raise BadBody("the body is not a list of episode actions") from None
    for n, one in enumerate(doc, 1):
        if not isinstance(one, dict):
            raise BadBody(f"episode action {n} is not an object")
        for key in FIELDS:
            if not isinstance(one.get(key), str):
                raise BadBody(f"episode action {n} has no '{key}' text")
        for key in NUMBERS:
            if key in one and (not isinstance(one[key], int) or isinstance(one[key], bool)):
                raise BadBody(f"episode action {n}: '{key}' is not whole seconds")
    return doc


def when_of(action: dict[str, Any]) -> datetime | None:
    """The action's time (gPodder's ISO 8601 without a zone is UTC), None if unreadable."""
    try:
        when = datetime.fromisoformat(str(action["timestamp"]))
    except (KeyError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def episode_of(action: dict[str, Any], shelf: Shelf) -> Episode | None:
    """The served episode an action is about: by its GUID, else by the audio's file name."""
    name = action["episode"].rsplit("/", 1)[-1].split("?")[0]
    return next((e for e in shelf.episodes
                 if action.get("guid") == e.guid or name == e.audio), None)


def to_the_end(action: dict[str, Any], episode: Episode) -> bool:
    """Does a play reach the end (the action's ``total``, else the episode's length)?"""
    total = action.get("total") or episode.seconds
    return bool(action["position"] >= total - END_SLACK)


class Sync:
    """The API's state (devices, actions) in ``folder/sync.json`` and its routes."""

    def __init__(self, store: Store, token: str, feed_url: str, now: Callable[[], datetime],
                 finished: Finished, say: Callable[[str], None]) -> None:
        self.store, self.token, self.feed_url = store, token, feed_url
        self.now, self.finished, self.say = now, finished, say
        self._file: Path = store.folder / "sync.json"
        self._lock = threading.Lock()
        self._recording = threading.Lock()   # two reports at once: one is logged
        try:
            doc = json.loads(self._file.read_text("utf-8"))
            self.devices: dict[str, dict[str, str]] = dict(doc["devices"])
            self.actions: list[dict[str, Any]] = [
                a for a in doc["actions"] if isinstance(a, dict) and isinstance(a.get("at"), int)]
        except (OSError, ValueError, KeyError, TypeError):
            self.devices, self.actions = {}, []

    def _save(self) -> None:
        doc = {"devices": self.devices, "actions": self.actions[-KEPT:]}
        self._file.parent.mkdir(parents=True, exist_ok=True)
        put(self._file, json.dumps(doc, ensure_ascii=False).encode())

    def stamp(self) -> int:
        return int(self.now().timestamp())

    def ours(self, request: Request) -> bool:
        user: str = request.path_params["user"]
        return secrets.compare_digest(user.encode(), self.token.encode())

    def routes(self) -> list[Route]:
        def guarded(handler: Callable[[Request, bytes], Response]) -> Callable[..., Any]:
            async def run(request: Request) -> Response:
                if not self.ours(request):
                    return PlainTextResponse("Unknown user: the user name is the serve "
                                             "token\n", status_code=401)
                body = await request.body()
                if len(body) > LARGEST:
                    return PlainTextResponse("Bad request: the body is larger than 1 MB\n",
                                             status_code=400)
                try:
                    return await run_in_threadpool(handler, request, body)
                except BadBody as exc:
                    return PlainTextResponse(f"Bad request: {exc}\n", status_code=400)
            return run

        api = "/api/2"
        return [Route(f"{api}/auth/{{user}}/login.json", guarded(self.login), methods=["POST"]),
                Route(f"{api}/auth/{{user}}/logout.json", guarded(self.empty),
                      methods=["POST"]),
                Route(f"{api}/devices/{{user}}.json", guarded(self.device_list)),
                Route(f"{api}/devices/{{user}}/{{device}}.json", guarded(self.device),
                      methods=["POST"]),
                Route(f"{api}/subscriptions/{{user}}/{{device}}.json",
                      guarded(self.subscriptions), methods=["GET", "POST"]),
                Route("/subscriptions/{user}/{device}.json", guarded(self.simple_json)),
                Route("/subscriptions/{user}/{device}.txt", guarded(self.simple_txt)),
                Route(f"{api}/episodes/{{user}}.json", guarded(self.episodes),
                      methods=["GET", "POST"])]

    def login(self, request: Request, body: bytes) -> Response:
        self.say("phone signed in to sync")
        return Response(b"")

    def empty(self, request: Request, body: bytes) -> Response:
        return Response(b"")

    def device_list(self, request: Request, body: bytes) -> Response:
        return JSONResponse([{"id": d, "caption": v.get("caption", d),
                              "type": v.get("type", "mobile"), "subscriptions": 1}
                             for d, v in self.devices.items()])

    def device(self, request: Request, body: bytes) -> Response:
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            raise BadBody("the body is not JSON") from None
        if not isinstance(doc, dict):
            raise BadBody("the body is not an object")
        with self._lock:
            self.devices[request.path_params["device"]] = {
                k: str(v) for k, v in doc.items() if k in ("caption", "type")}
            self._save()
        return Response(b"")

    def _since(self, request: Request) -> int:
        text = request.query_params.get("since", "0") or "0"
        if not text.isdigit():
            raise BadBody("'since' is not whole seconds")
        return int(text)

    def subscriptions(self, request: Request, body: bytes) -> Response:
        """GET: the show's feed is added on a first sync (``since`` 0); POST: changes are
        taken and nothing is rewritten."""
        if request.method == "POST":
            try:
                doc = json.loads(body)
            except ValueError:
                raise BadBody("the body is not JSON") from None
            if not isinstance(doc, dict):
                raise BadBody("the body is not an object with 'add' and 'remove'")
            return JSONResponse({"timestamp": self.stamp(), "update_urls": []})
        add = [self.feed_url] if self._since(request) == 0 else []
        return JSONResponse({"add": add, "remove": [], "timestamp": self.stamp()})

    def simple_json(self, request: Request, body: bytes) -> Response:
        return JSONResponse([self.feed_url])

    def simple_txt(self, request: Request, body: bytes) -> Response:
        return PlainTextResponse(self.feed_url + "\n")

    def episodes(self, request: Request, body: bytes) -> Response:
        if request.method == "GET":
            since = self._since(request)
            with self._lock:
                found = [{k: v for k, v in a.items() if k != "at"}
                         for a in self.actions if a["at"] > since]
            return JSONResponse({"actions": found, "timestamp": self.stamp()})
        actions = actions_of(body)
        at = self.stamp()
        with self._lock:
            self.actions.extend({**a, "at": at} for a in actions)
            del self.actions[:-KEPT]
            self._save()
        for action in actions:
            if action["action"].lower() == "play" and "position" in action:
                self._played(action)
        return JSONResponse({"timestamp": at, "update_urls": []})

    def _played(self, action: dict[str, Any]) -> None:
        shelf = self.store.shelf
        episode = episode_of(action, shelf)
        if episode is None:
            self.say("phone played an episode no longer served: not recorded")
            return
        which = f"{episode.title} ({episode.number} of {len(shelf.episodes)})"
        if not episode.whole:
            self.say(f"phone played {which}: one exercise, not a session (not recorded)")
            return
        if not to_the_end(action, episode):
            total = action.get("total") or episode.seconds
            part = min(100, int(100 * action["position"] // max(total, 1)))
            self.say(f"phone played {which}: resumed at {part} % (not recorded)")
            return
        try:
            with self._recording:
                told = self.finished(episode, when_of(action) or self.now())
        except VoicecoachError as exc:   # the routine no longer reads, the history is locked
            told = f"not recorded: Error: {exc}"
        self.say(f"phone finished {which}: {told}")
