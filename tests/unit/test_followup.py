"""Follow-ups: what an answer gives a callback interviewer to press on, and the round's rules."""

from __future__ import annotations

import re

import pytest

from callback_sim.core.assess import assess_answer
from callback_sim.core.claims import extract_claims
from callback_sim.core.followup import (
    FOLLOW_UP_KIND,
    PROMPTS,
    RUBRICS,
    TRIGGERS,
    Opening,
    clause_around,
    find_openings,
    follow_up_question,
)
from callback_sim.core.models import SIGNAL_NAMES, Question, QuestionSource
from callback_sim.core.round import Round, follow_up_budget
from callback_sim.core.scoring import score_answer
from callback_sim.core.seeding import check_consistency


def triggers(answer: str, consistency: tuple[str, ...] = ()) -> list[str]:
    return [o.trigger for o in find_openings(answer, consistency)]


def opening(answer: str, trigger: str, consistency: tuple[str, ...] = ()) -> Opening:
    found = {o.trigger: o for o in find_openings(answer, consistency)}
    assert trigger in found, (answer, list(found))
    return found[trigger]


# -- detection ------------------------------------------------------------------------------


def test_a_figure_without_how_it_was_measured_is_pressed_on() -> None:
    o = opening("We cut churn by 12% in two quarters with six engineers.", "measurement")
    assert o.quote == "We cut churn by 12%"


@pytest.mark.parametrize(
    "answer",
    [
        "We cut churn by 12%, measured as monthly cancellations against the prior cohort.",
        "Revenue grew from $2M to $3M. I tracked it weekly in the finance dashboard.",
        "We ran an A/B test with a control group and conversion rose 4 percent.",
    ],
)
def test_a_figure_that_was_explained_is_not(answer: str) -> None:
    assert "measurement" not in triggers(answer)


def test_a_count_is_not_a_figure_to_measure() -> None:
    assert "measurement" not in triggers("I had two options and I chose the cheaper one.")


def test_we_without_i_is_pressed_on() -> None:
    o = opening("I think we did well. We moved the billing service to Postgres.", "ownership")
    assert o.quote == "We moved the billing service to Postgres"


@pytest.mark.parametrize(
    "answer",
    [
        "We both agreed to delay the launch, and I wrote the rollback plan.",
        "We shipped it in March; my part was the migration script.",
        "Our team owned billing and I personally ran the cutover weekend.",
    ],
)
def test_we_alongside_i_is_not(answer: str) -> None:
    assert "ownership" not in triggers(answer)


def test_thinking_is_not_acting() -> None:
    # "I think" is a hedge, not the candidate doing anything.
    assert "ownership" in triggers("I think we rebuilt the onboarding flow.")


def test_an_action_without_a_result_is_pressed_on() -> None:
    o = opening("I led the migration of our billing service to Postgres.", "result")
    assert o.quote == "I led the migration of our billing service to Postgres"


@pytest.mark.parametrize(
    "answer",
    [
        "I led the migration to Postgres, which meant nightly jobs finished in an hour.",
        "I rewrote the importer and support tickets dropped by a third.",
        "I chose the managed service so that the on-call load fell.",
    ],
)
def test_an_action_with_a_result_is_not(answer: str) -> None:
    assert "result" not in triggers(answer)


def test_a_hedged_claim_is_pressed_on() -> None:
    o = opening("Maybe we rebuilt it twice, I guess it kind of worked.", "hedge")
    assert o.quote == "Maybe we rebuilt it twice"


@pytest.mark.parametrize(
    "answer",
    [
        "I think about customers first when I plan a release.",
        "Next time I'd maybe bring finance in earlier.",
        "What kind of team would I join?",
    ],
)
def test_not_every_hedge_word_is_a_hedge(answer: str) -> None:
    assert "hedge" not in triggers(answer)


def test_a_figure_that_contradicts_round_one_comes_first() -> None:
    answer = "The team was eight engineers by then and I led the rebuild, which cut costs."
    flags = check_consistency(extract_claims("I led a team of six engineers."), answer)
    assert flags
    found = find_openings(answer, flags)
    assert found[0].trigger == "contradiction"
    assert found[0].quote == "The team was eight engineers"
    assert found[0].earlier == "a team of six engineers"


def test_no_flags_no_contradiction() -> None:
    assert "contradiction" not in triggers("The team was eight engineers by then.")


def test_a_complete_answer_gives_nothing_to_press_on() -> None:
    answer = (
        "I led the relaunch of billing. I measured churn in the retention dashboard against "
        "the prior cohort, and it fell 12% in two quarters."
    )
    assert find_openings(answer) == []
    assert find_openings("") == []
    assert find_openings("   \n") == []


@pytest.mark.parametrize(
    "answer",
    [
        "We cut churn by 12% in two quarters with six engineers.",
        "Honestly I'm not sure, maybe it was the pricing change that moved revenue by 8%.",
        "So we, um, we kind of rebuilt the whole pipeline — twice — because the vendor's API "
        "kept changing and nobody on the partner side would commit to a schema for us.",
        "We migrated 1,200 customers.\n\nWe did it over a weekend.",
        "Nous avons réduit le churn de 12 %. We moved everything to Kafka — I guess.",
    ],
)
def test_every_quote_is_the_candidates_own_words(answer: str) -> None:
    found = find_openings(answer)
    assert found
    for o in found:
        assert o.quote in answer, o
        assert len(o.quote.split()) <= 14
        assert not o.quote.endswith((",", ";", ":"))


def test_clause_around_keeps_a_long_clause_to_fourteen_words_around_the_span() -> None:
    sentence = (
        "After a long quarter of planning with finance and legal and three vendors we finally "
        "cut hosting costs by 30% across every region we served at the time"
    )
    at = sentence.index("30%")
    clause = clause_around(sentence, at, at + 3)
    assert "30%" in clause
    assert clause in sentence
    assert len(clause.split()) == 14


# -- the question ---------------------------------------------------------------------------

PARENT = Question(
    id="pushback-003",
    prompt="Tell me about a launch you led.",
    category="pushback",
    bank_id="pushback",
    time_limit=120,
    persona="hiring_manager",
    asked_by="Dana Cole",
)


def test_the_follow_up_quotes_the_answer_in_plain_english() -> None:
    o = opening("We cut churn by 12% in two quarters.", "measurement")
    q = follow_up_question(PARENT, 2, o)
    assert q.prompt == (
        "You said “We cut churn by 12%”. How did you measure that, and what was your own "
        "part in it?"
    )
    assert q.source == QuestionSource(
        kind=FOLLOW_UP_KIND, quote="We cut churn by 12%", follows=2, trigger="measurement"
    )
    assert q.persona == "hiring_manager" and q.asked_by == "Dana Cole"
    assert q.id == "pushback-003~follow-up" and q.bank_id == "pushback"
    assert q.time_limit == 90
    assert Question.from_record(q.to_record()) == q


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_has_two_wordings_and_a_full_rubric(trigger: str) -> None:
    assert len(PROMPTS[trigger]) == 2
    for wording in PROMPTS[trigger]:
        rendered = wording.format(quote="we shipped it", earlier="a team of six")
        assert "{" not in rendered and "“we shipped it”" in rendered
        assert not re.search(r"\b(\w+) \1\b", rendered)
    assert len(RUBRICS[trigger]) >= 2
    for term in RUBRICS[trigger]:
        assert len(term.phrases) >= 6, term.label
        assert set(term.signals) <= set(SIGNAL_NAMES)


def test_a_good_follow_up_answer_outscores_a_dodge() -> None:
    q = follow_up_question(PARENT, 1, opening("We cut churn by 12%.", "measurement"))
    good = (
        "I measured it in the retention dashboard: monthly cancellations for the cohort after "
        "the relaunch, compared with the same months a year before. I built the dashboard and "
        "ran the analysis myself, though seasonality may explain part of it."
    )
    dodge = "It's hard to say, it was a team effort and everyone chipped in."
    assert score_answer(q, good).score > score_answer(q, dodge).score + 20


# -- the round's rules ----------------------------------------------------------------------


class FakeClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def questions(n: int) -> list[Question]:
    return [
        Question(id=f"q{i}", prompt=f"Question {i}?", category="pushback", bank_id="b")
        for i in range(1, n + 1)
    ]


PRESSABLE = "We cut churn by 12% in two quarters."


def play(rnd: Round, answers: list[str]) -> list[str]:
    """Answer until the round ends; the ids asked, follow-ups included."""
    asked: list[str] = []
    n = 0
    while rnd.current is not None:
        asked.append(rnd.current.id)
        rnd.begin_question()
        sub = rnd.submit(answers[n % len(answers)])
        n += 1
        rnd.follow_up(sub)
    return asked


@pytest.mark.parametrize(("planned", "budget"), [(1, 0), (3, 1), (5, 2), (8, 3), (10, 3)])
def test_the_budget_is_about_a_third(planned: int, budget: int) -> None:
    assert follow_up_budget(planned) == budget


def test_follow_ups_are_at_most_a_third_and_one_per_question() -> None:
    for seed in range(30):
        rnd = Round(questions(9), clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        asked = play(rnd, [PRESSABLE])
        follow = [q for q in rnd.questions if q.source.kind == FOLLOW_UP_KIND]
        assert len(follow) <= 3
        assert len(asked) == 9 + len(follow)
        # Never a follow-up to a follow-up: each follows the planned question before it.
        for i, q in enumerate(rnd.questions):
            if q.source.kind == FOLLOW_UP_KIND:
                assert q.source.follows == i
                assert rnd.questions[i - 1].source.kind != FOLLOW_UP_KIND


def test_follow_ups_spread_over_the_round() -> None:
    firsts = set()
    for seed in range(40):
        rnd = Round(questions(9), clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        play(rnd, [PRESSABLE])
        follows = [q.source.follows for q in rnd.questions if q.source.kind == FOLLOW_UP_KIND]
        assert follows, seed  # a pressable answer every time: the budget is used
        firsts.add(follows[0])
    assert len(firsts) >= 3


def test_the_same_seed_and_answers_give_the_same_follow_ups() -> None:
    def run(seed: int) -> list[str]:
        rnd = Round(questions(6), clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        play(rnd, [PRESSABLE, "I led the migration to Postgres.", "Thanks, nothing to add."])
        return [q.prompt for q in rnd.questions]

    assert run(3) == run(3)
    assert len({tuple(run(s)) for s in range(12)}) > 1


def test_no_follow_up_when_off_skipped_or_nothing_to_press() -> None:
    rnd = Round(questions(3), clock=FakeClock(), follow_ups=False)
    rnd.begin_question()
    assert rnd.follow_up(rnd.submit(PRESSABLE)) is None
    rnd = Round(questions(3), clock=FakeClock(), follow_ups=True, follow_up_seed=1)
    rnd.begin_question()
    assert rnd.follow_up(rnd.skip(PRESSABLE)) is None
    rnd.begin_question()
    done = "I led the relaunch. I measured churn in the dashboard; it fell 12%."
    assert rnd.follow_up(rnd.submit(done)) is None
    assert rnd.total == 3


def test_a_follow_up_after_the_last_question_reopens_the_round() -> None:
    for seed in range(50):
        rnd = Round(questions(3), clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        for _ in range(2):
            rnd.begin_question()
            rnd.submit("Thanks, nothing to add.")
        rnd.begin_question()
        q = rnd.follow_up(rnd.submit(PRESSABLE))
        if q is not None:
            assert not rnd.finished and rnd.current == q
            assert (rnd.number, rnd.planned_total, rnd.position) == (3, 3, 4)
            return
    pytest.fail("no seed asked a follow-up to the last answer")


def test_a_resumed_round_does_not_ask_the_same_follow_up_twice() -> None:
    for seed in range(20):
        rnd = Round(questions(4), clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        rnd.begin_question()
        sub = rnd.submit(PRESSABLE)
        if rnd.follow_up(sub) is None:
            continue
        again = Round(rnd.questions, clock=FakeClock(), follow_ups=True, follow_up_seed=seed)
        assert again.follow_up(sub) is None  # not straight after a submit
        again.position = 2
        assert again.follow_up(sub) is None  # the planned follow-up is already there
        assert again.total == 5
        return
    pytest.fail("no seed asked a follow-up to the first answer")


def test_the_round_presses_on_a_figure_that_contradicts_round_one() -> None:
    claims = extract_claims("I led a team of six engineers.")
    seeded = Question(
        id="seed-1",
        prompt="Tell me more about that team.",
        category="pushback",
        claims=claims,
        source=QuestionSource(kind="quote_back", exchange=0, quote="a team of six engineers"),
    )
    answer = "By launch the team was eight engineers, and I ran the rebuild that cut costs."
    for seed in range(40):
        rnd = Round(
            [seeded, *questions(2)], clock=FakeClock(), follow_ups=True, follow_up_seed=seed
        )
        rnd.begin_question()
        sub = rnd.submit(answer)
        score = assess_answer(sub.question, sub.text)
        q = rnd.follow_up(sub, score.consistency)
        if q is None:
            continue
        assert q.source.trigger == "contradiction" and q.source.exchange == 0
        assert q.prompt.startswith("In round one you said a team of six engineers; ") or (
            q.prompt.startswith("Earlier you told us a team of six engineers")
        )
        assert "“By launch the team was eight engineers”" in q.prompt
        assert q.claims == claims  # the follow-up's answer is checked against round one too
        return
    pytest.fail("no seed asked a follow-up")


def test_the_setting_is_read_from_config_and_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from callback_sim.config import ConfigError, Settings, parse_settings

    path = tmp_path / "config.toml"
    assert Settings().follow_ups is True
    assert parse_settings("follow_ups = false\n", path).follow_ups is False
    with pytest.raises(ConfigError, match=r"config.toml:1: follow_ups must be a bool, not str"):
        parse_settings('follow_ups = "no"\n', path)
