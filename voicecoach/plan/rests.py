"""What is said between two pieces of work (pure): a rest's opening, the time left in a
long rest, the call before a loaded set, and the way from one exercise to the next — a
hand-over with no rest, a long rest that names the next exercise as it starts, or a rest
that names it before its countdown (said briefly, "Rest." and "Burpees.", when the full
words would make a short rest longer than written). Times in seconds from the session's
start."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from voicecoach.model import Exercise
from voicecoach.phrases import PhrasePack
from voicecoach.plan.layout import Item, Layout, Line, countdown_slot
from voicecoach.plan.timeline import EPS, GAP, LEAD

NO_TEXTS: Callable[[float], list[Line]] = lambda _: []  # noqa: E731

LONG_REST = 30.0      # seconds: a rest this long names the next exercise as it starts
TIME_LEFT = 60.0      # seconds: a rest this long says "30 seconds left." and "10 seconds left."
LOADED_CALL = 10.0    # seconds: the call before a loaded set ends this long before its tone
AGAIN_AFTER = 5.0     # seconds of quiet in a long rest before the next exercise is named again


def named(ex: Exercise, make: Callable[[str], str]) -> Line:
    """A sentence with the exercise's name: written with ``name``, spoken with ``say``."""
    text = make(ex.name)
    return text if ex.say is None else (text, make(ex.say))


def side_line(say: PhrasePack, ex: Exercise) -> list[Line]:
    return [say.side(ex.settings.sides[0])] if ex.settings.sides else []


def fixed(text: str) -> Callable[[float], list[Line]]:
    """Early speech that does not depend on the phase's length."""
    return lambda _: [text]


def rest_texts(say: PhrasePack, minimal: bool, written: float,
               then: Sequence[Line] = ()) -> Callable[[float], list[Line]]:
    """What a rest of a given real length opens with: "Rest 20 seconds." and ``then``; a
    rest as long as written is said exactly, a grown one rounded."""
    return lambda seconds: [say.rest(seconds, minimal, abs(seconds - written) < EPS), *then]


def rest_marks(say: PhrasePack, written: float) -> list[tuple[float, Line]]:
    """"30 seconds left." and "10 seconds left." in a rest of ``TIME_LEFT`` or more."""
    return [(s, say.time_left(s)) for s in (30.0, 10.0)] if written >= TIME_LEFT else []


def call_ends(ex: Exercise) -> float:
    """How long before the tone the last call must end: time to load up and set up."""
    return LOADED_CALL + GAP if ex.load else 0.0


# a lead-in's boundary, where its exercise's chapter starts and where starting at it
# begins, what is said on the tone and what is still to say (after a hand-over)
Opened = tuple[float, float, float, Line | None, list[Line]]


def between(b: Layout, item: Item, t: float, gap: float, call: list[Line],
            more: list[Line]) -> Opened:
    """The ``gap`` seconds (written) before ``item``'s exercise, from ``t`` to its first
    start tone. No rest: a hand-over (the call in the last seconds of the work before, the
    exercise's name on the tone, the steps during its first set). A long rest: the call
    and steps as it starts, and "Get ready: NAME." before the countdown if ``AGAIN_AFTER``
    seconds of quiet come between. Otherwise the call and steps before the countdown."""
    say, ex, minimal = b.phrases, item.exercise, b.verbosity == "minimal"
    side, what, count = side_line(say, ex), f"Rest before {ex.name}", ex.settings.countdown
    if gap <= 0:
        handed = b.hand_over(t, [*call, *side])
        if handed is not None:
            return handed, b.opened, b.opened, named(ex, say.handover), more
    marks = rest_marks(say, gap)
    if gap >= LONG_REST:
        early = rest_texts(say, minimal, gap, [*call, *more])
        again = [named(ex, lambda name: say.get_ready(name, ex.load, minimal))]
        quiet = gap - b.span(early(gap)) - b.span([*again, *side]) - max(call_ends(ex), LEAD) \
            - count * countdown_slot(b.length, count, say) - 2 * GAP
        late = [*again, *side] if quiet >= AGAIN_AFTER else side
        boundary = b.lead_in("rest", t, gap, early, late, count, what, call=call_ends(ex),
                             marks=marks)
        return boundary, b.early_at[1], b.opened if late is not side else b.early_at[1], \
            None, []
    early = rest_texts(say, minimal, gap) if gap > 0 else NO_TEXTS
    brief = rest_texts(say, True, gap) if gap > 0 else NO_TEXTS
    late = [*call, *more, *side]
    briefer = [*call[:-1], named(ex, lambda name: say.next_up(name, ex.load, True)), *more, *side]
    boundary = b.lead_in("rest", t, gap, early, late, count, what, call=call_ends(ex),
                         marks=marks, compact=[(brief, late), (brief, briefer)])
    return boundary, b.opened, b.opened, None, []
