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
from voicecoach.routine import fields


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
    for level, text, end in commands.validate(routines, env()):  # every file and mistake
        click.echo(text + end, err=level != "ok", nl=False)  # the checks, then the length
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
@WEEK
@REPEAT_WEEK
def plan(routine: Path, session: str | None, verbosity: settings.Verbosity,
         language: str | None, voice_id: str | None, rate: int | None, volume: float | None,
         as_json: bool, week: int | None, repeat_week: bool) -> None:
    """Show what will be said, and when."""
    from voicecoach.app import commands

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, language=language)
    one_week(week, repeat_week)
    report = commands.plan(routine, session, run, as_json, env(), week, repeat_week)
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
@WEEK
@REPEAT_WEEK
def export(routine: Path, session: str | None, folder: Path | None, split: settings.Split,
           fmt: settings.Format, bitrate: int, verbosity: settings.Verbosity,
           language: str | None, voice_id: str | None, rate: int | None,
           volume: float | None, music: Path | None, shuffle: bool,
           music_level: float | None, week: int | None, repeat_week: bool) -> None:
    """Export sessions as MP3 (or WAV) files, with chapters, lyrics and a playlist."""
    from voicecoach.app.export import Export
    from voicecoach.durations import length

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, fmt, bitrate, split,
                            language=language, music=music, shuffle=shuffle,
                            music_level=music_level)
    one_week(week, repeat_week)
    job = Export(routine, session, folder, run, env(), week, repeat_week)
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
              help='Spoken commands from the microphone: "coach pause", "coach skip it"…')
@LANGUAGE
@voice_options
@music_options
@WEEK
@REPEAT_WEEK
def play(routine: Path, session: str | None, from_: str | None, output: settings.Output,
         verbosity: settings.Verbosity, listen: bool, language: str | None,
         voice_id: str | None, rate: int | None, volume: float | None, music: Path | None,
         shuffle: bool, music_level: float | None, week: int | None,
         repeat_week: bool) -> None:
    """Coach a session live: space pauses, n skips, p goes back, r repeats, m marks the
    exercise missed, q quits."""
    from voicecoach.app import play as app

    one_week(week, repeat_week)

    def ask(lines: list[str], offered: int) -> int:
        click.echo("\n".join(lines))
        pick: int = click.prompt("Session", type=click.IntRange(1, len(lines)),
                                 default=offered)
        return pick

    def tell(names: list[str]) -> tuple[str, ...]:
        from voicecoach.app.program import answered

        def read(text: str) -> tuple[str, ...]:
            try:
                return answered(text, names)
            except VoicecoachError as exc:
                raise click.BadParameter(str(exc)) from None

        click.echo("\n".join(f"  {i}. {name}" for i, name in enumerate(names, 1)))
        try:
            missed: tuple[str, ...] = click.prompt(
                "Anything you could not finish? (numbers or names; Enter: no)", default="",
                show_default=False, value_proc=read)
        except click.exceptions.Abort as exc:   # click's word for Ctrl-C and end of input
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            return ()
        return missed

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, output=output,
                            listen=listen, language=language, music=music, shuffle=shuffle,
                            music_level=music_level)
    chosen, outcome = app.play(routine, session, from_, run, env(), ask,
                               lambda line: click.echo(line, err=True), week, repeat_week,
                               tell)
    done, skipped = outcome.counts
    missed = f"; missed: {', '.join(outcome.missed_names)}" if outcome.missed_names else ""
    click.echo(f"{chosen.name}: {outcome.status}, {done} exercise"
               f"{'s' * (done != 1)} done, {skipped} skipped{missed}.")


@cli.command()
@click.argument("routines", nargs=-1, required=True, type=ROUTINE)
@click.option("--host", metavar="ADDR", help="Address to serve on (default: this computer's "
              "address on the network of its default route).")
@click.option("--port", type=click.IntRange(*settings.PORT_RANGE),
              default=settings.DEFAULT_PORT, show_default=True)
@click.option("--new-token", is_flag=True,
              help="A new secret path: phones subscribed before lose the feed.")
@click.option("--split", type=click.Choice(settings.SPLITS), default="session",
              show_default=True, help="One episode per session, or per exercise.")
@VERBOSITY
@LANGUAGE
@voice_options
@music_options
def serve(routines: tuple[Path, ...], host: str | None, port: int, new_token: bool,
          split: settings.Split, verbosity: settings.Verbosity, language: str | None,
          voice_id: str | None, rate: int | None, volume: float | None, music: Path | None,
          shuffle: bool, music_level: float | None) -> None:
    """Serve the sessions to phones on your network: a podcast feed and a player page."""
    from voicecoach.app.serve import Serve

    run = settings.Settings(Voice(voice_id, rate, volume), verbosity, split=split,
                            language=language, music=music, shuffle=shuffle,
                            music_level=music_level)
    job = Serve(list(routines), run, env(), host, port, new_token,
                lambda line: click.echo(line, err=line.startswith(("Error", "Warning"))),
                lambda: click.echo("Exporting the sessions…", err=True))
    for line in job.banner(split):
        click.echo(line)
    job.run()


@cli.command()
@click.option("--week", is_flag=True, help="Only this week's sessions.")
@click.option("--delete", "delete_id", type=int, metavar="ID", help="Delete one entry.")
@click.option("--clear", is_flag=True, help="Delete every entry.")
@click.option("--export", "export_as", type=click.Choice(["csv"]),
              help="Write the history to stdout (csv: a header, a row a session).")
def history(week: bool, delete_id: int | None, clear: bool, export_as: str | None) -> None:
    """Live sessions played; for each routine with a schedule, this week's count, the
    weekly streak and a 12-week grid (finished runs with sound, of 30 s or more, count)."""
    from voicecoach.app import commands

    if export_as is not None and (delete_id is not None or clear):
        raise click.UsageError("give --export or --delete/--clear, not both")
    if week and (delete_id is not None or clear):
        raise click.UsageError("--week shows this week's sessions: give it or --delete/--clear, "
                               "not both")
    if delete_id is not None or clear:
        _forget(delete_id, clear)
        return
    if export_as is not None:
        click.echo(commands.history_csv(week, env()), nl=False)
        return
    report = commands.history(week, env())
    for line in report.warnings:
        click.echo(f"Warning: {line}", err=True)
    for line in report.out:
        click.echo(line)


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--session", help="Session name or number (default: the one due).")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                                                     "%Y-%m-%d"]),
              help="When it was done, local time (default: now; a date alone: its noon).")
@click.option("--missed", multiple=True, metavar="NAME",
              help="An exercise you could not finish (again for more).")
@click.option("--pain", type=click.IntRange(0, 10), metavar="N",
              help="Pain during the session, 0 (none) to 10.")
def log(routine: Path, session: str | None, when: Any, missed: tuple[str, ...],
        pain: int | None) -> None:
    """Record a session done from the phone (it counts, and progression reads it)."""
    from voicecoach.app import program

    if when is not None and (when.hour, when.minute) == (0, 0):
        when = when.replace(hour=12)
    click.echo(program.log(routine, session, when, missed, pain, env()))


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also draw the values to FILE.svg or FILE.png.")
def progress(routine: Path, chart: Path | None) -> None:
    """Each growing exercise's values over your sessions, and what comes next."""
    from voicecoach.app import progress as progress_app

    for line in progress_app.progress(routine, chart, env()):
        click.echo(line)


def _forget(delete_id: int | None, clear: bool) -> None:
    """``history --delete ID`` / ``--clear``: asks first on a terminal."""
    from voicecoach.app import commands

    if delete_id is not None and clear:
        raise click.UsageError("give --delete ID or --clear, not both")
    click.echo(commands.forget(delete_id, env(), click.confirm))


_PER_WEEK = (int(fields.field("schedule", "per_week").low),
             int(fields.field("schedule", "per_week").high))


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--weeks", type=click.IntRange(*settings.CALENDAR_WEEKS_RANGE),
              help="Weeks of sessions (default: a program's weeks left, else "
                   f"{settings.CALENDAR_WEEKS}).")
@click.option("--time", "at", type=click.DateTime(["%H:%M"]), default="18:00",
              show_default=True, help="Local time of day of each session (HH:MM).")
@click.option("--per-week", type=click.IntRange(*_PER_WEEK),
              help="Sessions a week (default: the routine's schedule).")
def calendar(routine: Path, weeks: int | None, at: Any, per_week: int | None) -> None:
    """The coming sessions as iCalendar events: calendar ROUTINE > plan.ics."""
    from voicecoach.app.agenda import calendar as make

    click.echo(make(routine, at.time(), weeks, per_week, env()), nl=False)


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

    # Ctrl-C (and `kill -INT`) stops play and export however the coach was started: a
    # process started in the background by a non-interactive shell inherits SIGINT as
    # ignored, and Python would then never raise KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(signal, "SIGHUP"):  # the terminal was closed: stop cleanly, as for SIGTERM
        signal.signal(signal.SIGHUP, _terminate)
    cli(prog_name="voicecoach")


if __name__ == "__main__":  # pragma: no cover
    main()
