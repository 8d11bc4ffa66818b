"""The random path token every served URL starts with: kept in the data folder, so a
phone's subscription still works after a restart, and renewed on request."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from voicecoach.errors import VoicecoachError

NAME = "serve-token"
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def token(data_dir: Path, renew: bool = False) -> str:
    """The stored token (a new one if none, a broken one, or ``renew``): 128 random bits
    in URL-safe base64 (22 characters), written atomically, readable by its owner only."""
    path = data_dir / NAME
    if not renew:
        try:
            kept = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            kept = ""
        if _SHAPE.match(kept):
            return kept
    fresh = secrets.token_urlsafe(16)
    tmp = path.with_name(f".{NAME}.{os.getpid()}.part")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(fresh + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise VoicecoachError(f"cannot keep the serve token in {path}: "
                              f"{exc.strerror or exc}") from None
    return fresh
