"""A persistent cache of spoken clips, one WAV file per phrase and voice.

Keys cover everything that changes the sound. Writes are atomic (temporary file, then
rename), so processes sharing the cache never see half a clip; a corrupt entry is removed
and made again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip

FORMAT = 2  # bump when clip processing (trimming, rate) changes


class ClipCache:
    def __init__(self, root: Path) -> None:
        self.root = root / "clips"

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def seconds(self, key: str) -> float | None:
        """The clip's length from its header only, or None if missing or damaged."""
        path = self.path(key)
        try:
            with wave.open(str(path), "rb") as w:
                frames, rate, width = w.getnframes(), w.getframerate(), w.getsampwidth()
            if width != 2 or frames <= 0 or path.stat().st_size < 44 + 2 * frames:
                raise EOFError
        except FileNotFoundError:
            return None
        except (OSError, EOFError, wave.Error):
            self.discard(key)
            return None
        return frames / rate

    def get(self, key: str) -> Clip | None:
        from voicecoach.audio.clip import read_wav

        if self.seconds(key) is None:  # missing, or header and size disagree
            return None
        try:
            clip = read_wav(self.path(key))
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, wave.Error):
            self.discard(key)
            return None
        if len(clip.samples) == 0:
            self.discard(key)
            return None
        return clip

    def put(self, key: str, clip: Clip) -> None:
        from voicecoach.audio.clip import wav_bytes

        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(wav_bytes(clip))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def discard(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self.path(key).unlink()
