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

import concurrent.futures
import contextlib
import itertools
import math
import os
import struct
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.audio.ffmpeg import decoded_peaks, ffmpeg, ffmpeg_failure, os_problem
from voicecoach.audio.mix import Sound, mix
from voicecoach.errors import AudioError
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
    frames, out = frame_count(total), list[tuple[int, int]]()
    for s in sorted(sounds, key=lambda s: s.at):
        audible = np.flatnonzero(np.abs(s.samples) >= QUIET)
        if not audible.size:
            continue
        a, b = s.at + int(audible[0]), s.at + int(audible[-1]) + 1
        j0 = max(0, (a + ENCODER_DELAY) // FRAME - MARGIN)
        j1 = min(frames, (b - 1 + ENCODER_DELAY) // FRAME + MARGIN + 1)
        if out and j0 <= out[-1][1] + MARGIN:
            out[-1] = (out[-1][0], max(out[-1][1], j1))
        else:
            out.append((j0, j1))
    return out


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


def encode(sounds: list[Sound], total: int, path: Path, bitrate: int,
           progress: Callable[[int], None] = lambda n: None,
           peak_floor: float | None = None) -> list[float]:
    """Write ``total`` samples with ``sounds`` placed as a CBR MP3 at ``path``. The islands
    are encoded in up to ``WORKERS`` ffmpeg processes at once, then joined in order.
    With ``peak_floor`` (dB), returns each sound's peak as decoded (see ``decoded_peaks``);
    the islands hold every sound, so only they are decoded."""
    spans = islands(sounds, total)
    groups = _split(spans, max(1, min(WORKERS, len(spans))))
    raws = [path.with_name(f"{path.name}.{i}") for i in range(len(groups))]
    lock = threading.Lock()

    def report(n: int) -> None:
        with lock:
            progress(n)

    encoders = [_Encoder(sounds, g, raw, bitrate, report) for g, raw in zip(groups, raws)]
    try:
        for e in encoders:
            e.thread.start()
        for e in encoders:
            e.thread.join()
        for e in encoders:
            if e.failed:
                raise ffmpeg_failure(e.proc, path.name)
        peaks = [] if peak_floor is None else _peaks(sounds, groups, raws, peak_floor)
        try:
            with contextlib.ExitStack() as stack:
                sources = [stack.enter_context(open(raw, "rb")) for raw in raws]
                out = stack.enter_context(open(path, "wb"))
                _join(sources, groups, out, total)
        except OSError as exc:
            raise AudioError(os_problem(exc, path)) from None
        progress(total - sum((j1 - j0) * FRAME for j0, j1 in spans))
        return peaks
    finally:
        for e in encoders:
            e.close()
        for raw in raws:
            with contextlib.suppress(OSError):
                os.unlink(raw)


def _peaks(sounds: list[Sound], groups: list[list[tuple[int, int]]], raws: list[Path],
           floor: float) -> list[float]:
    """Each sound's decoded peak, from the encoders' files (decoded side by side)."""
    where: list[list[tuple[int, int]]] = [[] for _ in groups]   # stream ranges per file
    owner: list[list[int]] = [[] for _ in groups]               # which sound each is
    starts = sorted(range(len(sounds)), key=lambda i: sounds[i].at)
    k = 0
    for g, spans in enumerate(groups):
        offset = LEAD * FRAME
        for j0, j1 in spans:
            lo, hi = j0 * FRAME, j1 * FRAME
            while k < len(starts) and sounds[starts[k]].at < hi:
                s = sounds[starts[k]]
                if s.at >= lo:
                    where[g].append((offset + s.at - lo, offset + s.at - lo + len(s.samples)))
                    owner[g].append(starts[k])
                k += 1
            offset += hi - lo
    peaks = [-math.inf] * len(sounds)
    with concurrent.futures.ThreadPoolExecutor(len(groups)) as pool:
        for g, found in enumerate(pool.map(lambda g: decoded_peaks(raws[g], where[g], floor),
                                           range(len(groups)))):
            for i, p in zip(owner[g], found):
                peaks[i] = p
    return peaks


def _split(spans: list[tuple[int, int]], parts: int) -> list[list[tuple[int, int]]]:
    """``spans`` cut into ``parts`` runs of about equal frames (each at least one span)."""
    total = sum(j1 - j0 for j0, j1 in spans)
    groups: list[list[tuple[int, int]]] = [[] for _ in range(parts)]
    done = 0
    for span in spans:
        groups[min(parts - 1, done * parts // max(total, 1))].append(span)
        done += span[1] - span[0]
    return [g for g in groups if g] or [[]]


class _Encoder:
    """One ffmpeg encoding a run of islands (after ``LEAD`` silent frames) to ``raw``,
    fed from a thread."""

    def __init__(self, sounds: list[Sound], spans: list[tuple[int, int]], raw: Path,
                 bitrate: int, progress: Callable[[int], None]) -> None:
        args = [ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "s16le",
                "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a",
                f"{bitrate}k", "-reservoir", "0", "-id3v2_version", "0", "-write_id3v1", "0",
                "-f", "mp3", "-y", str(raw)]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        self.failed = False
        self.thread = threading.Thread(target=self._feed, args=(sounds, spans, progress),
                                       daemon=True)

    def _feed(self, sounds: list[Sound], spans: list[tuple[int, int]],
              progress: Callable[[int], None]) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(bytes(2 * LEAD * FRAME))
            for pcm in mix(sounds, [(j0 * FRAME, j1 * FRAME) for j0, j1 in spans]):
                self.proc.stdin.write(pcm)
                progress(len(pcm) // 2)
            self.proc.stdin.close()
        except OSError:
            self.failed = True
        self.failed = self.proc.wait() != 0 or self.failed

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def _island_frames(src: BinaryIO) -> tuple[bytes, Iterator[bytes]]:
    """A silent frame, and the islands' frames, from one encoder's file."""
    frames = read_frames(src)
    first = next(frames)
    if not is_info(first):
        raise ValueError("ffmpeg wrote no Info frame")
    delay = int.from_bytes(first[LAME_TAG + 21:LAME_TAG + 24], "big") >> 12
    if delay + DECODER_DELAY != ENCODER_DELAY:
        raise ValueError(f"unexpected encoder delay {delay}")
    lead = [next(frames) for _ in range(LEAD)]
    return lead[LEAD // 2], frames


def _join(sources: Sequence[BinaryIO], groups: list[list[tuple[int, int]]], out: BinaryIO,
          total: int) -> None:
    """Write the Info frame, then every frame: each group's islands from its source (the
    frames an encoder flushes after them dropped), the silent frame between them."""
    parts = [_island_frames(src) for src in sources]
    sample = parts[0][0]
    frames = itertools.chain.from_iterable(
        itertools.islice(f, sum(j1 - j0 for j0, j1 in g)) for (_, f), g in zip(parts, groups))
    spans = [span for g in groups for span in g]
    head = bytes([sample[0], sample[1], sample[2] & ~0x02, sample[3]])
    silent = head + sample[4:frame_size(head)]
    padded = bytes([head[0], head[1], head[2] | 0x02, head[3]]) + silent[4:] + b"\0"
    average, count = frame_bytes(head), frame_count(total)
    out.write(info_frame(head, count, 0, total))
    written, buf, done = frame_size(head), bytearray(), 0
    for j0, j1 in [*spans, (count, count)]:
        for j in range(done, j0):  # keep the byte count on the CBR line for seeking players
            behind = (j + 2) * average - (written + len(buf) + len(silent))
            buf += padded if behind >= 0.5 else silent
        for _ in range(j0, j1):
            buf += next(frames)
        done = j1
        if len(buf) > 1 << 20:
            out.write(buf)
            written, buf = written + len(buf), bytearray()
    out.write(buf)
    out.seek(0)
    out.write(info_frame(head, count, written + len(buf), total))


class Mp3:
    """MP3, CBR, mono at ``clip.RATE``: by islands for voice-only tracks, in parallel
    segments for tracks with music."""

    name = "mp3"
    ceiling = -3.0     # dBTP: MP3's reconstruction overshoots ~1.3 dB at 96 kbit/s

    def check_tools(self) -> None:
        ffmpeg()

    def write(self, audio: TrackAudio, path: Path,
              progress: Callable[[int], None]) -> list[float]:
        if audio.music:
            from voicecoach.export.formats import mp3segments

            mp3segments.encode(audio.placed, audio.total, path, audio.bitrate, progress)
            return []
        return encode(audio.sounds, audio.total, path, audio.bitrate, progress,
                      audio.peak_floor)

    def tag(self, path: Path, info: TrackInfo) -> None:
        write_tags(path, info)


FORMAT = Mp3()
