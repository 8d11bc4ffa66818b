"""A persistent cache of spoken clips, one WAV file per phrase and voice.

Keys cover everything that changes the sound. Writes are atomic (temporary file, then
rename), so processes sharing the cache never see half a clip. Every clip carries, after
its samples, a ``vccl`` chunk with its format and a SHA-256 of its samples; a clip is used
only if its header, that record and its samples all agree. A damaged clip is removed and
made again. Lengths are also kept in an index (``lengths.py``), believed only while the
clip file is unchanged, so that ``plan`` reads no clip. A cache location that cannot be
used (a file where a folder should be, no permission, a read-only or full disk) costs one
``Warning:`` line: the run goes on without the cache.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.speech.lengths import Lengths

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip

FORMAT = 3  # bump when clip processing (resampling, trimming, fades) changes
_CHUNK = b"vccl"
_MOST = 50_000_000  # bytes: no clip is near this; bigger files are not clips


def _warn(message: str) -> None:
    print(f"Warning: {message}", file=sys.stderr, flush=True)


class Damaged(Exception):
    """The file is not a clip this cache wrote, or its parts disagree."""


def encode(rate: int, samples: bytes) -> bytes:
    """A mono 16-bit WAV with the ``vccl`` record of its format and samples."""
    record = json.dumps({"rate": rate, "channels": 1, "bits": 16, "frames": len(samples) // 2,
                         "sha256": hashlib.sha256(samples).hexdigest()}).encode()
    record += b" " * (len(record) % 2)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", len(samples)) + samples
            + _CHUNK + struct.pack("<I", len(record)) + record)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def decode(data: bytes) -> tuple[int, bytes]:
    """(rate, samples) of a clip file, after checking every part against the record."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise Damaged("not a WAV file")
    if struct.unpack_from("<I", data, 4)[0] != len(data) - 8:
        raise Damaged("RIFF size does not match the file")
    chunks: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if pos + 8 + size > len(data):
            raise Damaged(f"chunk {name!r} runs past the end")
        chunks[name] = data[pos + 8:pos + 8 + size]
        pos += 8 + size + size % 2
    if pos != len(data) or not {b"fmt ", b"data", _CHUNK} <= chunks.keys():
        raise Damaged("missing or extra parts")
    try:
        record = json.loads(chunks[_CHUNK])
        tag, channels, rate, _, align, bits = struct.unpack("<HHIIHH", chunks[b"fmt "][:16])
    except (ValueError, struct.error) as exc:
        raise Damaged(str(exc)) from None
    samples = chunks[b"data"]
    found = {"rate": rate, "channels": channels, "bits": bits, "frames": len(samples) // 2,
             "sha256": hashlib.sha256(samples).hexdigest()}
    if not isinstance(record, dict) or record != found or (tag, align) != (1, 2) \
            or not 1 <= rate <= 384_000 or len(samples) % 2 or not samples:
        raise Damaged("format or samples differ from the record")
    return rate, samples


class ClipCache:
    """Clips on disk by key. ``warn`` gets the one line said when the cache is given up."""

    def __init__(self, root: Path, warn: Callable[[str], None] = _warn) -> None:
        self.root = root / "clips"
        self.warn = warn
        self.usable = True
        self.remade = 0  # damaged clips found (removed, to be made again)
        self.lengths = Lengths(self.root)
        self.printed = self.root / "engines.json"  # what engine programs print (``printed``)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def give_up(self, exc: OSError) -> None:
        """Go on without the cache, after one warning naming the cause."""
        if self.usable:
            self.usable = False
            where = exc.filename or self.root
            why = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            self.warn(f"clip cache {where} cannot be used ({why}); going on without it "
                      "(set VOICECOACH_CACHE_DIR to a writable folder)")

    def _load(self, key: str) -> tuple[int, bytes] | None:
        """(rate, samples) of the key's clip, checked; None if missing or damaged."""
        if not self.usable:
            return None
        path = self.path(key)
        try:
            with path.open("rb") as f:
                st = os.fstat(f.fileno())  # before reading: a change after it shows as new
                data = f.read(_MOST)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.give_up(exc)
            return None
        try:
            rate, samples = decode(data)
        except Damaged:
            self.remade += 1
            self.discard(key)
            return None
        self.lengths.record(key, st, len(samples) // 2, rate)
        return rate, samples

    def _read(self, key: str) -> Clip | None:
        found = self._load(key)
        if found is None:
            return None
        import numpy as np

        from voicecoach.audio.clip import Clip

        return Clip(np.frombuffer(found[1], dtype="<i2").copy(), found[0])

    def seconds(self, key: str) -> float | None:
        """The clip's length, or None if missing or damaged: from the index while the file
        is the one checked in full when it was recorded, else checked in full now (the
        length places every cue, so a header that lies must not be believed). Needs no
        numpy: ``plan`` only prints."""
        if not self.usable:
            return None
        known = self.lengths.seconds(key, self.path(key))
        if known is not None:
            return known
        found = self._load(key)
        return len(found[1]) // 2 / found[0] if found is not None else None

    def get(self, key: str) -> Clip | None:
        return self._read(key)

    def put(self, key: str, clip: Clip) -> None:
        if not self.usable:
            return
        path = self.path(key)
        import tempfile  # not needed by a warm plan

        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
            with os.fdopen(fd, "wb") as f:
                f.write(encode(clip.rate, clip.samples.astype("<i2").tobytes()))
            os.replace(tmp, path)
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            self.give_up(exc)
        except BaseException:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise

    def discard(self, key: str) -> None:
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            self.give_up(exc)
