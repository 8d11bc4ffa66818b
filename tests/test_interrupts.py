"""Signals while encoders and their feeding threads run (``audio.interrupts``)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from voicecoach.audio.interrupts import held_interrupts, joined


class Stop(Exception):
    pass


@pytest.fixture
def seen() -> Iterator[list[int]]:
    """SIGTERM and SIGUSR1 recorded (SIGUSR1 also raises ``Stop``) instead of acted on."""
    got: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        got.append(signum)
        if signum == signal.SIGUSR1:
            raise Stop

    before = {s: signal.signal(s, note) for s in (signal.SIGTERM, signal.SIGUSR1)}
    try:
        yield got
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def test_a_signal_another_thread_received_is_acted_on_while_the_threads_run(
        seen: list[int]) -> None:
    """The kernel hands a process's signal to another thread while the main thread has it
    blocked (inside ``vfork``); the main thread, waiting for that thread, acts on it before
    the thread ends (a thread feeding a stalled encoder never ends by itself)."""
    release, ended = threading.Event(), threading.Event()

    def wait() -> None:   # until released, or 20 s (so that a failing test ends)
        until = time.monotonic() + 20
        while not release.is_set() and time.monotonic() < until:   # a signal may wake it
            release.wait(until - time.monotonic())
        ended.set()

    worker = threading.Thread(target=wait, daemon=True)
    worker.start()
    assert worker.ident is not None
    # sent from a third thread once the main thread waits (sent before, the main thread
    # would act on it at once, waiting or not)
    threading.Timer(0.3, signal.pthread_kill, (worker.ident, signal.SIGUSR1)).start()
    try:
        with pytest.raises(Stop):
            joined([worker])
        # acted on while the thread still ran (not is_alive(): Python 3.11's join, once
        # interrupted, marks the thread stopped)
        assert not ended.is_set()
    finally:
        release.set()
        assert ended.wait(30)
    assert seen == [signal.SIGUSR1]


def test_held_interrupts_acts_after_the_block_with_the_handler_it_had(seen: list[int]) -> None:
    with held_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        assert seen == []
        assert signal.getsignal(signal.SIGTERM) is not signal.getsignal(signal.SIGUSR1)
    assert seen == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is signal.getsignal(signal.SIGUSR1)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) & {signal.SIGINT, signal.SIGTERM} == set()
