"""The one error family the command line turns into ``Error: …`` (exit status 1)."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` safe to print on one line: control characters, unpaired surrogates and
    invisible format characters become \\uXXXX escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)


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
        where = f"{printable(source)}:{line}:{column}"
        path, problem = printable(path), printable(problem)
        super().__init__(f"{where}: {path}: {problem}" if path else f"{where}: {problem}")


class RoutineErrors(RoutineError):
    """Several mistakes in one routine file (at most 20), in file order. It stands for the
    first (``line``, ``column`` …) and its message is one line per mistake."""

    def __init__(self, errors: list[RoutineError]) -> None:
        first = errors[0]
        super().__init__(first.source, first.line, first.column, first.path, first.problem)
        self.errors = list(errors)
        self.args = ("\n".join(str(e) for e in errors),)


class SpeechError(VoicecoachError):
    """The speech engine is missing or produced no usable audio."""


class AudioError(VoicecoachError):
    """Encoding, writing or playing audio failed in a way the person can fix."""


class Interrupted(VoicecoachError):
    """The person pressed Ctrl-C (or the process was asked to stop)."""
