"""Speech engines as plugins: one module each, all behind ``Engine`` and ``Synthesizer``.

An ``Engine`` is cheap to ask (installed? version? voices?) and never starts anything slow
for that; ``Engine.synthesizer()`` gives the ``Synthesizer`` that makes clips, at the
engine's own sample rate (``voicecoach.speech.speech.Speech`` resamples them, in one place).

Voice ids name their engine, ``engine:voice`` (``flite:rms``, ``festival:slt``,
``pyttsx3:en-us``); an id without a known engine prefix is a pyttsx3 voice, as before.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from voicecoach.errors import SpeechError

if TYPE_CHECKING:
    import subprocess

    from voicecoach.audio.clip import Clip
    from voicecoach.model import Voice

# name → module; each module has ``ENGINE``. Order: how ``voicecoach voices`` lists them.
MODULES = {
    "flite": "voicecoach.speech.engines.flite_engine",
    "festival": "voicecoach.speech.engines.festival_engine",
    "pyttsx3": "voicecoach.speech.engines.pyttsx3_engine",
}
FALLBACK = "pyttsx3"


@dataclass(frozen=True)
class VoiceInfo:
    """One voice: ``id`` is engine-qualified; ``rate`` is its native sample rate (Hz, 0 if
    not known without starting the engine)."""

    engine: str
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str = ""
    rate: int = 0


class Synthesizer(Protocol):
    """Makes one clip per phrase. ``engine`` names the engine and its version (it goes into
    the clip cache key); ``voice.voice`` is the engine's own voice name."""

    engine: str

    def synthesize(self, text: str, voice: Voice) -> Clip: ...

    def voices(self) -> list[VoiceInfo]: ...


class Engine(Protocol):
    """A speech engine plugin. Every method but ``synthesizer`` is cheap."""

    name: str
    licence: str      # of the engine and the voice data it ships
    install: str      # how scripts/setup (or a person) installs it
    default_rate: int | None  # words per minute when none is asked for; None: its own

    def available(self) -> bool: ...

    def version(self) -> str: ...

    def voices(self) -> list[VoiceInfo]: ...

    def resolve(self, wanted: str) -> str:
        """The engine's own name of the voice ``wanted`` (raises SpeechError if unknown)."""
        ...

    def synthesizer(self) -> Synthesizer: ...


def engine(name: str) -> Engine:
    try:
        module = importlib.import_module(MODULES[name])
    except KeyError:
        raise SpeechError(f"unknown speech engine '{name}' (engines: "
                          f"{', '.join(MODULES)})") from None
    found: Engine = module.ENGINE
    return found


def split(voice_id: str) -> tuple[str, str]:
    """(engine, voice) of an id: ``flite:rms`` → (flite, rms); ``en-us`` → (pyttsx3, en-us)."""
    name, sep, rest = voice_id.partition(":")
    if sep and name.strip().casefold() in MODULES:
        return name.strip().casefold(), rest.strip()
    return FALLBACK, voice_id.strip()


def unknown_voice(wanted: str) -> SpeechError:
    return SpeechError(f"unknown voice '{wanted}' (list them with 'voicecoach voices')")


W = TypeVar("W")


class Pool(Generic[W]):
    """Up to ``size`` workers made by ``make`` on demand; each is lent to one thread at a
    time, so several threads can synthesize at once."""

    def __init__(self, make: Callable[[], W], size: int, close: Callable[[W], None]) -> None:
        self._make, self._close, self._size = make, close, size
        self._idle: queue.SimpleQueue[W] = queue.SimpleQueue()
        self._all: list[W] = []
        self._lock = threading.Lock()

    @contextmanager
    def worker(self) -> Iterator[W]:
        try:
            w = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self._size
                if grow:
                    w = self._make()
                    self._all.append(w)
            if not grow:
                w = self._idle.get()
        broken = True
        try:
            yield w
            broken = False
        finally:
            if broken:  # a failed worker may be in any state: replace it next time
                with self._lock:
                    self._all.remove(w)
                self._close(w)
            else:
                self._idle.put(w)

    def close(self) -> None:
        with self._lock:
            for w in self._all:
                self._close(w)
            self._all.clear()
            self._idle = queue.SimpleQueue()


_MEMO: ContextVar[Path | None] = ContextVar("voicecoach_printed_memo", default=None)


@contextmanager
def remembering(file: Path) -> Iterator[None]:
    """Within (in this thread): what ``printed`` learns is kept in ``file``, for later runs."""
    token = _MEMO.set(file)
    try:
        yield
    finally:
        _MEMO.reset(token)


def printed(exe: str, *args: str) -> list[str]:
    """What ``exe ARG`` prints on stdout for each ARG (the runs side by side). Within
    ``remembering``, it is kept while the program file is the same (path, size, time,
    inode), so that a later run starts no program (``flite`` twice: ~15 ms of CPU)."""
    file = _MEMO.get()
    try:
        st = os.stat(exe)
        stamp: list[object] | None = [exe, st.st_size, st.st_mtime_ns, st.st_ino]
    except OSError:
        stamp = None
    memo = _read_memo(file) if file is not None and stamp is not None else {}
    outs: dict[str, str] = {}
    for arg in args:
        known = memo.get(f"{exe} {arg}")
        if isinstance(known, dict) and known.get("stamp") == stamp \
                and isinstance(known.get("out"), str):
            outs[arg] = known["out"]
    missing = [arg for arg in args if arg not in outs]
    if missing:
        import subprocess

        runs = [subprocess.Popen([exe, arg], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True) for arg in missing]
        for arg, run in zip(missing, runs):
            outs[arg] = run.communicate()[0]
            if run.returncode >= 0:  # ended by itself (flite --version ends with 1)
                memo[f"{exe} {arg}"] = {"stamp": stamp, "out": outs[arg]}
        if file is not None and stamp is not None:
            _write_memo(file, memo)
    return [outs[arg] for arg in args]


def _read_memo(file: Path) -> dict[str, Any]:
    try:
        memo = json.loads(file.read_bytes()[:1_000_000])
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}


def _write_memo(file: Path, memo: dict[str, Any]) -> None:
    """Replaced at once; where it cannot be written, the programs are run next time."""
    tmp = file.with_name(f".{file.name}-{os.getpid()}-{threading.get_ident()}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(memo, indent=0))
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def stop(proc: subprocess.Popen[Any]) -> None:
    """End a worker process: its input closed, two seconds to finish, then killed."""
    import subprocess

    with contextlib.suppress(OSError):
        if proc.stdin:
            proc.stdin.close()
    try:
        proc.wait(2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cores() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)
