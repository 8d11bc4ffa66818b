"""MP3 by islands, from cached frames: only the stretches of a track that hold sound are
encoded, each island once for all exports (``mp3cache``); silence is one pre-encoded
frame, repeated: a voice track is mostly silence, so this costs a fraction of one
encode. An island is encoded by an ffmpeg fed ``LEAD`` silent frames and then the
island, on the track's frame grid, so its frames are the ones a whole-track encode would
have there. Positions in samples at ``clip.RATE``; peaks in dB.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voicecoach.audio.ffmpeg import (
    decoded_peaks,
    disk_full,
    encoder,
    ffmpeg_failure,
    os_problem,
)
from voicecoach.audio.interrupts import held_interrupts, joined
from voicecoach.audio.mix import Sound, mix
from voicecoach.errors import AudioError
from voicecoach.export.formats.mp3cache import Digests, FrameCache, island_key
from voicecoach.export.formats.mp3frames import (
    DECODER_DELAY,
    ENCODER_DELAY,
    FRAME,
    LAME_TAG,
    WORKERS,
    frame_bytes,
    frame_count,
    frame_size,
    info_frame,
    is_info,
    read_frames,
)

Island = tuple[int, int]                       # output frames [first, end)
MARGIN = 3             # silent frames kept each side of an island (2 measured enough)
LEAD = 8               # frames of silence encoded first; the silent frame is taken from it
QUIET = 0.5 / 32767    # below this a sample rounds to 0 in 16 bits


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


def encode(sounds: list[Sound], total: int, path: Path, bitrate: int,
           progress: Callable[[int], None] = lambda n: None,
           peak_floor: float | None = None, cache: FrameCache | None = None) -> list[float]:
    """Write ``total`` samples with ``sounds`` placed as a CBR MP3 at ``path``, and return
    each sound's peak as decoded (-inf for an inaudible one; true peak above
    ``peak_floor`` dB). Islands missing from ``cache`` are encoded, up to ``WORKERS``
    ffmpegs at once, and kept there."""
    cache = cache or FrameCache(None)
    floor = -3.4 if peak_floor is None else peak_floor
    spans, members = island_members(sounds, total)
    digest = Digests()
    keys = [island_key([sounds[i] for i in m], j0, FRAME, bitrate, digest)
            for (j0, _), m in zip(spans, members)]
    found: dict[str, tuple[list[bytes], list[float]]] = {}
    todo: dict[str, int] = {}
    for n, key in enumerate(keys):
        if key not in found and key not in todo:
            hit = cache.get(key)
            if hit is not None and len(hit[1]) == len(members[n]):
                found[key] = (_split_frames(hit[0]), hit[1])
            else:
                todo[key] = n
    silent_key = f"silence-{bitrate}"
    silent = cache.get(silent_key)
    if todo or silent is None:
        pending = sorted(todo.values())
        made, silence = _encode_islands(sounds, [spans[n] for n in pending],
                                        [members[n] for n in pending], path, bitrate,
                                        progress, floor)
        for n, (frames, peaks) in zip(pending, made):
            found[keys[n]] = (frames, peaks)
            cache.put(keys[n], b"".join(frames), peaks)
        cache.put(silent_key, silence, [])
    else:
        silence = silent[0]
    try:
        with open(path, "wb") as out:
            _join(out, silence, spans, [found[k][0] for k in keys], total)
    except OSError as exc:
        raise AudioError(os_problem(exc, path)) from None
    progress(total - sum((j1 - j0) * FRAME for j0, j1 in (spans[n] for n in todo.values())))
    peaks = [-math.inf] * len(sounds)
    for key, m in zip(keys, members):
        for i, p in zip(m, found[key][1]):
            peaks[i] = p
    return peaks


def _split_frames(data: bytes) -> list[bytes]:
    out, at = [], 0
    while at + 4 <= len(data):
        size = frame_size(data[at:at + 4])
        out.append(data[at:at + size])
        at += size
    return out


def _encode_islands(sounds: list[Sound], spans: list[Island], members: list[list[int]],
                    path: Path, bitrate: int, progress: Callable[[int], None],
                    floor: float) -> tuple[list[tuple[list[bytes], list[float]]], bytes]:
    """Encode ``spans`` (ascending) in up to ``WORKERS`` ffmpegs: each island's frames and
    its sounds' decoded peaks, and a silent frame."""
    groups = _split(spans, max(1, min(WORKERS, len(spans))))
    raws = [path.with_name(f"{path.name}.{i}") for i in range(len(groups))]
    lock = threading.Lock()

    def report(n: int) -> None:
        with lock:
            progress(n)

    encoders: list[_Encoder] = []
    try:
        for group, raw in zip(groups, raws):
            with held_interrupts():
                encoders.append(_Encoder(sounds, group, raw, bitrate, report))
        for e in encoders:
            e.thread.start()
        joined(e.thread for e in encoders)
        for e in encoders:
            if e.failed:
                raise ffmpeg_failure(e.proc, path.name)
        with concurrent.futures.ThreadPoolExecutor(len(groups)) as pool:
            found = list(pool.map(lambda g: _peaks(sounds, groups[g], members, spans, raws[g],
                                                    floor), range(len(groups))))
        made: list[tuple[list[bytes], list[float]]] = []
        silence = b""
        for g, raw in enumerate(raws):
            with open(raw, "rb") as src:
                silence, frames = _island_frames(src)
                for j0, j1 in groups[g]:
                    made.append(([next(frames) for _ in range(j1 - j0)], found[g].pop(0)))
        return made, silence
    except (OSError, ValueError, StopIteration, AudioError) as exc:  # a cut file?
        if disk_full(path):
            raise AudioError(f"disk full while writing {path.name}") from None
        if isinstance(exc, AudioError):
            raise
        raise AudioError(f"ffmpeg wrote a damaged stream for {path.name} ({exc})") from None
    finally:
        for e in encoders:
            e.close()
        for raw in raws:
            with contextlib.suppress(OSError):
                os.unlink(raw)


def _peaks(sounds: list[Sound], group: list[Island], members: list[list[int]],
           spans: list[Island], raw: Path, floor: float) -> list[list[float]]:
    """The decoded peaks of the sounds of each island of ``group`` (from ``raw``, where
    the group's islands follow ``LEAD`` silent frames)."""
    index = {span: n for n, span in enumerate(spans)}
    where: list[tuple[int, int]] = []
    offset = LEAD * FRAME
    for span in group:
        j0, j1 = span
        for i in members[index[span]]:
            s = sounds[i]
            lo = max(offset, offset + s.at - j0 * FRAME)
            where.append((lo, max(lo, offset + s.at - j0 * FRAME + len(s.samples))))
        offset += (j1 - j0) * FRAME
    order = sorted(range(len(where)), key=lambda k: where[k])
    got = decoded_peaks(raw, [where[k] for k in order], floor) if where else []
    flat = [0.0] * len(where)
    for k, p in zip(order, got):
        flat[k] = p
    out, at = [], 0
    for span in group:
        n = len(members[index[span]])
        out.append(flat[at:at + n])
        at += n
    return out


def _split(spans: list[Island], parts: int) -> list[list[Island]]:
    """``spans`` cut into ``parts`` runs of about equal frames (each at least one span)."""
    total = sum(j1 - j0 for j0, j1 in spans)
    groups: list[list[Island]] = [[] for _ in range(parts)]
    done = 0
    for span in spans:
        groups[min(parts - 1, done * parts // max(total, 1))].append(span)
        done += span[1] - span[0]
    return [g for g in groups if g] or [[]]


class _Encoder:
    """One ffmpeg encoding a run of islands (after ``LEAD`` silent frames) to ``raw``,
    fed from a thread."""

    def __init__(self, sounds: list[Sound], spans: list[Island], raw: Path,
                 bitrate: int, progress: Callable[[int], None]) -> None:
        self.proc = encoder(raw, bitrate)
        self.failed = False
        self.thread = threading.Thread(target=self._feed, args=(sounds, spans, progress),
                                       daemon=True)

    def _feed(self, sounds: list[Sound], spans: list[Island],
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


def _join(out: BinaryIO, sample: bytes, spans: list[Island], frames: list[list[bytes]],
          total: int) -> None:
    """Write the Info frame, then every frame: each island's, the silent frame between."""
    head = bytes([sample[0], sample[1], sample[2] & ~0x02, sample[3]])
    silent = head + sample[4:frame_size(head)]
    padded = bytes([head[0], head[1], head[2] | 0x02, head[3]]) + silent[4:] + b"\0"
    average, count = frame_bytes(head), frame_count(total)
    out.write(info_frame(head, count, 0, total))
    written, buf, done = frame_size(head), bytearray(), 0
    for (j0, j1), island in [*zip(spans, frames), ((count, count), [])]:
        for j in range(done, j0):  # keep the byte count on the CBR line for seeking players
            behind = (j + 2) * average - (written + len(buf) + len(silent))
            buf += padded if behind >= 0.5 else silent
        for frame in island:
            buf += frame
        done = j1
        if len(buf) > 1 << 20:
            out.write(buf)
            written, buf = written + len(buf), bytearray()
    out.write(buf)
    out.seek(0)
    out.write(info_frame(head, count, written + len(buf), total))

