"""People in notes: telling a name from a remark, and reading who was met from a line.

"Priya Shah, VP Ops", "Dr. Amara Okafor (Pharmacist)" and "Round 1 with Priya (eng manager)"
name people; "seemed skeptical about the on-call stuff" is a remark about one. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callback_sim.core.debrief import Person

_TRAILING_BRACKET_RE = re.compile(r"\s*[(\[](?P<inside>[^)\]]*)[)\]]\s*$")


def words_of(text: str) -> tuple[str, ...]:
    """Word lists are written as one string so they stay readable."""
    return tuple(text.split())


REMARK_WORDS = frozenset(
    words_of(
        """seemed seems seem looked looks felt asked asks said says was were is are had has did
    didn't didnt kept wanted thought liked loved hated nodded smiled laughed pushed grilled
    interrupted took takes joined left arrived spent went came not no very really quite pretty
    super kind of nice friendly quiet cold warm late early tired busy rushed distracted
    skeptical sceptical sharp tough hard easy chill chatty great good bad lovely she he they
    her him them his their i we me my our it this that the a an about around whether twice
    again lot mostly also just only maybe probably"""
    )
)
# Words of job titles and departments: "Talent Acquisition Partner" is not a name.
TITLE_VOCAB = frozenset(
    words_of(
        """manager director head lead partner engineer engineering recruiter recruiting talent
        acquisition officer president vp svp evp cto ceo cfo coo cpo cmo founder owner analyst
        designer developer scientist researcher consultant associate assistant senior junior
        principal staff chief executive product operations ops sales marketing finance people
        hr design data support customer success team group area regional general deputy
        matron nurse ward partner specialist coordinator administrator advisor adviser
        supervisor teacher headteacher chef sous pharmacist auditor accountant planner
        division department unit platform services office pm"""
    )
)
# Lower-case parts of a name ("Ludwig van Beethoven", "Maria de la Cruz") and honorifics.
_NAME_PARTICLES = frozenset(words_of("van von de da del della der den di du la le bin al el st"))
#: Capital letters of the Latin alphabets names are written in ("Łukasz", "Ōta", "Zoë").
UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isupper())
_NAME_TOKEN_RE = re.compile(rf"^(?:[{UPPER}][\w'\u2019.-]*|[A-Z]\.)$")
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
        if bare.lower() in REMARK_WORDS or bare.lower() in TITLE_VOCAB:
            return False
        if index and bare.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(bare) or any(ch.isdigit() for ch in bare):
            return False
    return True


# Function words a title has too ("Director of Nursing", "Head of the Platform Team").
_TITLE_WORDS = frozenset(words_of("of the a an about around kind it this that"))


def remark_shape(text: str) -> bool:
    """Whether `text` reads as a remark about someone (a clause with a verb or a judgement)."""
    words = re.findall(r"[\w']+", text.lower())
    cues = REMARK_WORDS - _TITLE_WORDS
    return bool(words) and any(w in cues for w in words) and not name_shape(text)


@dataclass(frozen=True)
class PersonReading:
    """One `Interviewer:` entry read: the person (if any) and a remark about them (if any)."""

    person: Person | None
    remark: str = ""
    guessed: str = ""  # how a lower-case or role-only entry was read, for the warning


def person_of(text: str) -> Person:
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
    if not department and "," in title:
        # "Matron, Medicine Division", "(Associate Director, Highways)": title, department.
        title, department = (part.strip() for part in title.rsplit(",", 1))
    return Person(name=parts[0].strip(), title=title, department=department)


def read_person(text: str) -> PersonReading:
    """An `Interviewer:` entry: a name with its title, a remark, or a name and a remark.

    "Priya Shah, VP Ops" is a person; "seemed skeptical about the on-call stuff" a remark
    (no person); "Priya - seemed skeptical" both. "priya, eng manager" is read as Priya and
    "the hiring manager" as someone met whose name the notes do not give; both are guesses
    the caller warns about.
    """
    text = text.strip().rstrip(".")
    person = person_of(text)
    name = person.name
    if name_shape(name):
        for field_name in ("title", "department"):
            value = getattr(person, field_name)
            if value and remark_shape(value) and len(value.split()) > 1:
                # "Priya - seemed skeptical": the part after the name is a remark about her.
                kept = Person(name, person.title if field_name == "department" else "", "")
                return PersonReading(kept, value)
        return PersonReading(person)
    if _ROLE_ONLY_RE.match(name) and not remark_shape(re.sub(r"^(?:the|a|an)\s+", "", name)):
        role = re.sub(r"^(?:the|a|an|some|their|our)\s+", "", name, flags=re.IGNORECASE)
        return PersonReading(
            Person(f"the {role}", person.title or role, person.department),
            guessed=f"someone met whose name the notes do not give ({role})",
        )
    lowered = name.split()
    if 1 <= len(lowered) <= 2 and all(
        w.isalpha() and w.lower() not in REMARK_WORDS for w in lowered
    ):
        fixed = " ".join(w[:1].upper() + w[1:] for w in lowered)
        return PersonReading(
            Person(fixed, person.title, person.department), guessed=f"a name ({fixed})"
        )
    return PersonReading(None, text)


# "Round 1 with Priya (eng manager) at Lumen Health": the people met, in a round's heading.
# Where the people of "with Dana Cole (CTO) + Sam Lee, 45 min video" end: a comma before
# a lower-case word or a figure, " at ", or a dash, outside brackets.
_WITH_RE = re.compile(r"\b(?:with|w/)\s+")
_PEOPLE_END_RE = re.compile(
    r"(?:,\s*(?=[a-z\d~])|\s+(?:at|@|for|on|about)\s+|\s+[-–—|]\s+|\s*$)(?![^()]*\))"
)
LENGTH_RE = re.compile(
    r"\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?|hours?|hrs?|h)\b|\b(?:an?|one|half\s+an?)\s+hours?\b",
    re.IGNORECASE,
)


_LIST_SPLIT_RE = re.compile(r"(?:\s*;\s*|\s+(?:&|\+|and)\s+)(?![^()]*\))")


def split_people(text: str) -> list[str]:
    """The entries of a list of people met: split at ";", "and", "&", "+" (outside brackets),
    and at a comma only where a name follows ("Dana Cole, CTO" is one person)."""
    out: list[str] = []
    for chunk in _LIST_SPLIT_RE.split(text):
        for piece in re.split(r",\s*(?![^()]*\))", chunk):
            head = re.split(r"\s*[(\-–—]", piece.strip(), maxsplit=1)[0]
            if out and not (name_shape(head) and len(head.split()) >= 2):
                out[-1] = f"{out[-1]}, {piece.strip()}"  # a title after the name
            elif piece.strip():
                out.append(piece.strip())
    return out


def people_in_heading(text: str) -> tuple[list[Person], str]:
    """The people a round's heading names ("with Priya (eng manager)") and the rest of it."""
    found = _WITH_RE.search(text)
    if not found or not re.match(rf"[{UPPER}]", text[found.end() :]):
        return [], text
    end = _PEOPLE_END_RE.search(text, found.end())
    stop = end.start() if end else len(text)
    people: list[Person] = []
    for part in split_people(text[found.end() : stop]):
        reading = read_person(part)
        if reading.person is not None and not reading.guessed:
            people.append(reading.person)
    if not people:
        return [], text
    return people, text[: found.start()] + " " + text[stop:]
