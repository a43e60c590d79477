"""`callback-sim kit ...` (fill, show and export a company's prep kit) and `ask-check`.

The kit is read from a TOML file (docs/prep-kit.md) so it can be filled without the TUI;
`kit export` writes the Markdown brief to take into the callback day.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from callback_sim.context import AppContext
from callback_sim.core.askcheck import AskCheck, classify_question
from callback_sim.core.errors import NotFoundError
from callback_sim.core.kit import (
    Kit,
    briefing_note,
    dump_kit,
    load_kit_file,
    merge_kit,
    plan_markdown,
    render_brief,
    unbriefed_warnings,
)


def _today() -> date:
    return date.today()


def _require_kit(app: AppContext, company: str) -> Kit:
    """The company's stored kit, or a one-line error listing the kits there are."""
    from callback_sim.store.kit import get_kit, list_kit_companies

    store = app.store()
    kit = get_kit(store, company)
    if kit is None:
        known = list_kit_companies(store)
        listed = f" (kits: {', '.join(known)})" if known else ""
        raise NotFoundError(
            f"no prep kit for {company!r}{listed}; create one with `callback-sim kit import FILE`"
        )
    return kit


def _write_or_echo(text: str, out: str | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    path = Path(out)
    path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {path}", err=True)


def _tone_label(check: AskCheck) -> str:
    return "curious" if check.tone == "curious" else "due diligence"


@click.group()
def kit() -> None:
    """The callback prep kit: start plan, references and questions to ask, per company."""


@kit.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_kit(app: AppContext, file: Path) -> None:
    """Load a kit TOML file; re-importing replaces only the sections the file has."""
    from callback_sim.store.kit import get_kit, save_kit

    parsed = load_kit_file(file)
    store = app.store()
    existing = get_kit(store, parsed.kit.company)
    saved = save_kit(store, merge_kit(existing, parsed))
    verb = "Updated" if existing is not None else "Imported"
    plan = saved.plan
    goals = len(plan.day30) + len(plan.day60) + len(plan.day90)
    checks = [classify_question(q) for q in saved.questions]
    curious = sum(1 for c in checks if c.tone == "curious")
    click.echo(
        f"{verb} the prep kit for {saved.company}: {goals} goal(s), "
        f"{len(saved.references)} reference(s), {len(saved.questions)} question(s) to ask "
        f"({curious} curious, {len(checks) - curious} due diligence)."
    )
    for warning in unbriefed_warnings(saved.references, saved.next_round, _today()):
        click.echo(f"warning: {warning}", err=True)


@kit.command("show")
@click.option("--company", required=True, help="Company name (any case).")
@click.option("--json", "as_json", is_flag=True, help="Print the kit as JSON.")
@click.pass_obj
def show_kit(app: AppContext, company: str, as_json: bool) -> None:
    """Show a company's kit: plan, references (with warnings) and question tones."""
    found = _require_kit(app, company)
    today = _today()
    warnings = unbriefed_warnings(found.references, found.next_round, today)
    checks = [classify_question(q) for q in found.questions]
    if as_json:
        record: dict[str, Any] = found.to_record()
        record["warnings"] = warnings
        record["questions"] = [c.to_json() for c in checks]
        click.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    click.echo(f"{found.company}" + (f" — {found.role}" if found.role else ""))
    if found.next_round:
        click.echo(f"Next round: {found.next_round.isoformat()}")
    plan = found.plan
    click.echo("")
    click.echo("Start plan")
    for days, goals in plan.horizons():
        click.echo(f"  {days} days: " + ("; ".join(goals) if goals else "(none)"))
    for label, items in (
        ("People to meet", plan.people),
        ("Skills to acquire", plan.skills),
        ("Information needed", plan.information_needed),
    ):
        click.echo(f"  {label}: " + ("; ".join(items) if items else "(none)"))
    t = plan.transition
    click.echo(f"  Notice period: {t.notice_period or '(not set)'}")
    click.echo(f"  Earliest start: {t.earliest_start or '(not set)'}")
    click.echo("  Handover: " + ("; ".join(t.handover) if t.handover else "(none)"))
    click.echo("")
    click.echo("References")
    if not found.references:
        click.echo("  (none)")
    for ref in found.references:
        status = f"briefed {ref.briefed_on.isoformat()}" if ref.briefed_on else "not briefed"
        jd = "JD sent" if ref.jd_sent else "JD not sent"
        relation = f" ({ref.relationship})" if ref.relationship else ""
        click.echo(f"  {ref.name}{relation}: {status}, {jd}")
    for warning in warnings:
        click.echo(f"  warning: {warning}")
    click.echo("")
    click.echo("Questions to ask")
    if not checks:
        click.echo("  (none)")
    for check in checks:
        click.echo(f"  [{_tone_label(check)}] {check.question}")
        if check.suggestion:
            click.echo(f"      try: {check.suggestion}")


@kit.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of company names.")
@click.pass_obj
def list_kits(app: AppContext, as_json: bool) -> None:
    """List the companies that have a prep kit."""
    from callback_sim.store.kit import list_kit_companies

    names = list_kit_companies(app.store())
    if as_json:
        click.echo(json.dumps(names, ensure_ascii=False))
    elif not names:
        click.echo("No prep kits yet; create one with `callback-sim kit import FILE`.")
    else:
        for name in names:
            click.echo(name)


@kit.command("export")
@click.option("--company", required=True, help="Company name (any case).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "toml"]),
    default="md",
    show_default=True,
    help="md: the brief to take into the callback day; toml: the kit file, to edit and re-import.",
)
@click.option("--plan-only", is_flag=True, help="Only the start plan (Markdown).")
@click.pass_obj
def export_kit(app: AppContext, company: str, out: str | None, fmt: str, plan_only: bool) -> None:
    """Write the start plan, references and questions to ask as one Markdown brief."""
    found = _require_kit(app, company)
    if fmt == "toml":
        text = dump_kit(found)
    elif plan_only:
        text = plan_markdown(found.plan, f"# Start plan: {found.company}")
    else:
        text = render_brief(found, _today())
    _write_or_echo(text, out)


@kit.command("note")
@click.option("--company", required=True, help="Company name (any case).")
@click.option("--reference", "name", help="Only this reference (default: every one).")
@click.pass_obj
def note(app: AppContext, company: str, name: str | None) -> None:
    """Print a briefing email for each reference to copy into your mail client (nothing is sent)."""
    found = _require_kit(app, company)
    refs = found.references
    if name is not None:
        refs = tuple(r for r in refs if r.name.casefold() == name.strip().casefold())
        if not refs:
            listed = ", ".join(r.name for r in found.references) or "none yet"
            raise NotFoundError(f"no reference {name!r} in the {found.company} kit ({listed})")
    if not refs:
        raise NotFoundError(f"the {found.company} kit lists no references; add [[references]]")
    notes = [briefing_note(r, found.company, found.role) for r in refs]
    click.echo(("\n" + "-" * 40 + "\n\n").join(notes), nl=False)


@kit.command("score")
@click.option("--company", required=True, help="Company name (any case).")
@click.option("--question", "question_id", required=True, help="Question id, e.g. start_plan-001.")
@click.option("--bank", "bank_ref", help="Bank id or file (default: search every bank).")
@click.option("--answer", help="The answer text.")
@click.option(
    "--answer-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the answer from FILE.",
)
@click.option("--seconds", type=float, help="How long the answer took (for delivery).")
@click.option("--json", "as_json", is_flag=True, help="Print the score JSON of `score --json`.")
@click.pass_obj
def score_with_kit(
    app: AppContext,
    company: str,
    question_id: str,
    bank_ref: str | None,
    answer: str | None,
    answer_file: Path | None,
    seconds: float | None,
    as_json: bool,
) -> None:
    """Score one answer with the company's kit: against your own plan and references."""
    from callback_sim.core.kit import score_kit_answer

    if answer is not None and answer_file is not None:
        raise click.UsageError("give only one of --answer TEXT or --answer-file FILE")
    if answer is not None:
        text = answer
    elif answer_file is not None:
        text = answer_file.read_text(encoding="utf-8")
    else:
        raise click.UsageError("give the answer with --answer TEXT or --answer-file FILE")
    found = _require_kit(app, company)
    banks = app.banks()
    if bank_ref is not None:
        question = banks.resolve(bank_ref).question(question_id)
        if question is None:
            raise NotFoundError(f"no question {question_id!r} in bank {bank_ref!r}")
    else:
        maybe = banks.find_question(question_id)
        if maybe is None:
            raise NotFoundError(
                f"no question {question_id!r} in any bank; see `callback-sim bank list`"
            )
        question = maybe
    score = score_kit_answer(question, text, found, seconds=seconds)
    if as_json:
        click.echo(json.dumps(score.to_json(), ensure_ascii=False))
        return
    click.echo(
        f"Score {score.score:g} (content {score.content_score:g}, "
        f"delivery {score.delivery_score:g})"
    )
    for term in score.terms:
        mark = "+" if term.matched else "-"
        said = f': "{term.evidence}"' if term.evidence else ""
        click.echo(f"  {mark} {term.label}{said}")
    for term in score.avoid:
        if term.matched:
            click.echo(f'  ! {term.label}: "{term.evidence}"')
    for line in score.feedback:
        click.echo(f"  > {line}")


@click.command("ask-check")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def ask_check(question: str, as_json: bool) -> None:
    """Is a question for the interviewer curious or due-diligence, and why."""
    if not question.strip():
        raise click.BadParameter('give the question to check, e.g. ask-check "What ...?"')
    check = classify_question(question)
    if as_json:
        click.echo(json.dumps(check.to_json(), ensure_ascii=False))
        return
    click.echo(f"Tone: {_tone_label(check)}")
    click.echo("Reasons:")
    for reason in check.reasons:
        click.echo(f"  - {reason}")
    if check.suggestion:
        click.echo(f"Suggestion: {check.suggestion}")
