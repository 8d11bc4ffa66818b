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
from voicecoach.plan.rests import LONG_REST
from voicecoach.plan.timeline import EPS, TONE_LENGTH, Timeline

names = st.sampled_from(["Squat", "Plank", "Side bridge", "Pigeon", "Jacks", "Kettlebell swing"])
seconds = st.floats(min_value=0.0, max_value=40.0).map(lambda x: round(x, 2))


@st.composite
def exercises(draw: st.DrawFn) -> Exercise:
    rep_time = draw(st.floats(min_value=0.5, max_value=5.0).map(lambda x: round(x, 2)))
    breath = draw(st.floats(min_value=2.0, max_value=8.0).map(lambda x: round(x, 2)))
    kind = draw(st.sampled_from(["reps", "time", "hold", "breaths"]))
    if kind == "reps":
        count = draw(st.integers(1, 25))
        low = draw(st.one_of(st.none(), st.integers(1, count - 1))) if count > 1 else None
        work: Reps | Timed | Hold = Reps(count, draw(st.booleans()), low)
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
        tempo=draw(st.one_of(st.none(), st.sampled_from([(1.0, 1.0), (3.0, 1.0, 1.0),
                                                          (0.5, 0.5, 0.5, 0.5)]))),
        switch_time=draw(st.floats(min_value=0.0, max_value=10.0).map(lambda x: round(x, 2))),
        breath=breath, countdown=draw(st.integers(0, 5)),
    )
    steps = draw(st.lists(st.sampled_from(["Lie on your side.", "Lift the top leg slowly."]),
                          max_size=2))
    tips = draw(st.lists(st.just("Keep your hips square."), max_size=1))
    if s.tempo:
        s = replace(s, rep_time=sum(s.tempo))
    rep_hold = draw(st.sampled_from([0.0, 0.0, 2.0, 5.0])) if kind == "reps" else 0.0
    return Exercise(draw(names), work, s, steps=tuple(steps), tips=tuple(tips),
                    say=draw(st.one_of(st.none(), st.just("zz-spoken"))), rep_hold=rep_hold,
                    load=draw(st.one_of(st.none(), st.just("10 kg"))))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    # names made unique so the checks can tell each phase's exercise (and its settings)
    seen = iter(range(100))
    blocks = tuple(
        Block(draw(st.one_of(st.none(), st.just("Main"))),
              tuple(replace(e, name=f"{e.name} {next(seen)}")
                    for e in draw(st.lists(exercises(), min_size=1, max_size=3))),
              draw(st.integers(1, 2)), draw(st.one_of(st.none(), seconds)))
        for _ in range(draw(st.integers(1, 2))))
    intro = draw(st.one_of(st.none(), st.just("Warm up first. Stop if anything hurts.")))
    session_intro = draw(st.one_of(st.none(), st.just("Go gently.")))
    return Routine("R", (Session("S", blocks, session_intro),), intro=intro)


def voice(scale: float):  # type: ignore[no-untyped-def]
    """A fake voice: lengths vary by text, scaled to be fast or very slow."""
    def length(text: str) -> float:
        return scale * (0.25 + 0.05 * len(text) + (zlib.crc32(text.encode()) % 100) / 1000)
    return length


def check(tl: Timeline, routine: Routine, length) -> None:  # type: ignore[no-untyped-def]
    cues = tl.cues
    # no sound overlaps another, and everything is inside the session
    for c1, c2 in zip(cues, cues[1:]):
        assert c1.end <= c2.start + EPS, (c1, c2)
    assert cues[0].start >= 0 and cues[-1].end <= tl.duration + EPS
    # phases tile the session, and no rest or switch is shorter than written
    assert tl.phases[0].start == 0.0
    for p1, p2 in zip(tl.phases, tl.phases[1:]):
        assert abs(p1.end - p2.start) < 1e-6
    assert abs(tl.phases[-1].end - tl.duration) < 1e-6
    for p in tl.phases:
        if p.kind in ("rest", "switch"):
            assert p.end - p.start >= p.written - 1e-6, p
    # chapters tile the session, one per exercise as it comes up
    assert tl.chapters[0].start == 0.0 and abs(tl.chapters[-1].end - tl.duration) < 1e-6
    for h1, h2 in zip(tl.chapters, tl.chapters[1:]):
        assert h1.end == h2.start
    session = routine.sessions[0]
    assert len(tl.chapters) == session.exercise_count()
    # work starts with its tone; the 3-2-1 before it ends on the boundary
    by_start = {round(c.start, 6): c for c in cues}
    exercises = {e.name: e for b in session.blocks for e in b.exercises}
    for i, p in enumerate(tl.phases):
        if p.kind != "work":
            continue
        tone = by_start[round(p.start, 6)]
        assert (tone.kind, tone.text) == ("tone", "start")
        ex = next(e for b in session.blocks for e in b.exercises
                  if e.name == p.exercise and abs(e.work_seconds() - (p.end - p.start)) < 1e-6)
        if tl.phases[i - 1].kind in ("work", "handover"):
            # a hand-over (no rest): the tone comes as the work before ends (just after a
            # last count said on its end), with nothing inserted
            before = tl.phases[i - 1]
            assert before.kind == "work" or before.end - before.start < 3.0, before
            assert not any(c.kind == "tone" and before.end - EPS <= c.start < p.start
                           for c in cues)
            continue
        # the full countdown before every start tone, never cut
        n = ex.settings.countdown
        slot = countdown_slot(length, n, ENGLISH)
        for k in range(n, 0, -1):
            said = by_start.get(round(p.start - k * slot, 6))
            assert said is not None and said.text == str(k), (p, k)
        if n:
            assert by_start[round(p.start - slot, 6)].end <= p.start + EPS
        if isinstance(ex.work, Reps):
            rt = ex.rep_seconds()
            counts = [c for c in cues if c.text.isdigit() and c.exercise == p.exercise
                      and p.start < c.start <= p.end + EPS
                      and abs((c.start - p.start + ex.rep_hold) / rt
                              - round((c.start - p.start + ex.rep_hold) / rt)) < 1e-6]
            for c in counts:  # every count on a beat says that rep's number (past twenty
                k = round((c.start - p.start + ex.rep_hold) / rt)  # maybe just its last digit)
                assert c.text == str(k) or (k > 20 and c.text == str(k % 10)), (c, k)
            assert counts[-1].text == str(ex.work.count)
            if ex.work.until_done:  # live waits after the low end's count, goes on after the top
                assert p.start < p.wait <= p.resume + EPS
        assert exercises[p.exercise or ""]
    # the end tones have their length
    assert all(abs(c.end - c.start - TONE_LENGTH[c.text]) < 1e-9 for c in cues if c.kind == "tone")
    spoken_durations_are_real(tl)
    every_start_opens_with_its_exercise(tl, session)
    # a say: spelling is spoken, never shown; otherwise the voice says the text, units in
    # words ("10 kg" → "10 kilos")
    assert not any("zz-spoken" in c.text for c in cues)
    assert all("zz-spoken" in c.spoken for c in cues if c.say is not None
               and c.spoken != ENGLISH.spoken(c.text))


def spoken_durations_are_real(tl: Timeline) -> None:
    """"Rest N seconds." is said of a rest that lasts N (rounded as a person says it), and
    the time said at the end is the session's length."""
    for p in tl.phases:
        if p.kind == "rest":
            rest = [c for c in tl.cues if c.text.startswith("Rest ") and
                    p.start <= c.start < p.end]
            for c in rest:  # exactly as written, or rounded when it grew
                exact = abs(p.end - p.start - p.written) < 1e-6
                assert c.text == ENGLISH.rest(p.end - p.start, False, exact), (c, p)
    last = tl.cues[-1]
    if last.text.startswith("Session complete"):
        assert last.text == ENGLISH.session_end(tl.duration, False)
    minutes = max(1, round(tl.duration / 60))
    first = tl.cues[0].text
    if "about" in first:  # the opening's length is the session's
        assert f"about {minutes} minute" in first, (first, tl.duration)


def every_start_opens_with_its_exercise(tl: Timeline, session: Session) -> None:
    """From every chapter's opening (a per-exercise track, --from, back) the first speech is
    the exercise's announcement (after a block or round header), then its full countdown,
    with no rest said in between."""
    for ch in tl.chapters:
        name = ch.title.split(" (round")[0].rpartition(": ")[2]
        first_tone = min(c.start for c in tl.cues if c.kind == "tone" and c.start >= ch.begin)
        said = [c for c in tl.cues if ch.begin <= c.start < first_tone and c.kind == "speech"]
        nexts = [i for i, c in enumerate(said) if c.text.startswith(
            (f"Next: {name}", f"{name}.", f"{name},", f"Get ready: {name}"))]
        assert nexts and nexts[0] <= 2, (ch, said[:3])
        assert not any(c.text.startswith("Rest") for c in said), ch
        # a long rest names the exercise as it starts (the chapter's start) and again
        # before the countdown (where starting at it begins)
        assert ch.begin == ch.start or ch is tl.chapters[0] or any(
            p.kind == "rest" and p.written >= LONG_REST and p.start <= ch.start < ch.begin < p.end
            for p in tl.phases), ch


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
