"""Properties every compiled timeline has, over generated routines and voice speeds."""

from __future__ import annotations

import zlib
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecoach.model import Block, Exercise, Hold, Reps, Routine, Session, Settings, Timed
from voicecoach.phrases import ENGLISH
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.layout import countdown_slot
from voicecoach.plan.timeline import EPS, TONE_LENGTH, Timeline

names = st.sampled_from(["Squat", "Plank", "Side bridge", "Pigeon", "Jacks", "Kettlebell swing"])
seconds = st.floats(min_value=0.0, max_value=40.0).map(lambda x: round(x, 2))


@st.composite
def exercises(draw: st.DrawFn) -> Exercise:
    rep_time = draw(st.floats(min_value=0.5, max_value=5.0).map(lambda x: round(x, 2)))
    breath = draw(st.floats(min_value=2.0, max_value=8.0).map(lambda x: round(x, 2)))
    kind = draw(st.sampled_from(["reps", "time", "hold", "breaths"]))
    if kind == "reps":
        work: Reps | Timed | Hold = Reps(draw(st.integers(1, 25)), draw(st.booleans()))
    elif kind == "time":
        work = Timed(draw(st.floats(min_value=1.0, max_value=90.0).map(lambda x: round(x, 2))))
    elif kind == "hold":
        work = Hold(draw(st.floats(min_value=1.0, max_value=90.0).map(lambda x: round(x, 2))))
    else:
        n = draw(st.integers(1, 8))
        work = Hold(n * breath, n)
    s = Settings(
        sets=draw(st.integers(1, 4)),
        sides=draw(st.sampled_from([(), ("right", "left"), ("left", "right", "middle")])),
        rest=draw(seconds), rest_after=draw(seconds), rep_time=rep_time,
        switch_time=draw(st.floats(min_value=0.0, max_value=10.0).map(lambda x: round(x, 2))),
        breath=breath, countdown=draw(st.integers(0, 5)),
    )
    steps = draw(st.lists(st.sampled_from(["Lie on your side.", "Lift the top leg slowly."]),
                          max_size=2))
    tips = draw(st.lists(st.just("Keep your hips square."), max_size=1))
    return Exercise(draw(names), work, s, steps=tuple(steps), tips=tuple(tips))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    # names made unique so the checks can tell each phase's exercise (and its settings)
    seen = iter(range(100))
    blocks = tuple(
        Block(draw(st.one_of(st.none(), st.just("Main"))),
              tuple(replace(e, name=f"{e.name} {next(seen)}")
                    for e in draw(st.lists(exercises(), min_size=1, max_size=3))),
              draw(st.integers(1, 2)))
        for _ in range(draw(st.integers(1, 2))))
    intro = draw(st.one_of(st.none(), st.just("Warm up first. Stop if anything hurts.")))
    return Routine("R", (Session("S", blocks),), intro=intro)


def voice(scale: float):  # type: ignore[no-untyped-def]
    """A fake voice: lengths vary by text, scaled to be fast or very slow."""
    def length(text: str) -> float:
        return scale * (0.25 + 0.05 * len(text) + (zlib.crc32(text.encode()) % 100) / 1000)
    return length


def check(tl: Timeline, routine: Routine, length) -> None:  # type: ignore[no-untyped-def]
    cues = tl.cues
    # no sound overlaps another, and everything is inside the session
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + EPS, (a, b)
    assert cues[0].start >= 0 and cues[-1].end <= tl.duration + EPS
    # phases tile the session, and no rest or switch is shorter than written
    assert tl.phases[0].start == 0.0
    for a, b in zip(tl.phases, tl.phases[1:]):
        assert abs(a.end - b.start) < 1e-6
    assert abs(tl.phases[-1].end - tl.duration) < 1e-6
    for p in tl.phases:
        if p.kind in ("rest", "switch"):
            assert p.end - p.start >= p.written - 1e-6, p
    # chapters tile the session, one per exercise as it comes up
    assert tl.chapters[0].start == 0.0 and abs(tl.chapters[-1].end - tl.duration) < 1e-6
    for a, b in zip(tl.chapters, tl.chapters[1:]):
        assert a.end == b.start
    session = routine.sessions[0]
    assert len(tl.chapters) == session.exercise_count()
    # work starts with its tone; the 3-2-1 before it ends on the boundary
    by_start = {round(c.start, 6): c for c in cues}
    exercises = {e.name: e for b in session.blocks for e in b.exercises}
    for p in (p for p in tl.phases if p.kind == "work"):
        tone = by_start[round(p.start, 6)]
        assert (tone.kind, tone.text) == ("tone", "start")
        ex = next(e for b in session.blocks for e in b.exercises
                  if e.name == p.exercise and abs(e.work_seconds() - (p.end - p.start)) < 1e-6)
        if ex.settings.countdown:
            slot = countdown_slot(length, ex.settings.countdown, ENGLISH)
            one = by_start.get(round(p.start - slot, 6))
            assert one is not None and one.text == "1" and one.end <= p.start + EPS, p
        if isinstance(ex.work, Reps):
            rt = ex.settings.rep_time
            counts = [c for c in cues if c.text.isdigit() and c.exercise == p.exercise
                      and p.start < c.start <= p.end + EPS]
            for c in counts:  # every count lands on its beat
                assert abs(c.start - (p.start + int(c.text) * rt)) < 1e-6, c
            assert counts[-1].text == str(ex.work.count)
        assert exercises[p.exercise or ""]
    # the end tones have their length
    assert all(abs(c.end - c.start - TONE_LENGTH[c.text]) < 1e-9 for c in cues if c.kind == "tone")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines(), st.floats(min_value=0.3, max_value=2.5),
       st.sampled_from(["minimal", "normal", "full"]))
def test_timeline_invariants(routine: Routine, scale: float, verbosity: str) -> None:
    length = voice(scale)
    tl = compile_session(routine, routine.sessions[0], PlanOptions(verbosity), length)  # type: ignore[arg-type]
    check(tl, routine, length)
    # same input, same timeline
    assert compile_session(routine, routine.sessions[0], PlanOptions(verbosity), length) == tl  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(routines())
def test_growth_is_always_announced(routine: Routine) -> None:
    length = voice(2.0)
    tl = compile_session(routine, routine.sessions[0], PlanOptions("full"), length)
    grown = [p for p in tl.phases
             if p.kind in ("rest", "switch") and p.written > 0 and p.end - p.start - p.written >= 0.5]
    assert sum(int(w.rpartition("(")[2].split()[0]) if w.endswith("times)") else 1
               for w in tl.warnings) == len(grown)
