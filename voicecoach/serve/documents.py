"""What the feed links beside each episode, made from the episode's own files so they
agree with it: the chapters JSON (Podcasting 2.0) from the MP3's CHAP frames, and WebVTT
and SRT transcripts from its ``.lrc`` lines. Times in seconds."""

from __future__ import annotations

import json
import re
from pathlib import Path

_LRC = re.compile(r"^\[(\d+):(\d\d)\.(\d\d)\](.*)$")


def chapters(mp3: Path) -> list[tuple[float, str]]:
    """The MP3's chapters: start and title, in file order."""
    from mutagen.id3 import ID3

    tags = ID3(str(mp3))
    return [(frame.start_time / 1000, str(frame.sub_frames["TIT2"].text[0]))
            for frame in tags.getall("CHAP")]


def chapters_json(marks: list[tuple[float, str]]) -> str:
    """The Podcasting 2.0 chapters document (version 1.2.0)."""
    doc = {"version": "1.2.0",
           "chapters": [{"startTime": round(at, 3), "title": title} for at, title in marks]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def lrc_lines(text: str) -> list[tuple[float, str]]:
    """The timed lines of an ``.lrc`` file: start and text."""
    lines = []
    for line in text.splitlines():
        m = _LRC.match(line)
        if m:
            lines.append((int(m[1]) * 60 + int(m[2]) + int(m[3]) / 100, m[4]))
    return lines


def _cues(lines: list[tuple[float, str]], end: float) -> list[tuple[float, float, str]]:
    ends = [at for at, _ in lines[1:]] + [end]
    return [(at, max(at, stop), text) for (at, text), stop in zip(lines, ends)]


def _stamp(t: float, comma: bool) -> str:
    ms = round(t * 1000)
    s = f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}"
    return f"{s}{',' if comma else '.'}{ms % 1000:03d}"


def vtt(lines: list[tuple[float, str]], end: float) -> str:
    """WebVTT: each line shown until the next one starts (the last until ``end``)."""
    out = ["WEBVTT", ""]
    for at, stop, text in _cues(lines, end):
        out += [f"{_stamp(at, False)} --> {_stamp(stop, False)}", text or "♪", ""]
    return "\n".join(out)


def srt(lines: list[tuple[float, str]], end: float) -> str:
    """SubRip: the same cues as ``vtt``, numbered from 1."""
    out = []
    for i, (at, stop, text) in enumerate(_cues(lines, end), 1):
        out += [str(i), f"{_stamp(at, True)} --> {_stamp(stop, True)}", text or "♪", ""]
    return "\n".join(out)
