"""Compile a session of a routine into a Timeline (pure; see ``voicecoach.plan.timeline``).

The coach's script: the session's opening, each exercise's announcement (its chapter opens
with it), rests and side switches that grow rather than cut a countdown, and the end.
Where tips go: once per exercise, the first time it comes up, in its first rest between
sets (or, with no such rest, after its announcement); at ``full`` also wherever they fit
during sets and rests. Times are seconds from the start of the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from voicecoach.durations import said
from voicecoach.model import Block, Exercise, Routine, Session, Verbosity
from voicecoach.phrases import ENGLISH, PhrasePack
from voicecoach.plan.layout import Item, Layout, Line, items
from voicecoach.plan.timeline import GAP, PREP, TAIL, TONE_LENGTH, Chapter, SpeechLength, Timeline
from voicecoach.plan.work import COUNT_GAP, work_set

NO_TEXTS: Callable[[float], list[str]] = lambda _: []  # noqa: E731


@dataclass(frozen=True)
class PlanOptions:
    verbosity: Verbosity = "normal"
    phrases: PhrasePack = ENGLISH


def _rounds(session: Session) -> int:
    """The rounds the opening says: 0 for none, the count, or -1 if circuits differ."""
    rounds = {b.rounds for b in session.blocks if b.rounds > 1}
    return 0 if not rounds else rounds.pop() if len(rounds) == 1 else -1


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


def _named(ex: Exercise, make: Callable[[str], str]) -> Line:
    """A sentence with the exercise's name: written with ``name``, spoken with ``say``."""
    text = make(ex.name)
    return text if ex.say is None else (text, make(ex.say))


def _announce(say: PhrasePack, ex: Exercise, verbosity: Verbosity, header: list[Line],
              first_time: bool, tips: tuple[str, ...]) -> list[Line]:
    minimal = verbosity == "minimal"
    summary = "" if minimal else " " + say.summary(ex)
    late: list[Line] = [] if minimal else list(header)
    late.append(_named(ex, lambda name: say.next_up(name, ex.load, minimal) + summary))
    if verbosity == "full" or (verbosity == "normal" and first_time):
        late += list(ex.steps)
    late += list(tips)
    if ex.settings.sides:
        late.append(say.side(ex.settings.sides[0]))
    return late


def _rest_before(item: Item, prev: Exercise) -> float:
    """Seconds of rest before an exercise: the block's rest between rounds when a round
    starts again, otherwise the previous exercise's ``rest_after``."""
    block: Block = item.block
    if item.round > 1 and item.first_in_block_round and block.rest_between_rounds is not None:
        return block.rest_between_rounds
    return prev.settings.rest_after


def _fixed(text: str) -> Callable[[float], list[str]]:
    """Early speech that does not depend on the phase's length."""
    return lambda _: [text]


def _rest_texts(say: PhrasePack, minimal: bool,
                then: tuple[str, ...] = ()) -> Callable[[float], list[str]]:
    """What a rest of a given real length opens with: "Rest 20 seconds." and ``then``."""
    return lambda seconds: [say.rest(seconds, minimal), *then]


def _sets(b: Layout, ex: Exercise, t: float, tips: tuple[str, ...]) -> float:
    """Every set on every side, with the rests and switches between; ``tips`` are owed in
    the first rest between sets. Returns where the last work ends."""
    say, s, minimal = b.phrases, ex.settings, b.verbosity == "minimal"
    for set_no in range(1, s.sets + 1):
        for j, side in enumerate(s.sides or (None,)):
            if j > 0 and side is not None:
                t = b.lead_in("switch", t, s.switch_time, _fixed(say.switch(side, minimal)),
                              [], s.countdown, f"Switch to the {side} side in {ex.name}")
            elif set_no > 1:
                late = [] if minimal else [say.set_of(set_no, s.sets)]
                late += [say.side(side)] if side else []
                owed = tips if set_no == 2 else ()
                early = _rest_texts(say, minimal, owed) if s.rest > 0 else NO_TEXTS
                extra = ex.tips if b.verbosity == "full" and not owed else ()
                t = b.lead_in("rest", t, s.rest, early, late, s.countdown,
                              f"Rest before set {set_no} of {ex.name}", tips=extra)
            t = work_set(b, ex, t, set_no, side)
    return t


def _compile(routine: Routine, session: Session, options: PlanOptions, length: SpeechLength,
             minutes: int) -> Timeline:
    verbosity, say = options.verbosity, options.phrases
    b = Layout(length, verbosity, say)
    minimal = verbosity == "minimal"
    t = b.sequence(_opening(say, routine, session, verbosity, minutes), 0.0)
    b.phases.append(b.phase("intro", 0.0, t, 0.0))
    starts: list[tuple[float, str, float, tuple[str, ...]]] = []
    prev: Exercise | None = None
    last_block: Block | None = None
    for item in items(session):
        ex, s, block = item.exercise, item.exercise.settings, item.block
        b.ex, b.block = ex.name, block.name
        header: list[Line] = []
        if block.name and block is not last_block:
            header.append(_line(lambda n, _: say.block(n), (block.name, ""),
                                (block.say or block.name, "")))
        if block.rounds > 1 and item.first_in_block_round:
            header.append(say.round_of(item.round, block.rounds))
        last_block = block
        owed = ex.tips if item.first_time and not minimal else ()
        in_rest = s.sets > 1 and s.rest > 0
        late = _announce(say, ex, verbosity, header, item.first_time, () if in_rest else owed)
        if prev is None:
            t = b.lead_in("prep", t, PREP, NO_TEXTS, late, s.countdown, "")
        else:
            gap = _rest_before(item, prev)
            early = _rest_texts(say, minimal) if gap > 0 else NO_TEXTS
            t = b.lead_in("rest", t, gap, early, late, s.countdown, f"Rest before {ex.name}")
        title = say.chapter(f"{block.name}: {ex.name}" if block.name else ex.name,
                            item.round, block.rounds)
        starts.append((b.opened if prev else 0.0, title, b.opened, ex.notes))
        t = _sets(b, ex, t, owed if in_rest else ())
        prev = ex
    b.ex = b.block = None
    b.mark = len(b.cues)
    end_at = max(t, b.busy + GAP)
    text, duration = _ending(say, end_at, length, minimal)
    b.add(end_at, "speech", text)
    b.phases.append(b.phase("end", t, duration, 0.0))
    chapters = tuple(
        Chapter(start, starts[i + 1][0] if i + 1 < len(starts) else duration, title,
                opening, notes)
        for i, (start, title, opening, notes) in enumerate(starts))
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
