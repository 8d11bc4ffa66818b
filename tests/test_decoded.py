"""Music known from before: a track is decoded by ffmpeg once, then read from the cache
(``audio/decoded.py``) while its file is unchanged; a damaged entry is decoded again; the
least recently used entries go past the size limit. A track probed before and unchanged
is not probed again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import need
from tests.music import make_track
from voicecoach.audio import decoded as D
from voicecoach.audio.clip import RATE
from voicecoach.audio.music import Track, find_music


def track(path: Path, seconds: float = 4.0, root: float = 220.0) -> Track:
    need("ffmpeg")
    make_track(path, seconds, root)
    return Track(path, round(seconds * RATE))


class Counting:
    """Counts the ffmpeg runs that decode music to raw samples (and lets them run)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs = 0
        real = subprocess.run

        def run(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
            self.runs += "s16le" in cmd
            return real(cmd, *args, **kwargs)

        monkeypatch.setattr(subprocess, "run", run)


def samples(raw: D.Raw) -> np.ndarray:
    return np.fromfile(raw.path, "<i2")


def test_a_track_is_decoded_once_and_then_read_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = track(tmp_path / "a.mp3")
    ffmpeg = Counting(monkeypatch)
    first = D.DecodedMusic(tmp_path / "cache")
    a = first.get(t)
    assert ffmpeg.runs == 1 and a.path.parent == tmp_path / "cache"
    assert abs(len(samples(a)) - t.samples) < RATE // 10 and np.isfinite(a.lufs)
    first.close()
    again = D.DecodedMusic(tmp_path / "cache").get(t)
    assert ffmpeg.runs == 1
    assert again == a and np.array_equal(samples(again), samples(a))


def test_a_changed_or_damaged_entry_is_decoded_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = track(tmp_path / "a.mp3")
    ffmpeg = Counting(monkeypatch)
    a = D.DecodedMusic(tmp_path / "cache").get(t)
    good = samples(a).copy()
    with a.path.open("r+b") as f:           # noise in the middle: the CRC finds it
        f.seek(len(good))
        f.write(os.urandom(64))
    b = D.DecodedMusic(tmp_path / "cache").get(t)
    assert ffmpeg.runs == 2 and np.array_equal(samples(b), good)
    with a.path.open("r+b") as f:           # cut short
        f.truncate(len(good))
    assert np.array_equal(samples(D.DecodedMusic(tmp_path / "cache").get(t)), good)
    assert ffmpeg.runs == 3
    track(tmp_path / "a.mp3", 3.0, 330.0)   # the file itself changed: another entry
    c = D.DecodedMusic(tmp_path / "cache").get(Track(t.path, 3 * RATE))
    assert ffmpeg.runs == 4 and c.path != a.path


def test_least_recently_used_go_past_the_limit(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tracks = [track(tmp_path / f"{i}.mp3", 2.0, 200.0 + 50 * i) for i in range(3)]
    store = tmp_path / "cache"
    music = D.DecodedMusic(store)
    old = music.get(tracks[0])
    os.utime(old.path, (1, 1))              # long unused
    music.get(tracks[1])
    monkeypatch.setattr(D, "LIMIT", 2 * old.path.stat().st_size + 1)
    later = D.DecodedMusic(store)
    later.get(tracks[2])
    assert not old.path.exists() and not old.path.with_suffix(".json").exists()
    assert len(list(store.glob("*.raw"))) == 2


def test_without_a_cache_folder_nothing_is_left(tmp_path: Path) -> None:
    t = track(tmp_path / "a.mp3")
    music = D.DecodedMusic(None)
    raw = music.get(t)
    assert raw.path.exists()
    music.close()
    assert not raw.path.exists() and not music.tmp.exists()


def test_a_track_probed_before_and_unchanged_is_not_probed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need("ffprobe")
    folder = tmp_path / "tunes"
    folder.mkdir()
    t = track(folder / "a.mp3")
    (folder / "b.mp3").write_bytes(bytes(range(256)) * 16)    # refused: probed every time
    probes: list[str] = []
    real = subprocess.run

    def run(cmd: list[str], *args: Any, **kwargs: Any) -> Any:
        probes.extend(Path(c).name for c in cmd[-1:] if "ffprobe" in cmd[0])
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    first = find_music(folder, known=tmp_path / "cache")
    assert sorted(probes) == ["a.mp3", "b.mp3"] and len(first.warnings) == 1
    again = find_music(folder, known=tmp_path / "cache")
    assert probes[2:] == ["b.mp3"] and again.tracks == first.tracks == [first.tracks[0]]
    assert again.warnings == first.warnings
    track(t.path, 3.0)                                          # changed: probed again
    changed = find_music(folder, known=tmp_path / "cache")
    assert sorted(probes[3:]) == ["a.mp3", "b.mp3"] and changed.tracks[0].samples != t.samples


def test_a_cache_that_cannot_be_written_costs_time_only(tmp_path: Path) -> None:
    t = track(tmp_path / "a.mp3")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    music = D.DecodedMusic(blocked)
    raw = music.get(t)
    assert raw.path.parent == music.tmp and abs(len(samples(raw)) - t.samples) < RATE // 10
    music.close()
