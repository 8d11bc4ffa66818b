"""MP3 output: CBR, mono at ``clip.RATE``. A voice-only track is written by islands
(``mp3islands``: only what has sound is encoded, from cached frames), a track with music in
parallel segments (``mp3segments``); both share the stream's facts (``mp3frames``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voicecoach.audio.ffmpeg import ffmpeg
from voicecoach.export.formats import TrackAudio
from voicecoach.export.formats.mp3frames import FRAME
from voicecoach.export.tags import TrackInfo, write_tags


class Mp3:
    """MP3, CBR, mono at ``clip.RATE``: by islands for voice-only tracks, in parallel
    segments for tracks with music."""

    name = "mp3"
    ceiling = -3.0     # dBTP: MP3's reconstruction overshoots ~1.3 dB at 96 kbit/s
    loss = 0.45        # dB: LAME's quantiser (CBR, its default quality) at any bitrate
    grid = FRAME       # sounds on the frame grid: islands repeat, so their frames are kept

    def check_tools(self) -> None:
        ffmpeg()

    def write(self, audio: TrackAudio, path: Path,
              progress: Callable[[int], None]) -> list[float]:
        if audio.music:
            from voicecoach.export.formats import mp3segments

            mp3segments.encode(audio.placed, audio.total, path, audio.bitrate, progress)
            return []
        from voicecoach.export.formats import mp3cache, mp3islands

        return mp3islands.encode(audio.sounds, audio.total, path, audio.bitrate, progress,
                                 audio.peak_floor, mp3cache.FrameCache(audio.cache))

    def tag(self, path: Path, info: TrackInfo) -> None:
        write_tags(path, info)


FORMAT = Mp3()
