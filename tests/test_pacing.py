"""Coaching like a coach (issue 24, findings 1, 2, 3, 5, 6): hand-overs with no rest, long
rests that prepare the next set, rounds said with their block, short holds said compactly,
durations said as written. Texts and times worked out by hand with the fake voice
(conftest.fake_length: numbers 0.5 s; other text 0.3 s + 0.06 s a character; GAP 0.25 s,
LEAD 0.5 s, 1 s count slots)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, fake_length
from voicecoach.errors import VoicecoachError
from voicecoach.live.player import Outcome
from voicecoach.live.session import counted, start_of
from voicecoach.phrases import PACKS
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Phase, Timeline
from voicecoach.plan.view import cue_sheet
from voicecoach.routine.reader import load_routine

Write = Callable[..., Path]


def plan(path: Path, verbosity: str = "normal") -> Timeline:
    routine = load_routine(path)
    return compile_session(routine, routine.sessions[0], PlanOptions(verbosity),  # type: ignore[arg-type]
                           fake_length)


def rows(tl: Timeline) -> list[tuple[float, float, str]]:
    return [(round(c.start, 6), round(c.end, 6), c.text) for c in tl.cues]


def texts(tl: Timeline) -> list[str]:
    return [c.text for c in tl.cues if c.kind == "speech"]


def inside(tl: Timeline, p: Phase, before: float = 0.0, after: float = 0.0,
           at: float | None = None) -> list[tuple[float, str]]:
    """The cues from ``before`` seconds before a phase to ``after`` seconds past its end, at
    times from ``at`` (default: the phase's start)."""
    zero = p.start if at is None else at
    return [(round(c.start - zero, 6), c.text) for c in tl.cues
            if p.start - before - 1e-9 <= c.start <= p.end + after + 1e-9]


def test_1_no_rest_hands_over_on_the_tone(write: Write) -> None:
    tl = plan(write("""
        name: T
        defaults: {rest_after: 0s}
        blocks:
          - exercises:
              - {name: Run, time: 30s}
              - {name: Walk, time: 30s}
    """))
    # Run: work 7.77-37.77 (as any first exercise). "Next: Walk. For 30 seconds." (1.92 s)
    # is said in its last seconds, ending a LEAD before Run's own 3-2-1 (34.77); Run's end
    # tone gives way to Walk's start tone on 37.77, "And Walk." just after it; no rest
    assert rows(tl) == [
        (0.0, 2.16, "T. 2 exercises, about 1 minute."),
        (2.41, 4.27, "Next: Run. For 30 seconds."),
        (4.77, 5.27, "3"), (5.77, 6.27, "2"), (6.77, 7.27, "1"),
        (7.77, 8.02, "start"),
        (22.77, 23.55, "Halfway."),
        (27.77, 29.09, "Ten seconds left."),
        (32.35, 34.27, "Next: Walk. For 30 seconds."),
        (34.77, 35.27, "3"), (35.77, 36.27, "2"), (36.77, 37.27, "1"),
        (37.77, 38.02, "start"),
        (38.27, 39.11, "And Walk."),
        (52.77, 53.55, "Halfway."),
        (57.77, 59.09, "Ten seconds left."),
        (64.77, 65.27, "3"), (65.77, 66.27, "2"), (66.77, 67.27, "1"),
        (67.77, 68.37, "end"),
        (68.62, 71.56, "Session complete. Time: 1 minute 15 seconds."),   # 72.56 s
    ]
    assert [(p.kind, round(p.start, 6), round(p.end, 6)) for p in tl.phases[2:4]] == [
        ("work", 7.77, 37.77), ("work", 37.77, 67.77)]
    # Walk's chapter (its track, --from Walk) opens on its announcement
    assert [round(c.start, 6) for c in tl.chapters] == [0.0, 32.35]
    assert tl.warnings == ()


def test_1_a_hand_over_after_reps_comes_right_after_the_last_count(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Squat, reps: 3, rep_time: 3s, rest_after: 0s}
              - {name: Plank, time: 20s, steps: [Elbows under shoulders.]}
    """))
    squat, bridge, plank = tl.phases[2:5]
    # counts at 3, 6, 9; the call (1.98 s) does not fit between "2" and "3" (6.52 s would
    # touch "2"), it fits between "1" and "2"; Plank starts as the last count ends (a 0.5 s
    # hand-over), its name on the tone (0.9 s), its step where it fits
    assert (bridge.kind, bridge.written, round(bridge.end - bridge.start, 6)) == \
        ("handover", 0.0, 0.5)
    assert inside(tl, squat, after=4.0) == [
        (0.0, "start"), (3.0, "1"), (3.77, "Next: Plank. For 20 seconds."), (6.0, "2"),
        (9.0, "3"), (9.5, "start"), (10.0, "And Plank."), (11.15, "Elbows under shoulders.")]
    assert round(plank.end - plank.start, 6) == 20.0
    # a work too short for the call: an ordinary lead-in (the call, the full 3-2-1)
    short = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: A, time: 4s, rest_after: 0s}
              - {name: B, time: 4s}
    """, "short.yaml"))
    assert [p.kind for p in short.phases] == ["intro", "prep", "work", "rest", "work", "end"]
    assert texts(short)[texts(short).index("Next: B. For 4 seconds."):][:4] == \
        ["Next: B. For 4 seconds.", "3", "2", "1"]


def test_1_no_rest_between_sets_hands_over_too(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Plank, time: 20s, sets: 2, rest: 0s}
    """))
    first, second = (p for p in tl.phases if p.kind == "work")
    # "Final set." (0.9 s) ends a LEAD before the first set's 3-2-1; the second set
    # starts on the tone that ends the first
    assert inside(tl, first, after=20.0) == [
        (0.0, "start"), (10.0, "Halfway."), (15.6, "Final set."), (17.0, "3"), (18.0, "2"),
        (19.0, "1"), (20.0, "start"), (30.0, "Halfway."), (37.0, "3"), (38.0, "2"),
        (39.0, "1"), (40.0, "end")]
    assert second.start == first.end


def test_1_no_switch_time_hands_over_to_the_other_side_on_the_tone(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Clamshell, time: 20s, sides: [right, left], switch_time: 0s}
    """))
    right, left = (p for p in tl.phases if p.kind == "work")
    # "Switch to the left side." (24 characters: 1.74 s) ends a LEAD before the right
    # side's 3-2-1 (17 s); the left side starts on the tone that ends the right one
    assert inside(tl, right, after=20.0) == [
        (0.0, "start"), (10.0, "Halfway."), (14.76, "Switch to the left side."), (17.0, "3"),
        (18.0, "2"), (19.0, "1"), (20.0, "start"), (30.0, "Halfway."), (37.0, "3"),
        (38.0, "2"), (39.0, "1"), (40.0, "end")]
    assert left.start == right.end and not [p for p in tl.phases if p.kind == "switch"]


def test_2_a_long_rest_names_the_next_set_early_and_leaves_time_to_load(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Squat, reps: 2, sets: 2, rest: 1m, rest_after: 90s, load: 100 kg}
              - {name: Bench press, reps: 2, load: 72.5 kg, steps: [Feet flat.]}
    """))
    sets, between = (p for p in tl.phases if p.kind == "rest")
    assert (sets.written, round(sets.end - sets.start, 6)) == (60.0, 60.0)
    # between sets, times from the tone: "And rest for 1 minute." after the end tone; the call
    # "Final set." (0.9 s) ends 10.25 s before the tone; "30 seconds left." but no "10
    # seconds left." a second after the call (it would come after the call has begun)
    assert inside(tl, sets, at=sets.end) == [
        (-60.0, "2"), (-59.4, "end"), (-58.55, "And rest for 1 minute."),
        (-30.0, "30 seconds left."), (-11.15, "Final set."), (-3.0, "3"), (-2.0, "2"),
        (-1.0, "1"), (0.0, "start")]
    # between exercises: the next one, its load and its steps as the rest starts (while
    # the plates are changed), named again so that it ends 10.25 s before its tone; the
    # loads are spoken "72 point 5 kilos": "And rest for 1 minute 30 seconds." is 33
    # characters (2.28 s, then 0.25 s), the call 44 (2.94 s, then 0.25 s), "Get ready:
    # Bench press, 72 point 5 kilos." 41 (2.76 s: it starts at -13.01 s)
    assert inside(tl, between, at=between.end) == [
        (-90.0, "2"), (-89.4, "end"), (-88.55, "And rest for 1 minute 30 seconds."),
        (-86.02, "Next: Bench press, 72.5 kg. 2 reps."), (-82.83, "Feet flat."),
        (-30.0, "30 seconds left."), (-13.01, "Get ready: Bench press, 72.5 kg."),
        (-3.0, "3"), (-2.0, "2"), (-1.0, "1"), (0.0, "start")]
    # its chapter starts on the announcement; starting there (--from, n) begins on the
    # name said again, with its 10 s to get ready
    bench = tl.chapters[1]
    assert (round(bench.start - between.end, 6), round(bench.begin - between.end, 6)) == \
        (-86.02, -13.01)
    assert start_of(tl, "Bench press") == bench.begin
    assert tl.warnings == ()


def test_2_rests_under_a_minute_say_no_time_left_and_short_ones_name_it_once(
        write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rest_after: 45s}
              - {name: B, reps: 2, rest_after: 20s}
              - {name: C, reps: 2}
    """))
    said = texts(tl)
    assert not any(t.endswith("seconds left.") for t in said)
    # 45 s: named as it starts, again before the countdown; 20 s: once, before it
    assert said[said.index("And rest for 45 seconds."):][:3] == \
        ["And rest for 45 seconds.", "Next: B. 2 reps.", "Get ready: B."]
    assert said[said.index("And rest for 20 seconds."):][:3] == ["And rest for 20 seconds.", "Next: C. 2 reps.", "3"]


def test_3_rounds_are_said_with_their_block_and_counted_once(write: Write) -> None:
    path = write("""
        name: T
        blocks:
          - name: Warm-up
            exercises: [{name: March, time: 20s}]
          - name: Intervals
            rounds: 3
            exercises:
              - {name: Squat, reps: 2}
              - {name: Jog, time: 20s}
    """)
    tl = plan(path)
    said = texts(tl)
    assert said[0] == "T. 3 exercises, about 5 minutes."       # not "3 rounds"
    assert [t for t in said if t.startswith(("Warm-up", "Intervals", "On to", "Final"))] == \
        ["Warm-up.", "Intervals: 3 rounds.", "On to round 2 of 3.", "Final round."]
    # the plan's header and the end of play count exercises as the opening does
    assert " · 3 exercises · " in cue_sheet(tl).splitlines()[1]
    assert len(tl.chapters) == 7
    assert counted(tl, Outcome("finished", set(range(7)))) == (3, 0)
    # Squat's last round skipped: Squat is not done, and it is one exercise skipped
    assert counted(tl, Outcome("finished", {0, 1, 2, 3, 4, 6}, {5})) == (2, 1)
    # a plain name starts at its first round; a round is chosen by the chapter's title
    jog = [c for c in tl.chapters if c.exercise == "Jog"]
    assert start_of(tl, "jog") == jog[0].begin
    assert start_of(tl, "Jog (round 2 of 3)") == jog[1].begin
    assert start_of(tl, "Intervals: Jog") == jog[0].begin   # the form the error lists
    with pytest.raises(VoicecoachError, match="no exercise 'Warm-up: Jog' in session 'T'"):
        start_of(tl, "Warm-up: Jog")
    with pytest.raises(VoicecoachError, match="no exercise 'Run' in session 'T'"):
        start_of(tl, "Run")
    # minimal keeps the numbers of rounds (and names)
    assert [t for t in texts(plan(path, "minimal"))
            if t.startswith(("Warm-up", "Intervals", "On to", "Final"))] == \
        ["Warm-up.", "Intervals: 3 rounds.", "On to round 2 of 3.", "Final round."]


def test_3_a_session_of_one_circuit_says_its_rounds_in_the_opening(write: Write) -> None:
    tl = plan(write("""
        name: Tabata
        blocks:
          - rounds: 8
            rest_between_rounds: 10s
            exercises: [{name: Burpees, time: 20s}]
    """))
    # work from 10.24 s (the opening 3.06 s, "Round 1 of 8." and the call, 3-2-1), 8 x 20 s
    # of work and 7 rests of 10 s: about 4 minutes. The full words would need 10.13 s (end
    # tone 0.6 s, "And rest for 10 seconds." 1.74 s, "On to round 2 of 8." 1.44 s, the call
    # 2.1 s, 3 gaps, the lead and the 3-2-1), so the rest is said briefly ("Rest.", 0.6 s:
    # 1.14 s less) and stays 10 s: work ends at 10.24 + 160 + 70 = 240.24 s. The last
    # round's "Final round." (1.02 s) fits with the full words.
    assert texts(tl)[:2] == ["Tabata. 1 exercise, 8 rounds, about 4 minutes.", "Round 1 of 8."]
    said = texts(tl)
    assert said.count("Rest.") == 6 and said.count("Next: Burpees. For 20 seconds.") == 8
    assert "On to round 2 of 8." in said and "And rest for 10 seconds." in said
    work = [p for p in tl.phases if p.kind == "work"]
    assert (round(work[0].start, 6), round(work[-1].end, 6)) == (10.24, 240.24)
    rests = [round(p.end - p.start, 6) for p in tl.phases if p.kind == "rest"]
    assert rests == [10.0] * 7
    assert tl.warnings == ()


def test_5_short_rep_holds_are_said_compactly(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Quad set, reps: 2, rep_time: 2s, rep_hold: 2s}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    # 4 s a rep: the count starts the 2 s hold, "Release." ends it; no "Hold." and no 3-2-1
    # squeezed in between ("two-hold-release")
    assert inside(tl, work, after=1.0) == [
        (0.0, "start"), (2.0, "1"), (4.0, "Release."), (6.0, "2"), (8.0, "Release."),
        (8.88, "end")]
    assert "Next: Quad set. 2 reps, hold each 2 seconds." in texts(tl)


def test_5_no_cue_starts_that_cannot_finish_inside_its_phase(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Child's pose, hold: 2 breaths, breath: 2s}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    # 1 s to breathe in, 1 s out: "Breathe in." (0.96 s) cannot start after the tone
    # (0.5 s in) and end by 1 s; the second fits its inhale (2 s to 2.96 s);
    # "Breathe out." (1.02 s) never fits its 1 s
    assert inside(tl, work) == [(0.0, "start"), (2.0, "Breathe in."), (4.0, "end")]


def test_6_durations_written_are_said_as_written(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: A, time: 21s, rest_after: 23s}
              - {name: B, hold: 1m13s, sets: 2, rest: 47s}
    """))
    said = texts(tl)
    assert "Next: A. For 21 seconds." in said and "And rest for 23 seconds." in said
    assert "Next: B. 2 holds of 1 minute 13 seconds." in said and "And rest for 47 seconds." in said
    # in Spanish as the README promises; a computed length is still rounded
    routine = load_routine(write("""
        name: T
        language: es
        blocks:
          - exercises:
              - {name: Plancha, time: 21s}
    """, "es.yaml"))
    es = compile_session(routine, routine.sessions[0], PlanOptions(phrases=PACKS["es"]),
                         fake_length)
    assert "Siguiente: Plancha. Veintiún segundos." in texts(es)
    assert PACKS["fr"].exact(21) == "vingt-et-une secondes"
    assert PACKS["es"].duration(21) == "20 segundos"


def test_6_a_written_fraction_of_a_second_is_said(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Quad set, reps: 2, rep_time: 4s, rep_hold: 2.5s, rest_after: 12.5s}
              - {name: B, reps: 2}
    """))
    said = {c.text: c.spoken for c in tl.cues if c.kind == "speech"}
    assert said["Next: Quad set. 2 reps, hold each 2.5 seconds."] == \
        "Next: Quad set. 2 reps, hold each 2 point 5 seconds."
    assert said["And rest for 12.5 seconds."] == "And rest for 12 point 5 seconds."
    de = PACKS["de"]
    assert (de.exact(2.5), de.spoken(de.exact(2.5))) == ("2,5 Sekunden", "2 Komma 5 Sekunden")
    assert (de.exact(2.0), de.exact(2.04), PACKS["en"].exact(75.5)) == \
        ("2 Sekunden", "2 Sekunden", "1 minute 16 seconds")


def test_6_minimal_keeps_set_and_round_numbers(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - rounds: 2
            exercises:
              - {name: A, reps: 2, sets: 3, rest: 10s}
    """), "minimal")
    assert texts(tl)[:3] == ["T.", "Round 1 of 2.", "A."]
    assert [t for t in texts(tl) if t.startswith(("Set", "Final"))][:3] == \
        ["Set 2 of 3.", "Final set.", "Final round."]


@pytest.mark.parametrize(("code", "said"), [
    ("en", ["And Walk.", "Get ready: Bench, 72.5 kg.", "Get ready: Bench.", "30 seconds left.",
            "Final round.", "Intervals: 6 rounds."]),
    ("de", ["Jetzt Walk.", "Mach dich bereit: Bench, 72.5 kg.", "Mach dich bereit: Bench.",
            "Noch 30 Sekunden.", "Letzte Runde.", "Intervals: 6 Runden."]),
    ("fr", ["Maintenant : Walk.", "Préparez-vous : Bench, 72.5 kg.", "Préparez-vous : Bench.",
            "Encore 30 secondes.", "Dernier tour.", "Intervals : 6 tours."]),
    ("es", ["¡Ahora, Walk!", "Prepárate: Bench, 72.5 kg.", "Prepárate: Bench.",
            "Quedan 30 segundos.", "Última ronda.", "Intervals: 6 rondas."]),
    ("it", ["Ora, Walk.", "Preparati: Bench, 72.5 kg.", "Preparati: Bench.",
            "Ancora 30 secondi.", "Ultimo giro.", "Intervals: 6 giri."]),
    ("pt", ["Agora, Walk.", "Prepare-se: Bench, 72.5 kg.", "Prepare-se: Bench.",
            "Faltam 30 segundos.", "Última rodada.", "Intervals: 6 rodadas."]),
    ("nl", ["Nu Walk.", "Maak je klaar: Bench, 72.5 kg.", "Maak je klaar: Bench.",
            "Nog 30 seconden.", "Laatste ronde.", "Intervals: 6 rondes."]),
])
def test_new_phrases_in_every_language(code: str, said: list[str]) -> None:
    p = PACKS[code]
    assert [p.handover("Walk"), p.get_ready("Bench", "72.5 kg", False),
            p.get_ready("Bench", None, False), p.time_left(30), p.round_of(6, 6),
            p.block_rounds("Intervals", 6)] == said
    assert p.get_ready("Bench", "72.5 kg", True) == "Bench, 72.5 kg."


def shipped(name: str) -> Timeline:
    routine = load_routine(ROOT / "routines" / f"{name}.yaml")
    return compile_session(routine, routine.sessions[0], PlanOptions(), fake_length)


def test_the_shipped_interval_session_lasts_its_written_length() -> None:
    tl = shipped("run-walk-intervals")
    work = [p for p in tl.phases if p.kind == "work"]
    # 5 minutes, 8 rounds of 1:30 + 1:30, 1 minute: 30:00 from the first tone to the
    # last, each interval starting where the one before ends
    assert len(work) == 18 and not [p for p in tl.phases if p.kind in ("rest", "handover")]
    assert work[-1].end - work[0].start == pytest.approx(1800.0)
    assert all(a.end == b.start for a, b in zip(work, work[1:]))
    said = texts(tl)
    assert (said.count("And Run."), said.count("And Walk."), said.count("And Easy walk.")) == \
        (8, 8, 1)
    assert said.count("Final round.") == 1 and "Intervals: 8 rounds." in said
    assert said[0] == "Run/walk intervals. 4 exercises, about 30 minutes."


def test_the_shipped_barbell_day_prepares_every_set() -> None:
    tl = shipped("barbell-strength-day")
    rests = [p for p in tl.phases if p.kind == "rest"]
    assert [p.written for p in rests] == [180.0] * 4 + [180.0] + [180.0] * 4 + [180.0, 120, 120]
    for p in rests:
        said = [c for c in tl.cues if p.start + 1e-6 < c.start < p.end and c.kind == "speech"]
        assert said[0].text == f"And rest for {PACKS['en'].exact(p.written)}."
        # "10 seconds left." would come a second after the call: left out
        assert [c.text for c in said if c.text.endswith("left.")] == ["30 seconds left."]
        call = [c for c in said if not c.text.isdigit() and not c.text.endswith("left.")][-1]
        assert p.end - call.end >= 10.25 - 1e-9, (call, p)     # time to get under the bar
    between = [texts(tl)[i + 1] for i, t in enumerate(texts(tl)) if t == "And rest for 3 minutes."]
    assert "Next: Bench press, 72.5 kg. 5 sets of 5." in between
    assert "Back." in between       # the row's block, then its announcement


def test_3_a_short_rest_says_the_next_exercise_briefly_rather_than_grow(write: Write) -> None:
    tl = plan(write("""
        name: Tabata
        blocks:
          - rounds: 3
            rest_between_rounds: 9s
            exercises: [{name: Mountain climbers, time: 20s}]
    """))
    # a 9 s rest (from the work's end; its end tone, then 0.25 s): with "And rest for 9
    # seconds." (1.68 s), "On to round 2 of 3." (1.44 s) and "Next: Mountain climbers. For
    # 20 seconds." (2.7 s) it would need 11.27 s; with "Rest." (0.6 s) and the full call
    # 10.19 s; with "Rest." and "Mountain climbers." (1.38 s) 8.87 s: that is said, and the
    # rest stays 9 s. The last round's "Final round." (1.02 s) would need 9.77 s with "Rest."
    # and the full call: brief too.
    said = texts(tl)
    first = said.index("On to round 2 of 3.")
    assert said[first - 1:first + 2] == ["Rest.", "On to round 2 of 3.", "Mountain climbers."]
    last = said.index("Final round.")
    assert said[last - 1:last + 2] == ["Rest.", "Final round.", "Mountain climbers."]
    rests = [round(p.end - p.start, 6) for p in tl.phases if p.kind == "rest"]
    assert rests == [9.0, 9.0]
    assert tl.warnings == ()
