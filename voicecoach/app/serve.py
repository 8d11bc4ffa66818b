"""`voicecoach serve`: the address, the token, the episodes exported, a listening socket,
then the web app run by uvicorn in the foreground until Ctrl-C."""

from __future__ import annotations

import hashlib
import ipaddress
import socket
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.errors import VoicecoachError
from voicecoach.export import names
from voicecoach.serve import address, terminal
from voicecoach.serve.episodes import Episode, Shelf, Store
from voicecoach.serve.token import token
from voicecoach.settings import Settings

STOP_WAIT = 1   # seconds open responses (a phone downloading) get after Ctrl-C (whole s)


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: a free port), listening."""
    family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(256)
    except OSError as exc:
        sock.close()
        raise VoicecoachError(f"cannot listen on {host} port {port}: "
                              f"{exc.strerror or exc}") from None
    return sock


def folder_for(data_dir: Path, routines: list[Path]) -> Path:
    """Where the episodes of these routine files are kept (one folder per set of files)."""
    key = hashlib.sha256("\n".join(str(p.resolve()) for p in routines).encode())
    return data_dir / "serve" / f"{names.slug(routines[0].stem)}-{key.hexdigest()[:8]}"


class Serve:
    """A server prepared: address chosen, token read, episodes exported, socket bound."""

    def __init__(self, routines: list[Path], settings: Settings, env: Environment,
                 host: str | None, port: int, new_token: bool,
                 say: Callable[[str], None],
                 exporting: Callable[[], None] = lambda: None,
                 found: Callable[[], list[address.Interface]] = address.interfaces,
                 route: Callable[[], str | None] = address.default_route) -> None:
        where = address.given(host, found()) if host else address.choose(found(), route())
        self.where = where
        if ipaddress.ip_address(where.ip).is_unspecified:   # --host 0.0.0.0: asked, said
            lan = address.choose(found(), route())
            self.where = address.Interface(f"{lan.name}; listening on every interface", lan.ip)
        self.say, self.env = say, env
        self.socket = listen(where.ip, port)   # a port in use is said before any work
        self.port: int = self.socket.getsockname()[1]
        exporting()
        try:
            self.token = token(env.data_dir, new_token)
            self.store = Store(routines, settings, env, folder_for(env.data_dir, routines),
                               say)
            self.shelf: Shelf = self.store.current()
            if not self.shelf.episodes:
                raise VoicecoachError(self.shelf.error or "no sessions to serve")
        except BaseException:
            self.socket.close()
            raise
        shown = f"[{self.where.ip}]" if ":" in self.where.ip else self.where.ip
        self.page = f"http://{shown}:{self.port}/{self.token}/"

    def banner(self, noun: str) -> list[str]:
        return terminal.banner(self.shelf, self.where, self.port, self.page, noun)

    def run(self) -> None:
        """Serve until Ctrl-C (uvicorn stops cleanly on SIGINT and SIGTERM)."""
        import uvicorn

        from voicecoach.app.program import played

        class _Quiet(uvicorn.Server):
            """Says nothing while it stops: a download it cuts is no error of the user's
            (uvicorn would log each, with a traceback)."""

            async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
                import logging

                logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL + 1)
                await super().shutdown(sockets)

        from voicecoach.serve.sync import Sync
        from voicecoach.serve.web import make_app

        def finished(episode: Episode, when: datetime) -> str:
            return played(self.store.routines[episode.routine], episode.session, when,
                          self.env)

        sync = Sync(self.store, self.token, f"{self.page}feed.xml", self.env.now, finished,
                    self.say)
        app = make_app(self.store, self.token, self.page, self.say, sync)
        # Ctrl-C: downloads still going get STOP_WAIT seconds, then are cut
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                server_header=False, timeout_graceful_shutdown=STOP_WAIT)
        try:
            _Quiet(config).run(sockets=[self.socket])
        finally:
            self.socket.close()

