"""Ctrl-C, SIGTERM and SIGHUP while encoder processes and their feeding threads run.

Python runs signal handlers in the main thread only, between bytecodes. Two things can
delay them: a child process being started (an interrupt inside ``Popen`` loses the child),
and the kernel handing the signal to another thread while the main thread has it blocked
(it blocks every signal around ``vfork`` in ``Popen``) and then sleeps in a wait that only
a signal of its own would break. ``held_interrupts`` covers the first, ``joined`` the second.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterable, Iterator

HELD = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))
WAKE = 0.1   # seconds the main thread sleeps at most in ``joined`` before it looks for signals


@contextlib.contextmanager
def held_interrupts() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done, then act: a child started
    and kept in the block is never left running (an orphaned encoder would finish a
    temporary file). The handlers are swapped with the signals blocked, so one that comes
    during the swap is neither lost nor acted on early."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread's handlers
        return
    held: list[int] = []
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        before = {s: signal.signal(s, lambda signum, frame: held.append(signum)) for s in HELD}
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        yield
    finally:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
        try:
            for s, handler in before.items():
                signal.signal(s, handler)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one that came now acts here
        for s in dict.fromkeys(held):
            signal.raise_signal(s)


def joined(threads: Iterable[threading.Thread]) -> None:
    """Wait for ``threads`` to end, waking every ``WAKE`` s: a signal that another thread
    received is acted on then, not when the threads end (a thread feeding a stalled encoder
    never would)."""
    for t in threads:
        while t.is_alive():
            t.join(WAKE)
