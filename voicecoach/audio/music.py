"""The person's music: a file, a folder or an .m3u/.m3u8 playlist, resolved to tracks that
ffmpeg can read, each probed (and its length known, in samples at ``clip.RATE``) before any
work starts. A bad file is one ``MusicError`` naming it; a bad track inside a folder is
skipped with a warning.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from voicecoach.audio.clip import RATE
from voicecoach.audio.ffmpeg import FFMPEG_HINT
from voicecoach.errors import AudioError

AUDIO = {".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wma",
         ".webm", ".mka", ".aif", ".aiff", ".ape", ".wv"}
PLAYLISTS = {".m3u", ".m3u8"}
MIN_SECONDS = 1.0      # a track shorter than this is not music


class MusicError(AudioError):
    """The music given cannot be used: the message names the file."""


@dataclass(frozen=True)
class Track:
    path: Path
    samples: int       # length at ``clip.RATE``, as probed

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Music:
    tracks: list[Track]
    warnings: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [t.name for t in self.tracks]


def ffprobe() -> str:
    exe = shutil.which("ffprobe")
    if exe is None or shutil.which("ffmpeg") is None:
        raise MusicError(f"music needs ffmpeg and ffprobe (install them: {FFMPEG_HINT})")
    return exe


def probe(path: Path) -> Track | str:
    """The track, or why ffmpeg cannot read it as audio (one line)."""
    proc = subprocess.run([ffprobe(), "-v", "error", "-select_streams", "a:0", "-show_entries",
                           "stream=codec_type:format=duration", "-of", "csv=p=0", str(path)],
                          capture_output=True, text=True, errors="replace")
    out = proc.stdout.split()
    if proc.returncode != 0 or not out or out[0] != "audio":
        why = proc.stderr.strip().splitlines()[-1:] or ["no audio stream in it"]
        if not proc.returncode:
            return why[0]
        return f"ffmpeg cannot read it as audio ({re.sub(r'^.*?: ', '', why[0])})"
    try:
        seconds = float(out[-1])
    except ValueError:
        return "its length is unknown"
    if seconds < MIN_SECONDS:
        return f"it is {seconds:.1f} s long"
    return Track(path, round(seconds * RATE))


class Probes:
    """What ffprobe said of each file, kept in ``folder`` (``probes.json``) under the
    file's path, size and modification time and ffprobe's own: a file probed before and
    unchanged since is not probed again (each probe is a process start, ~80 ms)."""

    KEEP = 5000        # entries kept, the most recent

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "probes.json" if folder is not None else None
        self.found: dict[str, int] = {}
        self.new = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                data = json.loads(self.path.read_text())
                self.found = {k: v for k, v in data.items() if isinstance(v, int)}

    def probe(self, path: Path) -> Track | str:
        """As ``probe``; only good tracks are kept (a file refused is probed again)."""
        key = self._key(path)
        hit = self.found.get(key) if key else None
        if hit is not None:
            return Track(path, hit)
        result = probe(path)
        if key and isinstance(result, Track):
            self.found[key] = result.samples
            self.new = True
        return result

    def _key(self, path: Path) -> str | None:
        try:
            st, tool = path.stat(), Path(ffprobe()).stat()
            return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{tool.st_mtime_ns}|{RATE}"
        except OSError:
            return None

    def save(self) -> None:
        if self.path is None or not self.new:
            return
        kept = dict(list(self.found.items())[-self.KEEP:])
        tmp = self.path.with_name(f".probes.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(kept))
            os.replace(tmp, self.path)


def find_music(path: Path, shuffle: bool = False, rng: random.Random | None = None,
               known: Path | None = None) -> Music:
    """The tracks of ``path`` in play order (shuffled if asked), each probed (or found in
    ``known``, a folder, probed before and unchanged since)."""
    if not path.exists():
        raise MusicError(f"music not found: {path}")
    probes = Probes(known)
    if path.is_dir():
        music = _folder(path, probes)
    elif path.suffix.lower() in PLAYLISTS:
        music = Music(_probe_all(_playlist(path), True, probes)[0])
        if not music.tracks:
            raise MusicError(f"playlist {path} lists no tracks")
    else:
        music = Music(_probe_all([path], True, probes)[0])
    if shuffle:
        (rng or random.Random()).shuffle(music.tracks)
    return music


def _folder(folder: Path, probes: Probes) -> Music:
    files = sorted((p for p in folder.rglob("*") if p.suffix.lower() in AUDIO and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
                   key=lambda p: [int(t) if t.isdigit() else t.casefold()
                                  for t in re.split(r"(\d+)", p.relative_to(folder).as_posix())])
    tracks, warnings = _probe_all(files, False, probes)
    if not tracks:
        raise MusicError(f"no audio files in folder {folder}" if not files else
                         f"no readable audio files in folder {folder}")
    return Music(tracks, warnings)


def _playlist(path: Path) -> list[Path]:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise MusicError(f"cannot read playlist {path}: {exc.strerror or exc}") from None
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entry = Path(line.removeprefix("file://"))
            entries.append(entry if entry.is_absolute() else path.parent / entry)
    return entries


def _probe_all(paths: list[Path], strict: bool,
               probes: Probes) -> tuple[list[Track], list[str]]:
    """Probe side by side. ``strict``: a bad one is an error; else a warning, skipped."""
    for p in paths:
        if strict and not p.is_file():
            raise MusicError(f"music file not found: {p}")
    if not paths:
        return [], []
    ffprobe()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(probes.probe, paths))
    probes.save()
    tracks, warnings = [], []
    for p, r in zip(paths, results):
        if isinstance(r, Track):
            tracks.append(r)
        elif strict:
            raise MusicError(f"cannot use {p} as music: {r}")
        else:
            warnings.append(f"skipping {p}: {r}")
    return tracks, warnings
