"""Compile a session of a routine into a Timeline (pure; see ``voicecoach.plan.timeline``).

The coach's script: the session's opening, block and round headers, each exercise's
announcement (its chapter opens with it), what comes between two pieces of work
(``plan.rests``: rests, long rests, hand-overs), side switches that grow rather than cut a
countdown, and the end.
Where tips go: once per exercise, the first time it comes up, in its first rest between
sets (or, with no such rest, after its announcement); at ``full`` also wherever they fit
during sets and rests. Times are seconds from the start of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from voicecoach.durations import said
from voicecoach.model import Block, Exercise, Routine, Session, Verbosity
from voicecoach.phrases import ENGLISH, PhrasePack
from voicecoach.plan.layout import Item, Layout, Line, items
from voicecoach.plan.program import Week, change_line, week_line
from voicecoach.plan.rests import (
    NO_TEXTS,
    between,
    call_ends,
    fixed,
    named,
    rest_marks,
    rest_texts,
    side_line,
)
from voicecoach.plan.timeline import (
    EPS,
    GAP,
    LEAD,
    PREP,
    TAIL,
    TONE_LENGTH,
    Chapter,
    SpeechLength,
    Timeline,
)
from voicecoach.plan.work import COUNT_GAP, work_set


@dataclass(frozen=True)
class PlanOptions:
    verbosity: Verbosity = "normal"
    phrases: PhrasePack = ENGLISH
    week: Week | None = None        # a program's week, said in the opening


def _rounds(session: Session) -> int:
    """The rounds the opening says when the whole session is circuits: 0 when it is not
    (a circuit block says its own rounds), the count, or -1 if the circuits differ."""
    rounds = {b.rounds for b in session.blocks}
    if min(rounds) <= 1:
        return 0
    return rounds.pop() if len(rounds) == 1 else -1


def _line(make: Callable[[str, str], str], names: tuple[str, str],
          spoken: tuple[str, str]) -> Line:
    """A sentence with names: written with the names, spoken with their ``say:``."""
    text, said = make(*names), make(*spoken)
    return text if said == text else (text, said)


def _opening(say: PhrasePack, routine: Routine, session: Session, verbosity: Verbosity,
             minutes: int) -> list[Line]:
    title = routine.say or routine.name
    heard = session.say or (title if session.name == routine.name else session.name)
    texts: list[Line]
    if verbosity == "minimal":
        texts = [_line(lambda _, s: say.session_minimal(s), (routine.name, session.name),
                       (title, heard))]
    else:
        texts = [_line(lambda r, s: say.session_start(r, s, session.moves(), _rounds(session),
                                                      minutes),
                       (routine.name, session.name), (title, heard))]
    if verbosity == "full":
        if routine.description:
            texts.append(routine.description)
        gear = sorted({g for it in items(session) for g in it.exercise.equipment})
        if gear:
            texts.append(say.equipment(gear))
    texts += [intro for intro in (routine.intro, session.intro) if intro]
    return texts


def _header(say: PhrasePack, item: Item, new_block: bool) -> list[Line]:
    """What comes before an exercise's name: its block ("Intervals: 6 rounds." for a
    circuit; spoken with its ``say:``) as the block starts, and "Round 2 of 6." / "Last
    round." as a round does."""
    block = item.block
    if block.name and new_block:
        heard = (block.say or block.name, "")
        if block.rounds > 1:
            return [_line(lambda n, _: say.block_rounds(n, block.rounds), (block.name, ""),
                          heard)]
        return [_line(lambda n, _: say.block(n), (block.name, ""), heard)]
    if block.rounds > 1 and item.first_in_block_round:
        return [say.round_of(item.round, block.rounds)]
    return []


def _announce(say: PhrasePack, ex: Exercise, verbosity: Verbosity, header: list[Line],
              first_time: bool, tips: tuple[str, ...]) -> tuple[list[Line], list[Line]]:
    """The call (header, "Next: NAME. 3 sets of 15, each side.") and what follows it: the
    steps where due, then ``tips``."""
    minimal = verbosity == "minimal"
    summary = "" if minimal else " " + say.summary(ex)
    call: list[Line] = [*header,
                        named(ex, lambda name: say.next_up(name, ex.load, minimal) + summary)]
    steps = list(ex.steps) if verbosity == "full" or (verbosity == "normal" and first_time) \
        else []
    change = change_line(say, ex) if first_time else None
    return call, [*([change] if change else []), *steps, *tips]


def _rest_before(item: Item, prev: Exercise) -> float:
    """Seconds of rest before an exercise: the block's rest between rounds when a round
    starts again, otherwise the previous exercise's ``rest_after``."""
    block: Block = item.block
    if item.round > 1 and item.first_in_block_round and block.rest_between_rounds is not None:
        return block.rest_between_rounds
    return prev.settings.rest_after


def _sets(b: Layout, ex: Exercise, t: float, tips: tuple[str, ...], on_tone: Line | None,
          pending: Sequence[Line]) -> float:
    """Every set on every side, with the rests and switches between; ``tips`` are owed in
    the first rest between sets. After a hand-over the first set starts with ``on_tone``
    and says ``pending`` (steps, tips) where they fit. Returns where the last work ends."""
    say, s, minimal = b.phrases, ex.settings, b.verbosity == "minimal"
    for set_no in range(1, s.sets + 1):
        for j, side in enumerate(s.sides or (None,)):
            if j > 0 and side is not None:
                switch = say.switch(side, minimal)   # no switch time: on the tone
                handed = b.hand_over(t, [switch]) if s.switch_time <= 0 else None
                if handed is not None:
                    t = work_set(b, ex, handed, set_no, side)
                    continue
                t = b.lead_in("switch", t, s.switch_time, fixed(switch),
                              [], s.countdown, f"Switch to the {side} side in {ex.name}")
            elif set_no > 1:
                late: list[Line] = [say.set_of(set_no, s.sets)]
                late += [say.side(side)] if side else []
                handed = b.hand_over(t, late) if s.rest <= 0 else None
                if handed is not None:
                    t = work_set(b, ex, handed, set_no, side)
                    continue
                owed = tips if set_no == 2 else ()
                early = rest_texts(say, minimal, s.rest, owed) if s.rest > 0 else NO_TEXTS
                extra = ex.tips if b.verbosity == "full" and not owed else ()
                t = b.lead_in("rest", t, s.rest, early, late, s.countdown,
                              f"Rest before set {set_no} of {ex.name}", tips=extra,
                              call=call_ends(ex), marks=rest_marks(say, s.rest),
                              compact=[(rest_texts(say, True, s.rest, owed), late)])
            begin = t
            t = work_set(b, ex, t, set_no, side, on_tone)
            if on_tone is not None:
                b.fill(pending, begin, b.settle - LEAD)
                on_tone, pending = None, ()
    return t


def _compile(routine: Routine, session: Session, options: PlanOptions, length: SpeechLength,
             minutes: int) -> Timeline:
    verbosity, say = options.verbosity, options.phrases
    b = Layout(length, verbosity, say)
    minimal = verbosity == "minimal"
    said_first = _opening(say, routine, session, verbosity, minutes)
    if options.week is not None:
        said_first.insert(1, week_line(say, options.week))
    t = b.sequence(said_first, 0.0)
    b.phases.append(b.phase("intro", 0.0, t, 0.0))
    starts: list[tuple[float, str, float, tuple[str, ...], str]] = []
    prev: Exercise | None = None
    last_block: Block | None = None
    for item in items(session):
        ex, s, block = item.exercise, item.exercise.settings, item.block
        b.ex, b.block = ex.name, block.name
        header = _header(say, item, block is not last_block)
        last_block = block
        owed = ex.tips if item.first_time and not minimal else ()
        in_rest = s.sets > 1 and s.rest > 0
        call, more = _announce(say, ex, verbosity, header, item.first_time,
                               () if in_rest else owed)
        on_tone: Line | None = None
        pending: list[Line] = []
        if prev is None:
            t = b.lead_in("prep", t, PREP, NO_TEXTS, [*call, *more, *side_line(say, ex)],
                          s.countdown, "")
            start = 0.0
        else:
            t, start, opening, on_tone, pending = between(
                b, item, t, _rest_before(item, prev), call, more)
        title = say.chapter(f"{block.name}: {ex.name}" if block.name else ex.name,
                            item.round, block.rounds)
        starts.append((start, title, b.opened if prev is None else opening, ex.notes, ex.name))
        t = _sets(b, ex, t, owed if in_rest else (), on_tone, pending)
        prev = ex
    b.ex = b.block = None
    b.mark = len(b.cues)
    end_at = max(t, b.busy + GAP)
    text, duration = _ending(say, end_at, length, minimal)
    b.add(end_at, "speech", text)
    b.phases.append(b.phase("end", t, duration, 0.0))
    chapters = tuple(
        Chapter(start, starts[i + 1][0] if i + 1 < len(starts) else duration, title,
                -1.0 if abs(opening - start) < EPS else opening, notes, name)
        for i, (start, title, opening, notes, name) in enumerate(starts))
    cues = tuple(sorted(b.cues, key=lambda c: (c.start, c.end)))
    return Timeline(routine.name, session.name, duration, cues, chapters,
                    tuple(b.phases), _once(b.warnings), say.language)


def _once(warnings: list[str]) -> tuple[str, ...]:
    """Each warning once, with how many times it happened."""
    counts = {w: warnings.count(w) for w in warnings}
    return tuple(w if n == 1 else f"{w} ({n} times)" for w, n in counts.items())


def _ending(say: PhrasePack, end_at: float, length: SpeechLength,
            minimal: bool) -> tuple[str, float]:
    """"Session complete. Time: …" said at ``end_at``, and the session's length (seconds):
    the time said is that length, rounded as a person says it."""
    duration = end_at
    for _ in range(8):
        text = say.session_end(duration, minimal)
        real = end_at + length(text) + TAIL
        if say.session_end(real, minimal) == text:
            return text, real
        duration = max(duration, real)
    text = say.session_end(duration, minimal)
    return text, max(end_at + length(text) + TAIL, said(duration) - 0.49)


def compile_session(routine: Routine, session: Session, options: PlanOptions,
                    speech_length: SpeechLength) -> Timeline:
    """The timeline of one session. The opening says the session's length in minutes, which
    depends on the timeline itself, so compile until that number is stable."""
    minutes = max(1, round(session.nominal_length() / 60))
    timeline = _compile(routine, session, options, speech_length, minutes)
    for _ in range(4):
        actual = max(1, round(timeline.duration / 60))
        if actual == minutes:
            break
        minutes = actual
        timeline = _compile(routine, session, options, speech_length, minutes)
    return timeline


def session_length(routine: Routine, session: Session, options: PlanOptions,
                   speech_length: SpeechLength) -> float:
    """The one length of a session (seconds): what validate, plan, export and play show."""
    return compile_session(routine, session, options, speech_length).duration


__all__ = ["COUNT_GAP", "TONE_LENGTH", "PlanOptions", "compile_session", "session_length"]
