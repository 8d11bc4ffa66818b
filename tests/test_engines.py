"""Speech engine plugins with the real engines that scripts/setup installs (flite, festival
with the HTS slt voice, pyttsx3 with espeak-ng), voice ids, the default voice and its
fallback, clip edges, resampling, tones and the `voices` command."""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import need
from voicecoach.audio import loudness
from voicecoach.audio.clip import FADE, RATE, Clip, fade, resample
from voicecoach.cli import cli
from voicecoach.errors import SpeechError
from voicecoach.model import Voice
from voicecoach.routine.reader import load_routine
from voicecoach.speech import engines
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.engines import split
from voicecoach.speech.engines.pyttsx3_engine import engine_version
from voicecoach.speech.speech import Speech
from voicecoach.speech.voices import DEFAULT_ORDER, check, choose, default_id

# engine → (the program scripts/setup installs for it, a voice of it)
INSTALLED = {"festival": ("festival", "festival:slt"), "flite": ("flite", "flite:rms"),
             "pyttsx3": ("espeak-ng", "pyttsx3:en-us")}
TEXT = "Switch to the left side."


def _engine(name: str) -> engines.Engine:
    need(INSTALLED[name][0])
    eng = engines.engine(name)
    if not eng.available():
        from tests.conftest import missing

        missing(f"the {name} engine is not usable here")
    return eng


@pytest.mark.parametrize("name", sorted(INSTALLED))
def test_engine_makes_a_clip_at_its_declared_rate(name: str) -> None:
    eng = _engine(name)
    voice_id = INSTALLED[name][1]
    info = next(v for v in eng.voices() if v.id == voice_id)
    synth = eng.synthesizer()
    try:
        clip = synth.synthesize(TEXT, Voice(eng.resolve(split(voice_id)[1]), None, 1.0))
    finally:
        getattr(synth, "close", lambda: None)()
    assert clip.samples.dtype == np.int16 and clip.samples.ndim == 1
    assert clip.rate == info.rate > 0
    assert 0.8 < clip.seconds < 4.0                      # six syllables, with some silence
    assert clip.peak() > 3000                            # audible, not noise or silence
    assert synth.engine.startswith(name if name != "pyttsx3" else "espeak-ng")


@pytest.mark.parametrize("name", sorted(INSTALLED))
def test_speech_clip_is_decoded_at_the_shared_rate_with_faded_edges(
        name: str, tmp_path: Path) -> None:
    _engine(name)
    speech = Speech(ClipCache(tmp_path), Voice(INSTALLED[name][1]))
    clip = speech.clip(TEXT)
    with wave.open(str(speech.cache.path(speech._key(TEXT))), "rb") as w:  # as cached
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (RATE, 1, 2)
    assert clip.rate == RATE and 0.7 < clip.seconds < 3.5
    s = clip.samples.astype(np.int32)
    assert abs(s[0]) <= 1 and abs(s[-1]) <= 1
    n = int(FADE * RATE)
    assert np.abs(np.diff(s[:n])).max() < 2000 and np.abs(np.diff(s[-n:])).max() < 2000


@pytest.mark.parametrize("name", ["festival", "flite"])
def test_rate_changes_the_length(name: str, tmp_path: Path) -> None:
    _engine(name)
    voice = INSTALLED[name][1]
    slow = Speech(ClipCache(tmp_path), Voice(voice, 120)).length("Breathe in slowly and deeply.")
    fast = Speech(ClipCache(tmp_path), Voice(voice, 260)).length("Breathe in slowly and deeply.")
    assert fast < slow * 0.7


def test_voice_ids() -> None:
    assert split("flite:rms") == ("flite", "rms")
    assert split("Festival: slt") == ("festival", "slt")
    assert split("pyttsx3:en-us") == ("pyttsx3", "en-us")
    assert split("en-us") == ("pyttsx3", "en-us")              # unqualified: pyttsx3
    assert split("gmw/en-US") == ("pyttsx3", "gmw/en-US")


def test_default_is_the_most_intelligible_installed_voice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _engine("flite")
    _engine("festival")
    assert DEFAULT_ORDER == ("flite:rms", "festival:slt")  # by the voice benchmark's WER
    assert default_id() == "flite:rms"
    assert choose(None) == choose("flite:rms")
    monkeypatch.setattr(type(engines.engine("flite")), "available", lambda self: False)
    assert default_id() == "festival:slt"                 # the next one when flite is missing


def test_fallback_to_pyttsx3_when_the_default_engines_are_missing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    need("espeak-ng")
    for name in ("festival", "flite"):
        monkeypatch.setattr(type(engines.engine(name)), "available", lambda self: False)
    assert default_id() == "pyttsx3:"
    speech = Speech(ClipCache(tmp_path), Voice())
    assert speech.choice.engine == "pyttsx3"
    clip = speech.clip("Rest 30 seconds.")
    assert clip.rate == RATE and clip.seconds > 0.5 and speech.made == 1
    with pytest.raises(SpeechError, match=r"^the flite speech engine is not installed"):
        choose("flite:rms")


def test_missing_programs_make_engines_unavailable(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("platform.system", lambda: "Linux")
    engine_version.cache_clear()
    try:
        assert not any(engines.engine(n).available() for n in engines.MODULES)
        with pytest.raises(SpeechError, match=r"^no speech engine found \(install one: "):
            Speech(ClipCache(tmp_path), Voice()).length("Go.")
    finally:
        engine_version.cache_clear()


def test_unknown_voices_and_engines() -> None:
    _engine("flite")
    _engine("festival")
    with pytest.raises(SpeechError, match=r"unknown voice 'flite:nosuch'"):
        choose("flite:nosuch")
    with pytest.raises(SpeechError, match=r"unknown voice 'festival:nosuch'"):
        choose("festival:nosuch")
    assert check("flite:rms") is None and check("festival:slt") is None
    assert "unknown speech engine 'klingon'" in (check("klingon:x") or "")


def test_validate_checks_engine_qualified_voices_where_they_are_written(
        write: Callable[..., Path]) -> None:
    _engine("flite")
    routine = """
        name: T
        voice: {voice: "flite:nosuch", rate: 160}
        blocks:
          - exercises: [{name: A, reps: 3}]
    """
    bad = write(routine)
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {bad}:2:16: voice.voice: no installed voice "
                             "'flite:nosuch' (list them with 'voicecoach voices')\n")
    ok = write(routine.replace("nosuch", "slt"), "ok.yaml")
    assert CliRunner().invoke(cli, ["validate", str(ok)]).exit_code == 0
    assert load_routine(ok).voice.voice == "flite:slt"


def test_voices_command_lists_every_engine_and_marks_the_default() -> None:
    for name in INSTALLED:
        _engine(name)
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ENGINE", "ID", "LANGUAGE", "GENDER", "RATE"]
    marked = [line for line in lines if line.startswith("*")]
    assert len(marked) == 1 and marked[0].split()[1:5] == ["flite", "flite:rms",
                                                          "en-us", "male"]
    rows = {line[2:].split()[1]: line[2:].split() for line in lines[1:]}
    assert rows["flite:rms"] == ["flite", "flite:rms", "en-us", "male", "16000", "Hz"]
    assert rows["pyttsx3:en-us"][:3] == ["pyttsx3", "pyttsx3:en-us", "en-us"]


def test_clips_are_made_in_parallel_and_match(tmp_path: Path) -> None:
    _engine("festival")
    texts = [f"Rest {n} seconds." for n in (11, 12, 13, 14, 15, 16)]
    speech = Speech(ClipCache(tmp_path / "a"), Voice("festival:slt"))
    speech.gather(lambda length: [length(t) for t in texts])
    assert speech.made == len(texts)
    one = Speech(ClipCache(tmp_path / "b"), Voice("festival:slt"))
    for t in texts[:2]:
        assert np.array_equal(one.clip(t).samples, speech.clip(t).samples)
    assert speech.made == len(texts)  # from the cache


def test_a_warm_cache_needs_one_run(tmp_path: Path) -> None:
    """gather returns ``run``'s result only when no length was guessed: cold, None (the
    caller runs again with the true lengths); warm, the same values the true lengths give."""
    _engine("flite")
    texts = ["Rest 21 seconds.", "Next: Side plank.", "Halfway."]
    cold = Speech(ClipCache(tmp_path), Voice("flite:rms"))
    assert cold.gather(lambda length: [length(t) for t in texts]) is None
    warm = Speech(ClipCache(tmp_path), Voice("flite:rms"))
    first = warm.gather(lambda length: [length(t) for t in texts])
    assert first == [cold.length(t) for t in texts] and warm.made == 0
    assert all(0.3 < s < 3.0 for s in first)  # true lengths, not guesses of 0 or the like


def test_cache_key_holds_engine_version_voice_and_settings(tmp_path: Path) -> None:
    _engine("flite")
    keys = {Speech(ClipCache(tmp_path), Voice(v, r, vol))._key("Hi.")
            for v, r, vol in [("flite:rms", None, 1.0), ("flite:slt", None, 1.0),
                              ("flite:rms", 200, 1.0), ("flite:rms", None, 0.5)]}
    assert len(keys) == 4
    speech = Speech(ClipCache(tmp_path), Voice("flite:rms"))
    base = speech._key("Hi.")
    object.__setattr__(speech, "_choice", speech.choice.__class__(
        "flite", "rms", "flite 9.9"))
    assert speech._key("Hi.") != base


def test_resampler_keeps_the_band_and_rejects_what_would_alias() -> None:
    def sine(freq: float, rate: int) -> Clip:
        t = np.arange(rate) / rate
        return Clip((10_000 * np.sin(2 * np.pi * freq * t)).astype(np.int16), rate)

    def level(clip: Clip) -> float:
        return float(np.abs(clip.samples[1000:-1000]).max())

    for src, dst in ((16_000, RATE), (32_000, RATE), (RATE, 16_000), (8_000, RATE)):
        out = resample(sine(1000, src), dst)
        assert out.rate == dst and abs(len(out.samples) - dst) <= 1
        assert 9800 < level(out) < 10_200
    assert level(resample(sine(12_000, 32_000), RATE)) < 100     # above 11.025 kHz: gone
    assert level(resample(sine(10_000, RATE), 16_000)) < 100     # above 8 kHz: gone


def test_fade_starts_and_ends_at_zero() -> None:
    samples = np.full(RATE // 2, 9000, dtype=np.int16)  # as if cut mid-waveform
    out = fade(Clip(samples)).samples.astype(np.int32)
    assert out[0] == 0 and abs(out[-1]) <= 1
    assert np.abs(np.diff(out)).max() < 200
    assert np.array_equal(out[len(out) // 4: -len(out) // 4], samples[len(out) // 4: -len(out) // 4])


@pytest.fixture(params=["flite:rms", "festival:slt", "pyttsx3:en"])
def exported(request: pytest.FixtureRequest, write: Callable[..., Path],
             tmp_path: Path) -> tuple[np.ndarray, list[Any]]:
    """(samples, cues) of a short session exported as WAV, with a voice of each engine
    (espeak-ng's `en` starts "Right side." and "Rest 8 seconds." mid-waveform)."""
    need("ffmpeg")
    _engine(split(request.param)[0])
    voice = ["--voice", request.param]
    path = write("""
        name: Edges
        blocks:
          - exercises:
              - {name: Squat, reps: 4, rep_time: 2s, sets: 2, rest: 8s}
              - {name: Side plank, hold: 12s, sides: [right, left], switch_time: 4s}
    """)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["export", str(path), "-o", str(out), "--format", "wav",
                                   *voice])
    assert run.exit_code == 0, run.output
    plan = CliRunner().invoke(cli, ["plan", str(path), "--json", *voice])
    import json

    cues = json.loads(plan.stdout)["cues"]
    wav = next(out.glob("*.wav"))
    raw = subprocess.run([need("ffmpeg"), "-v", "error", "-i", str(wav), "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, "<i2").astype(np.int32), cues


def test_exported_cues_start_and_end_without_a_click(
        exported: tuple[np.ndarray, list[Any]]) -> None:
    """No sample-to-sample step above a small threshold in the first and last milliseconds
    of every cue in an exported WAV."""
    pcm, cues = exported
    edge = int(0.003 * RATE)  # 3 ms, inside the 10 ms fades
    for c in cues:
        a, b = round(c["start"] * RATE), round(c["end"] * RATE)
        for lo in (max(0, a - 2), max(0, b - edge)):
            window = pcm[lo: lo + edge + 2]
            assert np.abs(np.diff(window)).max() < 1500, (c["text"], lo)


def test_tones_are_as_loud_as_speech_in_an_export(
        exported: tuple[np.ndarray, list[Any]]) -> None:
    """Loudness over each cue (K-weighted, ungated): every tone within 1.5 LU of the
    median speech cue."""
    pcm, cues = exported
    x = loudness.weighted(pcm / loudness.FULL_SCALE, RATE)

    def lufs(c: dict[str, Any]) -> float:
        span = x[round(c["start"] * RATE): round(c["end"] * RATE)]
        return float(-0.691 + 10 * np.log10(np.mean(np.square(span))))

    speech = float(np.median([lufs(c) for c in cues if c["kind"] == "speech"]))
    tones = [lufs(c) for c in cues if c["kind"] == "tone"]
    assert tones and all(abs(t - speech) < 1.5 for t in tones), (speech, tones)


def test_warm_flite_workers_make_the_programs_own_samples(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Phrases made by the warm workers (libflite loaded once) are those of one run of the
    flite program each, byte for byte, at any rate; without the workers, the program."""
    from voicecoach.speech.engines import flite_engine

    need("flite")
    synth = flite_engine.ENGINE.synthesizer()
    runs: list[str] = []
    real = subprocess.run

    def run(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        runs.extend(cmd[:1])
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    texts = [TEXT, "-3, 2, 1. Go!", "Rest 1 minute 15 seconds."]
    try:
        for voice in (Voice("rms", None, 1.0), Voice("slt", 150, 0.8)):
            warm = [synth.synthesize(t, voice) for t in texts]
            assert synth._warm and not runs  # no program was run
            synth._warm = False
            program = [synth.synthesize(t, voice) for t in texts]
            synth._warm = True
            assert len(runs) == len(texts)
            runs.clear()
            for a, b in zip(warm, program):
                assert a.rate == b.rate and np.array_equal(a.samples, b.samples)
    finally:
        synth.close()
