"""`callback-sim score`: score one answer against one question's rubric, with no database write.

Prints the `Score.to_json()` object of PRODUCT.md with --json, otherwise a readable breakdown
(totals, each term with its evidence, avoid-terms, delivery figures and points, feedback).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from callback_sim.context import AppContext
from callback_sim.core.errors import CallbackSimError, NotFoundError
from callback_sim.core.models import Bank, Question, Score, TermResult

#: Characters of answer shown either side of a piece of evidence.
CONTEXT = 30
_SPACES = re.compile(r"\s+")


def _read_answer(source: str) -> str:
    """The answer file as text: UTF-8 (a BOM is fine), "-" meaning standard input."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
            name = "standard input"
        else:
            data = Path(source).read_bytes()
            name = source
    except OSError as exc:
        raise CallbackSimError(
            f"{source}: cannot read the answer file ({exc.strerror or exc})"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CallbackSimError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and retry"
        ) from None


def _question(app: AppContext, bank_ref: str, question_id: str) -> Question:
    banks = app.banks()
    bank: Bank = banks.resolve(bank_ref)
    found = bank.question(question_id)
    if found is not None:
        return found
    if bank.id in banks.ids() and banks.get(bank.id) is bank:
        return banks.question(bank.id, question_id)  # raises with the bank set's suggestions
    raise NotFoundError(
        f"no question {question_id!r} in bank {bank.id!r} ({bank_ref}); "
        f"its questions are: {', '.join(q.id for q in bank.questions) or 'none'}"
    )


def _echo(line: str = "") -> None:
    """Print, replacing what the terminal cannot show (lone surrogates, ✓ on ASCII terminals)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    click.echo(line.encode(encoding, "replace").decode(encoding, "replace"))


def _one_line(text: str) -> str:
    """Whitespace runs (newlines included) as single spaces, so context fits one line."""
    return _SPACES.sub(" ", text)


def _context(answer: str, result: TermResult) -> str:
    if result.span is None:
        return ""
    start, end = result.span
    before = _one_line(answer[max(0, start - CONTEXT) : start])
    after = _one_line(answer[end : end + CONTEXT])
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end + CONTEXT < len(answer) else ""
    return f"{lead}{before}[{_one_line(answer[start:end])}]{after}{tail}".strip()


def _weight(result: TermResult) -> str:
    extra = ", required" if result.required else ""
    return f"({result.weight:g}{extra})"


def _print_breakdown(question: Question, answer: str, result: Score) -> None:
    from callback_sim.core.scoring import delivery_breakdown
    from callback_sim.core.scoring.formula import TOPICALITY_STRICT

    _echo(f"{question.id}: {_one_line(question.prompt)}")
    _echo(
        f"Score {result.score:.1f}/100   content {result.content_score:.1f}   "
        f"delivery {result.delivery_score:.1f}"
    )
    _echo()
    _echo("Rubric")
    if not result.terms:
        _echo("  (no rubric terms)")
    for term, rubric in zip(result.terms, question.rubric, strict=True):
        if term.matched and term.source == "signal":
            _echo(f"  ✓ {term.label} {_weight(term)}: {term.signal} signal — “{term.evidence}”")
        elif term.matched and term.source == "meaning":
            _echo(
                f"  ✓ {term.label} {_weight(term)}: in other words, near “{term.phrase}”"
                f" ({term.credit:.0%} credit) — “{term.evidence}”"
            )
        elif term.matched:
            cut = ""
            if term.cut == "recited":
                cut = f" (a sentence that recites the rubric: {term.credit:.0%} credit)"
            elif term.credit < 1:
                cut = f" (keyword list: {term.credit:.0%} credit)"
            _echo(
                f'  ✓ {term.label} {_weight(term)}: "{term.phrase}"{cut} — {_context(answer, term)}'
            )
        else:
            looks_for = ", ".join(f'"{p}"' for p in rubric.phrases)
            signals = f"; signals {', '.join(rubric.signals)}" if rubric.signals else ""
            _echo(f"  ✗ {term.label} {_weight(term)}: not found; looks for {looks_for}{signals}")
    if result.avoid:
        _echo("Avoid")
        for term in result.avoid:
            if term.matched:
                _echo(f"  ✗ {term.label} {_weight(term)}: found — {_context(answer, term)}")
            else:
                _echo(f"  ✓ {term.label} {_weight(term)}: not found")
    if result.gate is not None:
        g = result.gate
        _echo("Gate")
        _echo(
            f"  function words {g.function_word_ratio:.0%} · rubric words "
            f"{g.rubric_word_density:.0%} · well-formedness {g.well_formedness:g} · "
            f"on topic {g.on_topic_sentences} of {g.sentences} sentences "
            f"(factor {g.on_topic:g})"
        )
        if g.topicality is not None:
            strict = (
                ": signals and other wordings count only in on-topic sentences"
                if g.topicality < TOPICALITY_STRICT
                else ""
            )
            _echo(f"  topicality {g.topicality:g}{strict}")
        if g.reach is not None:
            strays = ": strays from the question" if g.strays else ""
            _echo(f"  reach {g.reach:g} · focus {g.focus:g}{strays}")
    d = result.delivery
    timing = "untimed" if d.seconds is None else f"{d.seconds:g} s of {d.time_limit} s"
    _echo("Delivery")
    _echo(
        f"  {d.words} words · {timing} · filled pauses {d.filled_pauses} · "
        f"fillers {d.discourse_markers} · hedges {d.hedges} · "
        f"energy words {d.energy_words}"
    )
    points = ", ".join(f"{label} {value:+.1f}" for label, value in delivery_breakdown(d))
    _echo(f"  points: {points}")
    _echo("Feedback")
    for line in result.feedback:
        _echo(f"  - {line}")


@click.command()
@click.option("--bank", "bank_ref", required=True, metavar="PATH_OR_ID", help="Bank id or file.")
@click.option("--question", "question_id", required=True, metavar="ID", help="Question id.")
@click.option(
    "--answer-file",
    metavar="FILE",
    help='UTF-8 text file holding the answer ("-" reads standard input).',
)
@click.option("--answer", "answer_text", metavar="TEXT", help="The answer itself.")
@click.option(
    "--seconds",
    type=click.FloatRange(min=0),
    help="How long the answer took; without it the answer is untimed.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the score as one JSON object.")
@click.pass_obj
def score(
    app: AppContext,
    bank_ref: str,
    question_id: str,
    answer_file: str | None,
    answer_text: str | None,
    seconds: float | None,
    as_json: bool,
) -> None:
    """Score one answer against one question's rubric (nothing is saved).

    Scores describe rubric coverage and delivery; they do not predict hiring.
    """
    if (answer_file is None) == (answer_text is None):
        raise CallbackSimError("give exactly one of --answer TEXT or --answer-file FILE")
    answer = answer_text if answer_text is not None else _read_answer(str(answer_file))
    question = _question(app, bank_ref, question_id)

    from callback_sim.core.assess import assess_answer

    result = assess_answer(question, answer, seconds=seconds)
    if as_json:
        _echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_breakdown(question, answer, result)
