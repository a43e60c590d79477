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
from callback_sim.core.names import (
    LENGTH_RE,
    REMARK_WORDS,
    name_shape,
    people_in_heading,
    read_person,
    split_people,
    words_of,
)
from callback_sim.core.prose import read_prose
from callback_sim.core.said import passages, second_person

#: File suffixes read as plain notes by `debrief import` (anything else is TOML).
NOTES_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".text")

_DECORATION_RE = re.compile(r"^(?:#{1,6}\s*|[-*+>]\s+|\d+[.)]\s+)+")
_KEY_RE = re.compile(
    r"^\**(?P<key>company|employer|role|position|job|round|interviewers?|met|people|"
    r"q|question|a|answer|asked\s+by|notes?|not\s+covered|uncovered|didn'?t\s+cover|"
    r"topics\s+not\s+covered|not\s+talked\s+about|didn'?t\s+get\s+to|not\s+discussed)\b\s*"
    r"(?P<who>\([^)]*\)|\[[^\]]*\])?\s*\**\s*(?P<sep>[:.\-–—])?\**\s*(?P<rest>.*)$",
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
    r"went\s+(?:down\s+)?well|landed|excited|keen|interested|engaged|happy|agreed|enjoyed|warm|"
    r"pleased|thumbs\s+up|👍|seemed\s+to\s+like|into\s+it|got\s+a\s+laugh|laugh",
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
    prose: bool = False  # read from prose: who asked is a guess, never an error


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
_MONTH_NUMBERS = {
    m: i
    for i, names in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
    for m in (names,)
}
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "Nov 16", "16 Nov 2026", "Mon 16th Nov", "23/11", "27/11/26", "26.11.": a date as notes
# write it. Only one with a year becomes the round's date; the others are just taken out.
_SPELLED_DATE_RE = re.compile(
    rf"\b(?:{_WEEKDAY})?(?:the\s+)?(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:\s+(?P<y1>\d{{4}}))?"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y2>\d{4}))?"
    r"|(?P<d3>\d{1,2})[/.](?P<m3>\d{1,2})(?:[/.](?P<y3>\d{2,4}))?\.?"
    r"|(?P<d4>\d{1,2})(?:st|nd|rd|th)\b)"
    r"(?:\s*\((?:\d{4}|[a-z]+)\))?",
    re.IGNORECASE,
)


def _spelled_date(found: re.Match[str]) -> date | None:
    """The date a spelled-out match names, when it gives the year; None otherwise."""
    groups = found.groupdict()
    year = groups.get("y1") or groups.get("y2") or groups.get("y3")
    if not year:
        return None
    month_name = (groups.get("month") or groups.get("month2") or "").lower()[:3]
    month = _MONTH_NUMBERS.get(month_name) or int(groups.get("m3") or 0)
    day = int(groups.get("d1") or groups.get("d2") or groups.get("d3") or 0)
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None


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
    rest = LENGTH_RE.sub(" ", rest)
    spelled = _SPELLED_DATE_RE.search(rest)
    if spelled:
        if when is None:
            when = _spelled_date(spelled)
        rest = rest[: spelled.start()] + " " + rest[spelled.end() :]
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

    prose: list[tuple[int, str]] = []  # the paragraph being read as prose

    def flush() -> None:
        """Read the prose paragraph collected so far (see core/prose.py)."""
        if not prose:
            return
        first = prose[0][0]
        body = " ".join(line for _, line in prose)
        prose.clear()
        known = tuple(p.name for r in rounds for p in r.people)
        reading = read_prose(body, company=company, known=known)
        rnd = this_round(first)
        for person in reading.people:
            _meet(rnd.people, person)
        for name in reading.guessed:
            if not any(p.name.split()[0] == name for r in rounds for p in r.people):
                _meet(rnd.people, Person(name))
                warnings.append(
                    f"{path}:{first}: warning: guessed {name!r} is someone met (they asked a "
                    "question); add an `Interviewer:` line with their full name and title"
                )
        topics.extend(reading.topics)
        used = bool(reading.people or reading.topics)
        for found in reading.exchanges:
            if not found.answer.strip():
                warnings.append(
                    f"{path}:{first}: warning: read {_shown(found.question)} as a question but "
                    "found no answer to it, skipped; write it as `Q:` and `A:` lines"
                )
                continue
            used = True
            draft = _Draft(first, found.question, answer=found.answer, answer_line=first)
            draft.asked_by, draft.asked_line, draft.prose = found.asked_by, first, True
            draft.notes += found.notes + found.remarks
            # How it went: the remarks about the interviewer, then asides in the answer that
            # say how it landed ("which got a laugh", "didn't land").
            landed = [
                p.text
                for p in passages(found.answer)
                if p.voice == "aside" and _LANDED_RE.search(p.text)
            ]
            for remark in [*found.remarks, *landed]:
                if not draft.reaction_line and reaction_of(remark):
                    draft.reaction = reaction_of(remark) or "neutral"
                    draft.reaction_line = first
            rnd.exchanges.append(draft)
        if not used:
            warnings.append(f"{path}:{first}: warning: not understood, skipped: {_shown(body)}")

    for number, raw in enumerate(text.splitlines(), start=1):
        heading = raw.lstrip().startswith("#")
        line = _DECORATION_RE.sub("", raw.strip()).strip()
        # "**Q: walk us through one case study**": bold around a whole line is decoration.
        line = re.sub(r"\*\*|__", "", line).strip()
        if not line or re.fullmatch(r"[-=*_`~]{3,}", line):
            flush()
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
        if key and not key.group("sep") and not key.group("who"):
            # "a dispensing error question", "Met with Dana at …": prose, not a key. Only a
            # round heading needs no colon ("Round 1 with Priya").
            key = key if key.group("key").lower() == "round" else None
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
            heading_people, rest = people_in_heading(rest)
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
            rounds.append(_RoundDraft(number, when, kind, people=heading_people))
        elif name in ("interviewer", "interviewers", "met", "people"):
            for part in split_people(rest):
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
            leading = re.match(r"^[(\[](?P<who>[^)\]]{1,40})[)\]]\s*(?P<q>.+)$", rest)
            if not who and leading and name_shape(leading.group("who")):
                who, rest = leading.group("who"), leading.group("q")  # "Q: (Nadia) a time …"
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
        elif name in (
            "not covered",
            "uncovered",
            "didn't cover",
            "didnt cover",
            "not talked about",
            "didn't get to",
            "didnt get to",
            "not discussed",
        ):
            close(number)
            # "CIPD level (i'm level 7, should have mentioned it)": the bracket is a comment.
            bare = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", rest)
            bare = re.split(r"(?<=\w)[.!?]\s+", bare, maxsplit=1)[0]  # "… comp. Next step is …"
            topics += [
                second_person(t.strip(" ."))
                for t in re.split(r"[,;]|\s+/\s+", bare)
                if t.strip(" .")
            ]
        elif (
            current is not None
            and field_name == "answer"
            and current.answer is not None
            and _remark_line(line, rounds[-1].people if rounds else [])
        ):
            # "she asked about the rep elections", "gareth asked loads about flood modelling":
            # what the interviewer did, not what was answered, unless it goes on to what
            # was said back ("he asked what FCR was, i said around 70%").
            said_back = _SAID_BACK_RE.search(line)
            if said_back:
                current.answer = (
                    f"{_ended(current.answer)} {line[said_back.start() :].strip(' ,;:-–—')}"
                )
                line = line[: said_back.start()].strip(" ,;:-–—")
            current.notes.append(line)
            if not current.reaction_line and reaction_of(line):
                current.reaction = reaction_of(line) or "neutral"
                current.reaction_line = number
        elif re.match(r"^(?:with|w/)\s", line) and people_in_heading(line)[0]:
            for person in people_in_heading(line)[0]:
                _meet(this_round(number).people, person)
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
            if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", raw):
                flush()  # a bullet is a paragraph of its own
            prose.append((number, line))
            continue
        flush()
    close(len(text.splitlines()))
    flush()
    warnings += _place_remarks(remarks, rounds, path)

    people = [p for r in rounds for p in r.people]
    by_name = {p.name.casefold(): p.name for p in people}
    for rnd in rounds:
        for ex in rnd.exchanges:
            if ex.answer is not None and not ex.answer:
                error(ex.answer_line, "`A:` needs your answer after it")
            if ex.asked_by:
                resolved = _resolve(ex.asked_by, by_name)
                if resolved is None and ex.prose:
                    warnings.append(
                        f"{path}:{ex.line}: warning: {ex.asked_by} asked {_shown(ex.question)} "
                        "but is not among the people met; add an `Interviewer:` line for them"
                    )
                elif resolved is None:
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


# An aside that says how an answer landed, not what the candidate thinks of it.
_LANDED_RE = re.compile(
    r"\b(?:laugh\w*|nodded|smiled|land(?:ed)?|went\s+down|got\s+a|seemed|into\s+it|liked)\b",
    re.IGNORECASE,
)
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


def _remark_line(line: str, people: list[Person]) -> bool:
    """Whether a line under an answer is about the interviewer ("she asked ...", "Gareth
    seemed happy") rather than more of the answer."""
    names = [p.name.split()[0] for p in people if p.name.split()]
    subject = "|".join(["she", "he", "they", "interviewer", *map(re.escape, names)])
    return bool(
        re.match(
            rf"^(?:{subject})\s+(?:\w+ly\s+)?(?:seemed|said|asked|liked|loved|nodded|laughed"
            r"|smiled|wanted|pushed|probed|wrote|typed|agreed|didn'?t|did|was|looked|kept"
            r"|interrupted|frowned|moved|took|made|went|cut|prompted|mentioned|stated|told)\b",
            line,
            re.IGNORECASE,
        )
    )


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
    words_of(
        "the and you your about with that this what have been did how why when stuff thing things "
        "asked seemed twice whether once again tell more"
    )
)


def _content(text: str) -> set[str]:
    words = _CONTENT_RE.findall(text.lower().replace("-", " ").replace("on call", "oncall"))
    return {w[:5] for w in words if w not in _PLAIN_WORDS and w not in REMARK_WORDS}


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
    names = tuple(p.name for p in debrief.people())
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
            voices = passages(exchange.answer, names)
            claims = [
                c
                for p in voices
                if p.voice != "aside"
                for c in extract_claims(p.words, ignore=ignore)
            ]
            shown = ", ".join(c.text for c in claims if c.kind not in ("decision", "ownership"))
            lines.append(
                f"     {exchange.reaction}{who}; {len(exchange.answer.split())} words"
                + (f"; figures and names: {shown}" if shown else "")
            )
            reported = [p.text for p in voices if p.voice == "reported"]
            if reported:
                lines.append(
                    f"     reported speech (said back without quotes): {_listed(reported)}"
                )
            asides = [p.text for p in voices if p.voice == "aside"]
            if asides:
                lines.append(
                    f"     notes to yourself (never quoted or asked about): {_listed(asides)}"
                )
            if exchange.notes:
                lines.append(f"     note: {exchange.notes}")
    if debrief.uncovered:
        lines.append(f"Not covered: {', '.join(debrief.uncovered)}")
    return lines


def _listed(parts: list[str]) -> str:
    """Spans of an answer for the preview: each quoted, long ones shortened."""
    return "; ".join(_shown(p.strip(" .,;")) for p in parts)


def is_notes_file(path: Path) -> bool:
    """Whether `debrief import` reads this file as plain notes (by its suffix) or as TOML."""
    return path.suffix.lower() in NOTES_SUFFIXES


def load_debrief_file(path: Path) -> NotesReading:
    """A debrief from a TOML file or, for .md/.txt files, from plain notes."""
    text = read_debrief_text(path)
    if is_notes_file(path):
        return parse_notes(text, str(path))
    return NotesReading(parse_debrief(text, path))
