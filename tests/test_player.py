"""The live player with a fake clock, a clock-paced silent sink and scripted keys: where
every cue is heard after pauses, skips, restarts and until_done waits. Exact to a block."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import fake_length
from tests.fakes import FakeClock
from voicecoach.audio.mix import Sound
from voicecoach.live.player import BLOCK, Player, Status
from voicecoach.live.sinks import ClockSink
from voicecoach.model import Block, Exercise, Reps, Routine, Session, Settings, Timed
from voicecoach.phrases import PACKS
from voicecoach.plan.compiler import PlanOptions, compile_session
from voicecoach.plan.timeline import Cue, Timeline

RATE = 22050
TICK = BLOCK / RATE  # what the view can resolve: one block (50 ms)



class ScriptedKeys:
    """Keys pressed at clock times (seconds after play starts)."""

    def __init__(self, clock: FakeClock, presses: list[tuple[float, str]],
                 interactive: bool = True) -> None:
        self.clock, self.presses, self.interactive = clock, sorted(presses), interactive
        self.t0 = clock.now()

    def read(self) -> str | None:
        if self.presses and self.clock.now() - self.t0 >= self.presses[0][0]:
            return self.presses.pop(0)[1]
        return None


class Heard:
    """A view that notes when (clock seconds after start) each cue and note was reported."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.t0 = clock, clock.now()
        self.cues: list[tuple[float, Cue]] = []
        self.notes: list[tuple[float, str]] = []
        self.statuses: list[Status] = []

    def cue(self, cue: Cue, at: float) -> None:
        self.cues.append((self.clock.now() - self.t0, cue))

    def note(self, text: str) -> None:
        self.notes.append((self.clock.now() - self.t0, text))

    def status(self, status: Status) -> None:
        self.statuses.append(status)

    def close(self) -> None:
        pass


class FlatMixer:
    """Every cue a constant tone as long as the fake voice says: enough for timing."""

    def sound(self, cue: Cue, offset: float = 0.0) -> Sound:
        return Sound(round((cue.start - offset) * RATE),
                     np.full(round((cue.end - cue.start) * RATE), 0.1, np.float32))


def flat(text: str) -> np.ndarray:
    return np.full(round(fake_length(text) * RATE), 0.1, np.float32)


def timeline(until_done: bool = False) -> Timeline:
    s = Settings(sets=1, rest=0.0, rest_after=5.0, rep_time=2.0)
    routine = Routine("R", (Session("S", (Block("Main", (
        Exercise("Squat", Reps(4, until_done), s),
        Exercise("Plank", Timed(20.0), s),
        Exercise("Bridge", Timed(15.0), s))),)),))
    return compile_session(routine, routine.sessions[0], PlanOptions("normal"), fake_length)


def play(tl: Timeline, presses: list[tuple[float, str]], interactive: bool = True,
         start: float = 0.0) -> tuple[Player, Heard, ClockSink]:
    clock = FakeClock()
    sink = ClockSink(clock, ahead=0.0)
    view = Heard(clock)
    player = Player(tl, FlatMixer(), sink, ScriptedKeys(clock, presses, interactive),
                    view, flat)
    player.run(start)
    return player, view, sink


def test_plays_every_cue_on_time_and_finishes() -> None:
    tl = timeline()
    player, view, sink = play(tl, [])
    assert [c for _, c in view.cues] == list(tl.cues)
    for t, cue in view.cues:  # reported within the block it starts in
        assert cue.start <= t <= cue.start + TICK + 1e-9
    assert sink.written == round(tl.duration * RATE)
    assert player.outcome.status == "finished"
    assert player.outcome.done == {0, 1, 2} and player.outcome.skipped == set()


def test_pause_and_resume_keep_the_rest_in_step() -> None:
    tl = timeline()
    player, view, _ = play(tl, [(10.0, " "), (30.0, " ")])
    paused_at = round(10.0 / TICK) * TICK    # keys are read between blocks
    ready = 4.0                              # "Ready." and 3, 2, 1, a second each
    shift = 30.0 - paused_at + ready
    later = [(t, c) for t, c in view.cues if c.start > paused_at + TICK]
    assert later and [c for _, c in later] == [c for c in tl.cues if c.start > paused_at + TICK]
    for t, cue in later:
        assert cue.start + shift - TICK <= t <= cue.start + shift + 2 * TICK, cue
    assert [n for _, n in view.notes] == ["Paused — press space to go on.", "Going on."]
    assert player.outcome.status == "finished"


def test_next_skips_to_the_next_exercise() -> None:
    tl = timeline()
    squat, plank, _ = tl.chapters
    player, view, _ = play(tl, [(squat.start + 3.0, "n")])
    after = [c for t, c in view.cues if t > squat.start + 3.0 + TICK]
    assert after[0] == next(c for c in tl.cues if c.start >= plank.start)
    assert not [c for c in after if c.start < plank.start]
    assert player.outcome.skipped == {0} and player.outcome.done == {1, 2}
    assert ("Skipped to Main: Plank.") in [n for _, n in view.notes]


def test_a_jump_past_a_long_rest_says_the_exercise_first() -> None:
    """After a long rest an exercise opens on "Get ready: …" (a jump skips the rest), but
    its announcement, said as the rest starts, is played first: n, p and --from alike."""
    s = Settings(sets=1, rest=0.0, rest_after=60.0, rep_time=2.0)
    routine = Routine("R", (Session("S", (Block("Main", (
        Exercise("Squat", Reps(4), s),
        Exercise("Bench", Reps(5), s, steps=("Feet flat on the floor.",)),
        Exercise("Plank", Timed(10.0), s))),)),))
    tl = compile_session(routine, routine.sessions[0], PlanOptions("normal"), fake_length)
    squat, bench, _ = tl.chapters
    assert bench.begin - bench.start > 40   # the rest, skipped by a jump
    said = [c for c in tl.cues if bench.start <= c.start < bench.begin]
    assert [c.text for c in said[:3]] == ["Next: Bench. 5 reps.", "Feet flat on the floor.",
                                          "30 seconds left."]
    opening = next(c for c in tl.cues if c.start >= bench.begin)
    assert opening.text == "Get ready: Bench."
    t = squat.start + 3.0
    _, view, _ = play(tl, [(t, "n")])
    after = [(tt, c) for tt, c in view.cues if tt > t]
    assert [c for _, c in after[:3]] == [said[0], said[1], opening]
    # the announcement at once, as the plan spaces it, then the opening straight after it
    assert after[0][0] - t <= 2 * TICK
    assert abs((after[1][0] - after[0][0]) - (said[1].start - said[0].start)) <= TICK
    assert said[1].end - said[0].start <= after[2][0] - after[0][0] <= \
        said[1].end - said[0].start + (opening.start - bench.begin) + 2 * TICK
    _, view, _ = play(tl, [], start=bench.begin)            # --from Bench
    assert [c for _, c in view.cues[:3]] == [said[0], said[1], opening]
    t = bench.begin + 30.0                                  # p twice: Bench, then Squat
    _, view, _ = play(tl, [(t, "p")])
    assert [c for tt, c in view.cues if tt > t][:3] == [said[0], said[1], opening]


def test_previous_restarts_then_goes_back() -> None:
    tl = timeline()
    squat, plank, _ = tl.chapters
    t = plank.start + 8.0
    _, view, _ = play(tl, [(t, "p"), (t + 1.0, "p")])
    notes = [n for _, n in view.notes]
    assert notes == ["Back to Main: Plank.", "Back to Main: Squat."]
    # after the second p, the squat opens again with its announcement, not the session intro
    again = [c for tt, c in view.cues if tt > t + 1.0 + TICK]
    assert again[0] == next(c for c in tl.cues if c.start >= squat.begin)
    assert squat.begin > 0 and again[0].start > tl.cues[0].end


def test_until_done_waits_for_space_only_on_a_terminal() -> None:
    tl = timeline(until_done=True)
    work = next(p for p in tl.phases if p.until_done)
    end = work.wait     # every rep is counted on time first, then the coach waits
    _, view, sink = play(tl, [(end + 30.0, " ")])
    waited = [t for t, n in view.notes if n == "Press space when done."]
    assert len(waited) == 1 and end <= waited[0] <= end + 2 * TICK
    last = max(c.start for c in tl.cues if c.text.isdigit() and work.start < c.start < end)
    assert [c for t, c in view.cues if c.start == last and t <= end + TICK]
    gap = 30.0  # nothing heard while waiting; the rest follows the key
    later = [(t, c) for t, c in view.cues if c.start > end]
    for t, cue in later:
        assert cue.start + gap - TICK <= t <= cue.start + gap + 2 * TICK, cue
    # while it waits, the status line names the work waited on, not the next exercise
    waiting = {s.phase.exercise if s.phase else None for s in view.statuses if s.waiting}
    assert waiting == {"Squat"}
    # not on a terminal the same routine never waits: exactly the plan's length
    _, view, sink = play(tl, [], interactive=False)
    assert sink.written == round(tl.duration * RATE)
    assert "Press space when done." not in [n for _, n in view.notes]


def test_quit_stops_and_from_starts_later() -> None:
    tl = timeline()
    player, view, _ = play(tl, [(12.0, "q")])
    assert player.outcome.status == "stopped"
    assert max(t for t, _ in view.cues) <= 12.0 + TICK
    plank = tl.chapters[1]
    player, view, _ = play(tl, [], start=plank.start)
    assert view.cues[0][1] == next(c for c in tl.cues if c.start >= plank.start)
    assert player.outcome.skipped == {0} and player.outcome.done == {1, 2}


def test_status_line_says_where_the_session_is() -> None:
    from voicecoach.live.view import status_line

    tl = timeline()
    plank = next(p for p in tl.phases if p.kind == "work" and p.exercise == "Plank")
    at = plank.start + 5.0
    s = Status(at, tl.duration, plank, tl.chapters[1], paused=False, waiting=False)
    done = round(at / tl.duration * 16)
    left = tl.duration - at
    assert status_line(s, 200) == (
        f"Main › Plank · set 1/1 │ Work 00:15 │ {'█' * done}{'░' * (16 - done)} "
        f"{int(at) // 60:02d}:{int(at) % 60:02d} / -{int(left) // 60:02d}:{int(left) % 60:02d}")
    paused = Status(at, tl.duration, plank, tl.chapters[1], paused=True, waiting=False)
    assert "│ PAUSED (space) │" in status_line(paused, 200)
    # too narrow (it never wraps the terminal): the bar goes first, then the name is cut,
    # then dropped; the times stay
    times = f"{int(at) // 60:02d}:{int(at) % 60:02d} / -{int(left) // 60:02d}:{int(left) % 60:02d}"
    assert status_line(s, 60) == f"Main › Plank · set 1/1 │ Work 00:15 │ {times}"
    assert status_line(s, 44) == f"Main › Plank… │ Work 00:15 │ {times}"
    assert status_line(s, 30) == f"Work 00:15 │ {times}"
    assert status_line(s, 10) == times[:9]


def test_what_live_play_says_itself_is_in_the_plan_language() -> None:
    german = PACKS["de"]
    tl = timeline(until_done=True)
    end = next(p.end for p in tl.phases if p.until_done)
    asked: list[str] = []

    def clip_for(text: str) -> np.ndarray:
        asked.append(text)
        return flat(text)

    clock = FakeClock()
    view = Heard(clock)
    player = Player(tl, FlatMixer(), ClockSink(clock, ahead=0.0),
                    ScriptedKeys(clock, [(end + 5.0, " "), (end + 10.0, " "), (end + 15.0, " ")]),
                    view, clip_for, german)
    player.run(0.0)
    assert asked == ["Drück die Leertaste, wenn du fertig bist.", "Weiter geht's.", "3", "2",
                     "1"]
    # and what the screen shows: the notes and the status line in German too
    assert [n for _, n in view.notes] == [
        "Drück die Leertaste, wenn du fertig bist.", "Weiter geht's.",
        "Angehalten — Leertaste zum Weitermachen.", "Weiter geht's."]
    from voicecoach.live.view import status_line

    shown = {status_line(st, 200, german.screen).split(" │ ")[1] for st in view.statuses}
    assert {"WARTET (Leertaste, wenn fertig)", "ANGEHALTEN (Leertaste)"} <= shown
    assert any(line.startswith("Arbeit ") for line in shown)
    assert not {"PAUSED (space)", "WAITING (space when done)"} & shown


def test_every_language_has_the_whole_play_screen() -> None:
    from voicecoach.phrases.keys import SCREEN_KEYS
    from voicecoach.phrases.pack import Pack
    from voicecoach.phrases.template import TemplateError

    for pack in PACKS.values():
        assert set(pack.screen) == set(SCREEN_KEYS)
        assert pack.shown("skipped_to", title="Plank").count("Plank") == 1
    english = PACKS["en"]
    with pytest.raises(TemplateError, match=r"SCREEN\['marked'\] must be given, with \['title'\]"):
        Pack(english.grammar, english.templates, {**english.screen, "marked": "Missed."})


def test_until_done_range_waits_from_the_low_end_and_goes_on_past_the_top() -> None:
    s = Settings(sets=1, rest=0.0, rest_after=5.0, rep_time=2.0)
    routine = Routine("R", (Session("S", (Block("Main", (
        Exercise("Row", Reps(6, True, 4), s), Exercise("Plank", Timed(10.0), s))),)),))
    tl = compile_session(routine, routine.sessions[0], PlanOptions("normal"), fake_length)
    work = next(p for p in tl.phases if p.until_done)
    _, view, _ = play(tl, [(work.wait + 10.0, " ")])
    heard = [c.text for _, c in view.cues if work.start < c.start <= work.resume]
    assert heard[-4:] == ["1", "2", "3", "4"]          # 5 and 6 are left to the person
    waited = [t for t, n in view.notes if n == "Press space when done."]
    assert len(waited) == 1 and work.wait <= waited[0] <= work.wait + 2 * TICK
    after = [(t, c) for t, c in view.cues if c.start > work.resume]
    assert after[0][1].text == "end"
    for t, cue in after:  # the rest of the session follows the key, shifted by the wait
        shift = work.wait + 10.0 - work.resume
        assert cue.start + shift - TICK <= t <= cue.start + shift + 2 * TICK, cue


def test_from_an_exercise_opens_with_its_announcement() -> None:
    from voicecoach.live.session import start_of

    tl = timeline()
    for name in ("Squat", "Plank", "2"):
        _, view, _ = play(tl, [], start=start_of(tl, name))
        first = view.cues[0][1]
        assert first.text.startswith(("Main.", "Next: ")), first
        assert first.text != tl.cues[0].text                  # never the session intro
