"""A warm flite: this process loads libflite once and then makes one WAV per request, as
the ``flite`` program would (``python -m voicecoach.speech.engines.flite_worker``).

It says ``ready`` (or ``unavailable``: the library or its voices cannot be loaded, use the
program) and then reads one JSON request a line, ``[voice, stretch, text file, wav file]``,
answering ``ok`` or ``failed`` for each. flite's excitation noise comes from the C
library's ``rand()``, which a fresh ``flite`` process starts from seed 1: seeded so before
every phrase, the samples are the program's own, byte for byte.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import sys
from typing import Any

STRETCH = b"duration_stretch"   # flite keeps the name's pointer: this one lives on


def _library(name: str) -> ctypes.CDLL:
    try:
        return ctypes.CDLL(f"lib{name}.so.1")    # Debian's names, found without a search
    except OSError:
        found = ctypes.util.find_library(name)
        if found is None:
            raise OSError(f"no lib{name}") from None
        return ctypes.CDLL(found)


class Flite:
    def __init__(self) -> None:
        self.libc = ctypes.CDLL(None)             # this process's C library: its rand()
        self.lib = _library("flite")
        self.lib.flite_init()
        self.lib.flite_file_to_speech.restype = ctypes.c_float
        self.lib.flite_file_to_speech.argtypes = [ctypes.c_char_p, ctypes.c_void_p,
                                                  ctypes.c_char_p]
        self.lib.feat_set_float.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_float]
        self.voices: dict[str, int] = {}
        self.keep: list[Any] = []

    def voice(self, name: str) -> int:
        if name not in self.voices:
            lib = _library(f"flite_cmu_us_{name}")
            register = getattr(lib, f"register_cmu_us_{name}")
            register.restype = ctypes.c_void_p
            register.argtypes = [ctypes.c_char_p]
            found = register(None)
            if not found:
                raise OSError(f"no voice {name}")
            self.keep.append(lib)
            self.voices[name] = found
        return self.voices[name]

    def say(self, name: str, stretch: float, text: str, out: str) -> None:
        voice = self.voice(name)
        features = ctypes.cast(voice, ctypes.POINTER(ctypes.c_void_p))[1]  # voice->features
        self.lib.feat_set_float(features, STRETCH, stretch)
        self.libc.srand(1)
        self.lib.flite_file_to_speech(text.encode(), voice, out.encode())


def main() -> None:
    try:
        flite = Flite()
    except (OSError, AttributeError):
        print("unavailable", flush=True)
        return
    print("ready", flush=True)
    for line in sys.stdin:
        try:
            name, stretch, text, out = json.loads(line)
            flite.say(str(name), float(stretch), str(text), str(out))
            print("ok", flush=True)
        except (OSError, AttributeError, ValueError, TypeError):
            print("failed", flush=True)


if __name__ == "__main__":
    main()
