"""`callback-sim bank ...`: list, show and validate question banks.

More subcommands (`new`, `import`, `export`) can live in other modules: add them to
`EXTRA_COMMANDS` ("module:attribute", imported on first use) or decorate with `@bank.command`.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from callback_sim.context import AppContext
from callback_sim.core.models import Bank, Question, RubricTerm, Template

#: Subcommands defined in other modules: name -> "module:attribute" (imported when invoked).
EXTRA_COMMANDS: dict[str, str] = {
    "new": "callback_sim.cli.bank_edit:new_bank",
    "import": "callback_sim.cli.bank_edit:import_questions",
    "export": "callback_sim.cli.bank_edit:export_bank",
}


class BankGroup(click.Group):
    """The `bank` group: its own commands plus lazily imported ones from `EXTRA_COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *EXTRA_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in EXTRA_COMMANDS:
            module_name, attr = EXTRA_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            assert isinstance(command, click.Command)
        return command


@click.group(cls=BankGroup)
def bank() -> None:
    """List, show and validate question banks (built-in and your own)."""


def _warn(errors: Sequence[str]) -> None:
    for error in errors:
        click.echo(f"warning: {error}", err=True)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns, the last one unpadded (paths can be long)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


@bank.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.pass_obj
def list_banks(app: AppContext, as_json: bool) -> None:
    """List the built-in and user banks. Broken user banks are reported on stderr."""
    banks = app.banks()
    _warn(banks.errors)
    if as_json:
        click.echo(json.dumps([b.to_json() for b in banks.banks], indent=2, ensure_ascii=False))
        return
    if not banks.banks:
        click.echo("No banks found.")
        return
    rows = [("ID", "TITLE", "CATEGORY", "QUESTIONS", "SOURCE", "PATH")]
    rows += [
        (b.id, b.title, b.category, str(len(b.questions)), b.source, b.path or "")
        for b in banks.banks
    ]
    for line in _table(rows):
        click.echo(line.rstrip())


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _term_line(sign: str, term: RubricTerm) -> str:
    extra = ", required" if term.required else ""
    phrases = ", ".join(term.phrases)
    signals = f" {term.tags}" if term.tags else ""
    return f"    {sign} {term.label} (weight {_number(term.weight)}{extra}): {phrases}{signals}"


def _details(item: Question | Template) -> str:
    parts = [item.persona or "any persona", f"{item.time_limit} s", item.category]
    if item.tags:
        parts.append("tags: " + ", ".join(item.tags))
    return "[" + "; ".join(parts) + "]"


def _item_lines(item: Question | Template, heading: str) -> list[str]:
    lines = [f"{heading}  {_details(item)}", f"  {item.prompt}"]
    if item.rubric:
        lines.append("  covers:")
        lines += [_term_line("+", t) for t in item.rubric]
    if item.avoid:
        lines.append("  avoid:")
        lines += [_term_line("-", t) for t in item.avoid]
    return lines


def _terms_json(terms: Sequence[RubricTerm]) -> list[dict[str, Any]]:
    return [{**t.to_json(), "required": t.required} for t in terms]


def _item_json(item: Question | Template) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id}
    if isinstance(item, Template):
        out["kind"] = item.kind
    out.update(
        prompt=item.prompt,
        category=item.category,
        persona=item.persona,
        time_limit=item.time_limit,
        tags=list(item.tags),
        rubric=_terms_json(item.rubric),
        avoid=_terms_json(item.avoid),
    )
    return out


def bank_json(b: Bank) -> dict[str, Any]:
    """The `bank show --json` object: the bank's fields with every question and template."""
    return {
        **b.to_json(),
        "description": b.description,
        "time_limit": b.time_limit,
        "questions": [_item_json(q) for q in b.questions],
        "templates": [_item_json(t) for t in b.templates],
    }


@bank.command("show")
@click.argument("bank_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the bank as one JSON object.")
@click.pass_obj
def show_bank(app: AppContext, bank_id: str, as_json: bool) -> None:
    """Show a bank's questions with persona, time limit, tags and rubric (ID or a file path)."""
    b = app.banks().resolve(bank_id)
    if as_json:
        click.echo(json.dumps(bank_json(b), indent=2, ensure_ascii=False))
        return
    lines = [
        f"{b.id}: {b.title}",
        f"category {b.category}; {b.source} bank; {len(b.questions)} questions, "
        f"{len(b.templates)} templates; default time limit {b.time_limit} s",
    ]
    if b.path:
        lines.append(f"file: {b.path}")
    if b.description:
        lines.append(b.description.strip())
    if not b.questions:
        lines += ["", "No questions yet: add [[questions]] tables (see docs/bank-format.md)."]
    for q in b.questions:
        lines += ["", *_item_lines(q, q.id)]
    if b.templates:
        lines += ["", "Pushback templates (filled from your round-one debrief):"]
        for t in b.templates:
            lines += ["", *_item_lines(t, f"{t.id} ({t.kind})")]
    click.echo("\n".join(lines))


@bank.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def validate_banks(app: AppContext, paths: tuple[Path, ...]) -> None:
    """Check bank files; print each problem as FILE:LINE: MESSAGE and exit 1 if there are any.

    Bank ids must also differ from those of the installed banks (built-in and yours),
    except the banks loaded from the very files being checked. Warnings (FILE:LINE:
    warning: ...), such as a question that states what the candidate said, do not fail.
    """
    from callback_sim.core.banks import check_bank_files

    checked = {p.resolve() for p in paths}
    known = [
        b for b in app.banks().banks if b.path is None or Path(b.path).resolve() not in checked
    ]
    failed = False
    for result in check_bank_files(list(paths), known=known):
        if result.errors or result.bank is None:
            failed = True
            for error in result.errors:
                # "Error: FILE:LINE: message", like every other command's errors.
                click.echo(f"Error: {error}", err=True)
            continue
        b = result.bank
        for warning in result.warnings:
            click.echo(warning, err=True)
        click.echo(
            f"ok: {result.path} ({len(b.questions)} questions, {len(b.templates)} templates)"
        )
    if failed:
        sys.exit(1)
