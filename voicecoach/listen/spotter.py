"""Spoken commands, offline, with pocketsphinx (no dictation, nothing downloaded).

What the microphone hears is cleaned first (`hearing`: the coach's own sound taken out by
speexdsp's echo canceller, noise suppressed) and cut into sounds. Each sound of a command's
length is decoded twice, with a grammar of commands ("coach" and a command) and with one of
filler words (the session's own words among them); it is taken as a command when the
command reading is better than the filler reading by ``MARGIN`` (log-likelihood per 10 ms
frame, in pocketsphinx's log units). Noise, music and what is left of the coach's voice
read better as filler. The wake word must also sound better than what the filler reads in
its place, or, nearly as good, better than any one other word before the same command
words (a slow "coach" the filler reads as two short words, "ten to").

Times in seconds; audio is signed 16-bit at ``MIC_RATE``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from voicecoach.errors import VoicecoachError
from voicecoach.listen.echo import MIC_RATE
from voicecoach.listen.hearing import FRAME, Segmenter, Sound

WAKE = "coach"
# what is said after the wake word -> command (every word is in the model's dictionary);
# chosen by measurement (issue 26): two-syllable words with distinct vowels, no synonyms;
# "too hard" (issue 23: the exercise playing could not be finished, the m key) against
# "missed that" and "could not", over the same voices, the other commands and the coach's
# own sentences
PHRASES = {"pause": "pause", "continue": "resume", "skip it": "next", "last one": "back",
           "ready": "done", "come again": "repeat", "end workout": "stop",
           "too hard": "missed"}
# words the rest of what the microphone hears can be read as (plus the session's words)
FILLER = (
    "a", "the", "and", "to", "of", "in", "it", "is", "on", "up", "down", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty",
    "seconds", "rest", "set", "sets", "side", "left", "right", "switch", "hold",
    "breathe", "now", "last", "halfway", "squat", "plank", "bridge", "bird", "dog",
    "stretch", "get", "ready", "work", "session", "complete", "good", "keep", "your",
    "hips", "knee", "slowly", "minutes", "more", "with", "for", "i", "you", "we", "they",
    "what", "when", "where", "how", "this", "that", "there", "here", "from", "have", "do",
    "not", "no", "yes", "but", "or", "if", "so", "just", "can", "will", "about", "out",
    "over", "again", "very", "all", "some", "much", "little", "big", "go", "come", "make",
    "take", "see", "look", "know", "think", "want", "like", "feel", "time", "day", "way",
    # the cues' numbers are digits in their texts, said as words
    "zero", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred",
)
MARGIN = 10.0      # the command reading must beat the filler reading by this, per frame
                    # (8 took a counted "seven" as "coach last one", by 8.1)
WAKE_MARGIN = 2.0   # ... and "coach" must sound better than what the filler reads there,
WAKE_NEAR = -5.0    # or at least this good and better than any one other word before the
                    # same command words (development voices in noise: 290 -> 296 of 320
                    # taken; the coach's own sentences with no canceller: 8 -> 11 of 560)
WAKE_LEAST = 0.2    # seconds "coach" takes at least, as the command reading aligns it
WORD_MOST = 1.2     # seconds a command word takes at most (a slow "continue": 1.1 s)
COMMAND_LEAST = 0.25   # ... and the words after "coach" together at least (a sound cut in
                       # the middle of a command: "coach con-" read as "coach ready", 0.23 s;
                       # not the last word alone: the "it" of "skip it" often takes < 0.2 s)
SHORTEST = 0.4      # seconds a command takes at least
SHORT, SHORT_MARGIN = 0.45, 14.0   # a sound shorter than this needs a margin this big (a
                                   # counted "six" read as "coach next" by 11.6)
TOPN = 16           # Gaussians scored per codebook (pocketsphinx's default 4: talk and
                    # counting in the room were taken as commands 11 times in 176, now 4)
QUIET = 0.5         # after a command is taken, nothing that starts within this long of
                    # its end is (the same sound read again; past the segmenter's 0.4 s
                    # JOIN a sound is new speech). 1.5 s lost a command whose sound began
                    # 1.48 s after another's end: development voices 296 -> 299 of 320,
                    # the coach's sentences taken 11 -> 11 of 560
MODELS = {"en": "en-us"}   # language -> the model shipped in pocketsphinx's wheel


class ListenError(VoicecoachError):
    """Listening cannot start: no input device, no recogniser, or no model for the language."""


def model_for(language: str) -> str:
    """The pocketsphinx model directory for ``language`` (e.g. "en", "en-GB")."""
    base = re.split("[-_]", language)[0].lower()
    if base not in MODELS:
        raise ListenError(f"no speech recognition model for language '{language}' "
                          f"(--listen knows: {', '.join(sorted(MODELS))})")
    try:
        import pocketsphinx
    except ImportError as exc:
        raise ListenError(f"the recogniser is not installed ({exc}); pip install pocketsphinx"
                          ) from None
    return os.path.join(pocketsphinx.get_model_path(), MODELS[base])


@dataclass(frozen=True)
class Reading:
    """A decoder's best reading: its ``score`` and its ``spans`` (word, first frame, end
    frame, acoustic score), fillers and silences included (log units; 10 ms frames)."""

    score: float
    spans: list[tuple[str, int, int, float]]

    def words(self) -> list[tuple[str, float]]:
        """The words read, with how long each took (s)."""
        return [(w, (b - a) / 100) for w, a, b, _ in self.spans if w[0] not in "<[("]

    def command(self) -> str | None:
        """The command read after the wake word (None if the words are not one)."""
        return PHRASES.get(" ".join(w for w, _ in self.words()[1:]))

    def against(self, other: Reading, word: str) -> float:
        """How much better ``word`` sounds here than what ``other`` read over the same
        frames (acoustic score per frame; -inf if it was not read)."""
        for w, a, b, score in self.spans:
            if w == word and b > a:
                theirs = sum(s * max(0, min(b, e) - max(a, f)) / (e - f)
                             for _, f, e, s in other.spans if e > f)
                return (score - theirs) / (b - a)
        return float("-inf")


class Spotter:
    """``decide`` a `Sound` (cleaned audio): the command said in it, or None. ``feed``
    takes raw 16 kHz s16 audio (no echo to cancel) and returns the commands in it.
    ``words``: more filler (the session's cues)."""

    def __init__(self, language: str = "en", words: Iterable[str] = (),
                 margin: float = MARGIN) -> None:
        from pocketsphinx import Decoder

        model = model_for(language)
        config = {"hmm": os.path.join(model, "en-us"), "samprate": MIC_RATE,
                  "dict": os.path.join(model, "cmudict-en-us.dict"), "loglevel": "FATAL",
                  "bestpath": False, "cmn": "batch", "topn": TOPN}
        self.decoder = Decoder(**config)
        self.filler = Decoder(maxhmmpf=-1, **config)   # -1: no bound on its search
        said = {w for text in words for w in re.findall(r"[a-z']+", text.lower())}
        # the command words too: only "coach" sets a command apart
        heard = {w for phrase in PHRASES for w in phrase.split()}
        filler = sorted(w for w in set(FILLER) | said | heard if w != WAKE
                        and self.decoder.lookup_word(w) is not None)
        self.decoder.add_jsgf_string("commands", (
            f"#JSGF V1.0; grammar commands; public <s> = {WAKE} <c>;\n"
            f"<c> = {' | '.join(PHRASES)};"))
        for phrase, name in PHRASES.items():   # one other word in the wake word's place
            self.decoder.add_jsgf_string(f"instead_{name}", (
                f"#JSGF V1.0; grammar instead; public <s> = <w> {phrase};\n"
                f"<w> = {' | '.join(filler)};"))
        self.filler.add_jsgf_string("filler", (
            f"#JSGF V1.0; grammar filler; public <s> = <w>+;\n<w> = {' | '.join(filler)};"))
        self.margin = margin
        self.quiet_until = -1.0            # no command taken before this (s)
        self.last: tuple[float, str | None] = (float("nan"), None)  # last sound: margin, command
        # a sound that goes on: its start and the command a look at it read (acted on when
        # a later look at it reads it again: a look cut in the middle of "coach last one"
        # read "coach ready", by 17 a frame)
        self.looked: tuple[float, str] | None = None
        self.cleaner: Any = None
        self.segmenter = Segmenter()

    def _read(self, search: str, audio: np.ndarray) -> Reading | None:
        """The best reading of ``audio`` with the grammar ``search``, if any."""
        d = self.filler if search == "filler" else self.decoder
        d.activate_search(search)
        d.start_utt()
        d.process_raw(audio.tobytes(), False, True)
        d.end_utt()
        hyp = d.hyp()
        if hyp is None or hyp.score <= 0:
            return None
        spans = [(re.sub(r"\(\d+\)$", "", s.word), s.start_frame, s.end_frame + 1,
                  float(d.logmath.log(s.ascore)) if s.ascore > 0 else 0.0)
                 for s in d.seg() or []]
        return Reading(float(d.logmath.log(hyp.score)), spans)

    def read_command(self, audio: np.ndarray) -> str | None:
        """The command the command grammar reads in ``audio`` (int16 at MIC_RATE) with no
        margin and no check: the best the recogniser can do on it (for the benchmark)."""
        reading = self._read("commands", audio)
        return reading.command() if reading else None

    def decide(self, sound: Sound) -> str | None:
        if sound.start < self.quiet_until:
            self.last = (float("nan"), "quiet")
            return None
        command = self._read("commands", sound.audio)
        words = command.words() if command else []
        name = command.command() if command else None
        if (command is None or name is None or sound.end - sound.start < SHORTEST
                or words[0][1] < WAKE_LEAST or max(t for _, t in words[1:]) > WORD_MOST
                or sum(t for _, t in words[1:]) < COMMAND_LEAST):
            self.last = (float("-inf"), name)
            return None
        filler = self._read("filler", sound.audio)
        if filler is None:    # the filler search found no way through: nothing to compare
            margin = wake = float("-inf")
        else:
            margin = (command.score - filler.score) / (len(sound.audio) / FRAME)
            wake = command.against(filler, WAKE)
        self.last = (margin, name)
        short = sound.end - sound.start < SHORT
        least = max(self.margin, SHORT_MARGIN) if short else self.margin
        if margin < least or wake < WAKE_NEAR or (
                wake < WAKE_MARGIN and self._instead(command, name, sound.audio) < 0):
            return None
        if not sound.final and self.looked != (sound.start, name):
            self.looked = (sound.start, name)
            return None
        self.quiet_until = sound.end + QUIET
        return name

    def _instead(self, command: Reading, name: str, audio: np.ndarray) -> float:
        """How much better the command reading is than the best with one other word in
        the wake word's place (log units a frame of "coach"; inf if none fits)."""
        other = self._read(f"instead_{name}", audio)
        if other is None:
            return float("inf")
        frames = next(b - a for w, a, b, _ in command.spans if w == WAKE and b > a)
        return (command.score - other.score) / frames

    def feed(self, pcm: bytes) -> list[str]:
        """Raw audio with no echo: cleaned (noise only), cut and decided."""
        from voicecoach.listen.speex import Cleaner

        if self.cleaner is None:
            self.cleaner, self.rest = Cleaner(MIC_RATE, FRAME, tail=0), np.zeros(0, np.int16)
        samples = np.concatenate([self.rest, np.frombuffer(pcm, np.int16)])
        whole = len(samples) // FRAME * FRAME
        self.rest = samples[whole:]
        taken = []
        for i in range(0, whole, FRAME):
            sound = self.segmenter.frame(self.cleaner.frame_out(samples[i:i + FRAME]))
            if sound is not None and (name := self.decide(sound)) is not None:
                taken.append(name)
        return taken
