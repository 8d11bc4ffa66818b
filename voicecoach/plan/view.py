"""Show a timeline: the readable cue sheet and the ``plan --json`` objects (seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voicecoach.durations import clock, length
from voicecoach.plan.timeline import Cue, Timeline


def to_json(tl: Timeline) -> dict[str, Any]:
    """The documented ``plan --json`` object; times in seconds, rounded to milliseconds."""
    def r(x: float) -> float:
        return round(x, 3)

    return {
        "routine": tl.routine,
        "session": tl.session,
        "duration": r(tl.duration),
        "cues": [{"start": r(c.start), "end": r(c.end), "kind": c.kind, "text": c.text,
                  "exercise": c.exercise} for c in tl.cues],
        "chapters": [{"start": r(ch.start), "end": r(ch.end), "title": ch.title,
                      **({"notes": list(ch.notes)} if ch.notes else {})}
                     for ch in tl.chapters],
    }


def _is_count(cue: Cue) -> bool:
    return cue.kind == "speech" and cue.text.isdigit()


def _lines(tl: Timeline) -> list[str]:
    lines: list[str] = []
    chapters = list(tl.chapters)
    cues = list(tl.cues)
    i = 0
    while i < len(cues):
        cue = cues[i]
        while chapters and chapters[0].start <= cue.start:
            chapter = chapters.pop(0)
            lines.append(f"       ── {chapter.title} ──")
            lines += [f"       note: {note}" for note in chapter.notes]
        j = i
        while j + 1 < len(cues) and _is_count(cue) and _is_count(cues[j + 1]) and \
                int(cues[j + 1].text) == int(cues[j].text) + 1 and \
                (not chapters or cues[j + 1].start < chapters[0].start):
            j += 1
        if j - i >= 2:
            lines.append(f"{clock(cue.start)}  count {cue.text} … {cues[j].text}")
        else:
            for c in cues[i:j + 1]:
                text = cue_text(c)
                lines.append(f"{clock(c.start)}  {text}")
        i = j + 1
    return lines


def cue_sheet(tl: Timeline) -> str:
    work, rest = tl.total("work"), tl.total("rest") + tl.total("switch")
    head = [
        f"{tl.routine} — {tl.session}" if tl.session != tl.routine else tl.routine,
        f"length {length(tl.duration)} · work {length(work)} · rest {length(rest)} · "
        f"{len(tl.exercises())} exercise{'s' * (len(tl.exercises()) != 1)} · "
        f"{sum(c.kind == 'speech' for c in tl.cues)} spoken cues",
        "",
    ]
    return "\n".join(head + _lines(tl)) + "\n"


def validate_line(source: str, routine: str, sessions: list[tuple[str, int, float]]) -> str:
    """What ``validate`` prints of a valid routine: each session's exercises and its one
    length (``Timeline.duration``, the number plan, export and play show). ``sessions``:
    (name, exercises, seconds). A one-session routine named like its session is not named
    twice."""
    return validate_head(source, routine) + validate_tail(routine, sessions)


def validate_head(source: str, routine: str) -> str:
    """The start of ``validate_line``: printed as soon as the checks pass."""
    return f"{source}: ok — {routine}: "


def validate_tail(routine: str, sessions: list[tuple[str, int, float]]) -> str:
    """The rest of ``validate_line``: printed when the lengths are known."""
    return "; ".join(f"{length(seconds)}, {n} exercise{'s' * (n != 1)}" if name == routine
                     else f"{name} ({length(seconds)}, {n} exercise{'s' * (n != 1)})"
                     for name, n, seconds in sessions)


@dataclass(frozen=True)
class Runs:
    """A program's session as ``validate`` shows it: the weeks it runs (first, last), its
    exercises and its shortest and longest length over those weeks (seconds)."""

    name: str
    weeks: tuple[int, int]
    exercises: int
    shortest: float
    longest: float


def program_tail(weeks: int, per_week: int | None, runs: list[Runs],
                 now: str | None) -> str:
    """The rest of ``validate_line`` for a program: its length, then a line a session with
    the weeks it runs and its lengths over them; ``now``: where a history has it."""
    a_week = f", {per_week} session{'s' * (per_week != 1)} a week" if per_week else ""
    lines = [f"{weeks} week{'s' * (weeks != 1)}{a_week}"]
    when = [f"week {r.weeks[0]}" if r.weeks[0] == r.weeks[1] else f"weeks {r.weeks[0]}–"
            f"{r.weeks[1]}" for r in runs]
    width = max(map(len, when), default=0) + 2
    for r, w in zip(runs, when):
        span = length(r.shortest) if length(r.shortest) == length(r.longest) else \
            f"{length(r.shortest)}–{length(r.longest)}"
        lines.append(f"  {w:<{width}}{r.name} ({span}, {r.exercises} "
                     f"exercise{'s' * (r.exercises != 1)})")
    if now is not None:
        lines.append(f"  now: {now}")
    return "\n".join(lines)


def now_tail(sessions: list[tuple[str, float]]) -> str:
    """The sessions at hand with their lengths: ``Strength (26:02); Stretch (14:40)``."""
    return "; ".join(f"{name} ({length(seconds)})" for name, seconds in sessions)


def cue_text(cue: Cue) -> str:
    """A cue as the cue sheet and live play print it."""
    return f"♪ {cue.text} tone" if cue.kind == "tone" else cue.text
