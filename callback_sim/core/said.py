"""What the candidate said to the interviewer, told apart from their notes to themselves.

Notes people keep after a round mix three voices in one answer:

- words said to the interviewer ("we moved from a cron script to a queue"): quotable;
- reported speech, shorthand for what was said ("I said I led it", "told them I'd start in
  March", "talked about the reminders rewrite"): true of round one, but not the words used,
  so a question states it without quotes ("In round one you said you led it");
- asides, the candidate's own comments that the interviewer never heard ("but honestly it
  was me and one other dev", "(actually it was eight)", "didn't really have a great
  ending", "she seemed bored"): never quoted, never pushed on.

`passages(answer)` splits an answer into those voices, each a span of the answer as
written, so a quote made from a "said" passage is always faithful. Pure and deterministic.
docs/seeding.md ("Said, reported, aside") gives the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callback_sim.core.claims import split_sentences

#: The voices of a passage: words said aloud, speech the notes only report, an aside.
VOICES: tuple[str, ...] = ("said", "reported", "aside")

# A reporting verb opening a clause, with or without "I" before it: what follows is what was
# said, in the notes' words. The object ("told them", "told Priya") is not part of the content.
_REPORTING = (
    r"(?P<verb>said(?:\s+that)?|told\s+(?:them|her|him|us|the\s+\w+|[A-Z]\w+)(?:\s+that)?"
    r"|mentioned(?:\s+that)?|explained(?:\s+that)?|claimed(?:\s+that)?|admitted(?:\s+that)?"
    r"|stated(?:\s+that)?|argued(?:\s+that)?|answered(?:\s+that)?|replied(?:\s+that)?"
    r"|pointed\s+out(?:\s+that)?|talked\s+(?:about|through)|spoke\s+about|described"
    r"|gave\s+(?:them\s+|her\s+|him\s+)?(?:the\s+|an?\s+|my\s+)?"
    r"(?:example|story|answer|number|figure|reason)s?(?:\s+(?:of|about|that))?"
    r"|brought\s+up|walked\s+(?:them|her|him)\s+through|went\s+(?:through|over)|pitched"
    r"|framed\s+it\s+as|used\s+the\s+example\s+of)"
)
_REPORTED_RE = re.compile(
    rf"^(?:(?:and|then|also)\s+)*(?:[Ii]\s+(?:also\s+|then\s+)?)?{_REPORTING}\b", re.IGNORECASE
)
# Reported clauses inside a sentence start after a comma, semicolon or "and".
_CLAUSE_START_RE = re.compile(
    r"(?:[,;]\s+|\s+(?:and|then)\s+)(?=(?:[Ii]\s+)?" + _REPORTING + r"\b)", re.IGNORECASE
)

# Always the candidate talking to themselves: how the answer went, what they wish they had
# said, what the interviewer seemed to think.
_ALWAYS_ASIDE_RE = re.compile(
    r"\b(?:tbh|to\s+be\s+honest|truth\s+is|the\s+truth\s+is|in\s+reality|between\s+us"
    r"|note\s+to\s+self|should(?:\s+have|'ve)\s+(?:said|mentioned|told|led\s+with)"
    r"|wish\s+I(?:'d|\s+had)|forgot\s+to\s+(?:say|mention|tell)"
    r"|didn'?t\s+(?:say|mention|tell\s+them)|never\s+(?:said|mentioned|told\s+them)"
    r"|didn'?t\s+really|not\s+sure\s+(?:she|he|they|if|whether)"
    r"|I\s+think\s+(?:she|he|they)|I\s+did\s+say|I\s+think\s+(?:that|it)(?:'s|\s+is|\s+was)"
    r"|over-?sold|under-?sold|overstated|exaggerated|stretched\s+the\s+truth|fudged|bluffed"
    r"|(?:she|he|they)\s+(?:seemed|looked|probably|asked|wanted|said|told|stated|mentioned"
    r"|pushed|liked|didn'?t|nodded|interrupted|frowned|laughed)"
    r"|rambled|blanked|fumbled|waffled|went\s+off\s+on\s+a\s+tangent|cringe"
    r"|couldn'?t\s+(?:remember|recall|think\s+of)|went\s+blank"
    r"|need\s+(?:a\s+)?(?:tighter|better|shorter|clearer|stronger)|next\s+time"
    r"|(?:which|that)\s+(?:got|made)\s+(?:a|them|him|her)\b|(?:it|that|this|which)\s+was"
    r"\s+(?:actually|really)|(?:tbh|honestly)\s*[.!]*$)\b",
    re.IGNORECASE,
)
# A clause that opens as a note to self: how it felt, what to do before the next round.
_SELF_NOTE_RE = re.compile(
    r"^(?:and\s+|but\s+)?(?:i\s+)?(?:felt|feel|think\s+i|thought\s+i|guess|probably|hopefully"
    r"|not\s+sure|be\s+ready|remember\s+to|prep(?:are)?|practi[cs]e|make\s+sure|must|todo"
    r"|to\s+do|need\s+to|should|forgot|forget|think\s+(?:it'?s|that'?s|it\s+was))\b",
    re.IGNORECASE,
)
# Candid asides that contrast with what was said: "but honestly", "though really",
# "but actually". At the start of a plain answer "Honestly, I have hit a ceiling" is said.
_CONTRAST_ASIDE_RE = re.compile(
    r"(?:,\s*|\s+)(?:but|though|although|—|-)\s+(?:honestly|really|actually|in\s+fact"
    r"|truthfully|realistically|between\s+us)\b",
    re.IGNORECASE,
)
_BRACKET_RE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# A bracket with a figure ("(about 40%)", "(we did 1,100 last season)") belongs to what was said;
# any other is the candidate's comment ("(actually it was eight)", "(cringe)").
_FIGURE_ONLY_RE = re.compile(r"\d")
_ASIDE_IN_BRACKET_RE = re.compile(
    r"\b(?:actually|really|honestly|tbh|not\s+true|I\s+(?:think|guess|wish|should|forgot"
    r"|didn'?t)|she|he|they|probably|maybe)\b|\?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Passage:
    """A span of an answer in one voice.

    `text` is the span as written. For reported speech `verb` is the reporting verb as
    written ("said", "talked about", "told them") and `content` what it reports ("I led it").
    """

    text: str
    voice: str
    verb: str = ""
    content: str = ""

    @property
    def words(self) -> str:
        """What the passage says was said: the span, or for reported speech its content."""
        return self.content if self.voice == "reported" else self.text


def _asides_in(sentence: str, others: re.Pattern[str] | None = None) -> int:
    """Where the aside of a clause starts (len(sentence) when it has none)."""
    starts = [len(sentence)]
    if _SELF_NOTE_RE.match(sentence.strip()):
        return 0
    if others is not None:
        about = others.search(sentence)
        if about:
            before = max(sentence.rfind(mark, 0, about.start()) for mark in (",", ";", "—", " - "))
            starts.append(before + 1 if before >= 0 else 0)
    always = _ALWAYS_ASIDE_RE.search(sentence)
    if always:
        # The aside starts at the clause the cue is in, not mid-clause.
        before = max(sentence.rfind(mark, 0, always.start()) for mark in (",", ";", "—", " - "))
        starts.append(before + 1 if before >= 0 else 0)
    contrast = _CONTRAST_ASIDE_RE.search(sentence)
    if contrast:
        starts.append(contrast.start())
    return min(starts)


def _clauses(text: str) -> list[str]:
    """A sentence cut before each clause that opens with a reporting verb."""
    out: list[str] = []
    start = 0
    for match in _CLAUSE_START_RE.finditer(text):
        out.append(text[start : match.start()])
        start = match.end()
    out.append(text[start:])
    return [c for c in out if c.strip(" ,;")]


def _voice_of(clause: str) -> Passage:
    text = clause.strip(" ,;")
    reported = _REPORTED_RE.match(text)
    if reported:
        content = text[reported.end() :].strip(" ,;:")
        verb = re.sub(r"\s+", " ", reported.group("verb"))
        return Passage(text, "reported", verb=verb, content=content.strip("\"“”'"))
    return Passage(text, "said")


def _pieces(sentence: str, others: re.Pattern[str] | None) -> list[Passage]:
    """One sentence (without brackets) in voices: each clause opened by a reporting verb is
    reported speech, the rest is said; from an aside cue to the clause's end is an aside."""
    out: list[Passage] = []
    for clause in _clauses(sentence):
        cut = _asides_in(clause, others)
        if clause[:cut].strip(" ,;—-"):
            passage = _voice_of(clause[:cut])
            # A reported clause that reports next to nothing ("I said", "said \"i\"") is left out.
            if passage.voice != "reported" or len(re.findall(r"\w+", passage.content)) >= 2:
                out.append(passage)
        rest = clause[cut:].strip(" ,;—-")
        if rest:
            out.append(Passage(rest, "aside"))
    return out


def _others_re(others: tuple[str, ...]) -> re.Pattern[str] | None:
    """Remarks about the people met ("hannah seemed warm", "Gareth asked loads")."""
    names = sorted({n.split()[0] for n in others if n.split()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(
        r"\b(?:" + "|".join(map(re.escape, names)) + r")\s+(?:\w+ly\s+)?"
        r"(?:seemed|said|asked|liked|nodded|laughed|wanted|pushed|probed|wrote|typed|agreed"
        r"|didn'?t|was|looked|kept|interrupted|smiled|frowned)\b",
        re.IGNORECASE,
    )


def passages(answer: str, others: tuple[str, ...] = ()) -> tuple[Passage, ...]:
    """The answer as passages in reading order, each a span of it in one voice.

    Brackets holding an aside ("(actually it was eight)") are asides; other brackets
    ("(about 40%)") stay with the words around them. Each sentence is cut into clauses at a
    reporting verb ("said ...", "gave the example of ..."), and from an aside cue ("but
    honestly", "didn't really", "she seemed") to its end it is an aside. `others` are the
    names of the people met: "Gareth asked about flood modelling" is about them, not said.
    """
    out: list[Passage] = []
    about = _others_re(others)
    for sentence in split_sentences(answer):
        start = 0
        for match in _BRACKET_RE.finditer(sentence):
            inside = (match.group(1) or match.group(2) or "").strip()
            if _FIGURE_ONLY_RE.search(inside) and not _ASIDE_IN_BRACKET_RE.search(inside):
                continue
            out += _pieces(sentence[start : match.start()], about)
            out.append(Passage(inside, "aside"))
            start = match.end()
        out += _pieces(sentence[start:], about)
    return tuple(p for p in out if p.text.strip(" .,;"))


# First person to second, for stating reported speech back ("I said I led it" -> "you said
# you led it"). "We" is the candidate's team, so it becomes "you" too.
_PRONOUNS: dict[str, str] = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
}
_PRONOUN_RE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(map(re.escape, _PRONOUNS), key=len, reverse=True)) + r")\b"
    r"(?P<verb>\s+(?:was|am|wasn't)\b)?",
    re.IGNORECASE,
)
_BE = {"was": "were", "am": "are", "wasn't": "weren't"}
_INTERVIEWER_WORDS = frozenset(("me", "us", "we", "our", "ours", "we're", "we've", "we'd", "we'll"))


# The reporting verbs a premise repeats as they are; the others ("told them", "answered")
# are said again as "said".
#: A premise longer than this is cut to its first clauses.
_PREMISE_WORDS = 22
_CLAUSE_MARKS = (",", ";", " - ", "—")


def _opening(text: str) -> str:
    """The first clauses of `text`, up to _PREMISE_WORDS words, cut at a clause boundary."""
    cut = " ".join(text.split()[:_PREMISE_WORDS])
    at = max(cut.rfind(mark) for mark in _CLAUSE_MARKS)
    return cut[:at] if at > len(cut) // 3 else cut


def _around(text: str, part: str, words: int = 18) -> str:
    """The clause of `text` that holds `part` (at most `words` words), for a long premise."""
    at = max(text.find(part), 0)
    start = max(text.rfind(mark, 0, at) for mark in _CLAUSE_MARKS) + 1
    ends = [i for i in (text.find(mark, at + len(part)) for mark in _CLAUSE_MARKS) if i >= 0]
    end = min(ends) if ends else len(text)
    clause = " ".join(text[start:end].split()[:words])
    return re.sub(r"^(?:(?:and|but|so|that|then|which)\s+)+", "", clause, flags=re.IGNORECASE)


_KEPT_VERBS_RE = re.compile(
    r"^(?:mentioned|explained|claimed|admitted|argued|pointed out|talked|spoke|described|gave"
    r"|brought up|went|pitched|framed|used)\b"
)


def second_person(text: str, *, mine_only: bool = False) -> str:
    """`text` (the candidate's first-person words) as the interviewer would say it back.

    With `mine_only`, only the candidate's "I", "my", "I'm" … change: a question the notes
    paraphrase keeps the interviewer's "tell me" and "walk us through".
    """
    text = text.replace("’", "'")

    def swap(match: re.Match[str]) -> str:
        if mine_only and match.group("word").lower() in _INTERVIEWER_WORDS:
            return match.group(0)
        word = _PRONOUNS[match.group("word").lower()]
        verb = match.group("verb")
        if verb:
            be = verb.strip().lower()
            # "I was" -> "you were"; "our team was" keeps "was" (only the pronoun changes).
            if match.group("word").lower() in ("i", "we"):
                verb = verb[: len(verb) - len(verb.lstrip())] + _BE[be]
            return word + verb
        return word

    return _PRONOUN_RE.sub(swap, text)


# A reported clause that opens with a verb ("said got absence down", "said built a churn
# dashboard") has the candidate as its subject; one that opens with a noun ("said £52k plus
# shift allowance", "said SwiftUI plus UIKit") does not need one.
_VERB_FIRST_RE = re.compile(
    r"^(?:[a-z]+ed|got|made|ran|built|led|took|cut|did|had|was|grew|brought|won|went|set|kept"
    r"|sold|put|drove|wrote|want|wanted|push|like|think|use|run|have|do|try|need|prefer|love"
    r"|am|can|could|would|will|should|tend)\b"
)


def premise_of(passage: Passage, part: str = "") -> str:
    """A reported passage stated back without quotes: "you said you led it".

    Only the notes' own words are used (the content, in the second person), with "said" for
    reporting verbs that name who was told ("told them") and the verb itself otherwise
    ("you talked about the reminders rewrite").
    """
    content = passage.content
    verb = passage.verb.lower()
    if part and len(content.split()) > 18:
        # Only the clause with the figure: said of it, whatever the verb was.
        content, verb = _around(content, part), "said"
    elif len(content.split()) > _PREMISE_WORDS:
        content = _opening(content)
    if verb.startswith("told") and content.lower().startswith("about "):
        verb, content = "talked about", content[6:]  # "told them about a near miss"
    if _KEPT_VERBS_RE.match(verb):
        verb = re.sub(r"\s+(?:them|her|him)\b", "", verb)
        verb = re.sub(r"\bmy\b", "your", verb)
        return f"you {verb} {_plain_end(second_person(content))}"
    if _VERB_FIRST_RE.match(content):
        content = "I " + content  # "said got absence down" -> "you said you got absence down"
    return f"you said {_plain_end(second_person(content))}"


#: Emoji people put in notes ("😬", "👍"); never part of a question or a premise.
EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


def _plain_end(text: str) -> str:
    """`text` without the emoji and punctuation notes often end on ("… yet 😬")."""
    return re.sub(r"[\s.;,!]+$", "", EMOJI_RE.sub("", text))
