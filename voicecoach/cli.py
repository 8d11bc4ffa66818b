"""The command line: parse options, make the settings, call one app function, print. Errors
become one ``Error: …`` line (exit 1) here and nowhere else; usage errors exit 2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from voicecoach import __version__, settings
from voicecoach.errors import Interrupted, VoicecoachError
from voicecoach.model import Voice


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            click.echo(f"Interrupted: {exc}", err=True)
            ctx.exit(130)
        except VoicecoachError as exc:
            for line in str(exc).splitlines():  # several mistakes in a routine: a line each
                click.echo(f"Error: {line}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


ROUTINE = click.Path(exists=True, dir_okay=False, path_type=Path)
SESSION = click.option("--session", help="Session name or number (default: all).")
LANGUAGE = click.option("--language", type=click.Choice(settings.LANGUAGES),
                        help="The coach's language (default: the routine's, else en).")
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
                     help="Voice volume, 0 to 1.")(f)
    f = click.option("--rate", type=click.IntRange(*settings.RATE_RANGE),
                     help="Words per minute.")(f)
    f = click.option("--voice", "voice_id", help="Voice id (see 'voicecoach voices').")(f)
    return f


def env() -> Any:
    """The run's Environment: the one the caller passed (tests), else the real one."""
    from voicecoach.app.environment import Environment

    ctx = click.get_current_context()
    if ctx.obj is None:
        ctx.obj = Environment()
    return ctx.obj


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voicecoach")
def cli() -> None:
    """Spoken workout coaching from YAML routines: plan, play live, or export MP3s."""


@cli.command()
@click.argument("routines", nargs=-1, required=True, type=ROUTINE)
def validate(routines: tuple[Path, ...]) -> None:
    """Check routine files; print a summary of each valid one."""
    from voicecoach.app import commands

    failed = False
    for level, line in commands.validate(routines, env()):  # every file, every mistake
        click.echo(line, err=level != "ok")
        failed = failed or level == "error"
    if failed:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("routine", type=ROUTINE)
@SESSION
@VERBOSITY
@LANGUAGE
@voice_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable plan (documented).")
def plan(routine: Path, session: str | None, verbosity: settings.Verbosity,
         language: str | None, voice_id: str | None, rate: int | None, volume: float | None,
         as_json: bool) -> None:
    """Show what will be said, and when."""
    from voicecoach.app import commands

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, language=language)
    report = commands.plan(routine, session, run, as_json, env())
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for line in report.out:
        click.echo(line)


def music_options(f: Any) -> Any:
    f = click.option("--music-level", type=click.FloatRange(*settings.MUSIC_LEVEL_RANGE),
                     metavar="LU", help="Music between cues, in LU from the speech (default: "
                     "-10, raised as far as 0 to keep a sparse session at -16 LUFS).")(f)
    f = click.option("--shuffle", is_flag=True, help="Play the music in random order.")(f)
    f = click.option("--music", type=click.Path(path_type=Path), metavar="PATH",
                     help="Music under the coach: a file, folder or .m3u/.m3u8 playlist "
                          "(default: the routine's music:).")(f)
    return f


@cli.command()
@click.argument("routine", type=ROUTINE)
@SESSION
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (default: audio/ROUTINE-NAME).")
@click.option("--split", type=click.Choice(settings.SPLITS), default="session",
              show_default=True, help="One track per session, or per exercise.")
@click.option("--format", "fmt", type=click.Choice(settings.FORMATS), default="mp3",
              show_default=True)
@click.option("--bitrate", type=click.IntRange(*settings.BITRATE_RANGE),
              default=settings.DEFAULT_BITRATE, show_default=True,
              help="MP3 bitrate, kbit/s (mono, 22.05 kHz).")
@VERBOSITY
@LANGUAGE
@voice_options
@music_options
def export(routine: Path, session: str | None, folder: Path | None, split: settings.Split,
           fmt: settings.Format, bitrate: int, verbosity: settings.Verbosity,
           language: str | None, voice_id: str | None, rate: int | None,
           volume: float | None, music: Path | None, shuffle: bool,
           music_level: float | None) -> None:
    """Export sessions as MP3 (or WAV) files, with chapters, lyrics and a playlist."""
    from voicecoach.app.export import Export
    from voicecoach.durations import length

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, fmt, bitrate, split,
                            language=language, music=music, shuffle=shuffle,
                            music_level=music_level)
    job = Export(routine, session, folder, run, env())
    for warning in job.warnings:
        click.echo(f"Warning: {warning}", err=True)
    with click.progressbar(length=job.total, label="Exporting", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        tracks = job.run(bar.update)
    for t in tracks:
        click.echo(f"  {length(t.seconds)}  {t.path}")
    click.echo(f"Wrote {len(tracks)} file{'s' * (len(tracks) != 1)} and a playlist to "
               f"{job.folder}/")


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--session", help="Session name or number (default: ask, or the one due).")
@click.option("--from", "from_", metavar="EXERCISE",
              help="Start at this exercise (name or number).")
@click.option("--output", type=click.Choice(settings.OUTPUTS), default="device",
              show_default=True, help="Sound device, or no sound (cues printed on time).")
@VERBOSITY
@click.option("--listen", is_flag=True,
              help='Spoken commands from the microphone: "coach pause", "coach next"…')
@LANGUAGE
@voice_options
@music_options
def play(routine: Path, session: str | None, from_: str | None, output: settings.Output,
         verbosity: settings.Verbosity, listen: bool, language: str | None,
         voice_id: str | None, rate: int | None, volume: float | None, music: Path | None,
         shuffle: bool, music_level: float | None) -> None:
    """Coach a session live: space pauses, n skips, p goes back, r repeats, q quits."""
    from voicecoach.app import play as app

    def ask(lines: list[str], offered: int) -> int:
        click.echo("\n".join(lines))
        pick: int = click.prompt("Session", type=click.IntRange(1, len(lines)),
                                 default=offered)
        return pick

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, output=output,
                            listen=listen, language=language, music=music, shuffle=shuffle,
                            music_level=music_level)
    chosen, outcome = app.play(routine, session, from_, run, env(), ask,
                               lambda line: click.echo(line, err=True))
    click.echo(f"{chosen.name}: {outcome.status}, {len(outcome.done)} exercise"
               f"{'s' * (len(outcome.done) != 1)} done, {len(outcome.skipped)} skipped.")


@cli.command()
@click.option("--week", is_flag=True, help="Only this week's sessions.")
@click.option("--delete", "delete_id", type=int, metavar="ID", help="Delete one entry.")
@click.option("--clear", is_flag=True, help="Delete every entry.")
def history(week: bool, delete_id: int | None, clear: bool) -> None:
    """Live sessions played, and this week's count against each routine's schedule
    (finished runs with sound, of 30 s or more, count)."""
    from voicecoach.app import commands

    if delete_id is not None or clear:
        _forget(delete_id, clear)
        return
    report = commands.history(week, env())
    for line in report.warnings:
        click.echo(f"Warning: {line}", err=True)
    for line in report.out:
        click.echo(line)


def _forget(delete_id: int | None, clear: bool) -> None:
    """``history --delete ID`` / ``--clear``: asks first on a terminal."""
    from voicecoach.app import commands

    if delete_id is not None and clear:
        raise click.UsageError("give --delete ID or --clear, not both")
    click.echo(commands.forget(delete_id, env(), click.confirm))


@cli.command()
def voices() -> None:
    """List the voices of every installed speech engine (* marks the default)."""
    from voicecoach.speech.voices import listing

    found, missing = listing()
    click.echo(f"  {'ENGINE':<9} {'ID':<28} {'LANGUAGE':<18} {'GENDER':<7} RATE")
    for v, default in found:
        rate = f"{v.rate} Hz" if v.rate else "-"
        click.echo(f"{'*' if default else ' '} {v.engine:<9} {v.id:<28} "
                   f"{','.join(v.languages) or '-':<18} {v.gender or '-':<7} {rate}")
    for line in missing:
        click.echo(line, err=True)


@cli.command()
@click.option("--language", type=click.Choice(settings.LANGUAGES), default="en",
              show_default=True, help="The language whose phrases to list.")
def phrases(language: str) -> None:
    """List every phrase key with its template and placeholders (for a routine's phrases:)."""
    from voicecoach.app import commands

    for line in commands.phrases(language):
        click.echo(line)


@cli.command()
@click.argument("name")
def new(name: str) -> None:
    """Write a commented starter routine to routines/NAME.yaml."""
    from voicecoach.routine.starter import write_starter

    click.echo(f"Wrote {write_starter(Path('routines'), name)}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the routine format (for editor completion)."""
    import json

    from voicecoach.routine.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a kill is handled like Ctrl-C: clean up, exit 130


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):  # the terminal was closed: stop cleanly, as for SIGTERM
        signal.signal(signal.SIGHUP, _terminate)
    cli(prog_name="voicecoach")


if __name__ == "__main__":  # pragma: no cover
    main()
