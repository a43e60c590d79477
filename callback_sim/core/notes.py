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
    r"went\s+well|landed|excited|keen|interested|engaged|happy|agreed|enjoyed|warm|"
    r"pleased|thumbs\s+up|👍",
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
    reaction_line: int = 0  # where the reaction was written; 0 when none was
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


@dataclass
class _Remark:
    """A remark written where a name was expected, kept for the exchange it is about."""

    line: int
    text: str
    round: int
    position: int  # how many exchanges the round had when it was written


@dataclass(frozen=True)
class NotesReading:
    """What the notes gave: the debrief, and a warning per line that was skipped."""

    debrief: Debrief
    warnings: tuple[str, ...] = ()


# Words that make a line a remark about someone rather than their name ("seemed skeptical",
# "asked twice", "she was late"): verbs, pronouns and judgements people jot down.
def _words(text: str) -> tuple[str, ...]:
    """Word lists are written as one string so they stay readable."""
    return tuple(text.split())


_REMARK_WORDS = frozenset(
    _words(
        """seemed seems seem looked looks felt asked asks said says was were is are had has did
    didn't didnt kept wanted thought liked loved hated nodded smiled laughed pushed grilled
    interrupted took takes joined left arrived spent went came not no very really quite pretty
    super kind of nice friendly quiet cold warm late early tired busy rushed distracted
    skeptical sceptical sharp tough hard easy chill chatty great good bad lovely she he they
    her him them his their i we me my our it this that the a an about around whether twice
    again lot mostly also just only maybe probably"""
    )
)
# Lower-case parts of a name ("Ludwig van Beethoven", "Maria de la Cruz") and honorifics.
_NAME_PARTICLES = frozenset(_words("van von de da del della der den di du la le bin al el st"))
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z\u00C0-\u00DE][\w'\u2019.-]*|[A-Z]\.)$")
# Someone named only by their job ("the hiring manager", "a recruiter").
_ROLE_ONLY_RE = re.compile(
    r"^(?:the|a|an|some|their|our)?\s*(?:[\w-]+\s+){0,3}(?:manager|recruiter|engineer|director"
    r"|lead|head|vp|cto|ceo|founder|designer|partner|analyst|scientist|developer|pm)s?$",
    re.IGNORECASE,
)


def name_shape(text: str) -> bool:
    """Whether `text` is shaped like a person's name: one to four capitalised words.

    "Priya", "Dana Cole", "Dr. Amara Okafor", "Maria de la Cruz" are; a remark ("seemed
    skeptical about the on-call stuff", "Seemed nice") is not: it has a verb, a pronoun or a
    judgement, or starts in lower case.
    """
    tokens = text.split()
    if not 1 <= len(tokens) <= 4:
        return False
    for index, token in enumerate(tokens):
        bare = token.strip(",.;:!?\"'()")
        if not bare:
            return False
        if bare.lower() in _REMARK_WORDS:
            return False
        if index and bare.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(bare) or any(ch.isdigit() for ch in bare):
            return False
    return True


# Function words a title has too ("Director of Nursing", "Head of the Platform Team").
_TITLE_WORDS = frozenset(_words("of the a an about around kind it this that"))


def remark_shape(text: str) -> bool:
    """Whether `text` reads as a remark about someone (a clause with a verb or a judgement)."""
    words = re.findall(r"[\w']+", text.lower())
    cues = _REMARK_WORDS - _TITLE_WORDS
    return bool(words) and any(w in cues for w in words) and not name_shape(text)


@dataclass(frozen=True)
class _PersonReading:
    """One `Interviewer:` entry read: the person (if any) and a remark about them (if any)."""

    person: Person | None
    remark: str = ""
    guessed: str = ""  # how a lower-case or role-only entry was read, for the warning


def _person(text: str) -> Person:
    """ "Dana Cole, Director of Product (Product)" -> Person(name, title, department).

    A bracket is the department after a title ("Dana Cole, CTO (Engineering)") and the
    title when there is none ("Priya (eng manager)").
    """
    department = ""
    trailing = _TRAILING_BRACKET_RE.search(text)
    if trailing:
        department = trailing.group("inside").strip()
        text = text[: trailing.start()]
    parts = re.split(r"\s*,\s*|\s+[-\u2013\u2014]\s+", text.strip(), maxsplit=1)
    title = parts[1].strip() if len(parts) > 1 else ""
    if not title and department:
        title, department = department, ""
    return Person(name=parts[0].strip(), title=title, department=department)


def read_person(text: str) -> _PersonReading:
    """An `Interviewer:` entry: a name with its title, a remark, or a name and a remark.

    "Priya Shah, VP Ops" is a person; "seemed skeptical about the on-call stuff" a remark
    (no person); "Priya - seemed skeptical" both. "priya, eng manager" is read as Priya and
    "the hiring manager" as someone met whose name the notes do not give; both are guesses
    the caller warns about.
    """
    text = text.strip().rstrip(".")
    person = _person(text)
    name = person.name
    if name_shape(name):
        for field_name in ("title", "department"):
            value = getattr(person, field_name)
            if value and remark_shape(value) and len(value.split()) > 1:
                # "Priya - seemed skeptical": the part after the name is a remark about her.
                kept = Person(name, person.title if field_name == "department" else "", "")
                return _PersonReading(kept, value)
        return _PersonReading(person)
    if _ROLE_ONLY_RE.match(name) and not remark_shape(re.sub(r"^(?:the|a|an)\s+", "", name)):
        role = re.sub(r"^(?:the|a|an|some|their|our)\s+", "", name, flags=re.IGNORECASE)
        return _PersonReading(
            Person(f"the {role}", person.title or role, person.department),
            guessed=f"someone met whose name the notes do not give ({role})",
        )
    lowered = name.split()
    if 1 <= len(lowered) <= 2 and all(
        w.isalpha() and w.lower() not in _REMARK_WORDS for w in lowered
    ):
        fixed = " ".join(w[:1].upper() + w[1:] for w in lowered)
        return _PersonReading(
            Person(fixed, person.title, person.department), guessed=f"a name ({fixed})"
        )
    return _PersonReading(None, text)


# "Round 1 with Priya (eng manager) at Lumen Health": the people met, in a round's heading.
_NAMEWORD = r"[A-Z\u00C0-\u00DE][\w'\u2019.-]*"
_HEAD_NAME = rf"{_NAMEWORD}(?:\s+(?:{'|'.join(sorted(_NAME_PARTICLES))}\s+)?{_NAMEWORD}){{0,2}}"
_HEAD_PERSON = (
    rf"{_HEAD_NAME}(?:\s*\([^)]*\)|,\s*(?:an?\s+)?[a-z][\w -]*?(?=\s*(?:[,;)]|\band\b|$)))?"
)
_WITH_PEOPLE_RE = re.compile(
    rf"\b(?:with|w/)\s+(?P<people>{_HEAD_PERSON}(?:\s*(?:,|&|\band\b|\+)\s*{_HEAD_PERSON})*)"
)
# People in a heading are separated by "and", "&", "+" or a comma before a capital, outside
# the brackets that hold their titles.
_HEAD_SPLIT_RE = re.compile(r"(?:\s*(?:&|\band\b|\+)\s*|,\s*(?=[A-Z]))(?![^()]*\))")
_LENGTH_RE = re.compile(
    r"\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?|hours?|hrs?|h)\b|\b(?:an?|one|half\s+an?)\s+hours?\b",
    re.IGNORECASE,
)


def people_in_heading(text: str) -> tuple[list[Person], str]:
    """The people a round's heading names ("with Priya (eng manager)") and the rest of it."""
    found = _WITH_PEOPLE_RE.search(text)
    if not found:
        return [], text
    people: list[Person] = []
    for part in _HEAD_SPLIT_RE.split(found.group("people")):
        if not part.strip():
            continue
        person = _person(part)
        if name_shape(person.name):
            people.append(person)
    if not people:
        return [], text
    return people, text[: found.start()] + " " + text[found.end() :]


def _round_head(rest: str, company: str = "") -> tuple[date | None, str, str | None]:
    """ "2: panel, 2026-11-27" -> (date, kind, problem); how long it took and where are dropped."""
    when: date | None = None
    problem = None
    found = _ISO_DATE_RE.search(rest)
    if found:
        try:
            when = date.fromisoformat(found.group(1))
        except ValueError:
            problem = f"{found.group(1)!r} is not a real date; write it like 2026-11-20"
        rest = rest[: found.start()] + rest[found.end() :]
    rest = _LENGTH_RE.sub(" ", rest)
    if company:
        rest = re.sub(rf"\b(?:at|@)\s+{re.escape(company)}\b", " ", rest, flags=re.IGNORECASE)
    kind = re.sub(r"^\s*(?:\d+|one|two|three|four|five)\b", "", rest, flags=re.IGNORECASE)
    kind = re.sub(r"[()\[\],:\u2013\u2014]|\s-\s", " ", kind)
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
    remarks: list[_Remark] = []
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
            remark = _NOTE_SPLIT_RE.split(inside, maxsplit=1)
            short = reaction is not None and len(remark[0].split()) <= 6
            # What the interviewer said or did, maybe with what was said back ("she asked
            # for the turnover — I said about £2.1m"): that part belongs to the answer.
            rest = (remark[1] if len(remark) == 2 else "") if short else inside
            said_back = _SAID_BACK_RE.search(rest)
            note = rest[: said_back.start()].strip(" ,;:-–—") if said_back else rest.strip()
            if said_back:
                added = rest[said_back.start() :].strip(" ,;:-–—")
                current.answer = f"{_ended(current.answer)} {added}."
            if note:
                current.notes.append(note)
            if short:
                current.reaction = reaction or "neutral"
                current.reaction_line = number
                continue
            if reaction is not None:
                current.reaction = reaction
                current.reaction_line = number
            how = f"read as {reaction}" if reaction else "no reaction word in it, left neutral"
            added = "; what you said in it is added to the answer" if said_back else ""
            warnings.append(
                f"{path}:{number}: warning: {_shown(line)} kept as the interviewer's note "
                f"({how}){added}"
            )
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
            met, rest = people_in_heading(rest)
            when, kind, problem = _round_head(rest, company)
            if problem:
                error(number, problem)
            if (
                rounds
                and not rounds[-1].exchanges
                and not rounds[-1].people
                and not rounds[-1].kind
            ):
                rounds.pop()  # an empty implicit round before the first heading
            rounds.append(_RoundDraft(number, when, kind, people=met))
        elif name in ("interviewer", "interviewers", "met", "people"):
            for part in (p for p in rest.split(";") if p.strip()):
                reading = read_person(part)
                rnd = this_round(number)
                if reading.person is not None:
                    _meet(rnd.people, reading.person)
                    if reading.guessed:
                        warnings.append(
                            f"{path}:{number}: warning: guessed {_shown(part)} is "
                            f"{reading.guessed}; check the name"
                        )
                if reading.remark:
                    remarks.append(
                        _Remark(number, reading.remark, len(rounds) - 1, len(rnd.exchanges))
                    )
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
            rest = _take_reactions(rest, current, number)
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
            line = _take_reactions(line, current, number)
            # A bullet is a thought of its own; a wrapped line goes on with the sentence.
            bullet = bool(re.match(r"^\s*(?:[-*+]|\d+[.)])\s", raw))
            before = _ended(current.answer) if bullet else current.answer
            current.answer = f"{before} {line}".strip()
        elif current is not None and field_name == "question" and current.answer is None:
            current.question = f"{current.question} {line}"
        elif current is not None and field_name == "notes":
            current.notes[-1] = f"{current.notes[-1]} {line}".strip()
        elif heading:
            continue  # a title of the notes, not something to read
        else:
            warnings.append(f"{path}:{number}: warning: not understood, skipped: {_shown(line)}")
    close(len(text.splitlines()))
    warnings += _place_remarks(remarks, rounds, path)

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


# Where a remark in brackets turns to what the candidate said back.
_SAID_BACK_RE = re.compile(
    r"(?:^|[,;:\-–—]\s*|\s(?:and|so)\s+)\b(?=[Ii]\s+(?:said|explained|told|mentioned|answered"
    r"|replied|gave|talked)\b)"
)
_INLINE_BRACKET_RE = re.compile(r"[(\[](?P<inside>[^()\[\]]*)[)\]]")


def _take_reactions(text: str, draft: _Draft, line: int) -> str:
    """`text` without the reactions written in brackets inside it ("... (hesitated) ..."),
    which set the draft's reaction; other brackets (asides, figures) stay in the answer."""

    def take(match: re.Match[str]) -> str:
        inside = match.group("inside").strip()
        head = _NOTE_SPLIT_RE.split(inside, maxsplit=1)
        reaction = reaction_of(head[0]) if len(head[0].split()) <= 6 else None
        if reaction is None:
            return match.group(0)
        draft.reaction = reaction
        draft.reaction_line = line
        if len(head) == 2 and head[1].strip():
            draft.notes.append(head[1].strip())
        return " "

    return " ".join(_INLINE_BRACKET_RE.sub(take, text).split())


def _ended(text: str) -> str:
    """`text` ending a sentence, so what is added after it is not read as part of it."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…:;" else text + "."


def _meet(people: list[Person], person: Person) -> None:
    """Add someone met to a round, merging them with an entry for the same person
    ("Priya" from the heading and "Priya Shah, Engineering Manager" on an `Interviewer:` line)."""
    for index, known in enumerate(people):
        a, b = known.name.casefold().split(), person.name.casefold().split()
        if a == b or (a and b and (a[0] == b[0]) and (len(a) == 1 or len(b) == 1)):
            people[index] = Person(
                max(known.name, person.name, key=len),
                person.title or known.title,
                person.department or known.department,
            )
            return
    people.append(person)


def _shown(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 50 else text[:49] + "…")


_CONTENT_RE = re.compile(r"[a-z][a-z'-]{2,}")
_PLAIN_WORDS = frozenset(
    _words(
        "the and you your about with that this what have been did how why when stuff thing things "
        "asked seemed twice whether once again tell more"
    )
)


def _content(text: str) -> set[str]:
    words = _CONTENT_RE.findall(text.lower().replace("-", " ").replace("on call", "oncall"))
    return {w[:5] for w in words if w not in _PLAIN_WORDS and w not in _REMARK_WORDS}


def _place_remarks(remarks: list[_Remark], rounds: list[_RoundDraft], path: str) -> list[str]:
    """Each remark becomes a note on the exchange of its round it is most about (the words
    they share), else the next one, else the one before; a remark that reads as hesitation
    ("seemed skeptical") marks an exchange with no reaction of its own as hesitated."""
    warnings: list[str] = []
    for remark in remarks:
        exchanges = rounds[remark.round].exchanges if remark.round < len(rounds) else []
        shown = _shown(remark.text)
        if not exchanges:
            warnings.append(
                f"{path}:{remark.line}: warning: {shown} reads as a remark, not a name, and "
                "has no question to go with; skipped (put it on a `Note:` line)"
            )
            continue
        words = _content(remark.text)
        overlap = [len(words & _content(e.question + " " + (e.answer or ""))) for e in exchanges]
        best = max(overlap)
        target = overlap.index(best) if best else min(remark.position, len(exchanges) - 1)
        draft = exchanges[target]
        draft.notes.append(remark.text)
        read = ""
        if not draft.reaction_line and reaction_of(remark.text) == "hesitated":
            draft.reaction = "hesitated"
            draft.reaction_line = remark.line
            read = ", and read as hesitation"
        number = sum(len(r.exchanges) for r in rounds[: remark.round]) + target + 1
        warnings.append(
            f"{path}:{remark.line}: warning: {shown} reads as a remark, not a name; kept as "
            f"the note of question {number} ({_shown(draft.question)}){read}"
        )
    return warnings


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
