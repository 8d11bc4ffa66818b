"""Intelligibility of the voices: an offline recogniser's word error rate (pocketsphinx,
US English model and general language model from its wheel) over the distinct cue texts of
the shipped routines, and synthesis speed on one core.

The recogniser is a harsh proxy for a listener, hard on every synthetic voice; the ranking
is what matters. Clips are the ones voicecoach plays (resampled, trimmed, faded), taken to
16 kHz for the recogniser.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import numpy as np

from voicecoach.audio.clip import Clip, resample
from voicecoach.model import Voice
from voicecoach.phrases import ENGLISH
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.routine.reader import load_routine
from voicecoach.speech.cache import ClipCache
from voicecoach.speech.engines import MODULES, engine
from voicecoach.speech.speech import Speech
from voicecoach.speech.voices import default_id

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.18
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        rest = "" if n % 100 == 0 else " " + number_words(n % 100)
        return f"{ONES[n // 100]} hundred{rest}"
    rest = "" if n % 1000 == 0 else " " + number_words(n % 1000)
    return f"{number_words(n // 1000)} thousand{rest}"


def words(text: str) -> list[str]:
    """What a listener should hear, as lower-case words (numbers spelt out)."""
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    return re.sub(r"[^a-z' ]+", " ", text.casefold().replace("-", " ")).split()


def distance(ref: list[str], hyp: list[str]) -> int:
    """Word edit distance (substitutions, insertions, deletions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def cue_texts(voice: str | None = None) -> list[tuple[str, str]]:
    """The distinct speech cues of the shipped English routines (every session, normal
    verbosity), as the compiler makes them with ``voice``'s lengths: (what a listener
    should hear — the written text, units in words —, what the voice is given). A routine
    in another language is spoken by a voice of that language, which neither the default
    voice nor this English recogniser is for."""
    cues: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        speech = Speech(ClipCache(Path(tmp)), Voice(voice))
        for path in sorted((ROOT / "routines").glob("*.yaml")):
            routine = load_routine(path)
            if (routine.language or "en") != "en":
                continue
            for session in routine.sessions:
                tl = compile_session(routine, session, PlanOptions(), speech.length)
                cues.update((ENGLISH.spoken(c.text), c.spoken) for c in tl.cues
                            if c.kind == "speech")
        getattr(speech.synth, "close", lambda: None)()
    return sorted(cues)


class Recogniser:
    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=16000, loglevel="FATAL")

    def __call__(self, clip: Clip) -> list[str]:
        pcm = resample(clip, 16_000).samples
        pad = np.zeros(4000, dtype=np.int16)  # a quarter second of silence each side
        self.decoder.start_utt()
        self.decoder.process_raw(np.concatenate([pad, pcm, pad]).tobytes(), full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr.split() if hyp is not None else []


def measure(voice: str, cues: list[tuple[str, str]], cache: Path,
            recognise: Recogniser) -> tuple[float, float]:
    """(word error rate, synthesis speed as times real time on one core) of ``voice``:
    each cue's clip (made as play and export make it, the voice's respellings applied)
    against the words a listener should hear."""
    speech = Speech(ClipCache(cache), Voice(voice))
    synth, engine_voice = speech.synth, speech._engine_voice()
    start, seconds = time.perf_counter(), 0.0
    for _, spoken in cues:  # one at a time: speed on one core
        seconds += synth.synthesize(spoken, engine_voice).seconds
    speed = seconds / (time.perf_counter() - start)
    errors = total = 0
    for heard, spoken in cues:
        ref = words(heard)
        errors += distance(ref, recognise(speech.clip(spoken)))
        total += len(ref)
    close = getattr(synth, "close", None)
    if close is not None:
        close()
    return errors / total, speed


def installed_voices() -> list[str]:
    """The English voices of every installed engine except pyttsx3's long list, for which
    only its US English and default voices are measured."""
    out = []
    for name in MODULES:
        eng = engine(name)
        if not eng.available():
            continue
        if name == "pyttsx3":
            out += ["pyttsx3:", "pyttsx3:en-us"]
        else:
            out += [v.id for v in eng.voices() if v.languages[0].startswith("en")]
    return out


def run(tmp: Path, every: bool = True) -> None:
    default = default_id()
    texts = cue_texts()
    recognise = Recogniser()
    voices = installed_voices() if every else [default]
    if default not in voices:
        voices.insert(0, default)
    n = sum(len(words(heard)) for heard, _ in texts)
    for voice in voices:
        wer, speed = measure(voice, texts, tmp / "voice-cache", recognise)
        mark = " (default)" if voice == default else ""
        goal = f" (goal <= {GOAL:.0%})" if voice == default else ""
        print(f"voice {voice}{mark}: WER {wer:.1%} over {len(texts)} cue texts, {n} words"
              f"{goal}; synthesis {speed:.0f}x real time on one core")
