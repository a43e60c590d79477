"""The callback prep kit: a start plan, references and questions to ask, per company.

Pure logic only: the models, the kit TOML format (docs/prep-kit.md), the Markdown brief,
briefing notes for references, warnings for references not yet briefed, and the rubric
terms that make practice check an answer against the candidate's own plan and list.
Storage lives in `callback_sim.store.kit`; the CLI in `callback_sim.cli.kit`.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from callback_sim.core.askcheck import AskCheck, classify_question
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import Question, RubricTerm, Score, TermResult
from callback_sim.core.tomlcheck import TomlChecker as _Checker
from callback_sim.core.tomlcheck import read_text
from callback_sim.core.tomlcheck import syntax_error as _syntax_error
from callback_sim.core.tomlcheck import type_name as _type_name
from callback_sim.core.tomlpos import DataPath, locate_lines, too_deep_message

#: Sections of a kit file; a re-import replaces only the sections the file has.
SECTIONS: tuple[str, ...] = ("plan", "transition", "references", "questions")

_TOP_KEYS = ("company", "plan", "transition", "references", "questions")
_COMPANY_KEYS = ("name", "role", "next_round")
_PLAN_KEYS = ("day30", "day60", "day90", "people", "skills", "information_needed")
_TRANSITION_KEYS = ("notice_period", "handover", "earliest_start")
_REFERENCE_KEYS = (
    "name",
    "relationship",
    "company",
    "contact",
    "highlights",
    "projects",
    "briefed_on",
    "jd_sent",
)
_QUESTIONS_KEYS = ("ask",)

#: Tags that mark a start-plan question as being about leaving the current job.
TRANSITION_TAGS: frozenset[str] = frozenset(
    {"transition", "notice period", "notice_period", "notice", "handover", "start date"}
)
#: Tags that mark a start-plan question as the 30/60/90-day plan question.
PLAN_TAGS: frozenset[str] = frozenset(
    {"30-60-90", "30/60/90", "306090", "first 90 days", "90 days", "plan", "goals"}
)
#: Tags that mark a start-plan question as being about what the candidate still needs.
NEEDS_TAGS: frozenset[str] = frozenset(
    {"skills", "learning", "information", "information needed", "ramp-up", "ramp up"}
)
_PLAN_PROMPT = re.compile(
    r"\b30\b.*\b60\b.*\b90\b|30/60/90|first (?:90|ninety|hundred|100) days|"
    r"first (?:three|3) months|first (?:few )?(?:weeks|months)",
    re.IGNORECASE | re.DOTALL,
)
_TRANSITION_PROMPT = re.compile(
    r"notice period|\bnotice\b|hand ?over|handoff|start date|when (?:can|could) you start|"
    r"current (?:job|role|employer)|transition|loose ends",
    re.IGNORECASE,
)
_NEEDS_PROMPT = re.compile(
    r"skills?|learn|still need|information|get up to speed|ramp", re.IGNORECASE
)


class KitError(CallbackSimError):
    """A kit file that cannot be used; `errors` holds each problem as `path:line: message`."""

    def __init__(self, errors: tuple[str, ...] | list[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__("\n".join(self.errors))


# -- models ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """Leaving the current job: notice period, what to hand over, the earliest start date."""

    notice_period: str = ""  # as the candidate says it: "four weeks"
    handover: tuple[str, ...] = ()
    earliest_start: str = ""  # an ISO date ("2027-01-11") or words ("early January")

    def is_empty(self) -> bool:
        return not (self.notice_period or self.handover or self.earliest_start)

    def start_date(self) -> date | None:
        """The earliest start as a date when it was given as one."""
        try:
            return date.fromisoformat(self.earliest_start.strip())
        except ValueError:
            return None


@dataclass(frozen=True)
class StartPlan:
    """How the candidate adds value from day one: goals by horizon, people, skills, gaps."""

    day30: tuple[str, ...] = ()
    day60: tuple[str, ...] = ()
    day90: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # people to meet
    skills: tuple[str, ...] = ()  # skills to acquire
    information_needed: tuple[str, ...] = ()
    transition: Transition = field(default_factory=Transition)

    def horizons(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        return ((30, self.day30), (60, self.day60), (90, self.day90))

    def has_goals(self) -> bool:
        return bool(self.day30 or self.day60 or self.day90)

    def is_empty(self) -> bool:
        return (
            not (self.has_goals() or self.people or self.skills or self.information_needed)
            and self.transition.is_empty()
        )


@dataclass(frozen=True)
class Reference:
    """Someone who may be called mid-process, and what they should be reminded of."""

    name: str
    relationship: str = ""  # "my manager at Globex, 2021-2024"
    company: str = ""
    contact: str = ""  # email or phone, as the candidate writes it
    highlights: tuple[str, ...] = ()  # skills and qualities to stress
    projects: tuple[str, ...] = ()  # projects or examples they saw first-hand
    briefed_on: date | None = None
    jd_sent: bool = False  # the job description was sent to them


@dataclass(frozen=True)
class Kit:
    """Everything the candidate prepares for one company's callback day."""

    company: str
    role: str = ""
    next_round: date | None = None
    plan: StartPlan = field(default_factory=StartPlan)
    references: tuple[Reference, ...] = ()
    questions: tuple[str, ...] = ()  # questions to ask the interviewers
    updated_at: str | None = None  # UTC ISO 8601, set by the store

    @property
    def key(self) -> str:
        return company_key(self.company)

    def to_record(self) -> dict[str, Any]:
        """The kit as plain JSON data (dates as ISO strings), for storage and scripts."""
        plan = self.plan
        return {
            "company": self.company,
            "role": self.role,
            "next_round": self.next_round.isoformat() if self.next_round else None,
            "plan": {
                "day30": list(plan.day30),
                "day60": list(plan.day60),
                "day90": list(plan.day90),
                "people": list(plan.people),
                "skills": list(plan.skills),
                "information_needed": list(plan.information_needed),
            },
            "transition": {
                "notice_period": plan.transition.notice_period,
                "handover": list(plan.transition.handover),
                "earliest_start": plan.transition.earliest_start,
            },
            "references": [
                {
                    "name": r.name,
                    "relationship": r.relationship,
                    "company": r.company,
                    "contact": r.contact,
                    "highlights": list(r.highlights),
                    "projects": list(r.projects),
                    "briefed_on": r.briefed_on.isoformat() if r.briefed_on else None,
                    "jd_sent": r.jd_sent,
                }
                for r in self.references
            ],
            "questions": list(self.questions),
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Kit:
        plan = data.get("plan") or {}
        trans = data.get("transition") or {}

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            company=data["company"],
            role=data.get("role") or "",
            next_round=day(data.get("next_round")),
            plan=StartPlan(
                day30=tuple(plan.get("day30", ())),
                day60=tuple(plan.get("day60", ())),
                day90=tuple(plan.get("day90", ())),
                people=tuple(plan.get("people", ())),
                skills=tuple(plan.get("skills", ())),
                information_needed=tuple(plan.get("information_needed", ())),
                transition=Transition(
                    notice_period=trans.get("notice_period") or "",
                    handover=tuple(trans.get("handover", ())),
                    earliest_start=trans.get("earliest_start") or "",
                ),
            ),
            references=tuple(
                Reference(
                    name=r["name"],
                    relationship=r.get("relationship") or "",
                    company=r.get("company") or "",
                    contact=r.get("contact") or "",
                    highlights=tuple(r.get("highlights", ())),
                    projects=tuple(r.get("projects", ())),
                    briefed_on=day(r.get("briefed_on")),
                    jd_sent=bool(r.get("jd_sent", False)),
                )
                for r in data.get("references", ())
            ),
            questions=tuple(data.get("questions", ())),
            updated_at=data.get("updated_at"),
        )


def company_key(name: str) -> str:
    """The case-insensitive key a company's kit is stored under ("Acme  Health" = "acme health")."""
    return " ".join(name.split()).casefold()


# -- key phrases -----------------------------------------------------------------------------

# Function words and generic plan verbs: they split a goal into the phrases worth matching.
_STOPWORDS = frozenset(
    " ".join(
        (
            "a an the and or but nor of to in on at by for with from into onto over under about",
            "as than then so that this these those it its my our your their his her them they we i",
            "me you he she be is are was were been",
            "being am do does did doing done have has had having",
            "will would shall should can could may might must",
            "not no all any each every some most more",
            "other such own same very just also too only",
            "up out off down again further once both few",
            "how what which who whom when where why there here while during before after across",
            "per via within without between around through until against among",
            "meet meeting learn learning understand get",
            "getting make making set setting help helping",
            "start starting begin take taking know see find review reviewing deliver delivering",
            "complete completing finish finishing own run running lead leading establish identify",
            "improve define map draft write plan present propose agree align build create ship",
            "first second third next last new key main initial early",
            "day days week weeks month months made makes done gets",
            "cut reduce increase hand pass transfer wrap close document hire audit shadow",
            "talk sit attend join test fix migrate roll prepare publish share drive deliver",
        )
    ).split()
)
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'+#&.-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
_MAX_PHRASE_WORDS = 3


def _keep_single(word: str) -> bool:
    """A lone word is a key phrase when it is long enough or an acronym/number ("SQL", "Q3")."""
    return len(word) >= 4 or (len(word) >= 2 and (word.isupper() or any(c.isdigit() for c in word)))


def key_phrases(text: str, limit: int = 4) -> tuple[str, ...]:
    """The key noun phrases of a plan item, in text order: "Meet every account manager" ->
    ("account manager",). Runs of content words between function words, at most three words."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for place, match in enumerate(_WORD_RE.finditer(text)):
        word = match.group(0)
        low = word.lower()
        if low in _STOPWORDS or low.removesuffix("'s") in _STOPWORDS:
            if current:
                runs.append((start, current))
            current = []
            continue
        if not current:
            start = place
        current.append(word)
    if current:
        runs.append((start, current))
    phrases: list[tuple[int, str]] = []
    for start, run in runs:
        # A long run keeps its head: the last words name the thing ("customer support backlog").
        words = run[-_MAX_PHRASE_WORDS:]
        # A capitalised word inside the item is a name ("hand over to Sam"); keep it.
        named = start > 0 and words[0][:1].isupper()
        if len(words) == 1 and not (_keep_single(words[0]) or named):
            continue
        # A lone word opening the item is usually its verb ("Document the checklist").
        if len(words) == 1 and start == 0 and len(runs) > 1:
            continue
        phrase = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
        phrases.append((start, phrase))
        if len(words) == _MAX_PHRASE_WORDS:
            # The matcher wants the words in a row; the head pair alone still names the thing
            # when an answer reorders the modifier ("support tickets for billing").
            phrases.append(
                (start, " ".join(w.lower() if not w.isupper() else w for w in words[1:]))
            )
    # Prefer longer phrases when there are too many, then give them back in text order.
    ranked = sorted(range(len(phrases)), key=lambda i: (-len(phrases[i][1].split()), i))
    chosen = [phrases[i] for i in sorted(ranked[:limit])]
    return tuple(dict.fromkeys(p for _, p in chosen))


# -- notice periods and dates in the words people say ------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
}  # fmt: skip
_WORD_FOR = {n: w for w, n in _NUMBER_WORDS.items() if w not in ("a", "an")}
_DURATION_RE = re.compile(
    r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"
    r"[\s-]*(day|week|month)s?\b",
    re.IGNORECASE,
)


def duration_phrases(text: str) -> tuple[str, ...]:
    """Every way of saying the duration in `text`: "four weeks" -> ("4 weeks", "four weeks",
    "4-week", "four-week"); text with no duration gives its key phrases."""
    found = _DURATION_RE.search(text)
    if not found:
        return key_phrases(text)
    raw, unit = found.group(1).lower(), found.group(2).lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    word = _WORD_FOR.get(n)
    plural = f"{unit}s" if n != 1 else unit
    out = [f"{n} {plural}", f"{n}-{unit}"]
    if word:
        out += [f"{word} {plural}", f"{word}-{unit}"]
    if n == 1:
        out += [f"a {unit}"]
    if n == 2 and unit == "week":
        out.append("fortnight")
    return tuple(dict.fromkeys(out))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date_phrases(when: date) -> tuple[str, ...]:
    """Ways of saying a date aloud or in writing: "January 11", "11 January", "11th of January"."""
    month = when.strftime("%B")
    short = when.strftime("%b")
    d, nth = str(when.day), _ordinal(when.day)
    return (
        f"{month} {d}",
        f"{month} {nth}",
        f"{d} {month}",
        f"{nth} {month}",
        f"{nth} of {month}",
        f"{short} {d}",
        f"{d} {short}",
        when.isoformat(),
    )


# -- rubric terms from the kit -------------------------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _tags(question: Question) -> set[str]:
    return {t.strip().lower() for t in question.tags}


def is_transition_question(question: Question) -> bool:
    """A start-plan question about leaving the current job (notice, handover, start date).

    Tags decide when the question has any of TRANSITION_TAGS or PLAN_TAGS; the prompt otherwise.
    """
    tags = _tags(question)
    if tags & TRANSITION_TAGS:
        return True
    if tags & PLAN_TAGS:
        return False
    return bool(_TRANSITION_PROMPT.search(question.prompt))


def is_plan_question(question: Question) -> bool:
    """A start-plan question about the 30/60/90-day plan (tags first, then the prompt)."""
    tags = _tags(question)
    if tags & PLAN_TAGS:
        return True
    if tags & TRANSITION_TAGS:
        return False
    return bool(_PLAN_PROMPT.search(question.prompt))


def is_needs_question(question: Question) -> bool:
    """A start-plan question about the skills or information still needed."""
    return bool(_tags(question) & NEEDS_TAGS) or bool(_NEEDS_PROMPT.search(question.prompt))


def plan_terms(plan: StartPlan) -> tuple[RubricTerm, ...]:
    """One term per goal (its key phrases) plus one for the people to meet."""
    terms: list[RubricTerm] = []
    for days, goals in plan.horizons():
        for goal in goals:
            phrases = key_phrases(goal)
            if phrases:
                terms.append(RubricTerm(f"Your {days}-day goal: {_short(goal)}", phrases))
    people = tuple(dict.fromkeys(p for person in plan.people for p in _person_phrases(person)))
    if people:
        terms.append(RubricTerm("People you plan to meet", people))
    return tuple(terms)


def needs_terms(plan: StartPlan) -> tuple[RubricTerm, ...]:
    """One term per skill to acquire and per piece of information still needed."""
    terms: list[RubricTerm] = []
    for label, items in (
        ("Skill to acquire", plan.skills),
        ("Still to find out", plan.information_needed),
    ):
        for item in items:
            phrases = key_phrases(item)
            if phrases:
                terms.append(RubricTerm(f"{label}: {_short(item)}", phrases))
    return tuple(terms)


def transition_terms(transition: Transition) -> tuple[RubricTerm, ...]:
    """The notice period and start date as stated (weight 2 each), one term per handover item."""
    terms: list[RubricTerm] = []
    if transition.notice_period.strip():
        terms.append(
            RubricTerm(
                f"Your notice period: {_short(transition.notice_period)}",
                duration_phrases(transition.notice_period),
                weight=2.0,
            )
        )
    if transition.earliest_start.strip():
        when = transition.start_date()
        phrases = date_phrases(when) if when else duration_phrases(transition.earliest_start)
        if phrases:
            label = when.strftime("%d %B %Y").lstrip("0") if when else transition.earliest_start
            terms.append(RubricTerm(f"Your earliest start: {_short(label)}", phrases, weight=2.0))
    for item in transition.handover:
        phrases = key_phrases(item)
        if phrases:
            terms.append(RubricTerm(f"Handover: {_short(item)}", phrases))
    return tuple(terms)


def _add_terms(question: Question, terms: tuple[RubricTerm, ...]) -> Question:
    """The question with `terms` appended to its rubric (labels already there are not repeated)."""
    have = {t.label for t in question.rubric}
    # The kit's terms are the candidate's own plan: saying them is the point, not stuffing.
    new = tuple(replace(t, personal=True) for t in terms if t.label not in have)
    return replace(question, rubric=question.rubric + new) if new else question


def apply_plan_to_question(question: Question, plan: StartPlan) -> Question:
    """A start-plan question whose rubric also checks the candidate's own plan.

    30/60/90 questions get the goals and people to meet; transition questions (tags
    "transition" / "notice period") the notice period, start date and handover items;
    skills questions the skills and information still needed. Other questions are returned
    unchanged.
    """
    if question.category != "start_plan":
        return question
    terms: list[RubricTerm] = []
    if is_plan_question(question):
        terms.extend(plan_terms(plan))
    if is_transition_question(question):
        terms.extend(transition_terms(plan.transition))
    if is_needs_question(question) and not is_transition_question(question):
        terms.extend(needs_terms(plan))
    return _add_terms(question, tuple(terms))


_PERSON_RE = re.compile(r"\s*([^(,–—]*)(.*)", re.DOTALL)


def _person_phrases(name: str) -> tuple[str, ...]:
    """A person as they might be named in an answer.

    A proper name ("Dana Cole") gives the full name, first name and surname; a role ("the
    support team lead") its key phrases; text in brackets or after a comma ("(Director of
    Product)") is a title and counts as written.
    """
    found = _PERSON_RE.match(name)
    base = " ".join(found.group(1).split()) if found else " ".join(name.split())
    title = " ".join(re.sub(r"[()]", " ", found.group(2) if found else "").split()).strip(" ,–—")
    parts = base.split()
    out: list[str] = []
    if parts and all(p[:1].isupper() for p in parts):
        out.append(base)
        if len(parts) >= 2:
            out += [parts[0], parts[-1]]
    else:
        out += list(key_phrases(base))
    if title:
        out.append(title)
    return tuple(dict.fromkeys(p for p in out if p))


def reference_terms(references: tuple[Reference, ...] | list[Reference]) -> tuple[RubricTerm, ...]:
    """For each reference: a term for naming them and one for what they will speak to."""
    terms: list[RubricTerm] = []
    for ref in references:
        names = _person_phrases(ref.name)
        if names:
            terms.append(RubricTerm(f"Names {ref.name}", names))
        said = tuple(
            dict.fromkeys(p for item in (*ref.highlights, *ref.projects) for p in key_phrases(item))
        )
        if said:
            terms.append(RubricTerm(f"What {ref.name} will speak to", said, weight=1.5))
    return tuple(terms)


def apply_references_to_question(
    question: Question, references: tuple[Reference, ...] | list[Reference]
) -> Question:
    """A references question whose rubric checks the candidate's own reference list."""
    if question.category != "references":
        return question
    return _add_terms(question, reference_terms(references))


def apply_kit_to_question(question: Question, kit: Kit | None) -> Question:
    """The question made kit-aware (start plan or references); unchanged without a kit."""
    if kit is None:
        return question
    question = apply_plan_to_question(question, kit.plan)
    return apply_references_to_question(question, kit.references)


# -- references: warnings and briefing notes ---------------------------------------------------


def unbriefed_warnings(
    references: tuple[Reference, ...] | list[Reference],
    next_round_date: date | None,
    today: date,
) -> list[str]:
    """One line per reference not briefed (or not sent the job description) before the next
    round; nothing when no round is coming."""
    if next_round_date is None or next_round_date < today:
        return []
    days = (next_round_date - today).days
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    round_at = f"the next round is {when} ({next_round_date.isoformat()})"
    out: list[str] = []
    for ref in references:
        if ref.briefed_on is None:
            out.append(
                f"{ref.name} is not briefed yet and {round_at}: send them the briefing note "
                "and the job description."
            )
        elif not ref.jd_sent:
            out.append(f"{ref.name} has not been sent the job description and {round_at}.")
    return out


def _bullets(items: tuple[str, ...] | list[str], indent: str = "") -> list[str]:
    return [f"{indent}- {item}" for item in items]


def briefing_note(reference: Reference, company: str, role: str) -> str:
    """An email to copy to a reference: the role, what to highlight, the examples they saw.

    Nothing is sent; the candidate pastes it into their own mail client.
    """
    first = reference.name.split()[0] if reference.name.split() else reference.name
    position = f"the {role} role at {company}" if role else f"a role at {company}"
    lines = [
        f"Subject: Reference for {role + ' at ' if role else ''}{company}",
        "",
        f"Hi {first},",
        "",
        f"Thank you again for agreeing to be a reference. I'm in the final rounds for "
        f"{position}, and they may contact you in the next few days.",
    ]
    if reference.highlights:
        lines += [
            "",
            "What matters most for this role, and what I'd be grateful if you could speak to:",
        ]
        lines += _bullets(reference.highlights)
    if reference.projects:
        lines += ["", "Examples you saw first-hand that show it:"]
        lines += _bullets(reference.projects)
    lines += [
        "",
        # Not sent yet: the note must not claim an attachment the user may never add.
        "I'll send you the job description so you can see what they're looking for."
        if not reference.jd_sent
        else "You have the job description from my earlier email.",
        "If it helps to talk any of this through before they call, I'm happy to.",
        "",
        "Thank you so much,",
    ]
    return "\n".join(lines) + "\n"


# -- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    """One line of user text made safe inside a Markdown list item."""
    return " ".join(text.split()).replace("|", "\\|")


def plan_markdown(plan: StartPlan, heading: str = "## Start plan") -> str:
    """The start plan and transition plan as Markdown (the plan's own export)."""
    lines = [heading, ""]
    # Sub-headings sit one level below `heading`, whatever level the caller chose.
    sub = "#" * (len(heading) - len(heading.lstrip("#")) + 1)
    for days, goals in plan.horizons():
        lines.append(f"{sub} First {days} days")
        lines += _bullets([_md(g) for g in goals]) if goals else ["- (no goals yet)"]
        lines.append("")
    for title, items in (
        ("People to meet", plan.people),
        ("Skills to acquire", plan.skills),
        ("Information still needed", plan.information_needed),
    ):
        lines.append(f"{sub} {title}")
        lines += _bullets([_md(i) for i in items]) if items else ["- (none yet)"]
        lines.append("")
    t = plan.transition
    lines += [f"{sub} Transition plan", ""]
    lines.append(f"- **Notice period:** {_md(t.notice_period) or '(not set)'}")
    lines.append(f"- **Earliest start date:** {_md(t.earliest_start) or '(not set)'}")
    lines.append("- **Handover:**" + ("" if t.handover else " (nothing listed)"))
    lines += _bullets([_md(h) for h in t.handover], indent="  ")
    return "\n".join(lines).rstrip() + "\n"


def _ref_status(ref: Reference) -> str:
    briefed = f"briefed {ref.briefed_on.isoformat()}" if ref.briefed_on else "not briefed yet"
    jd = "job description sent" if ref.jd_sent else "job description not sent"
    return f"{briefed}; {jd}"


def render_brief(kit: Kit, today: date, checks: dict[str, AskCheck] | None = None) -> str:
    """The whole kit as one Markdown brief to take into the callback day.

    Questions to ask carry their tone label (and a curious rewording when needed);
    references not yet briefed are flagged when a round is coming.
    """
    title = f"# Callback prep kit: {_md(kit.company)}"
    lines = [title, ""]
    if kit.role:
        lines.append(f"- **Role:** {_md(kit.role)}")
    lines.append(
        f"- **Next round:** {kit.next_round.isoformat() if kit.next_round else '(not set)'}"
    )
    lines.append(f"- **Prepared:** {today.isoformat()}")
    lines.append("")
    lines.append(plan_markdown(kit.plan, "## Start plan").rstrip())
    lines += ["", "## References", ""]
    warnings = unbriefed_warnings(kit.references, kit.next_round, today)
    for warning in warnings:
        lines.append(f"> **Warning:** {_md(warning)}")
    if warnings:
        lines.append("")
    if not kit.references:
        lines.append("(no references yet)")
    for ref in kit.references:
        lines += [f"### {_md(ref.name)}", ""]
        for label, value in (
            ("Relationship", ref.relationship),
            ("Company", ref.company),
            ("Contact", ref.contact),
        ):
            if value:
                lines.append(f"- **{label}:** {_md(value)}")
        lines.append(f"- **Status:** {_ref_status(ref)}")
        if ref.highlights:
            lines.append("- **Highlight:**")
            lines += _bullets([_md(h) for h in ref.highlights], indent="  ")
        if ref.projects:
            lines.append("- **Saw first-hand:**")
            lines += _bullets([_md(p) for p in ref.projects], indent="  ")
        lines.append("")
    lines += ["## Questions to ask", ""]
    if not kit.questions:
        lines.append("(no questions yet)")
    for question in kit.questions:
        check = (checks or {}).get(question) or classify_question(question)
        label = "curious" if check.tone == "curious" else "due diligence"
        lines.append(f"- {_md(question)} — *{label}*")
        if check.tone == "due_diligence":
            if check.reasons:
                lines.append(f"  - Why: {_md(check.reasons[0])}")
            if check.suggestion:
                lines.append(f"  - Try instead: {_md(check.suggestion)}")
    return "\n".join(lines).rstrip() + "\n"


# -- the kit TOML file -------------------------------------------------------------------------


@dataclass(frozen=True)
class KitFile:
    """A parsed kit file and which of its SECTIONS it wrote (a re-import replaces only those)."""

    kit: Kit
    sections: frozenset[str]
    #: [company] keys present besides name: a re-import keeps a stored role or date otherwise.
    company_keys: frozenset[str] = frozenset()


def _day(check: _Checker, table: dict[str, Any], at: DataPath, key: str, where: str) -> date | None:
    """A TOML local date or an ISO date string; anything else is reported."""
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, str) else _type_name(value)
    check.error((*at, key), f"{where}: {key} must be a day like 2027-01-11, not {shown}")
    return None


def _table(check: _Checker, data: dict[str, Any], key: str, hint: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        check.error((key,), f"{key} must be a table ([{key}]{hint}), not {_type_name(value)}")
        return None
    return value


def _list(
    check: _Checker, table: dict[str, Any], at: DataPath, key: str, where: str
) -> tuple[str, ...]:
    found = check.strings(table, at, key, where, non_empty=False)
    return tuple(dict.fromkeys(" ".join(s.split()) for s in found or ()))


def _plan(check: _Checker, data: dict[str, Any]) -> StartPlan:
    table = _table(check, data, "plan", " with day30 = [...]") or {}
    at: DataPath = ("plan",)
    check.table_keys(table, at, _PLAN_KEYS, "[plan]")

    def items(key: str) -> tuple[str, ...]:
        return _list(check, table, at, key, "[plan]")

    return StartPlan(
        day30=items("day30"),
        day60=items("day60"),
        day90=items("day90"),
        people=items("people"),
        skills=items("skills"),
        information_needed=items("information_needed"),
    )


def _transition(check: _Checker, data: dict[str, Any]) -> Transition:
    table = _table(check, data, "transition", ' with notice_period = "..."') or {}
    at: DataPath = ("transition",)
    check.table_keys(table, at, _TRANSITION_KEYS, "[transition]")
    notice = check.text(table, at, "notice_period", "[transition]", blank=True) or ""
    handover = _list(check, table, at, "handover", "[transition]")
    start = ""
    if "earliest_start" in table and isinstance(table["earliest_start"], date):
        when = _day(check, table, at, "earliest_start", "[transition]")
        start = when.isoformat() if when else ""
    else:
        start = check.text(table, at, "earliest_start", "[transition]", blank=True) or ""
    return Transition(notice_period=notice.strip(), handover=handover, earliest_start=start.strip())


def _references(check: _Checker, data: dict[str, Any]) -> tuple[Reference, ...]:
    out: list[Reference] = []
    seen: set[str] = set()
    for index, table in enumerate(check.tables(data, (), "references")):
        at: DataPath = ("references", index)
        where = f"reference {index + 1}"
        check.table_keys(table, at, _REFERENCE_KEYS, where)
        check.missing_keys(table, at, ("name",), where)
        name = check.text(table, at, "name", where)
        texts = {
            key: (check.text(table, at, key, where, blank=True) or "").strip()
            for key in ("relationship", "company", "contact")
        }
        highlights = _list(check, table, at, "highlights", where)
        projects = _list(check, table, at, "projects", where)
        briefed = _day(check, table, at, "briefed_on", where)
        jd_sent = check.flag(table, at, "jd_sent", where)
        if name is None:
            continue
        name = " ".join(name.split())
        if name.casefold() in seen:
            check.error((*at, "name"), f"{where}: {name!r} is listed twice; keep one entry")
            continue
        seen.add(name.casefold())
        out.append(
            Reference(
                name=name,
                highlights=highlights,
                projects=projects,
                briefed_on=briefed,
                jd_sent=jd_sent,
                **texts,
            )
        )
    return tuple(out)


def parse_kit(text: str, path: str | Path = "<kit>") -> KitFile:
    """The kit in `text` (read from `path`, which messages name); raises KitError with every
    problem as `path:line: message`."""
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KitError([_syntax_error(name, text, exc)]) from None
    except RecursionError:
        raise KitError([too_deep_message(name)]) from None
    check = _Checker(name, locate_lines(text))
    check.table_keys(data, (), _TOP_KEYS, "file")

    company: str | None = None
    role = ""
    next_round: date | None = None
    company_keys: frozenset[str] = frozenset()
    head = data.get("company")
    if head is None:
        check.error((), 'missing [company] table (it needs at least name = "...")')
    elif not isinstance(head, dict):
        check.error(("company",), f"company must be a table ([company]), not {_type_name(head)}")
    else:
        check.table_keys(head, ("company",), _COMPANY_KEYS, "[company]")
        check.missing_keys(head, ("company",), ("name",), "[company]")
        company = check.text(head, ("company",), "name", "[company]")
        role = (check.text(head, ("company",), "role", "[company]", blank=True) or "").strip()
        next_round = _day(check, head, ("company",), "next_round", "[company]")
        company_keys = frozenset(k for k in head if k in ("role", "next_round"))

    plan = _plan(check, data)
    transition = _transition(check, data)
    references = _references(check, data)
    asked: tuple[str, ...] = ()
    questions = _table(check, data, "questions", " with ask = [...]")
    if questions is not None:
        check.table_keys(questions, ("questions",), _QUESTIONS_KEYS, "[questions]")
        asked = _list(check, questions, ("questions",), "ask", "[questions]")

    errors = check.messages()
    if errors or company is None:
        raise KitError(errors or [f"{name}:1: missing company name"])
    kit = Kit(
        company=" ".join(company.split()),
        role=role,
        next_round=next_round,
        plan=replace(plan, transition=transition),
        references=references,
        questions=asked,
    )
    return KitFile(
        kit=kit,
        sections=frozenset(s for s in SECTIONS if s in data),
        company_keys=company_keys,
    )


def load_kit_file(path: Path) -> KitFile:
    """The kit in the file at `path`; unreadable or invalid files raise KitError."""
    return parse_kit(read_text(path, "a kit file", KitError), path)


def merge_kit(existing: Kit | None, incoming: KitFile) -> Kit:
    """The kit after a re-import: sections the file has replace the stored ones, the rest stay."""
    new = incoming.kit
    if existing is None:
        return new
    plan = existing.plan
    if "plan" in incoming.sections:
        plan = replace(new.plan, transition=plan.transition)
    if "transition" in incoming.sections:
        plan = replace(plan, transition=new.plan.transition)
    return Kit(
        company=new.company,
        role=new.role if "role" in incoming.company_keys else existing.role,
        next_round=new.next_round if "next_round" in incoming.company_keys else existing.next_round,
        plan=plan,
        references=new.references if "references" in incoming.sections else existing.references,
        questions=new.questions if "questions" in incoming.sections else existing.questions,
        updated_at=existing.updated_at,
    )


def _string(value: str) -> str:
    """A TOML basic string: JSON escaping is valid TOML, except that DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _array(items: tuple[str, ...]) -> str:
    if not items:
        return "[]"
    return "[\n" + "".join(f"  {_string(i)},\n" for i in items) + "]"


def dump_kit(kit: Kit) -> str:
    """The kit as TOML in the documented layout; `parse_kit` of it gives an equal kit."""
    plan, t = kit.plan, kit.plan.transition
    lines = ["[company]", f"name = {_string(kit.company)}"]
    if kit.role:
        lines.append(f"role = {_string(kit.role)}")
    if kit.next_round:
        lines.append(f"next_round = {kit.next_round.isoformat()}")
    lines += ["", "[plan]"]
    for key in _PLAN_KEYS:
        lines.append(f"{key} = {_array(getattr(plan, key))}")
    lines += ["", "[transition]", f"notice_period = {_string(t.notice_period)}"]
    lines.append(f"handover = {_array(t.handover)}")
    when = t.start_date()
    lines.append(f"earliest_start = {when.isoformat() if when else _string(t.earliest_start)}")
    for ref in kit.references:
        lines += ["", "[[references]]", f"name = {_string(ref.name)}"]
        for key in ("relationship", "company", "contact"):
            value = getattr(ref, key)
            if value:
                lines.append(f"{key} = {_string(value)}")
        lines.append(f"highlights = {_array(ref.highlights)}")
        lines.append(f"projects = {_array(ref.projects)}")
        if ref.briefed_on:
            lines.append(f"briefed_on = {ref.briefed_on.isoformat()}")
        lines.append(f"jd_sent = {'true' if ref.jd_sent else 'false'}")
    lines += ["", "[questions]", f"ask = {_array(kit.questions)}"]
    return "\n".join(lines) + "\n"


# -- scoring practice answers with the kit ------------------------------------------------------

#: Share of the content score that comes from curiosity on "What questions do you have?".
CURIOSITY_SHARE = 0.5
_QUESTIONS_TO_ASK_PROMPT = re.compile(
    r"questions? (?:do you have|for (?:us|me|the team|them))|anything (?:you'd like|to ask)|"
    r"what would you like to (?:ask|know)",
    re.IGNORECASE,
)


def is_questions_to_ask_question(question: Question) -> bool:
    """A curiosity question inviting the candidate's questions ("What questions do you have?")."""
    if question.category != "curiosity":
        return False
    tags = _tags(question)
    return "questions to ask" in tags or bool(_QUESTIONS_TO_ASK_PROMPT.search(question.prompt))


def _span(sentence: str, answer: str) -> tuple[int, int] | None:
    at = answer.find(sentence)
    return (at, at + len(sentence)) if at >= 0 else None


def score_questions_answer(
    question: Question,
    answer: str,
    *,
    seconds: float | None = None,
    time_limit: int | None = None,
) -> Score:
    """Score an answer to "What questions do you have for us?": rubric and curiosity blended.

    Content = (1 - CURIOSITY_SHARE) x rubric coverage + CURIOSITY_SHARE x the curiosity score
    of `score_questions_to_ask` (all curiosity when the question has no rubric). Each curious
    question appears as a matched "Curious question" term and each due-diligence question as
    a matched avoid term, with the question itself as evidence, so every point is traceable.
    """
    from callback_sim.core.askcheck import CURIOUS_TARGET, score_questions_to_ask
    from callback_sim.core.scoring import score_answer, total_score

    base = score_answer(question, answer, seconds=seconds, time_limit=time_limit)
    curiosity = score_questions_to_ask(answer)
    curious = [q for q in curiosity.questions if q.check.tone == "curious"]
    due = [q for q in curiosity.questions if q.check.tone == "due_diligence"]
    slots: list[TermResult] = []
    for index in range(max(CURIOUS_TARGET, len(curious))):
        asked = curious[index] if index < len(curious) else None
        slots.append(
            TermResult(
                label=f"Curious question {index + 1}",
                weight=1.0,
                matched=asked is not None,
                evidence=asked.text if asked else None,
                phrase=asked.check.matches[0].evidence if asked and asked.check.matches else None,
                span=_span(asked.text, answer) if asked else None,
            )
        )
    penalties = tuple(
        TermResult(
            label=f"Due-diligence question ({q.check.matches[0].reason})"
            if q.check.matches
            else "Due-diligence question",
            weight=1.0,
            matched=True,
            evidence=q.text,
            phrase=q.check.matches[0].evidence if q.check.matches else None,
            span=_span(q.text, answer),
        )
        for q in due
    )
    if base.delivery.words == 0:
        content = 0.0
    elif question.rubric:
        content = round(
            (1 - CURIOSITY_SHARE) * base.content_score + CURIOSITY_SHARE * curiosity.score, 1
        )
    else:
        content = curiosity.score
    feedback = (*curiosity.feedback[:2], *base.feedback)[:3]
    return replace(
        base,
        score=total_score(content, base.delivery_score),
        content_score=content,
        terms=base.terms + tuple(slots),
        avoid=base.avoid + penalties,
        feedback=feedback,
    )


def score_kit_answer(
    question: Question,
    answer: str,
    kit: Kit | None = None,
    *,
    seconds: float | None = None,
    time_limit: int | None = None,
) -> Score:
    """Score a practice answer with the company's kit: the plan and references added to the
    rubric, and curiosity counted on "What questions do you have for us?"."""
    from callback_sim.core.assess import assess_answer

    asked = apply_kit_to_question(question, kit)
    if is_questions_to_ask_question(asked):
        return score_questions_answer(asked, answer, seconds=seconds, time_limit=time_limit)
    return assess_answer(asked, answer, seconds=seconds, time_limit=time_limit)
