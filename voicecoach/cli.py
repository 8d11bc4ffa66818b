"""The command line: parse options, call the library, print. Errors become one
``Error: …`` line (exit 1) here and nowhere else; usage errors exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from voicecoach import VERBOSITIES, __version__
from voicecoach.errors import Interrupted, VoicecoachError


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            click.echo(f"Interrupted: {exc}", err=True)
            ctx.exit(130)
        except VoicecoachError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


ROUTINE = click.Path(exists=True, dir_okay=False, path_type=Path)


def voice_options(f: Any) -> Any:
    f = click.option("--volume", type=click.FloatRange(0, 1), help="Voice volume, 0 to 1.")(f)
    f = click.option("--rate", type=click.IntRange(80, 450), help="Words per minute.")(f)
    f = click.option("--voice", "voice_id", help="Voice id (see 'voicecoach voices').")(f)
    return f


def music_options(f: Any) -> Any:
    f = click.option("--music-level", type=click.FloatRange(-40, 0), metavar="LU",
                     help="Music between cues, in LU from the speech (default: -10, raised "
                          "as far as -3 to keep a sparse session at -16 LUFS).")(f)
    f = click.option("--shuffle", is_flag=True, help="Play the music in random order.")(f)
    f = click.option("--music", type=click.Path(path_type=Path), metavar="PATH",
                     help="Music under the coach: a file, folder or .m3u/.m3u8 playlist "
                          "(default: the routine's music:).")(f)
    return f


def find_music(routine_file: Path, routine: Any, option: Path | None, shuffle: bool) -> Any:
    """The music asked for (the option, else the routine's ``music:``), checked before any
    work starts; warnings (tracks skipped) printed."""
    if option is None and routine.music is None:
        return None
    from voicecoach.audio.music import find_music as find

    path = option if option is not None else routine_file.parent / Path(routine.music)
    music = find(path.expanduser(), shuffle)
    for warning in music.warnings:
        click.echo(f"Warning: {warning}", err=True)
    return music


def session_options(f: Any) -> Any:
    f = click.option("--verbosity", type=click.Choice(VERBOSITIES), default="normal",
                     show_default=True, help="How much the coach says.")(f)
    f = click.option("--session", help="Session name or number (default: all).")(f)
    return f


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voicecoach")
def cli() -> None:
    """Spoken workout coaching from YAML routines: plan, play live, or export MP3s."""


@cli.command()
@click.argument("routines", nargs=-1, required=True, type=ROUTINE)
def validate(routines: tuple[Path, ...]) -> None:
    """Check routine files; print a summary of each valid one."""
    from voicecoach.durations import clock
    from voicecoach.routine.reader import load_routine, nominal_length

    for path in routines:
        r = load_routine(path)
        parts = [f"{s.name} ({s.exercise_count()} exercise{'s' * (s.exercise_count() != 1)}, "
                 f"{clock(nominal_length(s))} of work and rest)" for s in r.sessions]
        click.echo(f"{path}: ok — {r.name}: " + "; ".join(parts))


@cli.command()
@click.argument("routine", type=ROUTINE)
@session_options
@voice_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable plan (documented).")
def plan(routine: Path, session: str | None, verbosity: str, voice_id: str | None,
         rate: int | None, volume: float | None, as_json: bool) -> None:
    """Show what will be said, and when."""
    from voicecoach.app import jobs as app
    from voicecoach.model import Voice
    from voicecoach.plan import view as planview

    job = app.make_job(routine, session, Voice(voice_id, rate, volume), verbosity)  # type: ignore[arg-type]
    tls = app.timelines(job, app.make_speech(job.voice))
    for tl in tls:
        for warning in tl.warnings:
            click.echo(f"Warning: {tl.session}: {warning}", err=True)
    if as_json:
        objs = [planview.to_json(tl) for tl in tls]
        click.echo(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(planview.cue_sheet(tl) for tl in tls), nl=False)


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--session", help="Session name or number (default: all).")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (default: audio/ROUTINE-NAME).")
@click.option("--split", type=click.Choice(["session", "exercise"]), default="session",
              show_default=True, help="One track per session, or per exercise.")
@click.option("--format", "fmt", type=click.Choice(["mp3", "wav"]), default="mp3",
              show_default=True)
@click.option("--bitrate", type=click.IntRange(32, 320), default=96, show_default=True,
              help="MP3 bitrate, kbit/s (mono, 22.05 kHz).")
@click.option("--verbosity", type=click.Choice(VERBOSITIES), default="normal",
              show_default=True, help="How much the coach says.")
@voice_options
@music_options
def export(routine: Path, session: str | None, folder: Path | None, split: str, fmt: str,
           bitrate: int, verbosity: str, voice_id: str | None, rate: int | None,
           volume: float | None, music: Path | None, shuffle: bool,
           music_level: float | None) -> None:
    """Export sessions as MP3 (or WAV) files, with chapters, lyrics and a playlist."""
    from voicecoach.app import jobs as app
    from voicecoach.durations import clock
    from voicecoach.export import exporter
    from voicecoach.model import Voice

    job = app.make_job(routine, session, Voice(voice_id, rate, volume), verbosity)  # type: ignore[arg-type]
    exporter.check_tools(fmt)
    tracks_of_music = find_music(routine, job.routine, music, shuffle)
    speech = app.make_speech(job.voice)
    tls = app.timelines(job, speech)
    out = folder if folder is not None else exporter.default_folder(job.routine)
    total = exporter.total_samples(tls)
    with click.progressbar(length=total, label="Exporting", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        tracks = exporter.export(job.routine, tls, speech.clip, out, split, fmt,  # type: ignore[arg-type]
                                 bitrate, bar.update, tracks_of_music, music_level)
    for t in tracks:
        click.echo(f"  {clock(t.seconds)}  {t.path}")
    click.echo(f"Wrote {len(tracks)} file{'s' * (len(tracks) != 1)} and a playlist to {out}/")


@cli.command()
@click.argument("routine", type=ROUTINE)
@click.option("--session", help="Session name or number (default: ask, or the one due).")
@click.option("--from", "from_", metavar="EXERCISE",
              help="Start at this exercise (name or number).")
@click.option("--output", type=click.Choice(["device", "silent"]), default="device",
              show_default=True, help="Sound device, or no sound (cues printed on time).")
@click.option("--verbosity", type=click.Choice(VERBOSITIES), default="normal",
              show_default=True, help="How much the coach says.")
@voice_options
@music_options
def play(routine: Path, session: str | None, from_: str | None, output: str, verbosity: str,
         voice_id: str | None, rate: int | None, volume: float | None, music: Path | None,
         shuffle: bool, music_level: float | None) -> None:
    """Coach a session live: space pauses, n skips, p goes back, q quits."""
    import dataclasses

    from voicecoach.app import jobs as app
    from voicecoach.history import History
    from voicecoach.live import session as live
    from voicecoach.live.keys import keys_for_terminal
    from voicecoach.live.sinks import ClockSink, DeviceSink, RealClock
    from voicecoach.live.view import PlainView, TerminalView
    from voicecoach.model import Voice

    job = app.make_job(routine, session, Voice(voice_id, rate, volume), verbosity)  # type: ignore[arg-type]
    history = History()
    chosen = job.sessions[0] if session else _choose(job.routine, history)
    job = dataclasses.replace(job, sessions=(chosen,))
    tracks_of_music = find_music(routine, job.routine, music, shuffle)
    speech = app.make_speech(job.voice)
    tl = app.timelines(job, speech)[0]
    start = live.start_of(tl, from_)
    sink = ClockSink(RealClock()) if output == "silent" else DeviceSink()
    view = TerminalView(sys.stdout) if sys.stdout.isatty() else PlainView(sys.stdout)
    try:
        with keys_for_terminal() as keys:
            outcome = live.play(job.routine, chosen, tl, speech, sink, keys, view, history, start,
                                music=tracks_of_music, music_level=music_level)
    finally:
        view.close()
        sink.close()
    click.echo(f"{chosen.name}: {outcome.status}, {len(outcome.done)} exercise"
               f"{'s' * (len(outcome.done) != 1)} done, {len(outcome.skipped)} skipped.")


def _choose(routine: Any, history: Any) -> Any:
    """Ask on a terminal (the due session offered); otherwise the one due, said on stderr."""
    from datetime import datetime

    from voicecoach.live import session as live

    due, done = live.due_session(routine, history, datetime.now().astimezone())
    sessions = routine.sessions
    if len(sessions) > 1 and sys.stdin.isatty():
        for i, s in enumerate(sessions, 1):
            click.echo(f"  {i}. {s.name}{'  (due)' if i == due + 1 else ''}")
        pick = click.prompt("Session", type=click.IntRange(1, len(sessions)), default=due + 1)
        return sessions[pick - 1]
    week = f", {done} of {routine.per_week} this week" if routine.per_week else ""
    if len(sessions) > 1:
        click.echo(f"Playing session {due + 1} of {len(sessions)}: {sessions[due].name} "
                   f"(the one due{week}).", err=True)
    return sessions[due]


@cli.command()
@click.option("--week", is_flag=True, help="Only this week's sessions.")
def history(week: bool) -> None:
    """Live sessions played, and this week's count against each routine's schedule."""
    from datetime import datetime

    from voicecoach.history import History, week_start

    now = datetime.now().astimezone()
    store = History()
    entries = store.entries(week_start(now) if week else None)
    if not entries:
        click.echo("No sessions played yet." if not week else "No sessions this week.")
    for e in entries:
        took = f"{(e.ended - e.started).seconds // 60:3d} min" if e.ended else "      "
        click.echo(f"{e.started:%Y-%m-%d %H:%M}  {took}  {e.status:<8}  {e.routine} — "
                   f"{e.session} ({e.done} done, {e.skipped} skipped)")
    for name, per_week in sorted({(e.routine, e.per_week) for e in entries if e.per_week}):
        done = len(store.finished_this_week(name, now))
        click.echo(f"{name}: {done} of {per_week} this week")


@cli.command()
def voices() -> None:
    """List the voices of the installed speech engine."""
    from voicecoach.speech.speech import Pyttsx3Synthesizer

    for v in Pyttsx3Synthesizer().voices():
        click.echo(f"{v.id:<28} {v.name:<32} {','.join(v.languages)}")


@cli.command()
@click.argument("name")
def new(name: str) -> None:
    """Write a commented starter routine to routines/NAME.yaml."""
    from voicecoach.routine.starter import write_starter

    click.echo(f"Wrote {write_starter(Path('routines'), name)}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the routine format (for editor completion)."""
    from voicecoach.routine.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a kill is handled like Ctrl-C: clean up, exit 130


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="voicecoach")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
