"""Signals of a strong answer, whatever its words: one detector per name in SIGNAL_NAMES.

Each detector reads one sentence the way a listener would and says whether it does the
thing (gives a reason, names a figure, owns an action, ...). Only closed-class English is
listed here (connectives, auxiliaries, change verbs, time words); negation and suppositions
rule a cue out ("I never blamed them", "if she hadn't improved"). docs/scoring.md lists
what fires each signal.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import NamedTuple

from callback_sim.core.scoring.delivery import ENERGY_PHRASES, ENERGY_STEMS
from callback_sim.core.scoring.sentences import SUPPOSITION_WINDOW, Layout, Sentence
from callback_sim.core.text import FUNCTION_WORDS, NUMBER_WORDS, Scan, word_set

_NUMBER = "#"


class _CueOptions(NamedTuple):
    """The cues that start with one word, arranged for matching."""

    #: (length of the rest, the rests of that length), shortest first.
    plain: tuple[tuple[int, frozenset[tuple[str, ...]]], ...]
    numbered: tuple[tuple[str, ...], ...]  # the rests holding a #
    single: bool  # the word alone is a cue
    seconds: frozenset[str]  # the words that can come second in a plain cue
    #: Every word that can come second, in any cue (a # aside): most places fail on this.
    openers: frozenset[str]
    number_second: bool  # a numbered rest starts with a #


def _match_at(
    keys: list[str], places: list[int], options: _CueOptions, spans: list[tuple[int, int]]
) -> None:
    """Add (start, end of the shortest cue) for each of `places` where a cue of `options`
    starts."""
    if options.single:
        spans.extend((index, index + 1) for index in places)  # nothing can be shorter
        return
    plain, numbered, _single, seconds, openers, number_second = options
    count = len(keys)
    for index in places:
        if index + 1 >= count:
            continue
        nxt = keys[index + 1]
        if nxt not in openers and not (number_second and _is_number(nxt)):
            continue
        shortest = 0
        if nxt in seconds:
            for size, rests in plain:
                end = index + 1 + size
                if end > count:
                    break
                if tuple(keys[index + 1 : end]) in rests:
                    shortest = end
                    break
        for rest in numbered:
            end = index + 1 + len(rest)
            if end > count or (shortest and end >= shortest):
                continue
            if all(_word_matches(w, keys[index + 1 + j]) for j, w in enumerate(rest)):
                shortest = end
        if shortest:
            spans.append((index, shortest))


class _Cues:
    """Word sequences ("so that", "from # to #") found in a run of keys; # is any number.

    Each answer is searched once per cue list (from its key index, so an answer without a
    cue word costs a lookup per cue word); a sentence then asks for the cues inside it.
    """

    def __init__(self, phrases: str) -> None:
        # first word -> [(the other words, whether they hold a # that needs a number test)]
        by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for phrase in phrases.split("|"):
            words = tuple(phrase.split())
            by_first.setdefault(words[0], []).append((words[1:], _NUMBER in words[1:]))
        self.by_first = by_first
        # The same, for matching: first word -> ((length of the rest, the rests of that
        # length) shortest first, the rests holding a #).
        plain: dict[str, dict[int, set[tuple[str, ...]]]] = {}
        numbered: dict[str, list[tuple[str, ...]]] = {}
        for first, options in by_first.items():
            plain[first] = {}
            numbered[first] = [rest for rest, has_number in options if has_number]
            for rest, has_number in options:
                if not has_number:
                    plain[first].setdefault(len(rest), set()).add(rest)
        self._match: dict[str, _CueOptions] = {}
        for first in by_first:
            rests = plain[first]
            seconds = frozenset(rest[0] for size in rests if size for rest in rests[size])
            self._match[first] = _CueOptions(
                tuple((size, frozenset(group)) for size, group in sorted(rests.items())),
                tuple(numbered[first]),
                0 in rests,
                seconds,
                seconds | {rest[0] for rest in numbered[first] if rest[0] != _NUMBER},
                any(rest[0] == _NUMBER for rest in numbered[first]),
            )
        self._cache_key = ("cues", id(self))
        self._firsts = frozenset(by_first) - {_NUMBER}
        self._numbered = _NUMBER in by_first

    def matches(self, layout: Layout) -> tuple[list[int], list[int]]:
        """Where a cue starts in the answer, in order, and where the shortest cue there ends."""
        found = layout.cache.get(self._cache_key)
        if found is None:
            keys = layout.text.keys
            index = layout.key_index()
            spans: list[tuple[int, int]] = []
            # Only the cue words the answer says (one set intersection, not a lookup per
            # cue), each with all its places at once.
            for word in index.keys() & self._firsts:
                _match_at(keys, index[word], self._match[word], spans)
            if self._numbered:
                # A number that is a cue word itself has just been read with its own cues.
                numbers = [i for i in _numbers(layout) if keys[i] not in self.by_first]
                _match_at(keys, numbers, self._match[_NUMBER], spans)
            spans.sort()
            found = layout.cache[self._cache_key] = (
                [start for start, _end in spans],
                [end for _start, end in spans],
            )
        assert isinstance(found, tuple)
        return found

    def starts(self, layout: Layout) -> list[int]:
        """Token indices where a cue starts, in order (the sentence may cut one short)."""
        return self.matches(layout)[0]

    def find(self, layout: Layout, low: int, high: int) -> list[int]:
        """Token indices in [low, high) where a cue starts and ends by `high`, in order."""
        starts, ends = self.matches(layout)
        first, last = bisect_left(starts, low), bisect_left(starts, high)
        return [starts[i] for i in range(first, last) if ends[i] <= high]


def _within(positions: list[int], low: int, high: int) -> list[int]:
    return positions[bisect_left(positions, low) : bisect_left(positions, high)]


def _cached(layout: Layout, name: str, build: Callable[[], list[int]]) -> list[int]:
    found = layout.cache.get(name)
    if found is None:
        found = layout.cache[name] = build()
    assert isinstance(found, list)
    return found


def _numbers(layout: Layout) -> list[int]:
    """Token indices of numbers, in digits or words."""

    def build() -> list[int]:
        # From the distinct keys: an answer says far fewer of them than it has words.
        index = layout.key_index()
        return sorted(i for key in index if _is_number(key) for i in index[key])

    return _cached(layout, "numbers", build)


def _capitals(layout: Layout) -> list[int]:
    """Token indices of capitalised words inside a sentence (names: "Priya", "Android")."""
    text = layout.text

    def build() -> list[int]:
        keys = text.keys
        # From the distinct tokens as written: each is tested once, not each time it is said.
        upper = sorted(
            i for raw, places in text.raw_positions().items() if raw[0].isupper() for i in places
        )
        firsts = {sentence.first for sentence in layout.sentences}
        return [i for i in upper if i not in firsts and keys[i] != "i"]

    return _cached(layout, "capitals", build)


def _is_number(key: str) -> bool:
    return key[:1].isdigit() or key in NUMBER_WORDS


def _word_matches(pattern: str, key: str) -> bool:
    return _is_number(key) if pattern == _NUMBER else pattern == key


#: Modal verbs: what follows them did not (yet) happen.
_MODALS = word_set("would could might should will may must wouldve couldve shouldve ill id")
_MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday"
)


def _modal_before(text: Scan, layout: Layout, index: int) -> bool:
    keys = text.keys
    low = max(layout.clause_start[index], index - SUPPOSITION_WINDOW)
    return any(keys[j] in _MODALS for j in range(low, index))


# ---------------------------------------------------------------------------------------------
# reasoning

_REASONS = _Cues(
    "because|since|so that|so we could|so i could|so they could|so she could|so he could|"
    "which meant|that meant|this meant|it meant|which means|that means|this means|it means|"
    "given that|the reason|my reasoning|reason was|"
    "reason is|thats why|that is why|which is why|in order to|due to|rationale|the logic|"
    "otherwise|to avoid|to make sure|to ensure|the point was|the goal was|as long as|so i|so we|"
    "showed|shows that|show that|the data|the numbers|the evidence"
)
# "since 2019", "since then", "since last year": time, not a reason.
_SINCE_TIME = word_set(
    "then last early joining starting leaving day week month year childhood college school "
    "university ever"
)


def _reasoning(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    for index in _REASONS.find(layout, sentence.first, sentence.last):
        if sentence.last - index < 3 or layout.hypothetical(index):
            continue  # a connective with no reason after it
        nxt = keys[index + 1]
        if keys[index] == "since" and (_is_number(nxt) or nxt in _SINCE_TIME or nxt in _MONTHS):
            continue
        return index
    return None


# ---------------------------------------------------------------------------------------------
# specifics

_FROM_TO = _Cues("from # to #|# to #")
_YEAR_LOW, _YEAR_HIGH = 1950, 2049


def _specifics(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    low, high = sentence.first, sentence.last
    for index in sorted(
        _within(_numbers(layout), low, high) + _within(_capitals(layout), low, high)
    ):
        key = keys[index]
        if layout.hypothetical(index):
            continue
        if key[:1].isdigit():
            if len(key) == 4 and key.isdigit() and _YEAR_LOW <= int(key) <= _YEAR_HIGH:
                return index  # a year
            nxt = keys[index + 1] if index + 1 < high else ""
            before = keys[index - 1] if index > low else ""
            if nxt and (nxt not in FUNCTION_WORDS or nxt == "percent"):
                return index  # a quantity with its unit: "3%", "40 people", "2 weeks"
            if before in ("dollar", "euro", "pound", "yen"):
                return index
        elif key in NUMBER_WORDS:
            nxt = keys[index + 1] if index + 1 < high else ""
            if key not in ("one", "zero") and nxt.isalpha() and nxt not in FUNCTION_WORDS:
                return index  # "ten days", "three engineers"
        elif key not in FUNCTION_WORDS and key not in ("may", "march"):
            return index  # a named person, system, place or month: "Priya", "Android"
    for index in _FROM_TO.find(layout, low, high):
        return index
    return None


# ---------------------------------------------------------------------------------------------
# ownership: "I" + an action verb

#: Past forms that report a state of mind or being, not an action taken.
_STATIVE = word_set(
    "wanted needed liked loved hoped wished believed felt seemed guessed supposed assumed "
    "expected worried thought knew realized realised noticed remembered forgot was were had "
    "did got used tended happened enjoyed preferred hated feared wondered meant learned learnt "
    "appeared looked sounded agreed understood heard saw became stayed kept tried"
)
_IRREGULAR_ACTIONS = word_set(
    "built rebuilt wrote rewrote ran led made took set drove sent brought sold spoke gave met "
    "won found held began chose told taught put cut went bought paid spent fought hired fixed "
    "shipped split sat stood rang flew dealt"
)
#: Base forms that are not actions after "I will" / "I'd".
_STATIVE_BASE = word_set(
    "be feel like love want need hope think guess say suppose imagine have expect prefer enjoy "
    "know mean rather probably also"
)
_ADVERBS = word_set(
    "then also personally quickly finally just actually immediately first eventually still "
    "really even later soon directly myself instead"
)


def _past_action(key: str) -> bool:
    if key in _STATIVE:
        return False
    if key in _IRREGULAR_ACTIONS:
        return True
    return len(key) >= 5 and key.endswith("ed")


def _action_after_subject(text: Scan, layout: Layout, index: int, high: int) -> int | None:
    """The action verb that follows a subject at `index` ("I rebuilt", "I'll map"), if any."""
    keys = text.keys
    cursor = index + 1
    future = keys[index] in ("ill", "id")  # "I'll", "I'd" typed as one word
    perfect = keys[index] == "ive"
    while cursor < high and cursor <= index + 4:
        key = keys[cursor]
        if key in _ADVERBS or (key.endswith("ly") and len(key) > 4):
            cursor += 1
            continue
        if key in ("will", "would", "am", "going", "to") and not perfect:
            future = future or key != "to"
            cursor += 1
            continue
        if key in ("have", "has") and not future:
            perfect = True
            cursor += 1
            continue
        if layout.negated(cursor) or layout.hypothetical(cursor):
            return None
        if future:
            if key == "have" or key in FUNCTION_WORDS or key in _STATIVE_BASE:
                return None  # "I would have", "I'd be": not an action
            return cursor
        if _past_action(key):
            return cursor
        return None
    return None


_SUBJECTS = ("i", "ill", "id", "ive")


def _subjects(layout: Layout) -> list[int]:
    return _cached(
        layout, "subjects", lambda: sorted(i for s in _SUBJECTS for i in layout.positions(s))
    )


#: The work claimed as the speaker's without "I" + a verb: "the pricing work was mine",
#: "what came from me was ...", "I was the one who ...".
_CLAIMED = _Cues(
    "was mine|were mine|is mine|are mine|came from me|come from me|i was the one|"
    "im the one|i am the one|my part was|my part is|my piece was|my role was|my job was|"
    "my idea|my call|my own initiative|on my own initiative"
)


def _did_it(text: Scan, layout: Layout, index: int, high: int) -> bool:
    """ "I did" standing for the action just named ("nobody else went, I did"): "did" ends
    its clause, so it is no auxiliary ("I did try")."""
    after = index + 2
    return (
        after <= high
        and text.keys[index + 1] == "did"
        and (after == high or layout.clause_start[after] == after)
        and not layout.ruled_out(index + 1)
    )


def _ownership(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    for index in _within(_subjects(layout), sentence.first, sentence.last):
        if _action_after_subject(text, layout, index, sentence.last) is not None:
            return index
        if _did_it(text, layout, index, sentence.last):
            return index
    return _first_cue(_CLAIMED, layout, sentence, layout.ruled_out)


# ---------------------------------------------------------------------------------------------
# acknowledgement of the other side

_OTHER_PARTY = word_set(
    "she he they her him them his their hers theirs you your manager managers boss lead "
    "director vp ceo cto cfo colleague colleagues peer peers partner partners stakeholder "
    "stakeholders client clients customer customers engineer engineers designer designers "
    "sales finance legal executive executives founder founders reviewer interviewer owner "
    "analyst supervisor counterpart team teams everyone others"
)
_ACKNOWLEDGE = _Cues(
    "understood|understand|understandable|fair|valid|legitimate|reasonable|had a point|"
    "has a point|good point|fair point|made sense|makes sense|real cost|real concern|real risk|"
    "real problem|genuine concern|right to|was right|were right|is right|appreciated|"
    "appreciate|respected|respect|see why|saw why|see where|saw where|took seriously|"
    "take seriously|acknowledged|acknowledge|empathise|empathize|agreed with|in their shoes|"
    "point of view|perspective|their concern|her concern|his concern|their worry|her worry|"
    "his worry|had reason|not wrong|wasnt wrong|werent wrong|her view|his view|their view|"
    "her point|his point|their point|her side|his side|their side|compromise|middle ground|"
    "common ground|coming from"
)
_SELF = word_set("i we im id ive")


def _other_party(text: Scan, layout: Layout, sentence: Sentence) -> bool:
    low, high = sentence.first, sentence.last
    return bool(_within(_capitals(layout), low, high)) or any(
        text.keys[i] in _OTHER_PARTY for i in range(low, high)
    )


def _acknowledgement(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    for index in _ACKNOWLEDGE.find(layout, sentence.first, sentence.last):
        key = keys[index]
        if key in ("not", "wasnt", "werent"):
            if index > sentence.first and keys[index - 1] in _SELF:
                continue
        elif layout.negated(index, SUPPOSITION_WINDOW) or layout.hypothetical(index):
            continue  # "I didn't think their concern was fair"
        elif key in ("was", "were", "is") and index > sentence.first and keys[index - 1] in _SELF:
            continue  # "I was right" defends, it does not acknowledge
        if _other_party(text, layout, sentence):
            return index
        return None
    return None


# ---------------------------------------------------------------------------------------------
# result

_RESULTS = _Cues(
    "fell|dropped|rose|grew|increased|decreased|reduced|improved|doubled|tripled|halved|saved|"
    "shrank|climbed|jumped|declined|lowered|raised|beat|exceeded|reached|recovered|stabilized|"
    "stabilised|shortened|launched|shipped|won|fixed|resolved|solved|delivered|passed|gained|"
    "boosted|eliminated|prevented|sped|cleared|finished|completed|succeeded|landed|signed|"
    "converted|retained|cut|went from|went up|went down|came down|came in|ended up|led to|"
    "resulted in|as a result|in the end|the result|the outcome|by the end|afterwards|"
    "from # to #|has since|have since|now uses|now use|still uses|still use"
)


def _result(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    for index in _RESULTS.find(layout, sentence.first, sentence.last):
        if layout.ruled_out(index) or _modal_before(text, layout, index):
            continue
        if index > sentence.first and keys[index - 1] == "to":
            continue  # "to reduce": an aim, not a result
        return index
    return None


# ---------------------------------------------------------------------------------------------
# reflection

_REFLECTIONS = _Cues(
    "looking back|in hindsight|hindsight|in retrospect|next time|should have|shouldve|"
    "would have done|wouldve done|differently|another way|a different way|if i did it again|"
    "if i had to do it again|do it again|i learned|i learnt|learned that|learnt that|the lesson|"
    "a lesson|lessons|taught me|i wish|i regret|what i would change|i would change|id change|"
    "now i would|now i|these days i|since then i|i realised|i realized|i now|id now|"
    "would do better|the mistake|my mistake"
)


def _first_cue(
    cues: _Cues, layout: Layout, sentence: Sentence, ruled_out: Callable[[int], bool]
) -> int | None:
    """The first cue of the sentence that `ruled_out` lets stand."""
    return next(
        (i for i in cues.find(layout, sentence.first, sentence.last) if not ruled_out(i)), None
    )


def _reflection(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    return _first_cue(_REFLECTIONS, layout, sentence, layout.negated)


# ---------------------------------------------------------------------------------------------
# shortcoming: a flaw or a mistake of the speaker's own, admitted

#: The speaker as the subject of what is admitted ("I can be too blunt", "I'm not great at").
_SPEAKER = word_set("i im ive id")
_SHORTCOMINGS = _Cues(
    "my mistake|my fault|my error|my blind spot|a blind spot|my weak spot|a weak spot|"
    "weak point|weakness|weaknesses|my flaw|on me|was wrong|got it wrong|got that wrong|"
    "misjudged|underestimated|overestimated|overlooked|misread|failed to|dropped the ball|"
    "messed up|screwed up|should have|shouldve|struggle|struggled|struggles|struggling|"
    "bad at|not great at|not good at|not very good at|not the best at|not strong at|"
    "not a strength|find it hard|found it hard|find it difficult|found it difficult|"
    "push myself|need to work on|needed to work on|have to work on|still working on|"
    "overthink|overthinking|overthought|overanalyse|overanalyze|overanalysing|overanalyzing|"
    "overcommit|overcommitted|overcommitting|overprepare|overpromise|overpromised|"
    "overengineer|overengineered|micromanage|micromanaged|micromanaging|too|enough"
)
#: Cues that name their owner: "my mistake", "that was on me".
_OWNED = word_set("my on")
#: The speaker must come this close before what they admit ("I can be too blunt").
_SPEAKER_WINDOW = 5
#: Another subject between the speaker and the cue takes it over: "I thought the plan was
#: too risky" faults the plan, "I think everyone has weaknesses" admits nothing, and "I
#: thought it was wrong" judges, it does not confess.
_OTHER_SUBJECT = word_set(
    "the a an this that these those their his her its our your it they he she we you "
    "everyone everybody nobody people someone anyone thought think felt believed believe "
    "said say"
)
#: After "too", words that say how much: "too much", "too long", "too early".
_TOO_HEADS = word_set("much many long often far soon early late fast quickly slowly slow")
_HAVING = word_set("have had has get got given gave")
#: "I work too hard", "I care too much", "I trust people too much": a virtue dressed as a
#: flaw admits nothing.
_VIRTUES = word_set(
    "hard care cares caring perfectionist perfectionistic dedicated committed passionate "
    "honest loyal nice generous kind thorough invested trust trusted trusting"
)


def _speaker_before(
    text: Scan, sentence: Sentence, index: int, window: int = _SPEAKER_WINDOW
) -> int | None:
    """The speaker ("I") shortly before `index` with no other subject between, if any."""
    keys = text.keys
    for j in range(index - 1, max(sentence.first, index - window) - 1, -1):
        if keys[j] in _SPEAKER:
            return j
        if keys[j] in _OTHER_SUBJECT:
            return None
    return None


def _owned(keys: list[str], low: int, index: int) -> bool:
    """Does the cue name the speaker itself ("my mistake", "that was on me", "my biggest
    weakness", "my weak point")?"""
    key = keys[index]
    if key == "my":
        return True
    if key == "on":
        return index > low and keys[index - 1] in ("was", "is", "thats", "were")
    return key.startswith("weak") and "my" in keys[max(low, index - 3) : index]


def _shortcoming(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    low, high = sentence.first, sentence.last
    found = _SHORTCOMINGS.find(layout, low, high)
    for index in found:
        if keys[index] == "too" and any(
            word in _VIRTUES for word in keys[max(low, index - 3) : min(high, index + 5)]
        ):
            return None  # "my weakness is that I care too much": a virtue, not a flaw
    for index in found:
        key = keys[index]
        if key in _OWNED or key.startswith("weak"):
            if _owned(keys, low, index) and not layout.ruled_out(index):
                return index
            continue
        if key == "enough":
            # "I don't delegate enough": a negated deficit is the admission ("I didn't have
            # enough time" blames the time).
            reach = 2 * _SPEAKER_WINDOW
            had = any(k in _HAVING for k in keys[max(low, index - reach) : index])
            if (
                not had
                and layout.negated(index, reach)
                and not layout.hypothetical(index)
                and _speaker_before(text, sentence, index, reach) is not None
            ):
                return index
            continue
        if key == "too":
            nxt = keys[index + 1] if index + 1 < high else ""
            if not nxt or (nxt in FUNCTION_WORDS and nxt not in _TOO_HEADS):
                continue  # "me too", "I was there too"
        # "I never struggled", "if I were too slow", "I don't want to seem too demanding"
        reach = 1 if key == "not" else _SPEAKER_WINDOW + 1
        if layout.negated(index, reach) or layout.hypothetical(index):
            continue
        if _speaker_before(text, sentence, index) is not None:
            return index
    return None


# ---------------------------------------------------------------------------------------------
# example: a concrete past instance

_EXAMPLES = _Cues(
    "last year|last quarter|last month|last spring|last summer|last autumn|last fall|"
    "last winter|last week|at my previous|at my last|at my old|at my current|in my previous|"
    "in my last|in my current|in my old|in my first|for example|for instance|one time|"
    "there was a time|when i was|when we were|# years ago|# months ago|# weeks ago|a year ago|"
    "a month ago|recently|back in|previously|at the time|once when|the time i|the time we"
)


def _example(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    found = _first_cue(_EXAMPLES, layout, sentence, layout.ruled_out)
    if found is not None:
        return found
    if keys[sentence.first] == "once" and sentence.last - sentence.first > 3:
        return sentence.first
    for index in _within(_numbers(layout), sentence.first + 1, sentence.last):
        year = keys[index]
        if keys[index - 1] in ("in", "during", "back") and len(year) == 4 and year.isdigit():
            return index - 1
    return None


# ---------------------------------------------------------------------------------------------
# timeline: a plan in time

_TIMELINES = _Cues(
    "first week|first month|first day|first days|first weeks|first months|first quarter|"
    "first year|first # days|first # weeks|first #|by day #|by week #|by month #|day #|week #|"
    "month #|by the end of|within # days|within # weeks|within # months|within the first|"
    "in # days|in # weeks|in # months|after # days|after # weeks|after # months|# days|# weeks|"
    "# months|# day plan|next quarter|next month|next week|second month|third month|"
    "second week|by then|from day one|on day one|second quarter"
)


def _timeline(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    return _first_cue(_TIMELINES, layout, sentence, layout.ruled_out)


# ---------------------------------------------------------------------------------------------
# question: an open, curious question

_OPEN_WORDS = word_set("what how why which who where when whats hows")
_CURIOUS = _Cues(
    "im curious|i am curious|curious about|curious what|curious how|curious whether|"
    "id love to hear|id love to know|id love to learn|id love to understand|"
    "i would love to hear|i would love to know|i would love to understand|i wonder|"
    "wondering|tell me about|tell me how|tell me what|interested to hear|interested in hearing"
)


#: A question asked in other words: a verb of finding out ...
_INQUIRIES = _Cues(
    "know|find out|ask|hear|learn|check|figure out|work out|understand|dig into|explore|"
    "get a sense of|get a feel for|clarify|interested in|curious"
)
#: ... that the speaker wants or means to do ("I'd want to know", "I wanted to ask") ...
_WISHES = word_set("want wanted like love id would keen dying hoping plan planning going eager")
#: ... (curiosity is a wish by itself) ...
_SELF_WISHING = word_set("interested curious")
#: ... then what they would find out, a few words on ("check with finance how they ...").
_EMBEDDED = word_set("what how why which who whom whose where when whether if whats hows")
_WISH_REACH = 4
_EMBEDDED_REACH = 4


def _embedded_question(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    """A question put as a wish to find something out: "I'd want to know where handoffs
    break down", "I wanted to ask how the team handles disagreements". Knowing, learning or
    asking without the wish ("I know how it works", "I learned what they needed") is not."""
    keys = text.keys
    starts, ends = _INQUIRIES.matches(layout)
    low, high = sentence.first, sentence.last
    for position in range(bisect_left(starts, low), bisect_left(starts, high)):
        index, end = starts[position], ends[position]
        if end > high or layout.negated(index):
            continue
        wished = keys[index] in _SELF_WISHING or any(
            keys[j] in _WISHES
            for j in range(max(layout.clause_start[index], index - _WISH_REACH), index)
        )
        if not wished:
            continue
        for j in range(end, min(high, end + _EMBEDDED_REACH)):
            if keys[j] in _EMBEDDED:
                if j + 1 < high and keys[j + 1] == "to" and keys[index] == "learn":
                    break  # "learn how to": a skill, not a question
                return index
    return None


def _asked(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    """A question asked outright: an open question, or "I'm curious how ..."."""
    keys = text.keys
    if sentence.question:
        for index in range(sentence.first, min(sentence.last, sentence.first + 8)):
            if keys[index] in _OPEN_WORDS:
                return index
    for index in _CURIOUS.find(layout, sentence.first, sentence.last):
        if not layout.negated(index):
            return index
    return None


def _question(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    """A question, asked outright or put as a wish to find something out."""
    found = _asked(text, layout, sentence)
    return found if found is not None else _embedded_question(text, layout, sentence)


# ---------------------------------------------------------------------------------------------
# enthusiasm: specific interest or energy

_ENTHUSIASM = _Cues(
    "|".join(" ".join(p) for p in ENERGY_PHRASES)
    + "|drawn to|drew me|draws me|appeals to me|excites me|what excites|i enjoy|i enjoyed"
    # wanting it: "exactly the kind of loop I want to be in", "that's what I'm after"
    + "|what i want|what im after|what i am after|what ive been looking for|"
    "what ive been hoping for|what ive wanted|what ive been trying to|exactly the kind|"
    "exactly what i|gets me going|gets me excited|lights me up|right up my street|"
    "right up my alley|id jump at|i would jump at|leaning towards|leaning toward|"
    "more sure than ever|sign me up|count me in|im all in"
)
#: A sentence of enthusiasm says what about: this many content words besides the cue.
_ENTHUSIASM_CONTENT = 2


def _energy(text: Scan, layout: Layout) -> list[int]:
    positions = text.positions()
    return _cached(
        layout,
        "energy",
        lambda: sorted(i for stem in ENERGY_STEMS for i in positions.get(stem, ())),
    )


def _enthusiasm(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys, stems = text.keys, text.stems
    cue = None

    def doubted(index: int) -> bool:
        # Doubt reaches further than a plain "not": "I'm not sure the work is what I want".
        return layout.ruled_out(index) or layout.negated(index, SUPPOSITION_WINDOW)

    for index in _within(_energy(text, layout), sentence.first, sentence.last):
        if not doubted(index):
            cue = index
            break
    if cue is None:
        cue = _first_cue(_ENTHUSIASM, layout, sentence, doubted)
    if cue is None:
        return None
    content = sum(
        1
        for i in range(sentence.first, sentence.last)
        if keys[i] not in FUNCTION_WORDS and stems[i] not in ENERGY_STEMS and keys[i].isalpha()
    )
    return cue if content >= _ENTHUSIASM_CONTENT + 1 else None


# ---------------------------------------------------------------------------------------------
# reported: what someone else said, put in the candidate's words ("when Priya said ...")

#: Verbs of saying (and of hearing) in the forms that report what was said.
_SAID = word_set(
    "said says saying told tells telling mentioned mentions mentioning explained explains "
    "explaining described describes describing admitted answered talked talking noted stressed "
    "emphasised emphasized highlighted hinted suggested warned joked insisted confirmed argued "
    "asked asking pointed quoted"
)
#: Base forms that report speech only after a modal: "they'd say", "she would tell you".
_SAY_BASE = word_set("say tell mention describe")
#: Hearing reports what was said whoever the subject: "what I heard today", "hearing that".
_HEARD = word_set("heard hearing")
#: Who can be reported (besides a name): the interviewers and the people in the story.
_REPORTERS = word_set(
    "you your she he they them someone somebody everyone everybody interviewer interviewers "
    "recruiter panel manager managers lead director head founder ceo cto cfo coo vp engineer "
    "engineers designer designers colleague colleagues boss reference referee referees "
    "teammate teammates mentor supervisor partner client customer customers people folks"
)
#: A speaker stands this many words before the verb at most ("the engineering lead said").
_REPORTER_WINDOW = 4


def _reporter(text: Scan, layout: Layout, sentence: Sentence, index: int) -> bool:
    """Is the word at `index` someone other than the candidate: a pronoun, a role, a name?"""
    key = text.keys[index]
    if key in _REPORTERS:
        return True
    if index == sentence.first:  # a name opening the sentence ("Priya said ...")
        return text.text[text.starts[index]].isupper() and key not in FUNCTION_WORDS
    return bool(_within(_capitals(layout), index, index + 1))


def _said_words(layout: Layout) -> list[int]:
    """Token indices of the verbs of saying and hearing, in order (read once per answer)."""

    def build() -> list[int]:
        index = layout.key_index()
        words = index.keys() & (_SAID | _SAY_BASE | _HEARD)
        return sorted(i for word in words for i in index[word])

    return _cached(layout, "said words", build)


def _reported(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys
    for verb in _within(_said_words(layout), sentence.first, sentence.last):
        if layout.ruled_out(verb):
            continue
        key = keys[verb]
        if key in _HEARD:
            return verb
        if key in _SAY_BASE and not (verb > sentence.first and keys[verb - 1] in _MODALS):
            continue
        low = max(sentence.first, layout.clause_start[verb], verb - _REPORTER_WINDOW)
        if any(_reporter(text, layout, sentence, i) for i in range(low, verb)):
            return verb
    return None


# ---------------------------------------------------------------------------------------------
# candour: a hard thing said plainly ("cards on the table", "I'd be lying if I said")

_CANDOUR = _Cues(
    "to be honest|to be frank|to be candid|to be straight|to be transparent|to be upfront|"
    "frankly|candidly|truthfully|in all honesty|if im honest|if i am honest|if im being honest|"
    "if i am being honest|the honest answer|honest answer is|the honest truth|truth is|"
    "truth be told|cards on the table|full disclosure|id be lying|i would be lying|"
    "wont pretend|will not pretend|not going to pretend|not gonna pretend|not going to lie|"
    "not gonna lie|wont lie|i have to admit|i must admit|ill admit|i will admit|i admit|"
    "ill confess|i confess|ill be honest|ill be straight|ill be upfront|ill be open|"
    "ill be transparent|ill be frank|ill be candid|let me be honest|let me be straight|"
    "let me be upfront|straight with you|upfront with you|honest with you|open with you|"
    "transparent with you|frank with you|wont sugarcoat|not sugarcoat|without sugarcoating|"
    "no sugarcoating|dress it up|no point hiding|wont hide|not hide it|put it plainly|"
    "in plain terms|for the record|set the record straight|one correction|a correction|"
    "i should correct|let me correct|to correct myself"
)


def _candour(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    # The cues carry their own negation ("I won't pretend"); only a negator before the cue
    # rules it out ("I'm not going to be honest").
    return _first_cue(_CANDOUR, layout, sentence, layout.negated)


# ---------------------------------------------------------------------------------------------
# offer: something put forward to make it work (help, a fix, flexibility)

_OFFERS = _Cues(
    "happy to|glad to|willing to|open to|prepared to|i can offer|i could offer|i offer|id offer|"
    "ill offer|i would offer|i volunteer|id volunteer|ill volunteer|i dont mind|"
    "i wouldnt mind|i do not mind|i would not mind|count me in|put me on|sign me up|im up for|"
    "i am up for|if it helps|if that helps|would it help if|would that help|as an alternative|"
    "alternatively|another option|one option|an option would be|what if i|how about i|"
    "how about if|i could also|i can also|instead i could|instead i can|i could instead|"
    "i can instead|i could take|i can take|i could work|i can work|i could start|i can start|"
    "i could cover|i can cover|i could move|i can move|i could come|i can come|i could set up|"
    "i can set up|i could put together|i can put together|i could send|i can send|"
    "i could share|i can share|i could bring|i can bring|i could help|i can help|ill help|"
    "i will help|id help|i would help|ill cover|ill take|ill pick up|i could pick up|"
    "i can pick up|i offered|we offered|i proposed|we proposed|i suggested|we suggested|"
    "my proposal|our proposal|i put forward|we put forward|i recommended|we recommended"
)


#: Offer cues that say nothing of who offers ("happy to"): the candidate must say them.
_OFFER_STATES = word_set("happy glad willing open prepared")
_OFFERERS = word_set("i im id ill ive we were wed")
#: The candidate stands this many words before such a cue at most ("I'd be more than happy").
_OFFERER_WINDOW = 4


def _offer(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    keys = text.keys

    def not_offered(index: int) -> bool:
        # "if it helps" and "what if I" carry their own "if": only negation rules an offer
        # out; and "they're happy to help" is their offer, not the candidate's.
        if layout.negated(index):
            return True
        if keys[index] not in _OFFER_STATES:
            return False
        low = max(sentence.first, layout.clause_start[index], index - _OFFERER_WINDOW)
        return not any(keys[i] in _OFFERERS for i in range(low, index))

    return _first_cue(_OFFERS, layout, sentence, not_offered)


# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# generic claims: what every candidate says of themselves, and no interviewer counts as evidence

_GENERIC = _Cues(
    "hard worker|hardworking|hard working|team player|people person|fast learner|quick learner|"
    "self starter|go getter|above and beyond|extra mile|outside the box|wear many hats|"
    "detail oriented|results driven|results oriented|passionate about|really passionate|"
    "very passionate|great addition|a great fit|a good fit|a perfect fit|the perfect fit|"
    "a lot of value|add value|bring value|adding value|learn a lot|learned a lot|learn so much|"
    "learned so much|always learning|lifelong learner|hit the ground running|give it my all|"
    "give it everything|110 percent|work well with others|work well with people|"
    "well under pressure|thrive under pressure|get along with everyone|get along with people|"
    "great communicator|strong communicator|good communicator|communication skills|"
    "work ethic|whatever it takes|made it work|make it work|at the end of the day|synergy|"
    "really smart|super smart|very smart|smart people|great team|great people|great culture|"
    "amazing team|amazing people|great company|amazing company|team effort|learning experience|"
    "im a perfectionist|best of my ability|jack of all trades|"
    "go with the flow|roll with the punches|think on my feet|very adaptable|really adaptable|"
    "pretty adaptable|im adaptable|im flexible|open minded|"
    "positive attitude|can do attitude|growth mindset|people skills|good with people"
)


def generic_claims(text: Scan, layout: Layout) -> list[int]:
    """Sentences that make a stock claim about the speaker or the place ("I'm a hard worker
    and a team player", "everyone here seems really smart") and hold no specifics: claims
    that every candidate makes, which say nothing until an example shows them."""

    def build() -> list[int]:
        sentences = layout.sentences
        found = _sentences_of(layout, _GENERIC.starts(layout))
        return [
            index
            for index in found
            if _GENERIC.find(layout, sentences[index].first, sentences[index].last)
            and _specifics(text, layout, sentences[index]) is None
        ]

    return _cached(layout, "generic", build)


# ---------------------------------------------------------------------------------------------
# vague language: what stays unsaid when no figure or name pins it down

_VAGUE = _Cues(
    "several|various|things|stuff|at one point|at some point|a lot of|lots of|kind of|sort of|"
    "somehow|and so on|etc|whatever|in general|generally|overall|all sorts"
)


def vague_sentences(text: Scan, layout: Layout) -> list[int]:
    """Sentences that gesture at what happened instead of saying it ("several million at
    one point", "we trimmed things", "a lot of stakeholders"), with no number and no name to
    pin them down: "several of the 40 stores", "two things", "a lot of Kafka" are specific."""

    def build() -> list[int]:
        keys, sentences = text.keys, layout.sentences
        found = []
        for index in _sentences_of(layout, _VAGUE.starts(layout)):
            sentence = sentences[index]
            low, high = sentence.first, sentence.last
            if not _VAGUE.find(layout, low, high):
                continue
            # "one" pins nothing down ("at one point", "one of those things").
            numbers = [i for i in _within(_numbers(layout), low, high) if keys[i] != "one"]
            if numbers or _within(_capitals(layout), low, high):
                continue
            found.append(index)
        return found

    return _cached(layout, "vague", build)


Detector = Callable[[Scan, Layout, Sentence], "int | None"]

_SENTENCE_DETECTORS: dict[str, Detector] = {
    "reasoning": _reasoning,
    "specifics": _specifics,
    "ownership": _ownership,
    "acknowledgement": _acknowledgement,
    "result": _result,
    "reflection": _reflection,
    "shortcoming": _shortcoming,
    "example": _example,
    "timeline": _timeline,
    "question": _question,
    "asked": _asked,  # not a bank signal: the question signal less its indirect form
    "enthusiasm": _enthusiasm,
    "reported": _reported,
    "candour": _candour,
    "offer": _offer,
}

_WE = word_set("we our team")


def _action(text: Scan, layout: Layout, sentence: Sentence) -> int | None:
    """An action taken: "I" or "we" with an action verb."""
    found = _ownership(text, layout, sentence)
    if found is not None:
        return found
    for index in _within(layout.positions("we"), sentence.first, sentence.last):
        if _action_after_subject(text, layout, index, sentence.last) is not None:
            return index
    return None


def _structure(text: Scan, layout: Layout) -> list[int]:
    """Situation, then action, then result: the action sentence when all three come in order."""
    sentences = layout.sentences
    results = detect("result", text, layout)
    if not results:
        return []
    # Only sentences holding a subject ("I", "we", ...) can state an action.
    actors = _sentences_of(layout, _subjects(layout) + layout.positions("we"))
    for index in actors:
        if index == 0 or _action(text, layout, sentences[index]) is None:
            continue
        if results[-1] > index or (len(sentences) >= 3 and index in results):
            return [index]
    return []


def _question_starts(layout: Layout) -> list[int]:
    return [sentence.first for sentence in layout.sentences if sentence.question]


#: Per detector, the tokens that can make it fire (a superset: the cue words it looks for).
#: A sentence with none of them cannot fire, so it is not read at all.
_TRIGGERS: dict[str, Callable[[Scan, Layout], list[int]]] = {
    "reasoning": lambda text, layout: _REASONS.starts(layout),
    "specifics": lambda text, layout: (
        _numbers(layout) + _capitals(layout) + _FROM_TO.starts(layout)
    ),
    "ownership": lambda text, layout: _subjects(layout) + _CLAIMED.starts(layout),
    "acknowledgement": lambda text, layout: _ACKNOWLEDGE.starts(layout),
    "result": lambda text, layout: _RESULTS.starts(layout),
    "reflection": lambda text, layout: _REFLECTIONS.starts(layout),
    "shortcoming": lambda text, layout: _SHORTCOMINGS.starts(layout),
    "example": lambda text, layout: (
        _EXAMPLES.starts(layout) + layout.positions("once") + _numbers(layout)
    ),
    "timeline": lambda text, layout: _TIMELINES.starts(layout),
    "asked": lambda text, layout: _question_starts(layout) + _CURIOUS.starts(layout),
    "question": lambda text, layout: _TRIGGERS["asked"](text, layout) + _INQUIRIES.starts(layout),
    "enthusiasm": lambda text, layout: _energy(text, layout) + _ENTHUSIASM.starts(layout),
    "reported": lambda text, layout: _said_words(layout),
    "candour": lambda text, layout: _CANDOUR.starts(layout),
    "offer": lambda text, layout: _OFFERS.starts(layout),
}


def _sentences_of(layout: Layout, tokens: list[int]) -> list[int]:
    """The sentences (in order) that hold any of `tokens`."""
    sentence_of = layout.sentence_of
    return sorted({sentence_of[index] for index in tokens})


def detect(name: str, text: Scan, layout: Layout) -> list[int]:
    """Indices of the sentences where signal `name` fires, in order."""
    if name == "structure":
        return _structure(text, layout)
    detector = _SENTENCE_DETECTORS[name]
    sentences = layout.sentences

    def build() -> list[int]:
        return [
            index
            for index in _sentences_of(layout, _TRIGGERS[name](text, layout))
            if detector(text, layout, sentences[index]) is not None
        ]

    return _cached(layout, "detect:" + name, build)
