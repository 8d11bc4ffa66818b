"""What the MP3 writers share about the stream: MPEG-2 Layer III frames (576 samples at
22.05 kHz, mono, CBR), LAME's delays, frame sizes, the Info (Xing) frame with its LAME tag,
(the encoder itself is ``audio.ffmpeg.encoder``). Positions in samples at ``clip.RATE``.

With CBR and LAME's bit reservoir off, every frame stands alone: frames encoded apart can
be joined into one valid stream. The Info frame carries the frame count and LAME's encoder
delay and padding, so players trim them and a file is exactly the samples it was given.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

FRAME = 576            # samples per MPEG-2 Layer III frame
DECODER_DELAY = 529    # samples a decoder's filter bank adds
ENCODER_DELAY = 1105   # LAME's 576 plus the decoder's 529: input sample 0 is output 1105
WORKERS = min(4, os.cpu_count() or 1)   # ffmpeg encoders run at once
SIDE_INFO = 9          # bytes of side information in a mono MPEG-2 frame
LAME_TAG = 4 + SIDE_INFO + 120   # where the LAME tag starts in the Info frame
TAG_CRC = LAME_TAG + 34
KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)


def frame_count(total: int) -> int:
    """Frames that hold ``total`` samples after the encoder delay."""
    return -(-(total + ENCODER_DELAY) // FRAME)


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
