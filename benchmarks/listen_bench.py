"""`play --listen` figures on the private PulseAudio with a virtual microphone (the coach
plays into it too, as a speaker would): commands said by synthetic voices over a pink noise
bed at 10 dB SNR, spread over a live session — the share taken within 1.0 s of the word's
end (target >= 95 %); and ten minutes of the coach's own session mixed with music
(`--music`: through the speaker, like the coach's voice) in a room with a noise bed, with
no command — the actions taken (target 0); and three minutes of the coach with music from
another player in the room (not through the speaker: nothing takes it out).

The routine is the live benchmark's session three times over (32 minutes), so it outlasts
what is played into the microphone even when the commands skip ahead."""

from __future__ import annotations

import copy
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
    SAID,
    SPEECH_RMS,
    Player,
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

CYCLE = ["coach pause", "coach go on", "coach next", "coach back", "coach repeat",
         "coach done", "coach pause", "coach resume", "coach go back", "coach next",
         "coach back", "coach done"]


def commands(routine: Path, env: dict[str, str], voices: list[VoiceSpec], label: str,
             count: int, tmp: Path) -> None:
    phrases = [CYCLE[i % len(CYCLE)] for i in range(count)]
    track, said = command_track(phrases, voices, every=7.0, folder=tmp, snr_db=10.0)
    with virtual_microphone() as mic:
        player = Player(routine, env)
        if not player.started.wait(120):
            print(f"listen: play did not start: {player.finish(5)}")
            return
        with playing_into(mic, track) as played:
            time.sleep(len(track) / 16000 + 1.0)
        player.proc.terminate()
        player.finish(20)
    result = score(said, player.heard(), played.start)
    lat = [x for _, x in result.taken]
    lat_s = f"latency median {np.median(lat):.2f} s, max {max(lat):.2f} s" if lat else "none"
    print(f"listen, {label}: {len(result.taken)} of {len(said)} commands taken within 1.0 s "
          f"({100 * len(result.taken) / len(said):.0f} %, target >= 95 %); {lat_s}; "
          f"{len(result.extra)} wrong or extra")


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
          f"{len(player.heard())} actions taken (target 0)")


def ceiling(voices: list[VoiceSpec], label: str, tmp: Path) -> None:
    """Each command said once by each voice, alone, with no noise, no coach and no
    threshold: how many the command grammar reads as the right command, the most the
    live figure could reach with this recogniser."""
    from voicecoach.listen.spotter import Spotter

    spotter = Spotter()
    pad = np.zeros(round(0.3 * 16000))
    wrong = []
    for phrase, command in SAID.items():
        for voice in voices:
            audio = np.concatenate([pad, speak(phrase, voice, tmp), pad])
            heard = spotter.read_command((np.clip(audio, -1, 1) * 32767).astype(np.int16))
            if heard != command:
                wrong.append(f"{phrase} ({':'.join(map(str, voice))}) -> {heard}")
    n = len(SAID) * len(voices)
    print(f"listen, {label}, said alone with no noise and read with no threshold: "
          f"{n - len(wrong)} of {n} read as the right command ({100 * (n - len(wrong)) / n:.0f} %, "
          f"what the recogniser hears at best: the figure above also has noise, the coach "
          f"and a threshold to pass); wrong: {'; '.join(wrong) or 'none'}")


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
    commands(routine, env, FLITE, "flite voices (4 voices, 2 rates)", 32, tmp)
    ceiling(FLITE, "flite voices", tmp)
    commands(routine, env, ESPEAK, "espeak-ng voices (4 variants)", 12, tmp)
    ceiling(ESPEAK, "espeak-ng voices", tmp)
    no_commands(routine, env, 600.0, tmp, own_music=True)
    no_commands(routine, env, 180.0, tmp, own_music=False)
