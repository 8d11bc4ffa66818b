"""festival (Debian main ``festival``, voices such as ``festvox-us-slt-hts``; free licences).

festival takes about half a second to start and load a voice, so it is kept warm: worker
processes (one per core, made as needed) each run ``festival --pipe`` and are sent one
Scheme command per phrase; a printed marker says the WAV is written. Clips come at the
voice's own rate (32 kHz for the HTS voices, 16 kHz for the diphone ones).
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
from voicecoach.speech.engines import Pool, VoiceInfo, cores, printed, stop, unknown_voice

if TYPE_CHECKING:
    from voicecoach.audio.clip import Clip
    from voicecoach.model import Voice

VOICE_DIRS = (Path("/usr/share/festival/voices"), Path("/usr/local/share/festival/voices"),
              Path("/opt/homebrew/share/festival/voices"))
# short id → (language, gender, native words per minute)
KNOWN = {
    "slt": ("en-us", "female", 175), "kal": ("en-us", "male", 175),
    "kdl": ("en-us", "male", 175), "rab": ("en-gb", "male", 175),
    "ked": ("en-us", "male", 175), "awb": ("en-gb-x-scottish", "male", 175),
    "rms": ("en-us", "male", 175), "bdl": ("en-us", "male", 175),
    "clb": ("en-us", "female", 175), "jmk": ("en-us", "male", 175),
}
MARK = "VOICECOACH-DONE"
STARTUP_TIMEOUT = 30.0


def short(full: str) -> str:
    """``cmu_us_slt_arctic_hts`` → ``slt``; ``kal_diphone`` → ``kal``."""
    s = full.removeprefix("cmu_us_").removeprefix("cstr_us_").removeprefix("cstr_uk_")
    for suffix in ("_arctic_hts", "_arctic_clunits", "_hts", "_clunits", "_diphone", "_cg",
                   "_multisyn"):
        s = s.removesuffix(suffix)
    return s


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Festival:
    name = "festival"
    licence = "festival: X11-style; slt HTS voice: CMU EST licence, BSD-3-clause"
    install = "apt-get install festival festvox-us-slt-hts"
    default_rate: int | None = None

    def available(self) -> bool:
        return shutil.which("festival") is not None and bool(self._found())

    @functools.lru_cache(maxsize=1)  # noqa: B019 (one engine object per process)
    def _found(self) -> tuple[tuple[str, str, Path], ...]:
        """(short id, festival name, voice folder) of each installed voice, from the disk."""
        found: dict[str, tuple[str, str, Path]] = {}
        for root in VOICE_DIRS:
            for d in sorted(root.glob("*/*")) if root.is_dir() else []:
                if (d / "festvox").is_dir():
                    s = short(d.name)
                    # one id per speaker: an HTS voice wins over older kinds
                    if s not in found or d.name.endswith("_hts"):
                        found[s] = (s, d.name, d)
        return tuple(found.values())

    @functools.lru_cache(maxsize=1)  # noqa: B019
    def version(self) -> str:
        exe = shutil.which("festival")
        if exe is None:
            raise SpeechError("festival is not installed "
                              "(sudo apt-get install festival festvox-us-slt-hts)")
        [out] = printed(exe, "--version")
        version = out.split(":")[2].strip() if out.count(":") >= 2 else "unknown"
        # voice data changes the sound too: its files' sizes and dates stand for its version
        stamp = sum(f.stat().st_size + int(f.stat().st_mtime)
                    for _, _, d in self._found() for f in d.rglob("*") if f.is_file())
        return f"festival {version} voices {stamp:x}"

    def voices(self) -> list[VoiceInfo]:
        out = []
        for s, full, _ in self._found():
            lang, gender, _ = KNOWN.get(s, ("en", "", 175))
            rate = 32_000 if full.endswith("_hts") else 16_000
            out.append(VoiceInfo("festival", f"festival:{s}", full, (lang,), gender, rate))
        return out

    def resolve(self, wanted: str) -> str:
        w = wanted.casefold()
        found = self._found()
        if not found:
            raise SpeechError("festival has no voice installed "
                              "(sudo apt-get install festvox-us-slt-hts)")
        if not w:
            return next((full for s, full, _ in found if s == "slt"), found[0][1])
        for s, full, _ in found:
            if w in (s, full.casefold()):
                return full
        raise unknown_voice(f"festival:{wanted}")

    def synthesizer(self) -> FestivalSynthesizer:
        exe = shutil.which("festival")
        if exe is None:
            raise SpeechError("festival is not installed "
                              "(sudo apt-get install festival festvox-us-slt-hts)")
        return FestivalSynthesizer(exe, self.version())


class _Process:
    """One warm ``festival --pipe``; stdout unbuffered (stdbuf) so the marker comes at once."""

    def __init__(self, exe: str) -> None:
        cmd = [exe, "--pipe"]
        if shutil.which("stdbuf"):
            cmd = ["stdbuf", "-o0", *cmd]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.voice: str | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="voicecoach-festival-"))

    def run(self, scheme: str) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(f'{scheme}\n(print "{MARK}")\n'.encode())
        except BrokenPipeError:
            raise SpeechError("festival stopped unexpectedly") from None
        buf = b""
        while MARK.encode() not in buf:
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise SpeechError("festival stopped unexpectedly")
            buf = buf[-64:] + chunk

    def say(self, text: str, voice: Voice) -> Clip:
        from voicecoach.audio.clip import read_wav

        name = voice.voice or ""
        if name != self.voice:
            self.run(f"(voice_{name})")
            self.voice = name
        speed = voice.rate / KNOWN.get(short(name), ("", "", 175))[2] if voice.rate else 1.0
        out = self.tmp / "phrase.wav"
        with contextlib.suppress(FileNotFoundError):
            out.unlink()
        # HTS voices take a speed; the others a duration stretch
        self.run(f"(Parameter.set 'Duration_Stretch {1 / speed:.4f})"
                 f"(if (boundp '{name}::hts_engine_params)"
                 f" (set! hts_engine_params (append {name}::hts_engine_params"
                 f" (list (list \"-r\" {speed:.4f})))))"
                 f"(utt.save.wave (SynthText {_quote(text)}) {_quote(str(out))} 'riff)")
        try:
            return read_wav(out.read_bytes())
        except (OSError, EOFError, ValueError) as exc:
            raise SpeechError(f"festival made no audio for {text!r} ({exc})") from None

    def close(self) -> None:
        stop(self.proc)
        shutil.rmtree(self.tmp, ignore_errors=True)


class FestivalSynthesizer:
    def __init__(self, exe: str, version: str) -> None:
        self.engine = version
        self._pool: Pool[_Process] = Pool(lambda: _Process(exe), cores(), _Process.close)

    def voices(self) -> list[VoiceInfo]:
        return ENGINE.voices()

    def synthesize(self, text: str, voice: Voice) -> Clip:
        from voicecoach.audio.clip import gain

        with self._pool.worker() as proc:
            clip = proc.say(text, voice)
        return gain(clip, voice.volume)

    def close(self) -> None:
        self._pool.close()


ENGINE = Festival()
