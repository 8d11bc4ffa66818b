"""The loudness of exports with music, measured in the files as written, over three kinds
of music: real game music from Debian (torus-trooper-data, OGG electronic at about -10.5
LUFS; scripts/test installs it) and songs made by tests/music.make_song (a loud, clipped
electronic track in OGG and a quiet, wide-dynamic, wide-stereo orchestral one in MP3),
each under the real voice. The whole
MP3 measures -16 ±1 LUFS (ffmpeg's ebur128) with true peaks ≤ -1 dBTP (so does the WAV),
and the bed between cues sits where --music-level says, ±1 LU from the speech (WAV with and without music: the
difference is the bed alone). The bed's limiter and levelling are checked alone too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import missing, need
from tests.music import make_song
from tests.test_export import RATE, decode, invoke, plan
from voicecoach.audio import bed as B
from voicecoach.audio import loudness

ROUTINE = """\
name: Levels
blocks:
  - name: Main
    exercises:
      - {name: Squat, reps: 6, sets: 2, rep_time: 3s, rest: 20s, rest_after: 10s}
      - {name: Side plank, hold: 30s, sides: [right, left], switch_time: 5s}
      - {name: Wall sit, time: 45s}
"""
KINDS = {"loud": "song.ogg", "wide": "song.mp3", "debian": "tt1.ogg"}
DEBIAN = Path("/usr/share/games/torus-trooper/sounds/musics")   # torus-trooper-data


def lufs(x: np.ndarray) -> float:
    """BS.1770 integrated loudness of float samples at ``RATE``, by voicecoach's meter."""
    curve = loudness.energy_curve(loudness.weighted(x, RATE, tail=0.0)[:len(x)])
    n, hop = round(loudness.BLOCK * RATE), round(loudness.HOP * RATE)
    starts = np.arange(0, len(curve) - n, hop)
    return loudness.integrated((curve[starts + n] - curve[starts]) / n)


def ebur128(path: Path) -> tuple[float, float]:
    """ffmpeg's integrated loudness (LUFS) and true peak (dBTP) of a file."""
    out = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af",
                          "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    summary = out[out.rindex("Summary:"):]
    found = [re.search(rf"{k}:\s+(-?[\d.]+)", summary) for k in ("I", "Peak")]
    assert found[0] and found[1], summary
    return float(found[0][1]), float(found[1][1])


@pytest.fixture(scope="module", params=sorted(KINDS))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             shared_cache: Path) -> dict[str, Any]:
    need("espeak-ng")
    need("ffmpeg")
    tmp = tmp_path_factory.mktemp(f"levels-{request.param}")
    tunes = tmp / "tunes"
    tunes.mkdir()
    if request.param == "debian":
        if not (DEBIAN / "tt1.ogg").is_file():
            missing("Debian's torus-trooper-data is not installed (scripts/test installs it)")
        shutil.copy(DEBIAN / "tt1.ogg", tunes)
    else:
        make_song(tunes / KINDS[request.param], 50.0, request.param)
    routine = tmp / "r.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    os.environ["VOICECOACH_CACHE_DIR"] = str(shared_cache)
    out = {}
    for name, args in (("mp3", ["--music", str(tunes)]),
                       ("voice", ["--format", "wav"]),
                       ("bed", ["--format", "wav", "--music", str(tunes),
                                "--music-level", "-6"])):
        code, _, err = invoke("export", str(routine), "-o", str(tmp / name), *args)
        assert code == 0, err
        out[name] = next((tmp / name).glob("*.mp3" if name == "mp3" else "*.wav"))
    # the automatic level, in a cache of its own: the level it chose is the one kept there
    os.environ["VOICECOACH_CACHE_DIR"] = str(tmp / "cache")
    code, _, err = invoke("export", str(routine), "-o", str(tmp / "auto"), "--format", "wav",
                          "--music", str(tunes))
    os.environ["VOICECOACH_CACHE_DIR"] = str(shared_cache)
    assert code == 0, err
    (kept,) = (tmp / "cache" / "levels").glob("*.json")
    chosen = json.loads(kept.read_text())["bed"]
    return {"plan": plan(routine)[0], "auto": next((tmp / "auto").glob("*.wav")),
            "chosen": chosen, **out}


def test_the_whole_mp3_measures_minus_16_lufs_under_minus_1_dbtp(
        exported: dict[str, Any]) -> None:
    integrated, peak = ebur128(exported["mp3"])
    assert -17.0 <= integrated <= -15.0
    assert peak <= -1.0


@pytest.mark.parametrize("which", ["bed", "auto"])
def test_the_bed_between_cues_sits_at_the_music_level(exported: dict[str, Any],
                                                      which: str) -> None:
    """``bed``: --music-level -6; ``auto``: the level the automatic rule chose (-10 LU,
    raised while the whole would measure under -16 LUFS; at most 0)."""
    level = -6.0 if which == "bed" else exported["chosen"]
    assert -10.0 <= level <= 0.0
    voice, mixed = decode(exported["voice"]), decode(exported[which])
    bed = mixed - voice
    cues = [c for c in exported["plan"]["cues"]
            if c["end"] < exported["plan"]["duration"] - B.FADE_OUT]
    gaps = [bed[round((c["end"] + B.RELEASE + 0.1) * RATE):
                round((n["start"] - B.LEAD - B.ATTACK - 0.05) * RATE)]
            for c, n in zip(cues, cues[1:]) if n["start"] - c["end"] > 2.0]
    assert sum(map(len, gaps)) > 60 * RATE    # a minute of bed between cues at least
    between = lufs(np.concatenate(gaps))
    assert abs(between - (lufs(voice) + level)) <= 1.0, (between, lufs(voice), level)
    assert ebur128(exported[which])[1] <= -1.0    # the WAV's true peak, speech over music


def test_the_limiter_keeps_every_frame_under_the_ceiling_and_eases() -> None:
    peaks = np.ones(400) * 0.1
    peaks[200] = 1.0                          # one frame 20 dB over the rest
    g = loudness.smooth_limit(peaks, 2.0, 0.5)
    assert np.all(peaks * g <= 0.5 + 1e-9)
    assert g[0] == 2.0 and g[-1] == 2.0       # untouched far from the peak
    assert np.abs(np.diff(g)).max() < 1.5 / 9  # the 1.5 it takes off, over 19 frames
    assert np.array_equal(loudness.smooth_limit(peaks, 0.4, 0.5), np.full(400, 0.4))


def test_a_track_is_levelled_to_its_loudness_though_limited() -> None:
    """Noise with peaks 20 dB over its loudness, to -16 LUFS under a -2.5 dBTP ceiling:
    a plain gain would pass the ceiling; the limited gain meets both."""
    rng = np.random.default_rng(3)
    frame, n = 105, 2100 * 20                 # 20 s of frames
    energy = np.full(n, 0.01 * frame)         # each frame's K-weighted energy
    peaks = np.full(n, 0.3)
    peaks[::200] = 3.0                        # a transient every 0.95 s
    energy *= rng.uniform(0.5, 1.5, n)
    g = loudness.level_frames(energy, peaks, -16.0, 10 ** (-2.5 / 20), frame, 22050)
    assert abs(loudness.frames_lufs(energy * g * g, frame, 22050) - -16.0) < 0.1
    assert (peaks * g).max() <= 10 ** (-2.5 / 20) + 1e-9
