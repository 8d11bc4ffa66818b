"""The commands about what was done: ``history``, ``log``, ``progress`` and
``calendar`` (what comes next)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from voicecoach import settings
from voicecoach.cli.options import (
    ROUTINE,
    env,
)
from voicecoach.routine import fields


@click.command()
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


def _forget(delete_id: int | None, clear: bool) -> None:
    """``history --delete ID`` / ``--clear``: asks first on a terminal."""
    from voicecoach.app import commands

    if delete_id is not None and clear:
        raise click.UsageError("give --delete ID or --clear, not both")
    click.echo(commands.forget(delete_id, env(), click.confirm))


@click.command()
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


@click.command()
@click.argument("routine", type=ROUTINE)
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also draw the values to FILE.svg or FILE.png.")
def progress(routine: Path, chart: Path | None) -> None:
    """Each growing exercise's values over your sessions, and what comes next."""
    from voicecoach.app import progress as progress_app

    for line in progress_app.progress(routine, chart, env()):
        click.echo(line)


_PER_WEEK = (int(fields.field("schedule", "per_week").low),
             int(fields.field("schedule", "per_week").high))


@click.command()
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
