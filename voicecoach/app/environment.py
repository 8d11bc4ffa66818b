"""Everything outside the program that a command touches, in one injected object (as httpie
does): the terminal's streams and whether they are terminals, the clock and the date, the
cache and data folders, the sound output and the keyboard. The CLI makes the real one;
tests pass a fake, so nothing waits in real time and nothing reads the user's folders.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from voicecoach.live.clock import Clock, RealClock
from voicecoach.settings import Output

if TYPE_CHECKING:  # the audio stack is imported by the commands that play, not by plan
    from voicecoach.live.controls import Controls
    from voicecoach.live.player import Sink


def _now() -> datetime:
    return datetime.now().astimezone()


def default_cache_dir() -> Path:
    """``$VOICECOACH_CACHE_DIR``, else the user cache folder (honours ``XDG_CACHE_HOME``)."""
    env = os.environ.get("VOICECOACH_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_cache_path("voicecoach")


def default_data_dir() -> Path:
    """``$VOICECOACH_DATA_DIR``, else the user data folder (honours ``XDG_DATA_HOME``)."""
    env = os.environ.get("VOICECOACH_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("voicecoach", appauthor=False)


def _real_clock() -> Clock:

    return RealClock()


def _real_sink(output: Output, clock: Clock) -> Sink:
    from voicecoach.live.sinks import ClockSink, DeviceSink

    return ClockSink(clock) if output == "silent" else DeviceSink()


def _real_controls(interactive: bool) -> AbstractContextManager[Controls]:
    from voicecoach.live.keys import NoKeys, TerminalKeys

    try:
        return TerminalKeys() if interactive else NoKeys()
    except (OSError, ValueError):
        return NoKeys()


@dataclass
class Environment:
    """What a command may touch. Times: ``clock`` in seconds (monotonic), ``now`` local."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    clock: Clock = field(default_factory=_real_clock)
    now: Callable[[], datetime] = _now
    cache_dir: Path = field(default_factory=default_cache_dir)
    data_dir: Path = field(default_factory=default_data_dir)
    make_sink: Callable[[Output, Clock], Sink] = _real_sink
    make_controls: Callable[[bool], AbstractContextManager[Controls]] = _real_controls

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)

    @property
    def interactive(self) -> bool:
        """Someone at a terminal can answer questions and press keys."""
        return bool(self.stdin_isatty)

    @property
    def history_file(self) -> Path:
        """The SQLite history of sessions, in the data folder."""
        return self.data_dir / "history.sqlite3"

    def sink(self, output: Output) -> Sink:
        return self.make_sink(output, self.clock)

    def controls(self) -> AbstractContextManager[Controls]:
        return self.make_controls(self.interactive)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
