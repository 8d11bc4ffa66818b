"""The two tones, generated with pydub at voicecoach's sample rate (never pydub's 44.1 kHz
default, which would play at half speed when mixed as 22.05 kHz)."""

from __future__ import annotations

import numpy as np

from voicecoach.audio.clip import RATE, Clip
from voicecoach.plan.timeline import END_TONE, GO_TONE, TONE_LENGTH

# (frequency Hz, level dBFS): the end tone is higher and longer (its length is in
# timeline.TONE_LENGTH, where the compiler reserves its room).
TONES = {GO_TONE: (880.0, -14.0), END_TONE: (1320.0, -14.0)}


def tone(name: str) -> Clip:
    """The named tone as a clip of exactly its timeline length."""
    import warnings

    with warnings.catch_warnings():  # pydub warns about a missing ffmpeg it is not used for
        warnings.simplefilter("ignore")
        from pydub.generators import Sine

    freq, level = TONES[name]
    ms = round(TONE_LENGTH[name] * 1000)
    segment = Sine(freq, sample_rate=RATE, bit_depth=16).to_audio_segment(duration=ms,
                                                                           volume=level)
    segment = segment.fade_in(10).fade_out(min(80, ms // 3))
    samples = np.array(segment.get_array_of_samples(), dtype=np.int16)
    return Clip(samples[: round(TONE_LENGTH[name] * RATE)], RATE)
