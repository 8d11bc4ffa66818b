"""The pure parts of MP3-by-islands: which frames get encoded, and the Info frame."""

from __future__ import annotations

import numpy as np

from voicecoach.audio.mix import Sound
from voicecoach.export.formats import mp3frames as m
from voicecoach.export.formats import mp3islands


def test_crc16_is_crc16_arc() -> None:
    assert m.crc16(b"123456789") == 0xBB3D  # the catalogued check value


def test_islands_cover_sound_with_margins_and_merge() -> None:
    one = np.ones(100) * 0.5
    quiet = np.concatenate([np.zeros(5000), one])  # leading silence is not encoded
    sounds = [Sound(0, one), Sound(576 * 20, one), Sound(576 * 100 - 5000, quiet)]
    total = 576 * 200
    # input sample s is output sample s + 1105, in frame (s + 1105) // 576; 3 frames more
    # each side. Samples 0-99: frames 1-2; 11520-11619: 21-22; 57600-57699: 101-102.
    assert mp3islands.islands(sounds, total) == [(0, 2 + 3 + 1), (21 - 3, 22 + 3 + 1),
                                        (101 - 3, 102 + 3 + 1)]
    # islands within 3 frames of each other merge (5184-5283: frames 10-11)
    close = [Sound(0, one), Sound(576 * 9, one)]
    assert mp3islands.islands(close, total) == [(0, 11 + 3 + 1)]
    assert mp3islands.islands([Sound(0, np.zeros(50))], total) == []
    assert m.frame_count(total) == -(-(total + 1105) // 576) == 202


def test_info_frame_says_length_and_gapless_padding() -> None:
    header = bytes([0xFF, 0xF3, 0xA0, 0xC4])  # MPEG-2 layer III, 96 kbit/s, 22.05 kHz, mono
    assert m.frame_size(header) == 313 and m.frame_size(header[:2] + b"\xa2\xc4") == 314
    frame = m.info_frame(header, frames=202, size=63_000, total=576 * 200)
    assert len(frame) == 313 and m.is_info(frame)
    assert frame[13:29] == b"Info" + (0x0F).to_bytes(4, "big") + (202).to_bytes(4, "big") \
        + (63_000).to_bytes(4, "big")
    tag = frame[m.LAME_TAG:]
    assert tag[:9] == b"LAME3.100"
    delays = int.from_bytes(tag[21:24], "big")
    # 576 samples of encoder delay; padding = 202 frames - samples - delay, plus 529
    assert (delays >> 12, delays & 0xFFF) == (576, 202 * 576 - 576 * 200 - 1105 + 529)
    crc = int.from_bytes(frame[m.TAG_CRC:m.TAG_CRC + 2], "big")
    assert crc == m.crc16(frame[:m.TAG_CRC] + b"\0\0" + frame[m.TAG_CRC + 2:190])
