"""Notes written as prose: who was met, what was asked and answered, what never came up.

Not everyone writes `Q:`/`A:`. "Łukasz started with the usual tell me about yourself. I went
through Amazon (3 yrs as area manager) and then Clipper" is an exchange too: an asking cue
("X asked", "started with", "a question about", "something about") opens it, a speaking cue
("I said", "I talked about", "told him") starts the answer, and what follows until the next
question belongs to it, except remarks about the interviewer ("She laughed"), which become
its note and reaction. People are read where the notes introduce them ("Met Dana Cole (CTO)",
"Jürgen Schäfer is Head of Product Design", "the partner Ngozi Adeyemi"), topics from
"Didn't get to: …", "salary wasn't discussed, neither was …", "they didn't mention …".
Everything read here is a guess the import preview shows. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from callback_sim.core.claims import split_sentences
from callback_sim.core.debrief import Person
from callback_sim.core.names import TITLE_VOCAB, UPPER, name_shape
from callback_sim.core.said import EMOJI_RE, second_person

_NAME = (
    rf"(?P<name>[{UPPER}][\w'\u2019.-]+(?:\s+(?:van|von|de|da|del|der|di|du|la|le|bin|al)"
    rf")?(?:\s+[{UPPER}][\w'\u2019.-]+){{1,2}})"
)
_NAME_RE = re.compile(_NAME)
_TITLE_AFTER = (
    re.compile(r"^\s*\((?P<t>[^)]*)\)"),
    re.compile(r"^\s*,\s+(?:who\s+is\s+|she's\s+|he's\s+)?(?:an?\s+|the\s+)?(?P<t>[^,.;()]+)"),
    re.compile(r"^\s+(?:is|was)\s+(?:the\s+|an?\s+|our\s+)?(?P<t>[^,.;()]+)"),
    re.compile(
        r"^(?:\s+first)?\s+[—–-]+\s+(?:she's|he's|they're)\s+(?:the\s+|an?\s+)?(?P<t>[^,.;()—–-]+)"
    ),
    re.compile(r"^\s+from\s+(?P<t>HR|[A-Z][\w&]+)"),
)
_MET_BEFORE_RE = re.compile(
    r"(?:\bmet(?:\s+with)?|talked\s+to|spoke\s+(?:to|with)|(?:interview|call|chat)\s+with"
    r"|joined\s+by|person\s+was)\s+(?:briefly\s+)?(?:the\s+(?P<t>[a-z]+)\s+)?$"
    r"|\bthe\s+(?P<t2>partner|recruiter|director|manager|founder|cto|ceo|vp)\s+$",
    re.IGNORECASE,
)

# What opens an exchange in prose: someone asking, or a question being mentioned.
_ASK_RE = re.compile(
    rf"\b(?P<who>[{UPPER}][\w'\u2019-]+|he|she|they)\s+(?:also\s+|then\s+|only\s+|first\s+)?"
    r"(?:asked(?:\s+me)?(?:\s+to)?|started\s+with|opened\s+with|wanted\s+to\s+know|went\s+through)"
    r"(?:\s+one\s+thing:)?\s*"
    r"|^(?:then\s+|first\s+|and\s+|also\s+)?(?:a|an|some|one|another|there\s+was\s+an?)?\s*"
    r"(?:[\w-]+\s+){0,2}?(?:question|one|bit)\s+(?:about|on)\s+"
    r"|^(?:then\s+)?(?:an?\s+)?(?:[\w-]+\s+){1,2}question\b[.:]?\s*"
    r"|^(?:then\s+)?something\s+(?:about|like)\s+|\bthe\s+question\s+was\s+(?:along\s+the\s+lines"
    r"\s+of\s+|something\s+like\s+)?",
    re.IGNORECASE,
)
_SPEAK_RE = re.compile(
    r"(?:^|(?<=\s)|(?<=[—–-]))(?:I\s+(?:(?:kind|sort)\s+of\s+)?(?:said|told|talked|mentioned"
    r"|explained|went\s+through|admitted|answered|described|gave|waffled|rambled|replied)\b"
    r"|(?:said|told\s+(?:him|her|them))\b)",
    re.IGNORECASE,
)
_LEAD_WORDS = frozenset(("met", "with", "talked", "spoke", "saw", "interviewed", "then", "and"))
_NOT_NAMES = frozenset(("Then", "First", "Also", "And", "But", "So", "The", "I", "We", "It"))
# A sentence about how it went, not part of the answer.
_REMARK_RE = re.compile(
    rf"^(?:(?:he|she|they|[{UPPER}][\w'\u2019-]+)\s+(?:\w+ly\s+)?(?:seemed|laughed|liked|loved"
    r"|nodded|smiled|wrote|said|didn'?t|did|was|looked|agreed|frowned)\b"
    r"|(?:[Tt]hat|[Ii]t|[Tt]his)\s+(?:went|got|landed|didn'?t)\b|[Nn]ot\s+sure\s+how|which\s+got\b)",
)
_TOPIC_CUE_RE = re.compile(
    r"^(?:not\s+covered|didn'?t\s+(?:get\s+to|cover)|not\s+talked\s+about|never\s+got\s+to"
    r"|didn'?t\s+come\s+up|not\s+discussed)\b\s*[:\-–—]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NOT_DISCUSSED_RE = re.compile(
    r"^(?P<a>.+?)\s+(?:wasn'?t|was\s+not|weren'?t|were\s+not)\s+(?:discussed|covered|mentioned"
    r"|asked\s+about|talked\s+about)(?:\s+at\s+all)?(?:,?\s*neither\s+(?:was|were)\s+(?P<b>.+))?$"
    r"|^(?:they|he|she)\s+didn'?t\s+(?:mention|ask\s+about|cover|bring\s+up)\s+(?P<c>.+)$",
    re.IGNORECASE,
)


# A bullet that opens with the question and a dash before the answer.
_HEADED_RE = re.compile(
    r"^(?P<q>[^—–:]{3,60}?)\s*(?:[—–:]|\s-)\s*(?=(?:I\s+)?(?:said|told|talked|mentioned|explained)\b)",
    re.IGNORECASE,
)


@dataclass
class ProseExchange:
    """An exchange read from prose: the question as the notes put it, and what was said."""

    question: str
    answer: str = ""
    asked_by: str | None = None
    notes: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@dataclass
class ProseReading:
    """What one paragraph of prose notes gave."""

    people: list[Person] = field(default_factory=list)
    exchanges: list[ProseExchange] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    #: First names that asked a question but were never introduced ("Amara asked about …").
    guessed: list[str] = field(default_factory=list)


def _title(text: str) -> str:
    words = re.findall(r"[A-Za-z&]+", text.lower())
    return text.strip() if any(w in TITLE_VOCAB or w == "hr" for w in words) else ""


def people_in_prose(text: str, company: str = "") -> list[Person]:
    """The people a sentence introduces, with their titles when it gives them."""
    out: list[Person] = []
    for match in _NAME_RE.finditer(text):
        name = match.group("name")
        words = name.split()
        while words and words[0].lower() in _LEAD_WORDS:
            words = words[1:]  # "Met Łukasz Wiśniewski": the verb is not part of the name
        name = " ".join(words)
        if len(words) < 2 or not name_shape(name) or words[0] in _NOT_NAMES:
            continue
        if company and name.casefold() in company.casefold():
            continue
        title = ""
        for pattern in _TITLE_AFTER:
            after = pattern.match(text[match.end() :])
            if after and _title(after.group("t")):
                title = _title(after.group("t"))
                break
        before = _MET_BEFORE_RE.search(text[: match.start()])
        if before and not title:
            title = before.group("t") or before.group("t2") or ""
        if title or before:
            out.append(Person(name, title, ""))
    return out


def _topics(text: str) -> list[str]:
    """The topics of a list ("salary (I want ~€72k), accessibility research, or CI setup")."""
    bare = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", text)
    parts = re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+neither\s+(?:was|were)\s+|;", bare)
    out = []
    for part in parts:
        part = re.sub(r"\b(?:at\s+all|either|the\s+)", "", part.strip(" .!?")).strip(" .")
        if part and len(part.split()) <= 8:
            out.append(second_person(part))
    return out


def _question_text(text: str) -> str:
    """The question as the notes give it, as the interviewer would have put it."""
    quoted = re.search(r"[\"“]([^\"”]{8,})[\"”]", text)
    if quoted:  # the interviewer's own words, as the notes remember them
        words = quoted.group(1).strip(" ?.")
        return words[:1].upper() + words[1:]
    like = re.search(r"\b(?:something\s+like|along\s+the\s+lines\s+of)\s+", text, re.IGNORECASE)
    if like:
        text = text[like.end() :]
    text = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", text)
    text = re.sub(
        r"^(?:about\s+|me\s+|whether\s+|if\s+|the\s+usual\s+|something\s+like\s+|like\s+)+",
        "",
        text.strip(" ,;:—–-"),
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^(?:\(\d\)\s*)", "", text).strip(" ,;:—–-?.")
    text = re.sub(r"\s+(?:and|but|so|then)$", "", text)
    text = EMOJI_RE.sub("", text).strip(" ,;:—–-?.")
    text = second_person(text, mine_only=True)  # "why I want to leave", not "tell me"
    return text[:1].upper() + text[1:] if text else ""


def read_prose(text: str, *, company: str = "", known: tuple[str, ...] = ()) -> ProseReading:
    """One paragraph (or bullet) of prose notes: its people, exchanges and topics."""
    reading = ProseReading()
    current: ProseExchange | None = None
    first_names = {n.split()[0] for n in known}
    last_named: str | None = None
    pending: list[str] = []  # remarks before the question they are about ("… didn't land.")
    for sentence in split_sentences(text):
        topics = _TOPIC_CUE_RE.match(sentence)
        not_discussed = _NOT_DISCUSSED_RE.match(sentence)
        if topics:
            reading.topics += _topics(topics.group("rest"))
            current = None
            continue
        if not_discussed:
            groups = not_discussed.groupdict()
            for group in ("a", "b", "c"):
                if groups.get(group):
                    reading.topics += _topics(groups[group])
            current = None
            continue
        met = people_in_prose(sentence, company)
        reading.people += met
        first_names |= {p.name.split()[0] for p in met}
        # "Björn asked (1) why Pocketrail — I said … and (2) had I ever shipped Android — …"
        parts = re.split(r"\s*(?:\band\s+)?\(\d\)\s*", sentence)
        asker_of_parts: str | None = None
        for index, part in enumerate(p for p in parts if p.strip()):
            asks = list(_ASK_RE.finditer(part))
            speak = _SPEAK_RE.search(part)
            headed = _HEADED_RE.match(part) if index == 0 and current is None else None
            if headed and not asks:
                # "why leave — said I want to manage my own branch": a question, then the answer.
                current = ProseExchange(_question_text(headed.group("q")))
                reading.exchanges.append(current)
                current.answer = part[headed.end() :].strip()
                continue
            asks_before = [a for a in asks if speak is None or a.start() < speak.start()]
            if asks_before or (index and asker_of_parts is not None):
                ask = asks_before[-1] if asks_before else None
                who = ask.group("who") if ask is not None else asker_of_parts
                if who and who.split()[0] in _NOT_NAMES:
                    who = None
                start = ask.end() if ask is not None else 0
                end = speak.start() if speak else len(part)
                question = _question_text(part[start:end]) or _question_text(part)
                named = who if who and who[0].isupper() and who in first_names else None
                if named is None and who and who[0].isupper() and name_shape(who):
                    reading.guessed.append(who)  # someone the notes never introduced
                    first_names.add(who)
                    named = who
                if named is None and who and who.lower() in ("he", "she"):
                    named = last_named  # "She asked about testing": the one who just asked
                last_named = named or last_named
                current = ProseExchange(question, asked_by=named, remarks=pending)
                pending = []
                asker_of_parts = who
                reading.exchanges.append(current)
                if speak:
                    current.answer = part[speak.start() :].strip()
                continue
            if current is None:
                if re.search(r"\b(?:land(?:ed)?|went\s+(?:down\s+)?well)\b", part):
                    pending.append(part.strip())  # "I think the bit about agency didn't land."
                continue
            if _REMARK_RE.match(part.strip()):
                current.remarks.append(part.strip())
            elif not current.answer and speak is None:
                current.notes.append(part.strip())
            else:
                current.answer = f"{current.answer} {part.strip()}".strip()
    return reading
