"""Music loudness figures: a 45-minute session exported as MP3 over music of different
loudness and genre, measured as written by ffmpeg's ebur128 (integrated LUFS, true peak);
the goal is -16 ±1 LUFS and ≤ -1 dBTP whatever the music. Songs made by tests/music
(loud electronic in OGG, quiet wide-dynamic orchestral in MP3), and Debian's game music
where installed (torus-trooper-data: OGG, ~-10.5 LUFS; asc-music: MP3, -11 to -16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from benchmarks.export_bench import routine
from tests.music import make_song
from tests.test_music_levels import ebur128

DEBIAN = {"torus-trooper-data (OGG)": Path("/usr/share/games/torus-trooper/sounds/musics"),
          "asc-music (MP3)": Path("/usr/share/games/asc/music")}


def folders(tmp: Path) -> dict[str, Path]:
    """Each kind of music, a folder of tracks."""
    out = {}
    for style, ext in (("loud", "ogg"), ("wide", "mp3")):
        folder = tmp / f"songs-{style}"
        folder.mkdir(exist_ok=True)
        for i in range(3):
            make_song(folder / f"{i:02d}.{ext}", 240.0, style, seed=i)
        out[f"made, {style} ({ext})"] = folder
    out.update({name: path for name, path in DEBIAN.items() if path.is_dir()})
    return out


def run(tmp: Path, env: dict[str, str]) -> None:
    vc = [sys.executable, "-m", "voicecoach"]
    session = tmp / "music-45.yaml"
    session.write_text(yaml.safe_dump(routine(45), sort_keys=False))
    for name, folder in folders(tmp).items():
        out = tmp / f"out-{len(name)}-{folder.name}"
        subprocess.run([*vc, "export", str(session), "-o", str(out), "--music", str(folder)],
                       check=True, capture_output=True, env=env)
        lufs, peak = ebur128(next(out.glob("*.mp3")))
        print(f"export 45-min session with music ({name}): {lufs:.1f} LUFS, true peak "
              f"{peak:.1f} dBTP (target -16 ±1 LUFS, <= -1 dBTP)")
