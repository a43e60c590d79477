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


@dataclass(frozen=True)
class Premise:
    """One premise-shaped phrase of a prompt: the words, where they start, what they assert."""

    text: str
    start: int
    reason: str


def find_premises(prompt: str) -> tuple[Premise, ...]:
    """Every phrase of `prompt` that asserts what the candidate said, did or was asked.

    Questions put to the candidate ("Have you told them about this role?") are not premises.
    """
    found: list[Premise] = []
    for pattern, reason in PREMISE_PATTERNS:
        for match in pattern.finditer(prompt):
            if match.groupdict().get("aux"):
                continue
            start = match.start()
            if any(p.start <= start < p.start + len(p.text) for p in found):
                continue
            found.append(Premise(match.group(0).strip(), start, reason))
    return tuple(sorted(found, key=lambda p: p.start))


def has_premise(prompt: str) -> bool:
    """Whether `prompt` states something the candidate said or did (see `find_premises`)."""
    return bool(find_premises(prompt))


#: Quoted spans of a prompt: straight or curly double quotes.
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”")


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
