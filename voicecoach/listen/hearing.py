"""What the microphone hears, made ready for the recogniser: the coach's own sound (the
mix the player sent to the speaker) taken out by an echo canceller, noise suppressed, and
the rest cut into stretches of speech-like sound.

`Echo` (in `echo`) lines up what was played with what is heard.
While nothing has played for ``SILENT_BEFORE`` seconds before a sound and through it, the
sound is read from the microphone cleaned of noise only: the canceller has nothing to take
out then, and what it hands over reads a little worse.
`Segmenter` finds sounds (10 ms frames whose 300–3000 Hz energy stands ``ON_DB`` over the
recent floor and, while the coach makes sound, ``GATE`` over what the canceller is measured
to leave of it) and hands over each one that ends, with ``PAD`` seconds either side.

Times in seconds; the microphone's audio is int16 at ``MIC_RATE``.
"""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, replace

import numpy as np

from voicecoach.listen.echo import MIC_RATE, NEAR, SEARCH, Echo

FRAME = 160          # 10 ms at MIC_RATE: the canceller's and the segmenter's step
JOIN = 0.4           # a sound that starts this soon after one ends is taken with it
GOING_DB = 5.0       # dB more it takes to keep a sound going than to start one
ON_DB, HANG, PAD = 10.0, 0.15, 0.3  # a sound: this far over the floor; ends after HANG quiet
SHORTEST, LONGEST = 0.3, 2.5        # sounds outside these lengths are not commands
STEP = 0.2         # a sound that goes on past MOST (a command's usual length) is looked at
MOST = 1.1         # this often, so that a command followed by more sound is taken in time
FLOOR_SPAN = 500                    # frames (5 s) the floor is the 20th percentile of
ECHO_SPAN = 25       # frames (0.25 s): the echo heard now comes from what played this long
ECHO_LOUD = -20.0    # dB (band energy of what was played): the coach is making sound
LEAK_SPAN = 300      # frames (3 s) of the coach's sound the canceller's leak is taken over
LEAK_LEAST = 100     # frames of it before it counts (until then, 0 dB: a sound must stand
                     # GATE over what is played)
LEAK_PART = 50       # percentile of (heard - played) then: what the canceller leaves
GATE = 15.0          # over the coach, a sound must stand this far over what is left of it
SILENT = 300         # int16 peak: what played is silence under this (about -40 dBFS)
SILENT_BEFORE = 0.5  # seconds of silence played before a sound (the room's echo dies out)
                     # for it to be read cleaned of noise only (development voices' live
                     # tapes: margin +0.3 a frame in the median, flite slt's 'coach pause'
                     # 8.1 -> 10.6, taken; 102 -> 103 of 104)


@dataclass(frozen=True)
class Sound:
    """A stretch of cleaned audio: ``audio`` (int16, padded), from ``start`` to ``end``
    seconds of the microphone's stream (unpadded)."""

    audio: np.ndarray
    start: float
    end: float
    final: bool = True   # False: the sound goes on


class Segmenter:
    """Feed cleaned 10 ms frames; ``frame`` returns a `Sound` when one has ended, and every
    ``STEP`` seconds while one goes on (``final`` False: so a command is taken without
    waiting for the end of what follows it)."""

    def __init__(self) -> None:
        self.energies: deque[float] = deque(maxlen=FLOOR_SPAN)
        self.floor = 0.0
        self.frames = 0
        self.keep: deque[np.ndarray] = deque(maxlen=round((LONGEST + 3 * PAD) * 100))
        self.begun: int | None = None           # first loud frame of the current sound
        self.last = 0                           # last loud frame
        freqs = np.fft.rfftfreq(2 * FRAME, 1 / MIC_RATE)
        self.band = (freqs >= 300) & (freqs <= 3000)
        self.window = np.hanning(2 * FRAME)
        self.prev = np.zeros(FRAME, np.int16)
        self.leaks: deque[float] = deque(maxlen=LEAK_SPAN)
        self.run = 0             # loud frames in a row
        self.ended = (0, -1000)  # the first and last loud frames of the last sound
        self.leak = 0.0          # dB heard over played while the coach sounds (0: none learnt)

    def restart(self) -> None:
        """The stream starts again from its first frame; what was learnt of the room (the
        floor, the canceller's leak) is kept."""
        self.frames, self.begun, self.last, self.run, self.ended = 0, None, 0, 0, (0, -1000)
        self.keep.clear()
        self.prev = np.zeros(FRAME, np.int16)

    def energy(self, pcm: np.ndarray, prev: np.ndarray) -> float:
        """The 300-3000 Hz energy (dB) of a 10 ms frame (windowed with the one before)."""
        spectrum = np.fft.rfft(np.concatenate([prev, pcm]) / 32768 * self.window)
        return float(10 * np.log10(np.sum(np.abs(spectrum[self.band]) ** 2) + 1e-10))

    def frame(self, pcm: np.ndarray, echo: float | None = None) -> Sound | None:
        """``echo``: the loudest band energy (dB, `energy`) of what played over the last
        ``ECHO_SPAN`` frames, when the coach's sound is being taken out."""
        energy = self.energy(pcm, self.prev)
        self.prev = pcm
        self.energies.append(energy)
        if self.frames % 10 == 0:
            self.floor = float(np.percentile(self.energies, 20))
        loud = energy > self.floor + ON_DB + (0.0 if self.begun is None else GOING_DB)
        if echo is not None and echo > ECHO_LOUD:
            if self.begun is None:    # not while someone may be talking over the coach
                self.leaks.append(energy - echo)
            if self.frames % 10 == 0 and len(self.leaks) >= LEAK_LEAST:
                self.leak = float(np.percentile(self.leaks, LEAK_PART))
            loud = loud and energy > echo + self.leak + GATE
        self.run = self.run + 1 if loud else 0
        i, self.frames = self.frames, self.frames + 1
        self.keep.append(pcm)
        # once quiet, a sound goes on only with two loud frames in a row (noise that
        # crosses the line now and then does not hold it open)
        if loud and len(self.energies) > 50 and (self.run >= 2 or i == self.last + 1
                                                 or self.begun is None):
            if self.begun is None:   # a sound soon after one that ended: one sound
                self.begun = self.ended[0] if i - self.ended[1] <= JOIN * 100 else i
            self.last = i
            length = i + 1 - self.begun    # (a longer one than LONGEST is talk: never looked at)
            most, step = round(MOST * 100), round(STEP * 100)
            if most <= length <= LONGEST * 100 and (length - most) % step == 0:
                return self._sound(self.begun, i + 1, final=False)
            return None
        if self.begun is None or i - self.last <= HANG * 100:
            return None
        begun, self.begun = self.begun, None
        self.ended = (begun, self.last)
        if not SHORTEST <= (self.last + 1 - begun) / 100 <= LONGEST:
            return None
        return self._sound(begun, self.last + 1, final=True)

    def _sound(self, begun: int, end: int, final: bool) -> Sound:
        """Frames ``begun`` to ``end`` (and PAD before; after, what has come since)."""
        first = begun - round(PAD * 100) - (self.frames - len(self.keep))
        audio = np.concatenate(list(self.keep)[max(0, first):])
        return Sound(audio, begun / 100, end / 100, final)


class Ear:
    """The microphone's audio in, `Sound` s out: what was played (`played`) is lined up
    every ``ALIGN_EVERY`` seconds and taken out, then noise; then the sounds are cut."""

    ALIGN_EVERY, ALIGN_OVER, FIRST_EVERY = 2.0, 3.0, 0.5   # seconds
    EARLY = 10.0   # seconds heard before the echo is first found that are cleaned again
    WARM = 2       # ... after the canceller has learnt the room from them this many times
    RELEARN = 3    # a sound over the coach in the first EARLY seconds: passes of a new
                   # canceller over all heard so far, the last one giving its audio
    STALE = 1.5    # seconds: a sound found again that ended longer ago is not handed over

    def __init__(self, played_rate: int, debug: bool = False) -> None:
        from voicecoach.listen.speex import Cleaner

        self.echo, self.cleaner, self.segmenter = Echo(played_rate), Cleaner(), Segmenter()
        self.plain = Cleaner(tail=0)          # noise only, for sounds over silence
        keep = self.segmenter.keep.maxlen or 0
        self.plains: deque[np.ndarray] = deque(maxlen=keep)   # beside the segmenter's frames
        self.peaks: deque[int] = deque(maxlen=keep + round(SILENT_BEFORE * 100))
        self.early: list[np.ndarray] | None = []   # all heard, until the echo is found
        self.opening: list[np.ndarray] = []        # all heard in the first EARLY seconds
        self.given = 0.0                      # where the last sound handed over ended (s)
        self.recent = np.zeros(0, np.int16)   # the last ALIGN_OVER seconds heard
        self.fed = 0                          # samples heard so far
        self.first: float | None = None       # monotonic time of the first sample heard
        self.aligned = False                  # the echo has been found at least once
        self.played_energy: deque[float] = deque([-100.0], maxlen=ECHO_SPAN)
        self.played_prev = np.zeros(FRAME, np.int16)
        self.debug = debug

    def played(self, block: np.ndarray, due: float) -> None:
        """``block`` (floats) reaches the speaker at monotonic time ``due``."""
        self.echo.played(block, due)

    def hear(self, pcm: np.ndarray, start: float) -> list[Sound]:
        """``pcm`` (int16, heard from monotonic time ``start``): the sounds that ended or
        went on in it."""
        if self.first is None:
            self.first = start
        span = round(self.ALIGN_OVER * MIC_RATE)
        self.recent = np.concatenate([self.recent, pcm])[-span:]
        # until the echo is first found, it is looked for every FIRST_EVERY seconds
        every = round((self.ALIGN_EVERY if self.aligned else self.FIRST_EVERY) * MIC_RATE)
        self.fed += len(pcm)
        if self.fed <= self.EARLY * MIC_RATE:
            self.opening.append(pcm)
        if self.early is not None:
            self.early.append(pcm)
            if self.fed > self.EARLY * MIC_RATE:
                self.early = None
        if self.fed % every < len(pcm) and len(self.recent) >= MIC_RATE:
            lag = self.echo.align(self.recent, start + (len(pcm) - len(self.recent)) / MIC_RATE,
                                  NEAR if self.aligned else SEARCH, confirm=self.aligned)
            if self.debug:
                print(f"listen: {self.fed / MIC_RATE:.1f} s: echo lag {lag}, shift "
                      f"{self.echo.shift:.3f} s", file=sys.stderr, flush=True)
            if lag is not None and not self.aligned:
                self.aligned = True
                if self.early is not None:
                    return self._given(self._again(np.concatenate(self.early),
                                                   start + (len(pcm) - self.fed) / MIC_RATE))
        sounds = self._clean(pcm, start)
        if self.aligned and self.fed <= self.EARLY * MIC_RATE:
            sounds = [self._relearnt(s) for s in sounds]
        return self._given(sounds)

    def _relearnt(self, sound: Sound) -> Sound:
        """A sound heard over the coach in the first seconds (the canceller is still
        learning the room), cleaned again by a new canceller taught ``RELEARN`` times from
        everything heard so far (development voices' live tapes: the first command's
        margin 14.4 -> 18.4 a frame in the mean of 6, higher in each)."""
        n = len(sound.audio) // FRAME
        if not sound.final or self._silent_through(n) or self.first is None:
            return sound
        from voicecoach.listen.speex import Cleaner

        heard = np.concatenate(self.opening)
        ref = self.echo.at(self.first, len(heard))
        cleaner, cleaned = Cleaner(), []
        for _ in range(self.RELEARN):
            cleaned = [cleaner.frame_out(heard[i:i + FRAME], ref[i:i + FRAME])
                       for i in range(0, len(heard) - FRAME + 1, FRAME)]
        a = round((sound.start - PAD) * 100)
        if a < 0 or a + n > len(cleaned):
            return sound
        return replace(sound, audio=np.concatenate(cleaned[a:a + n]))

    def _given(self, sounds: list[Sound]) -> list[Sound]:
        """``sounds``, handed over: remembers where the last one ended."""
        if sounds:
            self.given = sounds[-1].end
        return sounds

    def _again(self, heard: np.ndarray, start: float) -> list[Sound]:
        """Everything ``heard`` since ``start`` (the first sample) cleaned again, now that
        the echo is lined up: the canceller first learns the room from it ``WARM`` times,
        so that a command said over the coach's first words is not lost (one said longer
        than ``STALE`` ago is: acting on it now would surprise; one already handed over is
        not handed over again)."""
        from voicecoach.listen.speex import Cleaner

        self.early = None
        self.cleaner, self.segmenter = Cleaner(), Segmenter()
        ref = self.echo.at(start, len(heard))
        for _ in range(self.WARM - 1):
            self._flush(heard)
            for i in range(0, len(heard) - FRAME + 1, FRAME):
                self.cleaner.frame_out(heard[i:i + FRAME], ref[i:i + FRAME])
        self._flush(heard)            # the last pass of learning cuts sounds (not handed
        self._clean(heard, start)     # over), so that the segmenter learns the leak too
        self.segmenter.restart()
        self._flush(heard)
        now = len(heard) / MIC_RATE
        return [s for s in self._clean(heard, start)
                if s.end > self.given and s.end >= now - self.STALE]

    def _flush(self, heard: np.ndarray) -> None:
        """Empty the memory of what played (the canceller's tail, the played energy)
        before a pass starts again from the first sample: nothing had played before it."""
        silent = np.zeros(FRAME, np.int16)
        for i in range(0, min(len(heard), self.cleaner.tail) - FRAME + 1, FRAME):
            self.cleaner.frame_out(heard[i:i + FRAME], silent)
        self.played_energy = deque([-100.0], maxlen=ECHO_SPAN)
        self.played_prev = np.zeros(FRAME, np.int16)

    def _clean(self, pcm: np.ndarray, start: float) -> list[Sound]:
        """``pcm`` heard from ``start``: the echo and noise taken out, cut into sounds."""
        ref = self.echo.at(start, len(pcm))
        sounds = []
        for i in range(0, len(pcm) - FRAME + 1, FRAME):
            played = ref[i:i + FRAME]
            self.played_energy.append(self.segmenter.energy(played, self.played_prev))
            self.played_prev = played
            self.plains.append(self.plain.frame_out(pcm[i:i + FRAME]))
            self.peaks.append(int(np.abs(played).max(initial=0)))
            sound = self.segmenter.frame(self.cleaner.frame_out(pcm[i:i + FRAME], played),
                                         max(self.played_energy))
            if sound is not None and self._trusted(sound):
                sounds.append(self._over_silence(sound))
        return sounds

    def _over_silence(self, sound: Sound) -> Sound:
        """``sound``, read from the noise-only cleaning when nothing played through it and
        ``SILENT_BEFORE`` before it (its audio ends with the frame just cleaned)."""
        n = len(sound.audio) // FRAME
        if len(self.plains) < n or not self._silent_through(n):
            return sound
        return replace(sound, audio=np.concatenate(list(self.plains)[-n:]))

    def _silent_through(self, frames: int) -> bool:
        """Whether nothing played over the last ``frames`` frames, nor SILENT_BEFORE before."""
        quiet = frames + round(SILENT_BEFORE * 100)
        return len(self.peaks) >= quiet and max(list(self.peaks)[-quiet:]) < SILENT

    def _trusted(self, sound: Sound) -> bool:
        """Whether the sound can be a command: not while the coach spoke before the echo
        was first found (the canceller has not learnt the room yet)."""
        if self.aligned or self.first is None:
            return True
        played = self.echo.at(self.first + sound.start - PAD,
                              round((sound.end - sound.start + 2 * PAD) * MIC_RATE), lead=0.0)
        return bool(np.abs(played).max(initial=0) < SILENT)
