"""Plain notes as people keep them, read into a debrief (docs/debrief-format.md, "Plain notes").

    Company: Acme Health
    Role: Senior Product Manager
    Round: phone screen, 2026-11-20
    Interviewer: Dana Cole, Director of Product (Product)
    Q: Tell me about a launch you led.
    A: I led the relaunch of our billing app.
    (they liked this)
    Not covered: budget, hiring

Markdown decoration (headings, bullets, bold keys) is ignored. Problems are reported all at
once as `path:line: message`; lines that are not understood are skipped and reported as
warnings, so the candidate sees what was read. Pure: `parse_notes(text, path)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from callback_sim.core.debrief import (
    Debrief,
    DebriefError,
    DebriefRound,
    Exchange,
    Person,
    parse_debrief,
    read_debrief_text,
)

#: File suffixes read as plain notes by `debrief import` (anything else is TOML).
NOTES_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".text")

_DECORATION_RE = re.compile(r"^(?:#{1,6}\s*|[-*+>]\s+|\d+[.)]\s+)+")
_KEY_RE = re.compile(
    r"^\**(?P<key>company|employer|role|position|job|round|interviewers?|met|people|"
    r"q|question|a|answer|asked\s+by|notes?|not\s+covered|uncovered|didn'?t\s+cover|"
    r"topics\s+not\s+covered)\b\s*(?P<who>\([^)]*\)|\[[^\]]*\])?\s*\**\s*[:.\-–—]?\**\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_BRACKET_RE = re.compile(r"^[(\[](?P<inside>[^)\]]*)[)\]]\s*$")
_TRAILING_BRACKET_RE = re.compile(r"\s*[(\[](?P<inside>[^)\]]*)[)\]]\s*$")
_ISO_DATE_RE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")

# How an answer landed, from the words in brackets; hesitation is read first so that
# "(didn't like it)" is not taken for "liked".
_HESITATED_RE = re.compile(
    r"hesitat|unsure|not\s+sure|paus|frown|worr|concern|skeptic|sceptic|pushed\s+back|"
    r"not\s+convinced|didn'?t\s+(?:like|buy|land)|awkward|doubt|confused|silence|"
    r"raised\s+an?\s+eyebrow|flat",
    re.IGNORECASE,
)
_RESONATED_RE = re.compile(
    r"liked|loved|resonat|nodded|impressed|smiled|laughed|enthusias|great|good|positive|"
    r"went\s+well|landed|excited|keen|interested",
    re.IGNORECASE,
)
_NEUTRAL_RE = re.compile(r"neutral|no\s+reaction|\bok\b|okay|fine|meh|hard\s+to\s+tell", re.I)
_NOTE_SPLIT_RE = re.compile(r"\s*(?::|;|\s[-–—]\s)\s*")


def reaction_of(text: str) -> str | None:
    """The reaction a bracketed note describes ("they liked this" -> resonated), or None."""
    if _HESITATED_RE.search(text):
        return "hesitated"
    if _RESONATED_RE.search(text):
        return "resonated"
    if _NEUTRAL_RE.search(text):
        return "neutral"
    return None


@dataclass
class _Draft:
    """An exchange being read: the line of its question and the fields so far."""

    line: int
    question: str
    answer: str | None = None
    answer_line: int = 0
    reaction: str = "neutral"
    asked_by: str | None = None
    asked_line: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _RoundDraft:
    line: int
    when: date | None = None
    kind: str = ""
    people: list[Person] = field(default_factory=list)
    exchanges: list[_Draft] = field(default_factory=list)


@dataclass(frozen=True)
class NotesReading:
    """What the notes gave: the debrief, and a warning per line that was skipped."""

    debrief: Debrief
    warnings: tuple[str, ...] = ()


def _person(text: str) -> Person:
    """ "Dana Cole, Director of Product (Product)" -> Person(name, title, department)."""
    department = ""
    trailing = _TRAILING_BRACKET_RE.search(text)
    if trailing:
        department = trailing.group("inside").strip()
        text = text[: trailing.start()]
    parts = re.split(r"\s*,\s*|\s+[-–—]\s+", text.strip(), maxsplit=1)
    title = parts[1].strip() if len(parts) > 1 else ""
    return Person(name=parts[0].strip(), title=title, department=department)


def _round_head(rest: str) -> tuple[date | None, str, str | None]:
    """ "2: panel, 2026-11-27" -> (date, kind, problem)."""
    when: date | None = None
    problem = None
    found = _ISO_DATE_RE.search(rest)
    if found:
        try:
            when = date.fromisoformat(found.group(1))
        except ValueError:
            problem = f"{found.group(1)!r} is not a real date; write it like 2026-11-20"
        rest = rest[: found.start()] + rest[found.end() :]
    kind = re.sub(r"^\s*(?:\d+|one|two|three|four|five)\b", "", rest, flags=re.IGNORECASE)
    kind = re.sub(r"[()\[\],:–—]|\s-\s", " ", kind)
    return when, " ".join(kind.split()), problem


def parse_notes(text: str, path: str = "<notes>") -> NotesReading:
    """The debrief in plain notes; DebriefError lists every problem as `path:line: message`."""
    errors: list[str] = []
    warnings: list[str] = []
    company = ""
    role = ""
    topics: list[str] = []
    rounds: list[_RoundDraft] = []
    current: _Draft | None = None
    field_name = ""  # what a continuation line adds to: "question", "answer", "notes"

    def error(line: int, message: str) -> None:
        errors.append(f"{path}:{line}: {message}")

    def this_round(line: int) -> _RoundDraft:
        if not rounds:
            rounds.append(_RoundDraft(line))
        return rounds[-1]

    def close(line: int) -> None:
        nonlocal current
        if current is not None and current.answer is None:
            error(current.line, "a question with no answer; add an `A:` line after it")
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        heading = raw.lstrip().startswith("#")
        line = _DECORATION_RE.sub("", raw.strip()).strip()
        if not line or re.fullmatch(r"[-=*_`~]{3,}", line):
            if field_name != "answer":
                field_name = ""
            continue
        bracket = _BRACKET_RE.match(line)
        if bracket:
            inside = bracket.group("inside").strip()
            if current is None or current.answer is None:
                error(number, f"{line} comes before any answer; put it after the `A:` line")
                continue
            reaction = reaction_of(inside)
            if reaction is None:
                error(
                    number,
                    f"cannot tell how {line} landed; write (hesitated), (they liked this) "
                    "or (neutral), and put other remarks on a `Note:` line",
                )
                continue
            current.reaction = reaction
            remark = _NOTE_SPLIT_RE.split(inside, maxsplit=1)
            if len(remark) == 2 and remark[1].strip():
                current.notes.append(remark[1].strip())
            continue
        key = _KEY_RE.match(line)
        name = re.sub(r"\s+", " ", key.group("key").lower()) if key else ""
        rest = key.group("rest").strip() if key else ""
        who = key.group("who") if key else None
        if name in ("company", "employer"):
            if not rest:
                error(number, "`Company:` needs the company's name after it")
            company = rest
        elif name in ("role", "position", "job"):
            role = rest
        elif name == "round":
            close(number)
            when, kind, problem = _round_head(rest)
            if problem:
                error(number, problem)
            if (
                rounds
                and not rounds[-1].exchanges
                and not rounds[-1].people
                and not rounds[-1].kind
            ):
                rounds.pop()  # an empty implicit round before the first heading
            rounds.append(_RoundDraft(number, when, kind))
        elif name in ("interviewer", "interviewers", "met", "people"):
            for part in (p for p in rest.split(";") if p.strip()):
                person = _person(part)
                if person.name:
                    this_round(number).people.append(person)
            if not rest:
                error(number, "`Interviewer:` needs a name, like `Interviewer: Dana Cole, CTO`")
        elif name in ("q", "question"):
            close(number)
            if not rest:
                error(number, "`Q:` needs the question after it")
                continue
            current = _Draft(number, rest)
            if who:
                current.asked_by = who.strip("()[] ")
                current.asked_line = number
            this_round(number).exchanges.append(current)
            field_name = "question"
        elif name in ("a", "answer"):
            if current is None:
                error(number, "an answer with no question before it; add a `Q:` line above it")
                continue
            if current.answer is not None:
                error(number, "a second `A:` for one question; join the two answers")
                continue
            trailing = _TRAILING_BRACKET_RE.search(rest)
            if trailing and reaction_of(trailing.group("inside")):
                current.reaction = reaction_of(trailing.group("inside")) or "neutral"
                rest = rest[: trailing.start()]
            current.answer = rest.strip()
            current.answer_line = number
            field_name = "answer"
        elif name == "asked by":
            if current is None:
                error(number, "`Asked by:` belongs after a `Q:` line")
                continue
            current.asked_by = rest
            current.asked_line = number
        elif name in ("note", "notes"):
            if current is None:
                warnings.append(f"{path}:{number}: warning: a note before any question, skipped")
                continue
            current.notes.append(rest)
            field_name = "notes"
        elif name in ("not covered", "uncovered", "didn't cover", "didnt cover"):
            close(number)
            topics += [t.strip() for t in re.split(r"[,;]", rest) if t.strip()]
        elif current is not None and field_name == "answer" and current.answer is not None:
            current.answer = f"{current.answer} {line}".strip()
        elif current is not None and field_name == "question" and current.answer is None:
            current.question = f"{current.question} {line}"
        elif current is not None and field_name == "notes":
            current.notes[-1] = f"{current.notes[-1]} {line}".strip()
        elif heading:
            continue  # a title of the notes, not something to read
        else:
            shown = line if len(line) <= 50 else line[:49] + "…"
            warnings.append(f"{path}:{number}: warning: not understood, skipped: {shown!r}")
    close(len(text.splitlines()))

    people = [p for r in rounds for p in r.people]
    by_name = {p.name.casefold(): p.name for p in people}
    for rnd in rounds:
        for ex in rnd.exchanges:
            if ex.answer is not None and not ex.answer:
                error(ex.answer_line, "`A:` needs your answer after it")
            if ex.asked_by:
                resolved = _resolve(ex.asked_by, by_name)
                if resolved is None:
                    met = ", ".join(p.name for p in people) or "nobody yet"
                    error(
                        ex.asked_line,
                        f"asked by {ex.asked_by!r}, who is not one of the people met ({met}); "
                        "add an `Interviewer:` line for them",
                    )
                ex.asked_by = resolved
            elif len(rnd.people) == 1:
                ex.asked_by = rnd.people[0].name  # one person in the round: they asked
    if not company:
        error(1, "no `Company:` line; add one like `Company: Acme Health` at the top")
    if not any(r.exchanges for r in rounds) and not topics:
        error(1, "no `Q:`/`A:` pairs and no `Not covered:` line: nothing to practise from")
    if errors:
        raise DebriefError(sorted(errors, key=_line_of))
    debrief = Debrief(
        company=company,
        role=role,
        rounds=tuple(
            DebriefRound(
                date=r.when,
                kind=r.kind,
                people=tuple(r.people),
                exchanges=tuple(
                    Exchange(
                        question=e.question.strip(),
                        answer=e.answer or "",
                        reaction=e.reaction,
                        asked_by=e.asked_by,
                        notes=" ".join(e.notes).strip() or None,
                    )
                    for e in r.exchanges
                ),
            )
            for r in rounds
        ),
        uncovered=tuple(dict.fromkeys(topics)),
        path=path,
    )
    return NotesReading(debrief, tuple(warnings))


def _line_of(message: str) -> int:
    match = re.search(r":(\d+): ", message)
    return int(match.group(1)) if match else 0


def _resolve(name: str, by_name: dict[str, str]) -> str | None:
    """The full name of someone met from a name or an unambiguous first name."""
    wanted = name.strip().casefold()
    if wanted in by_name:
        return by_name[wanted]
    first = [full for key, full in by_name.items() if key.split()[0] == wanted]
    return first[0] if len(first) == 1 else None


def describe_debrief(debrief: Debrief) -> list[str]:
    """What was understood, line by line: rounds, people, exchanges with reactions, topics."""
    from callback_sim.core.claims import extract_claims

    lines = [f"Company: {debrief.company}" + (f" — {debrief.role}" if debrief.role else "")]
    ignore = [p.name for p in debrief.people()] + [debrief.company]
    n = 0
    for number, rnd in enumerate(debrief.rounds, start=1):
        head = ", ".join(x for x in (rnd.kind, rnd.date.isoformat() if rnd.date else "") if x)
        lines.append(f"Round {number}" + (f": {head}" if head else ""))
        for person in rnd.people:
            about = ", ".join(x for x in (person.title, person.department) if x)
            lines.append(f"  met {person.name}" + (f" ({about})" if about else ""))
        for exchange in rnd.exchanges:
            n += 1
            lines.append(f'  {n}. Q: "{exchange.question}"')
            who = f", asked by {exchange.asked_by}" if exchange.asked_by else ""
            claims = extract_claims(exchange.answer, ignore=ignore)
            shown = ", ".join(c.text for c in claims if c.kind not in ("decision", "ownership"))
            lines.append(
                f"     {exchange.reaction}{who}; {len(exchange.answer.split())} words"
                + (f"; figures and names: {shown}" if shown else "")
            )
            if exchange.notes:
                lines.append(f"     note: {exchange.notes}")
    if debrief.uncovered:
        lines.append(f"Not covered: {', '.join(debrief.uncovered)}")
    return lines


def is_notes_file(path: Path) -> bool:
    """Whether `debrief import` reads this file as plain notes (by its suffix) or as TOML."""
    return path.suffix.lower() in NOTES_SUFFIXES


def load_debrief_file(path: Path) -> NotesReading:
    """A debrief from a TOML file or, for .md/.txt files, from plain notes."""
    text = read_debrief_text(path)
    if is_notes_file(path):
        return parse_notes(text, str(path))
    return NotesReading(parse_debrief(text, path))
