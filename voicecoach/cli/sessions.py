"""The commands that make a session: ``plan`` (the cue sheet), ``export`` (files),
``play`` (live) and ``serve`` (to phones)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from voicecoach import settings
from voicecoach.cli.options import (
    LANGUAGE,
    REPEAT_WEEK,
    ROUTINE,
    SESSION,
    VERBOSITY,
    WEEK,
    env,
    music_options,
    one_week,
    voice_options,
)
from voicecoach.errors import VoicecoachError
from voicecoach.model import Voice


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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
