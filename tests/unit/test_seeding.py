"""Seeded pushback: every template kind, personas, the callback loop, and consistency flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim.core.assess import assess_answer as score_answer
from callback_sim.core.banks import BankSet
from callback_sim.core.claims import extract_claims
from callback_sim.core.debrief import Debrief, DebriefRound, Exchange, Person, load_debrief
from callback_sim.core.models import (
    CATEGORIES,
    Answer,
    Bank,
    Question,
    QuestionStat,
    RubricTerm,
    Template,
)
from callback_sim.core.seeding import (
    FALLBACK_TEMPLATES,
    check_consistency,
    persona_for,
    plan_callback_loop,
    practice_seeds,
    seed_questions,
    topic_templates,
)

ACME = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs" / "acme.toml"

TEMPLATES = (
    Template("t-quote-1", "quote_back", 'You told {interviewer}: "{quote}" Say more.'),
    Template("t-quote-2", "quote_back", 'At {company} you said: "{quote}" Go deeper.'),
    Template(
        "t-challenge",
        "challenge",
        'Was "{claim}" really the right call?',
        rubric=(RubricTerm("Trade-off", ("trade-off",), 2.0),),
    ),
    Template("t-numbers", "numbers", "How much of the {claim} was you?"),
    Template("t-numbers-m", "numbers", "You said {claim} on {measure}. How much was yours?"),
    Template(
        "t-hesitation", "hesitation", 'When asked "{question}" you said: "{quote}" Convince me.'
    ),
    Template("t-consistency", "consistency", "Remind me, what was the {measure}?"),
    Template("t-uncovered", "uncovered", "How do you approach {topic} as a {role}?"),
    Template("t-practice", "practice", 'Last time you said: "{quote}" What would you add?'),
)


def bank(bank_id: str, category: str, questions: list[Question]) -> Bank:
    return Bank(id=bank_id, title=bank_id, category=category, questions=tuple(questions))


def q(
    qid: str, category: str, *, tags: tuple[str, ...] = (), persona: str | None = None
) -> Question:
    return Question(
        id=qid,
        prompt=f"Prompt {qid}?",
        category=category,
        bank_id=category,
        persona=persona,
        tags=tags,
    )


def bank_set(*, with_templates: bool = True) -> BankSet:
    banks = [
        bank(c, c, [q(f"{c}-{n}", c) for n in range(3)]) for c in CATEGORIES if c != "curiosity"
    ]
    banks.append(
        bank(
            "curiosity",
            "curiosity",
            [
                q("curiosity-0", "curiosity"),
                q("curiosity-people", "curiosity", tags=("people-management",)),
            ],
        )
    )
    if with_templates:
        banks.append(
            Bank(id="pushback-templates", title="t", category="pushback", templates=TEMPLATES)
        )
    return BankSet(banks=tuple(banks))


@pytest.fixture(scope="module")
def acme() -> Debrief:
    return load_debrief(ACME)


@pytest.fixture(scope="module")
def seeded(acme: Debrief) -> dict[str, Question]:
    return {s.id: s for s in seed_questions(acme, TEMPLATES)}


# -- personas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "department", "persona"),
    [
        ("Director of Product", "Product", "hiring_manager"),
        ("Head of Design", "Design", "skip_level"),
        ("VP Engineering", "Engineering", "skip_level"),
        ("Chief Executive Officer", "", "skip_level"),
        ("CTO", "", "skip_level"),
        ("Talent Partner", "Recruiting", "recruiter"),
        ("Senior Recruiter", "", "recruiter"),
        ("Product Manager", "Product", "peer"),
        ("Staff Engineer", "Engineering", "cross_functional"),
        ("Product Designer", "", "peer"),
        ("Account Executive", "Sales", "cross_functional"),
        ("Engineering Manager", "Engineering", "cross_functional"),
    ],
)
def test_persona_from_title_and_department(title: str, department: str, persona: str) -> None:
    assert persona_for(Person("X", title, department), "Senior Product Manager") == persona


def test_a_manager_of_the_candidates_own_department_is_the_hiring_manager() -> None:
    assert (
        persona_for(Person("X", "Engineering Manager", ""), "Software Engineer") == "hiring_manager"
    )


# -- seeding ------------------------------------------------------------------------------


def test_every_kind_is_seeded_with_stable_ids(seeded: dict[str, Question]) -> None:
    kinds = {s.source.kind for s in seeded.values()}
    assert kinds == {"quote_back", "challenge", "numbers", "hesitation", "consistency", "uncovered"}
    for qid, s in seeded.items():
        if s.source.kind != "uncovered":
            assert qid.startswith(f"seed-{s.source.kind}-{s.source.exchange}-")
    again = [s.id for s in seed_questions(load_debrief(ACME), TEMPLATES)]
    assert again == list(seeded)


def test_hesitation_quotes_the_answer_and_addresses_the_concern(
    seeded: dict[str, Question],
) -> None:
    hes = seeded["seed-hesitation-1-0"]
    assert hes.source.exchange == 1
    assert hes.prompt.startswith(
        'When asked "Why are you leaving your current job?" you said: "Honestly'
    )
    assert hes.asked_by == "Sam Okafor" and hes.persona == "recruiter"
    concern = [t for t in hes.rubric if t.label == "Addresses the concern from round one"]
    assert concern and "running" in concern[0].phrases


def test_numbers_pushes_on_a_stated_figure(seeded: dict[str, Question]) -> None:
    numbers = seeded["seed-numbers-0-0"]
    assert numbers.prompt in (
        "How much of the 12% was you?",
        "You said 12% on churn. How much was yours?",
    )
    assert numbers.source.quote == "We cut churn by 12% in two quarters with six engineers."
    assert numbers.asked_by == "Dana Cole" and numbers.persona == "hiring_manager"
    figure_terms = {t.label: t.phrases for t in numbers.rubric}
    assert "12 percent" in figure_terms["Same figure as before: 12% (churn)"]
    assert {c.text for c in numbers.claims} == {"12%", "two quarters", "six engineers"}


def test_consistency_asks_without_stating_the_figure(seeded: dict[str, Question]) -> None:
    consistency = [
        s for s in seeded.values() if s.source.kind == "consistency" and s.source.exchange == 0
    ]
    prompts = {s.prompt for s in consistency}
    assert "Remind me, what was the team size?" in prompts
    for s in consistency:
        assert "12" not in s.prompt and "six" not in s.prompt
        assert s.source.quote is None


def test_challenge_names_the_decision(seeded: dict[str, Question]) -> None:
    challenge = seeded["seed-challenge-2-0"]
    assert (
        challenge.prompt
        == 'Was "We chose to delay the Stripe migration by a quarter" really the right call?'
    )
    assert challenge.rubric[0].label == "Trade-off"  # the template's own rubric comes first
    assert any(t.phrases == ("Stripe",) for t in challenge.rubric)


def test_quote_back_rotates_templates_and_fills_interviewer(seeded: dict[str, Question]) -> None:
    first = seeded["seed-quote_back-0-0"].prompt
    second = seeded["seed-quote_back-1-0"].prompt
    assert first.startswith("You told Dana Cole") or first.startswith("At Acme Health")
    assert first.split()[0] != second.split()[0]  # the two templates alternate


def test_templates_with_unfillable_placeholders_are_skipped() -> None:
    only = (Template("needs-topic", "quote_back", "About {topic}: {quote}"),)
    d = Debrief(
        "X",
        rounds=(
            DebriefRound(
                exchanges=(Exchange("Q?", "I led the relaunch of our billing app last year."),)
            ),
        ),
    )
    (quote_back,) = [s for s in seed_questions(d, only) if s.source.kind == "quote_back"]
    fallback = next(t for t in FALLBACK_TEMPLATES if t.kind == "quote_back")
    assert quote_back.prompt == fallback.prompt.format(
        quote="I led the relaunch of our billing app last year."
    )
    assert quote_back.asked_by is None and quote_back.persona is None


def test_uncovered_uses_the_template_tagged_with_the_topic_else_a_generic_one(
    acme: Debrief,
) -> None:
    owned = Template(
        "t-people",
        "uncovered",
        "Round one never got to {topic}. Tell me about someone who reported to you.",
        persona="hiring_manager",
        tags=("People-Management", "direct reports"),
    )
    out = seed_questions(acme, (*TEMPLATES, owned))
    uncovered = {s.source.topic: s for s in out if s.source.kind == "uncovered"}
    people = uncovered["people management"]
    assert people.id == "seed-uncovered-people-management"
    assert people.prompt.startswith("Round one never got to people management.")
    assert people.persona == "hiring_manager"
    assert people.rubric[-1].label == "Speaks to people management"
    budget = uncovered["budget ownership"]
    assert budget.id == "seed-uncovered-budget-ownership"
    assert budget.prompt == "How do you approach budget ownership as a Senior Product Manager?"


def test_topic_templates_match_tags_by_words() -> None:
    budget = Template("b", "uncovered", "{topic}?", tags=("budget",))
    on_call = Template("o", "uncovered", "{topic}?", tags=("on call", "incidents"))
    generic = Template("g", "uncovered", "{topic}?")
    templates = (generic, on_call, budget)
    assert topic_templates("Budget ownership", templates) == [budget]
    assert topic_templates("on-call", templates) == [on_call]
    assert topic_templates("Incident", templates) == [on_call]
    assert topic_templates("forklift safety audits", templates) == []


def test_a_topic_probe_keeps_its_owner_in_the_loop(acme: Debrief) -> None:
    owned = Template(
        "t-people",
        "uncovered",
        "Round one never got to {topic}.",
        persona="recruiter",
        tags=("people management",),
    )
    banks = BankSet(banks=(*bank_set().banks, Bank("t2", "t", "pushback", templates=(owned,))))
    for seed in range(5):
        plan = plan_callback_loop(acme, banks, count=10, seed=seed)
        (probe,) = [p for p in plan if p.source.topic == "people management"]
        assert probe.persona == "recruiter" and probe.asked_by == "Sam Okafor"


def test_practice_answers_seed_pushback_on_the_latest_answer() -> None:
    asked = q("pushback-1", "pushback")
    answers = [
        Answer(
            1, 1, asked, "Old answer with a team of four.", 30.0, answered_at="2026-01-01T00:00:00Z"
        ),
        Answer(
            2,
            1,
            asked,
            "We grew revenue 40% with a team of five.",
            30.0,
            answered_at="2026-02-01T00:00:00Z",
        ),
        Answer(2, 2, q("skipped", "pushback"), "", 1.0, skipped=True),
    ]
    (seed,) = practice_seeds(answers, TEMPLATES)
    assert seed.id == "seed-practice-pushback-1"
    assert seed.source.kind == "practice"
    assert (
        seed.prompt
        == 'Last time you said: "We grew revenue 40% with a team of five." What would you add?'
    )
    assert {c.text for c in seed.claims} == {"40%", "a team of five"}
    flagged = score_answer(seed, "We grew revenue 40% with a team of eight.")
    assert flagged.consistency == ("In round one you said a team of five; now a team of eight.",)


# -- the callback loop --------------------------------------------------------------------


def test_callback_loop_covers_hesitation_numbers_topics_and_personas(acme: Debrief) -> None:
    plan = plan_callback_loop(acme, bank_set(), count=8, seed=3)
    assert len(plan) == 8 and len({p.id for p in plan}) == 8
    assert plan[0].source.kind == "hesitation" and plan[0].source.exchange == 1
    kinds = [p.source.kind for p in plan]
    assert "numbers" in kinds
    assert {p.source.topic for p in plan if p.source.kind == "uncovered"} == set(acme.uncovered)
    assert len({p.persona for p in plan}) >= 3
    assert {"Dana Cole", "Sam Okafor", "Priya Raman"} <= {p.asked_by for p in plan}
    strategies = {p.category for p in plan if p.source.kind == "bank"}
    assert len(strategies) >= 3


def test_callback_loop_is_deterministic_under_a_seed(acme: Debrief) -> None:
    banks = bank_set()
    first = plan_callback_loop(acme, banks, count=10, seed=7)
    assert first == plan_callback_loop(acme, banks, count=10, seed=7)
    others = {
        tuple(p.id for p in plan_callback_loop(acme, banks, count=10, seed=s)) for s in range(8)
    }
    assert len(others) > 1  # the seed does choose


def test_callback_loop_prefers_bank_questions_practised_less(acme: Debrief) -> None:
    banks = bank_set()
    stats = {
        (c, f"{c}-{n}"): QuestionStat(f"{c}-{n}", c, attempts=20, last_score=95.0, mean_score=95.0)
        for c in CATEGORIES
        for n in (0, 1)
    }
    # The draw is weighted, not absolute: count over fixed seeds (deterministic).
    fresh = 0
    for seed in range(20):
        plan = plan_callback_loop(acme, banks, count=10, seed=seed, stats=stats)
        enthusiasm = [p.id for p in plan if p.category == "enthusiasm"]
        fresh += enthusiasm == ["enthusiasm-2"]
    assert fresh >= 14


def test_callback_loop_without_banks_or_people_still_plans() -> None:
    d = Debrief(
        "Solo",
        rounds=(DebriefRound(exchanges=(Exchange("Q?", "We cut costs by 20%.", "hesitated"),)),),
    )
    plan = plan_callback_loop(d, BankSet(banks=()), count=3, seed=1)
    assert plan[0].source.kind == "hesitation"
    assert all(p.persona for p in plan)
    assert len({p.persona for p in plan}) == len(plan)
    assert plan_callback_loop(d, BankSet(banks=()), count=0) == []


# -- consistency --------------------------------------------------------------------------


ROUND_ONE = extract_claims(
    "We cut churn by 12% in two quarters with a team of five. "
    "We shipped in Q3 and I owned a $1.2M budget. We migrated to Postgres."
)


@pytest.mark.parametrize(
    ("answer", "flags"),
    [
        ("We cut churn by 12% with a team of five.", ()),
        ("We had five engineers and churn fell twelve percent.", ()),
        ("It was 5 people over six months.", ()),
        (
            "Churn dropped 20% and the team of five stayed.",
            ("In round one you said 12% (churn); now 20%.",),
        ),
        (
            "We were a team of eight.",
            ("In round one you said a team of five; now a team of eight.",),
        ),
        ("We shipped in Q4.", ("In round one you said Q3; now Q4.",)),
        ("The budget was $2M.", ("In round one you said $1.2M (budget); now $2M.",)),
        ("It took three quarters.", ("In round one you said two quarters; now three quarters.",)),
        ("We migrated to MySQL.", ("In round one you said you migrated to Postgres; now MySQL.",)),
        ("Retention improved 30%.", ()),  # a different measure is not a contradiction
        ("I enjoyed the work.", ()),
    ],
)
def test_consistency_flags(answer: str, flags: tuple[str, ...]) -> None:
    assert check_consistency(ROUND_ONE, answer) == flags


def test_scoring_a_seeded_question_flags_a_changed_figure(seeded: dict[str, Question]) -> None:
    numbers = seeded["seed-numbers-0-0"]
    drifted = score_answer(
        numbers, "Honestly about 20% of the churn reduction was mine, with eight engineers."
    )
    assert drifted.consistency == (
        "In round one you said 12% (churn); now 20%.",
        "In round one you said six engineers; now eight engineers.",
    )
    assert drifted.feedback[0] == drifted.consistency[0]
    assert drifted.to_json()["consistency"] == list(drifted.consistency)
    steady = score_answer(
        numbers, "Of the 12% churn cut, most came from my pricing work with six engineers."
    )
    assert steady.consistency == ()
    assert steady.score > drifted.score
