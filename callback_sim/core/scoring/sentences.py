"""Sentences and clauses of an answer, and the scope of negation and hypotheticals in them.

Signals cite a sentence as evidence; the gate checks that a phrase sits in a real clause;
"I never blamed them" and "if she hadn't improved" must not count as blame or a result.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from callback_sim.core.text import Scan, scan, word_set

# Between two tokens: a sentence ends (a line break too, so bullet points are sentences).
_SENTENCE_MARKS = frozenset(".!?…。\n")
# Between two tokens: a clause ends (a hyphen only with spaces around it: " - ").
_CLAUSE_MARKS = ',;:()[]\u2013\u2014"-'
_END_PUNCTUATION = ".!?…。"

#: Words that negate what follows them in the same clause.
NEGATORS = word_set(
    "not no never nothing nobody none neither nor without hardly barely cannot dont doesnt "
    "didnt isnt arent wasnt werent havent hasnt hadnt wont wouldnt cant couldnt shouldnt mustnt"
)
#: Words that make the rest of their clause a supposition, not something that happened.
HYPOTHETICALS = word_set("if unless suppose supposing imagine imagining hypothetically whether")
#: An "if" that frames the saying, not the fact ("if you ask me, the rollout worked", "if you
#: only remember one thing, make it this", "if I'm honest, I pushed too hard"): a speech-act
#: conditional supposes nothing (the words after "if", as keys).
_SPEECH_ACT_CUES = (
    "you ask|you asked|you remember|you look|you looked|you think|you talk|you talked|"
    "you compare|you check|you only|you just|you want|you need|you take|im honest|"
    "i may|im being honest|i am honest"
)
SPEECH_ACT_IFS = frozenset(tuple(cue.split()) for cue in _SPEECH_ACT_CUES.split("|"))
#: How many words back a negator reaches ("I never really blamed them").
NEGATION_WINDOW = 3
#: A negative subject ("neither of the two outages was really their fault", "none of them
#: blamed me") negates its clause's verb and what follows it, up to this many words on; so
#: does what sets words aside (below).
SUBJECT_WINDOW = 8
NEGATIVE_SUBJECTS = word_set("neither none nobody nothing")
#: "Stopped dreading", "quit blaming": a verb of ceasing before an -ing form sets it aside.
CEASING = word_set("stop stops stopped quit quits")
#: "I'd rather X than Y": "than" sets Y aside when "rather" (or "sooner") came this many
#: words before it in the sentence; "instead of Y" and "rather than Y" always do.
PREFERENCE_WINDOW = 20
#: How many words back "if", "unless" (and a modal verb) reach within a clause.
SUPPOSITION_WINDOW = 12


class Sentence(NamedTuple):
    """One sentence: tokens [first, last), character span [start, end), is it a question.

    (A named tuple: made once per sentence of every answer, faster than a frozen dataclass.)
    """

    first: int
    last: int
    start: int
    end: int
    question: bool


class Layout:
    """The sentences and clauses of a scanned text, with each token's clause bounds."""

    __slots__ = (
        "_hypotheticals",
        "_index",
        "_negators",
        "_wide_negators",
        "cache",
        "clause_end",
        "clause_start",
        "firsts",
        "lasts",
        "sentence_of",
        "sentences",
        "text",
    )

    def __init__(self, text: Scan) -> None:
        self.text = text
        count = len(text.keys)
        sentences: list[Sentence] = []
        sentence_of: list[int] = []
        clause_start: list[int] = []
        clause_end: list[int] = []
        clause = first = 0
        for index, ends_sentence in _breaks(text):
            # Tokens [clause, index) are one clause of the sentence that started at `first`.
            size = index - clause
            sentence_of.extend([len(sentences)] * size)
            clause_start.extend([clause] * size)
            clause_end.extend([index] * size)
            if ends_sentence:
                sentences.append(self._sentence(first, index))
                first = index
            clause = index
        if count:
            size = count - clause
            sentence_of.extend([len(sentences)] * size)
            clause_start.extend([clause] * size)
            clause_end.extend([count] * size)
            sentences.append(self._sentence(first, count))
        self.sentences = sentences
        #: Per sentence, its first token and the token after its last (for built-in maps).
        self.firsts = [sentence.first for sentence in sentences]
        self.lasts = [sentence.last for sentence in sentences]
        self.sentence_of = sentence_of
        self.clause_start = clause_start
        self.clause_end = clause_end
        self._index: dict[str, list[int]] | None = None
        self._negators: list[int] | None = None
        self._wide_negators: list[int] | None = None
        self._hypotheticals: list[int] | None = None
        #: Per-answer results of the signal detectors, filled by `core.scoring.signals`.
        self.cache: dict[object, object] = {}

    def key_index(self) -> dict[str, list[int]]:
        """Each distinct comparison key with the token indices where it stands, in order."""
        if self._index is None:
            self._index = self.text.key_positions()
        return self._index

    def positions(self, key: str) -> list[int]:
        """Token indices of one comparison key ("because", "i"), in order."""
        return self.key_index().get(key, [])

    def _sentence(self, first: int, last: int) -> Sentence:
        text = self.text
        start, end = text.starts[first], text.ends[last - 1]
        tail = text.gaps[last]  # up to the next token, or the end of the text
        question = False
        for offset, char in enumerate(tail):
            if char in _END_PUNCTUATION:
                end += offset + 1
                question = char == "?"
                break
            if char == "\n":
                break
        return Sentence(first, last, start, end, question)

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.text.text[sentence.start : sentence.end]

    def _scope_words(self, words: frozenset[str]) -> list[int]:
        """Token indices of any of `words`, in order."""
        index = self.key_index()
        # Only the words the answer says (one set intersection, not a lookup per word).
        return sorted(i for word in index.keys() & words for i in index[word])

    def negated(self, index: int, window: int = NEGATION_WINDOW) -> bool:
        """Is the word at `index` negated by a negator shortly before it in its clause?"""
        negators = self._negators
        if negators is None:
            keys = self.text.keys
            negators = self._negators = [
                j
                for j in self._scope_words(NEGATORS)
                # "not only ... but": no negation
                if not (keys[j] == "not" and j + 1 < len(keys) and keys[j + 1] in ("only", "just"))
            ]
        if _any_between(negators, max(self.clause_start[index], index - window), index):
            return True
        # Negative subjects and what sets words aside reach further (SUBJECT_WINDOW).
        wide = self._wide_negators
        if wide is None:
            wide = self._wide_negators = sorted(
                self._scope_words(NEGATIVE_SUBJECTS) + self._set_aside()
            )
        return _any_between(wide, max(self.clause_start[index], index - SUBJECT_WINDOW), index)

    def _set_aside(self) -> list[int]:
        """Words after which the next ones are set aside, not done or felt: "instead of",
        "rather than", "I'd rather X than Y", "stopped dreading"."""
        keys = self.text.keys
        found = [j for j in self.positions("of") if j and keys[j - 1] == "instead"]
        for j in self.positions("than"):
            start = max(self.sentences[self.sentence_of[j]].first, j - PREFERENCE_WINDOW)
            if any(keys[k] in ("rather", "sooner") for k in range(start, j)):
                found.append(j)
        for word in self.key_index().keys() & CEASING:
            found += [
                j
                for j in self.positions(word)
                if j + 1 < len(keys) and keys[j + 1].endswith("ing") and len(keys[j + 1]) > 4
            ]
        return found

    def hypothetical(self, index: int) -> bool:
        """Is the word at `index` inside a supposition ("if we had shipped", "unless ...")?"""
        found = self._hypotheticals
        if found is None:
            keys = self.text.keys
            found = self._hypotheticals = [
                j
                for j in self._scope_words(HYPOTHETICALS)
                if not (keys[j] == "if" and tuple(keys[j + 1 : j + 3]) in SPEECH_ACT_IFS)
                and not (keys[j] == "if" and tuple(keys[j + 1 : j + 4]) in SPEECH_ACT_IFS)
            ]
        low = max(self.clause_start[index], index - SUPPOSITION_WINDOW)
        return _any_between(found, low, index)

    def ruled_out(self, index: int) -> bool:
        """Negated or hypothetical: the words do not say this happened."""
        return self.negated(index) or self.hypothetical(index)


def _any_between(positions: list[int], low: int, high: int) -> bool:
    """Does the sorted list `positions` hold a value in [low, high)?"""
    before = bisect_left(positions, high)
    return before > 0 and positions[before - 1] >= low


def _breaks(text: Scan) -> list[tuple[int, bool]]:
    """Where clauses end, in order: (the token after the break, does the sentence end too).

    Punctuation is read from the gaps between tokens, and only from gaps other than a
    single space (found by built-in maps), so the cost is the number of marks, not of
    words; a "." or "," inside "3.5" or "1,200" is part of a token, no break.
    """
    gaps = text.gaps
    count = len(text.keys)
    found: list[tuple[int, bool]] = []
    for index in compress(range(len(gaps)), map(" ".__ne__, gaps)):
        if not 0 < index < count:
            continue  # before the first word or after the last
        gap = gaps[index]
        ends: bool | None = None
        for offset, mark in enumerate(gap):
            if mark in _SENTENCE_MARKS:
                ends = True  # a sentence end wins over a clause end
                break
            # A hyphen ends a clause only with spaces around it: " - " (a gap's edges are
            # words, so a hyphen there is "x-" or "-y").
            if ends is None and mark in _CLAUSE_MARKS and (mark != "-" or _spaced(gap, offset)):
                ends = False
        if ends is not None:
            found.append((index, ends))
    return found


def _spaced(gap: str, offset: int) -> bool:
    """Is the character at `offset` of `gap` between two spaces (not at either edge)?"""
    return offset > 0 and gap[offset - 1].isspace() and gap[offset + 1 : offset + 2].isspace()


@lru_cache(maxsize=8)
def layout(answer: str) -> Layout:
    """The layout of `answer` (shares the cached scan)."""
    return Layout(scan(answer))
