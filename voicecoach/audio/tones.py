"""The two tones: sines made with numpy at voicecoach's sample rate, with linear fades so
they start and end without a click. Lengths in seconds, levels in dBFS."""

from __future__ import annotations

import numpy as np

from voicecoach.audio.clip import RATE, Clip
from voicecoach.plan.timeline import END_TONE, GO_TONE, TONE_LENGTH

# (frequency Hz, level dBFS): the end tone is higher and longer (its length is in
# timeline.TONE_LENGTH, where the compiler reserves its room). Tones are not levelled with
# the speech of a session, so their levels are set to sound as loud as levelled speech
# (about -14.5 LUFS over a cue in an exported session): the start tone, short and lower,
# needs a little more.
TONES = {GO_TONE: (880.0, -10.0), END_TONE: (1320.0, -11.0)}


def tone(name: str) -> Clip:
    """The named tone as a clip of exactly its timeline length."""
    freq, level = TONES[name]
    n = round(TONE_LENGTH[name] * RATE)
    t = np.arange(n) / RATE
    wave = np.sin(2 * np.pi * freq * t) * 10 ** (level / 20)
    fade_in, fade_out = round(0.010 * RATE), round(min(0.080, TONE_LENGTH[name] / 3) * RATE)
    gain = np.ones(n)
    gain[:fade_in] = np.linspace(0.0, 1.0, fade_in, endpoint=False)
    gain[n - fade_out:] = np.linspace(1.0, 0.0, fade_out)
    return Clip(np.round(wave * gain * 32767).astype(np.int16), RATE)
