"""Music under the coach, end to end with the real voice, real ffmpeg and test music made
with ffmpeg: the exported file decoded and checked against `plan --json` (speech onsets),
the bed ducked under every cue, the crossfade, the fade-out, loudness and true peak; the
tracks named in the tags and the .lrc; bad music reported in one line before any work."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import need
from tests.music import make_track
from tests.test_export import RATE, SLACK, decode, invoke, plan
from voicecoach.audio import bed as B
from voicecoach.audio.music import Track

ROUTINE = """\
name: Music test
music: tunes
blocks:
  - name: Main
    exercises:
      - {name: Squat, reps: 4, sets: 2, rep_time: 2s, rest: 8s, rest_after: 5s}
      - {name: Side plank, hold: 10s, sides: [right, left], switch_time: 4s}
"""
TRACK = 30.0   # seconds of each test track: the session repeats them


def rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-20))


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> dict[str, Any]:
    """The routine exported as MP3 with its music (``music: tunes``), and as WAV with and
    without music (the difference is the bed alone: WAV is exact)."""
    need("espeak-ng")
    need("ffmpeg")
    need("ffprobe")
    tmp = tmp_path_factory.mktemp("music")
    tunes = tmp / "tunes"
    tunes.mkdir()
    make_track(tunes / "01 low.mp3", TRACK, 220.0)
    make_track(tunes / "02 high.flac", TRACK, 311.0)
    (tunes / "03 broken.mp3").write_bytes(bytes(range(256)) * 64)
    routine = tmp / "r.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    plain = tmp / "plain.yaml"
    plain.write_text(ROUTINE.replace("music: tunes\n", ""), encoding="utf-8")
    os.environ["VOICECOACH_CACHE_DIR"] = str(shared_cache)
    p = plan(routine)[0]
    code, _, err = invoke("export", str(routine), "-o", str(tmp / "mp3"))
    assert code == 0, err
    wavs = {}
    for name, path in (("voice", plain), ("music", routine)):
        code, _, e = invoke("export", str(path), "-o", str(tmp / name), "--format", "wav")
        assert code == 0, e
        wavs[name] = decode(next((tmp / name).glob("*.wav")))
    return {"tmp": tmp, "plan": p, "err": err, "mp3": next((tmp / "mp3").glob("*.mp3")),
            "tunes": tunes, "bed": wavs["music"] - wavs["voice"], **wavs}


def reference_bed(tunes: Path, total: int) -> np.ndarray:
    """The same bed without ducking or the final fade: what the ducked one is measured by."""
    tracks = [Track(tunes / "01 low.mp3", round(TRACK * RATE)),
              Track(tunes / "02 high.flac", round(TRACK * RATE))]
    plan = B.BedPlan(tracks, total, [])
    plan.fade_out = 0
    bed = B.MusicBed(plan, -20.0)
    try:
        return bed.block(0, total).astype(np.float64)
    finally:
        bed.close()


def test_corrupt_track_in_folder_is_skipped_with_one_warning(session: dict[str, Any]) -> None:
    lines = [line for line in session["err"].splitlines() if "broken" in line]
    assert len(lines) == 1 and re.fullmatch(r"Warning: skipping .*03 broken\.mp3: .+", lines[0])


def test_tracks_named_in_tags_and_lrc(session: dict[str, Any]) -> None:
    from mutagen.id3 import ID3

    comment = str(ID3(session["mp3"]).getall("COMM")[0])  # type: ignore[no-untyped-call]
    assert comment.endswith("Music: 01 low.mp3; 02 high.flac.")
    lrc = session["mp3"].with_suffix(".lrc").read_text(encoding="utf-8").splitlines()
    assert "[music:01 low.mp3; 02 high.flac]" in lrc[:6]


def test_speech_onsets_match_the_plan(session: dict[str, Any]) -> None:
    """Each cue found in the MP3 with music by cross-correlating its audio from the
    voice-only WAV around where the plan puts it."""
    audio, voice, p = decode(session["mp3"]), session["voice"], session["plan"]
    assert abs(len(audio) - p["duration"] * RATE) <= 0.0005 * RATE + 1
    search = round(0.1 * RATE)
    for cue in p["cues"]:
        a, b = round(cue["start"] * RATE), round(cue["end"] * RATE)
        ref = voice[a:b]
        window = audio[max(0, a - search):b + search]
        corr = np.correlate(window, ref, mode="valid")
        lag = int(np.argmax(corr)) + max(0, a - search) - a
        assert abs(lag) <= SLACK * RATE, (cue, lag / RATE)


def test_bed_is_ducked_under_every_cue(session: dict[str, Any]) -> None:
    bed, p = session["bed"], session["plan"]
    ref = reference_bed(session["tunes"], len(bed))
    fade_from = p["duration"] - B.FADE_OUT

    def gain(a: float, b: float) -> float:
        lo, hi = max(0, round(a * RATE)), round(b * RATE)
        return rms_db(bed[lo:hi]) - rms_db(ref[lo:hi])

    cues = [c for c in p["cues"] if c["end"] < fade_from]
    gaps = [(c["end"] + B.RELEASE + 0.1, n["start"] - B.LEAD - B.ATTACK - 0.05)
            for c, n in zip(cues, cues[1:])
            if n["start"] - c["end"] > B.RELEASE + B.ATTACK + B.LEAD + 0.5]
    assert len(gaps) >= 5
    between = [(a, gain(a, b)) for a, b in gaps]
    for c in cues:
        # the bed between cues nearest this one (each track has its own gain)
        level = min(between, key=lambda g: abs(g[0] - c["start"]))[1]
        # already down before the cue starts (look-ahead), and all through it
        assert gain(c["start"] - B.LEAD, c["end"]) <= level - 12.0, c


def test_loudness_and_true_peak(session: dict[str, Any]) -> None:
    out = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(session["mp3"]),
                          "-af", "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    summary = out[out.rindex("Summary:"):]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1])  # type: ignore[index]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)[1])  # type: ignore[index]
    assert -17.0 <= lufs <= -15.0
    assert peak <= -1.0


def test_crossfade_between_tracks(session: dict[str, Any]) -> None:
    """Around the first change of track both are heard; before it only the first, after
    it only the second (chords on 220 Hz and 311 Hz: no note in common)."""
    ref = reference_bed(session["tunes"], len(session["bed"]))
    change = TRACK - B.XFADE / 2    # the middle of the first crossfade

    def level(at: float, hz: float) -> float:
        x = ref[round((at - 0.5) * RATE):round((at + 0.5) * RATE)]
        spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
        return float(spectrum[round(hz * len(x) / RATE)])

    before, middle, after = change - 4, change, change + 4
    assert level(before, 311) < 0.05 * level(before, 220)
    assert level(after, 220) < 0.05 * level(after, 311)
    assert level(middle, 220) > 0.3 * level(before, 220)
    assert level(middle, 311) > 0.3 * level(after, 311)


def test_fade_out_at_the_end(session: dict[str, Any]) -> None:
    bed = session["bed"]
    ref = reference_bed(session["tunes"], len(bed))
    end = len(bed)
    last = rms_db(bed[end - RATE // 4:]) - rms_db(ref[end - RATE // 4:])
    assert last < -20.0
    assert np.abs(bed[-20:]).max() < 1e-3


def bad_music(kind: str, d: Path) -> Path:
    """Music that cannot be used, of each kind."""
    if kind == "empty folder":
        (d / "empty").mkdir()
        (d / "empty" / "notes.txt").write_text("x")
        return d / "empty"
    if kind == "corrupt track":
        (d / "noise.mp3").write_bytes(bytes(range(256)) * 64)
        return d / "noise.mp3"
    if kind == "unsupported format":
        (d / "text.txt").write_text("not music")
        return d / "text.txt"
    if kind == "playlist with a missing track":
        (d / "list.m3u8").write_text("#EXTM3U\ngone.mp3\n")
        return d / "list.m3u8"
    return d / "missing.mp3"


@pytest.mark.parametrize("kind, message", [
    ("missing file", r"music not found: .*missing\.mp3"),
    ("empty folder", r"no audio files in folder .*empty"),
    ("corrupt track", r"cannot use .*noise\.mp3 as music: .+"),
    ("unsupported format", r"cannot use .*text\.txt as music: ffmpeg cannot read it as "
                           r"audio \(Invalid data found when processing input\)"),
    ("playlist with a missing track", r"music file not found: .*gone\.mp3"),
])
def test_bad_music_is_one_error_line_before_any_work(tmp_path: Path, kind: str,
                                                      message: str) -> None:
    need("ffprobe")
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE.replace("music: tunes\n", ""), encoding="utf-8")
    code, _, err = invoke("export", str(routine), "-o", str(tmp_path / "out"), "--music",
                          str(bad_music(kind, tmp_path)))
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert re.fullmatch(f"Error: {message}", err.strip()), err
    assert not (tmp_path / "out").exists()


def test_schedule_repeats_and_crossfades() -> None:
    tracks = [Track(Path("a"), 10 * RATE), Track(Path("b"), 20 * RATE)]
    slots = B.schedule(tracks, 100 * RATE)
    xf = round(B.XFADE * RATE)
    assert [s.track for s in slots][:4] == [0, 1, 0, 1]
    for a, b in zip(slots, slots[1:]):
        assert b.at == a.at + a.length - xf and a.fade_out == b.fade_in == xf
    assert slots[-1].at + slots[-1].length >= 100 * RATE > slots[-1].at


def test_ducking_looks_ahead_and_releases() -> None:
    d = B.Ducking([(10 * RATE, 12 * RATE)])
    t = np.array([9.0, 10 - B.LEAD - B.ATTACK, 10 - B.LEAD, 11, 12, 12 + B.RELEASE / 2,
                  12 + B.RELEASE, 14]) * RATE
    db = d.db(t.round().astype(np.int64))
    assert db[0] == 0 and db[1] == pytest.approx(0, abs=0.01)
    assert db[2:5] == pytest.approx([B.DUCK_DB] * 3, abs=0.01)
    assert db[5] == pytest.approx(B.DUCK_DB / 2, abs=0.1) and db[6] == db[7] == 0
    # cues closer than the ramps keep the music down in between: no pumping
    close = B.Ducking([(0, RATE), (RATE + RATE // 2, 2 * RATE)])
    assert close.db(np.arange(RATE, RATE + RATE // 2)).max() == B.DUCK_DB


class Recorder:
    """A sink that keeps what it is given and never waits."""

    def __init__(self) -> None:
        self.blocks: list[np.ndarray] = []

    def write(self, block: np.ndarray) -> None:
        self.blocks.append(np.asarray(block, np.float64))

    def played(self) -> int:
        return sum(len(b) for b in self.blocks)

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


class Quiet:
    def cue(self, cue: object, at: float) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def status(self, status: object) -> None:
        pass

    def close(self) -> None:
        pass


def test_live_plays_the_same_mix(session: dict[str, Any]) -> None:
    """The player, given the live mixer with the same music, writes the samples of the
    exported WAV (to 16-bit rounding)."""
    from voicecoach.app import jobs as app
    from voicecoach.app.environment import Environment
    from voicecoach.audio.music import find_music
    from voicecoach.live import session as live
    from voicecoach.live.keys import NoKeys
    from voicecoach.live.player import Player
    from voicecoach.settings import Settings

    env = Environment()
    job = app.make_job(session["tmp"] / "r.yaml", None, Settings())
    speech = app.make_speech(job, env)
    tl = app.timelines(job, speech)[0]
    levels = live.leveller_for(tl, speech, env.cache_dir, find_music(session["tunes"]))
    sink = Recorder()
    try:
        Player(tl, levels, sink, NoKeys(), Quiet(), lambda t: np.zeros(1, np.float32)).run(0.0)
    finally:
        assert levels.bed is not None
        levels.bed.close()  # type: ignore[attr-defined]
    played = np.concatenate(sink.blocks)
    exported = session["music"]
    assert len(played) == len(exported)
    assert np.abs(played - exported).max() < 3 / 32768
