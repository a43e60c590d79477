"""`callback-sim debrief import|export` (round-one debriefs) and `plan` (a callback round).

Debriefs are read from the TOML file of docs/debrief-format.md and kept in the database;
`plan` shows which questions a callback round for that company would ask, and why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from callback_sim.context import AppContext
from callback_sim.core.debrief import Debrief, dump_debrief
from callback_sim.core.errors import NotFoundError
from callback_sim.core.models import Question
from callback_sim.core.text import counted


@click.group()
def debrief() -> None:
    """Round-one debriefs: who you met, what they asked, what you said, how it landed."""


@debrief.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_debrief(app: AppContext, file: Path) -> None:
    """Load a debrief: TOML, or plain notes (.md/.txt); re-importing a company updates it.

    Plain notes are `Q:`/`A:` pairs, `Interviewer: Name, Title (Department)` lines,
    reactions in brackets and `Not covered: ...` (docs/debrief-format.md); what was
    understood is printed first, and lines that were not are listed as warnings.
    """
    from callback_sim.core.notes import describe_debrief, is_notes_file, load_debrief_file
    from callback_sim.store.debriefs import find_debrief, save_debrief

    reading = load_debrief_file(file)
    parsed = reading.debrief
    if is_notes_file(file):
        for warning in reading.warnings:
            click.echo(warning, err=True)
        click.echo("Understood from your notes:")
        click.echo("\n".join(f"  {line}" for line in describe_debrief(parsed)))
    store = app.store()
    existed = find_debrief(store, parsed.company) is not None
    save_debrief(store, parsed)
    exchanges = len(parsed.exchanges())
    hesitated = sum(1 for _, _, e in parsed.exchanges() if e.reaction == "hesitated")
    verb = "Updated" if existed else "Imported"
    click.echo(
        f"{verb} debrief for {parsed.company}: {counted(len(parsed.rounds), 'round')}, "
        f"{counted(len(parsed.people()), 'person', 'people')}, "
        f"{counted(exchanges, 'exchange')} ({hesitated} hesitated), "
        f"{counted(len(parsed.uncovered), 'uncovered topic')}."
    )


@debrief.command("export")
@click.argument("name", required=False, metavar="[NAME]")
@click.option("--company", help="Company name (any case), as in `plan` and `kit export`.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the TOML to FILE instead of standard output.",
)
@click.pass_obj
def export_debrief(
    app: AppContext, name: str | None, company: str | None, out: Path | None
) -> None:
    """Write a stored company's debrief as TOML (to standard output by default).

    Name the company with --company (the bare NAME of earlier versions still works).
    """
    from callback_sim.store.debriefs import get_debrief

    if name and company and name.casefold() != company.casefold():
        raise click.UsageError(f"two companies given: {name!r} and --company {company!r}")
    name = company or name
    if not name:
        raise click.UsageError("name the company: debrief export --company NAME")

    text = dump_debrief(get_debrief(app.store(), name))
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {out}", err=True)


def _plan_source(app: AppContext, company: str | None, file: Path | None) -> Debrief:
    if file is not None:
        from callback_sim.core.notes import load_debrief_file

        parsed = load_debrief_file(file).debrief
        if company is not None and parsed.company.casefold() != company.strip().casefold():
            raise NotFoundError(
                f"{file}: the debrief is for {parsed.company!r}, not {company!r}; "
                "drop --company or pick the matching file"
            )
        return parsed
    if company is None:
        raise click.UsageError("give --company NAME (a stored debrief) or --debrief FILE")
    from callback_sim.store.debriefs import get_debrief

    return get_debrief(app.store(), company)


def plan_json(
    company: str, questions: list[Question], *, follow_ups: bool = True
) -> dict[str, Any]:
    """The `plan --json` object of PRODUCT.md, plus how many follow-ups the round may add."""
    from callback_sim.core.round import follow_up_budget

    return {
        "company": company,
        # Follow-ups depend on the answers, so a plan can only say how many may come.
        "follow_ups": {
            "enabled": follow_ups,
            "at_most": follow_up_budget(len(questions)) if follow_ups else 0,
        },
        "questions": [
            {
                "id": q.id,
                "prompt": q.prompt,
                "category": q.category,
                "persona": q.persona,
                "source": q.source.to_json(),
            }
            for q in questions
        ],
    }


def _why(q: Question) -> str:
    """Where a question came from, in words."""
    kind = q.source.kind
    if kind == "bank":
        return f"bank {q.bank_id}" if q.bank_id else "bank"
    if kind == "uncovered":
        return f"uncovered topic: {q.source.topic}"
    if kind == "practice":
        return "your last practice answer"
    exchange = q.source.exchange
    where = f"round-one exchange {exchange + 1}" if exchange is not None else "round one"
    return f"{kind.replace('_', ' ')} · {where}"


@click.command()
@click.option("--company", help="A company whose debrief was imported with `debrief import`.")
@click.option(
    "--debrief",
    "debrief_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Plan straight from a debrief file (TOML or plain notes), without importing it.",
)
@click.option(
    "--count",
    type=click.IntRange(1, 50),
    help="How many questions (default: question_count in the settings, as practice uses).",
)
@click.option("--seed", type=int, help="Plan the loop this seed gives instead of the next one.")
@click.option(
    "--fresh", is_flag=True, help="Replace the company's next loop with a new one, and show it."
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_obj
def plan(
    app: AppContext,
    company: str | None,
    debrief_file: Path | None,
    count: int | None,
    seed: int | None,
    fresh: bool,
    as_json: bool,
) -> None:
    """Show the company's next callback loop: the questions, in order, with their sources.

    It is exactly the loop `practice --plain --company NAME` and the TUI then ask, and it
    stays the same until it is practised, the debrief changes, or you ask for --fresh.
    """
    from callback_sim.loops import next_company_loop

    if fresh and seed is not None:
        raise click.UsageError("--fresh picks a new loop and --seed a given one: use one")
    source = _plan_source(app, company, debrief_file)
    banks = app.banks()
    for error in banks.errors:
        click.echo(f"warning: {error}", err=True)
    # A plan from a file needs no database, so it is not kept as the company's next loop.
    store = app.store() if debrief_file is None else None
    n = count or app.settings().question_count
    questions = next_company_loop(store, source, banks, count=n, seed=seed, fresh=fresh).questions
    if as_json:
        out = plan_json(source.company, questions, follow_ups=app.settings().follow_ups)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    role = f" — {source.role}" if source.role else ""
    click.echo(f"Callback round for {source.company}{role}: {len(questions)} questions")
    for position, q in enumerate(questions, start=1):
        who = q.persona or "interviewer"
        if q.asked_by:
            who = f"{q.asked_by}, {who}"
        click.echo(f"\n{position:>2}. [{q.category}] ({who})")
        click.echo(f"    {q.prompt}")
        click.echo(f"    from: {_why(q)}")
        if q.source.quote:
            click.echo(f'    quoting: "{q.source.quote}"')
