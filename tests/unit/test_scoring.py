"""The scorer: formulas recomputed by hand, delivery figures, feedback, realistic answers."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from callback_sim.core.banks import load_bank_set
from callback_sim.core.models import Delivery, Question, RubricTerm, Score, TermResult
from callback_sim.core.scoring import (
    content_score,
    delivery_breakdown,
    delivery_figures,
    delivery_score,
    match_terms,
    score_answer,
    topic_texts,
    total_score,
)
from callback_sim.core.scoring.feedback import KEYWORD_LIST, RECITED
from callback_sim.core.scoring.semantic import answer_words, meanings
from callback_sim.core.scoring.sentences import layout
from callback_sim.core.text import find_phrase, scan
from callback_sim.paths import builtin_banks_dir

# 44 plain, concrete words (a figure, an action of the speaker's): no fillers, hedges or
# energy words, so delivery is the base 90 when untimed.
NEUTRAL = (
    "The service had grown slowly over three years and the team owned most of it. "
    "I checked the alerts, the queue, the database and the deploy steps, then wrote "
    "down each step in a shared document so that the next person could follow along."
)


def question(
    *terms: RubricTerm,
    avoid: tuple[RubricTerm, ...] = (),
    limit: int = 120,
    category: str = "pushback",
) -> Question:
    return Question(
        id="q-1", prompt="Tell me more.", category=category, time_limit=limit,
        rubric=terms, avoid=avoid,
    )  # fmt: skip


OUTCOME = RubricTerm("Measurable outcome", ("reduced", "percent", "saved"), weight=3)
STAKEHOLDERS = RubricTerm("Stakeholders", ("stakeholder", "aligned"), weight=2)
OWNERSHIP = RubricTerm("Owns the decision", ("I decided", "my call"), weight=1)
BLAME = RubricTerm("Blames others", ("their fault", "incompetent"), weight=2)


def test_neutral_text_has_base_delivery_and_no_counts() -> None:
    d = delivery_figures(NEUTRAL, seconds=None, time_limit=120)
    assert d.words == 44
    assert (d.filled_pauses, d.discourse_markers, d.hedges, d.energy_words) == (0, 0, 0, 0)
    assert delivery_score(d) == 90.0


def test_score_formula_recomputed_by_hand() -> None:
    q = question(OUTCOME, STAKEHOLDERS, OWNERSHIP)
    result = score_answer(q, NEUTRAL + " I decided to act and we reduced incidents.")
    # coverage (3 + 1) / 6 = 66.67 -> 66.7; delivery 90 (52 clean words, untimed)
    assert result.content_score == 66.7
    assert result.delivery_score == 90.0
    # 0.7 * 66.7 + 0.3 * 90 = 46.69 + 27 = 73.69 -> 73.7
    assert result.score == 73.7
    assert [t.matched for t in result.terms] == [True, False, True]


def test_product_example_total_is_reproduced() -> None:
    assert total_score(80.0, 55.0) == 72.5


def test_avoid_terms_cost_ten_points_per_weight() -> None:
    q = question(OUTCOME, avoid=(BLAME,))
    result = score_answer(q, NEUTRAL + " We reduced costs, and the outage was their fault.")
    assert result.avoid[0].matched
    assert result.avoid[0].evidence == "their fault"
    assert result.content_score == 80.0  # 100 coverage - 10 x 2
    assert any('"their fault"' in line for line in result.feedback)


def test_avoid_penalty_never_goes_below_zero() -> None:
    heavy = RubricTerm("Blames others", ("their fault",), weight=20)
    result = score_answer(question(OUTCOME, avoid=(heavy,)), "It was their fault.")
    assert result.content_score == 0.0


def test_missing_required_term_costs_its_weight_and_ten_points() -> None:
    required = RubricTerm("Names the risk", ("risk",), weight=1, required=True)
    q = question(OUTCOME, STAKEHOLDERS, required)
    result = score_answer(q, NEUTRAL + " We reduced costs and aligned stakeholders.")
    # coverage 5 / 6 = 83.33, minus 10 for the missing required term: 73.3 (not a cap at 50)
    assert result.content_score == 73.3
    assert result.feedback[0].startswith('Cover "Names the risk"')
    assert '"risk"' in result.feedback[0]
    with_risk = score_answer(
        q, NEUTRAL + " We reduced costs by a fifth, then we aligned stakeholders. I named the risk."
    )
    assert with_risk.content_score == 100.0


def test_content_without_rubric_terms_is_full_for_any_words() -> None:
    assert content_score((), (), words=3) == 100.0
    assert content_score((), (), words=0) == 0.0


@pytest.mark.parametrize("answer", ["", "   \n\t", "🙂🙂", "\x00\x01\ud800", "— … !!"])
def test_empty_answers_score_zero_with_feedback(answer: str) -> None:
    result = score_answer(question(OUTCOME, STAKEHOLDERS), answer, seconds=3)
    assert (result.score, result.content_score, result.delivery_score) == (0.0, 0.0, 0.0)
    assert result.delivery.words == 0
    assert len(result.feedback) == 1
    assert "empty" in result.feedback[0]
    assert '"reduced"' in result.feedback[0]  # the heaviest term's phrases


@pytest.mark.parametrize(
    ("text", "pauses", "markers", "hedges", "energy"),
    [
        ("Um, uh, er, erm, umm, hmm we shipped.", 6, 0, 0, 0),
        ("The ER nurse used an umbrella in the hmmm... no, the ward.", 1, 0, 0, 0),
        ("You know, we shipped. I mean it was fine.", 0, 2, 0, 0),
        ("Do you know the answer? Let you know later. What I mean is this.", 0, 0, 0, 0),
        ("I would like to lead. It looks like a win. I like data.", 0, 0, 0, 0),
        ("Things like budgets, feel like home, something like that.", 0, 0, 0, 0),
        ("It was, like, huge. I was like wow. And like we shipped.", 0, 3, 0, 0),
        ("We had like 20 people.", 0, 1, 0, 0),
        ("Tell me of a busy period, like a quarter-end, or one like our April launch.", 0, 0, 0, 0),
        ("It was, like, a mess.", 0, 1, 0, 0),
        ("Basically it literally worked, so yeah.", 0, 3, 0, 0),
        ("I think we kind of missed it. Maybe. Probably sort of.", 0, 0, 5, 0),
        ("What kind of team? This sort of tool. I think about it.", 0, 0, 0, 0),
        ("She'd probably say I rush. My manager would maybe add that I listen.", 0, 0, 0, 0),
        ("I'd probably rush it. We would maybe ship late.", 0, 0, 2, 0),
        ("I guess I'm not sure, perhaps. I feel like it worked.", 0, 0, 4, 0),
        ("I'm excited, I love it and I can't wait. Looking forward!", 0, 0, 0, 4),
        ("Thrilled and energised, truly energized, passionate.", 0, 0, 0, 4),
        ("I CAN’T WAIT to start.", 0, 0, 0, 1),
    ],
)
def test_delivery_counts(text: str, pauses: int, markers: int, hedges: int, energy: int) -> None:
    d = delivery_figures(text, seconds=None, time_limit=None)
    assert (d.filled_pauses, d.discourse_markers, d.hedges, d.energy_words) == (
        pauses,
        markers,
        hedges,
        energy,
    )


def test_filler_feedback_quotes_the_fillers_said() -> None:
    answer = NEUTRAL + " You know, it was, like, basically fine. You know the rest."
    result = score_answer(PUSHBACK, answer, seconds=40)
    line = next(f for f in result.feedback if "filler" in f)
    assert line == '4 fillers ("You know", "like", "basically") — drop them.'


def test_delivery_score_recomputed_by_hand() -> None:
    d = Delivery(
        words=98, seconds=75, time_limit=120, filled_pauses=1,
        discourse_markers=2, hedges=1, energy_words=2,
    )  # fmt: skip
    # 90 + 2*5 - 1*5 - 2*4 - 1*4 (counts per 100 words, with at least 100 words) = 83
    assert delivery_score(d) == 83.0
    labels = [label for label, _points in delivery_breakdown(d)]
    assert labels == ["base", "energy words", "filled pauses", "fillers", "hedges"]


def test_counts_are_rates_for_long_answers() -> None:
    d = Delivery(400, None, None, filled_pauses=8, discourse_markers=0, hedges=0, energy_words=0)
    # 8 pauses in 400 words = 2 per 100 words -> -10
    assert delivery_score(d) == 80.0


def test_penalties_are_capped() -> None:
    d = Delivery(50, None, None, filled_pauses=40, discourse_markers=40, hedges=40, energy_words=0)
    assert delivery_score(d) == 90 - 25 - 20 - 20


@pytest.mark.parametrize(
    ("seconds", "limit", "expected"),
    [
        (None, 120, 90.0),  # untimed: no timing penalty
        (60, 120, 90.0),
        (120, 120, 90.0),  # exactly at the limit is fine
        (150, 120, 75.0),  # 30 s over: 10 + 20 * 30/120 = 15
        (240, 120, 60.0),  # 120 s over: 10 + 20 = 30 (the cap)
        (900, 120, 60.0),
        (10, 120, 80.0),  # under 15% of the limit: -10
        (18, 120, 90.0),  # exactly 15% is fine
    ],
)
def test_timing_penalties(seconds: float | None, limit: int, expected: float) -> None:
    result = score_answer(question(OUTCOME), NEUTRAL, seconds=seconds, time_limit=limit)
    assert result.delivery_score == expected
    assert result.delivery.seconds == seconds
    assert result.delivery.time_limit == limit


def test_time_limit_defaults_to_the_question() -> None:
    result = score_answer(question(OUTCOME, limit=60), NEUTRAL, seconds=75)
    assert result.delivery.time_limit == 60
    # 15 s over 60: 10 + 20 * 15/60 = 15
    assert result.delivery_score == 75.0
    assert any("15 s over the 60 s limit" in line for line in result.feedback)


@pytest.mark.parametrize(("words", "expected"), [(40, 90.0), (30, 75.0), (1, 31.5)])
def test_short_answers_cost_points(words: int, expected: float) -> None:
    d = Delivery(words, None, None, 0, 0, 0, 0)
    assert delivery_score(d) == expected


def test_feedback_names_missing_terms_and_their_phrases() -> None:
    q = question(OUTCOME, STAKEHOLDERS, OWNERSHIP)
    result = score_answer(q, NEUTRAL + " I decided to do it.")
    assert 1 <= len(result.feedback) <= 3
    # The heavier missing term comes first, with the phrases the rubric looks for.
    assert result.feedback[0] == (
        'Missing "Measurable outcome" — for example say "reduced" or "percent".'
    )
    assert result.feedback[1].startswith('Missing "Stakeholders"')


def test_feedback_includes_the_worst_delivery_problem() -> None:
    q = question(OUTCOME, STAKEHOLDERS, category="enthusiasm")
    text = "Um, uh, um, we, uh, reduced costs. " + NEUTRAL
    result = score_answer(q, text, seconds=100)
    assert len(result.feedback) == 3
    assert result.feedback[0].startswith('Missing "Stakeholders"')
    assert result.feedback[1] == '4 filled pauses ("um", "uh") — pause silently instead.'
    assert result.feedback[2].startswith("Let your interest show")


def test_energy_is_asked_for_only_where_the_question_listens_for_it() -> None:
    text = "We reduced costs. " + NEUTRAL
    plain = score_answer(question(OUTCOME, STAKEHOLDERS), text, seconds=100)
    assert not any(line.startswith("Let your interest show") for line in plain.feedback)
    asked = score_answer(question(OUTCOME, STAKEHOLDERS, category="enthusiasm"), text, seconds=100)
    assert any(line.startswith("Let your interest show") for line in asked.feedback)


def test_a_missing_enthusiasm_term_asks_for_energy_once() -> None:
    keen = RubricTerm("Shows energy", (), signals=("enthusiasm",))
    text = "We reduced costs. " + NEUTRAL
    asked = score_answer(question(OUTCOME, keen), text, seconds=100)
    assert 'Missing "Shows energy" — say what specifically excites you about it, and why.' in (
        asked.feedback
    )
    assert not any(line.startswith("Let your interest show") for line in asked.feedback)


def test_energy_is_not_asked_for_when_the_interest_already_shows() -> None:
    """Every enthusiasm term earned (here by its phrase): no nudge to say "excited"."""
    drawn = RubricTerm("Drawn to the work", ("the routing problem",), signals=("enthusiasm",))
    text = "What draws me is the routing problem your drivers face every morning. " + NEUTRAL
    result = score_answer(question(OUTCOME, drawn), text, seconds=100)
    assert not any(line.startswith("Let your interest show") for line in result.feedback)


def test_feedback_when_everything_is_covered() -> None:
    result = score_answer(question(OUTCOME), NEUTRAL + " We're excited: we reduced costs.")
    assert result.feedback == ("Every rubric point is covered — keep this structure and pace.",)


def test_feedback_never_claims_to_predict_hiring() -> None:
    q = question(OUTCOME, STAKEHOLDERS, OWNERSHIP, avoid=(BLAME,))
    for answer in ("", "um", NEUTRAL, NEUTRAL + " reduced, aligned, my call, their fault"):
        for line in score_answer(q, answer, seconds=500).feedback:
            lowered = line.lower()
            assert "hire" not in lowered and "offer" not in lowered and "chance" not in lowered


def test_match_terms_evidence_slices_the_answer() -> None:
    answer = "Honestly?  We REDUCED  incidents by 60% — and the Stakeholdrs agreed."
    results = match_terms((OUTCOME, STAKEHOLDERS, OWNERSHIP), answer)
    outcome, stakeholders, ownership = results
    assert outcome.phrase == "reduced" and outcome.evidence == "REDUCED"
    assert stakeholders.phrase == "stakeholder" and stakeholders.evidence == "Stakeholdrs"
    for result in (outcome, stakeholders):
        assert result.span is not None
        assert answer[result.span[0] : result.span[1]] == result.evidence
    assert not ownership.matched and ownership.span is None and ownership.evidence is None


def test_best_phrase_of_a_term_wins_over_an_earlier_typo() -> None:
    term = RubricTerm("Stakeholders", ("stakeholders", "partners"), weight=1)
    (result,) = match_terms((term,), "The stakeholdrs and our partners agreed.")
    assert result.phrase == "partners"
    assert result.evidence == "partners"


def test_json_shape_matches_product_contract() -> None:
    q = question(OUTCOME, avoid=(BLAME,))
    data = json.loads(json.dumps(score_answer(q, NEUTRAL, seconds=75).to_json()))
    # PRODUCT.md's fields first and unchanged; scorer version 2 only adds fields after them
    assert list(data)[:8] == [
        "question_id", "score", "content_score", "delivery_score",
        "terms", "avoid", "delivery", "feedback",
    ]  # fmt: skip
    assert list(data)[8:] == ["gate", "on_topic", "scorer_version"]
    assert data["scorer_version"] == 9
    assert list(data["gate"]) == [
        "function_word_ratio", "rubric_word_density", "well_formedness",
        "sentences", "on_topic_sentences", "on_topic", "concrete_sentences", "concreteness",
        "topicality", "rubric_vocabulary_density", "reach", "focus",
    ]  # fmt: skip
    added = ["source", "signal", "sentence", "credit", "similarity", "cut"]
    assert list(data["terms"][0]) == ["label", "weight", "matched", "evidence", "phrase", *added]
    assert list(data["avoid"][0]) == ["label", "weight", "matched", "evidence", "phrase", *added]
    assert list(data["delivery"]) == [
        "words", "seconds", "time_limit", "filled_pauses",
        "discourse_markers", "hedges", "energy_words",
    ]  # fmt: skip
    assert data["terms"][0]["weight"] == 3 and isinstance(data["terms"][0]["weight"], int)
    assert data["delivery"]["seconds"] == 75
    assert isinstance(data["feedback"], list) and data["feedback"]


def test_scores_are_rounded_to_one_decimal() -> None:
    q = question(OUTCOME, STAKEHOLDERS, OWNERSHIP)
    result = score_answer(q, NEUTRAL + " um, I think we reduced it.", seconds=133.337)
    for value in (result.score, result.content_score, result.delivery_score):
        assert round(value, 1) == value
    assert result.delivery.seconds == 133.3


# ---------------------------------------------------------------------------------------------
# Realistic callback questions: strong answers clearly beat weak ones, typos barely matter.

PUSHBACK = Question(
    id="pushback-x",
    prompt="In round one you said you cut churn by 12%. Your manager disagreed at first. Why?",
    category="pushback",
    time_limit=120,
    rubric=(
        RubricTerm("Measurable outcome", ("reduced", "percent", "churn", "saved"), 3),
        RubricTerm("Names stakeholders", ("stakeholders", "manager", "finance", "aligned"), 2),
        RubricTerm("Explains the trade-off", ("trade-off", "risk", "instead of", "cost"), 2),
        RubricTerm("Owns the decision", ("I decided", "my call", "I owned", "I recommended"), 1),
    ),
    avoid=(RubricTerm("Blames others", ("their fault", "incompetent", "not my fault"), 2),),
)
START_PLAN = Question(
    id="start-x",
    prompt="What would your first 90 days look like?",
    category="start_plan",
    time_limit=150,
    rubric=(
        RubricTerm("30/60/90 structure", ("30 days", "60 days", "90 days", "first month"), 3),
        RubricTerm("Learning plan", ("listen", "one-on-ones", "shadow", "learn"), 2),
        RubricTerm("Early win", ("quick win", "early win", "ship"), 2),
        RubricTerm("Transition", ("notice period", "handover", "loose ends"), 1),
    ),
)
ENTHUSIASM = Question(
    id="enthusiasm-x",
    prompt="This is your fourth conversation today. Why do you still want this role?",
    category="enthusiasm",
    time_limit=90,
    rubric=(
        RubricTerm("Specific to the company", ("mission", "product", "customers"), 2),
        RubricTerm("Energy", ("excited", "can't wait", "love"), 2),
        RubricTerm("Fit with skills", ("experience", "skills", "background"), 1),
    ),
)

STRONG = {
    "pushback-x": (
        "My manager worried that pausing the feature roadmap for a quarter was too big a risk. "
        "I recommended it anyway because our churn analysis showed onboarding bugs drove most "
        "cancellations. I aligned finance and support as stakeholders, agreed a clear trade-off "
        "instead of a vague promise, and it was my call to own the result. We reduced churn by "
        "12 percent in two quarters and saved about 300 thousand dollars a year, and I'm proud "
        "that my manager now uses the same review in planning."
    ),
    "start-x": (
        "In the first 30 days I would listen: one-on-ones with every engineer, shadow support "
        "calls and learn how releases work today. By 60 days I want a quick win, for example "
        "shipping the billing fix the team already scoped, so people see momentum. By 90 days "
        "I would own the roadmap for the platform area with clear goals. Before I start, I "
        "will use my notice period to write a handover and close the loose ends, and I'm "
        "excited to get going."
    ),
    "enthusiasm-x": (
        "Honestly I'm more excited now than this morning. Every conversation showed me how "
        "close the team is to customers, and your mission of making care affordable is the "
        "reason I applied. My background in payments and the skills I built scaling a small "
        "team fit the product problems you described, and I love that the work ships weekly. "
        "I can't wait to start."
    ),
}
WEAK = {
    "pushback-x": (
        "Um, I guess it was kind of a disagreement, you know. They didn't really get it and "
        "honestly it was their fault, um, that things were slow. Maybe it worked out, I think."
    ),
    "start-x": (
        "Um, I would kind of see how things go, you know, and maybe figure it out. I guess I'd "
        "just, like, do the work they give me."
    ),
    "enthusiasm-x": (
        "Uh, I mean, it's fine I guess. It's kind of a long day, you know, so, um, I think it's "
        "probably an okay job."
    ),
}
TYPO_SWAPS = {
    "pushback-x": [
        ("stakeholders", "stakeholdrs"),
        ("recommended", "recomended"),
        ("cancellations", "cancelations"),
        ("analysis", "analisys"),
        ("reduced", "redcued"),
        ("percent", "percnet"),
        ("manager", "manger"),
        ("aligned", "alligned"),
        ("instead", "insted"),
        ("trade-off", "tradeoff"),
    ],
    "start-x": [
        ("one-on-ones", "one on ones"),
        ("handover", "hand-over"),
        ("engineer", "enginer"),
        ("listen", "lisetn"),
        ("shadow", "shadw"),
        ("period", "peroid"),
    ],
    "enthusiasm-x": [
        ("background", "backround"),
        ("conversation", "conversaton"),
        ("can't", "can’t"),
        ("customers", "custommers"),
        ("mission", "misison"),
        ("excited", "excitted"),
    ],
}


def with_typos(qid: str) -> str:
    text = STRONG[qid]
    for right, wrong in TYPO_SWAPS[qid]:
        assert right in text
        text = text.replace(right, wrong)
    return text


REALISTIC = {q.id: q for q in (PUSHBACK, START_PLAN, ENTHUSIASM)}


@pytest.mark.parametrize("qid", sorted(REALISTIC))
def test_strong_answers_beat_weak_ones_by_fifteen_points(qid: str) -> None:
    q = REALISTIC[qid]
    strong = score_answer(q, STRONG[qid], seconds=q.time_limit * 0.7)
    weak = score_answer(q, WEAK[qid], seconds=q.time_limit * 0.4)
    assert strong.score >= weak.score + 15, (strong.score, weak.score)
    assert strong.content_score >= 75
    assert weak.content_score <= 40
    assert strong.delivery_score > weak.delivery_score


@pytest.mark.parametrize("qid", sorted(REALISTIC))
def test_typos_change_the_score_by_less_than_ten_points(qid: str) -> None:
    q = REALISTIC[qid]
    clean = score_answer(q, STRONG[qid], seconds=60)
    typed = score_answer(q, with_typos(qid), seconds=60)
    assert abs(clean.score - typed.score) < 10, (clean.score, typed.score)
    assert [t.matched for t in typed.terms] == [t.matched for t in clean.terms]


def test_typos_alone_still_find_their_terms() -> None:
    # Each term's only evidence is a misspelt long word.
    terms = (
        RubricTerm("Stakeholders", ("stakeholders",)),
        RubricTerm("Negotiation", ("negotiated",)),
        RubricTerm("Budget", ("budget",)),
        RubricTerm("Management", ("management",)),
    )
    q = question(*terms)
    typed = score_answer(q, "I negociated with stakeholdrs on the bugdet and managment.")
    assert [t.evidence for t in typed.terms] == ["stakeholdrs", "negociated", "bugdet", "managment"]
    # The typos read as the words meant, so the sentence is judged as its clean self.
    clean = score_answer(q, "I negotiated with stakeholders on the budget and management.")
    assert typed.content_score == clean.content_score
    assert [t.credit for t in typed.terms] == [t.credit for t in clean.terms]


@pytest.mark.parametrize(
    "junk",
    [
        "reduced " * 100_000,
        "\ud800\udfff\x00\x1b[31m" * 20_000 + " reduced",
        "\u202eמנהל\u202c " * 20_000 + "aligned stakeholders",
        "e\u0301\u0301\u0301 " * 30_000 + "🙂" * 10_000,
    ],
)
def test_enormous_and_junk_answers_score_without_error(junk: str) -> None:
    result = score_answer(PUSHBACK, junk, seconds=10_000)
    assert isinstance(result, Score)
    assert 0.0 <= result.score <= 100.0
    for term in (*result.terms, *result.avoid):
        if term.span is not None:
            assert junk[term.span[0] : term.span[1]] == term.evidence
    json.dumps(result.to_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("content", "delivery", "expected"),
    [
        (75.0, 69.5, 73.4),
        (80.0, 55.0, 72.5),
        (66.7, 90.0, 73.7),
        (0.0, 0.0, 0.0),
        (100.0, 100.0, 100.0),
    ],
)
def test_total_rounds_halves_up_like_a_hand_calculation(
    content: float, delivery: float, expected: float
) -> None:
    # 0.7 * 75 + 0.3 * 69.5 = 73.35, which float rounding would make 73.3
    assert total_score(content, delivery) == expected


WORKED = Question(
    id="pushback-003",
    prompt="Tell me about a decision of yours that your manager disagreed with.",
    category="pushback",
    time_limit=120,
    rubric=(
        RubricTerm("Measurable outcome", ("reduced", "percent", "saved"), 3, signals=("result",)),
        RubricTerm("Names stakeholders", ("stakeholders", "aligned", "finance"), 2, required=True),
        RubricTerm(
            "Explains the trade-off", ("trade-off", "risk", "instead of"), 2, signals=("reasoning",)
        ),
        RubricTerm("Owns the decision", ("I decided", "my call"), 1),
    ),
    avoid=(BLAME,),
)


def test_worked_example_a_of_docs_scoring_md() -> None:
    answer = (
        "Um, my manager wanted to wait, but I decided to ship the new alerting first, because "
        "night pages were burning out the on-call team. I aligned finance and support, you "
        "know, and we reduced paging incidents by 60% in two months. I think it was the right "
        "call, and I'm excited to do the same here."
    )
    result = score_answer(WORKED, answer, seconds=135)
    assert [(t.matched, t.source, t.phrase or t.signal, t.credit) for t in result.terms] == [
        (True, "phrase", "reduced", 1.0),
        (True, "phrase", "aligned", 1.0),
        (True, "signal", "reasoning", 1.0),
        (True, "phrase", "I decided", 1.0),
    ]
    assert result.terms[2].evidence == answer[: answer.index("team.") + 5]
    gate = result.gate
    assert gate is not None
    assert (gate.function_word_ratio, gate.rubric_word_density, gate.well_formedness) == (
        0.51, 0.09, 1.0,
    )  # fmt: skip
    assert gate.rubric_vocabulary_density == 0.12
    assert (gate.sentences, gate.on_topic_sentences, gate.on_topic) == (3, 2, 1.0)
    assert (gate.concrete_sentences, gate.concreteness) == (2, 1.0)
    assert gate.topicality is None  # the example's rubric is too thin to judge topicality
    d = result.delivery
    assert (d.words, d.filled_pauses, d.discourse_markers, d.hedges, d.energy_words) == (
        57, 1, 1, 1, 1,
    )  # fmt: skip
    assert (result.content_score, result.delivery_score, result.score) == (100.0, 69.5, 90.9)
    assert result.feedback == (
        "You ran 15 s over the 120 s limit — lead with the result and cut the backstory.",
        '1 filled pause ("um") — pause silently instead.',
        '1 filler ("you know") — drop it.',
    )


def test_packing_the_rubric_s_words_without_its_phrases_is_stuffing() -> None:
    """The vocabulary density catches an answer that lists the rubric's words in a sentence
    frame without completing a single phrase; a natural answer keeps full form."""
    q = question(
        RubricTerm("Growth", ("room to grow", "a mentor", "career path", "new skills"), weight=2),
        RubricTerm("Impact", ("for the customers", "revenue growth", "saved time"), weight=2),
    )
    packed = (
        "I want growth and a career, skills and paths, a new mentor and new room, revenue and "
        "customers and time saved, skills and growth and mentors for my career."
    )
    natural = (
        "I want a role where there is room to grow: a mentor I can learn from, and a clear "
        "career path in the first couple of years, while the work I do saves our customers "
        "real time."
    )
    stuffed, fine = score_answer(q, packed).gate, score_answer(q, natural).gate
    assert stuffed is not None and fine is not None
    assert stuffed.rubric_word_density < 0.25  # no phrase completed: the old figure misses it
    assert stuffed.rubric_vocabulary_density is not None
    assert stuffed.rubric_vocabulary_density > 0.45
    assert stuffed.well_formedness == 0.3
    assert fine.well_formedness == 1.0


def test_worked_example_b_of_docs_scoring_md() -> None:
    listed = (
        "reduced percent stakeholders aligned finance I decided my call saved trade-off risk "
        "instead of"
    )
    result = score_answer(WORKED, listed, seconds=20)
    assert [t.credit for t in result.terms] == [0.2, 0.2, 0.2, 0.2]
    gate = result.gate
    assert gate is not None
    assert (gate.function_word_ratio, gate.rubric_word_density, gate.well_formedness) == (
        0.27, 0.73, 0.3,
    )  # fmt: skip
    assert (result.content_score, result.delivery_score, result.score) == (6.0, 52.5, 6.1)
    assert result.feedback[0] == "Answer in sentences: a list of keywords earns little."


# ---------------------------------------------------------------------------------------------
# The built-in banks: every phrase is findable, strong answers beat weak ones on real questions.


@pytest.fixture(scope="module")
def builtin_questions() -> dict[str, Question]:
    banks = load_bank_set(builtin_banks_dir(), Path("/nonexistent/user/banks"))
    assert not banks.errors, banks.errors
    return {q.id: q for bank in banks.banks for q in bank.questions}


def test_every_builtin_phrase_is_found_in_a_sentence_using_it(
    builtin_questions: dict[str, Question],
) -> None:
    assert len(builtin_questions) >= 20
    unfindable = [
        (qid, phrase)
        for qid, q in builtin_questions.items()
        for term in (*q.rubric, *q.avoid)
        for phrase in term.phrases
        if find_phrase(phrase, f"Well, {phrase} mattered here.") is None
    ]
    assert unfindable == []


BUILTIN_ANSWERS = {
    "pushback-001": (
        "Yes, I would make the same call, because the data showed onboarding bugs drove most "
        "cancellations, and I weighed that against the roadmap delay. My manager raised a fair "
        "point: their concern was that sales had promised two features, and I understood why. "
        "The result was that we reduced churn by 12 percent in two quarters. In hindsight I "
        "would involve sales earlier, and next time I'd share the numbers before deciding.",
        "Um, I guess it was kind of fine. Honestly they didn't get it, it was their fault. "
        "I was right, you know.",
    ),
    "enthusiasm-001": (
        "Honestly, I'm more excited now. Today I learned from my conversation with Priya how "
        "close your roadmap is to what customers ask for, and I love that the team ships weekly. "
        "When I met the platform group I heard about the migration problem, which is exactly "
        "what I've done twice before, so I can help from the first month. I can't wait to "
        "contribute.",
        "Um, it's fine, I guess. Same as before really, nothing new. It's been a long day, so "
        "many interviews, you know.",
    ),
    "references-001": (
        "My first reference is my former manager, Dana, who can speak to how I led the billing "
        "migration. The second is a direct report, Sam, who will tell you how I coach; that is "
        "relevant to this role because you need someone who grows engineers. The third is a "
        "peer from product, for a different angle. I briefed all three last week: I sent them "
        "the job description and told them which projects matter here.",
        "Um, I haven't asked anyone yet, not sure who. Maybe my friend from college, I guess.",
    ),
    "start_plan-001": (
        "In the first 30 days I would listen: one-on-ones with each engineer and the product "
        "partners, and shadow support to understand the pain points. By 60 days I want an early "
        "win, the flaky deploy pipeline, with a clear metric and a baseline so we can measure "
        "it. By 90 days I would agree on priorities with you for the next two quarters and "
        "check in every two weeks for feedback. Throughout I would map the stakeholders in "
        "finance and the other teams who depend on us.",
        "Um, I haven't thought about it much. I'd kind of play it by ear and see how it goes, "
        "you know, and figure it out.",
    ),
    "curiosity-001": (
        "I'd love to understand what a great first year looks like for whoever takes this "
        "role: what would make you say the hire paid off? I'm also curious how your team and "
        "design actually work together day to day, and what you have enjoyed most since you "
        "joined. Looking ahead, what do you expect to be the hardest problem next year? And how "
        "do people here keep learning, is there time set aside for it?",
        "Um, no, I'm good, you covered everything. Maybe what's the salary and the bonus, and "
        "how many vacation days?",
    ),
}


@pytest.mark.parametrize("qid", sorted(BUILTIN_ANSWERS))
def test_strong_beats_weak_on_builtin_questions(
    builtin_questions: dict[str, Question], qid: str
) -> None:
    q = builtin_questions[qid]
    strong_text, weak_text = BUILTIN_ANSWERS[qid]
    strong = score_answer(q, strong_text, seconds=q.time_limit * 0.6)
    weak = score_answer(q, weak_text, seconds=q.time_limit * 0.3)
    assert strong.score >= weak.score + 15, (strong.score, weak.score)
    assert strong.content_score >= 70, [t.label for t in strong.terms if not t.matched]
    assert not any(t.matched for t in strong.avoid)
    assert any(t.matched for t in weak.avoid)


def test_the_same_words_earn_one_term_not_two() -> None:
    question = Question(
        id="q-claim",
        prompt="What would you want from your onboarding buddy?",
        category="start_plan",
        rubric=(
            RubricTerm("Specific asks", ("the design docs", "docs"), 2),
            RubricTerm("Gives back", ("docs", "write up"), 1),
        ),
    )
    once = score_answer(question, "I read the design docs on my own before asking anything.")
    assert [(t.matched, t.phrase) for t in once.terms] == [(True, "the design docs"), (False, None)]
    # The other term takes its next occurrence elsewhere.
    twice = score_answer(
        question, "I read the design docs first, and then I made a write up of what I learned."
    )
    assert [(t.matched, t.phrase) for t in twice.terms] == [
        (True, "the design docs"),
        (True, "write up"),
    ]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("fair", "I just sent it."),
        ("market", "We needed more space in the office."),
        ("notice", "I answered on the spot."),
        ("sale", "I had to deal with it."),
    ],
)
def test_a_related_wording_with_another_common_sense_does_not_stand_in(
    phrase: str, text: str
) -> None:
    """Related wordings whose everyday sense is something else are not in the groups."""
    (result,) = match_terms([RubricTerm("Term", (phrase,))], text)
    assert not result.matched, result.evidence


@pytest.mark.parametrize(
    ("phrase", "text", "said"),
    [
        ("disagree", "My lead and I didn't see eye to eye on the date.", "didn't see eye to eye"),
        ("meet the team", "In week one I'd put faces to names.", "put faces to names"),
        ("rewrite", "The part I'd tear out now is the scheduler.", "tear out"),
    ],
)
def test_a_spoken_idiom_stands_in_for_the_rubric_s_wording(
    phrase: str, text: str, said: str
) -> None:
    (result,) = match_terms([RubricTerm("Term", (phrase,))], text)
    assert result.matched and result.evidence == said


def test_a_wording_earns_its_term_but_does_not_set_the_topic_or_the_meaning() -> None:
    term = RubricTerm("Kill criteria", ("kill criteria", "walk away"), wordings=("pull the plug",))
    q = Question("q", "How would you know the bet failed?", "pushback", rubric=(term,))
    result = score_answer(q, "If signups stayed flat by week eight, we'd pull the plug on it.")
    assert result.terms[0].matched and result.terms[0].phrase == "pull the plug"
    assert "pull the plug" not in topic_texts(q)
    said = "We pulled the plug."
    assert "pull the plug" not in meanings((term,), answer_words(scan(said), layout(said))).texts


def test_a_term_s_wordings_do_not_count_as_the_rubric_s_vocabulary() -> None:
    """The vocabulary a stuffed answer packs is the phrases' words: a natural answer that uses
    the words of a term's wordings (idioms, instances) is not packing the rubric."""
    terms = (
        RubricTerm("Handover", ("handover plan",), wordings=("the runbook", "vendor contacts")),
        RubricTerm("Successor", ("a successor",), wordings=("my deputy", "run the standups")),
    )
    q = Question("q", "How would you leave mid-project?", "start_plan", rubric=terms)
    said = (
        "The runbook for the vendor was out of date, so I rewrote it with the contacts we use. "
        "Dana, who is my deputy, agreed to run most of the standups while I was away."
    )
    gate = score_answer(q, said).gate
    assert gate is not None and gate.rubric_vocabulary_density == 0.0


def test_a_negated_idiom_does_not_stand_in() -> None:
    (result,) = match_terms([RubricTerm("Term", ("disagree",))], "We never butted heads.")
    assert not result.matched


def test_every_related_wordings_group_is_clean() -> None:
    """Each line of data/related_words.txt: two or more distinct items, plain apostrophes, and
    none of the very common words its header keeps out (a vague answer would match them)."""
    text = files("callback_sim.core").joinpath("data/related_words.txt").read_text("utf-8")
    banned = {"work", "thing", "people", "good", "great", "help", "do", "make", "get", "team"}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        items = [item.strip() for item in line.split(",")]
        assert len(items) >= 2 and all(items), f"line {number}: {line!r}"
        assert len(set(items)) == len(items), f"line {number}: an item twice"
        assert "\u2019" not in line, f"line {number}: curly apostrophe"
        assert not banned & set(items), f"line {number}: {banned & set(items)}"


def test_a_short_sentence_is_a_clause_though_its_little_words_occur_in_other_phrases() -> None:
    q = Question(
        id="q-offer",
        prompt="If your employer makes a counter-offer, what will you do?",
        category="start_plan",
        rubric=(
            RubricTerm("A clear decision", ("not really interested", "I've decided"), 2),
            RubricTerm("Handles it kindly", ("I'm grateful", "in a kind way", "counter-offer"), 1),
        ),
    )
    said = "I'm not really interested in a counter-offer."
    decision = score_answer(q, said).terms[0]
    assert decision.matched and decision.credit == 1.0
    listed = score_answer(q, "not really interested counter-offer grateful kind").terms[0]
    assert listed.matched and listed.credit < 1.0


def test_one_sentence_earns_at_most_two_of_the_rubric_s_points_in_full() -> None:
    recited = (
        "I decided on the trade-off with my manager and finance, and then we reduced churn "
        "by a percent."
    )
    result = score_answer(PUSHBACK, recited, seconds=20)
    credits = {t.label: t.credit for t in result.terms if t.matched}
    # the two heaviest (of equal weight, the first said) keep full credit; the others are
    # a checklist's
    assert credits == {
        "Measurable outcome": 1.0,
        "Explains the trade-off": 1.0,
        "Names stakeholders": 0.2,
        "Owns the decision": 0.2,
    }
    assert {t.label: t.cut for t in result.terms} == {
        "Measurable outcome": None,
        "Explains the trade-off": None,
        "Names stakeholders": "recited",
        "Owns the decision": "recited",
    }
    assert result.terms[1].to_json()["cut"] == "recited"
    assert TermResult.from_record(result.terms[1].to_record()) == result.terms[1]
    assert RECITED in result.feedback and KEYWORD_LIST not in result.feedback
    told = (
        "My manager wanted to keep the old pricing page, and finance worried about revenue. "
        "I decided to test the new one on a tenth of traffic instead of switching everyone, "
        "and churn fell from 6 to 4 percent in a month."
    )
    spread = score_answer(PUSHBACK, told, seconds=40)
    assert all(t.matched and t.credit == 1.0 for t in spread.terms), spread.terms
    assert spread.score > result.score + 10


def test_a_sentence_with_words_of_its_own_keeps_every_point_it_makes() -> None:
    said = (
        "I decided to test the new pricing page on a tenth of our traffic instead of "
        "switching everyone, which my manager accepted, and churn fell by two points."
    )
    result = score_answer(PUSHBACK, said, seconds=30)
    assert [t.credit for t in result.terms if t.matched] == [1.0, 1.0, 1.0, 1.0]
