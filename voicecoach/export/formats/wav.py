"""WAV output: 16-bit mono PCM at ``clip.RATE``, rendered in chunks; no tags, no tools."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voicecoach.audio.ffmpeg import WavWriter
from voicecoach.audio.mix import render
from voicecoach.export.formats import TrackAudio
from voicecoach.export.tags import TrackInfo


class Wav:
    name = "wav"
    ceiling = -1.5     # dBTP: PCM keeps the peaks the limiter made
    loss = 0.0         # dB: PCM is the samples
    grid = 1           # every sound exactly where the plan says

    def check_tools(self) -> None:
        return None

    def write(self, audio: TrackAudio, path: Path,
              progress: Callable[[int], None]) -> list[float]:
        writer = WavWriter(path)
        audio.placed.prepare([(0, audio.total)])
        try:
            for pcm in render(audio.sounds, audio.total, placed=audio.placed):
                writer.write(pcm)
                progress(len(pcm) // 2)
            writer.finish()
        except BaseException:
            writer.abort()
            raise
        return []

    def tag(self, path: Path, info: TrackInfo) -> None:
        return None


FORMAT = Wav()
