"""The one error family the command line turns into ``Error: …`` (exit status 1)."""

from __future__ import annotations


class VoicecoachError(Exception):
    """An error the person can fix; its message is one line, shown without a traceback."""


class RoutineError(VoicecoachError):
    """A routine file is broken: the message names file, line, column, field and problem."""

    def __init__(self, source: str, line: int, column: int, path: str, problem: str) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.problem = problem
        where = f"{source}:{line}:{column}"
        super().__init__(f"{where}: {path}: {problem}" if path else f"{where}: {problem}")


class SpeechError(VoicecoachError):
    """The speech engine is missing or produced no usable audio."""


class AudioError(VoicecoachError):
    """Encoding, writing or playing audio failed in a way the person can fix."""


class Interrupted(VoicecoachError):
    """The person pressed Ctrl-C (or the process was asked to stop)."""
