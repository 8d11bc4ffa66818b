"""Export sessions as audio files: one per session (or per exercise), each exactly its
timeline, tagged, with an .lrc beside it and an .m3u8 playlist. Times in seconds.

Files are written under temporary names and renamed when complete, so an interrupted
export never leaves a partial file under a final name, and other files are never deleted.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voicecoach.audio import bed as music_bed
from voicecoach.audio.clip import RATE, Clip
from voicecoach.audio.levels import TARGET_LUFS, Leveller
from voicecoach.audio.mix import Placement, samples_in
from voicecoach.audio.music import Music
from voicecoach.durations import length
from voicecoach.errors import AudioError
from voicecoach.export import formats, names
from voicecoach.export.tags import TrackInfo
from voicecoach.model import Routine
from voicecoach.phrases import ENGLISH, PACKS
from voicecoach.plan.timeline import Cue, Timeline
from voicecoach.settings import Split

PEAK_LIMIT = -1.4   # dBTP an MP3 may reach by our meter (target -1; ffmpeg reads ~0.1 more)


class _TooLoud(Exception):
    """Clips whose decoded true peak passed ``PEAK_LIMIT``, by how much (dB)."""

    def __init__(self, over: dict[str, float]) -> None:
        super().__init__(f"true peak over by {over}")
        self.over = over


def _check_peaks(track: Track, peaks: list[float]) -> None:
    """MP3 reconstruction overshoots where speech is limited hard; find where it did."""
    over: dict[str, float] = {}
    for cue, peak in zip(track.cues(), peaks):
        if cue.kind == "speech" and peak > PEAK_LIMIT:
            over[cue.spoken] = max(over.get(cue.spoken, 0.0), peak - PEAK_LIMIT)
    if over:
        raise _TooLoud(over)


ARTIST = "voicecoach"


@dataclass(frozen=True)
class Track:
    path: Path
    timeline: Timeline
    start: float
    end: float
    title: str
    number: int
    total: int
    grouping: str | None = None

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def cues(self) -> list[Cue]:
        return [c for c in self.timeline.cues if self.start <= c.start < self.end]


def default_folder(routine: Routine) -> Path:
    return Path("audio") / names.slug(routine.name, "routine")


def plan_tracks(routine: Routine, timelines: list[Timeline], folder: Path, split: Split,
                fmt: str) -> list[Track]:
    numbers = {s.name: i for i, s in enumerate(routine.sessions, 1)}
    tracks = []
    for tl in timelines:
        n = numbers[tl.session]
        stem = f"{n:02d}-{names.slug(tl.session, 'session')}"
        title = tl.session if tl.session != routine.name else routine.name
        if split == "session":
            tracks.append(Track(names.inside(folder, f"{stem}.{fmt}"), tl, 0.0, tl.duration,
                                title, n, len(routine.sessions)))
            continue
        sub = names.inside(folder, stem)
        for i, ch in enumerate(tl.chapters, 1):
            name = f"{i:02d}-{names.slug(ch.title, 'exercise')}.{fmt}"
            tracks.append(Track(names.inside(sub, name), tl, ch.start, ch.end, ch.title, i,
                                len(tl.chapters), grouping=title))
    return tracks


def _lyrics(track: Track) -> tuple[tuple[float, str], ...]:
    return tuple((c.start - track.start, c.text if c.kind == "speech" else "♪")
                 for c in track.cues())


def lrc_text(track: Track, album: str, music: tuple[str, ...] = ()) -> str:
    lines = [f"[ti:{track.title}]", f"[al:{album}]", f"[ar:{ARTIST}]",
             f"[length:{length(track.seconds)}]"]
    if music:
        lines.append(f"[music:{'; '.join(music)}]")
    for at, text in _lyrics(track):
        cs = round(at * 100)
        lines.append(f"[{cs // 6000:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}]{text}")
    return "\n".join(lines) + "\n"


def playlist_text(tracks: list[Track], folder: Path, album: str) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{album}"]
    for t in tracks:
        name = album if t.title == album else f"{album} — {t.title}"  # not "Leg day — Leg day"
        lines.append(f"#EXTINF:{round(t.seconds)},{name}")
        lines.append(t.path.relative_to(folder).as_posix())
    return "\n".join(lines) + "\n"


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _write_text(path: Path, text: str) -> None:
    tmp = _temporary(path)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise AudioError(f"cannot write {path}: {exc.strerror or exc}") from None


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AudioError(f"cannot create folder {folder}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK):
        raise AudioError(f"cannot write to folder {folder}: permission denied")


def write_track(track: Track, mixer: Leveller, fmt: formats.Format, bitrate: int,
                album: str, progress: Callable[[int], None], check: bool = True,
                cache_dir: Path | None = None) -> None:
    _mkdir(track.path.parent)
    tmp = _temporary(track.path)
    sounds = [mixer.sound(c, track.start, fmt.grid) for c in track.cues()]
    total = samples_in(track.start, track.end)
    lo = round(track.start * RATE)
    placed = Placement(sounds, mixer.bed, lo)
    music = tuple(t.name for t in mixer.music.used(lo, lo + total)) if mixer.music else ()
    audio = formats.TrackAudio(sounds, total, placed, bitrate,
                               PEAK_LIMIT - 2.0 if check else None,
                               cache_dir / "frames" if cache_dir else None)
    try:
        _check_peaks(track, fmt.write(audio, tmp, progress))
        chapters = tuple((max(0.0, ch.start - track.start),
                          min(ch.end, track.end) - track.start, ch.title)
                         for ch in track.timeline.chapters
                         if ch.end > track.start and ch.start < track.end)
        say = PACKS.get(track.timeline.language, ENGLISH)
        fmt.tag(tmp, TrackInfo(track.title, album, ARTIST, track.number, track.total,
                               chapters, _lyrics(track), track.grouping, say.grammar.iso639_2,
                               say.text("chapters"), music))
        os.replace(tmp, track.path)  # the track first: an .lrc never stands alone
    except AudioError as exc:  # name the file being made, not its temporary name
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise AudioError(str(exc).replace(tmp.name, str(track.path))) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _write_text(track.path.with_suffix(".lrc"), lrc_text(track, album, music))


_PART = re.compile(r"^\..+\.(\d+)\.part(?:\.\d+)?$")


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temporary files (``.NAME.PID.part``, ``.NAME.PID.part.N``) an export
    killed before it could clean up left in ``folder``: those whose process is gone."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            m = _PART.match(path.name)
            if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def check_tools(fmt: str) -> None:
    """Fail before any work if the format needs a program that is missing."""
    formats.get(fmt).check_tools()


def export(routine: Routine, timelines: list[Timeline], clip_for: Callable[[str], Clip],
           folder: Path, split: Split, fmt_name: str, bitrate: int,
           progress: Callable[[int], None] = lambda n: None, music: Music | None = None,
           music_level: float | None = None, cache_dir: Path | None = None) -> list[Track]:
    """Write every track and the playlist; returns the tracks written. ``progress`` gets
    samples done, adding up to ``total_samples`` (a session encoded again adds nothing).
    ``cache_dir`` keeps levels and encoded frames between exports. With ``music``, a bed
    ``music_level`` LU from the speech (None: automatic, see ``levels.Leveller``), ducked
    under every cue."""
    fmt = formats.get(fmt_name)
    fmt.check_tools()
    tracks = plan_tracks(routine, timelines, folder, split, fmt.name)
    _mkdir(folder)
    for where in {folder, *(t.path.parent for t in tracks)}:
        remove_stale_parts(where)
    done, total = 0, total_samples(timelines)

    def step(n: int) -> None:
        nonlocal done
        n = min(n, total - done)
        done += n
        progress(n)

    for tl in timelines:
        session = [t for t in tracks if t.timeline is tl]
        plan = music_bed.plan_for(tl, music.tracks) if music else None
        mixer = Leveller(tl, clip_for, fmt.ceiling, music=plan, music_level=music_level,
                         store=cache_dir / "levels" if cache_dir else None,
                         target=TARGET_LUFS + fmt.loss)
        if plan is not None:
            bed = mixer.bed = music_bed.MusicBed(  # decoding what each format prepares
                plan, mixer.bed_lufs, workers=2, prefetch=0,
                store=cache_dir / "music" if cache_dir else None)
        try:
            for attempt in range(4):
                try:
                    for track in session:
                        write_track(track, mixer, fmt, bitrate, routine.name, step,
                                    check=attempt < 3 and plan is None, cache_dir=cache_dir)
                    break
                except _TooLoud as loud:  # the codec overshot: those clips get more room
                    mixer.lower({text: excess + 1.0 for text, excess in loud.over.items()})
        finally:
            if plan is not None:
                bed.close()
    playlist = names.inside(folder, f"{names.slug(routine.name, 'routine')}.m3u8")
    _write_text(playlist, playlist_text(tracks, folder, routine.name))
    return tracks


def total_samples(timelines: list[Timeline]) -> int:
    return sum(samples_in(0.0, tl.duration) for tl in timelines)
