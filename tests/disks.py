"""Real broken filesystems for tests: a full disk and a read-only folder, made with a small
tmpfs mount (needs root, as on the CI machines here). Where mounting is refused the caller
falls back to an injected OSError at the boundary, and says so."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def tmpfs(where: Path, size_kb: int = 64, read_only: bool = False) -> Iterator[bool]:
    """Mount a tmpfs of ``size_kb`` at ``where`` (made if missing); yields False if that is
    not allowed here. Unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    opts = f"size={size_kb}k" + (",ro" if read_only else "")
    done = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
        capture_output=True, check=False).returncode == 0
    try:
        yield done
    finally:
        if done:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def fill(folder: Path) -> None:
    """Fill the filesystem of ``folder`` to the last byte."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as f:
        while True:
            f.write(b"\0" * 4096)
            f.flush()
