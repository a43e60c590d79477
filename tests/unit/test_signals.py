"""Signals, negation, suppositions and the sentence gate: reading an answer as a person does."""

from __future__ import annotations

import pytest

from callback_sim.core.assess import assess_answer
from callback_sim.core.models import SIGNAL_NAMES, Claim, Question, RubricTerm
from callback_sim.core.scoring import SCORER_VERSION, score_answer
from callback_sim.core.scoring.feedback import KEYWORD_LIST, OFF_TOPIC, SIGNAL_HINTS
from callback_sim.core.scoring.sentences import Layout, layout
from callback_sim.core.scoring.signals import detect, generic_claims, vague_sentences
from callback_sim.core.text import scan


def fires(name: str, sentence: str) -> bool:
    return bool(detect(name, scan(sentence), layout(sentence)))


# (signal, sentences that show it, sentences that must not)
CASES: list[tuple[str, list[str], list[str]]] = [
    (
        "reasoning",
        [
            "I argued we should wait, since our crash rate was still at 3%.",
            "We paused the launch because the data was incomplete.",
            "I pushed for it so that support could keep up.",
            "The beta numbers showed a fifth of users dropping off.",
        ],
        [
            "So everyone was happy in the end.",
            "I have worked there since 2019.",
            "It has been quiet since then.",
        ],
    ),
    (
        "specifics",
        [
            "Crashes fell to 0.4% within a month.",
            "We had three engineers and a designer.",
            "I moved the billing service to Postgres.",
            "It shipped in 2023.",
        ],
        ["We worked hard on it and it went well."],
    ),
    (
        "ownership",
        [
            "I rebuilt the deploy script myself.",
            "I wrote the migration plan.",
            "I then ran the numbers again.",
            "In my first week I'll map every team.",
            "The migration plan was mine, start to finish.",
            "Nobody else volunteered to call the client, I did.",
            "I was the one who rewrote the pager rules.",
        ],
        [
            "I never blamed them for it.",
            "I didn't write the plan.",
            "I was tired that week.",
            "If I had rebuilt it sooner we would have saved time.",
            "I would have helped them.",
            "I did try to call them.",
            "The idea wasn't mine.",
            "If the call was mine, we would wait.",
        ],
    ),
    (
        "acknowledgement",
        [
            "She worried about the marketing window, which was a real cost, and I understood it.",
            "My manager had a point about the deadline.",
            "Their concern was fair.",
            "She was right to push back.",
        ],
        [
            "I was right and they knew it.",
            "I didn't think their concern was fair.",
        ],
    ),
    (
        "result",
        [
            "Crashes fell to 0.4% and sales beat the previous year.",
            "We reduced churn by 12 percent.",
            "In the end the launch went from 40 to 90 signups a day.",
        ],
        [
            "If she hadn't improved, we would have lost the client.",
            "We wanted to reduce churn.",
            "Revenue never increased.",
        ],
    ),
    (
        "reflection",
        [
            "Looking back, I would bring her the figures a week earlier.",
            "The thing I would do another way is raise it sooner.",
            "I should have escalated on day one.",
            "Next time I'd share the numbers first.",
        ],
        ["I wouldn't do anything differently."],
    ),
    (
        "shortcoming",
        [
            "He'd tell you I can be too blunt in design reviews.",
            "I tend to spend too long polishing a first draft.",
            "I don't ask for help early enough.",
            "Honestly I find it hard to let go of the details.",
            "I underestimated how long the data migration would take.",
            "My biggest weakness is saying no to people.",
            "My weak point is long-range planning.",
            "That delay was on me.",
            "I'm not great at estimating work I haven't done before.",
            "I overcommit when a new project sounds exciting.",
        ],
        [
            "I work too hard sometimes.",
            "My weakness is that I care too much about my team.",
            "I'm too much of a perfectionist.",
            "I thought the deadline was too tight.",
            "The rollout plan was too risky.",
            "I was in that meeting too.",
            "I never struggled with the new tools.",
            "If I were too slow, my lead would tell me.",
            "I'm not too worried about the move.",
            "We had enough budget for two contractors.",
            "I didn't have enough time to test it.",
            "Their biggest weakness was pricing.",
        ],
    ),
    (
        "example",
        [
            "Last year at my previous company we had an outage.",
            "For example, the billing migration slipped.",
            "Back in 2021 I led the redesign.",
        ],
        ["I think communication matters in every team."],
    ),
    (
        "timeline",
        [
            "In the first 30 days I would meet every engineer.",
            "By the end of the first quarter we ship the new flow.",
            "In my first week I'd read the incident reviews.",
        ],
        ["I would get to know people and see how things go."],
    ),
    (
        "question",
        [
            "How does the team decide what to build next?",
            "I'm curious what surprised you most when you joined.",
            "What does a great first year look like here?",
            "I'd want to find out how your team decides which bugs get fixed first.",
            "I wanted to ask why the role is open again.",
            "I'm interested in how you measure a good quarter here.",
        ],
        [
            "Is there parking?",
            "I have no questions.",
            "I know how the release process works.",
            "I learned what the customers needed.",
            "I'd like to learn how to write better SQL.",
            "I don't want to know what it pays.",
        ],
    ),
    (
        "enthusiasm",
        [
            "I'm excited about how close your team works with nurses on the ward.",
            "I can't wait to work on the scheduling problem you described.",
            "Owning the billing rewrite is exactly the kind of work I want next.",
            "Running the payments roadmap is what I'm after.",
        ],
        [
            "I'm not excited about it.",
            "Excited.",
            "I'm not sure the billing work is what I want.",
            "It is what I want.",
        ],
    ),
    (
        "reported",
        [
            "When Priya told me the team only releases twice a month, that caught me off guard.",
            "The engineering lead saying they had scrapped sprints stuck with me.",
            "My old manager would say I push too hard on deadlines.",
            "What I heard today about the roadmap surprised me.",
        ],
        [
            "I told my manager about the delay.",
            "Nobody mentioned the budget.",
            "If you said that to a client, they would walk.",
            "I would say the launch went well.",
        ],
    ),
    (
        "candour",
        [
            "Cards on the table, there's one other studio still in the picture.",
            "I'd be lying if I said I slept easily that week.",
            "I'm not going to pretend the on-call part excites me.",
            "To be honest, the first month was rough.",
        ],
        [
            "Honestly it was fine.",
            "I'm not being honest with myself if I say that.",
            "She told the truth about the numbers in the end.",
        ],
    ),
    (
        "offer",
        [
            "I'm happy to take that week unpaid.",
            "I could work a couple of extra days before I go so nothing slips.",
            "If it helps, I can send the handover notes before my first day.",
            "Put me on the rota from the first month.",
            "I proposed we run both systems side by side for a month.",
        ],
        [
            "They're always happy to help when I need them.",
            "I'm not willing to move the date.",
            "I can see why they asked.",
        ],
    ),
]


@pytest.mark.parametrize(("name", "sentence"), [(n, s) for n, good, _bad in CASES for s in good])
def test_signal_fires_on_a_sentence_that_shows_it(name: str, sentence: str) -> None:
    assert fires(name, sentence), (name, sentence)


@pytest.mark.parametrize(("name", "sentence"), [(n, s) for n, _good, bad in CASES for s in bad])
def test_signal_stays_quiet_on_negation_suppositions_and_look_alikes(
    name: str, sentence: str
) -> None:
    assert not fires(name, sentence), (name, sentence)


def test_a_question_put_as_a_wish_earns_a_question_term_but_is_not_concrete() -> None:
    """ "I'd want to know what ..." asks, as "What ...?" does; but it is also what a vague
    answer says ("I'd want to know what the vibe is like"), so only a question asked outright
    makes a sentence concrete."""
    q = Question(
        id="q-ask",
        prompt="What would you want to ask the team before you join?",
        category="curiosity",
        rubric=(RubricTerm("Asks a real question", (), signals=("question",)),),
    )
    indirect = "I'd want to find out how the team decides which bugs get fixed first."
    outright = "How does the team decide which bugs get fixed first?"
    for said in (indirect, outright):
        result = score_answer(q, said)
        assert result.terms[0].matched and result.terms[0].signal == "question", said
    assert not detect("asked", scan(indirect), layout(indirect))
    assert detect("asked", scan(outright), layout(outright))


def test_structure_needs_situation_action_result_in_order() -> None:
    story = (
        "Our checkout was losing a fifth of users at one step. I rewrote the address form. "
        "Abandonment dropped to 7 percent."
    )
    assert fires("structure", story)
    assert not fires("structure", "Abandonment dropped to 7 percent. I rewrote the form.")


def test_every_signal_name_has_a_detector_and_a_hint() -> None:
    for name in SIGNAL_NAMES:
        detect(name, scan("A plain sentence."), layout("A plain sentence."))
        assert name in SIGNAL_HINTS


# ---------------------------------------------------------------------------------------------
# Terms earned by signals, lists cut by the gate, off-topic answers.

DECISION = Question(
    id="q-sig",
    prompt="Tell me about a decision your manager disagreed with, and how it turned out.",
    category="pushback",
    time_limit=120,
    rubric=(
        RubricTerm("Explains the reasoning", ("because", "trade-off"), 2, signals=("reasoning",)),
        RubricTerm("Acknowledges the other view", ("fair point",), 2, signals=("acknowledgement",)),
        RubricTerm("Outcome", ("result", "percent"), 3, signals=("result",)),
        RubricTerm("Reflection", ("in hindsight",), 1, signals=("reflection",)),
    ),
    avoid=(RubricTerm("Blames others", ("blamed them", "their fault"), 2),),
)
NATURAL = (
    "My manager wanted to ship the redesign before the holidays; I argued we should wait two "
    "weeks, since our crash rate on older phones was still at 3%. She worried about missing "
    "the marketing window, which was a real cost, and I understood it. We slipped by ten days, "
    "crashes fell to 0.4%, and the holiday sales beat the previous year. The thing I would do "
    "another way is bring her the crash figures a week earlier."
)


def test_signals_earn_terms_that_no_phrase_names() -> None:
    result = score_answer(DECISION, NATURAL, seconds=70)
    by_label = {t.label: t for t in result.terms}
    assert all(t.matched for t in result.terms)
    ack = by_label["Acknowledges the other view"]
    assert (ack.source, ack.signal) == ("signal", "acknowledgement")
    assert ack.evidence is not None and "I understood it" in ack.evidence
    assert ack.span is not None and NATURAL[ack.span[0] : ack.span[1]] == ack.evidence
    assert result.content_score == 100.0
    assert result.scorer_version == SCORER_VERSION == 9


def test_a_keyword_list_earns_little_and_is_told_so() -> None:
    listed = "because trade-off fair point result percent in hindsight"
    result = score_answer(DECISION, listed, seconds=20)
    assert all(t.matched and t.source == "phrase" and t.credit == 0.2 for t in result.terms)
    assert result.content_score <= 20  # 20% credit; under 12 words well-formedness stays 1
    assert result.score < 35
    assert KEYWORD_LIST in result.feedback


def test_repeating_a_phrase_adds_nothing() -> None:
    once = score_answer(DECISION, "We cut costs because the old plan was too slow for us.")
    many = score_answer(
        DECISION, "We cut costs because the old plan was too slow for us, because, because."
    )
    assert [t.credit for t in once.terms] == [t.credit for t in many.terms]


def test_honest_bullet_points_keep_partial_credit() -> None:
    bullets = (
        "- I paused the launch because crash rates on old phones were at 3%\n"
        "- my manager had a fair point about the marketing window\n"
        "- crashes fell to 0.4% after ten days\n"
    )
    result = score_answer(DECISION, bullets)
    assert 30 <= result.content_score < 100
    assert sum(t.matched for t in result.terms) >= 3


def test_an_answer_to_another_question_is_told_so() -> None:
    other = (
        "I would spend my first month shadowing the support desk. Then I would pick one "
        "small bug to fix with the platform engineers, and write up what I learned."
    )
    result = score_answer(DECISION, other)
    assert result.gate is not None and result.gate.on_topic == 0.0
    assert result.content_score == 0.0
    assert result.feedback[0] == OFF_TOPIC
    assert "does not answer the question asked" in OFF_TOPIC


def test_negated_avoid_phrase_does_not_cost_points() -> None:
    said = NATURAL + " I never blamed them for the delay."
    assert not score_answer(DECISION, said).avoid[0].matched
    blamed = NATURAL + " Honestly I blamed them for the delay."
    assert score_answer(DECISION, blamed).avoid[0].matched


def test_negated_rubric_phrase_does_not_earn_the_term() -> None:
    term = RubricTerm("Outcome", ("improved",), 1)
    q = Question(id="q-n", prompt="How did it go?", category="pushback", rubric=(term,))
    assert not score_answer(q, "If she hadn't improved, we would have lost them.").terms[0].matched
    assert not score_answer(q, "The numbers never improved that year.").terms[0].matched
    assert score_answer(q, "The numbers improved a lot that year.").terms[0].matched


@pytest.mark.parametrize(
    "said",
    [
        "I'd rather take the hit myself, in front of everyone, than say it was their fault.",
        "We fixed the handover instead of their fault becoming the story.",
        "Neither of the two outages was really their fault.",
    ],
)
def test_what_a_sentence_sets_aside_is_not_said(said: str) -> None:
    assert not score_answer(DECISION, NATURAL + " " + said).avoid[0].matched, said


def test_a_ceased_feeling_is_not_a_complaint() -> None:
    term = RubricTerm("Complains", ("dreading",), 2)
    q = Question(
        id="q-c", prompt="How is the on-call?", category="enthusiasm", rubric=(), avoid=(term,)
    )
    assert (
        not score_answer(q, "After the fix the juniors stopped dreading their week.")
        .avoid[0]
        .matched
    )
    assert score_answer(q, "Honestly the juniors are dreading their week on call.").avoid[0].matched
    # "than" without "rather" compares, it does not set aside
    more = RubricTerm("Outcome", ("improved",), 1)
    q = Question(id="q-d", prompt="How did it go?", category="pushback", rubric=(more,))
    assert (
        score_answer(q, "It was better than we hoped: the numbers improved a lot.").terms[0].matched
    )
    assert not score_answer(q, "I'd rather admit a miss than claim it improved.").terms[0].matched


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("Maybe 40% of users churned in the first month after the change.", 0),
        ("I'd say roughly half of the team moved over by then.", 0),
        ("Maybe it worked, I guess, and probably that was fine.", 3),
    ],
)
def test_estimates_are_not_hedges(text: str, hedges: int) -> None:
    assert score_answer(DECISION, text).delivery.hedges == hedges


def test_assess_answer_adds_round_one_drift_first() -> None:
    claim = Claim(kind="team_size", text="five engineers", sentence="I led five engineers.",
                  value=5.0, measure="engineers")  # fmt: skip
    seeded = Question(
        id="q-c", prompt="Tell me about the team you led.", category="pushback",
        rubric=DECISION.rubric, claims=(claim,),
    )  # fmt: skip
    plain = score_answer(seeded, "I led eight engineers on the billing rebuild.")
    assessed = assess_answer(seeded, "I led eight engineers on the billing rebuild.")
    assert plain.consistency == ()
    assert assessed.consistency and assessed.feedback[0] == assessed.consistency[0]


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("I'm a hard worker and a team player, and I'd bring a lot of value.", [0]),
        ("Everyone here seems really smart. I'd learn a lot from them.", [0, 1]),
        ("It was tough, but we made it work.", [0]),
        # a stock claim with its evidence is not generic
        ("I'm a hard worker: at Acme I closed 40 tickets a week.", []),
        ("I'd meet each of the three reports in week one.", []),
    ],
)
def test_stock_claims_without_specifics_are_generic(text: str, generic: list[int]) -> None:
    assert generic_claims(scan(text), layout(text)) == generic


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        (
            "I've managed several million at one point. We trimmed things that weren't working.",
            [0, 1],
        ),
        ("I cut several of the 40 stores' orders. There are two things I'd change.", []),
        ("We moved a lot of the batch jobs to Airflow.", []),
        ("I rebuilt the billing export in March.", []),
    ],
)
def test_vague_words_with_nothing_to_pin_them_down(text: str, vague: list[int]) -> None:
    assert vague_sentences(scan(text), layout(text)) == vague


@pytest.mark.parametrize(
    ("prompt", "general", "concrete"),
    [
        # a stock claim, even said as a plan
        (
            "What should I remember about you?",
            "I'm a team player. I'd bring a lot of value to the team.",
            "I'd fix the release checklist. I'd bring the on-call pages down.",
        ),
        # vague words with nothing to pin them down
        (
            "Tell me about a budget you cut.",
            "I've managed several million at one point. I trimmed things.",
            "I managed 3.2 million in 2023. I cut two trade shows.",
        ),
    ],
)
def test_stock_claims_and_vague_sentences_are_not_concrete(
    prompt: str, general: str, concrete: str
) -> None:
    q = Question(id="q", prompt=prompt, category="pushback")
    said, shown = score_answer(q, general), score_answer(q, concrete)
    assert said.gate is not None and shown.gate is not None
    assert said.gate.concrete_sentences == 0
    assert shown.gate.concrete_sentences == 2


def test_a_list_of_the_rubric_s_words_shows_no_signal_even_without_its_phrases() -> None:
    """A sentence made of the rubric's vocabulary is a list, whether or not the words
    complete a phrase: no signal counts in it."""
    q = Question(
        id="q",
        prompt="Tell me about a decision your manager disagreed with.",
        category="pushback",
        rubric=(
            RubricTerm("Reasoning", ("my reason was", "because of the"), signals=("reasoning",)),
            RubricTerm("Outcome", ("the result was", "outcome of it"), signals=("result",)),
        ),
    )
    listed = score_answer(q, "because reason result outcome decision manager reason result")
    assert not any(t.matched and t.source == "signal" for t in listed.terms)


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("question", "I wnated to ask how the team plans its releases."),
        ("reasoning", "We waited becuase the crash rate was still high."),
        ("ownership", "I rewrot the deploy script myself."),
    ],
)
def test_signals_read_typos_as_the_words_meant(name: str, typed: str) -> None:
    meant = scan(typed).corrected()
    assert detect(name, meant, Layout(meant)), (name, typed)


def test_a_typo_in_a_negator_still_negates() -> None:
    meant = scan("I dindt rewrite the deploy script.").corrected()
    assert not detect("ownership", meant, Layout(meant))


@pytest.mark.parametrize(
    ("sentence", "word", "supposed"),
    [
        ("If you ask me, the rollout worked.", "rollout", False),
        ("If you only remember one thing, make it the handover.", "thing", False),
        ("If I'm honest, I pushed too hard.", "pushed", False),
        ("If we had shipped early, churn would have dropped.", "shipped", True),
        ("If you shipped it early, churn would drop.", "shipped", True),
    ],
)
def test_an_if_that_frames_the_saying_supposes_nothing(
    sentence: str, word: str, supposed: bool
) -> None:
    lay = layout(sentence)
    index = lay.text.keys.index(word)
    assert lay.hypothetical(index) is supposed
