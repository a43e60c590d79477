"""`callback-sim progress`: scores per category and per question over time, as Markdown or JSON.

Imports stay light at module level (click only), like the other session commands.
"""

from __future__ import annotations

import click

from callback_sim.clock import now_utc
from callback_sim.context import AppContext


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown to paste into notes, or JSON (shape in docs/progress.md).",
)
@click.pass_obj
def progress(app: AppContext, fmt: str) -> None:
    """Scores per category and per question over time, timing, and energy across rounds."""

    from callback_sim.core.progress import progress_markdown
    from callback_sim.store.review import load_report

    report = load_report(app.store(), now=now_utc())
    if fmt == "json":
        import json

        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(progress_markdown(report), nl=False)
