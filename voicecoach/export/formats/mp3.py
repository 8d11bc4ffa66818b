"""MP3 by islands: only the stretches of a session that hold sound are encoded; silence is
one pre-encoded frame, repeated. Positions are in samples at ``clip.RATE``.

With CBR and LAME's bit reservoir off, every frame (576 samples at 22.05 kHz) stands
alone. Encoding a stretch that starts on the session's frame grid, with silent margins,
gives the frames a whole-session encode would give there; the rest of the file is the
silent frame. A voice track is mostly silence, so this costs a fraction of one encode.
The file opens with an Info (Xing) frame carrying the frame count and LAME's encoder
delay and padding, so players trim them and the file is exactly ``total`` samples long.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voicecoach.audio.ffmpeg import ffmpeg
from voicecoach.audio.mix import Sound
from voicecoach.export.formats import TrackAudio
from voicecoach.export.tags import TrackInfo, write_tags

FRAME = 576            # samples per MPEG-2 Layer III frame
DECODER_DELAY = 529    # samples a decoder's filter bank adds
ENCODER_DELAY = 1105   # LAME's 576 plus the decoder's 529: input sample 0 is output 1105
MARGIN = 3             # silent frames kept each side of an island (2 measured enough)
LEAD = 8               # frames of silence encoded first; the silent frame is taken from it
WORKERS = min(4, os.cpu_count() or 1)
SIDE_INFO = 9          # bytes of side information in a mono MPEG-2 frame
LAME_TAG = 4 + SIDE_INFO + 120   # where the LAME tag starts in the Info frame
TAG_CRC = LAME_TAG + 34
QUIET = 0.5 / 32767     # below this a sample rounds to 0 in 16 bits
KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)


def frame_count(total: int) -> int:
    return -(-(total + ENCODER_DELAY) // FRAME)


def islands(sounds: list[Sound], total: int) -> list[tuple[int, int]]:
    """Output frame ranges ``[first, end)`` that must be encoded, margins included."""
    return island_members(sounds, total)[0]


def island_members(sounds: list[Sound],
                   total: int) -> tuple[list[tuple[int, int]], list[list[int]]]:
    """The islands (see ``islands``) and the indexes of the sounds audible in each."""
    frames = frame_count(total)
    out: list[tuple[int, int]] = []
    members: list[list[int]] = []
    for i in sorted(range(len(sounds)), key=lambda i: sounds[i].at):
        s = sounds[i]
        audible = np.flatnonzero(np.abs(s.samples) >= QUIET)
        if not audible.size:
            continue
        a, b = s.at + int(audible[0]), s.at + int(audible[-1]) + 1
        j0 = max(0, (a + ENCODER_DELAY) // FRAME - MARGIN)
        j1 = min(frames, (b - 1 + ENCODER_DELAY) // FRAME + MARGIN + 1)
        if out and j0 <= out[-1][1] + MARGIN:
            out[-1] = (out[-1][0], max(out[-1][1], j1))
            members[-1].append(i)
        else:
            out.append((j0, j1))
            members.append([i])
    return out, members


def frame_size(header: bytes) -> int:
    """Bytes in the MPEG-2 Layer III frame with this header (mono, 22.05 kHz family)."""
    return int(frame_bytes(header)) + ((header[2] >> 1) & 1)


def frame_bytes(header: bytes) -> float:
    """Average bytes per frame at this header's bitrate (padding makes up the fraction)."""
    return 72000 * KBPS[header[2] >> 4] / (22050, 24000, 16000)[(header[2] >> 2) & 3]


def read_frames(stream: BinaryIO) -> Iterator[bytes]:
    while len(head := stream.read(4)) == 4:
        if head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
            raise ValueError("lost MP3 frame sync")
        yield head + stream.read(frame_size(head) - 4)


def is_info(frame: bytes) -> bool:
    return frame[4 + SIDE_INFO:8 + SIDE_INFO] in (b"Info", b"Xing")


def crc16(data: bytes) -> int:
    """CRC-16/ARC, as LAME's tag uses."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def info_frame(header: bytes, frames: int, size: int, total: int) -> bytes:
    """An Info frame (CBR Xing header with a LAME tag) for ``frames`` audio frames and
    ``size`` bytes in all (the Info frame included), decoding to ``total`` samples."""
    head = bytes([header[0], header[1], header[2] & ~0x02, header[3]])
    end_pad = frames * FRAME - total - ENCODER_DELAY + DECODER_DELAY
    delays = ((ENCODER_DELAY - DECODER_DELAY) << 12 | end_pad).to_bytes(3, "big")
    lame = b"LAME3.100" + bytes(12) + delays + bytes(4) + struct.pack(">IHH", size, 0, 0)
    toc = bytes(i * 256 // 100 for i in range(100))
    body = bytearray(head + bytes(SIDE_INFO) + b"Info" + struct.pack(">III", 0x0F, frames, size)
                     + toc + bytes(4) + lame)
    body += bytes(frame_size(head) - len(body))
    body[TAG_CRC:TAG_CRC + 2] = struct.pack(">H", crc16(bytes(body[:190])))
    return bytes(body)


class Mp3:
    """MP3, CBR, mono at ``clip.RATE``: by islands for voice-only tracks, in parallel
    segments for tracks with music."""

    name = "mp3"
    ceiling = -3.0     # dBTP: MP3's reconstruction overshoots ~1.3 dB at 96 kbit/s
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
