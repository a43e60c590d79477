"""`callback-sim bank new / import / export`: make user banks, fill them from lists, share them.

Registered on the `bank` group through `EXTRA_COMMANDS` in cli/bank.py, so these modules
(tomlkit, the importer) load only when one of these commands runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from callback_sim.context import AppContext
from callback_sim.core.errors import BankError, CallbackSimError
from callback_sim.core.models import Bank

if TYPE_CHECKING:
    from callback_sim.core.importer import ImportedQuestion


def _user_bank(app: AppContext, bank_id: str) -> Bank | None:
    """The user's bank with this id; a built-in id or a broken file is refused in one line."""
    from callback_sim.bankfiles import user_bank_path

    banks = app.banks()
    for bank in banks.banks:
        if bank.id != bank_id:
            continue
        if bank.source == "builtin":
            raise CallbackSimError(
                f"{bank_id!r} is a built-in bank and cannot be changed; copy it first: "
                f"callback-sim bank new my-{bank_id} --from {bank_id}"
            )
        return bank
    path = user_bank_path(app.paths.user_banks, bank_id)
    if path.exists():
        raise BankError(
            f"{path}: this bank file has errors; run `callback-sim bank validate {path}` "
            "and fix them first"
        )
    return None


def create_user_bank(
    app: AppContext,
    bank_id: str,
    *,
    title: str | None = None,
    category: str | None = None,
    copy_from: str | None = None,
) -> Path:
    """Write a new user bank (empty, or a copy of another bank) and reload the banks."""
    from callback_sim.bankfiles import create_bank_file

    app.paths.ensure_data_dir()
    path = create_bank_file(
        app.paths.user_banks,
        app.banks(),
        bank_id,
        title=title,
        category=category,
        copy_from=copy_from,
    )
    app.banks(reload=True)
    return path


@click.command("new")
@click.argument("bank_id", metavar="ID")
@click.option("--title", help="Title shown in lists (default: the id).")
@click.option("--category", help="Default category of its questions (default: general).")
@click.option(
    "--from",
    "copy_from",
    metavar="BANK",
    help="Start from a copy of this bank (e.g. a built-in one), comments and all.",
)
@click.pass_obj
def new_bank(
    app: AppContext, bank_id: str, title: str | None, category: str | None, copy_from: str | None
) -> None:
    """Create the user bank ID in the data directory's banks/ (empty, or a copy with --from)."""
    path = create_user_bank(app, bank_id, title=title, category=category, copy_from=copy_from)
    click.echo(f"created bank {bank_id}: {path}")


def _starter_lines(added: Sequence[object], starters: dict[str, str]) -> list[str]:
    from callback_sim.core.importer import PlannedQuestion

    lines = []
    with_starter = [q for q in added if isinstance(q, PlannedQuestion) and q.starter_from]
    without = [
        q for q in added if isinstance(q, PlannedQuestion) and q.needs_rubric and not q.starter_from
    ]
    if with_starter:
        lines.append(f"starter rubrics (tagged needs-rubric; check them): {len(with_starter)}")
        lines += [f"  {q.id} <- {q.starter_from}" for q in with_starter]
    if without:
        lines.append(
            "no alike built-in question, so signals-only starter rubrics (tagged needs-rubric; "
            f"add phrases): {', '.join(q.id for q in without)}"
        )
    return lines


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", "bank_id", metavar="ID", help="User bank to add to (questions to answer).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv", "txt"]),
    help="Input format (default: from the file extension).",
)
@click.option(
    "--as",
    "kind",
    type=click.Choice(["asks", "questions"]),
    help="asks: questions for the interviewer, added to a prep kit's questions to ask "
    "(with --company); questions: questions to answer, added to the bank --into. "
    "Default: decided from the list, asked when unclear.",
)
@click.option("--company", metavar="NAME", help="Prep kit to add questions to ask to (--as asks).")
@click.pass_obj
def import_questions(
    app: AppContext,
    file: Path,
    bank_id: str | None,
    fmt: str | None,
    kind: str | None,
    company: str | None,
) -> None:
    """Add the questions of a Markdown, CSV or text FILE to the user bank ID (made if missing).

    Markdown: numbered or bulleted items that are questions (end with '?' or start like
    "Tell me", "Describe", "Walk me through") become questions; headings become tags.
    CSV: prompt[,category,time_limit,phrases]. Text: one question per line. A list of
    questions for the interviewer (most ask about the team, the company, this role) goes to
    a prep kit's questions to ask instead, each checked by ask-check.
    """
    from callback_sim.core.importer import audience, format_for, parse_questions

    chosen = format_for(file, fmt)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CallbackSimError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    imported = parse_questions(text, chosen, file)
    if not imported:
        raise CallbackSimError(
            f"{file}: found no questions; items must end with '?' or start with an imperative "
            "such as 'Tell me' (see docs/bank-editing.md)"
        )
    if kind is None:
        verdict, asks = audience([q.prompt for q in imported])
        kind = "questions" if verdict == "questions" else _ask_kind(file, asks, len(imported))
    if kind == "asks":
        _import_asks(app, file, [q.prompt for q in imported], company)
    else:
        if bank_id is None:
            raise CallbackSimError(f"{file}: say which bank to add the questions to: --into ID")
        _import_into_bank(app, file, imported, bank_id)


def _ask_kind(file: Path, asks: int, total: int) -> str:
    """Ask whether the list is questions to ask or to answer; without a terminal, exit 1."""
    import sys

    said = f"{asks} of {total} questions in {file} read as questions to ask the interviewer"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CallbackSimError(
            f"{said}; pass --as asks (with --company NAME) to add them to that prep kit, "
            "or --as questions (with --into ID) to add them to a bank"
        )
    return str(
        click.prompt(
            f"{said}. Import them as questions to ask (asks) or to answer (questions)?",
            type=click.Choice(["asks", "questions"]),
        )
    )


def _import_asks(app: AppContext, file: Path, prompts: list[str], company: str | None) -> None:
    """Add `prompts` to the company's questions to ask, each with its ask-check verdict."""
    from dataclasses import replace

    from callback_sim.cli.kit import _tone_label
    from callback_sim.core.askcheck import classify_question
    from callback_sim.core.kit import Kit
    from callback_sim.store.kit import get_kit, save_kit

    if not company:
        raise CallbackSimError(
            f"{file}: say whose prep kit gets these questions to ask: --company NAME"
        )
    store = app.store()
    kit = get_kit(store, company) or Kit(company=company)
    have = {q.casefold() for q in kit.questions}
    new = [p for p in dict.fromkeys(prompts) if p.casefold() not in have]
    if new:
        kit = save_kit(store, replace(kit, questions=(*kit.questions, *new)))
    lines = [f"added {len(new)} of {len(prompts)} to {kit.company}'s questions to ask"]
    if len(new) < len(prompts):
        lines.append(f"skipped {len(prompts) - len(new)} already there")
    for prompt in new:
        check = classify_question(prompt)
        lines.append(f"  [{_tone_label(check)}] {prompt}")
        if check.suggestion:
            lines.append(f"      try: {check.suggestion}")
    click.echo("\n".join(lines))


def _import_into_bank(
    app: AppContext, file: Path, imported: Sequence[ImportedQuestion], bank_id: str
) -> None:
    from callback_sim.bankfiles import BankText, needs_rubric_comment, save_bank, user_bank_path
    from callback_sim.core.importer import plan_import

    existing = _user_bank(app, bank_id)
    created = existing is None
    if existing is None:
        path = create_user_bank(app, bank_id)
        existing = app.banks().get(bank_id)
    else:
        path = Path(existing.path or user_bank_path(app.paths.user_banks, bank_id))
    reference = [b for b in app.banks().banks if b.source == "builtin"]
    plan = plan_import(existing, imported, reference=reference)
    edit = BankText.read(path)
    edit.add_questions(plan.added, comments=[needs_rubric_comment(q) for q in plan.added])
    if plan.added:
        save_bank(path, edit.text)
        app.banks(reload=True)
    lines = []
    if created:
        lines.append(f"created bank {bank_id}: {path}")
    lines.append(f"added {len(plan.added)} questions to {bank_id} ({path})")
    if plan.duplicates:
        lines.append(f"skipped {len(plan.duplicates)} already in the bank")
    lines += _starter_lines(plan.added, plan.starters)
    click.echo("\n".join(lines))


@click.command("export")
@click.argument("bank_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["toml", "md"]),
    required=True,
    help="toml: the bank file as it is; md: a Markdown question list.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this new file (private, 0600) instead of standard output.",
)
@click.option("--force", is_flag=True, help="Replace the --out file if it already exists.")
@click.pass_obj
def export_bank(app: AppContext, bank_id: str, fmt: str, out: Path | None, force: bool) -> None:
    """Print a bank (built-in or yours) as TOML or Markdown, to share or to edit elsewhere."""
    from callback_sim.bankfiles import read_bank_text
    from callback_sim.core.importer import bank_to_markdown
    from callback_sim.outfiles import check_output, write_new_file

    if out is not None:
        check_output(out, force=force)
    bank = app.banks().resolve(bank_id)
    text = read_bank_text(bank) if fmt == "toml" else bank_to_markdown(bank)
    if out is None:
        click.echo(text, nl=False)
        return
    write_new_file(out, text, force=force)
    click.echo(f"wrote {out} ({len(bank.questions)} questions)")
