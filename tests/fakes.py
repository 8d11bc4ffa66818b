"""Real fakes for the injected Environment: a clock that jumps instead of waiting, a fixed
date, in-memory streams, and folders under the test's own temporary directory."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from voicecoach.app.environment import Environment


class FakeClock:
    """Monotonic seconds that move only when something waits (then at once)."""

    def __init__(self) -> None:
        self.t = 100.0
        self.waited = 0.0

    def now(self) -> float:
        return self.t

    def sleep_until(self, t: float) -> None:
        if t > self.t:
            self.waited += t - self.t
            self.t = t


class FakeDate:
    """Local time that moves with a fake clock, from a fixed Wednesday noon (UTC+1)."""

    def __init__(self, clock: FakeClock,
                 start: datetime = datetime(2026, 11, 18, 12, 0,
                                            tzinfo=timezone(timedelta(hours=1)))) -> None:
        self.clock, self.start, self.t0 = clock, start, clock.now()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now() - self.t0)


def fake_env(cache: Path, data: Path, clock: FakeClock | None = None) -> Environment:
    """Not a terminal: nothing waits for a key, no question is asked."""
    clock = clock or FakeClock()
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                       stdin_isatty=False, stdout_isatty=False, clock=clock,
                       now=FakeDate(clock), cache_dir=cache, data_dir=data)
