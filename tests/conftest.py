"""Shared fixtures. Real tools (espeak-ng, ffmpeg, PulseAudio) are required under CI=true:
a test that needs a missing one fails there, and is skipped only on a developer machine."""

from __future__ import annotations

import os
import shutil
import signal
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(tool: str) -> str:
    """The path of a required program; fails under CI, skips elsewhere, if it is missing."""
    path = shutil.which(tool)
    if path is None:
        missing(f"{tool} is required for this test and is not installed")
    assert path is not None
    return path


def missing(message: str) -> None:
    """A real part a test needs is not there: a failure under CI, a skip elsewhere."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def sigint_as(disposition: signal.Handlers) -> Callable[[], None]:
    """A ``preexec_fn`` starting a child with SIGINT as given, whatever the test's own is
    (a background non-interactive shell leaves it ``SIG_IGN``)."""
    def child() -> None:
        signal.signal(signal.SIGINT, disposition)

    return child


def fake_length(text: str) -> float:
    """A deterministic stand-in for the voice: 0.3 s plus 60 ms a character; numbers
    up to 99 take 0.5 s, like espeak's short number words."""
    if text.isdigit() and len(text) <= 2:
        return 0.5
    return 0.3 + 0.06 * len(text)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clip cache for the whole run, so real-voice tests synthesize each phrase once."""
    return tmp_path_factory.mktemp("clipcache")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, shared_cache: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("VOICECOACH_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("VOICECOACH_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a routine file (dedented) and return its path."""

    def _write(text: str, name: str = "r.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
