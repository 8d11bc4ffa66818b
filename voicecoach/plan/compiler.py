"""Compile a session of a routine into a Timeline (pure; see ``voicecoach.plan.timeline``).

Times are seconds from the start of the session.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.model import Exercise, Hold, Reps, Routine, Session, Verbosity
from voicecoach.phrases import en as say
from voicecoach.plan.timeline import (
    EPS,
    GAP,
    PREP,
    TAIL,
    TONE_LENGTH,
    Chapter,
    SpeechLength,
    Timeline,
    _Builder,
    countdown_slot,
    items,
)
from voicecoach.routine.reader import nominal_length

# Counts at fast reps stay apart: a count must end COUNT_GAP seconds before the next one
# is due. One that would not is said in its short form (past twenty, the last digit:
# "twenty-one, two, three"); if even that does not fit, it is left out.
COUNT_GAP = 0.25


@dataclass(frozen=True)
class PlanOptions:
    verbosity: Verbosity = "normal"


def _reps(b: _Builder, ex: Exercise, work: Reps, start: float) -> float:
    rt = ex.settings.rep_time
    end = start + work.count * rt
    for k in range(1, work.count + 1):
        at = start + k * rt
        if k == work.count:
            b.add(at, "speech", say.count(k))
        elif at >= b.busy - EPS:
            forms = [say.count(k)] + ([say.count(k % 10)] if k > 20 and k % 10 else [])
            text = next((t for t in forms if b.length(t) <= rt - COUNT_GAP), None)
            if text is not None:
                b.add(at, "speech", text)
    b.add(b.busy + 0.1, "tone", say.END_TONE)
    return end


def _timed(b: _Builder, ex: Exercise, seconds: float, start: float) -> float:
    end = start + seconds
    n = ex.settings.countdown
    slot = countdown_slot(b.length, n)
    for k in range(n, 0, -1):
        if end - k * slot >= b.busy + GAP - EPS:
            b.add(end - k * slot, "speech", say.count(k))
    quiet_from = min((c.start for c in b.cues[b.mark:] if c.kind == "speech"), default=end)
    b.add(end, "tone", say.END_TONE)
    if b.verbosity != "minimal":
        if seconds >= 20:
            b.optional(start + seconds / 2, say.HALFWAY, quiet_from)
        if seconds >= 25:
            b.optional(end - 10, say.TEN_LEFT, quiet_from)
        if b.verbosity == "full" and seconds >= 15:
            b.fill(ex.tips, start + 3, quiet_from)
    return end


def _breaths(b: _Builder, ex: Exercise, work: Hold, start: float) -> float:
    end = start + work.seconds
    breath = ex.settings.breath
    for k in range(work.breaths or 0):
        at = start + k * breath
        if k == 0:
            at = b.busy + GAP
        first = say.count(k + 1) if b.verbosity == "minimal" else say.BREATHE_IN
        b.optional(at, first, end)
        if b.verbosity != "minimal":
            b.optional(start + (k + 0.5) * breath, say.BREATHE_OUT, end)
    b.add(max(end, b.busy + GAP), "tone", say.END_TONE)
    return end


def _work(b: _Builder, ex: Exercise, start: float, set_no: int, side: str | None) -> float:
    b.mark = len(b.cues)
    b.add(start, "tone", say.GO_TONE)
    work = ex.work
    if isinstance(work, Reps):
        end = _reps(b, ex, work, start)
    elif isinstance(work, Hold) and work.breaths:
        end = _breaths(b, ex, work, start)
    else:
        end = _timed(b, ex, work.seconds, start)
    until = isinstance(work, Reps) and work.until_done
    b.phases.append(b.phase("work", start, end, end - start, set=set_no,
                            sets=ex.settings.sets, side=side, until_done=until))
    return end


def _opening(routine: Routine, session: Session, verbosity: Verbosity, minutes: int) -> list[str]:
    if verbosity == "minimal":
        texts = [f"{session.name}."]
    else:
        texts = [say.session_start(routine.name, session.name, session.exercise_count(), minutes)]
    if verbosity == "full":
        if routine.description:
            texts.append(routine.description)
        gear = sorted({g for it in items(session) for g in it.exercise.equipment})
        if gear:
            texts.append(say.equipment(gear))
    if routine.intro:
        texts.append(routine.intro)
    return texts


def _announce(item_ex: Exercise, verbosity: Verbosity, header: list[str],
              first_time: bool) -> list[str]:
    minimal = verbosity == "minimal"
    late = [] if minimal else header
    late = [*late, say.next_up(item_ex, minimal) + ("" if minimal else " " + say.summary(item_ex))]
    if verbosity == "full" or (verbosity == "normal" and first_time):
        late += list(item_ex.steps)
    if item_ex.settings.sides:
        late.append(say.side(item_ex.settings.sides[0]))
    return late


def _compile(routine: Routine, session: Session, verbosity: Verbosity, length: SpeechLength,
             minutes: int) -> Timeline:
    b = _Builder(length, verbosity)
    minimal = verbosity == "minimal"
    t = b.sequence(_opening(routine, session, verbosity, minutes), 0.0)
    b.phases.append(b.phase("intro", 0.0, t, 0.0))
    starts: list[tuple[float, str]] = []
    prev: Exercise | None = None
    last_block: object = None
    for item in items(session):
        ex, s, block = item.exercise, item.exercise.settings, item.block
        b.ex, b.block = ex.name, block.name
        header = []
        if block.name and block is not last_block:
            header.append(say.block(block.name))
        if block.rounds > 1 and item.first_in_block_round:
            header.append(say.round_of(item.round, block.rounds))
        last_block = block
        title = f"{block.name}: {ex.name}" if block.name else ex.name
        starts.append((max(t, b.busy) if prev else 0.0, title + (
            f" (round {item.round} of {block.rounds})" if block.rounds > 1 else "")))
        late = _announce(ex, verbosity, header, item.first_time)
        if prev is None:
            t = b.lead_in("prep", t, PREP, [], late, s.countdown, "")
        else:
            gap = prev.settings.rest_after
            early = [say.rest(gap, minimal)] if gap > 0 else []
            t = b.lead_in("rest", t, gap, early, late, s.countdown, f"Rest before {ex.name}")
        for set_no in range(1, s.sets + 1):
            for j, side in enumerate(s.sides or (None,)):
                if j > 0 and side is not None:
                    t = b.lead_in("switch", t, s.switch_time, [say.switch(side, minimal)], [],
                                  s.countdown, f"Switch to the {side} side in {ex.name}",
                                  shorten=True)
                elif set_no > 1:
                    late = [] if minimal else [say.set_of(set_no, s.sets)]
                    late += [say.side(side)] if side else []
                    early = [say.rest(s.rest, minimal)] if s.rest > 0 else []
                    t = b.lead_in("rest", t, s.rest, early, late, s.countdown,
                                  f"Rest before set {set_no} of {ex.name}")
                t = _work(b, ex, t, set_no, side)
        prev = ex
    b.ex = b.block = None
    b.mark = len(b.cues)
    end_at = max(t, b.busy + GAP)
    b.add(end_at, "speech", say.session_end(end_at, minimal))
    duration = b.busy + TAIL
    b.phases.append(b.phase("end", t, duration, 0.0))
    chapters = tuple(
        Chapter(start, starts[i + 1][0] if i + 1 < len(starts) else duration, title)
        for i, (start, title) in enumerate(starts))
    cues = tuple(sorted(b.cues, key=lambda c: (c.start, c.end)))
    return Timeline(routine.name, session.name, duration, cues, chapters,
                    tuple(b.phases), tuple(b.warnings))


def compile_session(routine: Routine, session: Session, options: PlanOptions,
                    speech_length: SpeechLength) -> Timeline:
    """The timeline of one session. The opening says the session's length in minutes, which
    depends on the timeline itself, so compile until that number is stable."""
    minutes = max(1, round(nominal_length(session) / 60))
    timeline = _compile(routine, session, options.verbosity, speech_length, minutes)
    for _ in range(4):
        actual = max(1, round(timeline.duration / 60))
        if actual == minutes:
            break
        minutes = actual
        timeline = _compile(routine, session, options.verbosity, speech_length, minutes)
    return timeline


__all__ = ["TONE_LENGTH", "PlanOptions", "compile_session"]
