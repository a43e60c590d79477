"""Seeded questions read as a person would say them, and never invent a premise (issue 13).

Every built-in template (and every fallback) is rendered with every claim kind over the
fixture debriefs and a debrief holding every kind of claim; each prompt must have no
leftover brace, no doubled word, no a/an or basic agreement error outside the candidate's
own quoted words, and no premise its source does not back.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from callback_sim.core.banks import BankSet, load_bank_set
from callback_sim.core.claims import CLAIM_KINDS, extract_claims
from callback_sim.core.debrief import Debrief, DebriefRound, Exchange, Person, load_debrief
from callback_sim.core.models import Question, Template
from callback_sim.core.premise import find_premises, quoted_spans, unbacked_premise
from callback_sim.core.round import plan_round
from callback_sim.core.seeding import FALLBACK_TEMPLATES, plan_callback_loop, seed_questions
from callback_sim.paths import builtin_banks_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs"

#: One exchange with every claim kind, one hesitated with no asker, plural measures and topics.
EVERY_KIND = Debrief(
    company="Tailspin Toys",
    role="",
    rounds=(
        DebriefRound(
            kind="panel",
            people=(Person("Ana Ruiz", "VP Operations", "Operations"), Person("Bo Li", "Analyst")),
            exchanges=(
                Exchange(
                    "What did you change at your last job?",
                    "I joined Fabrikam in March 2021. We chose to rebuild checkout on Postgres. "
                    "I launched Contoso Pay with a team of five engineers, and refunds fell by "
                    "20% and we saved $300k in nine months.",
                    asked_by="Ana Ruiz",
                ),
                Exchange(
                    "Why leave now?",
                    "Late returns were costing us 40 hours a week, so I left to find a team "
                    "that measures what matters.",
                    reaction="hesitated",
                ),
                Exchange("Anything else?", "Honestly it went well."),
            ),
        ),
    ),
    uncovered=("on-call", "Forklift safety audits", "hiring", "people management", "budget"),
)


def _banks() -> BankSet:
    with tempfile.TemporaryDirectory() as empty:
        return load_bank_set(builtin_banks_dir(), Path(empty))


BANKS = _banks()
DEBRIEFS = [load_debrief(FIXTURES / n) for n in ("acme.toml", "northwind.toml")] + [EVERY_KIND]
TEMPLATES: list[Template] = [*BANKS.templates(), *FALLBACK_TEMPLATES]


def rendered() -> list[tuple[str, Debrief, Question]]:
    """Each template alone over each debrief: (template id, debrief, question)."""
    out = []
    for debrief in DEBRIEFS:
        for template in TEMPLATES:
            for question in seed_questions(debrief, (template,)):
                out.append((template.id, debrief, question))
    return out


RENDERED = rendered()

_A_AN_EXCEPTIONS = re.compile(r"\ba (?:one|once|uni|use|usu|eu|u\b)|\ban (?:hour|honest|hon)", re.I)
# Words ending in "s" that are not plurals.
_NOT_PLURAL_WORDS = (
    "this his is was has does its process business success analysis status focus bus less "
    "unless always perhaps sometimes towards news yes us as gas plus"
)
_NOT_PLURAL = frozenset(_NOT_PLURAL_WORDS.split())


def _outside_quotes(prompt: str) -> str:
    """The interviewer's own words: the candidate's quoted words are theirs to phrase."""
    for span in quoted_spans(prompt):
        prompt = prompt.replace(span, "QUOTE")
    return prompt


def language_problems(prompt: str) -> list[str]:
    problems = []
    if "{" in prompt or "}" in prompt:
        problems.append("leftover brace")
    own = _outside_quotes(prompt)
    doubled = re.search(r"\b(\w+)\s+\1\b", own, re.IGNORECASE)
    if doubled:
        problems.append(f"doubled word {doubled.group(0)!r}")
    for match in re.finditer(r"\b(an?)\s+(\w+)", own, re.IGNORECASE):
        article, word = match.group(1).lower(), match.group(2).lower()
        if _A_AN_EXCEPTIONS.match(match.group(0)):
            continue
        vowel = word[0] in "aeiou"
        if (article == "a") == vowel:
            problems.append(f"article {match.group(0)!r}")
    for match in re.finditer(r"\b([a-z]+s)\s+(was|is|has)\b", own):
        if match.group(1) not in _NOT_PLURAL and not match.group(1).endswith("ss"):
            problems.append(f"agreement {match.group(0)!r}")
    if not re.match(r"[A-Z\"“]", prompt) or not prompt.rstrip().endswith(("?", ".")):
        problems.append("not a sentence")
    return problems


def test_every_claim_kind_is_in_the_every_kind_debrief() -> None:
    kinds = {
        c.kind
        for _, _, e in EVERY_KIND.exchanges()
        for c in extract_claims(e.answer, ignore=["Ana Ruiz", "Bo Li", "Tailspin Toys"])
    }
    assert kinds == set(CLAIM_KINDS)


def test_every_template_renders() -> None:
    used = {tid for tid, _, _ in RENDERED}
    missing = {t.id for t in TEMPLATES if t.id not in used and not t.id.startswith("fallback-")}
    assert not missing, f"templates never rendered over the fixtures: {sorted(missing)}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_rendered_prompts_read_as_english_and_back_every_premise(template: Template) -> None:
    problems = []
    for tid, debrief, question in RENDERED:
        if tid != template.id:
            continue
        found = language_problems(question.prompt)
        unbacked = unbacked_premise(question, debrief)
        if unbacked:
            found.append(unbacked)
        if found:
            problems.append(f"{question.prompt} -> {found}")
    assert problems == []


def test_the_checks_catch_what_they_are_for() -> None:
    assert language_problems("Walk me through how penalties was measured.") == [
        "agreement 'penalties was'"
    ]
    assert language_problems("How would you do it in the this role role?") == [
        "doubled word 'role role'"
    ]
    assert language_problems("Tell me about a incident.") == ["article 'a incident'"]
    assert language_problems("Round one never got to {topic}.") == ["leftover brace"]
    # The candidate's own quoted words are not corrected.
    assert language_problems('You said: "we was a team team." Why?') == []


def test_quotes_are_clauses_not_paragraphs() -> None:
    for _, _, question in RENDERED:
        for span in quoted_spans(question.prompt):
            assert len(span.split()) <= 30, question.prompt


def test_the_person_who_asked_a_hesitated_question_follows_it_up() -> None:
    for debrief in DEBRIEFS:
        for index, _, exchange in debrief.exchanges():
            if exchange.reaction != "hesitated" or not exchange.asked_by:
                continue
            seeded = [q for q in seed_questions(debrief, TEMPLATES) if q.source.exchange == index]
            assert seeded and all(q.asked_by == exchange.asked_by for q in seeded)


def test_no_told_me_without_a_named_asker() -> None:
    for _, debrief, question in RENDERED:
        exchange = (
            debrief.exchanges()[question.source.exchange][2]
            if question.source.exchange is not None
            else None
        )
        if exchange is not None and not exchange.asked_by:
            assert "told me" not in question.prompt, question.prompt


@pytest.mark.parametrize("debrief", DEBRIEFS[:2], ids=["acme", "northwind"])
def test_callback_loops_back_every_premise_and_name_every_topic(debrief: Debrief) -> None:
    for seed in range(20):
        plan = plan_callback_loop(debrief, BANKS, count=10, seed=seed)
        for question in plan:
            assert unbacked_premise(question, debrief) is None, question.prompt
        prompts = " ".join(q.prompt.casefold() for q in plan)
        for topic in debrief.uncovered:
            assert topic.casefold() in prompts, f"seed {seed}: {topic!r} not probed by name"


def test_topic_probes_are_asked_by_their_owner() -> None:
    owners = {"people management": "hiring_manager", "hiring": "hiring_manager", "on-call": "peer"}
    for seed in range(10):
        plan = plan_callback_loop(EVERY_KIND, BANKS, count=10, seed=seed)
        for question in plan:
            if question.source.topic in owners:
                assert question.persona == owners[question.source.topic], question.prompt
                assert not find_premises(question.prompt.split(".", 1)[1])


def test_quick_rounds_without_a_debrief_state_no_premise() -> None:
    questions = BANKS.questions()
    assert [q.id for q in questions if find_premises(q.prompt)] == []
    for seed in range(20):
        for question in plan_round(questions, 10, seed=seed):
            assert unbacked_premise(question, None) is None
