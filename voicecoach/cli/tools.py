"""The commands about routines and voices: ``validate``, ``voices``, ``phrases``, ``new``
and ``schema``."""

from __future__ import annotations

from pathlib import Path

import click

from voicecoach import settings
from voicecoach.cli.options import (
    ROUTINE,
    env,
)


@click.command()
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


@click.command()
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


@click.command()
@click.option("--language", type=click.Choice(settings.LANGUAGES), default="en",
              show_default=True, help="The language whose phrases to list.")
def phrases(language: str) -> None:
    """List every phrase key with its template and placeholders (for a routine's phrases:)."""
    from voicecoach.app import commands

    for line in commands.phrases(language):
        click.echo(line)


@click.command()
@click.argument("name")
def new(name: str) -> None:
    """Write a commented starter routine to routines/NAME.yaml."""
    from voicecoach.routine.starter import write_starter

    click.echo(f"Wrote {write_starter(Path('routines'), name)}")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the routine format (for editor completion)."""
    import json

    from voicecoach.routine.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
