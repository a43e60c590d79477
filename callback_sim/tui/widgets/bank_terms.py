"""Rubric and avoid terms as editable lines: `+ Label (weight 2, required): phrase; phrase`.

A term that also names signals (docs/bank-format.md) ends its line with them:
`+ Explains the reasoning: because; so that [signals: reasoning, result]`; its wordings
(other ways people say it) come before them: `+ Disagreed: disagree [wordings: butt heads]`,
and its examples (whole sentences, compared by meaning) between the two:
`+ Owns it: I did [examples: Nobody else went down to the docks, so I did. | That call was mine.]`.

One line per term keeps the whole rubric of a question visible and editable at 80×24 with
ordinary text editing; `bank show` prints terms the same way. Value checks (empty phrases,
weights of 0) are left to the bank validator so the editor shows its exact messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from callback_sim.core.models import RubricTerm

_LINE_RE = re.compile(r"^([+-])\s*(.*?)\s*(?:\(([^()]*)\))?\s*:\s*(.*)$")
_WEIGHT_RE = re.compile(r"^(?:weight|w)\s*=?\s*(\S+)$", re.I)
_SIGNALS_RE = re.compile(r"\[\s*signals?\s*:\s*([^\[\]]*)\]\s*$", re.I)
_WORDINGS_RE = re.compile(r"\[\s*wordings?\s*:\s*([^\[\]]*)\]\s*$", re.I)
_EXAMPLES_RE = re.compile(r"\[\s*examples?\s*:\s*([^\[\]]*)\]\s*$", re.I)

HELP = (
    "+ Label (weight 2, required): phrase; phrase [signals: reasoning]  ·  "
    "- Avoid (weight 1): phrase"
)


@dataclass(frozen=True)
class ParsedTerms:
    """The rubric and avoid terms written in the editor, and the lines it could not read."""

    rubric: tuple[RubricTerm, ...]
    avoid: tuple[RubricTerm, ...]
    errors: tuple[str, ...] = ()


def _weight(value: float) -> str:
    return f"{value:g}"


def format_term(sign: str, term: RubricTerm) -> str:
    options = [f"weight {_weight(term.weight)}"]
    if term.required:
        options.append("required")
    line = f"{sign} {term.label} ({', '.join(options)}): " + "; ".join(term.phrases)
    if term.tags:
        line += (" " if term.phrases else "") + term.tags
    return line


def format_terms(rubric: Sequence[RubricTerm], avoid: Sequence[RubricTerm]) -> str:
    """Terms as editor lines: rubric terms (`+`) first, then avoid terms (`-`)."""
    lines = [format_term("+", t) for t in rubric] + [format_term("-", t) for t in avoid]
    return "\n".join(lines)


def parse_terms(text: str) -> ParsedTerms:
    """Read editor lines back into terms; blank lines and `#` comments are skipped."""
    rubric: list[RubricTerm] = []
    avoid: list[RubricTerm] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE_RE.match(line)
        if match is None:
            errors.append(
                f"terms line {number}: write '+ Label: phrase; phrase' (or '- Label: …' for "
                "what to avoid)"
            )
            continue
        sign, label, options, phrases = match.groups()
        weight: float = 1.0
        required = False
        for option in (options or "").split(","):
            option = option.strip()
            if not option:
                continue
            if option.lower() == "required":
                if sign == "-":
                    errors.append(
                        f"terms line {number}: 'required' only applies to rubric (+) terms"
                    )
                required = sign == "+"
                continue
            found = _WEIGHT_RE.match(option)
            if found is None:
                errors.append(
                    f"terms line {number}: unknown option {option!r} (use 'weight N' or 'required')"
                )
                continue
            try:
                weight = float(found.group(1))
            except ValueError:
                errors.append(f"terms line {number}: weight {found.group(1)!r} is not a number")
        if weight.is_integer():
            weight = int(weight)  # shown and saved as 2, not 2.0
        signals: tuple[str, ...] = ()
        named = _SIGNALS_RE.search(phrases)
        if named is not None:
            phrases = phrases[: named.start()]
            signals = tuple(
                dict.fromkeys(n.strip() for n in re.split(r"[,\s]+", named.group(1)) if n.strip())
            )
            if not signals:
                errors.append(
                    f"terms line {number}: name at least one signal in [signals: …] "
                    "or leave the brackets out"
                )
        examples: tuple[str, ...] = ()
        shown = _EXAMPLES_RE.search(phrases.rstrip())
        if shown is not None:
            phrases = phrases[: shown.start()]
            examples = tuple(e.strip() for e in shown.group(1).split("|") if e.strip())
        wordings: tuple[str, ...] = ()
        said = _WORDINGS_RE.search(phrases.rstrip())
        if said is not None:
            phrases = phrases[: said.start()]
            wordings = tuple(w.strip() for w in said.group(1).split(";") if w.strip())
        term = RubricTerm(
            label=label,
            phrases=tuple(p.strip() for p in phrases.split(";") if p.strip()),
            weight=weight,
            required=required,
            signals=signals,
            wordings=wordings,
            examples=examples,
        )
        (rubric if sign == "+" else avoid).append(term)
    return ParsedTerms(tuple(rubric), tuple(avoid), tuple(errors))
