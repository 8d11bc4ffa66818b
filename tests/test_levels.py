"""Live play starts before the session is levelled: with the levels known, each clip is
levelled when it is first placed (or ahead of the playhead), and comes out exactly as
when the whole session is levelled first."""

from __future__ import annotations

import numpy as np

from tests.conftest import fake_length
from tests.test_player import timeline
from voicecoach.audio.clip import RATE, Clip
from voicecoach.audio.levels import Leveller
from voicecoach.audio.mix import Placement


def voice(text: str) -> Clip:
    """A clip as long as the fake voice says ``text``: a tone whose pitch and loudness
    depend on the text, so clips differ and the limiter has work to do."""
    n = round(fake_length(text) * RATE)
    pitch, level = 150 + 7 * (len(text) % 40), 3000 + 700 * (len(text) % 30)
    t = np.arange(n) / RATE
    return Clip((level * np.sin(2 * np.pi * pitch * t)).astype(np.int16))


def test_late_levels_are_the_levels_of_the_whole_session() -> None:
    tl = timeline()
    whole = Leveller(tl, voice)
    asked: list[str] = []

    def counted(text: str) -> Clip:
        asked.append(text)
        return voice(text)

    late = Leveller(tl, counted, known_db=whole.db)
    sounds = [late.sound(c) for c in tl.cues]
    assert asked == []  # placing the cues levels nothing yet
    speech = [i for i, c in enumerate(tl.cues) if c.kind == "speech"]
    first = sounds[speech[0]]
    assert np.array_equal(first.samples, whole.sound(tl.cues[speech[0]]).samples)
    assert asked == [tl.cues[speech[0]].spoken]  # only the clip asked for
    late.ahead(list(tl.cues))
    for cue, sound in zip(tl.cues, sounds):
        expected = whole.sound(cue)
        assert (sound.at, sound.size) == (expected.at, expected.size)
        assert np.array_equal(sound.samples, expected.samples), cue.text
    assert sorted(asked) == sorted({c.spoken for c in tl.cues if c.kind == "speech"})
    n = round(tl.duration * RATE)  # the one placing function renders them alike
    assert np.array_equal(Placement(sounds).block(0, n),
                          Placement([whole.sound(c) for c in tl.cues]).block(0, n))
