"""`play --listen`: spoken commands acted on by the player (fake clock), the recogniser on
synthetic voices, one-line errors, and — on the private PulseAudio with a virtual
microphone — commands over a noise bed taken within a second, and the coach's own
session over music taking nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, missing, need
from tests.fakes import FakeClock
from tests.listening import (
    FLITE,
    LATE,
    SPEECH_RMS,
    Player,
    command_track,
    music,
    pink_noise,
    playing_into,
    score,
    speak,
    tools_missing,
    virtual_microphone,
)
from tests.test_player import FlatMixer, Heard, ScriptedKeys, flat, timeline
from voicecoach.listen.echo import MIC_RATE
from voicecoach.listen.spotter import Spotter
from voicecoach.live.controls import Command, KeysAndVoice, ack_tone
from voicecoach.live.player import BLOCK
from voicecoach.live.player import Player as LivePlayer
from voicecoach.live.sinks import ClockSink

RATE = 22050
TINY = """
    name: Tiny
    blocks:
      - exercises:
          - {name: Squat, reps: 40, rep_time: 2s, countdown: 0}
"""


class Voice:
    """Spoken commands at clock times: a `Source` for KeysAndVoice."""

    def __init__(self, clock: FakeClock, said: list[tuple[float, str]]) -> None:
        self.keys = ScriptedKeys(clock, said)

    def read(self) -> str | None:
        return self.keys.read()


def run(said: list[tuple[float, str]], until_done: bool = False,
        keys: list[tuple[float, str]] | None = None,
        asked: list[str] | None = None) -> tuple[LivePlayer, Heard, ClockSink]:
    """Play the test timeline with commands ``said`` at clock times; ``asked`` collects
    what the player has said outside the plan."""
    clock = FakeClock()
    sink = ClockSink(clock, ahead=0.0)
    view = Heard(clock)
    controls = KeysAndVoice(ScriptedKeys(clock, keys or [], interactive=False),
                            Voice(clock, said))

    def clip_for(text: str) -> np.ndarray:
        if asked is not None:
            asked.append(text)
        return flat(text)

    # listening: the listener is told what plays (and the player asks for spoken words)
    player = LivePlayer(timeline(until_done), FlatMixer(), sink, controls, view, clip_for,
                        monitor=lambda block, ahead: None)
    player.run()
    return player, view, sink


def test_spoken_commands_act_and_are_acknowledged() -> None:
    tl = timeline()
    _, plank, bridge = tl.chapters
    player, view, _ = run([(3.0, "pause"), (5.0, "pause"), (6.0, "resume"),
                           (plank.start + 10.0, "next"), (bridge.start + 5.0, "back")],
                          keys=[(20.0, "n")])
    notes = [n for _, n in view.notes]
    assert notes[:4] == ["heard: pause", "Paused — press space to go on.", "heard: pause",
                         "heard: resume"]
    assert "Going on." in notes and "heard: next" in notes and "heard: back" in notes
    assert notes.count("heard: next") == 1  # the key n is not a spoken command
    # "heard" is shown when the command is taken, the rest when it is heard
    t_heard = next(t for t, n in view.notes if n == "heard: pause")
    assert 3.0 <= t_heard <= 3.0 + 2 * BLOCK / RATE
    assert player.outcome.status == "finished"


def test_done_ends_an_until_done_wait_and_stop_said_twice_quits() -> None:
    tl = timeline(until_done=True)
    squat = tl.chapters[0]
    end = next(p.end for p in tl.phases if p.until_done)
    player, view, _ = run([(end + 4.0, "done"), (end + 8.0, "stop"), (end + 12.0, "stop")],
                          until_done=True)
    notes = [n for _, n in view.notes]
    assert notes[:3] == ["Say 'coach, ready' when done.", "heard: done", "Going on."]
    assert notes[-3:] == ["heard: stop",
                          "Paused — say 'coach, end workout' again within 15 s to end.",
                          "heard: stop"]
    assert player.outcome.status == "stopped"
    assert squat.start < end


def test_one_spoken_stop_only_pauses_and_asks_again() -> None:
    """A misheard "end workout" must not end a workout: alone it pauses and the coach asks
    for it again; a second one later than STOP_AGAIN (15 s) asks again, "continue" carries
    on."""
    asked: list[str] = []
    player, view, sink = run([(3.0, "stop"), (20.0, "stop"), (40.0, "resume")], asked=asked)
    notes = [n for _, n in view.notes]
    asking = "Paused — say 'coach, end workout' again within 15 s to end."
    assert notes[:5] == ["heard: stop", asking, "heard: stop", asking, "heard: resume"]
    assert asked[:2] == ["Paused. Say 'coach, end workout' again to end the session."] * 2
    assert player.outcome.status == "finished"
    # paused from 3 s to 40 s: the session ends that much later than it would have
    assert sink.played() / RATE >= timeline().duration + 37.0


def test_repeat_says_the_last_cue_again_and_the_chime_is_short_and_soft() -> None:
    tl = timeline()
    said = next(c for c in tl.cues if c.kind == "speech" and c.start > 8.0)
    _, view, sink = run([(said.end + 0.2, "repeat")])
    assert f"Again: {said.text}" in [n for _, n in view.notes]
    again = round((said.end - said.start) * RATE)
    assert sink.written == round(tl.duration * RATE) + again  # said once more, in between
    chime = ack_tone()
    assert len(chime) / RATE < 0.3 and 0.05 < np.abs(chime).max() <= 0.2
    assert abs(chime[0]) < 0.01 and abs(chime[-1]) < 0.01  # faded: no click
    assert Command("next", heard=True).heard


def test_every_language_asks_for_the_spotters_english_words() -> None:
    """The prompts of --listen name the commands as the recogniser (English) hears them,
    in all seven packs: "coach, ready" ends an until_done wait, "coach, end workout" ends
    the session when said again."""
    from voicecoach.listen.spotter import PHRASES
    from voicecoach.phrases import PACKS

    words = {command: phrase for phrase, command in PHRASES.items()}
    assert (words["done"], words["stop"]) == ("ready", "end workout")
    assert len(PACKS) == 7
    for code, pack in PACKS.items():
        assert f"coach, {words['done']}" in pack.SAY_READY.lower(), code
        assert f"coach, {words['stop']}" in pack.STOP_AGAIN.lower(), code
        assert "stop" not in pack.STOP_AGAIN.lower(), code    # today's word is gone


def test_listen_errors_are_one_line(write: Callable[..., Path]) -> None:
    need("espeak-ng")
    routine = write(TINY)
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/native", "AUDIODEV": "null"}
    out = subprocess.run([sys.executable, "-m", "voicecoach", "play", str(routine), "--listen",
                          "--output", "silent"], capture_output=True, text=True, env=env,
                         stdin=subprocess.DEVNULL, cwd=ROOT, timeout=120)
    assert out.returncode == 1
    assert out.stderr.startswith("Error: no microphone to listen to (")
    assert out.stderr.endswith("); play without --listen\n") and out.stderr.count("\n") == 1
    from voicecoach.listen.spotter import ListenError, model_for

    with pytest.raises(ListenError, match="no speech recognition model for language 'de'"):
        model_for("de")


def said_over_noise(text: str, voice: int, bed: int, folder: Path) -> np.ndarray:
    """``text`` said by ``FLITE[voice]`` after 2 s and before 1 s of quiet, over the
    benchmark's pink noise bed (seed ``bed``) 10 dB under it."""
    return over_noise([np.zeros(2 * MIC_RATE), speak(text, FLITE[voice], folder),
                       np.zeros(MIC_RATE)], bed)


def over_noise(parts: list[np.ndarray], bed: int) -> np.ndarray:
    """``parts`` one after another over the pink noise bed (seed ``bed``) 10 dB under speech."""
    clip = np.concatenate(parts)
    out: np.ndarray = clip + (pink_noise(len(clip), np.random.default_rng(bed))
                              * SPEECH_RMS / 10 ** 0.5)
    return out


def fed(spotter: Spotter, audio: np.ndarray) -> list[str]:
    """The commands ``spotter`` takes in ``audio`` (floats), fed as 50 ms blocks."""
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    return [c for i in range(0, len(pcm), 800) for c in spotter.feed(pcm[i:i + 800].tobytes())]


def test_the_recogniser_takes_commands_and_not_the_coach(tmp_path: Path) -> None:
    need("flite")
    spotter = Spotter(words=["Next: Squat. 3 sets of 15, each side.", "Rest 30 seconds"])
    said: list[str] = []
    for phrase, voice in [("coach skip it", FLITE[0]), ("coach pause", FLITE[0]),
                          ("coach continue", FLITE[2]), ("next squat three sets of fifteen", FLITE[3])]:
        said += fed(spotter, np.concatenate([np.zeros(MIC_RATE), speak(phrase, voice, tmp_path),
                                             np.zeros(MIC_RATE)]))
    assert said == ["next", "pause", "resume"]


def test_the_command_grammar_reads_a_clean_command(tmp_path: Path) -> None:
    """read_command (the benchmark's ceiling: no margin, no check) reads what the rms voice
    said alone, with no noise."""
    need("flite")
    spotter = Spotter()
    pad = np.zeros(round(0.3 * MIC_RATE))

    def read(text: str) -> str | None:
        audio = np.concatenate([pad, speak(text, FLITE[0], tmp_path), pad])
        return spotter.read_command((audio * 32767).astype(np.int16))

    assert [read(f"coach {w}") for w in ("pause", "skip it", "last one", "come again",
                                         "end workout")] == [
        "pause", "next", "back", "repeat", "stop"]
    assert read("coach continue") == "resume" and read("coach ready") == "done"
    assert read("coach too hard") == "missed"


def test_commands_in_loud_noise_are_taken_and_music_is_not(tmp_path: Path) -> None:
    """The benchmark's hard case, shortened and without a sound server: commands by four
    voices at two speeds over pink noise 10 dB under them, then a minute of music."""
    need("flite")
    need("ffmpeg")
    track, said = command_track(PHRASES, FLITE, every=5.0, folder=tmp_path, snr_db=10.0)
    spotter = Spotter(words=["Next: Squat. 3 sets of 15, each side.", "Rest 30 seconds"])
    heard = []
    pcm = (np.clip(track, -1, 1) * 32767).astype("<i2")
    for i in range(0, len(pcm), 800):
        heard += [(float(i + 800) / MIC_RATE, c) for c in spotter.feed(pcm[i:i + 800].tobytes())]
    result = score(said, heard, 0.0)
    report = f"missed {[(s.phrase, s.voice) for s in result.missed]}; extra {result.extra}"
    # measured: all 8, nothing wrong (7 before a "coach" nearly as good as the filler's
    # reading had its second look: the fast slt's "coach ready" was not taken)
    assert len(result.taken) == 8, report
    assert all(lat <= 1.0 for _, lat in result.taken), report
    assert result.extra == [], report
    bed = music(60.0, tmp_path)
    assert fed(spotter, bed) == []


TALK = [("go back to the kitchen", 1), ("let me catch my breath", 1), ("Rest 15 seconds.", 1),
        ("next week we go hiking", 2), ("that was a good set", 0), ("Last set.", 2),
        ("Next: Glute bridge. 2 sets of 12.", 1), ("I'll be right back", 3),
        ("are we done yet", 2), ("stop it", 3), ("that was way too hard", 0)]


def test_talk_in_the_room_is_not_a_command(tmp_path: Path) -> None:
    """Someone talking near the microphone (no "coach"), words of commands among it, over
    the same noise bed: nothing is taken ("that was way too hard" among them). Before the
    wake word had to sound better than anything else there, 2 of the first 10 were
    taken."""
    need("flite")
    spotter = Spotter(words=["Next: Glute bridge. 2 sets of 12.", "Rest 15 seconds.",
                             "Last set."])
    taken = [(text, c) for n, (text, voice) in enumerate(TALK)
             for c in fed(spotter, said_over_noise(text, voice, n, tmp_path))]
    assert taken == []


def test_a_counted_number_is_not_a_command(tmp_path: Path) -> None:
    """A number said alone over the noise bed is not taken: this "seven" by the fast rms
    was taken as "done" with pocketsphinx's default of 4 Gaussians scored per codebook
    instead of TOPN (over 240 counted numbers, 8 voices and 3 beds, the default took 8,
    TOPN takes 4)."""
    need("flite")
    spotter = Spotter(words=["Next: Squat. 3 sets of 15, each side.", "Rest 30 seconds"])
    assert fed(spotter, said_over_noise("seven", 4, 106, tmp_path)) == []


def decided(spotter: Spotter, monkeypatch: pytest.MonkeyPatch, seconds: float,
            margin: float, said: list[tuple[str, int, int]], final: bool = True,
            wake: float = 40.0, instead: float | None = None) -> str | None:
    """What the spotter decides on a sound of ``seconds`` whose command reading is "coach"
    (frames 30-60) and then ``said`` (word, first frame, end frame), ``margin`` log units a
    frame better than the filler reading, its "coach" ``wake`` a frame better than what the
    filler reads there and ``instead`` better than one other word in its place (None: no
    other word fits). Readings given, so the rule is exact."""
    from voicecoach.listen.hearing import FRAME, Sound
    from voicecoach.listen.spotter import PHRASES as SPOKEN
    from voicecoach.listen.spotter import Reading

    audio = np.zeros(round(seconds * 100 + 60) * FRAME, np.int16)   # PAD either side
    frames = len(audio) // FRAME
    command = Reading(-1000.0, [("<sil>", 0, 30, -100.0), ("coach", 30, 60, -450.0),
                                *((w, a, b, -450.0) for w, a, b in said)])
    # one filler word over the whole sound: its share over "coach" is 30 / frames of it
    filler = Reading(-1000.0 - margin * frames,
                     [("here", 0, frames, (-450.0 - 30 * wake) * frames / 30)])
    readings = {"commands": command, "filler": filler}
    if instead is not None:
        readings.update({f"instead_{name}": Reading(-1000.0 - instead * 30, [])
                         for name in SPOKEN.values()})
    monkeypatch.setattr(spotter, "_read", lambda search, audio: readings.get(search))
    spotter.quiet_until = -1.0
    return spotter.decide(Sound(audio, 10.0, 10.0 + seconds, final))


def test_a_short_sound_needs_a_clearer_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """The margin a command reading needs over the filler reading (log units a 10 ms
    frame): 10 for a sound of 0.45 s or more, 14 under that (less to go on: a counted
    "six" was read as a command by 11.6)."""
    spotter = Spotter()

    def decide(seconds: float, margin: float) -> str | None:
        return decided(spotter, monkeypatch, seconds, margin, [("pause", 60, 90)])

    assert decide(0.5, 10.5) == "pause" and decide(0.5, 9.5) is None
    assert decide(0.42, 13.5) is None and decide(0.42, 14.5) == "pause"
    assert decide(0.38, 20.0) is None                   # shorter than any command


def test_the_words_after_coach_take_a_quarter_second_together(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A sound cut in the middle of a command reads as a command with a clipped last word
    ("coach con-" as "coach ready" in 0.23 s): the words after "coach" must take 0.25 s
    together; the last word alone may be short (the "it" of "skip it": 0.06-0.19 s)."""
    spotter = Spotter()

    def decide(said: list[tuple[str, int, int]]) -> str | None:
        return decided(spotter, monkeypatch, 1.0, 20.0, said)

    assert decide([("skip", 60, 87), ("it", 87, 94)]) == "next"      # 0.27 + 0.07 s
    assert decide([("ready", 60, 83)]) is None                       # 0.23 s
    assert decide([("ready", 60, 85)]) == "done"                     # 0.25 s
    assert decide([("continue", 60, 170)]) == "resume"               # 1.1 s: a slow voice
    assert decide([("continue", 60, 185)]) is None                   # 1.25 s: no word's


def test_a_sound_that_goes_on_is_acted_on_when_two_looks_agree(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A look at a sound that goes on may be cut in the middle of a command ("coach la-"
    of "coach last one" read as "coach ready", by 17 a frame): it is acted on only when a
    later look at the same sound reads the same command; a sound that has ended at once."""
    spotter = Spotter()

    def look(word: str, final: bool = False) -> str | None:
        return decided(spotter, monkeypatch, 1.1, 20.0, [(word, 60, 100)], final)

    assert look("ready") is None and look("last") is None   # "last" alone: not a command
    assert look("pause") is None and look("pause") == "pause"
    assert look("ready", final=True) == "done"


def test_a_wake_word_nearly_as_good_as_the_filler_must_beat_any_other_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"coach" must sound better than what the filler reads in its place by 2 log units a
    frame; from -5 to 2 it is taken only when it also beats every one other word said
    before the same command words (a slow "coach" the filler reads as "ten to")."""
    spotter = Spotter()

    def decide(wake: float, instead: float | None) -> str | None:
        return decided(spotter, monkeypatch, 1.0, 12.0, [("pause", 60, 90)],
                       wake=wake, instead=instead)

    assert decide(2.5, -30.0) == "pause"                   # clearly "coach": no second look
    assert decide(1.5, 0.5) == "pause" and decide(1.5, -0.5) is None
    assert decide(-4.5, 3.0) == "pause" and decide(-5.5, 30.0) is None
    assert decide(-4.5, None) == "pause"                   # no other word fits there


def test_a_slow_coach_the_filler_reads_as_two_words_is_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The slow slt's "coach end workout" over the noise bed: its "coach" sounds less like
    "coach" than two short filler words do there, and more than any one word does. Taken
    with the second look; not taken without it (the rule before)."""
    need("flite")
    from voicecoach.listen import spotter as module

    audio = said_over_noise("coach end workout", 5, 0, tmp_path)
    assert fed(Spotter(words=["Rest 30 seconds"]), audio) == ["stop"]
    monkeypatch.setattr(module, "WAKE_NEAR", module.WAKE_MARGIN)
    assert fed(Spotter(words=["Rest 30 seconds"]), audio) == []


def test_a_command_said_soon_after_another_is_taken_and_a_sound_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"coach continue" and, a second after it ends, "coach skip it" (espeak-ng's en-us+f3
    lost such a "skip it" to the 1.5 s after a command in which nothing was taken): both
    taken, each once, though the first sound is read again as it grows."""
    need("flite")
    from voicecoach.listen import spotter as module

    gap = np.zeros(MIC_RATE)
    audio = over_noise([np.zeros(2 * MIC_RATE), speak("coach continue", FLITE[0], tmp_path),
                        gap, speak("coach skip it", FLITE[0], tmp_path), gap], 0)
    assert fed(Spotter(words=["Rest 30 seconds"]), audio) == ["resume", "next"]
    monkeypatch.setattr(module, "QUIET", 1.5)
    assert fed(Spotter(words=["Rest 30 seconds"]), audio) == ["resume"]


def sound_server() -> None:
    if tools_missing():
        missing(f"{', '.join(tools_missing())} required for this test")
    if "PULSE_SERVER" not in os.environ:
        missing("no private PulseAudio (run the tests through scripts/test)")


LONG = """
    name: Long
    blocks:
      - exercises:
          - {name: Squat, reps: 10, rep_time: 2s, sets: 3, rest: 10s}
          - {name: Side plank, time: 20s, sides: [right, left], sets: 2, rest: 10s}
"""
# PulseAudio's echo canceller, measured: loaded over a remapped monitor, PortAudio then
# fails to open its source (ALSA I/O error); off unless asked for
ECHO_CANCEL = os.environ.get("VOICECOACH_TEST_AEC") == "1"
HOLD = """
    name: Hold
    blocks:
      - exercises:
          - {name: Plank, time: 90s, countdown: 0}
"""
PHRASES = ["coach pause", "coach continue", "coach skip it", "coach last one",
           "coach come again", "coach ready", "coach pause", "coach continue"]


@pytest.mark.soundserver
def test_commands_over_noise_and_the_coach_are_taken_within_a_second(
        write: Callable[..., Path], tmp_path: Path) -> None:
    need("espeak-ng")
    sound_server()
    routine = write(LONG)  # the coach talks: what the speaker plays is taken out
    track, said = command_track(PHRASES, FLITE, every=5.0, folder=tmp_path, snr_db=10.0)
    with virtual_microphone(echo_cancel=ECHO_CANCEL) as mic:
        player = Player(routine, dict(os.environ), "--output", "device")
        assert player.started.wait(60), player.finish(5)
        with playing_into(mic, track) as played:
            time.sleep(len(track) / 16000 + 0.5)
        player.proc.terminate()
        _, err = player.finish(20)
    # the right command, however late (on a fresh Debian 12 with two busy cores beside it,
    # slt's "coach continue" was taken 2 s after its end): how fast is scripts/bench's
    # figure (within 1.0 s), not the suite's
    result = score(said, player.heard(), played.start, within=LATE)
    report = (f"taken {len(result.taken)}/{len(said)}; missed "
              f"{[(s.phrase, s.voice) for s in result.missed]}; extra {result.extra}; {err!r}")
    assert len(result.taken) >= 7, report      # the bench: 32 of 32 for these voices
    assert result.extra == [], report          # no wrong action, and none while nobody spoke


@pytest.mark.soundserver
def test_the_coach_and_music_take_no_command(write: Callable[..., Path],
                                             tmp_path: Path) -> None:
    need("espeak-ng")
    sound_server()
    routine = write(LONG)
    with virtual_microphone(echo_cancel=ECHO_CANCEL) as mic:
        bed = music(65.0, tmp_path)
        player = Player(routine, dict(os.environ))
        assert player.started.wait(60), player.finish(5)
        with playing_into(mic, bed):
            time.sleep(60.0)
        player.proc.terminate()
        player.finish(20)
    assert player.heard() == [], player.lines


class SaidAt:
    """A listener that hears commands at fake-clock times (seconds after it starts): what
    `play --listen` gets in place of the microphone."""

    def __init__(self, clock: FakeClock, said: list[tuple[float, str]]) -> None:
        self.voice = Voice(clock, said)
        self.played_blocks = 0

    def __enter__(self) -> SaidAt:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def read(self) -> str | None:
        return self.voice.read()

    def played(self, block: np.ndarray, ahead: float) -> None:
        self.played_blocks += 1


def test_a_spoken_missed_marks_the_exercise_and_the_history_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"coach too hard" heard during the first exercise does what the m key does: the exercise
    playing is marked missed, and the session's history row names it (so progression takes
    no step from it)."""
    from click.testing import CliRunner

    from tests.fakes import fake_env
    from tests.test_program_cli import ROUTINE
    from voicecoach import cli as cli_module
    from voicecoach.history import History

    env = fake_env(tmp_path / "cache", tmp_path / "data")
    assert isinstance(env.clock, FakeClock)
    heard = SaidAt(env.clock, [(1.0, "missed")])   # the first exercise, Squat, is on
    monkeypatch.setattr("voicecoach.app.play.listener_for", lambda *a, **k: heard)
    routine = tmp_path / "ladder.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    r = CliRunner().invoke(cli_module.cli, ["play", str(routine), "--listen", "--output",
                                            "silent"], obj=env)
    assert r.exit_code == 0, r.output
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "heard: missed\n" in out and "Marked Squat as missed.\n" in out
    assert heard.played_blocks > 0     # the listener was told what played
    (row,) = History(env.history_file).entries(now=env.now())
    assert row.missed == ("Squat",)
