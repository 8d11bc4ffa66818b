"""ID3v2.4 tags for exported MP3s with mutagen: titles, track numbers, chapters (CHAP and a
CTOC table) and synced lyrics (SYLT). Times given in seconds, stored in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voicecoach import __version__


@dataclass(frozen=True)
class TrackInfo:
    title: str
    album: str
    artist: str
    track: int
    tracks: int
    chapters: tuple[tuple[float, float, str], ...]   # start, end, title
    lyrics: tuple[tuple[float, str], ...]             # start, text
    grouping: str | None = None
    language: str = "eng"                             # ISO 639-2, of the lyrics
    toc_title: str = "Exercises"                      # the chapter list's title
    music: tuple[str, ...] = ()                       # the music tracks heard, in order


def ordered_id3() -> Any:
    """mutagen's ID3 class writing frames in the order added (or read): mutagen sorts them
    by size, which scrambles the CHAP frames, and ffprobe lists chapters in file order."""
    from mutagen.id3 import ID3

    class OrderedID3(ID3):
        def _write(self, config: object) -> bytes:
            from mutagen.id3._tags import save_frame

            return b"".join(save_frame(f, config=config) for f in self.values())

    return OrderedID3


def write_tags(path: Path, info: TrackInfo) -> None:
    from mutagen.id3 import (
        CHAP,
        COMM,
        CTOC,
        SYLT,
        TALB,
        TIT1,
        TIT2,
        TPE1,
        TRCK,
        TSSE,
        CTOCFlags,
        Encoding,
    )

    tags = ordered_id3()()
    tags.add(TIT2(encoding=Encoding.UTF8, text=[info.title]))
    tags.add(TALB(encoding=Encoding.UTF8, text=[info.album]))
    tags.add(TPE1(encoding=Encoding.UTF8, text=[info.artist]))
    tags.add(TRCK(encoding=Encoding.UTF8, text=[f"{info.track}/{info.tracks}"]))
    tags.add(TSSE(encoding=Encoding.UTF8, text=[f"voicecoach {__version__}"]))
    if info.grouping:
        tags.add(TIT1(encoding=Encoding.UTF8, text=[info.grouping]))
    ids = [f"chp{i}" for i in range(len(info.chapters))]
    for cid, (start, end, title) in zip(ids, info.chapters, strict=True):
        tags.add(CHAP(element_id=cid, start_time=round(start * 1000), end_time=round(end * 1000),
                      sub_frames=[TIT2(encoding=Encoding.UTF8, text=[title])]))
    if ids:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                      child_element_ids=ids,
                      sub_frames=[TIT2(encoding=Encoding.UTF8, text=[info.toc_title])]))
    tags.add(SYLT(encoding=Encoding.UTF8, lang=info.language, format=2, type=1, desc="voicecoach",
                  text=[(text, round(start * 1000)) for start, text in info.lyrics]))
    tags.add(COMM(encoding=Encoding.UTF8, lang="eng", desc="",
                  text=["Spoken coaching made by voicecoach."
                        + (f" Music: {'; '.join(info.music)}." if info.music else "")]))
    tags.save(str(path), v2_version=4)
