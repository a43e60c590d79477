"""The `callback-sim` command: the TUI with no arguments, subcommands for scripts.

Subcommands live one group per module in this package and are imported only when
invoked (`LazyGroup`), so `callback-sim` alone starts the TUI without paying for them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from callback_sim import __version__
from callback_sim.context import AppContext
from callback_sim.core.errors import CallbackSimError

#: name -> "module:attribute" of each subcommand.
COMMANDS: dict[str, str] = {
    "score": "callback_sim.cli.score:score",
    "bank": "callback_sim.cli.bank:bank",
    "practice": "callback_sim.cli.sessions:practice",
    "history": "callback_sim.cli.data:history",
    "report": "callback_sim.cli.data:report",
    "export": "callback_sim.cli.data:export",
    "import-export": "callback_sim.cli.data:import_export",
    "backup": "callback_sim.cli.data:backup",
    "restore": "callback_sim.cli.data:restore",
    "doctor": "callback_sim.cli.data:doctor",
    "rescore": "callback_sim.cli.data:rescore",
    "progress": "callback_sim.cli.review:progress",
    "debrief": "callback_sim.cli.debrief:debrief",
    "plan": "callback_sim.cli.debrief:plan",
    "kit": "callback_sim.cli.kit:kit",
    "ask-check": "callback_sim.cli.kit:ask_check",
    "voice": "callback_sim.cli.voice:voice",
    "locate": "callback_sim.cli:locate",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; domain errors become one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CallbackSimError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            # `callback-sim history | head`: the reader left; that is not an error.
            _silence_stdout()
            ctx.exit(0)
        except OSError as exc:
            # Disk full, permission denied, missing file: a user problem, said in one line.
            name = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{name}{exc.strerror or exc}") from None


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar="CALLBACK_SIM_HOME",
    help="Keep all data, config and user banks under DIR (env CALLBACK_SIM_HOME).",
)
@click.version_option(__version__, prog_name="callback-sim")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """Rehearse callback interviews: seeded pushback, timed answers, explainable scores.

    With no command, opens the full-screen app.
    """
    app_context = AppContext.create(data_dir)
    ctx.obj = app_context
    ctx.call_on_close(app_context.close)
    if ctx.invoked_subcommand is None:
        from callback_sim.tui.app import run_app

        ctx.exit(run_app(app_context))


@click.command()
@click.pass_obj
def locate(app: AppContext) -> None:
    """Print where config, data, database and user banks live."""
    from callback_sim.paths import builtin_banks_dir

    rows = [
        ("config", app.paths.config_file),
        ("data", app.paths.data_dir),
        ("database", app.paths.database),
        ("banks", app.paths.user_banks),
        ("builtin-banks", builtin_banks_dir()),
        ("backups", app.paths.backups),
    ]
    for name, path in rows:
        click.echo(f"{name + ':':<15}{path}")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit-time flush cannot raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="callback-sim")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
