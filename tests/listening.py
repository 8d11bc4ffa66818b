"""A virtual microphone on the private PulseAudio (scripts/soundserver) for `play --listen`:
a null sink whose monitor is the default source, and the default sink for the time being,
so the coach's own voice reaches the microphone as a speaker's would. Commands spoken by
synthetic voices (flite, espeak-ng) over a noise bed, or music, are played into it with
pacat; what `play --listen` says it heard is matched against what was said.
Used by tests/test_listen.py and benchmarks/listen_bench.py. Times in seconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tests.recording import correlate
from voicecoach.listen.spotter import PHRASES, WAKE

RATE = 16000
MIC = "voicecoach_mic"
SPEECH_RMS = 0.15        # a spoken command while it speaks (the coach speaks at ~0.2)
# what each phrase should be taken as
SAID = {f"{WAKE} {words}": command for words, command in PHRASES.items()}
# flite (voice, duration stretch), festival ("festival", speed: slt HTS) / espeak-ng (voice,
# wpm, pitch)
VoiceSpec = tuple[str, float] | tuple[str, int, int]
FLITE: list[VoiceSpec] = [("rms", 1.0), ("slt", 1.0), ("awb", 1.0), ("kal16", 1.0),
         ("rms", 1.2), ("slt", 1.15), ("awb", 1.2), ("kal16", 0.9)]
ESPEAK: list[VoiceSpec] = [("en-us", 160, 50), ("en-us+f3", 140, 70), ("en-gb+m3", 190, 35),
          ("en-us+f4", 175, 60)]
# never tuned on: festival's HTS voice, an espeak-ng variant and rates the lists above do
# not use, and flite's 8 kHz diphone voice
HELD_OUT: list[VoiceSpec] = [("festival", 1.0), ("en-gb+f2", 180, 50), ("kal", 1.0),
                             ("festival", 1.2), ("en-gb-x-rp+m7", 150, 45)]


@contextmanager
def virtual_microphone(echo_cancel: bool = False) -> Iterator[str]:
    """A null sink, made the default sink and (its monitor) the default source; with
    ``echo_cancel``, PulseAudio's module-echo-cancel (webrtc) between them: what is played
    to the default sink is taken out of what the default source hears. Yields the sink to
    play "the room" into."""
    def pactl(*args: str) -> str:
        return subprocess.run(["pactl", *args], check=True, capture_output=True,
                              text=True).stdout.strip()

    old_sink = pactl("get-default-sink")
    module = pactl("load-module", "module-null-sink", f"sink_name={MIC}", f"rate={RATE}",
                   "channels=1")
    modules = [module]
    try:
        pactl("set-default-sink", MIC)
        pactl("set-default-source", f"{MIC}.monitor")
        if echo_cancel:
            # echo-cancel refuses a monitor as its master: a remapped source over it
            modules.append(pactl("load-module", "module-remap-source",
                                 f"master={MIC}.monitor", "source_name=vc_mic_source"))
            modules.append(pactl("load-module", "module-echo-cancel", "aec_method=webrtc",
                                 "source_master=vc_mic_source", f"sink_master={MIC}",
                                 "source_name=vc_ec_source", "sink_name=vc_ec_sink"))
            pactl("set-default-sink", "vc_ec_sink")
            pactl("set-default-source", "vc_ec_source")
        yield MIC
    finally:
        subprocess.run(["pactl", "set-default-sink", old_sink], capture_output=True)
        for m in reversed(modules):
            subprocess.run(["pactl", "unload-module", m], capture_output=True)


def read_wav(path: Path) -> np.ndarray:
    """Mono float samples at RATE (resampled by ffmpeg when needed)."""
    with wave.open(str(path)) as w:
        rate, data = w.getframerate(), w.readframes(w.getnframes())
    x = np.frombuffer(data, "<i2").astype(np.float64) / 32768
    if rate != RATE:
        out = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(path), "-ar",
                              str(RATE), "-ac", "1", "-f", "s16le", "-"], check=True,
                             capture_output=True).stdout
        x = np.frombuffer(out, "<i2").astype(np.float64) / 32768
    return x


def speak(text: str, voice: VoiceSpec, folder: Path) -> np.ndarray:
    """``text`` said by flite, festival or espeak-ng (`VoiceSpec`), trimmed to its sound
    and levelled to SPEECH_RMS while it speaks."""
    path = folder / "said.wav"
    if voice[0] == "festival":
        params = "cmu_us_slt_arctic_hts::hts_engine_params"
        subprocess.run(["text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-eval",
                        f'(set! hts_engine_params (append {params} (list (list "-r" '
                        f'{voice[1]}))))', "-o", str(path)],
                       input=text, text=True, check=True, capture_output=True)
    elif len(voice) == 2:
        subprocess.run(["flite", "-voice", voice[0], "--setf", f"duration_stretch={voice[1]}",
                        "-t", text, "-o", str(path)], check=True, capture_output=True)
    else:
        subprocess.run(["espeak-ng", "-v", voice[0], "-s", str(voice[1]), "-p", str(voice[2]),
                        "-w", str(path), text], check=True, capture_output=True)
    x = read_wav(path)
    frames = np.abs(x[:len(x) // 160 * 160]).reshape(-1, 160).mean(axis=1)
    on = np.nonzero(frames > 0.05 * np.max(frames))[0]
    x = x[on[0] * 160:(on[-1] + 1) * 160]
    loud = x[:len(x) // 320 * 320].reshape(-1, 320)
    level = np.sqrt((loud ** 2).mean(axis=1))
    out: np.ndarray = x * SPEECH_RMS / np.sqrt(np.mean(level[level > 0.1 * level.max()] ** 2))
    return out


@dataclass
class Said:
    phrase: str
    command: str
    voice: str
    start: float   # seconds into the track
    end: float     # where the word ends


def command_track(phrases: list[str], voices: list[VoiceSpec],
                  every: float, folder: Path, snr_db: float = 10.0, lead: float = 2.0,
                  seed: int = 1) -> tuple[np.ndarray, list[Said]]:
    """Phrases (cycling through voices) about ``every`` seconds apart, +-30 %, over a pink
    noise bed (a room's, a fan's) ``snr_db`` under the speech level."""
    rng = np.random.default_rng(seed)
    clips, said, t = [], [], lead
    for i, phrase in enumerate(phrases):
        voice = voices[i % len(voices)]
        clip = speak(phrase, voice, folder)
        said.append(Said(phrase, SAID[phrase], ":".join(map(str, voice)), t,
                         t + len(clip) / RATE))
        clips.append(clip)
        t += max(len(clip) / RATE + 1.5, every * (0.7 + 0.6 * rng.random()))
    track = pink_noise(round((t + 2.0) * RATE), rng) * SPEECH_RMS / 10 ** (snr_db / 20)
    for s, clip in zip(said, clips):
        a = round(s.start * RATE)
        track[a:a + len(clip)] += clip
    return track, said


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` samples of pink noise (power falling 3 dB an octave), RMS 1."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.arange(len(spectrum)) + 1.0)
    x = np.fft.irfft(spectrum, n)
    out: np.ndarray = x / x.std()
    return out


def music(seconds: float, folder: Path, level: float = 0.05) -> np.ndarray:
    """Test music: a slow chord, pink noise and a kick on every beat (120 bpm)."""
    path = folder / "music.wav"
    d = f"d={seconds:.1f}"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"sine=f=220:{d}", "-f", "lavfi", "-i", f"sine=f=277:{d}",
                    "-f", "lavfi", "-i", f"sine=f=330:{d}",
                    "-f", "lavfi", "-i", f"anoisesrc=c=pink:{d}:a=0.1",
                    "-f", "lavfi", "-i", f"aevalsrc='sin(2*PI*60*t)*exp(-20*mod(t,0.5))':{d}",
                    "-filter_complex", "amix=inputs=5:normalize=0", "-ar", str(RATE), "-ac",
                    "1", str(path)], check=True)
    x = read_wav(path)
    out: np.ndarray = x * level / np.sqrt(np.mean(x ** 2))
    return out


class Player:
    """`voicecoach play ROUTINE --listen` in the background; every stdout line with the
    monotonic time it arrived."""

    def __init__(self, routine: Path, env: dict[str, str], *extra: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "voicecoach", "play", str(routine),
                                      "--listen", *extra], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True, env=env)
        self.lines: list[tuple[float, str]] = []
        self.started = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))
            self.started.set()
        self.started.set()

    def heard(self) -> list[tuple[float, str]]:
        return [(t, line.split("heard: ", 1)[1]) for t, line in self.lines if "heard: " in line]

    def finish(self, timeout: float) -> tuple[int, str]:
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        self.reader.join(timeout=5)
        return self.proc.returncode, err


class Played:
    """When ``audio`` really began to sound in the sink (monotonic seconds): found after
    the fact in a recording of the sink's monitor (pacat itself takes a varying while,
    up to half a second, to start)."""

    def __init__(self, sink: str, audio: np.ndarray) -> None:
        self.audio = audio
        self.began = time.monotonic()        # when pacat was started (an upper bound)
        self.chunks: list[tuple[float, bytes]] = []   # (when read, samples)
        self.tap = subprocess.Popen(["parec", "-d", f"{sink}.monitor", "--latency-msec=10",
                                     "--format=s16le", f"--rate={RATE}", "--channels=1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.tap.stdout is not None
        fd = self.tap.stdout.fileno()
        while data := os.read(fd, 1600):
            self.chunks.append((time.monotonic(), data))

    def stop(self) -> None:
        self.tap.terminate()
        self.tap.wait(timeout=10)
        self.reader.join(timeout=5)

    @property
    def start(self) -> float:
        """The monotonic time the audio's first sample sounded (the pacat start time if
        it cannot be found)."""
        data = b"".join(c for _, c in self.chunks)
        heard = np.frombuffer(data[:len(data) // 2 * 2], "<i2").astype(np.float64)
        span = min(len(self.audio), 20 * RATE)
        if len(heard) < span + RATE:
            return self.began
        # the audio's first sample in the recording
        first = int(np.argmax(correlate(heard, self.audio[:span])))
        # when sample 0 of the recording sounded: each chunk read bounds it (a chunk is read
        # after its last sample sounded); the earliest bound is the one least delayed
        got = np.cumsum([len(c) // 2 for _, c in self.chunks])
        zero = min(when - n / RATE for (when, _), n in zip(self.chunks, got))
        return float(zero + first / RATE)


@contextmanager
def playing_into(sink: str, audio: np.ndarray) -> Iterator[Played]:
    """pacat plays ``audio`` into ``sink``; yields a `Played` whose ``start`` (read after
    the block) is when it really began."""
    with tempfile.NamedTemporaryFile(suffix=".raw", delete=False) as f:
        f.write((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    played = Played(sink, audio)
    # a buffer of 300 ms (not 20): a busy machine must not put gaps into what is "said"
    proc = subprocess.Popen(["pacat", "--playback", "-d", sink, "--latency-msec=300",
                             "--format=s16le", f"--rate={RATE}", "--channels=1", f.name],
                            stderr=subprocess.DEVNULL)
    try:
        yield played
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        played.stop()
        os.unlink(f.name)


@dataclass
class Score:
    taken: list[tuple[Said, float]] = field(default_factory=list)   # (said, latency s)
    missed: list[Said] = field(default_factory=list)
    extra: list[tuple[float, str]] = field(default_factory=list)    # (s into track, heard)


LATE = 5.0   # seconds after its end a command still counts as taken, however late


def score(said: list[Said], heard: list[tuple[float, str]], t0: float,
          within: float = 1.0) -> Score:
    """Each phrase is taken when its command is heard between its start and ``within``
    seconds after its end; anything else heard is extra."""
    out, left = Score(), [(t - t0, name) for t, name in heard]
    for s in said:
        hit = next(((t, n) for t, n in left if s.start <= t <= s.end + within
                    and n == s.command), None)
        if hit:
            left.remove(hit)
            out.taken.append((s, hit[0] - s.end))
        else:
            out.missed.append(s)
    out.extra = left
    return out


def tools_missing() -> list[str]:
    return [t for t in ("pulseaudio", "pactl", "pacat", "parec", "flite", "ffmpeg")
            if shutil.which(t) is None]
