"""flite (CMU Flite, Debian main ``flite``; BSD-style licence, voices built in).

Its command-line program starts in a few milliseconds, so each phrase is one run of it,
several at once from several threads; clips come at the voice's own rate (16 kHz, or
8 kHz for ``kal``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.errors import SpeechError
from voicecoach.speech.engines import VoiceInfo, unknown_voice

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip
    from voicecoach.model import Voice

# What flite's own voices are (its -lv prints names only); native words per minute
# measured on cue texts, for turning a rate into flite's duration stretch.
KNOWN = {
    "rms": ("en-us", "male", 16_000, 175),
    "slt": ("en-us", "female", 16_000, 175),
    "awb": ("en-gb-x-scottish", "male", 16_000, 175),
    "kal16": ("en-us", "male", 16_000, 175),
    "kal": ("en-us", "male", 8_000, 175),
}
NOT_VOICES = {"awb_time"}  # limited domain: it can only tell the time


class Flite:
    name = "flite"
    licence = "BSD-style (CMU Flite), voices included"
    install = "apt-get install flite; brew install flite"
    default_rate: int | None = None

    def available(self) -> bool:
        return shutil.which("flite") is not None

    def _exe(self) -> str:
        exe = shutil.which("flite")
        if exe is None:
            raise SpeechError("flite is not installed (sudo apt-get install flite)")
        return exe

    @functools.lru_cache(maxsize=1)  # noqa: B019 (one engine object per process)
    def version(self) -> str:
        out = subprocess.run([self._exe(), "--version"], capture_output=True, text=True,
                             check=False).stdout
        word = next((w for w in out.split() if w.startswith("flite-")), "flite-unknown")
        return f"flite {word.removeprefix('flite-')}"

    @functools.lru_cache(maxsize=1)  # noqa: B019
    def _names(self) -> tuple[str, ...]:
        out = subprocess.run([self._exe(), "-lv"], capture_output=True, text=True,
                             check=False).stdout
        names = out.partition(":")[2].split()
        return tuple(n for n in names if n not in NOT_VOICES)

    def voices(self) -> list[VoiceInfo]:
        found = []
        for n in self._names():
            lang, gender, rate, _ = KNOWN.get(n, ("en", "", 0, 175))
            found.append(VoiceInfo("flite", f"flite:{n}", n, (lang,), gender, rate))
        return found

    def resolve(self, wanted: str) -> str:
        w = wanted.casefold()
        names = self._names()
        if not w:
            return "rms" if "rms" in names else names[0]
        for n in names:
            if n.casefold() == w:
                return n
        raise unknown_voice(f"flite:{wanted}")

    def synthesizer(self) -> FliteSynthesizer:
        return FliteSynthesizer(self._exe(), self.version())


class FliteSynthesizer:
    def __init__(self, exe: str, version: str) -> None:
        self.exe = exe
        self.engine = version
        self._tmp = Path(tempfile.mkdtemp(prefix="voicecoach-flite-"))

    def voices(self) -> list[VoiceInfo]:
        return ENGINE.voices()

    def synthesize(self, text: str, voice: Voice) -> Clip:
        from voicecoach.audio.clip import gain, read_wav

        name = voice.voice or "rms"
        native = KNOWN.get(name, ("", "", 0, 175))[3]
        stretch = native / voice.rate if voice.rate else 1.0
        fd, out = tempfile.mkstemp(dir=self._tmp, suffix=".wav")
        os.close(fd)
        try:
            # the text goes in a file: -t would read a leading '-' as an option
            txt = out + ".txt"
            Path(txt).write_text(text, encoding="utf-8")
            run = subprocess.run([self.exe, "-voice", name, "--setf",
                                  f"duration_stretch={stretch:.4f}", "-f", txt, "-o", out],
                                 capture_output=True, check=False)
            if run.returncode != 0:
                raise SpeechError(f"flite failed for {text!r}: "
                                  f"{run.stderr.decode(errors='replace').strip()[:200]}")
            clip = read_wav(Path(out).read_bytes())
        finally:
            for p in (out, out + ".txt"):
                with contextlib.suppress(OSError):
                    os.unlink(p)
        return gain(clip, voice.volume)

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


ENGINE = Flite()
