"""The speech adapter and clip cache with the real engine (espeak-ng through pyttsx3)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import need
from voicecoach.audio.clip import PAD, RATE, SILENCE, Clip
from voicecoach.errors import SpeechError
from voicecoach.model import Voice
from voicecoach.settings import cache_key
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.engines import pyttsx3_engine
from voicecoach.speech.engines.pyttsx3_engine import Pyttsx3Synthesizer, engine_version
from voicecoach.speech.speech import Speech


@pytest.fixture
def speech(tmp_path: Path) -> Speech:
    need("espeak-ng")
    return Speech(ClipCache(tmp_path), Voice())


def test_clip_is_trimmed_mono_at_the_shared_rate(speech: Speech) -> None:
    clip = speech.clip("Switch to the left side.")
    assert clip.rate == RATE == 22_050
    assert 0.8 < clip.seconds < 2.5
    pad = int(PAD * RATE)
    edges = np.abs(clip.samples.astype(np.int32))
    # audible within the padding at both ends: espeak's ~0.3 s of trailing silence is gone
    assert edges[: pad + 2].max() > SILENCE
    assert edges[-pad - 2 :].max() > SILENCE


def test_length_comes_from_the_cache_without_the_engine(speech: Speech, tmp_path: Path) -> None:
    first = speech.length("Rest 30 seconds.")
    assert speech.made == 1
    again = Speech(ClipCache(tmp_path), Voice())
    assert again.length("Rest 30 seconds.") == first
    assert again.made == 0 and again._synth is None  # the engine was never started


def test_cache_key_covers_engine_voice_rate_volume_and_what() -> None:
    def key(engine: str, voice: str, rate: int, volume: float, text: str) -> str:
        return cache_key(engine, Voice(voice, rate, volume), "clip", text)

    base = key("espeak-ng 1.51", "en-us", 170, 1.0, "Hi.")
    assert len({base, key("espeak-ng 1.52", "en-us", 170, 1.0, "Hi."),
                key("espeak-ng 1.51", "en-gb", 170, 1.0, "Hi."),
                key("espeak-ng 1.51", "en-us", 171, 1.0, "Hi."),
                key("espeak-ng 1.51", "en-us", 170, 0.5, "Hi."),
                key("espeak-ng 1.51", "en-us", 170, 1.0, "Hi!"),
                cache_key("espeak-ng 1.51", Voice("en-us", 170, 1.0), "levels", "Hi.")}) == 7


def test_faster_rate_gives_shorter_clip(tmp_path: Path) -> None:
    need("espeak-ng")
    slow = Speech(ClipCache(tmp_path), Voice(rate=120)).length("Breathe in slowly and deeply.")
    fast = Speech(ClipCache(tmp_path), Voice(rate=300)).length("Breathe in slowly and deeply.")
    assert fast < slow * 0.6


def test_corrupt_entry_is_rebuilt(speech: Speech, tmp_path: Path) -> None:
    speech.clip("Halfway.")
    key = speech._key("Halfway.")
    path = speech.cache.path(key)
    path.write_bytes(path.read_bytes()[:60])  # truncated file
    again = Speech(ClipCache(tmp_path), Voice())
    clip = again.clip("Halfway.")
    assert again.made == 1 and clip.seconds > 0.3
    path.write_bytes(b"not a wav at all")
    third = Speech(ClipCache(tmp_path), Voice())
    assert third.length("Halfway.") > 0.3 and third.made == 1


def test_voice_is_resolved_by_short_id_and_unknown_voice_is_an_error() -> None:
    need("espeak-ng")
    synth = Pyttsx3Synthesizer()
    assert synth.resolve("en-us").endswith("en-us")
    with pytest.raises(SpeechError, match=r"^unknown voice 'no-such-voice' \(list them with"):
        synth.resolve("no-such-voice")


def test_missing_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    engine_version.cache_clear()
    try:
        with pytest.raises(SpeechError) as info:
            engine_version()
        assert str(info.value) == ("no speech engine found "
                                   "(install espeak-ng: sudo apt-get install espeak-ng)")
    finally:
        engine_version.cache_clear()


class _Silent:
    engine = "silent 1"

    def synthesize(self, text: str, voice: Voice) -> Clip:
        return Clip(np.zeros(RATE, dtype=np.int16))

    def voices(self) -> list[object]:
        return []


def test_silent_clip_is_an_error_not_silence(tmp_path: Path) -> None:
    speech = Speech(ClipCache(tmp_path), Voice(), synthesizer=_Silent())  # type: ignore[arg-type]
    with pytest.raises(SpeechError, match=r"made only silence for 'Go\.'"):
        speech.clip("Go.")
    assert not list(tmp_path.rglob("*.wav"))


def _writer(root: str, n: int) -> None:
    cache = ClipCache(Path(root))
    for i in range(200):
        samples = np.full(2000 + (i % 7), i + n, dtype=np.int16)
        cache.put(f"{i % 10:02d}key", Clip(samples))


def test_two_processes_share_the_cache_safely(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), n)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = ClipCache(tmp_path)
    for i in range(10):
        clip = cache.get(f"{i:02d}key")
        assert clip is not None and len(set(clip.samples.tolist())) == 1
    assert not [p for p in tmp_path.rglob(".tmp-*")]
    assert os.listdir(tmp_path / "clips")


def test_alternating_voice_settings_in_one_process_stay_right() -> None:
    """pyttsx3 keeps one engine per process and applies changed settings unreliably; the
    adapter gives each setting its own worker, so every clip has the rate it asked for."""
    need("espeak-ng")
    synth = Pyttsx3Synthesizer()
    try:
        lengths = {120: [], 300: []}  # type: dict[int, list[float]]
        for i in range(24):
            rate = (120, 300)[i % 2 if i < 12 else (i // 3) % 2]
            clip = synth.synthesize("Breathe in slowly and deeply.", Voice(rate=rate, volume=1.0))
            lengths[rate].append(clip.seconds)
        # a clip at the other setting's rate would be ~1.8x off; same-rate clips agree
        assert min(lengths[120]) > 1.5 * max(lengths[300])
        assert max(lengths[120]) - min(lengths[120]) < 0.05
        assert max(lengths[300]) - min(lengths[300]) < 0.05
    finally:
        synth.close()


class LateDriver:
    """pyttsx3's espeak driver as seen on a busy machine: runAndWait() returns 10 ms after it
    queues the phrase, and espeak's own thread writes the file later (here 0.2 s), then says
    'finished-utterance'."""

    def __init__(self) -> None:
        self.finished: list[Any] = []
        self.path = ""

    def setProperty(self, name: str, value: object) -> None:
        pass

    def connect(self, topic: str, callback: Any) -> None:
        assert topic == "finished-utterance"
        self.finished.append(callback)

    def save_to_file(self, text: str, path: str) -> None:
        self.path = path

    def runAndWait(self) -> None:
        def write(path: str) -> None:
            with wave.open(path, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(22_050)
                w.writeframes(b"\x01\x00" * 22_050)
            for callback in self.finished:
                callback(name=None, completed=True)
        threading.Timer(0.2, write, (self.path,)).start()


def test_a_phrase_is_read_once_the_engine_has_finished_it(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Before, the adapter read the file when the run loop returned: on a loaded machine a clip
    came out cut short (the real engine, 2 in 48 fresh workers beside 2 busy cores)."""
    monkeypatch.setattr(pyttsx3_engine, "start_engine", LateDriver)
    engine = pyttsx3_engine.Engine(Voice(rate=120, volume=1.0))
    try:
        rate, frames = engine.say("Breathe in slowly and deeply.")
    finally:
        engine.close()
    assert rate == 22_050 and frames == b"\x01\x00" * 22_050  # the whole second, as written


@pytest.mark.parametrize(("written", "said"), [
    ("Ährenstretch", "Ahrenstretch"), ("Pliés", "Plies"), ("ÅÄÖ ßüñ", "AAO ssun"),
    ("ǅǈǋ", "DzLjNj")])
def test_latin_letters_the_english_voice_lacks_are_transliterated(
        speech: Speech, written: str, said: str) -> None:
    """The default (English) voice gets ASCII: a good try, the same clip as the plain
    spelling, never silence; the written text stays as it was for display."""
    assert speech.said(written) == said
    clip = speech.clip(written)
    assert clip.seconds > 0.3 and np.array_equal(clip.samples, speech.clip(said).samples)


def test_a_german_voice_keeps_its_own_letters() -> None:
    from voicecoach.speech.letters import ascii_only, sayable

    assert not ascii_only("pyttsx3", "de") and ascii_only("flite", "rms")
    assert ascii_only("pyttsx3", "en-us") and ascii_only("pyttsx3", "")
    assert sayable("Ährenstretch ǅ", ascii_only=False) == "Ährenstretch Dž"


def test_a_lone_letter_of_another_alphabet_is_read_as_a_symbol() -> None:
    from voicecoach.routine.problems import foreign_script
    from voicecoach.speech.letters import sayable

    assert foreign_script("Δ-raise") is None and sayable("Δ-raise", True) == "D-raise"
    assert foreign_script("αβ") is not None and foreign_script("Squat 中") is not None
