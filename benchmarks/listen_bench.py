"""`play --listen` figures on the private PulseAudio with a virtual microphone (the coach
plays into it too, as a speaker would): commands said by synthetic voices over a pink noise
bed at 10 dB SNR, spread over a live session — the share taken within 1.0 s of the word's
end (target >= 95 % for the flite voices, the espeak-ng voices and the held-out voices, each
apart: the thresholds were tuned on the first two only) and the wrong actions (target
<= 1 % of the commands); and ten minutes of the coach's own session mixed with music
(`--music`: through the speaker, like the coach's voice) in a room with a noise bed, with
no command — the actions taken (target 0); and three minutes of the coach with music from
another player in the room (not through the speaker: nothing takes it out).

The routine is the live benchmark's session three times over (32 minutes), so it outlasts
what is played into the microphone even when the commands skip ahead."""

from __future__ import annotations

import copy
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.live_bench import SESSION  # noqa: E402
from tests.listening import (  # noqa: E402
    ESPEAK,
    FLITE,
    HELD_OUT,
    LATE,
    SAID,
    SPEECH_RMS,
    Player,
    Score,
    VoiceSpec,
    command_track,
    music,
    pink_noise,
    playing_into,
    score,
    speak,
    tools_missing,
    virtual_microphone,
)
from tests.music import make_track  # noqa: E402

# every command but "end workout" (it pauses play and asks for it again): said twice it
# would end the session ("too hard" only marks the exercise playing missed)
CYCLE = ["coach pause", "coach continue", "coach skip it", "coach last one", "coach come again",
         "coach ready", "coach too hard", "coach pause", "coach continue", "coach last one",
         "coach skip it", "coach ready", "coach come again", "coach too hard"]
FLOOR_DB = 35.0   # a quiet room's noise floor, this far under the speech
WORDS = ["Next: Squat. 2 sets of 10.", "Rest 20 seconds.", "Last set.", "Halfway.",
         "Next: Pigeon stretch. Hold 40 seconds, each side.", "Switch to the left side."]


def commands(routine: Path, env: dict[str, str], voices: list[VoiceSpec], label: str,
             count: int, tmp: Path, tape: str | None = None) -> Score | None:
    """Commands said over the coach's session; the figure printed, and the score. With
    VOICECOACH_BENCH_TAPES=DIR the listener's tape is kept in DIR/``tape`` (development
    voices only: the held-out voices are never tuned on, so their tape is not kept)."""
    phrases = [CYCLE[i % len(CYCLE)] for i in range(count)]
    if tape and env.get("VOICECOACH_BENCH_TAPES"):
        env = {**env, "VOICECOACH_LISTEN_RECORD": str(Path(env["VOICECOACH_BENCH_TAPES"]) / tape)}
    track, said = command_track(phrases, voices, every=7.0, folder=tmp, snr_db=10.0)
    with virtual_microphone() as mic:
        player = Player(routine, env)
        if not player.started.wait(120):
            print(f"listen: play did not start: {player.finish(5)}")
            return None
        with playing_into(mic, track) as played:
            time.sleep(len(track) / 16000 + 1.0)
        player.proc.terminate()
        player.finish(20)
    result = score(said, player.heard(), played.start)
    # the right command, however late: what was recognised, apart from how fast (a
    # decoder that falls behind on a loaded machine takes commands late)
    late = score(said, player.heard(), played.start, within=LATE)
    lat = [x for _, x in result.taken]
    lat_s = f"latency median {np.median(lat):.2f} s, max {max(lat):.2f} s" if lat else "none"
    missed = "; ".join(f"{s.phrase} ({s.voice})" for s in late.missed) or "none"
    print(f"listen, {label}: {len(result.taken)} of {len(said)} commands taken within 1.0 s "
          f"({100 * len(result.taken) / len(said):.0f} %, target >= 95 %); {lat_s}; "
          f"within {LATE:.0f} s: {len(late.taken)} ({100 * len(late.taken) / len(said):.0f} %), "
          f"{len(late.extra)} wrong or extra {[n for _, n in late.extra]}; not taken: {missed}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return late


def no_commands(routine: Path, env: dict[str, str], seconds: float, tmp: Path,
                own_music: bool) -> None:
    """The coach's session with its own music and a room bed, or the coach with music
    from elsewhere in the room; nobody speaks."""
    if own_music:
        extra = ["--music", str(make_track(tmp / "own-music.flac", 60.0))]
        room = (pink_noise(round((seconds + 5.0) * 16000), np.random.default_rng(2))
                * SPEECH_RMS / 10 ** (10 / 20))    # the command runs' bed
    else:
        extra, room = [], music(seconds + 5.0, tmp)
    with virtual_microphone() as mic:
        player = Player(routine, env, *extra)
        if not player.started.wait(120):
            print(f"listen: play did not start: {player.finish(5)}")
            return
        with playing_into(mic, room):
            time.sleep(seconds)
        player.proc.terminate()
        player.finish(20)
    what = ("the coach's session with its music (--music) in a noisy room" if own_music
            else "the coach with music from another player in the room")
    print(f"listen: {seconds / 60:.0f} min of {what}, no command: "
          f"{len(player.heard())} actions taken (target 0) {[n for _, n in player.heard()]}; "
          f"load average {os.getloadavg()[0]:.1f}")


def ceiling(voices: list[VoiceSpec], label: str, tmp: Path) -> None:
    """Each command said once by each voice, alone over a quiet room's noise floor (pink
    noise FLOOR_DB under it: digital silence around a clip leaves the recogniser nothing
    to normalise against), with no coach and no threshold: how many the command grammar
    reads as the right command, the most the live figure could reach with this
    recogniser."""
    from voicecoach.listen.spotter import Spotter

    spotter = Spotter()
    rng = np.random.default_rng(3)
    pad = np.zeros(round(0.3 * 16000))
    wrong = []
    for phrase, command in SAID.items():
        for voice in voices:
            clip = np.concatenate([pad, speak(phrase, voice, tmp), pad])
            audio = clip + pink_noise(len(clip), rng) * SPEECH_RMS / 10 ** (FLOOR_DB / 20)
            heard = spotter.read_command((np.clip(audio, -1, 1) * 32767).astype(np.int16))
            if heard != command:
                wrong.append(f"{phrase} ({':'.join(map(str, voice))}) -> {heard}")
    n = len(SAID) * len(voices)
    print(f"listen, {label}, said alone over a quiet room's floor, read with no threshold: "
          f"{n - len(wrong)} of {n} read as the right command ({100 * (n - len(wrong)) / n:.0f} %, "
          f"what the recogniser hears at best: the figure above also has noise, the coach "
          f"and a threshold to pass); wrong: {'; '.join(wrong) or 'none'}")


def offline(voices: list[VoiceSpec], label: str, tmp: Path) -> None:
    """Every command said by every voice over the pink noise bed (10 dB under it) and over
    a quiet room's floor, read by `Spotter.feed` at its own pace: no coach to take out and
    no real time, so the figure does not depend on how busy the machine is."""
    from voicecoach.listen.spotter import Spotter

    phrases = [p for _ in voices for p in SAID]   # each voice says each command
    for snr, bed in ((10.0, "pink noise 10 dB under the voice"), (FLOOR_DB, "a quiet floor")):
        track, said = command_track(phrases, [v for v in voices for _ in SAID], every=4.0,
                                    folder=tmp, snr_db=snr)
        spotter = Spotter(words=WORDS)
        pcm = (np.clip(track, -1, 1) * 32767).astype("<i2")
        heard = [(i / 16000 + 0.05, c) for i in range(0, len(pcm), 800)
                 for c in spotter.feed(pcm[i:i + 800].tobytes())]
        result = score(said, heard, 0.0)
        missed = "; ".join(f"{s.phrase} ({s.voice})" for s in result.missed) or "none"
        print(f"listen, {label}, offline over {bed}: {len(result.taken)} of {len(said)} "
              f"taken within 1.0 s of the word's end by the stream's clock "
              f"({100 * len(result.taken) / len(said):.0f} %); {len(result.extra)} wrong or "
              f"extra {[n for _, n in result.extra]}; missed: {missed}")


def long_session() -> dict[str, Any]:
    """The live benchmark's session, its block three times over."""
    routine = copy.deepcopy(SESSION)
    block = routine["sessions"][0]["blocks"][0]
    routine["sessions"][0]["blocks"] = [dict(block, name=f"Round {i}") for i in (1, 2, 3)]
    return routine


def run(tmp: Path, env: dict[str, str]) -> None:
    if "PULSE_SERVER" not in env or tools_missing():
        print(f"listen: no sound server or tools ({tools_missing()}); skipped")
        return
    routine = tmp / "listen.yaml"
    routine.write_text(yaml.safe_dump(long_session(), sort_keys=False))
    env = {**env, "VOICECOACH_DATA_DIR": str(tmp / "listen-data")}
    scores = [commands(routine, env, FLITE, "flite voices (4 voices, 2 rates)", 32, tmp, "flite"),
              commands(routine, env, ESPEAK, "espeak-ng voices (4 variants)", 24, tmp,
                       "espeak-ng"),
              commands(routine, env, HELD_OUT, "held-out voices (festival slt HTS at 2 speeds, "
                       "espeak-ng en-gb+f2 180 wpm and en-gb-x-rp+m7 150 wpm, flite kal; "
                       "never tuned on)", 30, tmp)]
    said = sum(len(s.taken) + len(s.missed) for s in scores if s)
    wrong = sum(len(s.extra) for s in scores if s)
    if said:
        print(f"listen, all voices: {wrong} wrong or extra actions for {said} commands, "
              f"however late ({100 * wrong / said:.1f} %, target <= 1 %)")
    ceiling(FLITE, "flite voices", tmp)
    ceiling(ESPEAK, "espeak-ng voices", tmp)
    ceiling(HELD_OUT, "held-out voices", tmp)
    no_commands(routine, env, 600.0, tmp, own_music=True)
    no_commands(routine, env, 180.0, tmp, own_music=False)
    offline(FLITE, "flite voices", tmp)
    offline(ESPEAK, "espeak-ng voices", tmp)
    offline(HELD_OUT, "held-out voices", tmp)
