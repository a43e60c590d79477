"""Premises: a question stating what the candidate said or did, or what round one covered.

A callback interviewer may repeat back what the candidate said, but only what they really
said. A bank question asked without a debrief ("In round one you said you prefer to move
fast") invents a premise the candidate then has to defend. `find_premises` spots the
phrasings that assert such a fact; seeding fills them only from the candidate's own words,
and `bank validate` warns about unseeded prompts that use them. Pure and offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callback_sim.core.debrief import Debrief
    from callback_sim.core.models import Question

_REPORTING_VERBS = (
    r"(?:said|told|mentioned|described|explained|claimed|stated|promised|admitted|asked"
    r"|gave|shared|noted|raised|brought\s+up|talked\s+about|walked\s+(?:us|me)\s+through"
    r"|pushed\s+back|called)"
)
#: An auxiliary before "you" makes it a question ("Have you told them?"), not a premise.
_AUXILIARY = (
    r"(?:have|has|had|did|do|does|would|could|should|will|can|may|might"
    r"|if|whether|time|suppose|imagine)"
)

#: (pattern, what it asserts): each phrasing that states a fact the candidate would have to own.
PREMISE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            rf"(?P<aux>\b{_AUXILIARY}\s+)?\byou(?:'ve|\s+have|'d|\s+had)?\s+{_REPORTING_VERBS}\b",
            re.IGNORECASE,
        ),
        "says what the candidate said",
    ),
    (
        re.compile(
            r"(?P<aux>\b(?:have|did|had)\s+)?\byou(?:'ve|\s+have)\s+(?:now\s+|already\s+)?"
            r"(?:heard|met|seen|been\s+told|asked)\b",
            re.IGNORECASE,
        ),
        "says what the candidate has heard or done in this process",
    ),
    (
        re.compile(
            r"\b(?:round[\s-](?:one|two|1|2)|(?:the\s+)?first\s+round|earlier\s+rounds?"
            r"|last\s+time)\b[^.?!]{0,40}?\b(?:didn't|did\s+not|never|barely|hardly|skipped"
            r"|missed|went\s+well|touched|covered|got\s+to)\b",
            re.IGNORECASE,
        ),
        "says what round one covered",
    ),
    (
        re.compile(
            r"\b(?:in|during|from)\s+round[\s-]one,?\s+(?:every|all|each|your|you)\b"
            r"|\byour\s+round[\s-]one\s+(?:story|stories|answers?|examples?|numbers|figures)\b",
            re.IGNORECASE,
        ),
        "refers to a round-one answer",
    ),
    (
        re.compile(
            r"\bthis\s+is\s+your\s+(?:first|second|third|fourth|fifth|\w+th)\s+"
            r"(?:conversation|interview|meeting|round)\b"
            r"|\bafter\s+(?:two|three|four|five|several)\s+(?:conversations|interviews|rounds)\b",
            re.IGNORECASE,
        ),
        "says how far the candidate's interviews have gone",
    ),
)


#: Quoted spans of a prompt: straight or curly double quotes.
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”")


@dataclass(frozen=True)
class Premise:
    """One premise-shaped phrase of a prompt: the words, where they start, what they assert."""

    text: str
    start: int
    reason: str
    #: The sentence of the prompt it is in, for messages.
    sentence: str = ""


def find_premises(prompt: str) -> tuple[Premise, ...]:
    """Every phrase of `prompt` that asserts what the candidate said, did or was asked.

    Questions put to the candidate ("Have you told them about this role?") are not premises,
    nor are the candidate's own words in quotes ("You said: \"it went well.\"" asserts only
    that they said it).
    """
    found: list[Premise] = []
    # Blank out quoted words, keeping every position, so only the interviewer's words count.
    masked = _QUOTED_RE.sub(lambda m: '"' + "_" * (len(m.group(0)) - 2) + '"', prompt)
    for pattern, reason in PREMISE_PATTERNS:
        for match in pattern.finditer(masked):
            if match.groupdict().get("aux"):
                continue
            start = match.start()
            if any(p.start <= start < p.start + len(p.text) for p in found):
                continue
            found.append(
                Premise(match.group(0).strip(), start, reason, _sentence_at(prompt, start))
            )
    return tuple(sorted(found, key=lambda p: p.start))


def _sentence_at(text: str, at: int) -> str:
    """The sentence of `text` holding character `at`."""
    start = max(text.rfind(mark, 0, at) for mark in ".?!") + 1
    ends = [i for i in (text.find(mark, at) for mark in ".?!") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def has_premise(prompt: str) -> bool:
    """Whether `prompt` states something the candidate said or did (see `find_premises`)."""
    return bool(find_premises(prompt))


def quoted_spans(prompt: str) -> tuple[str, ...]:
    """The text inside each pair of double quotes of `prompt`."""
    return tuple(m.group(1) or m.group(2) for m in _QUOTED_RE.finditer(prompt))


def _plain(text: str) -> str:
    """Lower case, curly quotes straightened, whitespace collapsed: for faithful-quote checks."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    return " ".join(text.split())


def is_faithful_quote(quote: str, source: str) -> bool:
    """Whether `quote` is the source's own words: a span of it, give or take the end mark."""
    core = _plain(quote).rstrip(" .!?…;:,")
    return bool(core) and core in _plain(source)


_ROUND_ONE_COVERAGE = "says what round one covered"


def unbacked_premise(question: Question, debrief: Debrief | None) -> str | None:
    """Why `question` states a premise its source does not back, or None when it is fine.

    A premise is backed only in a seeded question: each quoted span is the candidate's own
    words (or a round-one question) from `debrief`, a premise without a quote has a faithful
    source quote (or asks again for a figure of that exchange), and "round one never got to
    X" is said only of a topic the debrief lists as not covered.
    """
    premises = find_premises(question.prompt)
    if not premises:
        return None
    first = premises[0].text
    source = question.source
    if debrief is None or source.kind == "bank":
        return f"unseeded premise {first!r}"
    exchanges = [e for _, _, e in debrief.exchanges()]
    said = [e.answer for e in exchanges]
    texts = said + [e.question for e in exchanges]
    spans = quoted_spans(question.prompt)
    for span in spans:
        if not any(is_faithful_quote(span, text) for text in texts):
            return f"quote not in the debrief: {span!r}"
    reasons = {p.reason for p in premises}
    if source.kind == "uncovered":
        if (source.topic or "").casefold() not in {t.casefold() for t in debrief.uncovered}:
            return f"topic {source.topic!r} is not listed as not covered"
        if reasons - {_ROUND_ONE_COVERAGE}:
            return f"a topic probe asserts {first!r}"
        return None
    if _ROUND_ONE_COVERAGE in reasons:
        return "says what round one covered, outside a topic probe"
    if spans:
        return None
    if source.kind == "consistency" and source.exchange is not None:
        return None if 0 <= source.exchange < len(exchanges) else "no such exchange"
    if source.kind == "practice":
        return None if source.quote else f"practice premise {first!r} without a quote"
    if not any(is_faithful_quote(source.quote or "", text) for text in said):
        return f"premise {first!r} without a faithful source quote"
    return None
