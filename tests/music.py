"""Test music made with ffmpeg (never commercial music): chords over pink noise and a
steady beat, each track at its own pitch, in the format asked for."""

from __future__ import annotations

import subprocess
from pathlib import Path

BEAT = 0.5    # s between beats


def make_track(path: Path, seconds: float, root: float = 220.0, bitrate: str = "128k") -> Path:
    """A stereo 44.1 kHz track: a major chord on ``root`` Hz, pink noise, a beat."""
    chord = [root, root * 5 / 4, root * 3 / 2]
    inputs: list[str] = []
    for f in chord:
        inputs += ["-f", "lavfi", "-i", f"sine=f={f}:d={seconds}:sample_rate=44100"]
    inputs += ["-f", "lavfi", "-i", f"anoisesrc=d={seconds}:c=pink:a=0.08:r=44100",
               "-f", "lavfi", "-i",
               f"aevalsrc='0.25*sin(2*PI*70*t)*exp(-12*mod(t,{BEAT}))':d={seconds}:s=44100"]
    subprocess.run(["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex",
                    "amix=inputs=5:normalize=0,volume=0.5,aformat=channel_layouts=stereo",
                    "-ar", "44100", *(["-b:a", bitrate] if path.suffix != ".flac" else []),
                    str(path)], check=True)
    return path


def make_song(path: Path, seconds: float, style: str, seed: int = 1) -> Path:
    """A stereo 44.1 kHz song of several instruments, written by ffmpeg in the format of
    ``path``: a kick, a snare and hi-hats (transients), a bass and chords with harmonics,
    the chords wide in stereo (partly out of phase: quieter in mono). ``loud``: dense and
    clipped hard to about -8 LUFS, like mastered electronic music; ``wide``: a quiet first
    third, a crescendo, then everything, peaks near full scale but some 20 dB above its
    loudness (like orchestral music)."""
    import numpy as np

    rate, rng = 44100, np.random.default_rng(seed)
    t = np.arange(round(seconds * rate)) / rate
    beat = t % BEAT
    kick = np.sin(2 * np.pi * (50 * beat + 350 * (1 - np.exp(-beat * 20)) / 20)) \
        * np.exp(-beat * 9)
    snare = rng.standard_normal(len(t)) * np.exp(-((t - BEAT) % (2 * BEAT)) * 25)
    hat = np.diff(rng.standard_normal(len(t) + 1)) * np.exp(-(t % (BEAT / 2)) * 60) * 0.3
    roots = np.array([110.0, 87.3, 130.8, 98.0])[(t // (4 * BEAT)).astype(int) % 4]
    phase = 2 * np.pi * np.cumsum(roots) / rate
    bass = sum(np.sin(k * phase) / k for k in range(1, 9)) * 0.5
    chord = [sum(np.sin(k * r * phase * 2 + k) / k ** 1.5 for k in range(1, 6))
             for r in (1.0, 1.25, 1.5)]
    swell = 1 - np.exp(-(t % (8 * BEAT)) * 3)
    middle, side = (chord[0] + chord[1]) * swell * 0.3, chord[2] * swell * 0.4
    drums = kick + 0.4 * snare + hat
    if style == "wide":
        dynamics = np.interp(t, [0, seconds / 3, 2 * seconds / 3, seconds],
                             [0.08, 0.1, 1.0, 1.0])
        left = (drums * 0.6 + bass + middle + side) * dynamics
        right = (drums * 0.6 + bass + middle - side) * dynamics
    else:
        left, right = (np.tanh(1.5 * (drums + bass + middle + s)) for s in (side, -side))
    song = np.stack([left, right], axis=1)
    song *= (0.95 if style == "wide" else 0.6) / np.abs(song).max()
    pcm = np.round(song * 32767).astype("<i2").tobytes()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(rate), "-ac", "2",
                    "-i", "pipe:0", str(path)], input=pcm, check=True)
    return path
