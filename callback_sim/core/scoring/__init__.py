"""Score one answer: rubric coverage with evidence, delivery figures, a 0-100 total, feedback.

Every point is traceable: a term is earned by a phrase in a real clause (or, for a fraction,
in a keyword list) or by a signal in an on-topic sentence, each with the exact span of the
answer as evidence; delivery comes from counted figures. The steps live in this package:
`matching` (phrases), `signals`, `gate` (sentences vs keyword lists, on-topic),
`delivery`, `formula` (the numbers docs/scoring.md repeats) and `feedback`.
Scores describe coverage and delivery, not hiring odds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from callback_sim.core.models import Gate, Question, RubricTerm, Score, TermResult
from callback_sim.core.scoring.delivery import delivery_figures, measure_delivery
from callback_sim.core.scoring.feedback import feedback
from callback_sim.core.scoring.formula import (
    AVOID_POINTS,
    LIST_CREDIT,
    MEANING_CREDIT,
    PHRASE_CREDIT,
    SENTENCE_TERMS_MAX,
    SENTENCE_TOPICAL,
    SIGNAL_CREDIT,
    TOPIC_STRICT_SHARE,
    TOPICALITY_STRICT,
    concreteness_factor,
    content_score,
    coverage,
    delivery_breakdown,
    delivery_score,
    focus_factor,
    plain_number,
    round1,
    round2,
    total_score,
)
from callback_sim.core.scoring.gate import GateResult, Topic, measure_gate, question_topic
from callback_sim.core.scoring.matching import (
    CompiledTerms,
    PhraseFind,
    compile_terms,
    find_terms,
)
from callback_sim.core.scoring.semantic import (
    Meanings,
    RubricMeaning,
    answer_words,
    meanings,
    reach,
    rubric_meaning,
    sentence_topicality,
    topicality,
)
from callback_sim.core.scoring.semantic import warm_up as _warm_vectors
from callback_sim.core.scoring.sentences import Layout
from callback_sim.core.scoring.signals import detect, generic_claims, vague_sentences
from callback_sim.core.text import Scan, scoring_scan
from callback_sim.core.text import warm_up as _warm_words

#: Which scoring rules produced a score: stored with every answer so history compares like
#: with like, and `callback-sim rescore` can bring old answers up to date.
SCORER_VERSION = 9

#: Signals whose sentences make an answer concrete rather than generic (an open question is
#: the concrete unit of an answer to "what would you like to ask us?"; "asked" is the
#: question signal less its indirect form, "I'd want to know how ...", which earns a
#: question term but is what a vague answer says too: "I'd want to know what the vibe is").
CONCRETE_SIGNALS = ("specifics", "example", "ownership", "asked")

__all__ = [
    "AVOID_POINTS",
    "SCORER_VERSION",
    "content_score",
    "delivery_breakdown",
    "delivery_figures",
    "delivery_score",
    "match_terms",
    "round1",
    "score_answer",
    "total_score",
    "warm_up",
]


class _Signals:
    """Signal detections of one answer, computed on first need and shared by its terms."""

    def __init__(self, text: Scan, lay: Layout) -> None:
        self.text, self.layout = text, lay
        self._found: dict[str, list[int]] = {}

    def sentences(self, name: str) -> list[int]:
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = detect(name, self.text, self.layout)
        return found


def _phrase_result(term: RubricTerm, find: PhraseFind, text: Scan, lay: Layout) -> TermResult:
    hit = find.hit
    return TermResult(
        label=term.label,
        weight=plain_number(term.weight),
        matched=True,
        evidence=text.text[hit.start : hit.end],
        phrase=find.phrase,
        span=(hit.start, hit.end),
        required=term.required,
        source="phrase",
        sentence=lay.sentence_text(lay.sentence_of[hit.first]),
        credit=PHRASE_CREDIT if find.in_clause else LIST_CREDIT,
        cut=None if find.in_clause else ("recited" if find.crowded else "list"),
    )


def _sentence_result(term: RubricTerm, index: int, lay: Layout, **how: Any) -> TermResult:
    """A term earned by a whole sentence (a signal, or its idea in other words)."""
    sentence = lay.sentences[index]
    said = lay.sentence_text(index)
    return TermResult(
        label=term.label,
        weight=plain_number(term.weight),
        matched=True,
        evidence=said,
        span=(sentence.start, sentence.end),
        required=term.required,
        sentence=said,
        **how,
    )


def _signal_result(term: RubricTerm, name: str, index: int, lay: Layout) -> TermResult:
    return _sentence_result(term, index, lay, source="signal", signal=name, credit=SIGNAL_CREDIT)


def _meaning_result(
    term: RubricTerm, meaning: Meanings, number: int, found: tuple[int, float], lay: Layout
) -> TermResult:
    index, similarity = found
    return _sentence_result(
        term,
        index,
        lay,
        source="meaning",
        phrase=meaning.phrase(number, index),
        credit=MEANING_CREDIT,
        similarity=round(similarity, 2),
    )


def _signal_for(
    term: RubricTerm, signals: _Signals, allowed: Sequence[bool] | None
) -> tuple[str, int] | None:
    """The first signal of `term` that fires in an allowed sentence: (name, sentence)."""
    best: tuple[int, str] | None = None
    for name in term.signals:
        for index in signals.sentences(name):
            if allowed is None or allowed[index]:
                if best is None or index < best[0]:
                    best = (index, name)
                break
    return None if best is None else (best[1], best[0])


def _except(flags: Sequence[bool] | None, index: int, count: int) -> tuple[bool, ...]:
    """`flags` (every sentence when None) with sentence `index` ruled out."""
    base = (True,) * count if flags is None else tuple(flags)
    return (*base[:index], False, *base[index + 1 :])


def _results(
    terms: Sequence[RubricTerm],
    finds: Sequence[PhraseFind | None],
    text: Scan,
    lay: Layout,
    signals: _Signals,
    allowed: Sequence[bool] | None,
    meaning: Meanings | None = None,
    meant_ok: Sequence[bool] | None = None,
    missed: Sequence[TermResult] | None = None,
) -> tuple[TermResult, ...]:
    """Each term earned (or not): phrase in a clause > signal in an `allowed` sentence >
    its idea in other words in a `meant_ok` sentence > phrase in a list. `missed`: each
    term's result when nothing earns it (`_missed(terms)`), when the caller has it."""
    if missed is None:
        missed = _missed(terms)
    results = []
    for number, (term, find) in enumerate(zip(terms, finds, strict=True)):
        if find is not None and find.in_clause:
            results.append(_phrase_result(term, find, text, lay))
            continue
        term_allowed, term_meant_ok = allowed, meant_ok
        if find is not None and find.crowded:
            # Its sentence already made its share of points: it cannot earn this one either.
            here = lay.sentence_of[find.hit.first]
            term_allowed = _except(allowed, here, len(lay.sentences))
            term_meant_ok = _except(meant_ok, here, len(lay.sentences))
        signal = _signal_for(term, signals, term_allowed) if term.signals else None
        # A term built from the candidate's own facts (notice period, round-one claims) is
        # earned by those facts only: "six weeks" is near "4 weeks" in meaning, not in fact.
        by_meaning = meaning is not None and not signal and not term.personal
        meant = meaning.best(number, term_meant_ok) if meaning is not None and by_meaning else None
        if signal is not None:
            results.append(_signal_result(term, signal[0], signal[1], lay))
        elif meant is not None and meaning is not None:
            results.append(_meaning_result(term, meaning, number, meant, lay))
        elif find is not None:
            results.append(_phrase_result(term, find, text, lay))
        else:
            results.append(missed[number])
    return tuple(results)


def _share(gate: Gate) -> float:
    """The share of the answer's sentences on topic by their own words."""
    return gate.on_topic_sentences / gate.sentences if gate.sentences else 0.0


def _missed(terms: Sequence[RubricTerm]) -> tuple[TermResult, ...]:
    """Each term's result when nothing in the answer earns it (the same for every answer,
    and immutable, so one object serves them all)."""
    return tuple(
        TermResult(term.label, plain_number(term.weight), False, required=term.required)
        for term in terms
    )


def warm_up() -> None:
    """Load the English word list and the word vectors now (the TUI does it in a worker)."""
    _warm_words()
    _warm_vectors()


def topic_texts(question: Question) -> tuple[str, ...]:
    """The question's own words: its prompt and every rubric term's label and phrases."""
    labels = (t.label for t in question.rubric)
    return (question.prompt, *labels, *(p for t in question.rubric for p in t.phrases))


@dataclass(frozen=True)
class _Plan:
    """What scoring needs of one question whatever the answer, worked out once."""

    rubric: CompiledTerms
    avoid: CompiledTerms
    topic: Topic
    topic_texts: tuple[str, ...]
    meaning: RubricMeaning
    missed: tuple[TermResult, ...]  # per rubric term, its result when nothing earns it
    avoided: tuple[TermResult, ...]  # the same per avoid-term


#: id(question) -> (the question, its plan). Questions are immutable and each entry holds
#: its question, so an id is never reused while its entry stands; a question rebuilt from a
#: stored record is a new object and simply gets its own plan (the compiled parts behind
#: it are cached by value).
_PLANS: dict[int, tuple[Question, _Plan]] = {}
_PLANS_LIMIT = 512


def _plan(question: Question) -> _Plan:
    """The question's plan, by identity: hashing a 30-term rubric to find its compiled
    parts costs more than scoring a short answer."""
    known = _PLANS.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    plan = _Plan(
        compile_terms(question.rubric),
        compile_terms(question.avoid),
        question_topic(question),
        topic_texts(question),
        rubric_meaning(question.rubric),
        _missed(question.rubric),
        _missed(question.avoid),
    )
    if len(_PLANS) >= _PLANS_LIMIT:
        _PLANS.clear()
    _PLANS[id(question)] = (question, plan)
    return plan


def _read(answer: str) -> tuple[Scan, Scan, Layout]:
    """The answer as typed, with words run together split (`scoring_scan`), for the
    phrase matcher, whose typo rule compares typed words with the rubric's; as meant
    (`Scan.corrected`: typos read as the words they stand for), for everything else; and
    its layout over the meant words (so "I dnot think" negates)."""
    typed = scoring_scan(answer)
    text = typed.corrected()
    return typed, text, Layout(text)


def match_terms(terms: Sequence[RubricTerm], answer: str) -> tuple[TermResult, ...]:
    """Each term found or not in `answer` by its phrases, with the phrase and its exact span."""
    compiled = compile_terms(tuple(terms))
    typed, text, lay = _read(answer)
    finds = find_terms(compiled, typed, lay, compiled.words, crowd_limit=SENTENCE_TERMS_MAX)
    meaning = meanings(terms, answer_words(text, lay))
    return _results(terms, finds, text, lay, _Signals(text, lay), None, meaning)


def score_answer(
    question: Question,
    answer: str,
    *,
    seconds: float | None = None,
    time_limit: int | None = None,
) -> Score:
    """Score `answer` to `question`: content, delivery, total (0-100), evidence and feedback.

    `time_limit` defaults to the question's; `seconds=None` means untimed (no timing penalty).
    Consistency with round one is `core.assess.assess_answer`'s job, above this module.
    """
    limit = question.time_limit if time_limit is None else time_limit
    typed, text, lay = _read(answer)
    plan = _plan(question)
    rubric = plan.rubric
    words = rubric.words
    covered: set[int] = set()
    finds = find_terms(rubric, typed, lay, words, covered, SENTENCE_TERMS_MAX)
    avoid_finds = find_terms(plan.avoid, typed, lay, words)
    phrase_tokens = [find.hit.first for find in finds if find is not None]
    vectors = answer_words(text, lay)
    meaning = meanings(question.rubric, vectors, plan.meaning)
    figures = sentence_topicality(plan.topic_texts, vectors)
    near = topicality(figures)
    # Rounded as shown (gate.reach), so the focus factor can be recomputed from the JSON.
    reached = None if (far := reach(figures)) is None else round2(far)
    # A sentence whose words lie near the question's is on topic, whatever its words.
    by_meaning = () if figures is None else tuple(bool(f >= SENTENCE_TOPICAL) for f in figures)
    gated: GateResult = measure_gate(
        text,
        lay,
        words,
        plan.topic,
        phrase_tokens,
        frozenset(covered),
        by_meaning,
        rubric.vocabulary,
    )
    signals = _Signals(text, lay)
    # A sentence that states a term's idea is on topic by that alone, so a paraphrase may
    # earn it in any sentence that is not a keyword list; but in an answer whose words lie
    # far from the question's (another question's answer), signals and paraphrases count
    # only in sentences that are on topic by their words.
    allowed, meant_ok = gated.signal_ok, gated.prose
    share = _share(gated.gate)
    strict = near is not None and near < TOPICALITY_STRICT
    if strict and share < TOPIC_STRICT_SHARE:
        allowed = tuple(a and b for a, b in zip(allowed, gated.on_topic, strict=True))
        meant_ok = allowed
    terms = _results(
        question.rubric, finds, text, lay, signals, allowed, meaning, meant_ok, plan.missed
    )
    avoid = _results(question.avoid, avoid_finds, text, lay, signals, None, missed=plan.avoided)
    delivery, counts = measure_delivery(text, seconds, limit)
    # A stock claim ("I'm a team player who'd bring a lot of value") is not concrete, even
    # when it is said with "I'd"; nor is a sentence of vague words with nothing to pin them
    # down ("I've managed several million at one point").
    generic = set(generic_claims(text, lay)) | set(vague_sentences(text, lay))
    concrete = len(
        {i for name in CONCRETE_SIGNALS for i in signals.sentences(name) if i not in generic}
    )
    gate = replace(
        gated.gate,
        concrete_sentences=concrete,
        concreteness=concreteness_factor(concrete, gated.gate.sentences),
        topicality=None if near is None else round2(near),
        reach=reached,
        focus=focus_factor(reached, coverage(terms), share),
    )
    content = content_score(
        terms,
        avoid,
        delivery.words,
        form=gate.well_formedness,
        topic=gate.on_topic,
        concrete=gate.concreteness,
        focus=gate.focus,
    )
    spoken = delivery_score(delivery)
    return Score(
        question_id=question.id,
        score=total_score(content, spoken),
        content_score=content,
        delivery_score=spoken,
        terms=terms,
        avoid=avoid,
        delivery=delivery,
        feedback=feedback(question, terms, avoid, delivery, counts, gate),
        gate=gate,
        scorer_version=SCORER_VERSION,
    )
