"""The episodes: every session exported by the export engine (same cache, tags, chapters
and lyrics), with the artwork embedded, published under names made from the audio's
content, with their chapters and transcripts beside them. Kept current: a request that
needs the episodes exports again when a routine file or the settings changed; a routine
that no longer reads keeps the last good episodes, and the error line is shown."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.export import Export
from voicecoach.errors import VoicecoachError
from voicecoach.export import names
from voicecoach.export.exporter import Track
from voicecoach.routine.reader import load_routine
from voicecoach.serve import artwork, documents
from voicecoach.serve.standing import Standing, standing
from voicecoach.settings import Settings

FORMAT = 2   # of the index file; another number is read as no index


@dataclass(frozen=True)
class Episode:
    """One exported track. Times in seconds; ``published`` in Unix seconds (when this
    audio was first published); file names are inside the public folder."""

    number: int
    title: str
    seconds: float
    chapters: tuple[tuple[float, str], ...]   # start, exercise
    audio: str
    size: int                                 # bytes
    guid: str                                 # from the audio's SHA-256
    chapters_json: str
    vtt: str
    srt: str
    published: float
    routine: int = 0        # which of the served routine files (from 0)
    session: str = ""       # the session's name in it
    whole: bool = True      # the whole session (not one exercise of it: --split exercise)

    def files(self) -> tuple[str, ...]:
        return (self.audio, self.chapters_json, self.vtt, self.srt)


@dataclass(frozen=True)
class Shelf:
    """What is served now: the show and its episodes, and the error of the last export
    (None when it worked)."""

    title: str = "voicecoach"
    description: str = ""
    language: str = "en"
    artwork: str | None = None
    episodes: tuple[Episode, ...] = ()
    error: str | None = None
    program: tuple[Standing, ...] = ()    # each routine's program, when it is one

    def files(self) -> frozenset[str]:
        names = [f for e in self.episodes for f in e.files()]
        names += [p.chart for p in self.program if p.chart]
        return frozenset(names + ([self.artwork] if self.artwork else []))


def put(path: Path, data: bytes) -> None:
    """Write atomically; the same bytes leave the file alone (its date, so its ETag)."""
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Store:
    """The served episodes of ``routines``, exported under ``folder`` (``folder/public``
    is what the server may send)."""

    def __init__(self, routines: list[Path], settings: Settings, env: Environment,
                 folder: Path, log: Callable[[str], None]) -> None:
        self.routines, self.settings, self.env, self.log = routines, settings, env, log
        self.folder, self.public = folder, folder / "public"
        self._index = folder / "episodes.json"
        self._lock = threading.Lock()
        self._day: date | None = None   # of the program's standing
        self._seen, self.shelf = self._load()

    def current(self) -> Shelf:
        """The episodes, exported again first if a routine, the settings or the history
        changed since; the program's standing made again on a new day."""
        with self._lock:
            seen = self._signature()
            if seen != self._seen:
                if self._seen is not None:
                    self.log("a routine or the history changed: exporting again")
                self._seen = seen   # a routine that fails is tried again once it changes
                try:
                    self.shelf = self._export(seen)
                    self._tidy()   # after the new shelf is served: no request lists a gone file
                except (VoicecoachError, OSError) as exc:
                    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    self.shelf = replace(self.shelf, error=line)
                    self.log(f"Error: {line} (still serving the last good episodes)")
            if self._day != self.env.now().date():   # "this week" and the streak move on
                self._day = self.env.now().date()
                with contextlib.suppress(VoicecoachError, OSError):
                    self.shelf = replace(self.shelf, program=self._standings())
                    self._tidy()
            return self.shelf

    def _standings(self) -> tuple[Standing, ...]:
        """Each routine's program, as the page shows it."""
        return tuple(s for path in self.routines
                     if (s := standing(load_routine(path), self.env, self.public)))

    def _signature(self) -> str:
        """Of the settings, the routine files and the history's file (a program's sessions
        and values follow the history)."""
        h = hashlib.sha256(repr(self.settings).encode())
        with contextlib.suppress(OSError):
            seen = self.env.history_file.stat()
            h.update(f"history {seen.st_mtime_ns} {seen.st_size}".encode())
        for path in self.routines:
            try:
                h.update(path.read_bytes())
            except OSError as exc:
                h.update(f"unreadable {exc}".encode())
        return h.hexdigest()

    def _load(self) -> tuple[str | None, Shelf]:
        try:
            doc = json.loads(self._index.read_text(encoding="utf-8"))
            if doc["format"] != FORMAT:
                return None, Shelf()
            eps = tuple(Episode(**{**e, "chapters": tuple(map(tuple, e["chapters"]))})
                        for e in doc["episodes"])
            program = tuple(Standing(**{**p, "values": tuple(p["values"])})
                            for p in doc["program"])
            shelf = Shelf(doc["title"], doc["description"], doc["language"], doc["artwork"],
                          eps, program=program)
            if all((self.public / f).is_file() for f in shelf.files()):
                return str(doc["signature"]), shelf
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None, Shelf()

    def _export(self, signature: str) -> Shelf:
        staging = self.folder / "staging"
        jobs = [Export(path, None, staging / str(k), self.settings, self.env)
                for k, path in enumerate(self.routines)]
        for job in jobs:
            for warning in job.warnings:
                self.log(f"Warning: {warning}")
        self.public.mkdir(parents=True, exist_ok=True)
        title = " + ".join(dict.fromkeys(j.job.routine.name for j in jobs))
        description = "\n\n".join(j.job.routine.description or j.job.routine.name
                                  for j in jobs)
        cover = artwork.draw(title, self.public)
        png = cover.read_bytes()
        first = {e.guid: e.published for e in self.shelf.episodes}
        episodes: list[Episode] = []
        for k, job in enumerate(jobs):
            for track in job.run(lambda n: None):
                episodes.append(replace(
                    self._publish(track, len(episodes) + 1, png, first), routine=k,
                    session=track.timeline.session, whole=track.grouping is None))
        language = jobs[0].job.phrases.language
        program = self._standings()
        self._day = self.env.now().date()
        shelf = Shelf(title, description, language, cover.name, tuple(episodes),
                      program=program)
        doc = {"format": FORMAT, "signature": signature, "title": title,
               "description": description, "language": language, "artwork": cover.name,
               "episodes": [asdict(e) for e in episodes],
               "program": [asdict(p) for p in program]}
        put(self._index, json.dumps(doc, ensure_ascii=False, indent=1).encode())
        return shelf

    def _tidy(self) -> None:
        """Remove the published files no episode names any more."""
        keep = self.shelf.files()
        for old in self.public.iterdir():
            if old.name not in keep:
                with contextlib.suppress(OSError):
                    old.unlink()

    def _publish(self, track: Track, number: int, png: bytes,
                 first: dict[str, float]) -> Episode:
        artwork.embed(track.path, png)
        data = track.path.read_bytes()
        guid = hashlib.sha256(data).hexdigest()[:32]
        title = track.title if track.grouping is None else f"{track.grouping}: {track.title}"
        stem = f"{number:02d}-{names.slug(title, 'session')}-{guid[:12]}"
        audio = self.public / f"{stem}.mp3"
        if not audio.is_file():   # the same audio keeps its file (its date, its ETag)
            os.replace(track.path, audio)
        marks = documents.chapters(audio)
        lines = documents.lrc_lines(track.path.with_suffix(".lrc").read_text("utf-8"))
        for suffix, text in ((".chapters.json", documents.chapters_json(marks)),
                             (".vtt", documents.vtt(lines, track.seconds)),
                             (".srt", documents.srt(lines, track.seconds))):
            put(self.public / f"{stem}{suffix}", text.encode())
        return Episode(number, title, track.seconds, tuple(marks), audio.name, len(data),
                       guid, f"{stem}.chapters.json", f"{stem}.vtt", f"{stem}.srt",
                       first.get(guid, self.env.now().timestamp()))
