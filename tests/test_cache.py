"""Issue 13, the clip cache: damaged clips are found and made again (real damaged WAV files on
disk); a cache location that cannot be used costs one warning and the run goes on."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import missing
from tests.disks import fill, tmpfs
from voicecoach.audio.clip import RATE, Clip, wav_bytes
from voicecoach.model import Voice
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.speech import Speech


class Tone:
    """A stand-in voice: a tone 0.5 s + 0.1 s a character long, loud from end to end."""

    engine = "tone 1"

    def __init__(self) -> None:
        self.calls = 0

    def synthesize(self, text: str, voice: Voice) -> Clip:
        self.calls += 1
        n = int(RATE * (0.5 + 0.1 * len(text)))
        t = np.arange(n) / RATE
        return Clip((8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16))

    def voices(self) -> list[object]:
        return []


def speech_in(root: Path, warnings: list[str] | None = None) -> Speech:
    warn = warnings.append if warnings is not None else _no_warning
    return Speech(ClipCache(root, warn), Voice(), synthesizer=Tone())  # type: ignore[arg-type]


def _no_warning(message: str) -> None:
    raise AssertionError(f"unexpected warning: {message}")


def _made(root: Path, text: str = "Rest now.") -> tuple[Speech, Path, Clip]:
    speech = speech_in(root)
    clip = speech.clip(text)
    return speech, speech.cache.path(speech._key(text)), clip


def _patch(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt):]


# Offsets in the 44-byte header: 4 RIFF size, 22 channels, 24 rate, 40 data size.
DAMAGE: dict[str, Callable[[bytes, Clip], bytes]] = {
    "noise in place of the samples": lambda d, c: d[:44] + np.random.default_rng(1).integers(
        -30000, 30000, len(c.samples), dtype=np.int16).astype("<i2").tobytes() + d[44 + 2 * len(
            c.samples):],
    "a valid WAV of half the samples": lambda d, c: wav_bytes(
        Clip(c.samples[: len(c.samples) // 2])),
    "data size that lies": lambda d, c: _patch(d, 40, "<I", len(c.samples)),
    "RIFF size that lies": lambda d, c: _patch(d, 4, "<I", 36 + len(c.samples)),
    "rate that lies": lambda d, c: _patch(d, 24, "<I", 11_025),
    "channels that lie": lambda d, c: _patch(d, 22, "<H", 2),
    "one flipped sample": lambda d, c: d[:1000] + bytes([d[1000] ^ 1]) + d[1001:],
    "truncated": lambda d, c: d[:60],
    "empty": lambda d, c: b"",
    "not a WAV": lambda d, c: b"not a wav at all",
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_clip_is_made_again(tmp_path: Path, damage: str) -> None:
    _, path, clip = _made(tmp_path)
    path.write_bytes(DAMAGE[damage](path.read_bytes(), clip))
    again = speech_in(tmp_path)
    assert again.length("Rest now.") == clip.seconds
    assert np.array_equal(again.clip("Rest now.").samples, clip.samples)
    assert (again.made, again.cache.remade) == (1, 1)
    third = speech_in(tmp_path)  # the clip made again is whole
    assert third.clip("Rest now.").seconds == clip.seconds and third.made == 0


def _settled(path: Path) -> None:
    """Date the clip a minute back, as one made in an earlier run: the index records it."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 60 * 10**9))


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> tuple[int, bytes]:
        raise AssertionError("a clip was read")

    monkeypatch.setattr("voicecoach.speech.cache.decode", refuse)


def test_a_settled_clip_length_comes_from_the_index(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _, path, clip = _made(tmp_path)
    index = tmp_path / "clips" / "lengths"
    assert speech_in(tmp_path).length("Rest now.") == clip.seconds
    assert not index.exists()  # a clip just written is not recorded (its time may not move)
    _settled(path)
    assert speech_in(tmp_path).length("Rest now.") == clip.seconds  # read in full, recorded
    key, size, _, _, frames, rate = index.read_text().split()
    assert (len(key), int(size), int(frames), int(rate)) == (64, path.stat().st_size,
                                                             len(clip.samples), RATE)
    _no_reading(monkeypatch)
    again = speech_in(tmp_path)
    assert again.length("Rest now.") == clip.seconds == int(frames) / RATE
    assert (again.made, again.cache.remade) == (0, 0)


def _indexed(root: Path) -> tuple[Path, Clip]:
    """A clip made in an earlier run, its length read since (so recorded in the index)."""
    _, path, clip = _made(root)
    _settled(path)
    assert speech_in(root).length("Rest now.") == clip.seconds
    return path, clip


def _made_again(root: Path, clip: Clip) -> None:
    again = speech_in(root)
    assert again.length("Rest now.") == clip.seconds
    assert (again.made, again.cache.remade) == (1, 1)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_clip_damaged_after_it_was_indexed_is_made_again(tmp_path: Path,
                                                            damage: str) -> None:
    """The index entry is stale once the file changes (here in place: the same inode, and
    for a flipped sample the same size): the clip is read, found damaged and made again."""
    path, clip = _indexed(tmp_path)
    path.write_bytes(DAMAGE[damage](path.read_bytes(), clip))
    _made_again(tmp_path, clip)


def test_a_clip_replaced_with_the_same_time_is_read_again(tmp_path: Path) -> None:
    """Another file put in the clip's place, even with the recorded time: a new inode."""
    path, clip = _indexed(tmp_path)
    recorded = path.stat().st_mtime_ns
    other = path.with_name("other.wav")
    other.write_bytes(DAMAGE["a valid WAV of half the samples"](path.read_bytes(), clip))
    os.utime(other, ns=(recorded, recorded))
    os.replace(other, path)
    _made_again(tmp_path, clip)


def test_an_unreadable_index_costs_only_reading(tmp_path: Path) -> None:
    _, path, clip = _made(tmp_path)
    _settled(path)
    key = path.stem
    index = tmp_path / "clips" / "lengths"
    index.write_bytes(b"\xff\x00 garbage\n" + f"{key} {path.stat().st_size} 1 1 1 1\n".encode()
                      + f"{key} 1 2 3 4\n".encode())  # the last line of a clip counts
    again = speech_in(tmp_path)
    assert again.length("Rest now.") == clip.seconds  # no line believed: read, recorded
    assert (again.made, again.cache.remade) == (0, 0)
    last = index.read_bytes().splitlines()[-1].decode()
    assert last.split()[::4] == [key, str(len(clip.samples))]


def test_an_index_of_many_lines_is_rewritten_one_line_a_clip(tmp_path: Path) -> None:
    _, path, clip = _made(tmp_path)
    _settled(path)
    st = path.stat()
    line = f"{path.stem} {st.st_size} {st.st_mtime_ns} {st.st_ino} {len(clip.samples)} {RATE}"
    index = tmp_path / "clips" / "lengths"
    index.write_bytes("\n".join([f"{'ab' * 32} 1 1 1 1 1"] * 150 + ["\xff\x00 1 1 1 1 1", line])
                      .encode("latin-1") + b"\n")
    assert speech_in(tmp_path).length("Rest now.") == clip.seconds
    assert index.read_text().splitlines() == [f"{'ab' * 32} 1 1 1 1 1", line]


def test_a_clip_is_read_back_exactly(tmp_path: Path) -> None:
    _, path, clip = _made(tmp_path)
    again = speech_in(tmp_path)
    assert np.array_equal(again.clip("Rest now.").samples, clip.samples)
    assert again.made == 0 and again.cache.remade == 0
    assert path.read_bytes()[:4] == b"RIFF"


def _check_goes_on(root: Path) -> list[str]:
    warnings: list[str] = []
    speech = speech_in(root, warnings)
    for _ in range(2):
        assert speech.length("Rest now.") == pytest.approx(0.5 + 0.1 * 9, abs=0.01)
        assert speech.clip("Go.").seconds == pytest.approx(0.8, abs=0.01)
    assert len(warnings) == 1, warnings
    return warnings


def test_cache_dir_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("x")
    [warning] = _check_goes_on(tmp_path / "cache")
    assert warning.startswith(f"clip cache {tmp_path}/cache/clips")
    assert warning.endswith("going on without it (set VOICECOACH_CACHE_DIR to a writable "
                            "folder)")


def test_clips_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "clips").write_text("x")
    _check_goes_on(tmp_path)


def test_a_clip_subfolder_is_a_file(tmp_path: Path) -> None:
    speech = speech_in(tmp_path)
    for name in ("Rest now.", "Go."):
        sub = speech.cache.path(speech._key(name)).parent
        sub.parent.mkdir(parents=True, exist_ok=True)
        sub.write_text("x")
    _check_goes_on(tmp_path)


def test_a_clip_path_is_a_folder(tmp_path: Path) -> None:
    speech = speech_in(tmp_path)
    speech.cache.path(speech._key("Rest now.")).mkdir(parents=True)
    _check_goes_on(tmp_path)


def test_read_only_cache_folder(tmp_path: Path) -> None:
    """chmod 000 does not stop root (these tests run as root in CI): a read-only tmpfs
    mount is the real thing; without root, chmod is."""
    where = tmp_path / "ro"
    with tmpfs(where, read_only=True) as mounted:
        if not mounted:
            if os.geteuid() == 0:
                missing("root, and mounting is refused: no real read-only folder here")
            where.chmod(0o500)
        try:
            [warning] = _check_goes_on(where)
        finally:
            if not mounted:
                where.chmod(0o700)
        assert "Read-only file system" in warning or "Permission denied" in warning


def test_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "full"
    with tmpfs(where, size_kb=64) as mounted:
        if mounted:
            (where / "clips" / "xx").mkdir(parents=True)
            fill(where)
        else:  # no real full disk here: the OSError is injected where the clip is written
            def full(*args: object, **kwargs: object) -> None:
                raise OSError(28, "No space left on device")

            monkeypatch.setattr("tempfile.mkstemp", full)  # imported where it writes
        [warning] = _check_goes_on(where)
        assert "(disk full)" in warning


def test_plan_goes_on_with_one_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       write: Callable[..., Path]) -> None:
    from tests.conftest import need
    from voicecoach.cli import cli

    need("espeak-ng")
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("VOICECOACH_CACHE_DIR", str(tmp_path / "afile"))
    path = write("name: X\nblocks: [{exercises: [{name: Squat, reps: 2}]}]\n")
    result = CliRunner().invoke(cli, ["plan", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Warning: clip cache ")
    assert len(result.stderr.splitlines()) == 1
    assert "Squat" in result.stdout


def _program(where: Path) -> tuple[Path, Path]:
    """A program that prints its argument and counts its runs in a file beside it."""
    runs = where / "runs"
    exe = where / "prog"
    exe.write_text(f"#!/bin/sh\necho x >> {runs}\necho \"said $1\"\nexit 1\n")
    exe.chmod(0o755)
    return exe, runs


def test_what_a_program_printed_is_kept_while_it_is_the_same(tmp_path: Path) -> None:
    from voicecoach.speech.engines import printed, remembering

    exe, runs = _program(tmp_path)
    memo = tmp_path / "engines.json"
    assert printed(str(exe), "a") == ["said a\n"]  # outside remembering: nothing kept
    assert not memo.exists()
    with remembering(memo):
        assert printed(str(exe), "a", "b") == ["said a\n", "said b\n"]
        assert printed(str(exe), "b", "a") == ["said b\n", "said a\n"]
    assert len(runs.read_text().split()) == 3  # once outside, then a and b once each
    exe.write_text(exe.read_text().replace("said", "says"))  # a new version of the program
    with remembering(memo):
        assert printed(str(exe), "a") == ["says a\n"]
    memo.write_text("[not the memo")
    with remembering(memo):
        assert printed(str(exe), "a") == ["says a\n"]
        assert printed(str(exe), "a") == ["says a\n"]
    assert len(runs.read_text().split()) == 5


def test_speech_keeps_what_flite_printed_beside_the_clips(tmp_path: Path) -> None:
    from tests.conftest import need

    need("flite")
    from voicecoach.speech.engines.flite_engine import Flite

    Flite._asked.cache_clear()  # asked once a process: earlier tests may have asked
    speech = Speech(ClipCache(tmp_path), Voice("flite:rms"))
    assert speech.choice.version.startswith("flite 2.")
    kept = (tmp_path / "clips" / "engines.json").read_text()
    assert "-lv" in kept and "rms" in kept
