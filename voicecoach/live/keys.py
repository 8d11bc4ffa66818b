"""Single key presses from the terminal, without Enter and without waiting (POSIX)."""

from __future__ import annotations

import os
import select
import sys
from types import TracebackType
from typing import Any


class NoKeys:
    """Not on a terminal: nothing is ever pressed, and nothing waits for a key."""

    interactive = False

    def read(self) -> str | None:
        return None

    def __enter__(self) -> NoKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class TerminalKeys:
    """cbreak mode while in use (Ctrl-C still interrupts); the terminal is restored after."""

    interactive = True

    def __init__(self) -> None:
        self.fd = sys.stdin.fileno()
        self.saved: Any = None

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self.saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def read(self) -> str | None:
        if select.select([self.fd], [], [], 0)[0]:
            return os.read(self.fd, 1).decode(errors="replace").lower() or None
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        import termios

        if self.saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)


def keys_for_terminal() -> NoKeys | TerminalKeys:
    try:
        return TerminalKeys() if sys.stdin.isatty() else NoKeys()
    except (OSError, ValueError):
        return NoKeys()
