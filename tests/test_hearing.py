"""What the microphone hears, made ready for the recogniser (voicecoach.listen.hearing and
.speex): the real libspeexdsp echo canceller, the alignment of what was played with what
is heard, the cutting into sounds, and the player telling the listener what it plays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fakes import FakeClock
from tests.test_player import FlatMixer, Heard, ScriptedKeys, flat, timeline
from voicecoach.listen.echo import LEAD, MIC_RATE, Echo
from voicecoach.listen.hearing import FRAME, PAD, Ear, Segmenter, Sound
from voicecoach.listen.speex import Cleaner
from voicecoach.listen.tape import BLOCK, Tape, replay, setup
from voicecoach.live.player import Player
from voicecoach.live.sinks import ClockSink

PLAYED_RATE = 22050


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Noise shaped like speech (300-3000 Hz, syllables ~5 a second), peak ~0.5."""
    rng = np.random.default_rng(seed)
    n = round(seconds * MIC_RATE)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / MIC_RATE)
    spectrum[(f < 300) | (f > 3000)] = 0
    x = np.fft.irfft(spectrum, n)
    x *= 0.5 + 0.5 * np.sin(2 * np.pi * 5 * np.arange(n) / MIC_RATE)
    out: np.ndarray = x / np.abs(x).max() * 0.5
    return out


def db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.asarray(x, np.float64) ** 2) + 1e-12))


def cancel(heard: np.ndarray, played: np.ndarray) -> np.ndarray:
    cleaner = Cleaner(MIC_RATE, FRAME, suppress_db=0, echo_suppress_db=0)
    to16 = [(np.clip(x, -1, 1) * 32767).astype(np.int16) for x in (heard, played)]
    return np.concatenate([cleaner.frame_out(to16[0][i:i + FRAME], to16[1][i:i + FRAME])
                           for i in range(0, len(heard) - FRAME + 1, FRAME)]) / 32768


def test_the_echo_canceller_takes_out_what_was_played_when_it_comes_first() -> None:
    played = speechlike(20.0)
    delay = round(0.05 * MIC_RATE)           # the echo: 50 ms late, quieter, a little blurred
    echo = 0.6 * np.concatenate([np.zeros(delay), played])[:len(played)]
    echo[1:] += 0.2 * echo[:-1]
    out = cancel(echo, played)
    tail = slice(10 * MIC_RATE, None)        # once it has learnt the room
    assert db(out[tail]) < db(echo[tail]) - 20
    # fed too late (after its echo), it cannot: the check above can fail
    late = np.concatenate([np.zeros(2 * delay), played])[:len(played)]
    assert db(cancel(echo, late)[tail]) > db(echo[tail]) - 6


def test_what_was_played_is_found_in_what_is_heard_and_lined_up() -> None:
    played = speechlike(6.0, seed=1)
    at22 = np.interp(np.arange(round(6.0 * PLAYED_RATE)) * MIC_RATE / PLAYED_RATE,
                     np.arange(len(played)), played).astype(np.float32)
    echo = Echo(PLAYED_RATE)
    block = PLAYED_RATE // 20
    for i in range(0, len(at22), block):     # due 100 s + its place, by the player's word
        echo.played(at22[i:i + block], 100.0 + i / PLAYED_RATE)
    # the speaker is really 0.23 s later than the player thought
    heard = np.concatenate([np.zeros(round(0.23 * MIC_RATE)), played])[:4 * MIC_RATE]
    pcm = (heard * 32767).astype(np.int16)
    assert echo.align(pcm, 100.0) is None and echo.shift == 0.0   # seen once: not yet
    lag = echo.align(pcm, 100.0)                                   # twice: taken
    assert lag is not None and abs(lag - 0.23) < 0.002 and abs(echo.shift + 0.23) < 0.002
    # now what it gives for a moment is what was heard then, LEAD seconds early
    ref = echo.at(101.0, MIC_RATE).astype(np.float64) / 32767
    assert np.corrcoef(ref, heard[MIC_RATE + round(LEAD * MIC_RATE):][:MIC_RATE])[0, 1] > 0.99
    assert echo.align(np.zeros(4 * MIC_RATE, np.int16), 100.0) is None   # silence: no guess


def sounds_in(x: np.ndarray) -> list[Sound]:
    seg, found = Segmenter(), []
    pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16)
    for i in range(0, len(pcm) - FRAME + 1, FRAME):
        sound = seg.frame(pcm[i:i + FRAME])
        if sound is not None:
            found.append(sound)
    return found


def test_sounds_are_cut_where_they_are_and_only_command_sized_ones_given() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal(12 * MIC_RATE) * 0.003          # a quiet room
    for at, length in ((2.0, 0.7), (5.0, 0.1), (7.0, 3.0)):  # a word, a click, a long talk
        a = round(at * MIC_RATE)
        x[a:a + round(length * MIC_RATE)] += speechlike(length, seed=3)
    found = sounds_in(x)
    word = found[0]
    assert word.final and abs(word.start - 2.0) <= 0.03 and abs(word.end - 2.7) <= 0.05
    assert len(word.audio) >= (0.7 + 0.3) * MIC_RATE     # with PAD before
    # the click never; the long one is looked at while it goes on, every 0.2 s from 1.1 s
    # to a command's longest (2.5 s), and never again: it is talk, not a command
    rest = found[1:]
    assert all(abs(s.start - 7.0) <= 0.03 and not s.final for s in rest)
    lengths = [round(s.end - s.start, 2) for s in rest]
    assert lengths == [1.1, 1.3, 1.5, 1.7, 1.9, 2.1, 2.3, 2.5]


def test_the_player_tells_the_listener_every_block_it_plays_and_when() -> None:
    clock = FakeClock()
    sink = ClockSink(clock, ahead=0.1)
    told: list[tuple[np.ndarray, float]] = []
    player = Player(timeline(), FlatMixer(), sink, ScriptedKeys(clock, []), Heard(clock),
                    flat, monitor=lambda block, ahead: told.append((block.copy(), ahead)))
    player.run()
    assert sum(len(b) for b, _ in told) == sink.written
    assert all(0.0 <= ahead <= 0.1 + 1 / PLAYED_RATE for _, ahead in told)
    assert told[0][1] == 0.0 and max(a for _, a in told) > 0.09   # the buffer fills
    played = np.concatenate([b for b, _ in told])
    assert np.count_nonzero(played) > 0


def test_listening_without_libspeexdsp_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes.util

    from voicecoach.listen import speex
    from voicecoach.listen.listener import listener_for
    from voicecoach.listen.spotter import ListenError

    monkeypatch.setattr(speex, "_lib", None)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(ListenError) as info:
        listener_for(["Rest."])
    assert str(info.value) == ("the speexdsp library is not installed (Debian: libspeexdsp1, "
                               "Homebrew: speexdsp); it cleans what the microphone hears")


def test_no_command_is_taken_over_the_coach_before_the_echo_is_found() -> None:
    ear = Ear(PLAYED_RATE)
    ear.hear(np.zeros(FRAME, np.int16), 100.0)           # the microphone starts at 100 s
    loud = np.full(PLAYED_RATE, 0.3, np.float32)
    ear.played(loud, 102.0)                              # the coach speaks at 102-103 s
    over = Sound(np.zeros(MIC_RATE, np.int16), 2.2, 2.8)
    after = Sound(np.zeros(MIC_RATE, np.int16), 4.2, 4.8)
    assert not ear._trusted(over) and ear._trusted(after)
    ear.aligned = True                                   # once it is found: all are heard
    assert ear._trusted(over)


def test_a_lag_seen_once_does_not_move_the_echo() -> None:
    rng = np.random.default_rng(4)     # broadband, as a voice is (a band-limited signal
    t = np.arange(8 * MIC_RATE) / MIC_RATE  # correlates best with its own edges)
    played = rng.standard_normal(len(t)) * 0.1 * (1.2 + np.sin(2 * np.pi * 5 * t))
    echo = Echo(MIC_RATE)
    echo.played(played.astype(np.float32), 100.0)
    right = (played[:3 * MIC_RATE] * 32767).astype(np.int16)
    assert echo.align(right, 100.0) == 0.0
    early = (played[round(0.6 * MIC_RATE):][:3 * MIC_RATE] * 32767).astype(np.int16)
    assert echo.align(early, 100.0) is None and echo.shift == 0.0  # a repeat fooled it once
    assert echo.align(right, 100.0) == 0.0 and echo.shift == 0.0


def test_what_the_canceller_leaves_of_the_coach_is_no_sound_but_a_voice_over_it_is() -> None:
    """Cleaned frames with the energy of what played: the coach's remains, 30 dB under
    it, pass the floor (a quiet room) but not the gate; a voice as loud as the coach does,
    and it does not raise the gate against itself."""
    rng = np.random.default_rng(5)
    seg = Segmenter()
    coach = speechlike(14.0, seed=6)
    heard = rng.standard_normal(len(coach)) * 0.0005 + coach * 10 ** (-30 / 20)
    a, b = round(9.0 * MIC_RATE), round(9.8 * MIC_RATE)
    heard[a:b] += speechlike(0.8, seed=7)                     # someone speaks at 9 s
    played = (coach * 32767).astype(np.int16)
    pcm = (heard * 32767).astype(np.int16)
    found, prev = [], np.zeros(FRAME, np.int16)
    for i in range(0, len(pcm) - FRAME + 1, FRAME):
        echo = seg.energy(played[i:i + FRAME], prev)
        prev = played[i:i + FRAME]
        sound = seg.frame(pcm[i:i + FRAME], echo)
        if sound is not None:
            found.append(sound)
    assert -35 < seg.leak < -25
    assert [(round(s.start, 1), round(s.end, 1)) for s in found] == [(9.0, 9.8)]
    # without the gate the remains are sounds (the check above can fail)
    assert len([s for s in sounds_in(heard) if s.start < 8.5]) > 0


def coach_played(coach: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """``coach`` (at MIC_RATE) as the player tells it: 50 ms blocks at PLAYED_RATE, each
    with when it is due (from monotonic 100 s)."""
    at22 = np.interp(np.arange(round(len(coach) / MIC_RATE * PLAYED_RATE)) * MIC_RATE
                     / PLAYED_RATE, np.arange(len(coach)), coach).astype(np.float32)
    block = PLAYED_RATE // 20
    return [(100.0 + i / PLAYED_RATE, at22[i:i + block]) for i in range(0, len(at22), block)]


def over_the_coach(voice_at: float) -> tuple[Ear, np.ndarray]:
    """An `Ear` told what the coach plays from monotonic 100 s, and what its microphone
    hears from then: the coach 0.3 s later than the player says (blurred, a little quieter,
    over a quiet room), and a voice (0.6 s) ``voice_at`` seconds in."""
    rng = np.random.default_rng(8)
    coach = speechlike(5.0, seed=9)
    ear = Ear(PLAYED_RATE)
    for due, block in coach_played(coach):
        ear.played(block, due)
    echo = 0.8 * np.concatenate([np.zeros(round(0.3 * MIC_RATE)), coach])[:len(coach)]
    echo[1:] += 0.3 * echo[:-1]
    heard = echo + rng.standard_normal(len(echo)) * 0.002
    a = round(voice_at * MIC_RATE)
    heard[a:a + round(0.6 * MIC_RATE)] += speechlike(0.6, seed=10)
    return ear, (np.clip(heard, -1, 1) * 32767).astype(np.int16)


def hear_over_the_coach(voice_at: float, again: bool = True) -> list[tuple[float, float]]:
    """The sounds (start, end) the `Ear` of `over_the_coach` finds, heard in 50 ms blocks
    (the echo is first found 1 s in); ``again`` False: without cleaning the start again."""
    ear, pcm = over_the_coach(voice_at)
    if not again:
        ear.early = None
    found: list[Sound] = []
    for i in range(0, len(pcm), 800):
        found += ear.hear(pcm[i:i + 800], 100.0 + i / MIC_RATE)
    return [(round(s.start, 2), round(s.end, 2)) for s in found]


def test_a_voice_over_the_coachs_first_words_is_heard_once_the_echo_is_found() -> None:
    """What was heard until the echo is first found is cleaned again with the canceller
    taught the room from it, and a voice that began then is heard where it was; without
    that, it is lost. One said later is heard either way, but without it the coach's
    remains are glued to its start."""
    found = hear_over_the_coach(0.8)
    assert len(found) == 1 and abs(found[0][0] - 0.8) <= 0.05 and 1.25 <= found[0][1] <= 1.45
    assert hear_over_the_coach(0.8, again=False) == []
    later = hear_over_the_coach(1.5)
    assert len(later) == 1 and abs(later[0][0] - 1.5) <= 0.05
    assert abs(hear_over_the_coach(1.5, again=False)[0][0] - 1.5) > 0.2


def test_a_voice_heard_long_before_the_echo_is_found_is_not_handed_over(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A command acted on seconds after it was said would surprise: when the echo is
    first found 4 s in, a voice that ended 2.6 s before is not handed over (STALE, 1.5 s);
    nor is one already handed over."""
    ear, pcm = over_the_coach(0.8)
    ear.echo.shift = -0.3                     # as a look would have found
    assert ear._again(pcm[:4 * MIC_RATE], 100.0) == []
    monkeypatch.setattr(Ear, "STALE", 3.0)
    ear, pcm = over_the_coach(0.8)
    ear.echo.shift = -0.3
    found = ear._again(pcm[:4 * MIC_RATE], 100.0)
    assert [(round(s.start, 1), round(s.end, 1)) for s in found] == [(0.8, 1.4)]
    ear, pcm = over_the_coach(0.8)
    ear.echo.shift, ear.given = -0.3, 1.5     # one that ended at 1.5 s was handed over
    assert ear._again(pcm[:4 * MIC_RATE], 100.0) == []


def test_a_voice_over_silence_is_read_cleaned_of_noise_only() -> None:
    """The coach plays 100-103 s (heard 0.3 s late). A voice over it, and one 0.1 s after
    its echo dies, are read from the canceller's output; one 1.7 s after it, from the
    microphone cleaned of noise only (the same frames a noise-only cleaner gives)."""
    rng = np.random.default_rng(11)
    coach = speechlike(3.0, seed=12)
    ear = Ear(PLAYED_RATE)
    ear.early = None                       # no second cleaning of the start: one pass
    for due, block in coach_played(coach):
        ear.played(block, due)
    heard = rng.standard_normal(8 * MIC_RATE) * 0.002
    heard[round(0.3 * MIC_RATE):][:len(coach)] += 0.8 * coach
    for at, seed in ((2.2, 13), (3.4, 14), (5.0, 15)):
        a = round(at * MIC_RATE)
        heard[a:a + round(0.6 * MIC_RATE)] += speechlike(0.6, seed=seed)
    pcm = (np.clip(heard, -1, 1) * 32767).astype(np.int16)
    found: list[Sound] = []
    for i in range(0, len(pcm), 800):
        found += ear.hear(pcm[i:i + 800], 100.0 + i / MIC_RATE)
    plain = Cleaner(MIC_RATE, FRAME, tail=0)
    noise_only = np.concatenate([plain.frame_out(pcm[i:i + FRAME])
                                 for i in range(0, len(pcm) - FRAME + 1, FRAME)])
    assert [round(s.start, 1) for s in found] == [2.2, 3.4, 5.0]

    def read_plain(sound: Sound) -> bool:
        a = round((sound.start - PAD) * MIC_RATE)
        return np.array_equal(sound.audio, noise_only[a:a + len(sound.audio)])

    assert [read_plain(s) for s in found] == [False, False, True]


def test_a_tape_read_again_gives_the_sounds_the_listener_found(tmp_path: Path) -> None:
    """What the listener heard and was told was played, kept by `Tape` and read again by
    `replay`, gives the same sounds (and audio) as hearing it directly, each with what the
    spotter decided on it; the tape keeps how to make the same listener again."""
    _, pcm = over_the_coach(1.5)
    ear, tape = Ear(PLAYED_RATE), Tape(str(tmp_path), "en", ["Rest 20 seconds."], PLAYED_RATE)
    for due, block in coach_played(speechlike(5.0, seed=9)):   # what over_the_coach played
        pcm16 = (block * 32767).astype(np.int16)
        ear.played(pcm16.astype(np.float32) / 32768, due)
        tape.played(due, pcm16)
    direct: list[Sound] = []
    for i in range(0, len(pcm), BLOCK):
        tape.heard(100.0, pcm[i:i + BLOCK])
        direct += ear.hear(pcm[i:i + BLOCK], 100.0 + i / MIC_RATE)

    class Counting:
        def __init__(self) -> None:
            self.n = 0

        def decide(self, sound: Sound) -> str | None:
            self.n += 1
            return f"sound {self.n}"

    again = list(replay(str(tmp_path), Ear(PLAYED_RATE), Counting()))
    assert len(direct) == 1 and len(again) == 1
    (sound, name), = again
    assert (sound.start, sound.end, name) == (direct[0].start, direct[0].end, "sound 1")
    assert np.array_equal(sound.audio, direct[0].audio)
    assert setup(str(tmp_path)) == {"language": "en", "words": ["Rest 20 seconds."],
                                    "played_rate": PLAYED_RATE}


def test_a_voice_over_the_coachs_first_seconds_is_cleaned_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """In the first seconds the canceller is still learning the room: a sound over the
    coach then is cleaned again by a canceller taught from all heard so far, and keeps
    less of the coach (measured before the voice starts, over the first 0.25 s of its
    audio: 1.6-3 dB less here)."""
    def remains(voice_at: float) -> tuple[tuple[float, float], float]:
        ear, pcm = over_the_coach(voice_at)
        found: list[Sound] = []
        for i in range(0, len(pcm), BLOCK):
            found += ear.hear(pcm[i:i + BLOCK], 100.0 + i / MIC_RATE)
        (sound,) = found
        return (round(sound.start, 2), round(sound.end, 2)), db(
            sound.audio[:round(0.25 * MIC_RATE)] / 32768)

    again = [remains(at) for at in (2.0, 3.5)]
    monkeypatch.setattr(Ear, "RELEARN", 0)     # no pass: the sound as first cleaned
    once = [remains(at) for at in (2.0, 3.5)]
    assert [where for where, _ in again] == [where for where, _ in once]
    assert all(a < b - 1.0 for (_, a), (_, b) in zip(again, once, strict=True))
