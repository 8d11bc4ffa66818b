"""Counts at fast reps stay apart: each ends at least 0.25 s before the next is due; a count
too long for that is said in its short form (the last digit, past twenty) or left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.work import COUNT_GAP
from voicecoach.routine.reader import load_routine


def length(text: str) -> float:
    """Like a real voice: digits 0.45 s, teens 0.8 s, 'twenty-seven' 0.84 s."""
    if text.isdigit():
        n = int(text)
        return 0.45 if n < 13 or (n % 10 == 0 and n < 100) else 0.8 if n < 20 else 0.84
    return 0.3 + 0.06 * len(text)


def test_fast_counts_keep_a_quarter_second_apart(write: Callable[..., Path]) -> None:
    routine = load_routine(write("""
        name: T
        blocks:
          - exercises:
              - {name: Jacks, reps: 40, rep_time: 1s}
    """))
    tl = compile_session(routine, routine.sessions[0], PlanOptions(), length)
    work = next(p for p in tl.phases if p.kind == "work")
    counts = [c for c in tl.cues if c.text.isdigit() and c.start >= work.start - 1e-9]
    said = [(round(c.start - work.start), c.text) for c in counts]
    assert COUNT_GAP == 0.25
    for a, b in zip(counts, counts[1:]):
        assert b.start - a.end >= COUNT_GAP - 1e-9
    # up to twelve in full; the teens do not fit; twenty; then the last digit; forty in full
    assert said[:12] == [(k, str(k)) for k in range(1, 13)]
    assert (20, "20") in said and (21, "1") in said and (27, "7") in said
    assert (17, "17") not in said and said[-1] == (40, "40")
