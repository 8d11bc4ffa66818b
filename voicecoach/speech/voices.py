"""Which voice speaks: engine-qualified ids, the default voice, cheap checks of an id (the
one place ``validate`` asks: ``voice_problem``), and whether espeak-ng's data is usable.

The default is the most intelligible free voice that ``scripts/setup`` installs, by the
recogniser's word error rate on the cue texts (``python -m benchmarks voices``); where its
engine is missing, the next one, and pyttsx3 (espeak-ng, SAPI5, macOS voices) last.
"""

from __future__ import annotations

import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import SpeechError
from voicecoach.speech.engines import FALLBACK, MODULES, VoiceInfo, engine, split


@functools.lru_cache(maxsize=1)
def espeak_data_problem() -> str | None:
    """Why espeak-ng's data cannot be used (None if it can, or espeak-ng is not here).
    Without its data espeak-ng prints its own line and ends the whole process, so this is
    checked before pyttsx3 starts it."""
    import subprocess

    exe = shutil.which("espeak-ng")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    data = out.split("Data at:", 1)[1].strip() if "Data at:" in out else ""
    if data and not (Path(data) / "phontab").is_file():
        return (f"espeak-ng's voice data is missing ({data}/phontab); reinstall it: "
                "sudo apt-get install --reinstall espeak-ng-data")
    return None


def check_engine() -> None:
    problem = espeak_data_problem()
    if problem:
        raise SpeechError(problem)


# Most intelligible first: the recogniser's word error rate over the shipped routines' cue
# texts (python -m benchmarks voices): flite rms 22 %, festival slt 24 % (see the README; flite
# rms 18 % with the English wording chosen with that bench).
DEFAULT_ORDER = ("flite:rms", "festival:slt")


@dataclass(frozen=True)
class Choice:
    """A voice that can speak: its engine, the engine's own name for it ('' = the engine's
    default), and the engine's version (what the clip cache key holds)."""

    engine: str
    voice: str
    version: str
    default_rate: int | None = None

    @property
    def id(self) -> str:
        return f"{self.engine}:{self.voice}"


def _choice(name: str, wanted: str) -> Choice:
    eng = engine(name)
    if not eng.available():
        raise SpeechError(f"the {name} speech engine is not installed ({eng.install})")
    return Choice(name, eng.resolve(wanted), eng.version(), eng.default_rate)


def default_id() -> str:
    """The default voice's id: the first of ``DEFAULT_ORDER`` that is installed."""
    for voice_id in DEFAULT_ORDER:
        name, wanted = split(voice_id)
        eng = engine(name)
        if eng.available():
            try:
                eng.resolve(wanted)
            except SpeechError:
                continue
            return voice_id
    return f"{FALLBACK}:"


NO_ENGINE = ("no speech engine found (install one: sudo apt-get install festival "
             "festvox-us-slt-hts, or flite, or espeak-ng; brew install flite espeak-ng)")


def choose(voice_id: str | None) -> Choice:
    """The voice for an id (None: the default). Raises SpeechError for an unknown engine
    or voice, or an engine that is not installed."""
    if not voice_id and default_id() == f"{FALLBACK}:" and not engine(FALLBACK).available():
        raise SpeechError(NO_ENGINE)
    return _choice(*split(voice_id if voice_id else default_id()))


def check(voice_id: str) -> str | None:
    """What is wrong with a voice id, or None. For routine checks: it starts no engine that
    is slow to start (pyttsx3's voices are listed by starting pyttsx3, ~0.1 s)."""
    name, sep, _ = voice_id.partition(":")
    if sep and name.strip().casefold() not in MODULES and name.strip().isidentifier():
        return (f"unknown speech engine '{name}' in voice '{voice_id}' "
                f"(engines: {', '.join(MODULES)}; see 'voicecoach voices')")
    name, wanted = split(voice_id)
    eng = engine(name)
    if not eng.available():
        return f"the {name} speech engine is not installed ({eng.install})"
    try:
        eng.resolve(wanted)
    except SpeechError as exc:
        if str(exc).startswith("unknown voice"):
            return f"no installed voice '{voice_id}' (list them with 'voicecoach voices')"
        return str(exc)
    return None


@functools.lru_cache(maxsize=64)
def voice_problem(voice_id: str) -> str | None:
    """Why a routine's ``voice.voice`` cannot be used (None if it can): an unknown engine
    or voice, an engine not installed, or espeak-ng without its data."""
    return check(voice_id)


def listing() -> tuple[list[tuple[VoiceInfo, bool]], list[str]]:
    """Every installed engine's voices, each with whether it is the default; and a line
    for each engine that is not installed."""
    default = choose(None)
    voices, missing = [], []
    for name in MODULES:
        eng = engine(name)
        if not eng.available():
            missing.append(f"{name}: not installed ({eng.install})")
            continue
        voices += [(v, (name, v.name) == (default.engine, default.voice))
                   for v in eng.voices()]
    if default.engine == FALLBACK and not default.voice:
        voices.insert(0, (VoiceInfo(FALLBACK, f"{FALLBACK}:", "(the engine's default)",
                                    ("",)), True))
    return voices, missing
