"""Issue 13, export: a full disk is one line naming the file; temporary files of killed
exports are removed by the next export into the folder; the track is renamed before its
.lrc."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import need
from tests.disks import tmpfs
from voicecoach.cli import cli

ROUTINE = "name: Short\nblocks: [{exercises: [{name: Squat, reps: 3, rep_time: 1s}]}]\n"
LONG = ("name: Long\nblocks: [{exercises: [{name: Plank, time: 4m, sets: 2, rest: 10s},"
        " {name: Squat, reps: 40, rep_time: 3s}]}]\n")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit)), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("fmt", "size_kb"), [("mp3", 64), ("mp3", 400), ("mp3", 900),
                                              ("wav", 400)])
def test_full_disk_is_one_line(write: Callable[..., Path], tmp_path: Path, fmt: str,
                               size_kb: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real full disk (a small tmpfs); the sizes cut the encoders' files, the joined
    file and the WAV at different points. Without root, ENOSPC is injected where audio is
    written instead."""
    need("espeak-ng")
    need("ffmpeg")
    routine = write(LONG)
    out = tmp_path / "disk" / "out"
    with tmpfs(tmp_path / "disk", size_kb=size_kb) as mounted:
        if not mounted:
            def full(*args: object, **kwargs: object) -> None:
                raise OSError(28, "No space left on device")

            monkeypatch.setattr("voicecoach.audio.ffmpeg.WavWriter.write", full)
            monkeypatch.setattr("voicecoach.export.formats.mp3._join", full)
        code, _, err = invoke("export", str(routine), "-o", str(out), "--format", fmt)
        left = sorted(p.name for p in out.iterdir())
    assert (code, err) == (1, f"Error: disk full while writing {out}/01-long.{fmt}\n")
    assert left == []


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_next_export_removes_stale_parts_of_dead_exports(write: Callable[..., Path],
                                                          tmp_path: Path) -> None:
    need("espeak-ng")
    out = tmp_path / "out"
    out.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    stale = [f".01-short.mp3.{dead}.part", f".01-short.mp3.{dead}.part.0",
             f".01-short.mp3.{dead}.part.3", f".01-short.lrc.{dead}.part",
             f".other.wav.{dead}.part"]
    kept = [f".01-short.mp3.{alive}.part.1", ".hidden", "notes.part", f"x.{dead}.part"]
    for name in stale + kept:
        (out / name).write_bytes(b"\0" * 1000)
    code, _, err = invoke("export", str(write(ROUTINE)), "-o", str(out), "--format", "wav")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*kept, "01-short.wav", "01-short.lrc", "short.m3u8"])


def test_track_is_renamed_before_its_lrc(write: Callable[..., Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    need("espeak-ng")
    renamed: list[str] = []
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).parent == tmp_path / "o":  # not the clip cache's renames
            renamed.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr("voicecoach.export.exporter.os.replace", replace)
    code, _, _ = invoke("export", str(write(ROUTINE)), "-o", str(tmp_path / "o"), "--format",
                        "wav")
    assert code == 0
    assert renamed == ["01-short.wav", "01-short.lrc", "short.m3u8"]


def test_wav_export_without_ffmpeg_says_nothing_extra(write: Callable[..., Path],
                                                      tmp_path: Path) -> None:
    import shutil
    import sys

    espeak = need("espeak-ng")
    bin_dir = tmp_path / "bin"  # a PATH with espeak-ng and no ffmpeg
    bin_dir.mkdir()
    (bin_dir / "espeak-ng").symlink_to(espeak)
    assert shutil.which("ffmpeg", path=str(bin_dir)) is None
    proc = subprocess.run([sys.executable, "-m", "voicecoach", "export", str(write(ROUTINE)),
                           "-o", str(tmp_path / "o"), "--format", "wav"],
                          capture_output=True, text=True, env={**os.environ, "PATH": str(bin_dir)},
                          check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
