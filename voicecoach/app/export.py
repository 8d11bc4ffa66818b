"""`voicecoach export`: the job, the format's tools checked before any work, the speech,
then the exporter; progress is reported in samples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voicecoach.app.environment import Environment
from voicecoach.app.jobs import make_job, make_speech, music_for, timelines, warnings
from voicecoach.app.program import where
from voicecoach.export import exporter
from voicecoach.plan.timeline import Timeline
from voicecoach.settings import Settings


class Export:
    """An export prepared (routine read, tools checked, timelines planned) and ready to run."""

    def __init__(self, path: Path, session: str | None, folder: Path | None,
                 settings: Settings, env: Environment, week: int | None = None,
                 repeat_week: bool = False) -> None:
        self.job, _ = where(make_job(path, session, settings), env, week, repeat_week,
                            session is not None)
        exporter.check_tools(settings.format)
        self.music = music_for(path, self.job, env.cache_dir)
        self.cache_dir = env.cache_dir
        self.speech = make_speech(self.job, env)
        self.timelines: list[Timeline] = timelines(self.job, self.speech)
        self.folder = folder if folder is not None else exporter.default_folder(self.job.routine)
        self.total = exporter.total_samples(self.timelines)
        self.warnings = [*self.job.routine.warnings, *warnings(self.timelines)]  # as plan's
        if self.music is not None:                 # and a track skipped
            self.warnings[:0] = self.music.warnings

    def run(self, progress: Callable[[int], None]) -> list[exporter.Track]:
        s = self.job.settings
        return exporter.export(self.job.routine, self.timelines, self.speech.clip, self.folder,
                               s.split, s.format, s.bitrate, progress, self.music,
                               s.music_level, self.cache_dir)
