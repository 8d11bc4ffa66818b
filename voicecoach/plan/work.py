"""Coaching one set of work: counted reps (with tempo phases and a hold on every rep), timed
work and holds, paced breaths. Pure; times in seconds from the session's start.

Where tips go: at ``full`` they are said during a set wherever they fit between other cues
(rep sets and timed work of 15 s or more).
"""

from __future__ import annotations

from voicecoach.model import Exercise, Hold, Reps
from voicecoach.plan.layout import Layout, Line, countdown_slot
from voicecoach.plan.timeline import END_TONE, EPS, GAP, GO_TONE

# Counts at fast reps stay apart: a count must end COUNT_GAP seconds before the next one
# is due. One that would not is said in its short form (past twenty, the last digit:
# "twenty, one, two"); if even that does not fit, it is left out.
COUNT_GAP = 0.25
HOLD_COUNT = 3    # the "3, 2, 1" before a rep's hold is released
COMPACT_HOLD = 3.0  # seconds: a shorter rep hold gets only "Release." (no "Hold.", no 3-2-1)


def _reps(b: Layout, ex: Exercise, work: Reps, start: float) -> float:
    """Counts on the beat: rep k's number when its movement ends (``start + k·rep``, less
    the rep's hold). Tempo words and the hold's cues go where they fit around the counts."""
    rt = ex.rep_seconds()
    end = start + work.count * rt
    for k in range(1, work.count + 1):
        at = start + k * rt - ex.rep_hold
        if k in (work.count, work.wait_after):
            b.add(at, "speech", b.phrases.count(k))
        elif at >= b.busy - EPS:
            forms = [b.phrases.count(k)] + ([b.phrases.count(k % 10)] if k > 20 and k % 10
                                            else [])
            text = next((t for t in forms if b.length(t) <= rt - COUNT_GAP), None)
            if text is not None:
                b.add(at, "speech", text)
    _tempo(b, ex, work, start)
    if ex.rep_hold:
        _rep_holds(b, ex, work, start)
    b.add(b.busy + 0.1, "tone", END_TONE)
    return end


def _tempo(b: Layout, ex: Exercise, work: Reps, start: float) -> None:
    """Each phase of a tempo gets its word ("Go." "Hold." "Back.") as it starts, or just
    after the count said there; a word that does not fit in its phase is left out (so fast
    reps are counted only: the compact form)."""
    tempo = ex.settings.tempo
    words = b.phrases.tempo(len(tempo)) if tempo and b.verbosity != "minimal" else ()
    if not tempo or not words:
        return
    rep = ex.rep_seconds()
    for k in range(work.count):
        at = start + k * rep
        for phase, word in zip(tempo, words):
            spot = max([at] + [c.end + GAP for c in b.cues[b.mark:]
                               if c.start <= at + EPS < c.end + GAP])
            b.optional(spot, word, at + phase + GAP)
            at += phase


def _rep_holds(b: Layout, ex: Exercise, work: Reps, start: float) -> None:
    """Every rep's hold: "Hold." after the count, "3, 2, 1" ending as the hold ends, then
    "Release." on the moment (each only where it fits). A hold under ``COMPACT_HOLD`` is
    said compactly: the count starts it, "Release." ends it."""
    rep, hold = ex.rep_seconds(), ex.rep_hold
    slot = countdown_slot(b.length, HOLD_COUNT, b.phrases)
    minimal = b.verbosity == "minimal" or hold < COMPACT_HOLD
    for k in range(1, work.count + 1):
        release = start + k * rep
        count = [c for c in b.cues[b.mark:] if abs(c.start - (release - hold)) < EPS]
        after = count[0].end + GAP if count else release - hold
        if not minimal:
            b.optional(after, b.phrases.HOLD, release)
        for j in range(HOLD_COUNT, 0, -1) if hold >= COMPACT_HOLD else ():
            if release - j * slot >= after - EPS:
                b.optional(release - j * slot, b.phrases.count(j), release + GAP)
        next_count = release + rep - hold if k < work.count else release + rep
        if not b.optional(release, b.phrases.RELEASE, next_count) and k == work.count:
            b.add(max(release, b.busy + GAP), "speech", b.phrases.RELEASE)


def _timed(b: Layout, ex: Exercise, seconds: float, start: float) -> float:
    end = start + seconds
    n = ex.settings.countdown
    slot = countdown_slot(b.length, n, b.phrases)
    counts = [b.add(end - k * slot, "speech", b.phrases.count(k)) for k in range(n, 0, -1)
              if end - k * slot >= b.busy + GAP - EPS]
    quiet_from = b.settle = counts[0].start if counts else end
    b.add(end, "tone", END_TONE)
    if b.verbosity != "minimal":
        if seconds >= 20:
            b.optional(start + seconds / 2, b.phrases.HALFWAY, quiet_from)
        if seconds >= 25:
            b.optional(end - 10, b.phrases.TEN_LEFT, quiet_from)
        if b.verbosity == "full" and seconds >= 15:
            b.fill(ex.tips, start + 3, quiet_from)
    return end


def _breaths(b: Layout, ex: Exercise, work: Hold, start: float) -> float:
    end = start + work.seconds
    breath = ex.settings.breath
    for k in range(work.breaths or 0):
        at = start + k * breath
        if k == 0:
            at = b.busy + GAP
        first = b.phrases.count(k + 1) if b.verbosity == "minimal" else b.phrases.BREATHE_IN
        out = start + (k + 0.5) * breath
        b.optional(at, first, out + GAP)     # each cue ends inside its half of the breath
        if b.verbosity != "minimal":
            b.optional(out, b.phrases.BREATHE_OUT, out + breath / 2 + GAP)
    b.add(max(end, b.busy + GAP), "tone", END_TONE)
    return end


def _first_cue(b: Layout, ex: Exercise, start: float) -> float:
    """Where the first cue the work itself needs is due: its first count, or its 3-2-1."""
    work = ex.work
    if isinstance(work, Reps):
        return start + ex.rep_seconds() - ex.rep_hold
    if isinstance(work, Hold) and work.breaths:
        return start + work.seconds
    n = ex.settings.countdown
    return start + work.seconds - n * countdown_slot(b.length, n, b.phrases)


def work_set(b: Layout, ex: Exercise, start: float, set_no: int, side: str | None,
             on_tone: Line | None = None) -> float:
    """One set on one side from ``start`` (its start tone); ``on_tone`` is said just after
    the tone where it fits before the work's first cue (a hand-over: "Walk now.").
    Returns where the work ends; ``b.settle`` is where its closing cues begin."""
    b.mark = len(b.cues)
    b.add(start, "tone", GO_TONE)
    if on_tone is not None:
        b.optional(b.busy + GAP, on_tone, _first_cue(b, ex, start))
    work = ex.work
    wait = resume = -1.0
    if isinstance(work, Reps):
        end = _reps(b, ex, work, start)
        if b.verbosity == "full":
            last = max(c.start for c in b.cues[b.mark:] if c.kind == "speech")
            b.fill(ex.tips, start + 1.0, last)
        if work.until_done:
            mine = [c for c in b.cues[b.mark:] if c.kind == "speech"]
            low = start + work.wait_after * ex.rep_seconds()
            wait = max(c.end for c in mine if c.start <= low + EPS)
            resume = max(c.end for c in mine)
    elif isinstance(work, Hold) and work.breaths:
        end = _breaths(b, ex, work, start)
    else:
        end = _timed(b, ex, work.seconds, start)
    said = [c.start for c in b.cues[b.mark:] if c.kind == "speech"]
    if isinstance(work, Reps):
        b.settle = max(said, default=end)      # its last count
    elif isinstance(work, Hold) and work.breaths:
        b.settle = end
    until = isinstance(work, Reps) and work.until_done
    b.phases.append(b.phase("work", start, end, end - start, set=set_no,
                            sets=ex.settings.sets, side=side, until_done=until,
                            wait=wait, resume=resume))
    return end
