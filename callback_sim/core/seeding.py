"""Pushback questions seeded from the candidate's own earlier answers, and drift checks on them.

`seed_questions` turns a round-one debrief (and past practice answers) into questions of
every template kind; `plan_callback_loop` mixes them with the five strategy banks into one
company's callback round; `check_consistency` flags figures, names and dates that changed
since round one. All pure and deterministic: the same inputs (and seed) give the same round.
docs/seeding.md explains the rules.
"""

from __future__ import annotations

import math
import random
import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from callback_sim.core.claims import FIGURE_KINDS, employers_in, extract_claims, figure_phrases
from callback_sim.core.debrief import Debrief, DebriefRound, Exchange, Person
from callback_sim.core.models import (
    CATEGORIES,
    PERSONAS,
    Answer,
    Claim,
    Question,
    QuestionSource,
    QuestionStat,
    RubricTerm,
    Template,
)
from callback_sim.core.round import plan_round
from callback_sim.core.said import Passage, passages, premise_of, second_person
from callback_sim.core.text import normalize, stem

if TYPE_CHECKING:
    from callback_sim.core.banks import BankSet

#: Seeded question kinds, in the order a callback round reaches for them.
SEED_KINDS: tuple[str, ...] = (
    "hesitation",
    "numbers",
    "uncovered",
    "practice",
    "challenge",
    "consistency",
    "quote_back",
)

DEFAULT_TIME_LIMIT = 120

# What a quote-back can take further; a bare figure, date or length ("£52k plus shift
# allowance", "since 2022") is asked about by the numbers and consistency checks instead.
_SAYABLE = ("statement", "decision", "ownership", "result", "team_size", "company_size")

#: Used only for a kind no loaded bank has a usable template of (question_banks/pushback.toml
#: normally provides several per kind), so seeding never silently drops a kind.
FALLBACK_TEMPLATES: tuple[Template, ...] = (
    Template(
        "fallback-quote_back",
        "quote_back",
        'In round one you said: "{quote}" Take me through that in more detail.',
        fits=_SAYABLE,
    ),
    Template(
        "fallback-quote_back-premise",
        "quote_back",
        "In round one {premise}. Take me through that in more detail.",
        fits=_SAYABLE,
    ),
    Template(
        "fallback-challenge",
        "challenge",
        'In round one you said: "{quote}" Why was that the right call, and what would you do '
        "differently now?",
        fits=("decision",),
    ),
    Template(
        "fallback-challenge-premise",
        "challenge",
        "In round one {premise}. Why was that the right call, and what would you do "
        "differently now?",
        fits=("decision",),
    ),
    Template(
        "fallback-challenge-ownership",
        "challenge",
        'In round one you said: "{quote}" Who else worked on it, and which part was yours alone?',
        fits=("ownership",),
    ),
    Template(
        "fallback-challenge-ownership-premise",
        "challenge",
        "In round one {premise}. Who else worked on it, and which part was yours alone?",
        fits=("ownership",),
    ),
    Template(
        "fallback-numbers",
        "numbers",
        'You said: "{quote}" How much of that was down to you, and how did you measure it?',
        fits=("result",),
    ),
    Template(
        "fallback-numbers-premise",
        "numbers",
        "In round one {premise}. How did you measure that, and how much of it was down to you?",
        fits=("result",),
    ),
    Template(
        "fallback-hesitation",
        "hesitation",
        'When we asked "{question}" you said: "{quote}" Help me understand that better.',
    ),
    Template(
        "fallback-consistency",
        "consistency",
        "Remind me what you said about {measure} in round one, and where the figure comes from.",
        fits=("result",),
    ),
    Template(
        "fallback-uncovered",
        "uncovered",
        "Round one never got to {topic}. Tell me about one concrete example from your own "
        "work: what you did yourself, and what came of it.",
        persona="hiring_manager",
    ),
    Template(
        "fallback-practice",
        "practice",
        'Last time you told me: "{quote}" What would you add?',
    ),
)

# Kinds whose figures a numbers question pushes on ("how much of the 30% was you?").
_NUMBERS_KINDS = ("percent", "money", "number")
# A consistency question asks again for one of these without stating it; a duration or a
# date has no name a question could ask for without sounding odd ("the figure for timing").
_CONSISTENCY_KINDS = ("percent", "money", "team_size", "number")

_QUOTE_WORDS = 30
_ONGOING_RE = re.compile(r"I\s+(?:\w+ly\s+)?(?:own|run|manage|lead|am)\b")
#: A quote-back needs at least this many words to have something to go deeper on.
_QUOTE_BACK_WORDS = 9
#: A sentence longer than this is quoted by its clause, not whole.
_CLAUSE_WORDS = 22


def _words(text: str) -> tuple[str, ...]:
    """Word lists are written as one string so they stay readable."""
    return tuple(text.split())


# -- personas --------------------------------------------------------------------------------

_RECRUITER_RE = re.compile(
    r"\b(?:recruit\w*|talent|sourc\w*|hr|human\s+resources|people\s+(?:partner|ops|operations))\b",
    re.IGNORECASE,
)
_EXECUTIVE_RE = re.compile(
    r"\b(?:chief|ceo|cto|cfo|coo|cpo|cmo|cio|ciso|president|s?vp|evp|vice[\s-]president"
    r"|founder|co-founder|general\s+manager|gm)\b",
    re.IGNORECASE,
)
_DIRECTOR_RE = re.compile(r"\b(?:director|head)\b", re.IGNORECASE)
_MANAGER_RE = re.compile(r"\bmanager\b", re.IGNORECASE)
_RANK_WORDS = frozenset(
    _words(
        "senior junior staff principal lead head director manager vice president chief of "
        "the and associate assistant sr jr ii iii iv group global"
    )
)


def _stems(text: str) -> set[str]:
    """Department-ish word stems: "Engineering" and "Software Engineer" share "engin"."""
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:5] for w in words if len(w) >= 3 and w not in _RANK_WORDS}


def persona_for(person: Person, role: str = "") -> str:
    """The interviewer persona of someone met, from their title and department.

    Recruiters and talent partners -> recruiter; C-level and VPs -> skip_level; directors and
    heads -> hiring_manager in the candidate's own department, skip_level elsewhere; other
    people -> peer in the same department, cross_functional in another. "Same department"
    compares the person's department (or title) with the role applied for.
    """
    title = person.title
    if _RECRUITER_RE.search(title) or _RECRUITER_RE.search(person.department):
        return "recruiter"
    if _EXECUTIVE_RE.search(title):
        return "skip_level"
    mine = _stems(role)
    theirs = _stems(person.department) or _stems(title)
    same = not mine or not theirs or bool(mine & theirs)
    if _DIRECTOR_RE.search(title):
        return "hiring_manager" if same else "skip_level"
    # "Product Manager" is a peer of a product manager; an "Engineering Manager" manages.
    if _MANAGER_RE.search(title) and not _MANAGER_RE.search(role):
        return "hiring_manager" if same else "cross_functional"
    return "peer" if same else "cross_functional"


# -- filling templates -----------------------------------------------------------------------


def _fields(prompt: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(prompt) if name}


def _shorten(text: str, words: int = _QUOTE_WORDS) -> str:
    """At most `words` words; a whole sentence keeps its final punctuation (templates need it)."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + " …"


# A sentence's clauses end at a semicolon or colon, or before a conjunction that starts a
# new thought (", and", ", so", "because"); the conjunction is left out of the quote.
_CLAUSE_BREAK_RE = re.compile(
    r"\s*[;:]\s+|,\s+(?=(?:and|so|but|because|which|while|then|although|though)\s)"
    r"|\s+(?=(?:so|because|although|though)\s)",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION_RE = re.compile(
    r"^(?:and|so|but|because|which|while|then|although|though)\s+", re.IGNORECASE
)


def as_quoted(text: str) -> str:
    """Notes' words as a quote opens: a capital first letter, and "I" for a lone "i"
    ("i said 2nd of 9"); the same words, so the quote stays faithful."""
    text = re.sub(r"(?<![\w'])i(?=\b|')", "I", text)
    return text[:1].upper() + text[1:]


def clause_of(sentence: str, part: str) -> str:
    """The candidate's own words around `part`: the sentence, or its clause when it is long.

    The clause is quoted as said (without a leading "so"/"and"); one that does not end the
    sentence ends in "…", so a quote never pretends to be a whole sentence it is not.
    """
    if len(sentence.split()) <= _CLAUSE_WORDS:
        return sentence
    at = max(sentence.find(part), 0)
    start = 0
    end = len(sentence)
    for match in _CLAUSE_BREAK_RE.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at + len(part):
            end = match.start()
            break
    clause = _LEADING_CONJUNCTION_RE.sub("", sentence[start:end].strip())
    if len(clause.split()) < 4:
        return _shorten(sentence)
    clause = _shorten(clause, _CLAUSE_WORDS)
    if end < len(sentence) and not clause.endswith("…"):
        clause = clause.rstrip(",;:") + "…"
    return clause[0].upper() + clause[1:] if start == 0 else clause


def _quote_of(exchange_text: str, claims: Sequence[Claim]) -> str:
    """The words worth quoting back: the sentence with most claims (else the first), or the
    clause of it that holds them when the sentence is long."""
    if claims:
        counts = Counter(c.sentence for c in claims)
        best = max(counts, key=lambda s: (counts[s], -list(counts).index(s)))
        spans = Counter(
            clause_of(best, c.text) for c in claims if c.sentence == best and c.kind != "tool"
        )
        if spans:
            return max(spans, key=lambda q: (spans[q], -list(spans).index(q)))
        return _shorten(best)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", exchange_text.strip()) if s]
    return clause_of(sentences[0], "") if sentences else _shorten(exchange_text)


@dataclass(frozen=True)
class _Heard:
    """A claim of a round-one answer with the passage it was read from (said or reported)."""

    claim: Claim
    passage: Passage

    def said_back(self) -> dict[str, str]:
        """How a question may state it: `quote` (the clause, for words said aloud) or
        `premise` (reported speech, stated without quotes)."""
        if self.passage.voice == "said":
            return {"quote": as_quoted(clause_of(self.claim.sentence, self.claim.text))}
        return {"premise": premise_of(self.passage, self.claim.text)}


def _heard(
    voices: Sequence[Passage], *, ignore: Sequence[str], employers: Iterable[str]
) -> list[_Heard]:
    """The claims of what the candidate said or is reported to have said; asides give none."""
    out: list[_Heard] = []
    for passage in voices:
        if passage.voice == "aside":
            continue
        for claim in extract_claims(passage.words, ignore=ignore, employers=employers):
            out.append(_Heard(claim, passage))
    return out


#: Which fact a quote is about when it holds several: the one most worth pushing on.
_FIT_ORDER = ("decision", "ownership", "result", "team_size", "company_size")


def _said_back(voices: Sequence[Passage], heard: Sequence[_Heard]) -> tuple[dict[str, str], str]:
    """What a quote-back states, and the kind of fact it is about (`claim_fit`, or
    "statement" when it holds no claim): a quote of the words said aloud with most claims,
    else the first reported passage as a premise, else nothing (an answer all asides)."""
    said = [h.claim for h in heard if h.passage.voice == "said"]
    if said:
        quote = _quote_of(" ".join(p.text for p in voices if p.voice == "said"), said)
        inside = [claim_fit(c) for c in said if c.text in quote]
        ranked = sorted((f for f in inside if f in _FIT_ORDER), key=_FIT_ORDER.index)
        return {"quote": as_quoted(quote)}, ranked[0] if ranked else "statement"
    spoken = [p for p in voices if p.voice == "said"]
    if spoken:
        return {"quote": as_quoted(_quote_of(spoken[0].text, ()))}, "statement"
    reported = [h.passage for h in heard] or [p for p in voices if p.voice == "reported"]
    if not reported:
        return {}, ""
    premise = premise_of(reported[0])
    # Only the claims the (maybe shortened) premise still states decide what it is about.
    inside = [
        claim_fit(h.claim)
        for h in heard
        if h.passage is reported[0] and second_person(h.claim.text) in premise
    ]
    ranked = sorted((f for f in inside if f in _FIT_ORDER), key=_FIT_ORDER.index)
    return {"premise": premise}, ranked[0] if ranked else "statement"


def _measure_phrase(claim: Claim) -> str | None:
    """How a consistency question names a figure without stating it ("team size", "churn")."""
    if claim.kind == "team_size":
        return "team size"
    if claim.kind == "money":
        return claim.measure  # only when the sentence says what the money was
    return claim.measure  # percent and number: only when the sentence said what they measure


def _usable(template: Template, kind: str, values: Mapping[str, str], fit: str | None) -> bool:
    """Whether `template` is of `kind`, can be filled, and suits the claim (its `fits`)."""
    if template.kind != kind or not _fields(template.prompt) <= values.keys():
        return False
    return not template.fits or (fit is not None and fit in template.fits)


def _pick_template(
    kind: str,
    templates: Sequence[Template],
    values: Mapping[str, str],
    turn: int,
    fit: str | None = None,
) -> Template | None:
    """A template of `kind` whose placeholders can all be filled and whose `fits` (when it has
    any) include `fit`, the kind of claim it is about; rotating by `turn`."""
    usable = [t for t in templates if _usable(t, kind, values, fit)]
    if not usable:
        usable = [t for t in FALLBACK_TEMPLATES if _usable(t, kind, values, fit)]
    return usable[turn % len(usable)] if usable else None


# A figure that changed ("dropped from 18% to 11%", "cut churn by 12%") is a result someone
# can take credit for; one that did not ("40% of our revenue") is just a figure.
_CHANGE_RE = re.compile(
    r"\b(?:cut(?!-)|cuts|reduc\w*|dropped|dropping|fell|grew|grow\w*|increas\w*|rose|rais\w*"
    r"|improv\w*|sav\w*|lower\w*|boost\w*|doubled|tripled|halved|gain\w*|lift\w*"
    r"|shr[aiu]nk\w*|went\s+from|from\s+\S+(?:\s+\S+)?\s+to|(?:down|up)\s+(?:to|from|by)"
    r"|faster|slower|fewer"
    r"|higher|better|worse|brought|jumped|climbed|won|generated|delivered)\b",
    re.IGNORECASE,
)
_ORG_RE = re.compile(
    r"\b(?:compan(?:y|ies)|place|org|organi[sz]ation|employer|startup|start-up|firm|business"
    r"|corporation|enterprise|headcount|employees)\b",
    re.IGNORECASE,
)
# Words that make a bare head count ("8 people") a team the candidate had or worked in.
_TEAM_RE = re.compile(
    r"\b(?:my|our)\s+(?:[\w-]+\s+)?team\b|\bteam\s+(?:of|was|is)\b|\b(?:squad|crew|brigade"
    r"|direct\s+reports|reported\s+to\s+me)\b",
    re.IGNORECASE,
)
# ... or when someone had them: "managed 12 people", "I lead 8 people".
_HAD_RE = re.compile(
    r"\b(?:led|lead|leads|managed|manage|manages|ran|run|runs|hired)\s+(?:\w+\s+)?$"
)
#: A head count this large is an organisation, not a team someone led.
_COMPANY_SIZE_AT = 300


def claim_fit(claim: Claim) -> str:
    """What kind of fact a claim is, for choosing a template that suits it (`fits`).

    decision, ownership, duration, date: as the claim kind; a head count is `company_size`
    when it is an organisation's ("current place is 4000 people") and `team_size` otherwise;
    a percent, sum or number is a `result` when the sentence says it changed, else a `figure`.
    """
    if claim.kind == "team_size":
        value = claim.value or 0
        organisation = value >= 50 and bool(_ORG_RE.search(claim.sentence))
        if value >= _COMPANY_SIZE_AT or (organisation and "team" not in claim.sentence.lower()):
            return "company_size"
        # "used by the retention team (~60 people)" counts users, not a team someone had.
        bare = claim.measure in ("people", "persons", "folks", "members")
        at = max(claim.sentence.find(claim.text), 0)
        had = _HAD_RE.search(claim.sentence[max(0, at - 25) : at])
        if bare and not (had or _TEAM_RE.search(claim.sentence)):
            return "figure"
        return "team_size"
    if claim.kind in _NUMBERS_KINDS:
        # The change must be said of this figure: within a few words of it.
        at = max(claim.sentence.find(claim.text), 0)
        if claim.kind == "number":
            # A count changed only when the change is said of it ("from 40 to 55", "cut
            # to 12"), not when it sits near another figure's ("down to 21% after 3 rounds").
            before = claim.sentence[max(0, at - 30) : at]
            attached = re.search(
                rf"(?:\bfrom\s+\S+\s+to\s+|\b(?:from|by)\s+(?:about\s+|around\s+|~)?|{_CHANGE_RE.pattern}\s+"
                r"(?:[\w-]+\s+){0,2})$",
                before,
                re.IGNORECASE,
            )
            return (
                "result"
                if attached or re.match(r"\s*(?:x|times)\b", claim.sentence[at + len(claim.text) :])
                else "figure"
            )
        near = claim.sentence[max(0, at - 45) : at + len(claim.text) + 25]
        return "result" if _CHANGE_RE.search(near) else "figure"
    return claim.kind


def _fill(template: Template, values: Mapping[str, str]) -> str:
    return template.prompt.format_map(dict(values))


# -- rubric specifics ------------------------------------------------------------------------

_DETERMINER_RE = re.compile(
    r"\b(?:the|our|my|their|a|an|this|that|its|his|her)\s+((?:[a-z][a-z-]{2,}\s+)?[a-z][a-z-]{3,})\b"
)
_GENERIC_NOUNS = frozenset(
    _words(
        "time team work thing things part way lot bit people company role job project "
        "answer question problem issue point end start case fact kind sort"
    )
)


def key_nouns(text: str, *, limit: int = 6) -> tuple[str, ...]:
    """Specific nouns of an answer ("billing app", "relaunch"), for rubric phrases."""
    out: list[str] = []
    for match in _DETERMINER_RE.finditer(text.lower()):
        phrase = match.group(1)
        words = phrase.split()
        if words[-1] in _GENERIC_NOUNS or words[-1] in _FUNCTION_WORDS:
            continue
        if words[0] in _FUNCTION_WORDS:
            phrase = words[-1]
        if phrase not in out:
            out.append(phrase)
        if len(out) == limit:
            break
    return tuple(out)


_NOTE_WORDS = frozenset(
    _words("asked seemed seem twice thought felt wanted said kept rather something again whether")
)


def _concern_words(notes: str, *, limit: int = 4) -> tuple[str, ...]:
    """What a note says the interviewer worried about: its key nouns, else its content words."""
    found = list(key_nouns(notes, limit=limit))
    for word in re.findall(r"[a-z][a-z'-]{3,}", notes.lower()):
        if len(found) >= limit:
            break
        if word in _FUNCTION_WORDS or word in _NOTE_WORDS or any(word in f for f in found):
            continue
        found.append(word)
    return tuple(found)


_FUNCTION_WORDS = frozenset(
    _words(
        "with from into over under about after before than then when were have been being "
        "that this there their what which while would could should also just very really "
        "most more"
    )
)


def _specific_terms(
    claims: Sequence[Claim], text: str, *, figures: Sequence[Claim] | None = None
) -> list[RubricTerm]:
    """Rubric terms that reward repeating round one's specifics: figures, names, key nouns."""
    terms: list[RubricTerm] = []
    shown = figures if figures is not None else [c for c in claims if c.kind in FIGURE_KINDS][:3]
    for claim in shown:
        label = f"Same figure as before: {claim.text}"
        if claim.measure and claim.measure not in claim.text.lower():
            label += f" ({claim.measure})"
        terms.append(
            RubricTerm(label=label, phrases=figure_phrases(claim), weight=2.0, personal=True)
        )
    names = tuple(dict.fromkeys(c.text for c in claims if c.kind == "tool"))
    if names:
        terms.append(
            RubricTerm(
                label="Names what you named before", phrases=names, weight=1.0, personal=True
            )
        )
    nouns = key_nouns(text)
    if nouns:
        terms.append(
            RubricTerm(
                label="Builds on your earlier answer", phrases=nouns, weight=1.0, personal=True
            )
        )
    return terms


# -- seeding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seat:
    """Who asks a seeded question: a named person met, or just a persona."""

    persona: str | None
    name: str | None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "topic"


def _norm_topic(text: str) -> str:
    return " ".join(stem(w) for w in re.findall(r"\w+", normalize(text)))


class _Seeder:
    """Builds the seeded questions of one debrief; holds what every kind needs to fill in."""

    def __init__(self, debrief: Debrief, templates: Sequence[Template]) -> None:
        self.debrief = debrief
        self.templates = templates
        self.people = debrief.people()
        self.ignore = [p.name for p in self.people] + [debrief.company]
        self.employers = employers_in(e.answer for _, _, e in debrief.exchanges())

    def seat_for(self, rnd: DebriefRound, exchange: Exchange) -> tuple[Person | None, _Seat]:
        """Who asked in round one (only when the debrief says), and who asks the follow-up.

        The person who asked follows up. When the debrief does not say who asked, the round's
        first person asks, but the prompt may not claim they heard the answer themselves.
        """
        asker = self.debrief.person(exchange.asked_by)
        seated = asker or (rnd.people[0] if rnd.people else None)
        if seated is None:
            return None, _Seat(None, None)
        return asker, _Seat(persona_for(seated, self.debrief.role), seated.name)

    def values(self, asker: Person | None) -> dict[str, str]:
        """The placeholders every kind can fill: company, role when known, who asked."""
        values = {"company": self.debrief.company}
        if self.debrief.role:
            values["role"] = self.debrief.role
        if asker is not None:
            values["interviewer"] = asker.name
            values["me"] = "me"  # the follow-up is asked by the person who asked
        return values

    def question(
        self,
        *,
        qid: str,
        template: Template,
        values: Mapping[str, str],
        source: QuestionSource,
        seat: _Seat,
        specifics: Sequence[RubricTerm],
        claims: Sequence[Claim],
    ) -> Question:
        return Question(
            id=qid,
            prompt=_fill(template, values),
            category=template.category,
            bank_id="",
            time_limit=template.time_limit or DEFAULT_TIME_LIMIT,
            persona=seat.persona or template.persona,
            tags=template.tags,
            rubric=(*template.rubric, *specifics),
            avoid=template.avoid,
            source=source,
            claims=tuple(claims),
            asked_by=seat.name,
        )

    def for_exchange(self, index: int, rnd: DebriefRound, exchange: Exchange) -> list[Question]:
        """Every seeded question one round-one exchange gives rise to.

        Only what the candidate said (quoted) or is reported to have said (stated without
        quotes) is pushed on; their asides to themselves are left alone (core/said.py).
        """
        voices = passages(exchange.answer, tuple(p.name for p in self.people))
        heard = _heard(voices, ignore=self.ignore, employers=self.employers)
        claims = [h.claim for h in heard]
        figures = [c for c in claims if c.kind in FIGURE_KINDS]
        asker, seat = self.seat_for(rnd, exchange)
        said_back, said_fit = _said_back(voices, heard)
        base = self.values(asker)
        # Quoted mid-sentence, a question keeps its "?" but not a full stop.
        base["question"] = as_quoted(_shorten(exchange.question).rstrip("."))
        spoken = " ".join(p.words for p in voices if p.voice != "aside")
        specifics = _specific_terms(claims, spoken)
        out: list[Question] = []

        def add(
            kind: str,
            n: int,
            values: dict[str, str],
            *,
            quoted: str | None,
            terms: Sequence[RubricTerm] = specifics,
            fit: str | None = None,
        ) -> bool:
            template = _pick_template(kind, self.templates, values, index + n, fit)
            if template is None:
                return False
            out.append(
                self.question(
                    qid=f"seed-{kind}-{index}-{n}",
                    template=template,
                    values=values,
                    source=QuestionSource(kind=kind, exchange=index, quote=quoted),
                    seat=seat,
                    specifics=terms,
                    claims=figures,
                )
            )
            return True

        def source_of(values: Mapping[str, str], heard_from: Passage | None) -> str | None:
            # The source is always the notes' own words: the quote, or the reported passage.
            if "quote" in values:
                return values["quote"]
            return heard_from.text if heard_from is not None else None

        first_reported = next((p for p in voices if p.voice == "reported"), None)
        quoted = {**base, **said_back}
        if exchange.reaction == "hesitated":
            terms = list(specifics)
            concern = _concern_words(exchange.notes or "")
            if concern:
                terms.append(
                    RubricTerm(
                        label="Addresses the concern from round one", phrases=concern, weight=2.0
                    )
                )
            # The hesitation was about the answer as a whole: quote how it began.
            opening = next((p for p in voices if p.voice == "said"), None)
            hesitant = dict(quoted)
            if opening is not None:
                hesitant["quote"] = as_quoted(_quote_of(opening.text, ()))
            add(
                "hesitation",
                0,
                hesitant,
                quoted=source_of(hesitant, first_reported),
                terms=terms,
            )
        numbered = [h for h in heard if h.claim.kind in _NUMBERS_KINDS]
        pushed: set[str] = set()  # one numbers question per quote: "71%, up from 58%" is one
        for n, item in enumerate(numbered):
            # The clause that states the figure, so the question quotes what was said.
            values = {**base, **item.said_back(), "claim": item.claim.text}
            if item.claim.measure and item.claim.kind != "money":
                # A sum is spent, not changed: "the change in marketing budget" is not English.
                values["measure"] = item.claim.measure
            said = values.get("quote") or values.get("premise", "")
            if said in pushed:
                continue
            if add(
                "numbers",
                n,
                values,
                quoted=source_of(values, item.passage),
                fit=claim_fit(item.claim),
            ):
                pushed.add(said)
        # A decision first; then something done ("I led the relaunch"), not an ongoing duty
        # ("I manage a team of 14" is not a call to defend).
        judged = [h for h in heard if h.claim.kind == "decision"] + [
            h for h in heard if h.claim.kind == "ownership" and not _ONGOING_RE.match(h.claim.text)
        ]
        for item in judged:
            # "The right call" suits a decision; ownership is asked who else was involved.
            challenge = {**base, **item.said_back()}
            if item.passage.voice == "said":
                challenge["claim"] = item.claim.text  # templates quote it: said words only
            source = source_of(challenge, item.passage)
            if add("challenge", 0, challenge, quoted=source, fit=claim_fit(item.claim)):
                break
        counted = [c for c in figures if c.kind in _CONSISTENCY_KINDS]
        asked: set[str] = set()  # "22 staff, two assistant managers": one team-size question
        for n, claim in enumerate(counted):
            phrase = _measure_phrase(claim)
            if phrase is None or phrase in asked:
                continue
            asked.add(phrase)
            # No quote or claim: the point is to ask for the figure without stating it.
            values = {**base, "measure": phrase}
            add(
                "consistency",
                n,
                values,
                quoted=None,
                terms=_specific_terms(claims, spoken, figures=[claim]),
                fit=claim_fit(claim),
            )
        # A short reply ("yes, CEng since 2022") has nothing more to take further.
        if said_back and len(next(iter(said_back.values())).split()) >= _QUOTE_BACK_WORDS:
            add(
                "quote_back",
                0,
                quoted,
                quoted=source_of(quoted, first_reported),
                fit=said_fit,
            )
        return out

    def for_topic(self, index: int, topic: str) -> list[Question]:
        """A probe of one topic round one did not cover, from the person who would own it.

        An `uncovered` template tagged with the topic (`topic_templates`) comes first;
        otherwise the untagged ones rotate. The probe names the topic and asks for evidence.
        """
        source = QuestionSource(kind="uncovered", topic=topic)
        topic_term = RubricTerm(
            label=f"Speaks to {topic}",
            phrases=(topic, *[w for w in re.findall(r"[\w-]{4,}", topic)]),
            weight=2.0,
        )
        values = {**self.values(None), "topic": topic}
        owned = topic_templates(topic, self.templates)
        usable = [t for t in owned if _fields(t.prompt) <= values.keys()]
        template = usable[0] if usable else _pick_template("uncovered", self.generic, values, index)
        if template is None:
            return []
        return [
            self.question(
                qid=f"seed-uncovered-{_slug(topic)}",
                template=template,
                values=values,
                source=source,
                seat=_Seat(template.persona, None),
                specifics=[topic_term],
                claims=(),
            )
        ]

    @property
    def generic(self) -> list[Template]:
        """Uncovered templates for any topic: those not tagged with topics of their own."""
        return [t for t in self.templates if t.kind == "uncovered" and not t.tags]


def topic_templates(topic: str, templates: Sequence[Template]) -> list[Template]:
    """The `uncovered` templates tagged with `topic`, best match first.

    Tags and topics are compared as word stems ignoring case, `-`/`_` and plurals: a tag
    matches when its words are all in the topic ("budget" for "budget ownership") or the
    topic's words are all in the tag ("on call" for "on-call rotation" does not; "hiring"
    for "hiring" does).
    """
    wanted = set(_norm_topic(topic).split())
    ranked: list[tuple[int, int, Template]] = []
    for order, template in enumerate(t for t in templates if t.kind == "uncovered"):
        best = 0
        for tag in template.tags:
            words = set(_norm_topic(tag).split())
            if words and (words <= wanted or wanted <= words):
                best = max(best, 100 if words == wanted else len(words & wanted))
        if best:
            ranked.append((-best, order, template))
    return [t for _, _, t in sorted(ranked, key=lambda r: (r[0], r[1]))]


def practice_seeds(
    answers: Sequence[Answer],
    templates: Sequence[Template],
    *,
    context: Mapping[str, str] | None = None,
) -> list[Question]:
    """Pushback on past practice answers: "Last time you told me …; what would you add?".

    The latest non-empty answer per question is used, newest first; its figures, names and
    key nouns go into the rubric and its claims into `claims`, so drift is flagged.
    """
    latest: dict[str, Answer] = {}
    for answer in sorted(answers, key=lambda a: (a.answered_at or "", a.session_id, a.position)):
        if not answer.skipped and answer.text.strip():
            latest[answer.question.id] = answer
    out: list[Question] = []
    for turn, answer in enumerate(reversed(list(latest.values()))):
        claims = extract_claims(answer.text)
        figures = [c for c in claims if c.kind in FIGURE_KINDS]
        quote = _quote_of(answer.text, claims)
        values = {**(context or {}), "quote": quote, "question": _shorten(answer.question.prompt)}
        if figures:
            values["claim"] = figures[0].text
            if figures[0].measure:
                values["measure"] = figures[0].measure
        template = _pick_template("practice", templates, values, turn)
        if template is None:
            continue
        out.append(
            Question(
                id=f"seed-practice-{answer.question.id}",
                prompt=_fill(template, values),
                category=template.category,
                time_limit=template.time_limit or answer.question.time_limit,
                persona=answer.question.persona or template.persona,
                tags=template.tags,
                rubric=(*template.rubric, *_specific_terms(claims, answer.text)),
                avoid=template.avoid,
                source=QuestionSource(kind="practice", quote=quote),
                claims=tuple(figures),
            )
        )
    return out


def seed_questions(
    debrief: Debrief,
    templates: Sequence[Template],
    *,
    practice_answers: Sequence[Answer] = (),
) -> list[Question]:
    """Every pushback question a debrief (and past practice) seeds, in a fixed order.

    Exchanges in file order (ids `seed-<kind>-<exchange>-<n>`), then one probe per uncovered
    topic (`seed-uncovered-<topic>`, from the template tagged with it or a generic one), then
    practice pushback (`seed-practice-<question id>`). Templates come from banks; a kind no template
    can fill falls back to FALLBACK_TEMPLATES.
    """
    seeder = _Seeder(debrief, templates)
    out: list[Question] = []
    for index, rnd, exchange in debrief.exchanges():
        out += seeder.for_exchange(index, rnd, exchange)
    for index, topic in enumerate(debrief.uncovered):
        out += seeder.for_topic(index, topic)
    out += practice_seeds(practice_answers, templates, context=seeder.values(None))
    return out


# -- the callback loop -----------------------------------------------------------------------


def _least_used(used: Counter[str], preferred: Sequence[str]) -> str:
    """The persona heard least so far; ties go to `preferred` order, then PERSONAS order."""
    order = [*preferred, *[p for p in PERSONAS if p not in preferred]]
    return min(order, key=lambda p: (used[p], order.index(p)))


def plan_callback_loop(
    debrief: Debrief,
    banks: BankSet,
    *,
    count: int,
    seed: int | None = None,
    stats: Mapping[tuple[str, str], QuestionStat] | None = None,
    practice_answers: Sequence[Answer] = (),
) -> list[Question]:
    """One company's callback round: seeded pushback mixed with the five strategy banks.

    Hesitations come first, then a numbers check, a probe per uncovered topic, practice
    pushback, a challenge, a consistency check and quote-backs; about half the round (at
    least one per strategy when `count` allows) comes from the strategy banks. Questions
    are spread over personas from several levels and departments, named after the people
    met. `stats` is keyed by (bank_id, question_id) as `Store.question_stats()` gives it.
    The same inputs and seed give the same round.
    """
    if count <= 0:
        return []
    rng = random.Random(seed)
    stats = stats or {}
    bank_questions = banks.questions()
    seeded = seed_questions(debrief, banks.templates(), practice_answers=practice_answers)

    def attempts(q: Question) -> int:
        stat = stats.get((q.bank_id, q.id))
        return stat.attempts if stat else 0

    # Seeded picks by priority; within a kind prefer exchanges not yet probed, then the
    # questions practised least, then the seed's choice.
    by_kind: dict[str, list[Question]] = {kind: [] for kind in SEED_KINDS}
    for q in seeded:
        by_kind.setdefault(q.source.kind, []).append(q)
    probed: set[int | None] = set()
    chosen: list[Question] = []
    chosen_ids: set[str] = set()

    def take(kind: str, limit: int | None = None) -> None:
        pool = [q for q in by_kind.get(kind, []) if q.id not in chosen_ids]
        rng.shuffle(pool)
        pool.sort(key=lambda q: (q.source.exchange in probed, attempts(q)))
        if kind in ("hesitation", "uncovered"):
            pool.sort(key=lambda q: q.source.exchange if q.source.exchange is not None else 0)
        taken = 0
        for q in pool:
            if limit is not None and taken >= limit:
                break
            if kind == "uncovered" and q.source.topic in {c.source.topic for c in chosen}:
                continue  # one probe per topic
            if q.source.quote and q.source.quote in {c.source.quote for c in chosen}:
                continue  # a round never quotes the same words twice
            if q.prompt in {c.prompt for c in chosen}:
                continue
            chosen.append(q)
            chosen_ids.add(q.id)
            taken += 1
            if q.source.exchange is not None:
                probed.add(q.source.exchange)

    take("hesitation")
    take("numbers", 1)
    take("uncovered")
    must = len(chosen)
    for kind in ("practice", "challenge", "consistency", "quote_back"):
        take(kind, 1)
    rest = [q for q in seeded if q.id not in chosen_ids]
    rng.shuffle(rest)
    for q in rest:
        repeated = q.source.quote and q.source.quote in {c.source.quote for c in chosen}
        if not repeated and q.prompt not in {c.prompt for c in chosen}:
            chosen.append(q)

    # Bank questions: one per strategy first (pushback last: seeding covers it), then any.
    strategies = [c for c in CATEGORIES if c != "pushback"] + ["pushback"]
    pool = [q for q in bank_questions if q.id not in chosen_ids]
    firsts: list[Question] = []
    for category in strategies:
        candidates = [q for q in pool if q.category == category]
        firsts += plan_round(candidates, 1, seed=rng.randrange(2**32), stats=stats)
    others = [q for q in pool if q not in firsts]
    bank_pick = firsts + plan_round(others, count, seed=rng.randrange(2**32), stats=stats)

    n_seed = max(math.ceil(count / 2), min(must, count - 2))
    n_seed = min(n_seed, len(chosen))
    n_bank = min(count - n_seed, len(bank_pick))
    n_seed = min(count - n_bank, len(chosen))
    seeded_part = chosen[:n_seed]
    bank_part = bank_pick[:n_bank]

    # Interleave: seeded first (a hesitation opens the round when there is one), then
    # alternate, so the round moves between interviewers and strategies.
    ordered: list[Question] = []
    for i in range(max(len(seeded_part), len(bank_part))):
        if i < len(seeded_part):
            ordered.append(seeded_part[i])
        if i < len(bank_part):
            ordered.append(bank_part[i])
    return _assign_seats(debrief, ordered)


def loop_keys(questions: Sequence[Question]) -> list[list[str]]:
    """What identifies a planned loop: each question as [bank id, question id], in order."""
    return [[q.bank_id, q.id] for q in questions]


def replay_callback_loop(
    debrief: Debrief,
    banks: BankSet,
    keys: Sequence[Sequence[str]],
    *,
    practice_answers: Sequence[Answer] = (),
) -> list[Question] | None:
    """The loop `plan_callback_loop` planned as `keys` (`loop_keys`), asked by the same people.

    None when one of its questions no longer exists (a bank or the debrief changed), so the
    caller plans a new loop instead of a different one under the same name.
    """
    pool: dict[tuple[str, str], Question] = {(q.bank_id, q.id): q for q in banks.questions()}
    for q in seed_questions(debrief, banks.templates(), practice_answers=practice_answers):
        pool[(q.bank_id, q.id)] = q
    picked = [pool.get((str(key[0]), str(key[1]))) for key in keys if len(key) == 2]
    if len(picked) != len(keys) or any(q is None for q in picked):
        return None
    return _assign_seats(debrief, [q for q in picked if q is not None])


def _assign_seats(debrief: Debrief, questions: list[Question]) -> list[Question]:
    """Give unnamed questions an interviewer: the persona heard least, named after someone met."""
    people = debrief.people()
    by_persona: dict[str, list[Person]] = {}
    for person in people:
        by_persona.setdefault(persona_for(person, debrief.role), []).append(person)
    used: Counter[str] = Counter(q.persona for q in questions if q.asked_by and q.persona)
    named: Counter[str] = Counter(q.asked_by for q in questions if q.asked_by)
    # Personas with someone to name come first in ties, in the order they were met.
    preferred = list(by_persona)
    out: list[Question] = []
    for q in questions:
        if q.asked_by:
            out.append(q)
            continue
        # A topic probe is asked by the persona who owns the topic, however often heard.
        owned = q.source.kind == "uncovered" and q.persona is not None
        if owned or (q.persona and used[q.persona] == 0):
            persona = q.persona or ""
        else:
            persona = _least_used(used, preferred)
        used[persona] += 1
        name = None
        if by_persona.get(persona):
            person = min(by_persona[persona], key=lambda p: (named[p.name], people.index(p)))
            named[person.name] += 1
            name = person.name
        out.append(replace(q, persona=persona, asked_by=name))
    return out


# -- consistency -----------------------------------------------------------------------------


def _close(kind: str, a: float, b: float) -> bool:
    """Two values of one kind say the same thing ("two-thirds" is 67%, six is 6)."""
    if kind == "percent":
        return abs(a - b) <= 0.5
    return math.isclose(a, b, rel_tol=0.02, abs_tol=1e-9)


def _measure_stems(measure: str | None) -> set[str]:
    if not measure:
        return set()
    return {stem(w) for w in re.findall(r"[a-z]+", normalize(measure)) if len(w) > 2}


def _related(old: Claim, new: Claim) -> bool:
    """Whether two figures of the same kind are about the same thing."""
    if old.kind == "team_size":
        return True
    if old.kind == "date":
        return old.measure == new.measure
    return bool(_measure_stems(old.measure) & _measure_stems(new.measure))


def _said(claim: Claim) -> str:
    """The claim as quoted in a flag, with what it measures when the figure alone is bare."""
    bare = claim.kind in ("percent", "money", "number") and claim.measure
    return f"{claim.text} ({claim.measure})" if bare else claim.text


def check_consistency(claims: Iterable[Claim], answer: str) -> tuple[str, ...]:
    """Flags where `answer` drifts from earlier claims: "In round one you said X; now Y."

    A figure drifts when the answer states a figure of the same kind about the same thing
    (same measure, or the only such figure on both sides) and none of them matches. A named
    tool drifts when the answer uses another one the same way ("migrated to Postgres" ->
    "migrated to MySQL"). Spelled-out numbers equal digits.
    """
    earlier = list(claims)
    now = extract_claims(answer)
    flags: list[str] = []
    for old in earlier:
        if old.kind in FIGURE_KINDS and old.value is not None:
            value = old.value
            candidates = [c for c in now if c.kind == old.kind and c.value is not None]
            if old.kind == "date":
                candidates = [c for c in candidates if c.measure == old.measure]
            if not candidates or any(_close(old.kind, value, c.value or 0.0) for c in candidates):
                continue
            related = [c for c in candidates if _related(old, c)]
            lonely = (
                len(candidates) == 1
                and sum(1 for c in earlier if c.kind == old.kind) == 1
                and (old.measure is None or candidates[0].measure is None)
            )
            if related or lonely:
                new = (related or candidates)[0]
                flags.append(f"In round one you said {_said(old)}; now {new.text}.")
        elif old.kind == "tool" and old.measure:
            if normalize(old.text) in normalize(answer):
                continue
            swapped = [c for c in now if c.kind == "tool" and c.measure == old.measure]
            if swapped:
                flags.append(
                    f"In round one you said you {old.measure} {old.text}; now {swapped[0].text}."
                )
    return tuple(dict.fromkeys(flags))
