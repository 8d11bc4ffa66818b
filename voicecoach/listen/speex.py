"""Xiph's speexdsp (the system library libspeexdsp) through ctypes: an acoustic echo
canceller, and a preprocessor that suppresses noise and the echo the canceller leaves.
Audio is signed 16-bit mono at ``rate`` Hz in frames of ``frame`` samples."""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

import numpy as np

from voicecoach.errors import VoicecoachError

_ECHO_SET_SAMPLING_RATE = 24
_PRE_SET_DENOISE = 0
_PRE_SET_NOISE_SUPPRESS = 18
_PRE_SET_ECHO_SUPPRESS = 20
_PRE_SET_ECHO_SUPPRESS_ACTIVE = 22
_PRE_SET_ECHO_STATE = 24
_lib: Any = None


class SpeexError(VoicecoachError):
    """libspeexdsp is not installed."""


def library() -> Any:
    """The loaded libspeexdsp (once), with its functions' types declared."""
    global _lib
    if _lib is None:
        name = ctypes.util.find_library("speexdsp")
        if name is None:
            raise SpeexError("the speexdsp library is not installed (Debian: libspeexdsp1, "
                             "Homebrew: speexdsp); it cleans what the microphone hears")
        lib = ctypes.CDLL(name)
        ptr, i16p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int16)
        lib.speex_echo_state_init.restype = ptr
        lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
        lib.speex_echo_cancellation.argtypes = [ptr, i16p, i16p, i16p]
        lib.speex_echo_ctl.argtypes = [ptr, ctypes.c_int, ptr]
        lib.speex_echo_state_destroy.argtypes = [ptr]
        lib.speex_preprocess_state_init.restype = ptr
        lib.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
        lib.speex_preprocess_run.argtypes = [ptr, i16p]
        lib.speex_preprocess_ctl.argtypes = [ptr, ctypes.c_int, ptr]
        lib.speex_preprocess_state_destroy.argtypes = [ptr]
        _lib = lib
    return _lib


def _int(value: int) -> ctypes.c_int:
    return ctypes.c_int(value)


class Cleaner:
    """Frame by frame: the echo of ``played`` taken out of ``heard`` (when an echo tail is
    given), then noise (and the echo left) suppressed by ``suppress_db``."""

    def __init__(self, rate: int = 16000, frame: int = 160, tail: int = 4096,
                 suppress_db: int = -30, echo_suppress_db: int = -10) -> None:
        lib = self.lib = library()
        self.frame, self.tail = frame, tail   # tail: samples of what played it remembers
        self.echo = lib.speex_echo_state_init(frame, tail) if tail else None
        self.pre = lib.speex_preprocess_state_init(frame, rate)
        if self.echo:
            lib.speex_echo_ctl(self.echo, _ECHO_SET_SAMPLING_RATE, ctypes.byref(_int(rate)))
            lib.speex_preprocess_ctl(self.pre, _PRE_SET_ECHO_STATE, self.echo)
            for key, value in ((_PRE_SET_ECHO_SUPPRESS, echo_suppress_db),
                               (_PRE_SET_ECHO_SUPPRESS_ACTIVE, echo_suppress_db)):
                lib.speex_preprocess_ctl(self.pre, key, ctypes.byref(_int(value)))
        lib.speex_preprocess_ctl(self.pre, _PRE_SET_DENOISE, ctypes.byref(_int(1)))
        lib.speex_preprocess_ctl(self.pre, _PRE_SET_NOISE_SUPPRESS,
                                 ctypes.byref(_int(suppress_db)))

    def frame_out(self, heard: np.ndarray, played: np.ndarray | None = None) -> np.ndarray:
        """One frame (int16, ``frame`` samples) cleaned; ``played``: what the speaker
        played at the same moment (needed when the canceller is on)."""
        i16p = ctypes.POINTER(ctypes.c_int16)
        rec = np.ascontiguousarray(heard, np.int16)
        if self.echo:
            ref = np.ascontiguousarray(played if played is not None
                                       else np.zeros(self.frame, np.int16), np.int16)
            out = np.empty(self.frame, np.int16)
            self.lib.speex_echo_cancellation(self.echo, rec.ctypes.data_as(i16p),
                                             ref.ctypes.data_as(i16p),
                                             out.ctypes.data_as(i16p))
        else:
            out = rec.copy()
        self.lib.speex_preprocess_run(self.pre, out.ctypes.data_as(i16p))
        return out

    def close(self) -> None:
        if self.echo:
            self.lib.speex_echo_state_destroy(self.echo)
            self.echo = None
        if self.pre:
            self.lib.speex_preprocess_state_destroy(self.pre)
            self.pre = None

    def __del__(self) -> None:
        self.close()
