"""MP3 of a track where every frame has sound (speech over music): the track is cut into
one segment per core on the frame grid, each encoded by its own ffmpeg with ``PREROLL``
frames of the real audio before and after it, and the segments' frames joined behind one
Info frame. CBR without the bit reservoir, so frames stand alone (see ``mp3frames``).
Positions in samples at ``clip.RATE``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.audio.ffmpeg import encoder, ffmpeg_failure, os_problem
from voicecoach.audio.interrupts import held_interrupts, joined
from voicecoach.audio.mix import Placement, to_pcm
from voicecoach.errors import AudioError
from voicecoach.export.formats.mp3frames import (
    FRAME,
    WORKERS,
    frame_count,
    frame_size,
    info_frame,
    is_info,
)

PREROLL = 4            # frames encoded before (and after) a segment and then dropped
CHUNK = 10 * RATE      # samples mixed at a time


def encode(placed: Placement, total: int, path: Path, bitrate: int,
           progress: Callable[[int], None] = lambda n: None, workers: int = WORKERS) -> None:
    """Write ``total`` samples of ``placed`` as a CBR MP3 at ``path``, ``workers``
    segments encoded side by side."""
    count = frame_count(total)
    parts = max(1, min(workers, count // 64))
    cuts = [count * i // parts for i in range(parts + 1)]
    segments = list(itertools.pairwise(cuts))
    raws = [path.with_name(f"{path.name}.{i}") for i in range(parts)]
    lock = threading.Lock()
    failed: list[BaseException] = []

    def report(n: int) -> None:
        with lock:
            progress(n)

    placed.prepare([((j0 - PREROLL) * FRAME, (j1 + PREROLL) * FRAME) for j0, j1 in segments])
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for raw in raws:
            with held_interrupts():
                procs.append(encoder(raw, bitrate))
        threads = [threading.Thread(target=_feed, args=(placed, seg, proc, total, report,
                                                        failed), daemon=True)
                   for seg, proc in zip(segments, procs)]
        for t in threads:
            t.start()
        joined(threads)
        if failed:
            raise failed[0]
        for proc in procs:
            if proc.wait() != 0:
                raise ffmpeg_failure(proc, path.name)
        try:
            _join(raws, segments, path, total)
        except OSError as exc:
            raise AudioError(os_problem(exc, path)) from None
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()
        for raw in raws:
            with contextlib.suppress(OSError):
                os.unlink(raw)


def _feed(placed: Placement, segment: tuple[int, int], proc: subprocess.Popen[bytes],
          total: int, progress: Callable[[int], None], failed: list[BaseException]) -> None:
    """Mix session samples of frames ``[j0 - PREROLL, j1 + PREROLL)`` into the encoder:
    its output frame ``PREROLL + k`` is the session's frame ``j0 + k``."""
    j0, j1 = segment
    lo, hi = (j0 - PREROLL) * FRAME, (j1 + PREROLL) * FRAME
    assert proc.stdin is not None
    try:
        for a in range(lo, hi, CHUNK):
            b = min(hi, a + CHUNK)
            proc.stdin.write(to_pcm(placed.block(a, b, np.float32)))  # as live play does
            progress(max(0, min(b, total) - max(a, 0)))
        proc.stdin.close()
    except OSError:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    except BaseException as exc:
        failed.append(exc)
        proc.kill()


def _join(raws: list[Path], segments: list[tuple[int, int]], path: Path, total: int) -> None:
    """The Info frame, then each segment's own frames, copied a megabyte at a time."""
    with path.open("wb") as out:
        written, head = 0, b""
        for raw, (j0, j1) in zip(raws, segments):
            with raw.open("rb") as src:
                first = src.read(4)
                if len(first) < 4 or not is_info(first + src.read(frame_size(first) - 4)):
                    raise AudioError(f"ffmpeg wrote no Info frame for {path.name}")
                if not head:
                    head = first
                    out.write(info_frame(head, frame_count(total), 0, total))
                    written = out.tell()
                for piece in _frames(src, PREROLL, j1 - j0, path.name):
                    out.write(piece)
                    written += len(piece)
        out.seek(0)
        out.write(info_frame(head, frame_count(total), written, total))


def _frames(src: BinaryIO, skip: int, count: int, name: str) -> Iterator[memoryview]:
    """``count`` frames after ``skip`` frames of an MP3 stream, as runs of whole frames."""
    buf, at, k = b"", 0, 0
    while k < skip + count:
        if at + 4 > len(buf) or at + frame_size(buf[at:at + 4]) > len(buf):
            more = src.read(1 << 20)
            if not more:
                raise AudioError(f"ffmpeg wrote {k - skip} of {count} frames for {name}")
            buf, at = buf[at:] + more, 0
            continue
        start = at
        while k < skip + count and at + 4 <= len(buf):
            size = frame_size(buf[at:at + 4])
            if at + size > len(buf):
                break
            if k == skip:
                start = at
            at += size
            k += 1
        if k > skip:
            yield memoryview(buf)[start:at]
