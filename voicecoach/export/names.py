"""Safe file and folder names from whatever a routine says."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from voicecoach.errors import AudioError

MAX = 60
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def slug(text: str, fallback: str = "untitled") -> str:
    """ASCII letters, digits and dashes only; never empty, '.', '..' or a reserved name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    s = s[:MAX].rstrip("-") or fallback
    return f"{s}_" if s in _RESERVED else s


def inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing anything that would land outside ``folder``."""
    path = folder / name
    if not path.resolve().is_relative_to(folder.resolve()) or "/" in name or "\\" in name:
        raise AudioError(f"refusing to write outside {folder}: {name!r}")
    return path
