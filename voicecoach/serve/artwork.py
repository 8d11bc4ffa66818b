"""The show's artwork: a 1400x1400 RGB PNG (no alpha, as Apple Podcasts asks) with the
show's title, drawn by ffmpeg; and the same picture embedded in each MP3 (ID3 APIC)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import textwrap
from pathlib import Path

from voicecoach.audio.ffmpeg import ffmpeg
from voicecoach.errors import AudioError

SIZE = 1400   # pixels a side
BACKGROUND = "0x1d3557"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def draw(title: str, folder: Path) -> Path:
    """``folder/artwork-HASH.png`` for ``title``, drawn once (the name follows the title)."""
    key = hashlib.sha256(f"{SIZE} {BACKGROUND} {title}".encode()).hexdigest()[:12]
    path = folder / f"artwork-{key}.png"
    if path.exists():
        return path
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "title.txt"
        text.write_text("\n".join(textwrap.wrap(title, 16)[:6]) or "voicecoach",
                        encoding="utf-8")
        font = f"fontfile={FONT}:" if FONT.exists() else ""
        picture = (f"drawtext={font}textfile={text}:expansion=none:fontsize=120:fontcolor=white:"
                   "line_spacing=30:x=(w-text_w)/2:y=(h-text_h)/2")
        part = folder / f".{path.stem}.{os.getpid()}.part.png"   # same disk: renamed
        proc = subprocess.run([ffmpeg(), "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                               f"color=c={BACKGROUND}:s={SIZE}x{SIZE}", "-vf", picture,
                               "-frames:v", "1", "-pix_fmt", "rgb24", str(part)],
                              capture_output=True, check=False)
        if proc.returncode != 0:
            part.unlink(missing_ok=True)
            last = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            raise AudioError(f"ffmpeg could not draw the artwork: {last[0]}")
        part.replace(path)
    return path


def embed(mp3: Path, png: bytes) -> None:
    """Put ``png`` in the MP3's ID3 tag as its front cover (the other frames kept in
    their order: the chapters stay in time order in the file)."""
    from mutagen.id3 import APIC, Encoding, PictureType

    from voicecoach.export.tags import ordered_id3

    tags = ordered_id3()(str(mp3))
    tags.delall("APIC")
    tags.add(APIC(encoding=Encoding.UTF8, mime="image/png", type=PictureType.COVER_FRONT,
                  desc="", data=png))
    tags.save(str(mp3), v2_version=4)
