"""Is the speech engine usable, and does a routine's voice exist? Asked before any clip is
made, so a missing voice or missing engine data is one ``Error:`` line.

``voice_problem`` is the one place ``validate`` asks; engines with their own voices (ids
like ``engine:voice``) extend it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from voicecoach.errors import SpeechError

if TYPE_CHECKING:
    from voicecoach.speech.speech import Pyttsx3Synthesizer


@functools.lru_cache(maxsize=1)
def espeak_data_problem() -> str | None:
    """Why espeak-ng's data cannot be used (None if it can, or espeak-ng is not here).
    Without its data espeak-ng prints its own line and ends the whole process, so this is
    checked before pyttsx3 starts it."""
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


@functools.lru_cache(maxsize=1)
def _installed() -> Pyttsx3Synthesizer | None:
    from voicecoach.speech.speech import Pyttsx3Synthesizer

    try:
        check_engine()
        synth = Pyttsx3Synthesizer()
        synth.voices()
    except SpeechError:
        return None
    return synth


@functools.lru_cache(maxsize=64)
def voice_problem(voice_id: str) -> str | None:
    """Why a routine's ``voice.voice`` cannot be used (None if it can, or if the voices
    cannot be listed here: then playing says so)."""
    synth = _installed()
    if synth is None:
        return None
    try:
        synth.resolve(voice_id)
    except SpeechError:
        return f"no installed voice '{voice_id}' (list them with 'voicecoach voices')"
    return None
