"""flite (CMU Flite, Debian main ``flite``; BSD-style licence, voices built in).

Phrases are made by warm workers, one a core, each loading libflite once
(``flite_worker``: a run of the ``flite`` program costs ~12 ms of CPU before it says a
word, a third of a short phrase); where the library cannot be loaded, each phrase is one
run of the program, several at once from several threads. The samples are the same
either way. Clips come at the voice's own rate (16 kHz, or 8 kHz for ``kal``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.errors import SpeechError
from voicecoach.speech.engines import Pool, VoiceInfo, cores, printed, stop, unknown_voice

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
    def _asked(self) -> tuple[str, str]:
        """What ``flite --version`` and ``flite -lv`` print: both are needed to choose a
        voice (remembered while flite is the same: ``printed``)."""
        version, names = printed(self._exe(), "--version", "-lv")
        return version, names

    def version(self) -> str:
        out = self._asked()[0]
        word = next((w for w in out.split() if w.startswith("flite-")), "flite-unknown")
        return f"flite {word.removeprefix('flite-')}"

    def _names(self) -> tuple[str, ...]:
        names = self._asked()[1].partition(":")[2].split()
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


class _Gone(Exception):
    """A flite worker stopped."""


class _Worker:
    """One warm flite (``flite_worker``): the library loaded once, a phrase a request."""

    def __init__(self) -> None:
        import subprocess  # here and below: not needed to choose a voice (``plan``)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach.speech.engines.flite_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1)
        assert self.proc.stdout is not None
        self.ready = self.proc.stdout.readline().strip() == "ready"

    def say(self, name: str, stretch: str, txt: str, out: str) -> bool:
        """Whether it made ``out`` from the text in ``txt`` (``_Gone`` if it stopped)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps([name, float(stretch), txt, out]) + "\n")
            self.proc.stdin.flush()
        except OSError:
            raise _Gone from None
        reply = self.proc.stdout.readline().strip()
        if not reply:
            raise _Gone
        return reply == "ok"

    def close(self) -> None:
        stop(self.proc)
        if self.proc.stdout:
            self.proc.stdout.close()


class FliteSynthesizer:
    """Phrases said by warm flite workers (one a core), or by the ``flite`` program where
    the library cannot be loaded or a worker fails: the same samples either way (the
    worker seeds flite's noise as a fresh process does)."""

    def __init__(self, exe: str, version: str) -> None:
        import tempfile

        self.exe = exe
        self.engine = version
        self._tmp = Path(tempfile.mkdtemp(prefix="voicecoach-flite-"))
        self._pool: Pool[_Worker] = Pool(_Worker, cores(), _Worker.close)
        self._warm = True

    def voices(self) -> list[VoiceInfo]:
        return ENGINE.voices()

    def synthesize(self, text: str, voice: Voice) -> Clip:
        import subprocess
        import tempfile

        from voicecoach.audio.clip import gain, read_wav

        name = voice.voice or "rms"
        native = KNOWN.get(name, ("", "", 0, 175))[3]
        stretch = f"{native / voice.rate if voice.rate else 1.0:.4f}"
        fd, out = tempfile.mkstemp(dir=self._tmp, suffix=".wav")
        os.close(fd)
        try:
            # the text goes in a file: -t would read a leading '-' as an option
            txt = out + ".txt"
            Path(txt).write_text(text, encoding="utf-8")
            if not self._said(name, stretch, txt, out):
                run = subprocess.run([self.exe, "-voice", name, "--setf",
                                      f"duration_stretch={stretch}", "-f", txt, "-o", out],
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

    def _said(self, name: str, stretch: str, txt: str, out: str) -> bool:
        """Made by a warm worker? (False: the program is to make it.)"""
        if not self._warm:
            return False
        try:
            with self._pool.worker() as w:  # a worker that stopped is replaced next time
                if not w.ready:
                    self._warm = False
                    return False
                return w.say(name, stretch, txt, out) and os.path.getsize(out) > 44
        except _Gone:
            return False

    def close(self) -> None:
        self._pool.close()
        shutil.rmtree(self._tmp, ignore_errors=True)


ENGINE = Flite()
