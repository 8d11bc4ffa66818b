"""The microphone, heard in a child process: what it hears goes through `Ear` (the
coach's own sound taken out, noise suppressed, sounds cut) to a `Spotter`, and the commands
it takes come back to the player. Times in seconds."""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np

from voicecoach.audio.clip import RATE
from voicecoach.errors import VoicecoachError
from voicecoach.listen.echo import MIC_RATE
from voicecoach.listen.hearing import Ear
from voicecoach.listen.spotter import ListenError, Spotter, model_for
from voicecoach.listen.tape import BLOCK, Tape

NO_MIC = "no microphone to listen to ({}); play without --listen"


def listener_for(cue_texts: Iterable[str], language: str = "en",
                 played_rate: int = RATE) -> Listener:
    """A listener on the default microphone, its filler including the session's words;
    ``played_rate``: the rate of the audio `Listener.played` is given."""
    model_for(language)  # a language without a model fails here, before anything starts
    from voicecoach.listen.speex import library

    try:
        library()
    except VoicecoachError as exc:
        raise ListenError(str(exc)) from None
    return Listener(language, list(cue_texts), played_rate)


class Listener:
    """The default input device, heard in a child process (the decoder holds the GIL for
    a whole decoding, which would starve the player's writes). ``played`` tells it what
    the speaker plays, so it can take that out; ``read`` returns a command heard since
    the last call and never waits."""

    def __init__(self, language: str, words: list[str], played_rate: int,
                 device: Any = None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe(duplex=False)
        heard_played, self.to_child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_listen, args=(child, heard_played, language, words,
                                                      played_rate, device),
                                name="voicecoach-listen", daemon=True)
        # what plays goes to the child from a thread of its own: a child busy decoding (on a
        # busy machine, for seconds) fills the pipe, and the player must never wait for it
        self.outbox: queue.SimpleQueue[tuple[float, np.ndarray] | None] = queue.SimpleQueue()
        self.sender = threading.Thread(target=self._send, name="voicecoach-listen-feed",
                                       daemon=True)

    def __enter__(self) -> Listener:
        self.proc.start()
        self.sender.start()
        if not self.conn.poll(60):
            self.close()
            raise ListenError("the recogniser did not start within a minute")
        kind, text = self.conn.recv()
        if kind == "error":
            self.close()
            raise ListenError(text)
        return self

    def played(self, block: np.ndarray, ahead: float) -> None:
        """``block`` (floats at ``played_rate``) is heard ``ahead`` seconds from now."""
        import time

        self.outbox.put((time.monotonic() + ahead,
                         (np.clip(block, -1, 1) * 32767).astype(np.int16)))

    def _send(self) -> None:
        while (item := self.outbox.get()) is not None:
            try:
                self.to_child.send(item)
            except (OSError, ValueError):   # the child has gone
                return

    def read(self) -> str | None:
        try:
            if self.conn.poll():
                kind, text = self.conn.recv()
                return str(text) if kind == "heard" else None
        except (EOFError, OSError):
            pass
        return None

    def close(self) -> None:
        self.outbox.put(None)
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(timeout=5)

    def __exit__(self, *exc: object) -> None:
        self.close()


def _listen(conn: Any, speaker: Any, language: str, words: list[str], played_rate: int,
            device: Any) -> None:
    """The child: ("ready", "") or ("error", message) first, then ("heard", command)s.
    With VOICECOACH_LISTEN_DEBUG=1 it tells stderr how it lines up the echo and what it
    takes; with VOICECOACH_LISTEN_RECORD=DIR it keeps what it heard and what was played
    there (`Tape`), to look at again with `Ear` and `Spotter` offline."""
    import signal
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the player's to handle
    debug = os.environ.get("VOICECOACH_LISTEN_DEBUG") == "1"
    block = BLOCK
    try:
        spotter = Spotter(language, words=words)
        ear = Ear(played_rate, debug)
        os.environ.setdefault("PULSE_LATENCY_MSEC", "30")   # PulseAudio's ALSA plugin
        import sounddevice as sd

        stream = sd.RawInputStream(samplerate=MIC_RATE, channels=1, dtype="int16",
                                   blocksize=block, device=device, latency=0.03)
        stream.start()
    except ListenError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:  # OSError (no PortAudio), PortAudioError, ValueError
        conn.send(("error", NO_MIC.format(_first_line(exc))))
        return
    conn.send(("ready", ""))
    if not debug:   # libspeexdsp's own warnings ("echo canceller ... reset") are not for users
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    t0: float | None = None
    fed = 0
    record = os.environ.get("VOICECOACH_LISTEN_RECORD")
    tape = Tape(record, language, words, played_rate) if record else None
    while True:
        data, _ = stream.read(block)
        if t0 is None:   # when the first sample read was heard
            t0 = time.monotonic() - block / MIC_RATE - float(stream.latency)
        while speaker.poll():
            due, played = speaker.recv()
            ear.played(played.astype(np.float32) / 32768, due)
            if tape:
                tape.played(due, played)
        pcm = np.frombuffer(bytes(data), np.int16)
        if tape:
            tape.heard(t0, pcm)
        for sound in ear.hear(pcm, t0 + fed / MIC_RATE):
            began = time.monotonic()
            name = spotter.decide(sound)
            if name is not None:
                conn.send(("heard", name))
            if debug:
                margin, reading = spotter.last
                print(f"listen: sound {sound.start:.2f}-{sound.end:.2f} s"
                      f"{'' if sound.final else ' (going on)'}: {reading} by {margin}"
                      f"{', taken' if name else ''}, {time.monotonic() - t0 - sound.end:.2f} s "
                      f"after (reading {time.monotonic() - began:.2f} s)", file=sys.stderr,
                      flush=True)
        fed += len(pcm)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
