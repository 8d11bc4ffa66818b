"""The command line: parse options, make the settings, call one app function, print. Errors
become one ``Error: …`` line (exit 1) here and nowhere else; usage errors exit 2. The
commands are in ``sessions`` (plan, export, play, serve), ``records`` (history, log,
progress, calendar) and ``tools`` (validate, voices, phrases, new, schema)."""

from __future__ import annotations

from typing import Any

import click

from voicecoach import __version__
from voicecoach.cli import records, sessions, tools
from voicecoach.errors import Interrupted, VoicecoachError


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


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voicecoach")
def cli() -> None:
    """Spoken workout coaching from YAML routines: plan, play live, or export MP3s."""


for _command in (sessions.plan, sessions.export, sessions.play, sessions.serve,
                 records.history, records.log, records.progress, records.calendar,
                 tools.validate, tools.voices, tools.phrases, tools.new, tools.schema):
    cli.add_command(_command)


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
