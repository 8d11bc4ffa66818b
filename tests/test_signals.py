"""Issue 13: closing the terminal (SIGHUP) stops play like SIGTERM, and every start is on
record, even one stopped before the first cue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, need
from voicecoach.history import History

TINY = "name: Tiny\nblocks: [{exercises: [{name: Plank, time: 20s, countdown: 0}]}]\n"


def test_sighup_stops_play_cleanly_and_is_recorded(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    routine = write(TINY)
    proc = subprocess.Popen([sys.executable, "-m", "voicecoach", "play", str(routine),
                             "--output", "silent"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                            env=dict(os.environ))
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("00:00  Tiny.")
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=20)
    assert (proc.returncode, err) == (130, "Interrupted.\n")
    assert [e.status for e in History(_default_path()).entries()] == ["stopped"]


def test_a_start_stopped_at_once_is_recorded(write: Callable[..., Path],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    need("espeak-ng")
    from voicecoach.cli import cli

    def stop(*args: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the session is being prepared

    monkeypatch.setattr("voicecoach.live.session.leveller_for", stop)
    result = CliRunner().invoke(cli, ["play", str(write(TINY)), "--output", "silent"])
    assert (result.exit_code, result.stderr) == (130, "Interrupted.\n")
    [entry] = History(_default_path()).entries()
    assert (entry.status, entry.silent, entry.counts) == ("stopped", True, False)


def _default_path() -> Path:
    from voicecoach.app.environment import default_data_dir

    return default_data_dir() / "history.sqlite3"
