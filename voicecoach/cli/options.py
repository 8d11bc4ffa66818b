"""What the commands share: the routine argument, the options several commands take
(declared once), and ``env``, the run's Environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from voicecoach import settings

ROUTINE = click.Path(exists=True, dir_okay=False, path_type=Path)


SESSION = click.option("--session", help="Session name or number (default: all).")


LANGUAGE = click.option("--language", type=click.Choice(settings.LANGUAGES),
                        help="The coach's language (default: the routine's, else en).")


WEEK = click.option("--week", type=click.IntRange(1, 104), metavar="N",
                    help="A program: week N, from its first session (default: where you are).")


REPEAT_WEEK = click.option("--repeat-week", is_flag=True,
                           help="A program: the week of your last session again, from its first.")


def one_week(week: int | None, repeat_week: bool) -> None:
    """--week and --repeat-week each say which week: one of them at most."""
    if week is not None and repeat_week:
        raise click.UsageError("give --week or --repeat-week, not both")


VERBOSITY = click.option("--verbosity", type=click.Choice(settings.VERBOSITIES),
                         default="normal", show_default=True, help="How much the coach says.")


class FiniteRange(click.FloatRange):
    """A float range that refuses nan (every comparison with nan is false, so a plain
    FloatRange lets it through)."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number from {self.min:g} to {self.max:g}.", param,
                      ctx)
        return number


def voice_options(f: Any) -> Any:
    f = click.option("--volume", type=FiniteRange(*settings.VOLUME_RANGE),
                     help="Voice volume, 0.1 to 1.")(f)
    f = click.option("--rate", type=click.IntRange(*settings.RATE_RANGE),
                     help="Words per minute.")(f)
    f = click.option("--voice", "voice_id", help="Voice id (see 'voicecoach voices').")(f)
    return f


def music_options(f: Any) -> Any:
    f = click.option("--music-level", type=click.FloatRange(*settings.MUSIC_LEVEL_RANGE),
                     metavar="LU", help="Music between cues, in LU from the speech (default: "
                     "-10, raised as far as 0 to keep a sparse session at -16 LUFS).")(f)
    f = click.option("--shuffle", is_flag=True, help="Play the music in random order.")(f)
    f = click.option("--music", type=click.Path(path_type=Path), metavar="PATH",
                     help="Music under the coach: a file, folder or .m3u/.m3u8 playlist "
                          "(default: the routine's music:).")(f)
    return f


def env() -> Any:
    """The run's Environment: the one the caller passed (tests), else the real one."""
    from voicecoach.app.environment import Environment

    ctx = click.get_current_context()
    if ctx.obj is None:
        ctx.obj = Environment()
    return ctx.obj
