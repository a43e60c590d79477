"""Meaning, not wording: terms earned by their idea in other words, and topicality."""

from __future__ import annotations

from dataclasses import replace

import pytest

from callback_sim.core.models import Question, RubricTerm, TermResult
from callback_sim.core.scoring import score_answer, topic_texts
from callback_sim.core.scoring.formula import MEANING_CREDIT
from callback_sim.core.scoring.semantic import (
    EXAMPLE_MIN,
    SEMANTIC_MIN,
    answer_words,
    compile_meaning,
    meanings,
    sentence_topicality,
    topicality,
    word_vectors,
)
from callback_sim.core.scoring.sentences import layout
from callback_sim.core.text import scan
from callback_sim.paths import builtin_banks_dir

QUESTIONS = Question(
    id="q-sem",
    prompt="What questions do you have for us about the role?",
    category="curiosity",
    rubric=(
        RubricTerm(
            "Asks what success looks like",
            ("what success looks like", "a great hire", "measure success", "a good first year"),
            2,
        ),
        RubricTerm(
            "Asks about the team", ("who I'd work with", "how the team works", "team culture"), 2
        ),
        RubricTerm(
            "Asks about the challenges ahead",
            ("the hardest part", "biggest problem", "what keeps you up at night"),
            2,
        ),
    ),
)


def term(result_terms: tuple[TermResult, ...], label: str) -> TermResult:
    return next(t for t in result_terms if t.label == label)


def test_word_vectors_know_everyday_and_interview_words() -> None:
    table = word_vectors()
    for word in ("accomplished", "deadline", "stakeholders", "hindsight", "dont", "id"):
        assert word in table.index, word
    success, achieve, fig = (table.vectors[table.index[w]] for w in ("success", "achieve", "fig"))
    assert float(success @ achieve) > float(success @ fig) + 0.2


def test_a_paraphrase_earns_the_term_by_meaning_with_its_evidence() -> None:
    answer = (
        "A year from now, what would the person in this seat have accomplished for you "
        "to be really pleased with the hire?"
    )
    found = term(score_answer(QUESTIONS, answer).terms, "Asks what success looks like")
    assert found.matched and found.source == "meaning"
    assert found.credit == MEANING_CREDIT
    assert found.sentence == answer and found.evidence == answer
    assert found.phrase in (*QUESTIONS.rubric[0].phrases, QUESTIONS.rubric[0].label)
    assert found.similarity is not None and found.similarity >= SEMANTIC_MIN
    as_json = found.to_json()
    assert as_json["source"] == "meaning" and as_json["similarity"] == found.similarity
    assert TermResult.from_record(found.to_record()) == found


def test_a_sentence_merely_on_the_topic_earns_nothing_by_meaning() -> None:
    answer = "I think communication is really important in general, and I am a hard worker."
    result = score_answer(QUESTIONS, answer)
    assert not any(t.matched and t.source == "meaning" for t in result.terms)


def test_each_sentence_earns_the_term_it_is_most_about() -> None:
    text = (
        "A year from now, what would the person in this seat have accomplished for you to be "
        "pleased with the hire? And what keeps your leadership awake at night these days?"
    )
    found = meanings(QUESTIONS.rubric, answer_words(scan(text), layout(text)))
    success, challenges = found.best(0), found.best(2)
    assert success is not None and success[0] == 0
    assert challenges is not None and challenges[0] == 1
    assert found.best(1) is None  # nothing here asks about the team
    assert found.phrase(2, 1) == "what keeps you up at night"


def test_one_word_left_of_a_phrase_is_not_compared_by_meaning() -> None:
    compiled = compile_meaning((("Availability", ("this week", "on Monday", "start date")),))
    # "Availability", "this week" and "on Monday" keep one content word each: left out.
    assert compiled.texts == ("start date",)


def test_a_phrase_is_not_matched_by_meaning_on_one_shared_word() -> None:
    """Every content word of the phrase needs a near word in the sentence (the word floor)."""
    terms = (RubricTerm("Transparent", ("nothing planned", "no commitments")),)
    text = "We went live on the planned date with zero unreconciled balances."
    result = meanings(terms, answer_words(scan(text), layout(text)))
    assert float(result.scores.max()) == 0.0
    kept = "Beyond that I have nothing else planned and no other commitments at all."
    assert float(meanings(terms, answer_words(scan(kept), layout(kept))).scores.max()) > 0.6


def test_terms_from_the_candidates_own_facts_are_never_earned_by_meaning() -> None:
    notice = RubricTerm("Your notice period: 4 weeks", ("4 weeks", "four weeks notice"), 2)
    question = replace(QUESTIONS, rubric=(replace(notice, personal=True),))
    answer = "My notice period is six weeks notice, so I could start in February."
    assert not score_answer(question, answer).terms[0].matched
    plain = replace(QUESTIONS, rubric=(notice,))
    assert score_answer(plain, answer).terms[0].source in {"meaning", "phrase", None}


@pytest.fixture(scope="module")
def pushback_001() -> Question:
    from callback_sim.core.banks import load_bank_set

    banks = load_bank_set(builtin_banks_dir(), builtin_banks_dir() / "none")
    return next(q for b in banks.banks for q in b.questions if q.id == "pushback-001")


def test_topicality_is_higher_for_an_answer_to_the_question(pushback_001: Question) -> None:
    on = (
        "My manager wanted to ship the redesign before the holidays, and I disagreed with her. "
        "I argued we should wait two weeks because the crash rate was still high. Looking back "
        "I would make the same call, though I would bring her the figures sooner."
    )
    off = (
        "My biggest strength is mentoring junior colleagues. Last spring I paired with a new "
        "hire on our billing service every morning. She now leads the on-call rotation."
    )
    texts = topic_texts(pushback_001)
    near_on = topicality(sentence_topicality(texts, answer_words(scan(on), layout(on))))
    near_off = topicality(sentence_topicality(texts, answer_words(scan(off), layout(off))))
    assert near_on is not None and near_off is not None
    assert near_on > near_off
    assert score_answer(pushback_001, on).gate.topicality == pytest.approx(near_on, abs=0.006)


def test_topicality_is_not_judged_for_a_thin_rubric() -> None:
    answer = "I asked my manager about the roadmap and how the team plans its quarter."
    words = answer_words(scan(answer), layout(answer))
    assert sentence_topicality(topic_texts(QUESTIONS), words) is None
    assert topicality(None) is None
    assert score_answer(QUESTIONS, answer).gate.topicality is None


def test_far_from_the_question_signals_count_only_in_on_topic_sentences(
    pushback_001: Question, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callback_sim.core.scoring as scoring

    story = (
        "My manager and I planned the office move together. I booked the vans because the "
        "movers were late, and I labelled every desk by floor. We finished on a Sunday and "
        "nobody lost a single box."
    )
    near = score_answer(pushback_001, story).gate.topicality
    assert near is not None
    # Only the first sentence is on topic by its words; the result is told two sentences on.
    monkeypatch.setattr(scoring, "TOPICALITY_STRICT", 0.0)  # never strict
    loose = {t.label: t for t in score_answer(pushback_001, story).terms}
    assert loose["Outcome of the decision"].source == "signal"
    monkeypatch.setattr(scoring, "TOPICALITY_STRICT", near + 0.01)  # strict for this answer
    strict = {t.label: t for t in score_answer(pushback_001, story).terms}
    assert not strict["Outcome of the decision"].matched


def test_a_sentence_near_the_question_in_meaning_is_on_topic() -> None:
    from callback_sim.core.banks import load_bank_set

    banks = load_bank_set(builtin_banks_dir(), builtin_banks_dir() / "none")
    question = next(q for b in banks.banks for q in b.questions if q.id == "curiosity-005")
    # Shares no word with "is there anything you'd like to know about the process or the
    # people you'll meet next?", yet asks exactly that.
    answer = (
        "Yes, who will I be talking to in the final round, and what does each of them want "
        "to learn about me? And roughly when would I hear back after that?"
    )
    result = score_answer(question, answer)
    assert result.gate.on_topic_sentences >= 1 and result.content_score > 0
    assert not any("does not answer the question" in line for line in result.feedback)


def test_a_term_earned_in_other_words_is_not_called_a_keyword_list() -> None:
    answer = (
        "A year from now, what would the person in this seat have accomplished for you "
        "to be really pleased with the hire? I ask because I want to plan my first months."
    )
    result = score_answer(QUESTIONS, answer, seconds=20)
    found = term(result.terms, "Asks what success looks like")
    assert found.source == "meaning" and found.credit < 1
    assert result.gate is not None and result.gate.well_formedness == 1.0
    assert not any("keywords" in line for line in result.feedback), result.feedback


OWNING = Question(
    id="q-own",
    prompt="Results often sound like the whole team's work. Which part was yours?",
    category="pushback",
    rubric=(
        RubricTerm(
            "Names their own part",
            ("my part", "I personally"),
            2,
            examples=("Nobody else wanted to drive out to the depot at night, so I went myself.",),
        ),
        RubricTerm(
            "Credits others",
            ("thanks to", "the team did"),
            1,
            examples=("The night shift leads did the retraining, so the credit is theirs.",),
        ),
    ),
)


def test_a_sentence_near_a_term_s_example_earns_it_with_the_example_as_its_phrase() -> None:
    answer = "No one else wanted to drive to the depot that night, so I went out myself."
    found = term(score_answer(OWNING, answer).terms, "Names their own part")
    assert found.matched and found.source == "meaning"
    assert found.phrase == OWNING.rubric[0].examples[0]
    assert found.similarity is not None and found.similarity >= EXAMPLE_MIN
    assert not term(score_answer(OWNING, answer).terms, "Credits others").matched


def test_a_sentence_far_from_every_example_earns_nothing_by_them() -> None:
    answer = "We moved the depot's stock counts to a weekly cycle in the spring."
    found = score_answer(OWNING, answer).terms
    assert not any(t.matched for t in found)


def test_a_rubric_without_examples_compares_no_sentence_vectors() -> None:
    answer = "A year from now, what would make you pleased with the hire?"
    words = answer_words(scan(answer), layout(answer))
    assert meanings(QUESTIONS.rubric, words).example_scores is None
    assert meanings(OWNING.rubric, words).example_scores is not None
