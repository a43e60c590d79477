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
from callback_sim.core.text import FUNCTION_WORDS, PhraseHit, PhraseSet, Scan, phrase_set, scan

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
    general = tuple(
        p for t in terms if not t.personal for p in dict.fromkeys((*t.phrases, *t.wordings))
    )
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
    occurrences = compiled.phrases.found(text)  # only the phrases that occur
    if covered is not None:
        for index, hits in occurrences.items():
            if not compiled.related[index] and not compiled.personal[index]:
                for hit in hits:
                    covered.update(range(hit.first, hit.last + 1))
    occupied = frozenset(
        index
        for hits in occurrences.values()
        for hit in hits
        for index in range(hit.first, hit.last + 1)
    )
    in_clause = ClauseCheck(text, layout, rubric_words, occupied)

    def ranked(index: int, hit: PhraseHit) -> tuple[tuple[int, int, int, int], PhraseFind] | None:
        if not compiled.self_scoped[index] and layout.ruled_out(hit.first):
            return None
        clause = in_clause(hit)
        rank = (0 if clause else 1, int(compiled.related[index]), hit.quality, hit.start)
        return rank, PhraseFind(compiled.phrases.phrases[index], hit, clause)

    found: list[PhraseFind | None] = [None] * len(compiled.terms)
    ranks: list[tuple[int, int, int, int] | None] = [None] * len(compiled.terms)
    for index, hits in occurrences.items():  # in phrase order, so a term's phrases in order
        term = compiled.term_of[index]
        for hit in hits:
            option = ranked(index, hit)
            if option is None:
                continue
            best = ranks[term]
            if best is None or option[0] < best:
                ranks[term], found[term] = option
            if option[1].in_clause:
                break  # occurrences come best first: the rest cannot rank higher

    def alternatives(term: int) -> list[PhraseFind]:
        """Every occurrence of the term's phrases, best first (only needed on a clash)."""
        options = [
            option
            for index, hits in occurrences.items()
            if compiled.term_of[index] == term
            for hit in hits
            if (option := ranked(index, hit)) is not None
        ]
        return [find for _rank, find in sorted(options, key=lambda option: option[0])]

    chosen = one_claim_each(found, alternatives)
    if crowd_limit is None:
        return chosen
    return uncrowd(chosen, compiled, text, layout, alternatives, crowd_limit)


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

    def size(term: int) -> int:
        find = found[term]
        return -1 if find is None else find.hit.last - find.hit.first

    chosen = list(found)
    claimed: list[tuple[int, int]] = []

    def free(find: PhraseFind) -> bool:
        return not any(_overlap(find, first, last) for first, last in claimed)

    for term in sorted(range(len(found)), key=lambda t: (-size(t), t)):
        pick = found[term]
        if pick is None:
            continue
        if not free(pick):
            pick = next((find for find in alternatives(term) if free(find)), None)
        chosen[term] = pick
        if pick is not None:
            claimed.append((pick.hit.first, pick.hit.last))
    return chosen
