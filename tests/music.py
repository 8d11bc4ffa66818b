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
