"""The clip cache's index of lengths, so that knowing how long every phrase lasts (``plan``)
costs a ``stat`` a clip instead of reading and hashing it.

One text line a clip, ``KEY SIZE MTIME_NS INODE FRAMES RATE``, appended after the clip was
read and checked in full. An entry is believed only while the clip file's size,
modification time (ns) and inode are the ones recorded; otherwise the clip is read and
checked again (a damaged clip is still found and made again). A clip is recorded only once
its modification time is ``SETTLED`` seconds old, so that any later change to it shows as a
later time even where the file system's clock moves in coarse steps (git's "racily clean"
rule). Lines that do not read are ignored; the file is rewritten with one line a clip when
it holds far more lines than clips. The index is an optimisation: a problem with it costs
nothing but the time to read the clips.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

SETTLED = 3.0  # seconds: FAT's clock moves in 2 s steps, ext4's in a few ms
_MOST = 20_000_000  # bytes: far past any index (a line is about 110 bytes)
_MOST_RATE = 384_000

Entry = tuple[int, int, int, int, int]  # size, mtime_ns, inode, frames, rate


class Lengths:
    """The index file ``root/lengths`` of the clips under ``root``."""

    def __init__(self, root: Path) -> None:
        self.file = root / "lengths"
        self._known: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _entries(self) -> dict[str, str]:
        with self._lock:
            if self._known is None:
                self._known, lines = self._read()
                if lines > 2 * len(self._known) + 100:
                    self._rewrite(self._known)
            return self._known

    def _read(self) -> tuple[dict[str, str], int]:
        """Each clip's last line, unparsed (a lookup parses the few it needs), and how
        many lines there are."""
        try:
            with self.file.open("rb") as f:
                lines = f.read(_MOST).decode("ascii", "replace").splitlines()
        except OSError:
            return {}, 0
        return dict(line.partition(" ")[::2] for line in lines), len(lines)

    def _rewrite(self, known: dict[str, str]) -> None:
        """One line a clip, replacing the file at once (a line another process appends
        meanwhile may be lost: that clip is read and recorded again next time)."""
        tmp = self.file.with_name(f".lengths-{os.getpid()}-{threading.get_ident()}")
        try:
            tmp.write_text("".join(f"{k} {e}\n" for k, e in known.items()
                                   if k.isascii() and k.isalnum() and _parse(e)), "ascii")
            os.replace(tmp, self.file)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def seconds(self, key: str, path: Path) -> float | None:
        """The recorded length of the clip at ``path``, if the file is the one recorded."""
        entry = _parse(self._entries().get(key, ""))
        if entry is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        size, mtime, inode, frames, rate = entry
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (size, mtime, inode) \
                or not 1 <= rate <= _MOST_RATE or not 0 < 2 * frames < size:
            return None
        return frames / rate

    def record(self, key: str, st: os.stat_result, frames: int, rate: int) -> None:
        """Remember the length of a clip just checked in full (``st``: its file's stat,
        taken before it was read), if the file is settled."""
        if st.st_mtime_ns > (time.time() - SETTLED) * 1e9:
            return  # too new: a change within the clock's step would not show
        entry = " ".join(map(str, (st.st_size, st.st_mtime_ns, st.st_ino, frames, rate)))
        known = self._entries()
        if known.get(key) == entry:
            return
        with self._lock:
            known[key] = entry
            try:
                fd = os.open(self.file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError:
                return
            try:
                os.write(fd, f"{key} {entry}\n".encode("ascii"))  # one write: lines stay whole
            except OSError:
                pass
            finally:
                os.close(fd)


def _parse(entry: str) -> Entry | None:
    parts = entry.split()
    if len(parts) != 5 or not all(p.isdigit() for p in parts):
        return None
    size, mtime, inode, frames, rate = (int(p) for p in parts)
    return size, mtime, inode, frames, rate
