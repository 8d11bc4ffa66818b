"""The export engine: formats behind one seam, sounds on the frame grid, and islands
encoded once and joined from the cache on the next export."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import need
from tests.test_export import ROUTINE, invoke
from voicecoach.audio.mix import GRID, Sound, on_grid
from voicecoach.export import formats
from voicecoach.export.formats import mp3cache


def test_formats_are_found_by_name() -> None:
    assert [formats.get(n).name for n in formats.NAMES] == ["mp3", "wav"]
    assert formats.get("mp3").ceiling < formats.get("wav").ceiling
    assert (formats.get("mp3").grid, formats.get("wav").grid) == (GRID, 1)
    with pytest.raises(ValueError, match="unknown format 'ogg'"):
        formats.get("ogg")


def test_grid_is_at_most_half_a_frame_from_the_plan() -> None:
    for seconds in np.linspace(0, 100, 997):
        at = on_grid(float(seconds), GRID)
        assert at % GRID == 0 and abs(at - seconds * 22050) <= GRID / 2


def test_island_key_depends_on_content_and_distance_only() -> None:
    a, b = np.ones(100, np.float32) * 0.5, np.ones(100, np.float32) * 0.25
    digest = mp3cache.Digests()

    def key(sounds: list[Sound], j0: int) -> str:
        return mp3cache.island_key(sounds, j0, GRID, 96, digest)

    here = key([Sound(10 * GRID, a), Sound(50 * GRID, b)], 7)
    there = key([Sound(110 * GRID, a.copy()), Sound(150 * GRID, b)], 107)
    assert here == there
    assert here != key([Sound(10 * GRID, a), Sound(51 * GRID, b)], 7)
    assert here != key([Sound(10 * GRID, b), Sound(50 * GRID, a)], 7)
    assert here != mp3cache.island_key([Sound(10 * GRID, a), Sound(50 * GRID, b)], 7, GRID,
                                       128, digest)


def test_second_export_joins_cached_frames(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    need("espeak-ng")
    need("ffmpeg")
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    monkeypatch.setenv("VOICECOACH_CACHE_DIR", str(tmp_path / "cache"))
    code, _, err = invoke("export", str(routine), "-o", str(tmp_path / "a"))
    assert code == 0, err
    frames = tmp_path / "cache" / "frames"
    made = {p.name: p.stat().st_mtime_ns for p in frames.iterdir()}
    assert made
    code, _, err = invoke("export", str(routine), "-o", str(tmp_path / "b"))
    assert code == 0, err
    assert {p.name: p.stat().st_mtime_ns for p in frames.iterdir()} == made  # none made
    for f in sorted((tmp_path / "a").glob("*.mp3")):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()
