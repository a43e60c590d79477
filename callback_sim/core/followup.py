"""Follow-up questions: reading the answer just given for what a callback interviewer presses on.

A real interviewer hears "we cut churn by 12%" and asks how it was measured and what your
own part was. This module finds such openings in an answer — a figure with no word on how
it was measured, "we" with no "I", an action with no result, a hedged claim, a figure that
contradicts round one — and turns the strongest into a follow-up question that quotes the
candidate's own words verbatim (a short clause, never a paraphrase).

Pure and deterministic: regular expressions over the answer text, so the same answer always
gives the same openings. `core.round` decides when a follow-up is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from callback_sim.core.models import Claim, Question, QuestionSource, RubricTerm

#: The source kind of a follow-up question (QuestionSource.kind).
FOLLOW_UP_KIND = "follow_up"

#: What a follow-up presses on, strongest first: the first one found is asked.
TRIGGERS: tuple[str, ...] = ("contradiction", "measurement", "ownership", "result", "hedge")

#: A follow-up's question id is its parent's plus this, so progress tracks them together.
FOLLOW_UP_SUFFIX = "~follow-up"

#: Seconds to answer a follow-up (before the user's multiplier): a focused answer, not a story.
FOLLOW_UP_TIME_LIMIT = 90

#: The longest quote, in words; a longer clause is cut around what is being pressed on.
QUOTE_WORDS = 14


@dataclass(frozen=True)
class Opening:
    """Something in an answer worth pressing on, with the candidate's words that show it."""

    trigger: str  # one of TRIGGERS
    quote: str  # a verbatim clause of the answer
    earlier: str | None = None  # contradiction: what round one said ("a team of six")


# -- reading the answer ---------------------------------------------------------------------

# How a figure was arrived at: any of these in the figure's sentence or the next one.
_MEASURED_RE = re.compile(
    r"\b(?:measur\w*|track\w*|dashboards?|baselines?|compar\w*|cohorts?|a/b|experiment\w*"
    r"|control\s+group|surveys?|surveyed|analytics|instrument\w*|logs?|logged|sampl\w*"
    r"|benchmark\w*|counted|audit\w*|according\s+to|based\s+on|calculated|computed"
    r"|metrics?|data\s+from|source\s+of\s+truth|attribut\w*|ran\s+the\s+numbers"
    r"|over\s+the\s+(?:previous|prior|same))\b",
    re.IGNORECASE,
)
# Words that make a bare number a result ("cut", "grew") rather than a count ("two options").
_CHANGE_RE = re.compile(
    r"\b(?:cut|cuts|reduc\w*|increas\w*|grew|grow\w*|improv\w*|sav\w*|dropp?\w*|rais\w*"
    r"|boost\w*|lower\w*|doubl\w*|tripl\w*|halv\w*|went\s+from|up\s+from|down\s+from|fell"
    r"|rose|gain\w*|shrank|shrunk|faster|slower|fewer|more|less)\b",
    re.IGNORECASE,
)
# What came of it: a result named in words or figures.
_RESULT_RE = re.compile(
    r"\b(?:results?|resulted|outcomes?|impact\w*|so\s+that|which\s+meant|that\s+meant|led\s+to"
    r"|meant\s+that|saved|reduc\w*|increas\w*|improv\w*|grew|growth|cut|dropp?ed|fell|rose"
    r"|doubled|halved|tripled|went\s+from|faster|fewer|won|retain\w*|shipped\s+on\s+time"
    r"|on\s+time|under\s+budget|paid\s+off|worked|succeeded|success\w*|fixed|solved)\b",
    re.IGNORECASE,
)
# "We" doing something: the first-person plural as the one who acted.
_WE_RE = re.compile(r"\b(?:we|we've|we'd|we’ve|we’d|our\s+team|the\s+team)\b", re.IGNORECASE)
# "I" doing something; thinking, guessing and feeling are not actions.
_I_AGENT_RE = re.compile(
    r"\b(?:I|I've|I’ve|I'd|I’d|I'm|I’m)\s+(?:\w+ly\s+)?(?!think\b|guess\b|believe\b|feel\b"
    r"|felt\b|suppose\b|mean\b|know\b|hope\b|wish\b|was\s+told\b|would\s+say\b|say\b"
    r"|not\s+sure\b|am\s+not\s+sure\b|remember\b|recall\b|imagine\b|like\b|love\b)[\w'’]+"
    r"|\bmy\s+(?:own\s+)?(?:part|role|job|idea|proposal|decision|call|plan|code|design|work)\b"
    r"|\bpersonally\b|\bmyself\b",
)
# An action being described, so "no result" is worth asking about.
_ACTION_RE = re.compile(
    r"\b(?:I|we)\s+(?:\w+ly\s+)?(?:led|built|rebuilt|launched|shipped|ran|drove|designed"
    r"|created|migrated|moved|rolled\s+out|introduced|implemented|rewrote|wrote|changed"
    r"|redesigned|set\s+up|started|restructured|automated|replaced|decided|chose|pushed"
    r"|proposed|negotiated|hired|reorganised|reorganized|refactored|delivered)\b",
    re.IGNORECASE,
)
_HEDGE_RE = re.compile(
    r"\b(?:I\s+think(?!\s+(?:about|of|through|back)\b)|I\s+guess|I\s+suppose|I\s+believe"
    r"|maybe|probably|perhaps|possibly|kind\s+of|sort\s+of|kinda|sorta|not\s+(?:really\s+)?sure"
    r"|hopefully|might\s+have|more\s+or\s+less|I'm\s+not\s+certain|I’m\s+not\s+certain)\b",
    re.IGNORECASE,
)
# "Maybe next time I'd ..." is reflection, not a hedge about what happened.
_REFLECTION_RE = re.compile(
    r"\b(?:next\s+time|looking\s+back|in\s+hindsight|would\s+have|I'd\s+do|if\s+I\s+did)\b",
    re.IGNORECASE,
)
# Kinds of figure that are results worth measuring (team sizes, dates and durations are not).
_MEASURABLE_KINDS = ("percent", "money", "number")
# A quote ends where its clause does (but not at a decimal point or thousands comma).
_CLAUSE_STOP_RE = re.compile(r"[.;:!?—–](?!\d)|,(?!\d)|\s[-–]\s|\n")
_TRAILER_RE = re.compile(
    r"\s+(?:in|with|over|across|for|after|within|at|by|during|from|on|and|since|last)\b",
    re.IGNORECASE,
)
_LEAD_WORDS_RE = re.compile(r"^(?:and|but|so|then|also|because|plus)\s+", re.IGNORECASE)
_FLAG_RE = re.compile(r"^In round one you said (?P<old>.+); now (?P<new>.+)\.$")


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int  # offset in the answer


def _claims(text: str) -> list[Claim]:
    """Figures and names in `text` (core.claims, imported on first use: its patterns are slow
    to compile, and the TUI imports this module before its first frame)."""
    from callback_sim.core.claims import extract_claims

    return list(extract_claims(text))


def _sentences(answer: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    cursor = 0
    from callback_sim.core.claims import split_sentences  # heavy regexes: not at start-up

    for sentence in split_sentences(answer):
        start = answer.find(sentence, cursor)
        if start < 0:
            start = cursor
        out.append(_Sentence(sentence, start))
        cursor = start + len(sentence)
    return out


def clause_around(sentence: str, start: int, end: int, *, tight: bool = False) -> str:
    """The clause of `sentence` holding [start, end), verbatim, at most QUOTE_WORDS words.

    `tight` ends the quote at the span when a preposition follows it ("we cut churn by
    12%" of "... by 12% in two quarters"), so a figure's quote is the claim itself.
    """
    left = 0
    for m in _CLAUSE_STOP_RE.finditer(sentence, 0, start):
        left = m.end()
    stop = _CLAUSE_STOP_RE.search(sentence, end)
    right = stop.start() if stop else len(sentence)
    if tight and _TRAILER_RE.match(sentence, end, right):
        right = end
    clause = sentence[left:right]
    words = list(re.finditer(r"\S+", clause))
    if len(words) > QUOTE_WORDS:
        # Keep the words around the span: a few before it, the rest after.
        focus = next((i for i, w in enumerate(words) if left + w.end() > start), 0)
        first = max(0, min(focus - 3, len(words) - QUOTE_WORDS))
        kept = words[first : first + QUOTE_WORDS]
        clause = clause[kept[0].start() : kept[-1].end()]
    clause = clause.strip().rstrip(",;:")
    clause = _LEAD_WORDS_RE.sub("", clause)
    return clause.strip()


def _quote_at(sentence: _Sentence, start: int, end: int, *, tight: bool = False) -> str:
    return clause_around(sentence.text, start, end, tight=tight)


def _contradiction(answer: str, consistency: Sequence[str]) -> Opening | None:
    for flag in consistency:
        m = _FLAG_RE.match(flag)
        if not m:
            continue
        new = m.group("new")
        for sentence in _sentences(answer):
            at = sentence.text.find(new)
            if at >= 0:
                quote = _quote_at(sentence, at, at + len(new), tight=True)
                if quote:
                    return Opening("contradiction", quote, earlier=m.group("old"))
    return None


def _measurement(sentences: list[_Sentence]) -> Opening | None:
    for i, sentence in enumerate(sentences):
        nearby = sentence.text + " " + (sentences[i + 1].text if i + 1 < len(sentences) else "")
        if _MEASURED_RE.search(nearby):
            continue
        for claim in _claims(sentence.text):
            if claim.kind not in _MEASURABLE_KINDS:
                continue
            if claim.kind == "number" and not _CHANGE_RE.search(sentence.text):
                continue  # a count ("two options"), not a result someone measured
            at = sentence.text.find(claim.text)
            if at >= 0:
                end = at + len(claim.text)
                return Opening("measurement", _quote_at(sentence, at, end, tight=True))
    return None


def _ownership(answer: str, sentences: list[_Sentence]) -> Opening | None:
    if _I_AGENT_RE.search(answer):
        return None
    fallback: Opening | None = None
    for sentence in sentences:
        for m in _WE_RE.finditer(sentence.text):
            quote = _quote_at(sentence, m.start(), m.end())
            if len(quote.split()) < 3:
                continue
            opening = Opening("ownership", quote)
            # Prefer the "we" clause that claims something: an action or a figure.
            if _ACTION_RE.search(quote) or re.search(r"\d", quote):
                return opening
            fallback = fallback or opening
    return fallback


def _result(answer: str, sentences: list[_Sentence]) -> Opening | None:
    if _RESULT_RE.search(answer):
        return None
    if any(c.kind in _MEASURABLE_KINDS for c in _claims(answer)):
        return None  # a figure is a result of sorts; "measurement" presses on it instead
    for sentence in sentences:
        m = _ACTION_RE.search(sentence.text)
        if m:
            return Opening("result", _quote_at(sentence, m.start(), m.end()))
    return None


def _hedge(sentences: list[_Sentence]) -> Opening | None:
    hedged = [
        (sentence, m)
        for sentence in sentences
        if not _REFLECTION_RE.search(sentence.text)
        for m in _HEDGE_RE.finditer(sentence.text)
    ]
    if not hedged:
        return None
    # One hedge on a claim is worth asking about; hedges elsewhere only when they pile up.
    for sentence, m in hedged:
        claims_here = _ACTION_RE.search(sentence.text) or any(
            c.kind in _MEASURABLE_KINDS for c in _claims(sentence.text)
        )
        if claims_here:
            return Opening("hedge", _quote_at(sentence, m.start(), m.end()))
    if len(hedged) >= 2:
        sentence, m = hedged[0]
        return Opening("hedge", _quote_at(sentence, m.start(), m.end()))
    return None


def find_openings(answer: str, consistency: Sequence[str] = ()) -> list[Opening]:
    """What in `answer` a callback interviewer would press on, strongest first.

    `consistency` holds the scorer's drift flags for a seeded question ("In round one you
    said a team of six; now eight.", `Score.consistency`), for contradictions. At most one
    opening per trigger; every quote is a clause of `answer` exactly as written.
    """
    if not answer.strip():
        return []
    sentences = _sentences(answer)
    found = [
        _contradiction(answer, consistency),
        _measurement(sentences),
        _ownership(answer, sentences),
        _result(answer, sentences),
        _hedge(sentences),
    ]
    return [o for o in found if o is not None and len(o.quote.split()) >= 2]


# -- the question ---------------------------------------------------------------------------

#: Two wordings per trigger; `{quote}` is the candidate's clause, `{earlier}` round one's.
PROMPTS: dict[str, tuple[str, ...]] = {
    "measurement": (
        "You said “{quote}”. How did you measure that, and what was your own part in it?",
        "You mentioned “{quote}”. Where does that figure come from — how was it measured?",
    ),
    "ownership": (
        "You said “{quote}”. What did you do yourself, as opposed to the team?",
        "You said “{quote}”. Which part of that was yours?",
    ),
    "result": (
        "You said “{quote}”. What came of it — what was the result, and how do you know?",
        "You said “{quote}”. How did that turn out?",
    ),
    "hedge": (
        "You said “{quote}”. How sure are you? Tell me what you know for certain.",
        "You said “{quote}”. What would make you confident about that?",
    ),
    "contradiction": (
        "In round one you said {earlier}; just now you said “{quote}”. "
        "Which is right, and what explains the difference?",
        "Earlier you told us {earlier}, and now “{quote}”. Help me square those two.",
    ),
}


def _term(label: str, phrases: str, weight: float, *signals: str) -> RubricTerm:
    return RubricTerm(
        label=label,
        phrases=tuple(p.strip() for p in phrases.split("|")),
        weight=weight,
        signals=signals,
    )


#: What a good answer to each kind of follow-up covers (≥ 6 phrases a term).
RUBRICS: dict[str, tuple[RubricTerm, ...]] = {
    "measurement": (
        _term(
            "How it was measured",
            "measured|tracked|dashboard|baseline|compared|cohort|A/B test|before and after"
            "|control group|metric|data",
            3,
            "specifics",
        ),
        _term(
            "Your own part",
            "I built|I ran|I owned|my role|I wrote|I led|personally|I set up|I analysed",
            2,
            "ownership",
        ),
        _term(
            "Limits of the figure",
            "caveat|seasonality|other factors|not only|confound|roughly|margin|attribute",
            1,
            "reasoning",
        ),
    ),
    "ownership": (
        _term(
            "What you did yourself",
            "I decided|I wrote|I led|my part|personally|I built|I proposed|I ran|I owned",
            3,
            "ownership",
        ),
        _term(
            "Credits the others fairly",
            "the team|engineers|designer|colleague|together with|my manager|they built"
            "|partnered with",
            1,
            "acknowledgement",
        ),
        _term(
            "A concrete example",
            "for example|for instance|one time|specifically|in one case|the first week",
            1,
            "example",
            "specifics",
        ),
    ),
    "result": (
        _term(
            "The result",
            "result|outcome|went from|increased|reduced|saved|improved|shipped|led to",
            3,
            "result",
        ),
        _term(
            "How you know",
            "measured|data|feedback|numbers|tracked|customers said|survey|dashboard",
            2,
            "specifics",
        ),
        _term(
            "What you learned",
            "learned|next time|looking back|I would|in hindsight|I should have|takeaway",
            1,
            "reflection",
        ),
    ),
    "hedge": (
        _term(
            "A firm answer",
            "I'm confident|I know|definitely|clearly|certainly|the answer is|for sure|I am sure",
            2,
            "reasoning",
        ),
        _term(
            "Evidence behind it",
            "for example|data|measured|last year|when I|specifically|we saw|the numbers",
            3,
            "example",
            "specifics",
        ),
        _term(
            "Names what is uncertain",
            "don't know yet|unknown|would need to check|to confirm|open question|the risk is",
            1,
            "acknowledgement",
        ),
    ),
    "contradiction": (
        _term(
            "Reconciles the two figures",
            "in round one|earlier I said|both|the difference|rounded|different measure"
            "|since then|the first figure",
            3,
            "reasoning",
        ),
        _term(
            "Says which is right",
            "correct figure|accurate|precise|exact|the right number|to be precise|actually",
            2,
            "specifics",
        ),
        _term(
            "Owns the slip",
            "my mistake|I misspoke|I should have|I mixed up|to clarify|let me correct",
            1,
            "acknowledgement",
        ),
    ),
}

#: What costs points in any follow-up: dodging the question that was asked.
AVOID: tuple[RubricTerm, ...] = (
    _term(
        "Dodges the question",
        "hard to say|it's complicated|it depends|I don't remember|can't really say"
        "|not my area|no idea",
        2,
    ),
    _term(
        "Hides behind the team",
        "team effort|we all did it|everyone chipped in|collectively|it was all of us"
        "|can't take credit",
        1,
    ),
)


def follow_up_question(
    parent: Question, position: int, opening: Opening, *, variant: int = 0
) -> Question:
    """The follow-up to the answer at `position` (1-based) of `parent`, pressing on `opening`."""
    wordings = PROMPTS[opening.trigger]
    prompt = wordings[variant % len(wordings)].format(
        quote=opening.quote, earlier=opening.earlier or "something else"
    )
    return Question(
        id=f"{parent.id}{FOLLOW_UP_SUFFIX}",
        prompt=prompt,
        category=parent.category,
        bank_id=parent.bank_id,
        time_limit=min(parent.time_limit, FOLLOW_UP_TIME_LIMIT),
        persona=parent.persona,
        tags=("follow-up", opening.trigger),
        rubric=RUBRICS[opening.trigger],
        avoid=AVOID,
        source=QuestionSource(
            kind=FOLLOW_UP_KIND,
            exchange=parent.source.exchange,
            quote=opening.quote,
            follows=position,
            trigger=opening.trigger,
        ),
        claims=parent.claims,
        asked_by=parent.asked_by,
    )


def is_follow_up(question: Question) -> bool:
    return question.source.kind == FOLLOW_UP_KIND


def is_follow_up_id(question_id: str) -> bool:
    """Whether a stored question id is a follow-up's (for views that have only the id)."""
    return question_id.endswith(FOLLOW_UP_SUFFIX)
