"""The compiler against timings worked out by hand with the fake voice (conftest.fake_length:
numbers 0.5 s; other text 0.3 s + 0.06 s a character)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import fake_length
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Timeline
from voicecoach.routine.reader import load_routine


def plan(path: Path, verbosity: str = "normal") -> Timeline:
    routine = load_routine(path)
    return compile_session(routine, routine.sessions[0], PlanOptions(verbosity), fake_length)  # type: ignore[arg-type]


def rows(tl: Timeline) -> list[tuple[float, float, str]]:
    return [(round(c.start, 6), round(c.end, 6), c.text) for c in tl.cues]


def test_two_sets_of_reps(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Squat, reps: 3, rep_time: 2s, sets: 2, rest: 10s}
    """))
    assert rows(tl) == [
        (0.0, 2.1, "T. 1 exercise, about 1 minute."),
        (2.35, 4.15, "Next: Squat. 2 sets of 3."),    # as late as the 5 s prep allows
        (4.65, 5.15, "3"), (5.65, 6.15, "2"), (6.65, 7.15, "1"),
        (7.65, 7.9, "start"),                          # work starts with the tone
        (9.65, 10.15, "1"), (11.65, 12.15, "2"), (13.65, 14.15, "3"),
        (14.25, 14.85, "end"),
        (15.1, 16.84, "And rest for 10 seconds."),
        (19.25, 20.15, "Final set."),
        (20.65, 21.15, "3"), (21.65, 22.15, "2"), (22.65, 23.15, "1"),
        (23.65, 23.9, "start"),                        # 10 s after set 1 ended at 13.65
        (25.65, 26.15, "1"), (27.65, 28.15, "2"), (29.65, 30.15, "3"),
        (30.25, 30.85, "end"),
        (31.1, 33.5, "Session complete. Time: 35 seconds."),  # 34.5 s, said to 5 s
    ]
    assert tl.duration == pytest.approx(34.5)
    assert [(c.start, round(c.end, 6), c.title) for c in tl.chapters] == [(0.0, 34.5, "Squat")]
    assert [(p.kind, round(p.start, 6), round(p.end, 6)) for p in tl.phases] == [
        ("intro", 0.0, 2.1), ("prep", 2.1, 7.65), ("work", 7.65, 13.65),
        ("rest", 13.65, 23.65), ("work", 23.65, 29.65), ("end", 29.65, 34.5),
    ]
    assert tl.warnings == ()


def test_timed_work_gets_halfway_ten_left_and_countdown(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Plank, time: 30s}
    """))
    assert rows(tl) == [
        (0.0, 2.1, "T. 1 exercise, about 1 minute."),
        (2.35, 4.33, "Next: Plank. For 30 seconds."),
        (4.83, 5.33, "3"), (5.83, 6.33, "2"), (6.83, 7.33, "1"),
        (7.83, 8.08, "start"),
        (22.83, 23.61, "Halfway."),
        (27.83, 29.15, "Ten seconds left."),
        (34.83, 35.33, "3"), (35.83, 36.33, "2"), (36.83, 37.33, "1"),
        (37.83, 38.43, "end"),
        (38.68, 41.08, "Session complete. Time: 40 seconds."),  # the length, 42.08 s
    ]


def test_minimal_says_numbers_and_names_only(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        intro: Warm up first.
        blocks:
          - name: Main
            exercises:
              - {name: Plank, time: 30s, steps: [Lie down.], sides: [left, right]}
    """), "minimal")
    spoken = [c.text for c in tl.cues if c.kind == "speech"]
    # the block's name is a name: minimal keeps it (issue 24)
    assert spoken == ["T.", "Warm up first.", "Main.", "Plank.", "Left side.", "3", "2", "1",
                      "3", "2",
                      "1", "Right.", "3", "2", "1", "3", "2", "1", "Done."]


def test_steps_first_time_only_in_normal_every_time_in_full(write: Callable[..., Path]) -> None:
    path = write("""
        name: T
        blocks:
          - rounds: 2
            exercises:
              - {name: Bridge, reps: 2, steps: [Lift your hips.], tips: [Squeeze.]}
              - {name: Plank, time: 20s, tips: [Breathe steadily.]}
    """)
    normal = [c.text for c in plan(path).cues]
    full = [c.text for c in plan(path, "full").cues]
    assert normal.count("Lift your hips.") == 1
    assert full.count("Lift your hips.") == 2
    assert normal.count("Breathe steadily.") == 1    # once per exercise (one set: announced)
    assert normal.count("Squeeze.") == 1
    assert full.count("Breathe steadily.") >= 2       # and in the work at full
    assert normal.count("Round 1 of 2.") == 1 and normal.count("Final round.") == 1
    titles = [c.title for c in plan(path).chapters]
    assert titles == ["Bridge (round 1 of 2)", "Plank (round 1 of 2)",
                      "Bridge (round 2 of 2)", "Plank (round 2 of 2)"]


def test_breath_hold_paces_breaths(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Pigeon, hold: 3 breaths, breath: 6s}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    assert work.end - work.start == pytest.approx(18.0)
    inside = [(round(c.start - work.start, 6), c.text) for c in tl.cues
              if work.start <= c.start <= work.end]
    assert inside == [(0.0, "start"), (0.5, "Breathe in."), (3.0, "Breathe out."),
                      (6.0, "Breathe in."), (9.0, "Breathe out."), (12.0, "Breathe in."),
                      (15.0, "Breathe out."), (18.0, "end")]


def test_short_rest_grows_to_fit_the_announcement_and_warns(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rest_after: 2s}
              - name: B
                reps: 2
                steps: [A long first step that takes a while to say out loud.]
    """))
    rest = next(p for p in tl.phases if p.kind == "rest")
    assert rest.written == 2.0
    assert rest.end - rest.start > 8
    assert tl.warnings == (f"Rest before B grows from 2s to {round(rest.end - rest.start)}s "
                           "to fit what is said",)


def test_side_switch_grows_to_keep_the_full_countdown(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Lunge, reps: 2, sides: [right, left], switch_time: 6s}
    """))
    switch = next(p for p in tl.phases if p.kind == "switch")
    said = [(round(c.start - switch.start, 6), c.text) for c in tl.cues
            if switch.start < c.start < switch.end and c.kind == "speech"]
    # The last count (0.5 s) and end tone (0.1 s later, 0.6 s) spill 1.2 s into the switch;
    # "Switch to the left side." (1.74 s) follows 0.25 s later and ends at 3.19 s; 0.5 s of
    # lead and the full 3-2-1 (3 s) make it 6.69 s: it grows rather than cut the countdown.
    assert said == [(1.45, "Switch to the left side."), (3.69, "3"), (4.69, "2"), (5.69, "1")]
    assert switch.end - switch.start == pytest.approx(6.69)
    assert tl.warnings == ("Switch to the left side in Lunge grows from 6s to 6.7s "
                           "to fit what is said",)


def test_fast_reps_drop_counts_that_do_not_fit_but_keep_the_last(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Jacks, reps: 10, rep_time: 0.5s}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    counts = [(c.text, round(c.start - work.start, 6)) for c in tl.cues
              if c.text.isdigit() and c.start >= work.start]
    # each count takes 0.5 s, a rep 0.5 s: a count fits only if it ends 0.25 s before the next
    assert counts == [("10", 5.0)]


def test_opening_length_is_stable(write: Callable[..., Path]) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Plank, time: 10m}
    """))
    minutes = round(tl.duration / 60)
    assert tl.cues[0].text == f"T. 1 exercise, about {minutes} minutes."
