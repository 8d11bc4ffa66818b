"""Export end to end with the real voice and real ffmpeg: the decoded file is checked
against `plan --json` — length, every cue's onset, silence elsewhere — and the chapters,
tags, synced lyrics, LRC, playlist and loudness; then names, formats and failures."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, need, sigint_as
from voicecoach.cli import cli

RATE = 22050
ROUTINE = """
    name: Test export
    sessions:
      - name: Legs
        blocks:
          - name: Main
            exercises:
              - {name: Squat, reps: 3, sets: 2, rep_time: 2s, rest: 6s, rest_after: 5s}
              - {name: Side plank, hold: 6s, sides: [right, left], switch_time: 4s}
      - name: Core
        blocks:
          - exercises: [{name: Jumping jacks, time: 12s, countdown: 3}]
"""
AUDIBLE = 10 ** (-40 / 20)   # speech and tones start well above this
QUIET = 10 ** (-55 / 20)     # what counts as silence in the decoded MP3
SLACK = 0.030                # seconds: how far an onset may be from its cue


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def decode(path: Path) -> np.ndarray:
    raw = subprocess.run([need("ffmpeg"), "-v", "error", "-i", str(path), "-f", "s16le",
                          "-ac", "1", "-ar", str(RATE), "-"], capture_output=True,
                         check=True).stdout
    return np.frombuffer(raw, "<i2").astype(np.float64) / 32768


def plan(path: Path) -> list[dict[str, Any]]:
    code, out, err = invoke("plan", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    return data if isinstance(data, list) else [data]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory,
             shared_cache: Path) -> tuple[Path, Path, list[dict[str, Any]]]:
    need("espeak-ng")
    need("ffmpeg")
    import textwrap

    tmp = tmp_path_factory.mktemp("export")
    routine = tmp / "test.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    os.environ["VOICECOACH_CACHE_DIR"] = str(shared_cache)
    plans = plan(routine)
    code, _, err = invoke("export", str(routine), "-o", str(tmp / "out"))
    assert code == 0, err
    return routine, tmp / "out", plans


def check_against_plan(audio: np.ndarray, p: dict[str, Any]) -> None:
    """Every cue audible within SLACK of its start; nothing audible where no cue is."""
    # the plan rounds times to the millisecond: 11 samples
    assert abs(len(audio) - p["duration"] * RATE) <= 0.0005 * RATE + 1
    loud = np.abs(audio) > AUDIBLE
    covered = np.zeros(len(audio), bool)
    for cue in p["cues"]:
        lo, hi = round((cue["start"] - SLACK) * RATE), round(cue["end"] * RATE)
        first = np.flatnonzero(loud[max(lo, 0):hi])
        assert first.size, cue
        onset = (max(lo, 0) + first[0]) / RATE
        assert abs(onset - cue["start"]) <= SLACK, (onset, cue)
        covered[max(lo, 0):round((cue["end"] + SLACK) * RATE)] = True
    stray = np.flatnonzero(~covered & (np.abs(audio) > QUIET))
    assert stray.size == 0, f"sound at {stray[0] / RATE:.3f} s where the plan has none"


def test_mp3_matches_the_plan(exported: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    _, out, plans = exported
    files = sorted(out.glob("*.mp3"))
    assert [f.name for f in files] == ["01-legs.mp3", "02-core.mp3"]
    for f, p in zip(files, plans):
        check_against_plan(decode(f), p)


def test_chapters_tags_and_lyrics(exported: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    from mutagen.id3 import ID3

    _, out, plans = exported
    f, p = out / "01-legs.mp3", plans[0]
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(f)],
        capture_output=True, check=True).stdout)
    chapters = [(round(float(c["start_time"]), 3), round(float(c["end_time"]), 3),
                 c["tags"]["title"]) for c in probe["chapters"]]
    assert chapters == [(c["start"], c["end"], c["title"]) for c in p["chapters"]]
    assert [c[2] for c in chapters] == ["Main: Squat", "Main: Side plank"]
    # ffprobe estimates (it adds the 50 ms encoder delay); the decoded length is exact above
    assert abs(float(probe["format"]["duration"]) - p["duration"]) < 0.1
    tags = ID3(f)
    assert tags.version[:2] == (2, 4)
    assert (str(tags["TIT2"]), str(tags["TALB"]), str(tags["TPE1"]), str(tags["TRCK"])) == \
        ("Legs", "Test export", "voicecoach", "1/2")
    sylt = tags.getall("SYLT")[0]
    assert sylt.format == 2  # milliseconds
    expected = [(c["text"] if c["kind"] == "speech" else "♪", round(c["start"] * 1000))
                for c in p["cues"]]
    assert [(text, ms) for text, ms in sylt.text] == expected
    lrc = (out / "01-legs.lrc").read_text(encoding="utf-8").splitlines()
    assert lrc[:3] == ["[ti:Legs]", "[al:Test export]", "[ar:voicecoach]"]
    timed = [re.fullmatch(r"\[(\d\d):(\d\d\.\d\d)\](.*)", line) for line in lrc[4:]]
    assert all(timed) and len(timed) == len(p["cues"])
    for m, cue in zip(timed, p["cues"]):
        assert m is not None
        assert abs(int(m[1]) * 60 + float(m[2]) - cue["start"]) <= 0.005 + 1e-9
        assert m[3] == (cue["text"] if cue["kind"] == "speech" else "♪")


def test_playlist(exported: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    _, out, plans = exported
    lines = (out / "test-export.m3u8").read_text(encoding="utf-8").splitlines()
    assert lines == ["#EXTM3U", "#PLAYLIST:Test export",
                     f"#EXTINF:{round(plans[0]['duration'])},Test export — Legs",
                     "01-legs.mp3",
                     f"#EXTINF:{round(plans[1]['duration'])},Test export — Core",
                     "02-core.mp3"]


def test_loudness(exported: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    _, out, _ = exported
    for f in sorted(out.glob("*.mp3")):
        report = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(f), "-af",
                                 "ebur128=peak=true", "-f", "null", "-"],
                                capture_output=True, text=True).stderr
        summary = report[report.rindex("Summary:"):]
        lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1])  # type: ignore[index]
        peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)[1])  # type: ignore[index]
        assert -17.0 <= lufs <= -15.0, (f.name, lufs)
        assert peak <= -1.0, (f.name, peak)


def test_split_by_exercise_and_wav(exported: tuple[Path, Path, list[dict[str, Any]]],
                                   tmp_path: Path) -> None:
    routine, _, plans = exported
    code, out, err = invoke("export", str(routine), "-o", str(tmp_path), "--session", "Legs",
                            "--split", "exercise", "--format", "wav")
    assert code == 0, err
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.wav"))
    assert files == ["01-legs/01-main-squat.wav", "01-legs/02-main-side-plank.wav"]
    whole = np.concatenate([decode(tmp_path / f) for f in files])
    check_against_plan(whole, plans[0])
    assert "Wrote 2 files and a playlist to" in out


def test_hostile_names_stay_inside(write: Callable[..., Path], tmp_path: Path) -> None:
    need("espeak-ng")
    evil = '../../escape/..\\\\:*?\\"<>| 💪'
    routine = write(f"""
        name: "{evil}"
        sessions:
          - name: "../{evil}"
            blocks:
              - exercises: [{{name: "/etc/passwd {evil}", time: 2s, countdown: 0}}]
          - name: "..Ω.."
            blocks:
              - exercises: [{{name: "..Ω..", time: 2s, countdown: 0}}]
    """)
    out = tmp_path / "nest" / "out"
    before = set(tmp_path.rglob("*"))
    code, _, err = invoke("export", str(routine), "-o", str(out), "--split", "exercise",
                          "--format", "wav")
    assert code == 0, err
    made = set(tmp_path.rglob("*")) - before
    assert made and all(p.resolve().is_relative_to(out.resolve()) or p == out.parent
                        for p in made)
    names = sorted(p.relative_to(out).as_posix() for p in made if p.is_file())
    assert names == ["01-escape/01-etc-passwd-escape.lrc", "01-escape/01-etc-passwd-escape.wav",
                     "02-session/01-exercise.lrc", "02-session/01-exercise.wav",
                     "escape.m3u8"]


def test_missing_ffmpeg_and_unwritable_folder(write: Callable[..., Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    routine = write("name: R\nblocks:\n  - exercises: [{name: Plank, time: 2s}]\n")
    with monkeypatch.context() as m:
        m.setenv("PATH", str(tmp_path / "empty"))
        code, _, err = invoke("export", str(routine), "-o", str(tmp_path / "a"))
    assert (code, err) == (1, "Error: MP3 export needs ffmpeg (install it: sudo apt-get "
                              "install ffmpeg) or use --format wav\n")
    need("espeak-ng")
    (tmp_path / "file").write_text("not a folder")
    code, _, err = invoke("export", str(routine), "-o", str(tmp_path / "file" / "x"),
                          "--format", "wav")
    assert (code, err) == (1, f"Error: cannot create folder {tmp_path / 'file' / 'x'}: "
                              "Not a directory\n")


STALLED_ENCODER = """#!/bin/sh
# ffmpeg, except that an MP3 encoder makes its output file, says so and then stalls
case " $* " in
  *" libmp3lame "*)
    for out; do :; done
    echo partial > "$out"
    echo $$ >> "$STALLED"
    exec sleep 600 ;;
esac
exec "$REAL_FFMPEG" "$@"
"""


@pytest.mark.parametrize("sig, inherited", [(signal.SIGINT, signal.SIG_DFL),
                                            (signal.SIGINT, signal.SIG_IGN),
                                            (signal.SIGTERM, signal.SIG_DFL),
                                            (signal.SIGKILL, signal.SIG_DFL)])
def test_interrupted_export_leaves_no_final_file(sig: signal.Signals, inherited: signal.Handlers,
                                                 tmp_path: Path, write: Callable[..., Path]
                                                 ) -> None:
    """The export is stopped while its encoders run: they stall (a stand-in ffmpeg on PATH)
    until the test has sent its signal, so nothing depends on the cache or the machine's
    speed. The cache is the test's own, so the islands are always encoded."""
    need("espeak-ng")
    bin_dir, stalled = tmp_path / "bin", tmp_path / "stalled"
    bin_dir.mkdir()
    (bin_dir / "ffmpeg").write_text(STALLED_ENCODER)
    (bin_dir / "ffmpeg").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "REAL_FFMPEG": need("ffmpeg"), "STALLED": str(stalled),
           "VOICECOACH_CACHE_DIR": str(tmp_path / "cache"), "PYTHONFAULTHANDLER": "1"}
    out, said = tmp_path / "out", tmp_path / "stderr"
    # stderr to a file, not a pipe, and the export in a process group of its own: after a
    # SIGKILL an encoder it had just started (not yet in ``stalled``) lives on holding
    # what it inherited; the group is killed at the end, whatever is in it
    with said.open("wb") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach", "export", str(write(ROUTINE)), "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=err_file, cwd=ROOT, env=env,
            preexec_fn=in_own_group(sigint_as(inherited)))
    try:
        deadline = time.monotonic() + 300
        while not stalled.exists():  # an encoder is running (and will until it is killed)
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.01)
        assert list(out.rglob(".*.part*"))
        proc.send_signal(sig)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # say where it hung: faulthandler's stacks
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=30)
            raise AssertionError(f"no exit 60 s after {sig.name}:\n"
                                 f"{said.read_text(errors='replace')}") from None
        encoders = [int(pid) for pid in stalled.read_text().split()]
        left = [pid for pid in encoders if _alive(pid)]
    finally:
        for pid in [int(pid) for pid in stalled.read_text().split()] if stalled.exists() else []:
            with contextlib.suppress(ProcessLookupError):  # left behind by SIGKILL
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    err = said.read_bytes()
    assert list(out.rglob("*.mp3")) == [] and list(out.rglob("*.m3u8")) == []
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        return
    assert proc.returncode == 130
    assert err.decode().endswith("Interrupted.\n")
    assert encoders and left == []  # it stopped every encoder it started
    assert [p for p in out.rglob("*") if p.is_file()] == []  # nothing temporary is left


def in_own_group(then: Callable[[], None]) -> Callable[[], None]:
    """A ``preexec_fn``: the child leads a process group of its own, then ``then``."""
    def child() -> None:
        os.setpgid(0, 0)
        then()

    return child


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
