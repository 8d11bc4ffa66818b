"""Every cue true (issue 8): one plan case per finding and per new routine field, with cue
texts and times worked out by hand with the fake voice (conftest.fake_length: numbers
0.5 s; other text 0.3 s + 0.06 s a character; GAP 0.25 s, LEAD 0.5 s, 1 s count slots)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import fake_length
from voicecoach.durations import said, spoken
from voicecoach.export.exporter import lrc_text, plan_tracks
from voicecoach.plan.compiler import PlanOptions, compile_session, session_length
from voicecoach.plan.timeline import Timeline
from voicecoach.plan.view import cue_sheet, to_json, validate_line
from voicecoach.routine.reader import load_routine

Write = Callable[..., Path]


def plan(path: Path, verbosity: str = "normal", session: int = 0) -> Timeline:
    routine = load_routine(path)
    return compile_session(routine, routine.sessions[session], PlanOptions(verbosity),  # type: ignore[arg-type]
                           fake_length)


def rows(tl: Timeline, kind: str | None = None) -> list[tuple[float, float, str]]:
    return [(round(c.start, 6), round(c.end, 6), c.text) for c in tl.cues
            if kind is None or c.kind == kind]


def texts(tl: Timeline) -> list[str]:
    return [c.text for c in tl.cues if c.kind == "speech"]


def test_spoken_rounding() -> None:
    assert [said(x) for x in (8.4, 9.47, 19.4, 22.4, 23, 33.49, 73, 151.59)] == \
        [8, 9, 19, 20, 25, 35, 75, 150]
    assert spoken(73) == "1 minute 15 seconds" and spoken(9.47) == "9 seconds"


def test_1_2_a_grown_rest_keeps_its_countdown_and_says_its_real_length(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rest_after: 5s}
              - {name: B, reps: 2, steps: [Stand tall and brace.]}
    """))
    # A's last count at 13.17 (0.5 s), its end tone 13.77-14.37; "And rest for 10 seconds."
    # (1.74 s) at 14.62; B's announcement (1.26 s) at 16.61, its step (1.56 s) at 18.12
    # ends 19.68; 0.5 s lead and the full 3-2-1: work at 23.18, the rest 10.01 s long,
    # said "10 seconds" (said "9 seconds", 1.68 s, it would be 9.95 s: said 10)
    assert rows(tl)[8:15] == [
        (13.77, 14.37, "end"), (14.62, 16.36, "And rest for 10 seconds."),
        (16.61, 17.87, "Next: B. 2 reps."), (18.12, 19.68, "Stand tall and brace."),
        (20.18, 20.68, "3"), (21.18, 21.68, "2"), (22.18, 22.68, "1")]
    rest = next(p for p in tl.phases if p.kind == "rest")
    assert (round(rest.start, 6), round(rest.end, 6)) == (13.17, 23.18)
    assert tl.warnings == ("Rest before B grows from 5s to 10s to fit what is said",)
    # the length said at the end is the session's: 34.03 s, said to 5 s
    assert rows(tl)[-1] == (30.63, 33.03, "Session complete. Time: 35 seconds.")
    assert tl.duration == pytest.approx(34.03)


def test_3_one_length_for_validate_plan_and_the_intro(write: Write) -> None:
    path = write("""
        name: Leg day
        blocks:
          - exercises:
              - {name: Plank, time: 1m, rest_after: 30s}
    """)
    routine = load_routine(path)
    tl = plan(path)
    length = session_length(routine, routine.sessions[0], PlanOptions(), fake_length)
    # intro 2.46 s; "Next: Plank. For 1 minute." (1.86 s) at 2.71, lead, 3-2-1: work 8.07
    # to 68.07, end tone to 68.67; the end (2.94 s) at 68.92, 1 s of tail: 72.86 s, said
    # to 5 s
    assert length == tl.duration == pytest.approx(72.86)  # the final rest_after never plays
    assert validate_line("r.yaml", routine.name, [("Leg day", 1, length)]) == \
        "r.yaml: ok — Leg day: 01:13, 1 exercise"     # not "Leg day: Leg day"
    assert cue_sheet(tl).splitlines()[1].startswith("length 01:13 · work 01:00 · ")
    assert texts(tl)[0] == "Leg day. 1 exercise, about 1 minute."
    assert texts(tl)[-1] == "Session complete. Time: 1 minute 15 seconds."  # 72.86 → 75


def test_4_every_start_opens_with_its_exercise(write: Write, tmp_path: Path) -> None:
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: A, reps: 2, rest_after: 5s}
              - {name: B, reps: 2, steps: [Stand tall and brace.]}
    """)
    tl = plan(path)
    a, b = tl.chapters
    # B's chapter (its track, --from B, n) starts on "Next: B", A's rest stays in A's
    assert (a.start, round(a.begin, 6)) == (0.0, 2.41)     # --from A / back: no intro
    assert b.start == b.begin == pytest.approx(16.61)
    tracks = plan_tracks(load_routine(path), [tl], tmp_path, "exercise", "mp3")
    assert [t.cues()[0].text for t in tracks] == ["T. 2 exercises, about 1 minute.",
                                                  "Next: B. 2 reps."]
    assert [c.text for c in tracks[1].cues()][:6] == [
        "Next: B. 2 reps.", "Stand tall and brace.", "3", "2", "1", "start"]


def test_5_tips_once_at_normal_and_during_sets_at_full(write: Write) -> None:
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: Bridge, reps: 6, sets: 2, rest: 20s, tips: [Squeeze.]}
              - {name: Clam, reps: 2, tips: [Keep your hips stacked.]}
    """)
    normal = plan(path)
    # in the first rest between sets, straight after "And rest for 20 seconds."
    rest_at = texts(normal).index("And rest for 20 seconds.")
    assert texts(normal)[rest_at + 1] == "Squeeze."
    assert texts(normal).count("Squeeze.") == 1
    # one set, no rest between sets: after the announcement
    clam = texts(normal).index("Next: Clam. 2 reps.")
    assert texts(normal)[clam + 1] == "Keep your hips stacked."
    full = plan(path, "full")
    bridge_work = [p for p in full.phases if p.kind == "work" and p.exercise == "Bridge"]
    during = [c for c in full.cues if c.text == "Squeeze."
              and any(p.start < c.start < p.end for p in bridge_work)]
    assert len(during) == 2          # 3 s reps leave room between counts, in each set
    assert texts(plan(path, "minimal")).count("Squeeze.") == 0


def test_6_tempo_is_coached_by_phase(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Squat, reps: 2, tempo: 3-1-1}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    inside = [(round(c.start - work.start, 6), c.text) for c in tl.cues
              if work.start <= c.start <= work.end]
    # go (3 s) at the tone's end + gap, hold at 3, back at 4, the count at 5 and then
    # the next rep's "Go." right after it
    assert inside == [(0.0, "start"), (0.5, "Go."), (3.0, "Hold."), (4.0, "Back."),
                      (5.0, "1"), (5.75, "Go."), (8.0, "Hold."), (9.0, "Back."), (10.0, "2")]
    fast = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Squat, reps: 4, tempo: 0.5-0.5}
    """, "fast.yaml"))
    # compact: too fast for words, the last count still marks the end
    assert "Go." not in texts(fast) and "Back." not in texts(fast) and "4" in texts(fast)


def test_7_until_done_counts_every_rep_then_waits(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Push-up, reps: 3-4, rep_time: 2s, until_done: true}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    # "Next: Push-up. 3 to 4 reps." (1.92 s) at 2.35, lead, 3-2-1: work at 7.77; counts
    # 1..4 every 2 s (0.5 s each): exported, to the top; live waits when "3" has been
    # said (the range's low end) and goes on after "4"
    assert [(round(c.start, 6), c.text) for c in tl.cues if c.text.isdigit()][-4:] == [
        (9.77, "1"), (11.77, "2"), (13.77, "3"), (15.77, "4")]
    assert (work.until_done, round(work.wait, 6), round(work.resume, 6)) == (True, 14.27, 16.27)


def test_8_side_names_are_normalised(write: Write) -> None:
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: Lunge, reps: 1, sides: [Right side, left SIDE], switch_time: 8s}
    """)
    assert load_routine(path).sessions[0].blocks[0].exercises[0].settings.sides == \
        ("right", "left")
    tl = plan(path)
    assert "Right side." in texts(tl) and "Switch to the left side." in texts(tl)


def test_9_say_is_spoken_never_shown(write: Write, tmp_path: Path) -> None:
    path = write("""
        name: T
        blocks:
          - exercises:
              - {name: Pliés, say: plee-ays, reps: 2}
    """)
    tl = plan(path)
    cue = next(c for c in tl.cues if "Pliés" in c.text)
    # text 36 chars, but the spoken form (37 chars) sets its length: 2.52 s
    assert (cue.text, cue.say, round(cue.end - cue.start, 6)) == (
        "Next: Pliés. 2 reps.", "Next: plee-ays. 2 reps.", round(0.3 + 0.06 * 23, 6))
    assert not any("plee" in c.text for c in tl.cues)
    assert "plee" not in json.dumps(to_json(tl)) and "plee" not in cue_sheet(tl)
    track = plan_tracks(load_routine(path), [tl], tmp_path, "session", "mp3")[0]
    assert "plee" not in lrc_text(track, "T") and "Next: Pliés. 2 reps." in lrc_text(track, "T")


def test_10_wording_holds_moves_and_rounds(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Plank, time: 10s}
          - rounds: 2
            exercises:
              - {name: Pigeon, hold: 45s, sets: 3, sides: [right, left]}
              - {name: Lotus, hold: 6 breaths}
    """))
    # one block of two is a circuit: its rounds are said with it, not in the opening
    assert texts(tl)[0].startswith("T. 3 exercises, about ")
    assert "Round 1 of 2." in texts(tl) and "Final round." in texts(tl)
    assert "Next: Pigeon. 3 holds of 45 seconds, each side." in texts(tl)
    assert "Next: Lotus. Hold 6 breaths." in texts(tl)


def test_11_rest_on_a_one_set_exercise_is_its_rest_after(write: Write) -> None:
    routine = load_routine(write("""
        name: T
        defaults: {rest_after: 30s}
        blocks:
          - exercises:
              - {name: A, reps: 2, rest: 12s}
              - {name: B, reps: 2, rest: 12s, sets: 2}
              - {name: C, reps: 2}
    """))
    a, b, c = routine.sessions[0].blocks[0].exercises
    assert (a.settings.rest, a.settings.rest_after) == (12.0, 12.0)
    assert (b.settings.rest, b.settings.rest_after) == (12.0, 30.0)
    assert c.settings.rest_after == 30.0


def test_rep_range_summary(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Row, reps: 10-12, sets: 3, rep_time: 2s}
    """))
    assert "Next: Row. 3 sets of 10 to 12." in texts(tl)
    counts = [c.text for c in tl.cues if c.text.isdigit() and c.start > tl.phases[2].start]
    assert counts[:12] == [str(k) for k in range(1, 13)]   # exported: counted to the top


def test_rep_hold_is_coached_every_rep(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Quad set, reps: 2, rep_time: 2s, rep_hold: 5s}
    """))
    work = next(p for p in tl.phases if p.kind == "work")
    inside = [(round(c.start - work.start, 6), c.text) for c in tl.cues
              if work.start <= c.start <= work.end + 1]
    # 7 s a rep: the count when the move ends (2 s), "Hold." after it, the 3-2-1 ending on
    # the release (7 s), "Release." on it; the end tone 0.1 s after the last release
    assert inside == [
        (0.0, "start"), (2.0, "1"), (2.75, "Hold."), (4.0, "3"), (5.0, "2"), (6.0, "1"),
        (7.0, "Release."), (9.0, "2"), (9.75, "Hold."), (11.0, "3"), (12.0, "2"),
        (13.0, "1"), (14.0, "Release."), (14.88, "end")]
    assert "Next: Quad set. 2 reps, hold each 5 seconds." in texts(tl)


def test_rest_between_rounds_and_session_intro(write: Write) -> None:
    path = write("""
        name: T
        intro: Warm up first.
        sessions:
          - name: Legs
            blocks: [{exercises: [{name: Squat, reps: 1}]}]
          - name: Stretch
            intro: Go gently.
            blocks:
              - rounds: 2
                rest_between_rounds: 20s
                exercises:
                  - {name: A, reps: 1, rest_after: 10s}
                  - {name: B, time: 5s, rest_after: 45s}
    """)
    legs, stretch = plan(path), plan(path, session=1)
    assert "Go gently." not in texts(legs) and "Warm up first." in texts(legs)
    assert texts(stretch)[:3] == ["T. Stretch. 2 exercises, 2 rounds, about 1 minute.",
                                  "Warm up first.", "Go gently."]
    rests = [(p.written, p.exercise) for p in stretch.phases if p.kind == "rest"]
    assert rests == [(10.0, "B"), (20.0, "A"), (10.0, "B")]  # (rest, before which)
    assert texts(stretch).count("And rest for 20 seconds.") == 1


def test_load_is_said_and_notes_are_shown_never_spoken(write: Write) -> None:
    tl = plan(write("""
        name: T
        blocks:
          - exercises:
              - {name: Goblet squat, reps: 8, load: 10 kg, notes: [Heels on a plate.]}
    """))
    assert "Next: Goblet squat, 10 kg. 8 reps." in texts(tl)
    assert "Heels on a plate." not in texts(tl)
    assert "       note: Heels on a plate." in cue_sheet(tl).splitlines()
    assert to_json(tl)["chapters"][0]["notes"] == ["Heels on a plate."]


def test_merge_keys_reuse_settings(write: Write) -> None:
    routine = load_routine(write("""
        name: T
        blocks:
          - exercises:
              - &base {name: A, reps: 10, sets: 3, rest: 45s, sides: [right, left]}
              - {<<: *base, name: B}
              - <<: [*base]
                name: C
                sets: 2
    """))
    a, b, c = routine.sessions[0].blocks[0].exercises
    assert (b.name, b.settings) == ("B", a.settings)
    assert (c.name, c.settings.sets, c.settings.rest) == ("C", 2, 45.0)


def test_merge_keys_count_against_the_loaders_limits(write: Write) -> None:
    from voicecoach.errors import RoutineError

    lines = ["name: X", "blocks:", "  - exercises:", "      - &a0 {name: E, reps: 1}"]
    for level in range(1, 8):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"      - &a{level} {{<<: [{refs}], name: E{level}}}")
    path = write("\n".join(lines) + "\n")
    with pytest.raises(RoutineError, match="YAML aliases expand the document too much"):
        load_routine(path)
    bad = write("""
        name: X
        blocks:
          - exercises:
              - &b {name: E, reps: 3, colour: red}
              - {<<: *b, name: F}
    """, "bad.yaml")
    with pytest.raises(RoutineError, match=r"bad.yaml:4:31: blocks\[0\].exercises\[0\].colour"):
        load_routine(bad)
