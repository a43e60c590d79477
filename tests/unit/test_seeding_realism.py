"""Seeding from notes people really keep: only what was said is quoted, reported speech is
stated without quotes, asides are never pushed on, and each wording fits the fact it is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim.core.banks import load_bank_file
from callback_sim.core.claims import extract_claims
from callback_sim.core.debrief import Debrief, DebriefRound, Exchange, Person
from callback_sim.core.models import Template
from callback_sim.core.premise import quoted_spans, unbacked_premise
from callback_sim.core.seeding import claim_fit, seed_questions

PUSHBACK = Path(__file__).resolve().parents[2] / "question_banks" / "pushback.toml"


@pytest.fixture(scope="module")
def templates() -> tuple[Template, ...]:
    return load_bank_file(PUSHBACK).templates


def debrief(*answers: str) -> Debrief:
    exchanges = tuple(
        Exchange(f"Question {n}?", a, asked_by="Priya") for n, a in enumerate(answers)
    )
    return Debrief(
        "Lumen Health",
        rounds=(DebriefRound(people=(Person("Priya", "eng manager"),), exchanges=exchanges),),
    )


def test_an_aside_is_never_quoted_and_reported_speech_has_no_quotes(
    templates: tuple[Template, ...],
) -> None:
    d = debrief(
        "we moved from a cron script to a queue, no-shows dropped from 18% to 11% over two "
        "quarters. I said I led it but honestly it was me and one other dev, Sam did most of it."
    )
    questions = seed_questions(d, templates)
    assert questions
    for q in questions:
        assert "honestly" not in q.prompt and "Sam" not in q.prompt, q.prompt
        assert unbacked_premise(q, d) is None, q.prompt
    (challenge,) = [q for q in questions if q.source.kind == "challenge"]
    # "I said I led it" is reported: stated back without quotes, and asked as ownership.
    assert challenge.prompt.startswith("In round one you said you led it.")
    assert not quoted_spans(challenge.prompt)
    assert "right call" not in challenge.prompt
    assert challenge.source.quote == "I said I led it"  # the notes' own words, as the source


def test_a_decision_is_challenged_as_a_call_and_ownership_as_a_share(
    templates: tuple[Template, ...],
) -> None:
    d = debrief(
        "We chose to cut agency staffing first because overtime was cheaper.",
        "I designed the refunds service at Brisa Pay last year.",
    )
    by_exchange = {
        q.source.exchange: q.prompt
        for q in seed_questions(d, templates)
        if q.source.kind == "challenge"
    }
    ownership = by_exchange[1]
    assert "right call" not in ownership and "argument against" not in ownership
    assert "which part was yours alone" in ownership
    assert any(
        w in by_exchange[0] for w in ("right call", "argument against", "pushed back", "cost")
    )


def test_a_company_head_count_is_not_pushed_on_as_a_result(
    templates: tuple[Template, ...],
) -> None:
    d = debrief("want a smaller company, current place is 4000 people and slow.")
    kinds = {q.source.kind for q in seed_questions(d, templates)}
    assert "numbers" not in kinds and "consistency" not in kinds
    assert "quote_back" in kinds


@pytest.mark.parametrize(
    ("sentence", "text", "fit"),
    [
        ("No-shows dropped from 18% to 11% over two quarters.", "18%", "result"),
        ("We cut churn by 12% in a year.", "12%", "result"),
        ("At Penny Lane I took over a store that was 14% below budget.", "14%", "figure"),
        ("I lost a £90k deal to a cheaper competitor.", "£90k", "figure"),
        ("~€1.2m of fees were booked in the wrong year after a cut-off error.", "€1.2m", "figure"),
        ("Current place is 4000 people and slow.", "4000 people", "company_size"),
        ("I led a team of six engineers.", "a team of six engineers", "team_size"),
        ("I decided to pause the launch.", "I decided to pause the launch", "decision"),
        ("I said usually 8 to 12 come.", "8", "figure"),  # a range, not a change
        ("Used by the retention team (~60 people).", "60 people", "figure"),  # users, not a team
        ("I managed 12 people at the depot.", "12 people", "team_size"),
        ("Retention went from 40 to 55 last year.", "55", "result"),
        ("We got it down to 21% after 3 rounds of testing.", "3", "figure"),
    ],
)
def test_claim_fit(sentence: str, text: str, fit: str) -> None:
    (claim,) = [c for c in extract_claims(sentence) if c.text == text]
    assert claim_fit(claim) == fit


def test_templates_are_used_only_for_the_claims_they_fit() -> None:
    only = (
        Template(
            "call", "challenge", 'You said "{quote}" Was it the right call?', fits=("decision",)
        ),
        Template(
            "share", "challenge", 'You said "{quote}" Whose work was it?', fits=("ownership",)
        ),
    )
    d = debrief("I built the billing service myself.", "We decided to rewrite the billing service.")
    prompts = {
        q.source.exchange: q.prompt for q in seed_questions(d, only) if q.source.kind == "challenge"
    }
    assert prompts[0].endswith("Whose work was it?")
    assert prompts[1].endswith("Was it the right call?")


def test_no_template_fits_no_question(templates: tuple[Template, ...]) -> None:
    # A bare figure ("£52k plus shift allowance") has no quote-back, numbers or consistency
    # wording that fits it, so nothing is asked rather than something unnatural.
    d = debrief("I said £52k plus shift allowance.")
    assert seed_questions(d, templates) == []
