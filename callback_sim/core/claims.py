"""Claims worth pushing on, read from an earlier answer: figures, decisions, ownership, tools.

Pure, deterministic and offline: a handful of regular expressions in a fixed order, so the
same answer always yields the same claims. Each figure keeps its normalised value
("a dozen" -> 12, "$1.2M" -> 1200000, "three quarters" -> 9 months) and, where the sentence
says, what it measures ("cut churn by 12%" -> churn), so `core.seeding` can quote it back and
check later answers for drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from callback_sim.core.models import Claim

#: Claim kinds that carry a numeric value and can drift between answers.
FIGURE_KINDS: tuple[str, ...] = ("percent", "money", "team_size", "duration", "date", "number")
#: Named things: where the candidate worked, what they made, what they used.
NAME_KINDS: tuple[str, ...] = ("employer", "product", "tool")
#: Every claim kind, in the order a sentence is searched (earlier kinds win overlaps).
CLAIM_KINDS: tuple[str, ...] = (*FIGURE_KINDS, "decision", "ownership", *NAME_KINDS)


def _words(text: str) -> tuple[str, ...]:
    """Word lists are written as one string so they stay readable."""
    return tuple(text.split())


# -- numbers written as words ------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_VALUES: dict[str, int] = {**_UNITS, **_TENS}
_NUMBER_WORDS = sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True)

_W = r"(?:" + "|".join(_NUMBER_WORDS) + r")\b"
_WORDNUM = (
    r"(?:half\s+a\s+dozen|an?\s+dozen|a\s+couple(?:\s+of)?"
    r"|an?\s+(?:hundred|thousand|million|billion)\b"
    rf"|{_W}(?:[\s-]+(?:and[\s-]+)?{_W})*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
# Never glue a number to a neighbouring word, decimal point or currency sign.
_NB = r"(?<![\w.$€£¥])"


def words_to_number(text: str) -> float | None:
    """The value of a number in digits or words ("twenty-five", "a dozen", "1,200"), or None."""
    cleaned = text.strip().lower().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    if re.fullmatch(r"half\s+a\s+dozen", cleaned):
        return 6.0
    tokens = [t for t in re.split(r"[\s-]+", cleaned) if t and t not in ("and", "of")]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    for index, token in enumerate(tokens):
        if token in ("a", "an") and index == 0:
            current = 1
        elif token == "couple":
            current = 2
            seen = True
        elif token in _WORD_VALUES:
            current += _WORD_VALUES[token]
            seen = True
        elif token == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif token == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def format_number(value: float) -> str:
    """12.0 -> "12", 1.25 -> "1.25": how a normalised value is written back."""
    if value == int(value):
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -- the patterns, one per claim shape ------------------------------------------------------------

_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_MONEY_RE = re.compile(
    rf"(?P<cur>[$€£¥])\s?(?P<num>{_DIGITS})\s?(?P<mult>mm|bn|k|m|b|thousand|million|billion)?\b"
    rf"|{_NB}(?P<num2>{_NUM})\s?(?P<mult2>k|m|thousand|million|billion)?\s?"
    r"(?P<cur2>dollars|euros|pounds|usd|eur|gbp)\b",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    rf"{_NB}(?P<num>{_NUM})\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|pp\b)",
    re.IGNORECASE,
)
_FRACTIONS = {
    "half": 50.0,
    "third": 100 / 3,
    "quarter": 25.0,
    "fifth": 20.0,
    "tenth": 10.0,
}
# "three quarters" alone is a duration (nine months); only "three quarters of" is a fraction.
_FRACTION_RE = re.compile(
    r"\b(?P<frac>(?:(?:one|two|a)[\s-]thirds?|(?:one|two|three|four|a)[\s-]fifths?"
    r"|(?:one|three|a)[\s-]quarters?|(?:one|a)[\s-]tenth)(?=\s+of\b)"
    r"|two[\s-]thirds|(?<=\bby\s)(?:a|one)[\s-](?:third|quarter)"
    r"|half(?=\s+of\b)|(?<=\bby\s)half|(?<=\bin\s)half)",
    re.IGNORECASE,
)
_DELAY_RE = re.compile(
    r"\b(?:delay|delayed|push|pushed|slip|slipped|postpone|postponed|extend|extended|late|moved)\b",
    re.IGNORECASE,
)
_MULTIPLIER_VERBS = {
    "doubled": 2.0,
    "tripled": 3.0,
    "trebled": 3.0,
    "quadrupled": 4.0,
    "halved": 0.5,
}
_MULTIPLIER_RE = re.compile(
    r"\b(?P<verb>doubled|tripled|trebled|quadrupled|halved)\b"
    rf"|{_NB}(?P<num>{_DIGITS})\s?[x×](?![\w])"
    rf"|\b(?P<wnum>{_WORDNUM})\s+times\s+(?=(?:faster|more|higher|larger|bigger|better|"
    r"lower|cheaper|quicker|as)\b)",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE_RE = re.compile(
    rf"\b(?P<q>Q[1-4])(?:\s*(?:of\s+)?(?P<qy>{_YEAR}|'\d\d))?\b"
    rf"|\b(?P<h>H[12])\s+(?P<hy>{_YEAR})\b"
    rf"|\bFY\s?'?(?P<fy>\d\d(?:\d\d)?)\b"
    rf"|\b(?P<month>{_MONTHS})\.?\s+(?:of\s+)?(?P<my>{_YEAR})\b"
    rf"|\b(?:in|since|during|from|until|through|early|late|around|before|after|mid-?|"
    rf"end\s+of|start\s+of|spring|summer|fall|autumn|winter)\s*(?P<y>{_YEAR})\b(?![\d,.%])",
    re.IGNORECASE,
)
_DURATION_UNITS = {"day": 1 / 30, "week": 7 / 30, "month": 1.0, "quarter": 3.0, "year": 12.0}
_DURATION_RE = re.compile(
    rf"{_NB}(?P<num>{_NUM}|half\s+an?|an?)[\s-]+(?P<unit>days?|weeks?|months?|quarters?|years?)\b",
    re.IGNORECASE,
)
_PEOPLE = (
    r"(?:engineers|developers|devs|designers|people|persons|direct\s+reports|reports"
    r"|pms|product\s+managers|managers|analysts|data\s+scientists|scientists|researchers"
    r"|nurses|doctors|physicians|reps|salespeople|sellers|marketers|writers|testers"
    r"|contractors|staff|employees|folks|teammates|members|hires|recruiters|interns"
    r"|consultants|agents|specialists|associates|architects|technicians|teachers|volunteers"
    r"|pickers|packers|drivers|operators|workers|loaders|planners|cashiers|clerks|chefs|cooks"
    r"|carers|caregivers|therapists|pharmacists|accountants|auditors|lawyers|paralegals"
    r"|leads|heads|ics)\b"
)
_TEAM_RE = re.compile(
    rf"(?:\ban?\s+(?:[a-z-]+\s+)?)?\bteam\s+of\s+(?P<num>{_NUM})(?:\s+(?P<noun>{_PEOPLE}))?"
    rf"|{_NB}(?P<num2>{_NUM})[\s-]+(?:person|people|member|strong|engineer)[\s-]+team\b"
    rf"|{_NB}(?P<num3>{_NUM})\s+(?:(?!{_W})[a-z][a-z-]*\s+)?(?P<noun3>{_PEOPLE})",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(
    rf"{_NB}(?P<num>{_DIGITS})(?![\w%]|\.\d)|\b(?P<wnum>{_WORDNUM})(?=\s+[a-z-]+s\b)",
    re.IGNORECASE,
)
_ADVERB = r"(?:(?:\w+ly|then|finally|also|eventually|ultimately|quickly|just)\s+)?"
_DECISION_RE = re.compile(
    rf"\b(?:I|we)\s+{_ADVERB}(?:decided|chose|opted|picked|elected|settled\s+on|went\s+with"
    r"|made\s+the\s+(?:call|decision)|pushed\s+for|pushed\s+back|argued\s+(?:for|against)"
    r"|agreed\s+to|insisted\s+on|proposed|recommended|bet\s+on|committed\s+to)\b",
    re.IGNORECASE,
)
_OWNERSHIP_RE = re.compile(
    rf"\bI\s+{_ADVERB}(?:led|lead|built|owned|own|ran|run|managed|manage|drove|designed|created"
    r"|launched|founded|co-founded|architected|headed|spearheaded|shipped|started|set\s+up"
    r"|championed|rebuilt|wrote|established|initiated|introduced|implemented|delivered"
    r"|was\s+responsible\s+for|am\s+responsible\s+for|was\s+in\s+charge\s+of"
    r"|took\s+ownership\s+of)\b",
)
# A clause ends at punctuation or at a conjunction that starts a new thought.
_CLAUSE_END_RE = re.compile(
    r"[.;:!?](?!\d)|,\s|\s(?:because|but|so|which|while|although|though"
    r"|and\s+(?:I|we|then|the|our|my|it|they|he|she))\s",
    re.IGNORECASE,
)

# -- named tools and products ---------------------------------------------------------------------

_KNOWN_TOOLS = _words(
    "Kubernetes Docker Terraform Ansible AWS GCP Azure Postgres PostgreSQL MySQL "
    "MongoDB Redis Kafka RabbitMQ Snowflake BigQuery Redshift Databricks Spark "
    "Airflow dbt Looker Tableau Excel Jira Confluence Asana Notion Figma Sketch "
    "Salesforce HubSpot Marketo Zendesk Slack GitHub GitLab Jenkins CircleCI Datadog "
    "Splunk Grafana Prometheus Sentry Stripe Segment Amplitude Mixpanel Optimizely "
    "Python Java Rust TypeScript JavaScript React Angular Vue Django Rails Flask "
    "Swift Kotlin Scala SQL GraphQL SAP Oracle Workday NetSuite QuickBooks Shopify "
    "Twilio OpenAI ChatGPT LaunchDarkly iOS Android Elasticsearch Lambda Heroku "
    "Vercel"
)
_TOOLS_BY_LOWER = {tool.lower(): tool for tool in _KNOWN_TOOLS}
# Capitalised words that are not products: titles, departments, calendar words, acronyms.
_NOT_TOOLS = frozenset(
    w.lower()
    for w in _words(
        "I I'm I've I'd I'll Im Ive My We Our The A An It This That They He She You Mr Ms "
        "Mrs Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February "
        "March April May June July August September October November December CEO CTO CFO "
        "COO CPO CMO CIO CISO VP SVP EVP PM PMs EM HR KPI KPIs OKR OKRs ROI ARR MRR NPS "
        "CSAT SLA SLAs SLO SLOs US USA UK EU EMEA APAC LATAM OK MVP IPO B2B B2C SaaS API "
        "APIs UI UX QA IT ETA FY H1 H2 Director Head Manager Engineer Senior Staff "
        "Principal Lead Chief Officer President Product Engineering Design Marketing "
        "Sales Finance Operations Support Legal Data Board Team Company Customer "
        "Customers Users Q1 Q2 Q3 Q4 AI ML"
    )
)
_CAPITALISED_RE = re.compile(
    r"(?<![\w'’])(?:[A-Z][A-Za-z0-9]*(?:[.+#-][A-Za-z0-9]+)*|[a-z]+[A-Z][A-Za-z0-9]*)"
    r"(?:\s+[A-Z][A-Za-z0-9]*)*(?=['’]s\b|(?![\w'’]))"
)
_TOOL_PREPOSITIONS = frozenset(_words("to on onto into with from in using via off for"))
_TOOL_VERBS = frozenset(
    _words(
        "used use chose picked adopted introduced deployed implemented bought selected "
        "replaced built rolled standardised standardized migrated moved switched"
    )
)

# -- what a figure measures -----------------------------------------------------------------------

_STOP = frozenset(
    _words(
        "a an the our their my his her its your this that these those of in on for to by "
        "from with and or but at as is was were are be been about around roughly nearly "
        "almost over under than more less fewer within after before during across per "
        "each every it we i they them us which who what when so just only also then there "
        "here some any all first last next later earlier again too instead overall total "
        "because since although though unless whereas until if below above down up back"
    )
)
_NOT_MEASURES = frozenset(
    [
        *_WORD_VALUES,
        *_SCALES,
        *_words("dozen half couple few several day days week weeks month months quarter"),
        *_words("quarters year years q1 q2 q3 q4"),
        # Units say how a figure is counted, not what it measures ("40 minutes" of waiting).
        *_words("second seconds minute minutes hour hours night nights times"),
        # How far off, not of what ("the forecast was 12% low").
        *_words("low high short late early out off"),
    ]
)
_COMPARATIVES = frozenset(
    _words("more fewer less higher lower faster slower better worse bigger smaller cheaper")
)
_CHANGE_NOUNS = (
    r"(?:increase|decrease|reduction|drop|decline|gain|growth|improvement|lift|rise|jump|cut"
    r"|uplift|boost|fall|savings?|lift)"
)
_CHANGE_VERBS = (
    r"(?:cut|cutting|reduced|reducing|reduce|increased|increasing|increase|grew|grow|growing"
    r"|raised|lowered|improved|improving|boosted|dropped|decreased|lifted|brought|drove|saved"
    r"|shrank|trimmed|slashed|moved|took|pushed|got|halved|doubled|tripled)"
)
_MOVE_VERBS = (
    r"(?:fell|dropped|grew|rose|went|increased|decreased|improved|declined|jumped|climbed"
    r"|shrank|was|were|is|are|hit|reached|came|stood|sat|averaged)"
)
_BEFORE_CUES = frozenset(
    [
        *_words("by to from at of up down about around roughly nearly almost over than just"),
        *_words("fell dropped grew rose went increased decreased improved declined jumped"),
        *_words("climbed shrank was were is are hit reached came stood sat averaged"),
    ]
)
_AFTER_OF_RE = re.compile(r"\s*(?:of|in|on)\s+(?P<np>.*)", re.IGNORECASE)
_AFTER_CHANGE_RE = re.compile(rf"\s*{_CHANGE_NOUNS}\s+(?:in|of|on)\s+(?P<np>.*)", re.IGNORECASE)
_BEFORE_VERB_RE = re.compile(
    rf"\b{_CHANGE_VERBS}\s+(?P<np>[\w\s'-]{{1,60}}?)\s+(?:by|to|from|at)\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|just\s+)?$",
    re.IGNORECASE,
)
_BEFORE_MOVE_RE = re.compile(
    rf"(?P<np>[\w'-]+(?:\s+[\w'-]+){{0,2}})\s+{_MOVE_VERBS}\s+(?:up\s+|down\s+)?"
    r"(?:by\s+|to\s+|from\s+|at\s+|about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+)*$",
    re.IGNORECASE,
)
_BEFORE_OF_RE = re.compile(r"(?P<np>[\w'-]+(?:\s+[\w'-]+)?)\s+of\s+$", re.IGNORECASE)


def _noun_phrase(text: str, *, limit: int = 3) -> str | None:
    """The first few content words of `text` (lower case), stopping at a function word."""
    words: list[str] = []
    for raw in re.findall(r"[A-Za-z][\w'-]*|\S", text):
        word = raw.lower()
        # Figures and calendar words are not what a figure measures ("12% in two quarters").
        if not re.fullmatch(r"[a-z][a-z'-]*", word) or word in _NOT_MEASURES:
            break
        if word in _STOP:
            if words:
                break
            continue  # leading determiners: "the", "our"
        if words and word.endswith("ed"):
            break  # a verb after the noun: "customers stayed"
        words.append(word)
        if len(words) == limit:
            break
    return " ".join(words) or None


def _tail_phrase(text: str) -> str | None:
    """The last few content words of `text`, for phrases that end right before a figure."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", text)]
    out: list[str] = []
    for word in reversed(words):
        if word in _STOP:
            if out:
                break
            continue
        out.insert(0, word)
        if len(out) == 3:
            break
    return " ".join(out) or None


def _measure(sentence: str, start: int, end: int, *, noun_after: bool) -> str | None:
    """What the figure at [start, end) measures, read from the words around it."""
    after = sentence[end : end + 120]
    # The "before" patterns are anchored at the figure; a bounded window keeps them linear.
    before = sentence[max(0, start - 80) : start]
    # Each "before" pattern ends in one of a few words; without them, skip the searches.
    cued = not _BEFORE_CUES.isdisjoint(before.lower().split()[-3:])
    # "cut churn by 12%" is the surest reading, so it is tried before "12% in two quarters".
    match = _BEFORE_VERB_RE.search(before) if cued else None
    if match:
        found = _tail_phrase(match.group("np"))
        if found:
            return found
    for pattern in (_AFTER_CHANGE_RE, _AFTER_OF_RE):
        match = pattern.match(after)
        if match:
            found = _noun_phrase(match.group("np"))
            if found:
                return found
    if noun_after:
        words = re.findall(r"[A-Za-z][\w'-]*|\S", after)[:4]
        if words and words[0].lower() in _COMPARATIVES:
            words = words[1:]
        if words and re.fullmatch(r"[A-Za-z][\w'-]*", words[0]) and words[0].lower() not in _STOP:
            found = _noun_phrase(" ".join(words), limit=2)
            if found:
                return found
    for pattern in (_BEFORE_MOVE_RE, _BEFORE_OF_RE) if cued else ():
        match = pattern.search(before)
        if match:
            found = _tail_phrase(match.group("np"))
            if found:
                return found
    return None


# -- sentences ------------------------------------------------------------------------------------

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "mr.", "ms.", "mrs.", "dr.", "approx.", "inc.")
_BOUNDARY_RE = re.compile(r"(?<=[.!?])[\"')\]”’]*\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped; abbreviations and initials do not end a sentence."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        piece = text[start : match.end()]
        tail = piece.rstrip().lower()
        # "e.g." and initials ("U.S.") end in a full stop without ending the sentence.
        # The whole last word must be the abbreviation: "the NMS." ends a sentence, "Ms." not.
        last = tail.split()[-1] if tail.split() else ""
        abbreviated = last.lstrip("(\"'“") in _ABBREVIATIONS or re.search(
            r"(?:^|[\s.])[a-z]\.$", tail
        )
        if abbreviated and "\n" not in match.group(0):
            continue
        pieces.append(piece)
        start = match.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


# -- extraction -----------------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    claim: Claim


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def _clause(sentence: str, start: int) -> str:
    """From `start` to the end of its clause, at most 14 words."""
    match = _CLAUSE_END_RE.search(sentence, start + 2)
    end = match.start() if match else len(sentence)
    words = sentence[start:end].split()
    return " ".join(words[:14])


#: What one match of a figure pattern says: (kind, value, measure, start), or None to skip it.
_Reading = tuple[str, float | None, str | None, int] | None


def _around(m: re.Match[str], *, noun_after: bool = True) -> str | None:
    return _measure(m.string, m.start(), m.end(), noun_after=noun_after)


def _read_money(m: re.Match[str]) -> _Reading:
    base = words_to_number(m.group("num") or m.group("num2"))
    scale = _MULTIPLIERS.get((m.group("mult") or m.group("mult2") or "").lower(), 1.0)
    return "money", base * scale if base is not None else None, _around(m), m.start()


def _read_percent(m: re.Match[str]) -> _Reading:
    measure = _around(m)
    if re.match(r"\s+(?:of\s+\w+\s+)?(?:delivered\s+|out\s+)?on\s+time\b", m.string[m.end() :]):
        measure = "on-time rate"  # "93% on time" measures punctuality, not "time"
    return "percent", words_to_number(m.group("num")), measure, m.start()


def _read_fraction(m: re.Match[str]) -> _Reading:
    words = re.split(r"[\s-]+", m.group("frac").lower())
    if words[-1] == "quarter" and _DELAY_RE.search(m.string[: m.start()]):
        return None  # "delayed it by a quarter" is three months, left to the duration pattern
    numerator = 1.0 if len(words) == 1 else (words_to_number(words[0]) or 1.0)
    value = round(numerator * _FRACTIONS[words[-1].rstrip("s")], 2)
    return "percent", value, _around(m, noun_after=False), m.start()


def _read_multiplier(m: re.Match[str]) -> _Reading:
    if m.group("verb"):
        value: float | None = _MULTIPLIER_VERBS[m.group("verb").lower()]
        # "We doubled revenue" names it after the verb; "Revenue doubled", before.
        measure = _around(m) or _tail_phrase(m.string[: m.start()])
    else:
        value = words_to_number(m.group("num") or m.group("wnum"))
        measure = _around(m)
    return "number", value, measure, m.start()


def _read_date(m: re.Match[str]) -> _Reading:
    if m.group("q"):
        return "date", float(m.group("q")[1]), "quarter", m.start()
    if m.group("h"):
        return "date", float(m.group("hy")), "half-year", m.start()
    if m.group("fy"):
        digits = m.group("fy")
        return (
            "date",
            float(digits if len(digits) == 4 else "20" + digits),
            "fiscal year",
            m.start(),
        )
    if m.group("month"):
        return "date", float(m.group("my")), "month", m.start()
    # "in 2023": the claim is the year; the preposition only told us it was one.
    return "date", float(m.group("y")), "year", m.start("y")


def _read_team(m: re.Match[str]) -> _Reading:
    noun = m.group("noun") or m.group("noun3")
    measure = re.sub(r"\s+", " ", noun.lower()) if noun else "team"
    value = words_to_number(m.group("num") or m.group("num2") or m.group("num3"))
    return "team_size", value, measure, m.start()


def _read_duration(m: re.Match[str]) -> _Reading:
    before = m.string[: m.start()].split()
    if before and before[-1].lower() in ("once", "twice", "per", "every", "times", "each"):
        return None  # a frequency ("twice a week"), not how long something took
    raw = m.group("num").lower()
    if raw in ("a", "an") and before and words_to_number(before[-1]) is not None:
        return None  # a rate ("40 a week"), not a duration
    if raw.startswith("half"):
        count: float | None = 0.5
    else:
        count = 1.0 if raw in ("a", "an") else words_to_number(raw)
    unit = _DURATION_UNITS[m.group("unit").lower().rstrip("s")]
    return "duration", count * unit if count is not None else None, None, m.start()


def _read_number(m: re.Match[str]) -> _Reading:
    digits = m.group("num")
    value = words_to_number(digits or m.group("wnum"))
    if digits and re.fullmatch(_YEAR, digits):
        after = m.string[m.end() :].split()
        # A bare year ("2023 was hard"), unless it counts something ("2000 customers").
        if not after or not after[0].lower().rstrip(".,;").endswith("s"):
            return "date", value, "year", m.start()
    return "number", value, _around(m), m.start()


# Every figure pattern needs a digit, a currency sign, a number word or one of these words.
_MAYBE_FIGURE_RE = re.compile(
    rf"[\d$€£¥]|{_W}|\b(?:an?\s+(?:day|week|month|quarter|year|team)|half|thirds?|fifths?"
    r"|tenth|doubled|tripled|trebled|quadrupled|halved|FY|Q[1-4]|H[12])\b",
    re.IGNORECASE,
)

#: Figure patterns in priority order: a span taken by an earlier one is not read again.
_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Reading]], ...] = (
    (_MONEY_RE, _read_money),
    (_PERCENT_RE, _read_percent),
    (_FRACTION_RE, _read_fraction),
    (_MULTIPLIER_RE, _read_multiplier),
    (_DATE_RE, _read_date),
    (_TEAM_RE, _read_team),
    (_DURATION_RE, _read_duration),
    (_NUMBER_RE, _read_number),
)


def _figures(sentence: str) -> list[_Found]:
    """Every figure of one sentence; earlier shapes win where two would overlap."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    if not _MAYBE_FIGURE_RE.search(sentence):
        return found  # most sentences have no figure: skip the eight patterns
    for pattern, read in _SHAPES:
        for m in pattern.finditer(sentence):
            reading = read(m)
            if reading is None:
                continue
            kind, value, measure, start = reading
            if value is None or _overlaps(taken, start, m.end()):
                continue
            taken.append((start, m.end()))
            claim = Claim(kind, sentence[start : m.end()].strip(), sentence, value, measure)
            found.append(_Found(start, m.end(), claim))
    return found


def _statements(sentence: str) -> list[_Found]:
    """Decisions ("we chose ...") and ownership ("I led ..."), each as its clause."""
    out: list[_Found] = []
    for kind, pattern in (("decision", _DECISION_RE), ("ownership", _OWNERSHIP_RE)):
        for m in pattern.finditer(sentence):
            text = _clause(sentence, m.start())
            out.append(_Found(m.start(), m.start() + len(text), Claim(kind, text, sentence)))
    return out


_EMPLOYER_CUES = frozenset(_words("at joined join joining left leave leaving ex"))
_EMPLOYER_PAIRS = frozenset(
    tuple(pair.split("+"))
    for pair in _words(
        "worked+for work+for working+for came+from moved+from was+at been+at years+at "
        "time+at stint+at role+at job+at"
    )
)
_PRODUCT_CUES = frozenset(_words("launched launch launching relaunched shipped released"))
_PRODUCT_NOUN_RE = re.compile(
    r"\b(?:our|their|the|my)\s+(?P<name>(?:[a-z][\w-]*\s+){0,2}"
    r"(?:app|platform|product|portal|dashboard|website|marketplace|checkout|service))\b"
)


def _name_kind(sentence: str, start: int, known_tool: bool, employers: set[str], name: str) -> str:
    """Whether a capitalised name is an employer, a product or a tool, from the words before it.

    "at Fabrikam", "joined Fabrikam", "left Fabrikam", "worked for Fabrikam" name an employer
    (and so does any name the debrief names as one elsewhere); "launched Contoso Pay" a
    product; a known tool, or a name used like one ("migrated to X"), a tool. Anything else
    is "" (a place, a person): not a claim.
    """
    if name.lower() in employers:
        return "employer"
    before = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", sentence[:start])][-2:]
    if before and (before[-1] in _EMPLOYER_CUES or tuple(before) in _EMPLOYER_PAIRS):
        return "employer"
    if before and before[-1] in _PRODUCT_CUES and not known_tool:
        return "product"
    if known_tool or _tool_verb(sentence, start) is not None:
        return "tool"
    return ""


def _tools(
    sentence: str, taken: list[tuple[int, int]], ignore: set[str], employers: set[str]
) -> list[_Found]:
    """Named employers, products and tools: capitalised names told apart by their context."""
    out: list[_Found] = []
    first_word = re.match(r"\W*\w+", sentence)
    first_end = first_word.end() if first_word else 0
    for m in _CAPITALISED_RE.finditer(sentence):
        words = m.group(0).split()
        # Drop words that are not names from either end of a run ("The", "Q3", "Director").
        offset = m.start()
        while words and words[0].lower() in _NOT_TOOLS:
            offset = sentence.index(words[0], offset) + len(words[0])
            words = words[1:]
        while words and words[-1].lower() in _NOT_TOOLS:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        start = sentence.index(words[0], offset)
        end = start + len(name)
        if name.lower() in ignore or _overlaps(taken, start, end):
            continue
        known = name.lower() in _TOOLS_BY_LOWER
        # The first word of a sentence is capitalised anyway: only a known name counts there.
        if start < first_end and not known and name.lower() not in employers:
            continue
        if not known and len(words) == 1 and name.isupper() and len(name) < 2:
            continue
        kind = _name_kind(sentence, start, known, employers, name)
        if kind:
            how = _tool_verb(sentence, start) if kind == "tool" else None
            out.append(_Found(start, end, Claim(kind, name, sentence, None, how)))
    for m in re.finditer(
        r"\b(?:dbt|postgres|kafka|kubernetes|terraform|redis|jira|figma)\b", sentence
    ):
        if not any(f.start <= m.start() < f.end for f in out) and m.group(0) not in ignore:
            name = m.group(0)
            out.append(
                _Found(
                    m.start(),
                    m.end(),
                    Claim("tool", name, sentence, None, _tool_verb(sentence, m.start())),
                )
            )
    for m in _PRODUCT_NOUN_RE.finditer(sentence):
        if not _overlaps([(f.start, f.end) for f in out], m.start("name"), m.end("name")):
            out.append(
                _Found(m.start("name"), m.end(), Claim("product", m.group("name"), sentence))
            )
    return out


def _tool_verb(sentence: str, start: int) -> str | None:
    """How the sentence uses the tool ("migrated to", "built on"), so drift can be compared."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", sentence[:start])][-2:]
    if len(words) == 2 and words[1] in _TOOL_PREPOSITIONS:
        return f"{words[0]} {words[1]}"
    if words and words[-1] in _TOOL_VERBS:
        return words[-1]
    return None


def extract_claims(
    text: str, *, ignore: Iterable[str] = (), employers: Iterable[str] = ()
) -> tuple[Claim, ...]:
    """Every claim worth pushing on in `text`, sentence by sentence, in reading order.

    `ignore` lists names that are not claims (the interviewers, the company applied to);
    `employers` names known to be employers (`employers_in` over the whole debrief), so
    "Fabrikam has no role for me" is an employer even without "at" before it.
    """
    ignored = {name.strip().lower() for name in ignore if name.strip()}
    for name in list(ignored):
        ignored.update(name.split())
    known_employers = {name.strip().lower() for name in employers if name.strip()}
    out: list[Claim] = []
    for sentence in split_sentences(text):
        figures = _figures(sentence)
        taken = [(f.start, f.end) for f in figures]
        found = figures + _statements(sentence) + _tools(sentence, taken, ignored, known_employers)
        seen: set[tuple[str, str]] = set()
        for item in sorted(found, key=lambda f: (f.start, CLAIM_KINDS.index(f.claim.kind))):
            key = (item.claim.kind, item.claim.text.lower())
            if key not in seen:
                seen.add(key)
                out.append(item.claim)
    return tuple(out)


def employers_in(texts: Iterable[str]) -> frozenset[str]:
    """Names the candidate's own words call an employer ("at Fabrikam", "left Contoso")."""
    return frozenset(c.text for text in texts for c in extract_claims(text) if c.kind == "employer")


# -- saying a figure several ways -----------------------------------------------------------------

_WORDS_FOR = {v: k for k, v in _WORD_VALUES.items()}


def number_words(value: float) -> str | None:
    """A whole number from 0 to 99 in words ("twenty-five"), or None."""
    if value != int(value) or not 0 <= value < 100:
        return None
    n = int(value)
    if n in _WORDS_FOR:
        return _WORDS_FOR[n]
    tens, units = divmod(n, 10)
    return f"{_WORDS_FOR[tens * 10]}-{_WORDS_FOR[units]}"


def figure_phrases(claim: Claim) -> tuple[str, ...]:
    """Ways an answer might state the same figure, for rubric phrases: "12%", "12 percent" ...

    Always includes the claim as written; digits and words forms of small numbers are both
    listed so "six engineers" and "6 engineers" are the same answer.
    """
    phrases = [claim.text]
    value = claim.value
    if value is None:
        return tuple(phrases)
    digits = format_number(value)
    words = number_words(value)
    if claim.kind == "percent":
        phrases += [f"{digits}%", f"{digits} percent"]
        if words:
            phrases.append(f"{words} percent")
    elif claim.kind == "money":
        for scale, suffix, word in (
            (1e9, "B", "billion"),
            (1e6, "M", "million"),
            (1e3, "k", "thousand"),
        ):
            if value >= scale:
                short = format_number(value / scale)
                phrases += [f"{short}{suffix}", f"{short} {word}"]
                break
        phrases.append(digits)
    elif claim.kind == "team_size":
        noun = claim.measure if claim.measure and claim.measure != "team" else "people"
        phrases += [f"{digits} {noun}", f"team of {digits}"]
        if words:
            phrases += [f"{words} {noun}", f"team of {words}"]
    elif claim.kind == "date" and claim.measure == "quarter":
        phrases.append(f"Q{digits}")
    elif claim.kind == "duration":
        if value >= 1:
            phrases.append(f"{digits} months")
            if words:
                phrases.append(f"{words} months")
    elif claim.kind == "number":
        phrases.append(digits)
        if words:
            phrases.append(words)
    return tuple(dict.fromkeys(p for p in phrases if p))
