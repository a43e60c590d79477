"""Rubric and avoid phrases found in an answer: outside negation and suppositions, each with
whether it sits in a real clause (full credit) or in a keyword list.

The matcher itself (typos, inflections, derivations, numbers, contractions, gapped phrases)
is `core.text.PhraseSet`; this module applies it to a rubric's terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from callback_sim.core.models import RubricTerm
from callback_sim.core.scoring.gate import ClauseCheck
from callback_sim.core.scoring.related import variants
from callback_sim.core.scoring.sentences import HYPOTHETICALS, NEGATORS, Layout
from callback_sim.core.text import (
    FUNCTION_WORDS,
    PhraseHit,
    PhraseSet,
    Scan,
    Span,
    phrase_set,
    scan,
)

#: A sentence "recites" the rubric when at least this share of its content words (not
#: function words) are words of the rubric's phrases. Natural sentences that make three of
#: its points still carry words of their own (at most half the rubric's in the calibration
#: set); a checklist said as prose is 80-100% the rubric's.
RECITED_SHARE = 2 / 3


@dataclass(frozen=True)
class CompiledTerms:
    """All phrases of a list of terms in one PhraseSet, and which phrases carry their own
    negation or supposition ("not my fault", "if I did it again")."""

    terms: tuple[RubricTerm, ...]
    phrases: PhraseSet
    self_scoped: tuple[bool, ...]  # per phrase
    related: tuple[bool, ...]  # per phrase: a related wording, not one the bank wrote
    personal: tuple[bool, ...]  # per phrase: of a term made from the candidate's material
    words: frozenset[str]  # every stem of the bank's own phrases: the rubric words
    term_of: tuple[int, ...]  # per phrase: the number of its term
    #: The rubric words less the candidate's own material (meant to be said): what a
    #: stuffed answer packs.
    vocabulary: frozenset[str] = frozenset()


@lru_cache(maxsize=512)
def compile_terms(terms: tuple[RubricTerm, ...]) -> CompiledTerms:
    """Compile once per rubric; the frozen terms tuple is the cache key."""
    phrases: list[str] = []
    related: list[bool] = []
    personal: list[bool] = []
    own_phrases: list[str] = []
    term_of: list[int] = []
    for number, term in enumerate(terms):
        # Its wordings are matched as phrases (they only stay out of topic and meaning).
        own = list(dict.fromkeys((*term.phrases, *term.wordings)))
        own_phrases.extend(own)
        # The term's own phrases first (they win ties), then their related wordings.
        extra = list(dict.fromkeys(v for p in own for v in variants(p) if v not in own))
        phrases.extend(own + extra)
        related.extend([False] * len(own) + [True] * len(extra))
        personal.extend([term.personal] * (len(own) + len(extra)))
        term_of.extend([number] * (len(own) + len(extra)))
    scoped = tuple(
        any(key in NEGATORS or key in HYPOTHETICALS for key in scan(p).keys) for p in phrases
    )
    # Rubric words (for the density gate and clause check) are the bank's own wordings only:
    # an answer that says the idea in other words is not stuffing the rubric.
    own_words = phrase_set(tuple(own_phrases)).vocabulary if own_phrases else frozenset()
    # The vocabulary a stuffed answer packs is the phrases' words: a term's wordings (idioms,
    # particular instances) would make any dense, natural answer look packed.
    general = tuple(p for t in terms if not t.personal for p in dict.fromkeys(t.phrases))
    vocabulary = phrase_set(general).vocabulary if general else frozenset()
    return CompiledTerms(
        terms,
        phrase_set(tuple(phrases)),
        scoped,
        tuple(related),
        tuple(personal),
        own_words,
        tuple(term_of),
        vocabulary,
    )


@dataclass(frozen=True)
class PhraseFind:
    """The occurrence of a term's phrase that counts: its phrase, where, in a clause or not."""

    phrase: str
    hit: PhraseHit
    in_clause: bool
    #: Cut because its sentence already made SENTENCE_TERMS_MAX of the rubric's points: a
    #: signal or paraphrase in that same sentence cannot earn the term either.
    crowded: bool = False


def find_terms(
    compiled: CompiledTerms,
    text: Scan,
    layout: Layout,
    rubric_words: frozenset[str],
    covered: set[int] | None = None,
    crowd_limit: int | None = None,
) -> list[PhraseFind | None]:
    """Per term, its best phrase occurrence that is neither negated nor supposed.

    Best: in a real clause before in a keyword list, then the bank's own wording before a
    related one, then the closer match, then earliest. `covered`, when given, receives the
    token indices that any of the bank's own phrases occupies (the rubric-word density; the
    candidate's own material, `RubricTerm.personal`, is meant to be said and is left out).
    `crowd_limit`, when given: at most this many terms earn full credit from phrases of one
    sentence (see `uncrowd`).
    """
    occurrences = compiled.phrases.spans(text)  # only the phrases that occur
    if covered is not None:
        for index, spans in occurrences.items():
            if not compiled.related[index] and not compiled.personal[index]:
                for _quality, first, _end, last in spans:
                    covered.update(range(first, last + 1))
    occupied = frozenset(
        index
        for spans in occurrences.values()
        for _quality, first, _end, last in spans
        for index in range(first, last + 1)
    )
    # The answer as meant (its layout's scan: typos read as the words meant) decides
    # whether a phrase sits in a clause, as the spoken words would.
    in_clause = ClauseCheck(layout.text, layout, rubric_words, occupied)
    starts = text.starts

    def ranked(index: int, span: Span) -> tuple[int, int, int, int] | None:
        """How good an occurrence is (lower is better), or None when it does not count."""
        quality, first, _end, last = span
        if not compiled.self_scoped[index] and layout.ruled_out(first):
            return None
        clause = in_clause(first, last)
        return (0 if clause else 1, int(compiled.related[index]), quality, starts[first])

    def made(index: int, span: Span, rank: tuple[int, int, int, int]) -> PhraseFind:
        quality, first, end, last = span
        hit = PhraseHit(starts[first], end, quality, first, last)
        return PhraseFind(compiled.phrases.phrases[index], hit, rank[0] == 0)

    # Each term's best occurrence, ranked without making a result for every candidate.
    best: list[tuple[tuple[int, int, int, int], int, Span] | None] = [None] * len(compiled.terms)
    for index, spans in occurrences.items():  # in phrase order, so a term's phrases in order
        term = compiled.term_of[index]
        related = int(compiled.related[index])
        for span in spans:
            known = best[term]
            if known is not None and (0, related, span[0], starts[span[1]]) >= known[0]:
                # Even in a clause it would rank no higher than the term's find so far, and
                # the occurrences after it rank lower still: none is worth reading.
                break
            rank = ranked(index, span)
            if rank is None:
                continue
            if known is None or rank < known[0]:
                best[term] = (rank, index, span)
            if rank[0] == 0:
                break  # occurrences come best first: the rest cannot rank higher
    found = [None if pick is None else made(pick[1], pick[2], pick[0]) for pick in best]

    def alternatives(term: int) -> list[PhraseFind]:
        """Every occurrence of the term's phrases, best first (only needed on a clash)."""
        options = [
            (rank, made(index, span, rank))
            for index, spans in occurrences.items()
            if compiled.term_of[index] == term
            for span in spans
            if (rank := ranked(index, span)) is not None
        ]
        return [find for _rank, find in sorted(options, key=lambda option: option[0])]

    chosen = one_claim_each(found, alternatives)
    if crowd_limit is None:
        return chosen
    return uncrowd(chosen, compiled, layout.text, layout, alternatives, crowd_limit)


def uncrowd(
    chosen: list[PhraseFind | None],
    compiled: CompiledTerms,
    text: Scan,
    layout: Layout,
    alternatives: Callable[[int], list[PhraseFind]],
    limit: int,
) -> list[PhraseFind | None]:
    """At most `limit` terms earn full credit from the phrases of one sentence made of
    little but the rubric's words.

    A listener takes one point, or two, from a sentence. A sentence that ticks off three or
    more of the rubric's points in the rubric's own words ("I decided on the trade-off with
    my manager and finance, and then we reduced churn by a percent") recites a checklist;
    one that makes them with words of its own ("my background in payments and the skills I
    built scaling a small team fit the product problems you described, and I love that the
    work ships weekly") tells something.
    In such a sentence the heaviest terms (then the earliest said) keep their credit; each
    other one takes its best occurrence in another sentence, or keeps this one as a
    keyword-list find. The candidate's own material (`personal` terms) is meant to be said
    and is not counted.
    """
    by_sentence: dict[int, list[int]] = {}
    for term, find in enumerate(chosen):
        if find is not None and find.in_clause and not compiled.terms[term].personal:
            by_sentence.setdefault(layout.sentence_of[find.hit.first], []).append(term)
    crowded = [
        terms
        for number, terms in by_sentence.items()
        if len(terms) > limit and _recited(compiled, text, layout, number)
    ]
    if not crowded:
        return chosen
    result = list(chosen)

    def free(find: PhraseFind, term: int) -> bool:
        return not any(
            other is not None and number != term and _overlap(find, other.hit.first, other.hit.last)
            for number, other in enumerate(result)
        )

    for terms in crowded:
        terms.sort(key=lambda t: (-compiled.terms[t].weight, _first(result[t])))
        for term in terms[limit:]:
            find = result[term]
            assert find is not None
            here = layout.sentence_of[find.hit.first]
            elsewhere = next(
                (
                    option
                    for option in alternatives(term)
                    if option.in_clause
                    and layout.sentence_of[option.hit.first] != here
                    and free(option, term)
                ),
                None,
            )
            result[term] = elsewhere or replace(find, in_clause=False, crowded=True)
    return result


def _recited(compiled: CompiledTerms, text: Scan, layout: Layout, number: int) -> bool:
    """Are most of this sentence's content words words of the rubric's phrases?"""
    sentence = layout.sentences[number]
    keys, stems, vocabulary = text.keys, text.stems, compiled.vocabulary
    content = [
        stems[i] for i in range(sentence.first, sentence.last) if keys[i] not in FUNCTION_WORDS
    ]
    packed = sum(1 for stemmed in content if stemmed in vocabulary)
    return bool(content) and packed >= RECITED_SHARE * len(content)


def _first(find: PhraseFind | None) -> int:
    return -1 if find is None else find.hit.first


def _overlap(find: PhraseFind, first: int, last: int) -> bool:
    """Do the find's words share a token with tokens [first, last]?"""
    return find.hit.first <= last and first <= find.hit.last


def one_claim_each(
    found: list[PhraseFind | None], alternatives: Callable[[int], list[PhraseFind]]
) -> list[PhraseFind | None]:
    """Each term's best occurrence, with the same words earning one term, not two.

    Where two terms' best occurrences share words, the longer one (then the earlier term)
    keeps them, and the other term takes its next best occurrence elsewhere, or none (its
    signals and meaning may still earn it). Clashes are rare, so other occurrences are only
    looked at for a term that lost one.
    """

    chosen = list(found)
    claimed: set[int] = set()  # the tokens of the finds kept so far

    def free(find: PhraseFind) -> bool:
        return claimed.isdisjoint(range(find.hit.first, find.hit.last + 1))

    # Longest first, then the earlier term.
    order = sorted(
        (find.hit.first - find.hit.last, term)
        for term, find in enumerate(found)
        if find is not None
    )
    for _size, term in order:
        pick = found[term]
        assert pick is not None
        if not free(pick):
            pick = next((find for find in alternatives(term) if free(find)), None)
        chosen[term] = pick
        if pick is not None:
            claimed.update(range(pick.hit.first, pick.hit.last + 1))
    return chosen
