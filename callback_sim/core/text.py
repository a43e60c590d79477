"""Text handling shared by scoring, ask-check and seeding: normalising, tokenising, phrase finding.

Everything works on word tokens with offsets into the *original* string, so a match can be
shown as an exact highlight. The phrase matcher compares whole words only (never inside
another word), tolerating case, Unicode forms, inflections, hyphen/space joins and, for long
words only, a few typos. docs/scoring.md states the rules; tests/unit/test_matcher.py pins them.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, count, islice, repeat
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from numpy import intp
    from numpy.typing import NDArray

from rapidfuzz.distance import OSA

# Curly and look-alike quotes become straight ones so "can’t" and "can't" are the same word.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\uff02": '"',
    }
)

# Combining marks Python's `\w` leaves out; without them "café" written as e + U+0301, Hindi
# vowel signs or Arabic harakat would split one word into pieces.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d"
    "\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
)
_APOSTROPHES = "'\u2019\u2018\u02bc\uff07"
#: Symbols that are tokens of their own, with the word they stand for ("60%" covers "percent").
_SYMBOL_WORDS = {
    "%": "percent",
    "\uff05": "percent",
    "$": "dollar",
    "\uff04": "dollar",
    "€": "euro",
    "£": "pound",
    "¥": "yen",
}
# A word starts with a letter or digit and goes on with word characters or combining marks
# (an inner "_" is kept: a single negated class for "letters but not _" plus marks would need
# an alternation per character, a third slower on long answers).
_WORD_CHARS = rf"[\w{_MARKS}]"
# Order matters: numbers with separators ("1,200", "3.5") first, then words with inner
# apostrophes ("can't", "team’s"), then the symbols above.
_TOKEN_RE = re.compile(
    rf"\d+(?:[.,]\d+)+"
    rf"|[^\W_]{_WORD_CHARS}*(?:[{_APOSTROPHES}]{_WORD_CHARS}+)*"
    rf"|[{''.join(_SYMBOL_WORDS)}]"
)
# The same tokens for a text that is all ASCII (most answers): there \w is [A-Za-z0-9_], the
# marks, curly apostrophes and other symbols cannot occur, and spelled-out ranges are read
# about twice as fast as the Unicode classes.
# Possessive quantifiers (`*+`, `++`): no match ever needs to give characters back, and
# the regex engine then keeps no state to backtrack with (a fifth less work per text).
_ASCII_WORD = r"[a-zA-Z0-9_]*+(?:'[a-zA-Z0-9_]+)*+"
_ASCII_TOKEN_RE = re.compile(
    rf"[a-zA-Z]{_ASCII_WORD}|\d(?:\d*+(?:[.,]\d+)++|{_ASCII_WORD})"
    rf"|[{''.join(c for c in _SYMBOL_WORDS if c.isascii())}]"
)
# Between the words of one phrase: no sentence break.
_BREAK_RE = re.compile(r"[.!?;…。]|\n\s*\n")
#: Characters that may join two tokens into one word: "hand-over", "hand over".
_JOINERS = frozenset(" -\u2010\u2011\u2012\u2013\u2014\u00ad\u00a0")
_MAX_PHRASE_GAP = 8
_NEXT = 1  # `_NEXT.__add__` maps a token index to the next one's
#: A cache miss, where None is a remembered answer (compared by identity).
_UNSEEN: tuple[str, str, bool] = ("", "", False)
_JOIN_CACHE_LIMIT = 20_000


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (for word lists in code)."""
    return frozenset(words.split())


def normalize(text: str) -> str:
    """NFKC, curly quotes made straight, casefolded: the form two spellings are compared in."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()


@dataclass(frozen=True, slots=True)
class Token:
    """One word (or %, $, €, ...): `text` is `original[start:end]`, `norm` its normal form."""

    text: str
    norm: str
    start: int
    end: int


def _norm_token(raw: str) -> str:
    # ASCII is by far the common case and NFKC/casefold are identities on it (but lower()).
    if raw.isascii():
        return raw.lower()
    return normalize(raw)


def _key(norm: str) -> str:
    """The comparison form of a normalised token: no apostrophes, accents or thousands commas."""
    symbol = _SYMBOL_WORDS.get(norm)
    if symbol is not None:
        return symbol
    if norm.isascii():
        if "'" in norm:
            return norm.replace("'", "")
        if "," in norm:
            return norm.replace(",", "")
        return norm
    # Fold Latin/Greek/Cyrillic accents ("résumé" = "resume") but keep other scripts' marks.
    decomposed = unicodedata.normalize("NFKD", norm)
    folded = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    return unicodedata.normalize("NFC", folded).replace("'", "").replace(",", "")


# ---------------------------------------------------------------------------------------------
# Light stemming: enough to make inflections of one word collide, and nothing more.

#: Irregular forms that carry the same meaning in an answer as their base word.
_IRREGULAR_BASE = {
    "led": "lead",
    "built": "build",
    "grew": "grow",
    "grown": "grow",
    "made": "make",
    "ran": "run",
    "taught": "teach",
    "chose": "choose",
    "chosen": "choose",
    "wrote": "write",
    "written": "write",
    "drove": "drive",
    "driven": "drive",
    "began": "begin",
    "begun": "begin",
    "brought": "bring",
    "bought": "buy",
    "thought": "think",
    "sold": "sell",
    "spoke": "speak",
    "spoken": "speak",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "kept": "keep",
    "met": "meet",
    "won": "win",
    "lost": "lose",
    "knew": "know",
    "known": "know",
    "told": "tell",
    "sent": "send",
    "spent": "spend",
    "found": "find",
    "held": "hold",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "learnt": "learn",
    "understood": "understand",
}
_VOWELS = frozenset("aeiouy")


def _has_vowel(part: str) -> bool:
    return any(ch in _VOWELS for ch in part)


def _short_cvc(part: str) -> bool:
    """hop, us, tak(e): a short consonant-vowel-consonant stem that lost a silent e."""
    return (
        2 <= len(part) <= 3
        and part[-1] not in _VOWELS
        and part[-1] not in "wx"
        and part[-2] in _VOWELS
        and (len(part) == 2 or part[-3] not in _VOWELS)
    )


def _stem_regular(word: str) -> str:
    w = word
    if w.endswith("isation"):
        w = w[:-7] + "ization"
    elif w.endswith("isations"):
        w = w[:-8] + "izations"
    # Plurals and third person.
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses") or (w.endswith(("ches", "shes", "xes", "zzes")) and len(w) > 4):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "sis")) and len(w) > 3:
        w = w[:-1]
    # Past tense and -ing.
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("eed"):
        if len(w) > 5:
            w = w[:-1]  # agreed -> agree; need, speed, feed stay
    elif w.endswith("ed") and len(w) > 3 and _has_vowel(w[:-2]):
        w = w[:-2]
        if _short_cvc(w):
            w += "e"
    elif w.endswith("ing") and len(w) > 4 and _has_vowel(w[:-3]):
        w = w[:-3]
        if _short_cvc(w):
            w += "e"
    # Canonical endings so base and inflected forms meet: negotiate/negotiat(ed),
    # staff/staff(ed), plan/plann(ed), prioritise/prioritize.
    if w.endswith("e") and len(w) >= 5:
        w = w[:-1]
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in _VOWELS:
        w = w[:-1]
    if len(w) >= 6 and w.endswith(("is", "ys")):
        w = w[:-1] + "z"
    return w


_IRREGULAR_STEM = {form: _stem_regular(base) for form, base in _IRREGULAR_BASE.items()}
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


def stem(key: str) -> str:
    """A light English stem of a comparison key: `negotiated`, `negotiating` -> `negotiat`.

    Only ASCII letters are stemmed; numbers and other scripts compare as they are.
    """
    cached = _STEM_CACHE.get(key)
    if cached is not None:
        return cached
    irregular = _IRREGULAR_STEM.get(key)
    if irregular is not None:
        result = irregular
    elif len(key) < 3 or not (key.isascii() and key.isalpha()):
        result = key
    else:
        result = _stem_regular(key)
    if len(_STEM_CACHE) >= _STEM_CACHE_LIMIT:
        _STEM_CACHE.clear()  # bounded: a pasted novel must not grow memory forever
    _STEM_CACHE[key] = result
    return result


#: Words this short match a typo only when two neighbouring letters are swapped: one
#: changed or dropped letter turns "gap" into "cap", "map" or "ga" as easily as into a typo.
TRANSPOSED_ONLY = 3


def _swapped(typed: str, word: str) -> bool:
    """Is `typed` the word with two neighbouring letters swapped ("agp" for "gap")?"""
    if len(typed) != len(word) or typed == word:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == word[diff[1]]
        and (typed[diff[1]] == word[diff[0]])
    )


def typo_budget(stem_text: str) -> int:
    """Edits allowed between a phrase word and an unknown answer word, by the phrase word's length.

    One edit from 4 letters ("tema" for "team"), two from 8; a 3-letter word only two of its
    letters swapped ("agp" for "gap", see `TRANSPOSED_ONLY`); none for numbers or shorter words.
    The word list decides whether an answer word may be a typo at all (see `is_known_word`).
    """
    if not stem_text.isalpha():
        return 0
    size = len(stem_text)
    if size < 3:
        return 0
    if size < 4:
        return 1  # a transposition only (TRANSPOSED_ONLY)
    if size < 8:
        return 1
    return 2


# ---------------------------------------------------------------------------------------------
# The English word list: a known word is never taken as a typo of another word.


class _WordLists(NamedTuple):
    known: frozenset[str]
    common: frozenset[str]
    #: The CORRECTABLE_WORDS most frequent words (plain letters) -> how often they occur.
    frequent: dict[str, int]


_WORDS: _WordLists | None = None
_WORDS_LOCK = threading.Lock()
#: How many of the most frequent English words count as common (see `common_words`).
COMMON_WORDS = 1000
#: How many of the most frequent English words a typo may be read as (see `correction`).
CORRECTABLE_WORDS = 30_000


def _load_words() -> _WordLists:
    # pyspellchecker's English frequency list (MIT), read straight from its wheel: the
    # SpellChecker class would also build indexes scoring never uses.
    source = resources.files("spellchecker") / "resources" / "en.json.gz"
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        data: dict[str, int] = json.load(handle)
    # The list is lower-case; only words with apostrophes or accents need the full key.
    known = frozenset(
        word if word.isascii() and word.isalpha() else _key(_norm_token(word)) for word in data
    )
    # One stable sort serves both lists (what heapq.nlargest would pick, in a third the time).
    frequent = sorted(data, key=data.__getitem__, reverse=True)[:CORRECTABLE_WORDS]
    common = frozenset(_key(_norm_token(word)) for word in frequent[:COMMON_WORDS])
    plain: dict[str, int] = {}
    for word in frequent:  # "don't" as its key "dont", which a typo "dnot" stands for
        key = word if word.isalpha() else _key(_norm_token(word))
        if key.isascii() and key.isalpha():
            plain[key] = max(plain.get(key, 0), data[word])
    return _WordLists(known, common, plain)


def _word_lists() -> _WordLists:
    global _WORDS
    if _WORDS is None:
        with _WORDS_LOCK:
            if _WORDS is None:
                _WORDS = _load_words()
    return _WORDS


def known_words() -> frozenset[str]:
    """The English word list as comparison keys, loaded once on first use (about 0.2 s)."""
    return _word_lists().known


def common_words() -> frozenset[str]:
    """The COMMON_WORDS most frequent English words ("time", "work", "team"), as keys."""
    return _word_lists().common


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: A rubric word as near to a typed word as its likeliest reading stays a reading of it
#: unless it is this many times rarer in English ("enginers": "engines" or "engineers" both
#: stand; "andd" is "and", not the rubric's "band"). Calibration sets A and B gave the
#: same figures from 4 to 30; an order of magnitude is the round choice.
LIKELY_RATIO = 10.0
#: unknown key -> the word it is read as ("" when none): each typo is worked out once.
_CORRECTIONS: dict[str, str] = {}
_CORRECTIONS_LIMIT = 50_000


def _one_edit(word: str) -> set[str]:
    """Every string one edit from `word`: a letter dropped, added, changed, or two
    neighbouring letters swapped (up to three letters: swapped only, see TRANSPOSED_ONLY)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    if len(word) <= TRANSPOSED_ONLY:
        return swapped
    dropped = {a + b[1:] for a, b in splits if b}
    changed = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    added = {a + c + b for a, b in splits for c in _LETTERS}
    return swapped | dropped | changed | added


def correction(key: str) -> str | None:
    """The word a typed word that is not English most likely stands for ("rsult" ->
    "result", "teh" -> "the", "wnated" -> "wanted"), or None.

    Read the way a person reads a typo: of the CORRECTABLE_WORDS most frequent English
    words, the most frequent one edit away (a word of two or three letters: two letters
    swapped only, "ot" -> "to"). A known word, a number, a single letter or a word with no
    frequent word that near is left as it is.
    """
    found = _CORRECTIONS.get(key)
    if found is not None:
        return found or None
    word = ""
    if key.isascii() and key.isalpha() and len(key) >= 2:
        lists = _word_lists()
        if key not in lists.known:
            frequent = lists.frequent
            best = 0
            for candidate in _one_edit(key) & frequent.keys():
                if frequent[candidate] > best:
                    word, best = candidate, frequent[candidate]
    if len(_CORRECTIONS) >= _CORRECTIONS_LIMIT:
        _CORRECTIONS.clear()
    _CORRECTIONS[key] = word
    return word or None


#: unknown key -> where it splits into two words (0 when it does not): worked out once.
_SPLITS: dict[str, int] = {}
#: The words a space is left out next to (one half of every split): the commonest little
#: words, but not those that make compounds ("on" + "boarding", "roll" + "out", "up" +
#: "sell", "a" + "sync", "program" + "me"): jargon run together is not a typo.
_RUN_TOGETHER = word_set(
    "i the to and of it is was have has had be been than that this you your we our they "
    "them he she her his at for with but not so if as or are were do did will would can "
    "could an my"
)


#: Past forms that take "me" after them ("toldme", "gaveme"); a regular one ends in -ed.
_TOLD = word_set("told gave sent let taught brought paid made got lent sold left put")


def _tells(word: str) -> bool:
    """Is `word` a past form a "me" may follow ("told", "asked"), not a noun ("program")?"""
    return word in _TOLD or (len(word) > 3 and word.endswith("ed"))


def split_point(key: str) -> int:
    """Where a typed word that is no English word splits into two frequent ones, a space
    left out ("thanhave" -> "than" + "have": 4; "irolled" -> "i" + "rolled": 1); 0 when it
    does not. The split whose rarer half is the most frequent word; none when the typed word is
    one edit from a word (`correction`: "offeed" reads "offered", not "of feed"), unless
    the split is a leading "I" ("Irolled": "I rolled", not "rolled"). One half is one of
    the commonest little words (`_RUN_TOGETHER`); both have two letters or more, but for a
    leading "I"."""
    found = _SPLITS.get(key)
    if found is not None:
        return found
    point = 0
    if len(key) >= 4 and key.isascii() and key.isalpha():
        lists = _word_lists()
        if key not in lists.known:
            frequent = lists.frequent
            best = 0
            for at in range(1, len(key) - 1):
                left, right = key[:at], key[at:]
                if (
                    left not in _RUN_TOGETHER
                    and right not in _RUN_TOGETHER
                    and not (right == "me" and _tells(left))
                ):
                    continue
                if (at == 1 and left != "i") or len(right) < 2:
                    continue
                score = min(frequent.get(left, 0), frequent.get(right, 0))
                if score > best:
                    point, best = at, score
            if point > 1 and correction(key) is not None:
                point = 0  # a typo of one word: "offeed" reads "offered", not "of feed"
    if len(_SPLITS) >= _CORRECTIONS_LIMIT:
        _SPLITS.clear()
    _SPLITS[key] = point
    return point


def warm_up() -> None:
    """Load the word list now (the TUI calls this in a thread worker after its first screen)."""
    _word_lists()


def is_known_word(key: str) -> bool:
    """Is this comparison key an English word (so never a typo of another one)?"""
    return key in known_words()


#: Spelled-out numbers compare as digits: "thirty days" matches "30 days".
_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_TENS = "thirty forty fifty sixty seventy eighty ninety"
NUMBER_WORDS = {word: str(value) for value, word in enumerate(_SMALL_NUMBERS.split())} | {
    word: str(30 + 10 * index) for index, word in enumerate(_TENS.split())
}

# Derivational endings, longest first: "measurable" ~ "measure", "ownership" ~ "own".
_DERIVATIONS = (
    "ability", "ibility", "ership", "ation", "ition", "ement", "ment", "ness", "ship", "ance",
    "ence", "able", "ible", "abl", "ibl", "anc", "enc", "ity", "ful", "ive", "iv", "ion", "ly",
)  # fmt: skip


#: Two words that share a root by spelling are derivations of each other only when their word
#: vectors are at least this similar: "measurable" ~ "measure" is 0.74, "weekly" ~ "week"
#: 0.75, "general" ~ "generally" 0.33; "candidate" ~ "candidly" is -0.04, "conversation" ~
#: "conversion" -0.01, "wondering" ~ "wonderful" 0.20.
DERIVATION_MIN_SIMILARITY = 0.3


def _same_sense(first: str, second: str) -> bool:
    """Do two written words mean nearly the same, by the shipped word vectors? True when
    either has no vector (the spelling rule then stands alone)."""
    # Imported here: the vectors live with the scorer, which imports this module.
    from callback_sim.core.scoring.semantic import word_vectors

    table = word_vectors()
    a, b = table.index.get(first.replace("'", "")), table.index.get(second.replace("'", ""))
    if a is None or b is None:
        return True
    return float(table.vectors[a] @ table.vectors[b]) >= DERIVATION_MIN_SIMILARITY


@lru_cache(maxsize=65536)
def root(stem_text: str) -> str:
    """A derivational root of a stem, so "measurable", "measure" and "measurement" meet.

    Only used to link an answer word to a rubric word; a root under three letters is refused.
    """
    if not stem_text.isalpha() or len(stem_text) < 5:
        return stem_text
    word = stem_text
    for ending in _DERIVATIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    if word.endswith("at") and len(word) >= 6:
        word = word[:-2]  # negotiat(e) ~ negoti(ation)
    return word


# Short words that are also common acronyms: written in capitals in a rubric they only
# match capitals in the answer, so "IT" skips "it" and "PM" skips "3 pm".
_COMMON_SHORT_WORDS = word_set(
    "a i am an as at be by do go he hi id if in is it me my no of oh ok on or so to up us we "
    "ad all and any are can did for had has her him his how may nor not now one our out pm "
    "sat see she the too two use was who why won yes yet you"
)


# ---------------------------------------------------------------------------------------------
# Scanning a text once.

#: raw token -> (key, stem): answers repeat words, so each is worked out once.
_TOKEN_INFO: dict[str, tuple[str, str]] = {}
_TOKEN_INFO_LIMIT = 200_000


def _token_info(raw: str) -> tuple[str, str]:
    key = _key(_norm_token(raw))
    if raw[-1] == "s" and raw[-2:-1].isupper() and key[:-1].isalpha():
        key_stem = stem(key[:-1])  # an acronym's plural: "AIs", "PMs", "KPIs"
    else:
        key_stem = NUMBER_WORDS.get(key) or stem(key)
    info = (key, key_stem)
    if len(_TOKEN_INFO) >= _TOKEN_INFO_LIMIT:
        _TOKEN_INFO.clear()  # bounded, like the stem cache
    _TOKEN_INFO[raw] = info
    return info


def index_positions(items: Sequence[str]) -> dict[str, list[int]]:
    """Each distinct item with the indices where it stands, in order."""
    positions: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        found = positions.get(item)
        if found is None:
            positions[item] = [index]
        else:
            found.append(index)
    return positions


def _grouped(by_raw: dict[str, list[int]], name_of: dict[str, str]) -> dict[str, list[int]]:
    """Positions by raw token regrouped by what each raw token stands for (its key or stem).

    The same dict, in the same order, as indexing the names token by token: a name first
    appears where its earliest raw token does, and raw tokens come in order of first
    appearance.
    """
    grouped: dict[str, list[int]] = {}
    for raw, indices in by_raw.items():
        name = name_of[raw]
        known = grouped.get(name)
        grouped[name] = indices if known is None else sorted(known + indices)
    return grouped


# The token patterns split a text into [gap, token, gap, token, ..., gap]: the tokens and,
# from the lengths, their offsets, without a match object per token.
_ASCII_SPLIT_RE = re.compile(f"({_ASCII_TOKEN_RE.pattern})")
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
_SYMBOLS = frozenset(_SYMBOL_WORDS)


class Scan:
    """A text tokenised once: the per-answer token table every scoring stage reads.

    Per token (parallel lists, index = token number): `starts` and `ends` (character
    offsets into `text`), `keys` (comparison form), `stems`, and `ids` (the number of its
    distinct written form in `words`); `gaps[i]` is the text before token i (and
    `gaps[-1]` the text after the last), so punctuation is read from the gaps alone.
    Per distinct written form, in order of first appearance: `words`, `word_keys`,
    `word_stems`; so a stage that needs something of each token works it out once per
    distinct word and spreads it with `ids`. The token indices of each stem, key and
    written form are indexed on first use (`positions`, `key_positions`, `raw_positions`).
    Parallel lists rather than Token objects keep a 100,000-word paste fast; `tokens()`
    builds the public objects when someone wants them.
    """

    __slots__ = (
        "_by_raw",
        "_corrected",
        "_id_array",
        "_key_positions",
        "_positions",
        "ends",
        "gaps",
        "ids",
        "keys",
        "starts",
        "stems",
        "symbols",
        "text",
        "word_keys",
        "word_stems",
        "words",
    )

    def __init__(self, text: str, *, spaced: bool = False) -> None:
        self.text = text
        # Built-in maps rather than loops over the tokens: several times faster in CPython.
        parts = (_ASCII_SPLIT_RE if text.isascii() else _SPLIT_RE).split(text)
        if spaced:
            parts = _spaced_parts(parts)
        raws = parts[1::2]
        # Offsets from one running sum of the parts' lengths: token i is parts[2i + 1].
        offsets = list(accumulate(map(len, parts)))
        self.starts, self.ends = offsets[0:-1:2], offsets[1::2]
        self.gaps = parts[0::2]
        # Each distinct token's key and stem, then every token's by lookup; the tokens'
        # positions are indexed once, and by key and by stem from that (`key_positions`).
        by_raw = index_positions(raws)
        key_of: dict[str, str] = {}
        stem_of: dict[str, str] = {}
        known = _TOKEN_INFO.get
        symbols = 0
        for raw in by_raw:
            key_of[raw], stem_of[raw] = known(raw) or _token_info(raw)
            if raw in _SYMBOLS:
                symbols += len(by_raw[raw])
        self.words = list(by_raw)
        self.word_keys = list(key_of.values())  # filled in the order of `words`
        self.word_stems = list(stem_of.values())
        self.ids = list(map(dict(zip(by_raw, count())).__getitem__, raws))
        self.keys = list(map(self.word_keys.__getitem__, self.ids))
        self.stems = list(map(self.word_stems.__getitem__, self.ids))
        self.symbols = symbols
        self._by_raw = (by_raw, key_of, stem_of)
        self._positions: dict[str, list[int]] | None = None
        self._key_positions: dict[str, list[int]] | None = None
        self._id_array: object = None
        self._corrected: Scan | None = None

    def corrected(self) -> Scan:
        """The text as it was meant: each written form whose key is no English word but one
        edit from a frequent one (`correction`) takes that word's key and stem; tokens,
        offsets and the text stay as typed, so evidence quotes what was written.

        Signals, negation, function words and meanings read this scan, so "I wnated to ask
        how" still asks and "teh" is still a function word; the phrase matcher reads the
        typed one (its own typo rule compares typed words with the rubric's). A capitalised
        form is left alone unless it opens a sentence (a name is not a typo), and so is one
        with two capitals (an acronym). Itself when nothing needs correcting.
        """
        if self._corrected is not None:
            return self._corrected
        by_raw, _key_of, _stem_of = self._by_raw
        fixes: dict[int, str] = {}
        for number, (raw, key) in enumerate(zip(self.words, self.word_keys, strict=True)):
            if raw[:1].isupper():
                first = by_raw[raw][0]
                if not _opens(first, self.gaps[first]) or sum(map(str.isupper, raw)) > 1:
                    continue
            fixed = correction(key)
            if fixed is not None:
                fixes[number] = fixed
        if not fixes:
            self._corrected = self
            return self
        word_keys, word_stems = list(self.word_keys), list(self.word_stems)
        for number, fixed in fixes.items():
            word_keys[number], word_stems[number] = fixed, NUMBER_WORDS.get(fixed) or stem(fixed)
        copy = Scan.__new__(Scan)
        copy.text, copy.starts, copy.ends, copy.gaps = self.text, self.starts, self.ends, self.gaps
        copy.words, copy.ids, copy.symbols = self.words, self.ids, self.symbols
        copy.word_keys, copy.word_stems = word_keys, word_stems
        copy.keys = list(map(word_keys.__getitem__, self.ids))
        copy.stems = list(map(word_stems.__getitem__, self.ids))
        key_of = dict(zip(by_raw, word_keys, strict=True))
        copy._by_raw = (by_raw, key_of, dict(zip(by_raw, word_stems, strict=True)))
        copy._positions = copy._key_positions = None
        copy._id_array = self._id_array
        copy._corrected = self._corrected = copy
        return copy

    def id_array(self) -> NDArray[intp]:
        """`ids` as a NumPy array, made on first use: a stage spreads a per-word array
        over the tokens with `per_word[scan.id_array()]`."""
        if self._id_array is None:
            import numpy as np  # only scoring needs it; the TUI's start does not

            self._id_array = np.array(self.ids, np.intp)
        return cast("NDArray[intp]", self._id_array)

    @property
    def norms(self) -> list[str]:
        """Each token's normal form (`normalize`), worked out when asked for."""
        text = self.text
        return [_norm_token(text[s:e]) for s, e in zip(self.starts, self.ends, strict=True)]

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def word_count(self) -> int:
        return len(self.keys) - self.symbols

    def positions(self) -> dict[str, list[int]]:
        """Token indices by stem, built on first use and shared by every phrase set.

        `index_positions(self.stems)`, in its order too; read-only (lists are shared)."""
        if self._positions is None:
            by_raw, _key_of, stem_of = self._by_raw
            self._positions = _grouped(by_raw, stem_of)
        return self._positions

    def raw_positions(self) -> dict[str, list[int]]:
        """Token indices by the token as written ("Team", "team"): `index_positions` of the
        raw tokens; read-only."""
        return self._by_raw[0]

    def key_positions(self) -> dict[str, list[int]]:
        """Token indices by comparison key: `index_positions(self.keys)`; read-only."""
        if self._key_positions is None:
            by_raw, key_of, _stem_of = self._by_raw
            self._key_positions = _grouped(by_raw, key_of)
        return self._key_positions

    def gap(self, left: int, right: int) -> str:
        """The original text between token `left` and token `right`."""
        return self.text[self.ends[left] : self.starts[right]]

    def tokens(self) -> list[Token]:
        return [
            Token(self.text[s:e], n, s, e)
            for s, e, n in zip(self.starts, self.ends, self.norms, strict=True)
        ]


def _opens(token: int, gap: str) -> bool:
    """Does token number `token`, after `gap`, open the text or a sentence (where a
    capital says nothing of a name)?"""
    return token == 0 or any(mark in gap for mark in ".!?\n")


def _spaced_parts(parts: list[str]) -> list[str]:
    """[gap, token, gap, ...] with each token that is two words run together (`split_point`)
    as two tokens and an empty gap between them. A capitalised token is split only when it
    starts with "I" ("Ifinished") or opens the text or a sentence (a name is not two words)."""
    points: dict[str, int] = {}
    for raw in set(parts[1::2]):  # each written form once; most answers split none
        if len(raw) >= 4 and raw.isalpha():
            point = split_point(_key(_norm_token(raw)))
            if point:
                points[raw] = point
    if not points:
        return parts
    out: list[str] = []
    for number in range(1, len(parts), 2):
        raw = parts[number]
        point = points.get(raw, 0)
        if point and not (raw.islower() or (raw[0] == "I" and raw[1:].islower())):
            point = point if _opens(number // 2, parts[number - 1]) else 0
        if point:
            out.extend((parts[number - 1], raw[:point], "", raw[point:]))
        else:
            out.extend((parts[number - 1], raw))
    out.append(parts[-1])
    return out


@lru_cache(maxsize=8)
def scoring_scan(text: str) -> Scan:
    """`scan`, with each pair of words run together (a space left out: "toldme") read as the
    two words: what the scorer reads. Loads the English word list on first use."""
    return Scan(text, spaced=True)


@lru_cache(maxsize=8)
def scan(text: str) -> Scan:
    """Tokenise `text` once; scoring, delivery figures and find_phrase share the result.

    A small cache: one answer is scanned by several callers in a row, and a pasted
    100,000-word answer costs tens of megabytes to keep.
    """
    return Scan(text)


def tokenize(text: str) -> list[Token]:
    """Word tokens (and %, $, €, £, ¥) with offsets into the original `text`."""
    return scan(text).tokens()


def count_words(text: str) -> int:
    """Words in `text` (symbols such as % do not count)."""
    return scan(text).word_count


# ---------------------------------------------------------------------------------------------
# Phrase matching.

#: Closed-class English words (articles, pronouns, prepositions, auxiliaries, conjunctions,
#: common adverbs): the glue of a sentence, which a list of keywords lacks.
FUNCTION_WORDS = word_set(
    "a an the this that these those some any each every no all both either neither such "
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves one ones "
    "who whom whose which what whatever whoever where when why how "
    "am is are was were be been being have has had having do does did doing done "
    "will would shall should can could may might must ought "
    "im ive id ill youre youve youd youll hes shes its were weve wed well theyre theyve theyd "
    "dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt wont wouldnt cant couldnt "
    "shouldnt mustnt thats theres whats lets "
    "and or but nor so yet because since although though while whereas unless if than then "
    "as until till whether once "
    "of in on at by for with about against between into through during before after above "
    "below to from up down out off over under again further around among across along "
    "behind beyond within without upon onto toward towards via per like near "
    "not very too also just only even still already really quite rather much more most "
    "less least many few lot lots other another same own here there now ever never always "
    "often sometimes again back away yes oh okay ok well"
)

#: Match qualities, best first; the best (then earliest) occurrence wins.
EXACT, INFLECTED, DERIVED, TYPO = 0, 1, 2, 3

#: Words that may stand between the words of a phrase ("saw all of it" for "saw it",
#: "reduced our churn" for "reduced churn"): at most _PHRASE_WINDOW of them.
_GAP_WORDS = word_set(
    "a an the this that these those all of our my their his her its your some any every both "
    "each it them him us really also just then quickly finally actually "
    "real big huge small tiny quick short whole full proper serious genuine massive major "
    "slight very fairly pretty quite truly"
)
_PHRASE_WINDOW = 2
#: A question puts its subject after the auxiliary: "what would they miss" says the phrase
#: "would miss", "how did you decide" says "did decide".
_INVERTED_SUBJECTS = word_set("i you he she we they")
_AUXILIARIES = word_set(
    "do does did is are was were have has had will would can could should shall may might"
)

#: Contractions, also typed without an apostrophe ("dont", "Id"), and what they stand for.
CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "werent": ("were", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "hadnt": ("had", "not"),
    "wont": ("will", "not"),
    "wouldnt": ("would", "not"),
    "cant": ("can", "not"),
    "couldnt": ("could", "not"),
    "shouldnt": ("should", "not"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "id": ("i", "would"),
    "youre": ("you", "are"),
    "theyre": ("they", "are"),
    "weve": ("we", "have"),
    "theyve": ("they", "have"),
    "youve": ("you", "have"),
    "thats": ("that", "is"),
    "whats": ("what", "is"),
}
_CONTRACTED = {expansion: short for short, expansion in CONTRACTIONS.items()}
#: The contractions that end in "not" ("wasnt", "didnt", ...): a phrase that opens with
#: "not" may open with any of them.
#: A rubric phrase's "them" stands for whoever the answer is about: any of these may take
#: its place ("brought them in" ~ "brought her in").
_OBJECT_PRONOUNS = ("them", "him", "her", "us", "everyone")
_NOT_CONTRACTED = tuple(short for short, parts in CONTRACTIONS.items() if parts[-1] == "not")
#: A rubric phrase's "she" (subject) stands for any third person: "she had a point" ~ "he
#: had a point" ~ "they had a point".
_SUBJECT_PRONOUNS = ("she", "he", "they")
#: The ways "I" opens a clause, in two families: what is or was so ("I'm weighing", "I was
#: worried", "I've seen") and what would or will be ("I'd want", "I'll map"). A phrase said
#: in one form of a family is said in the others as the same point ("I worried", "I have
#: weighed"); across families it is not ("I'd enjoy" the job is not "I enjoy" it).
_SPEAKER_FORMS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("i",), ("im",), ("ive",), ("i", "am"), ("i", "was"), ("i", "have"), ("i", "had")),
    (("ill",), ("id",), ("i", "will"), ("i", "would")),
)


@dataclass(frozen=True, slots=True)
class _Word:
    key: str
    stem: str
    strict_case: bool  # an acronym like "IT" that must stay in capitals


class PhraseHit(NamedTuple):
    """Where one phrase matched: character offsets, token indices [first, last], how closely.

    A named tuple rather than a frozen dataclass: a long answer makes thousands, and a
    tuple is made about four times faster.
    """

    start: int
    end: int
    quality: int  # EXACT, INFLECTED, DERIVED or TYPO
    first: int = 0
    last: int = 0


#: One occurrence of a phrase as `PhraseSet.spans` gives it: (quality, first token, end
#: offset, last token) -- a PhraseHit's fields in the order that sorts best first.
Span = tuple[int, int, int, int]


def _is_upper_token(raw: str) -> bool:
    core = raw
    for suffix in ("'s", "’s", "s"):
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    return core.isupper()


def _plain_word(key: str) -> _Word:
    return _Word(key, NUMBER_WORDS.get(key) or stem(key), False)


def _phrase_words(phrase: str) -> tuple[_Word, ...]:
    parsed = Scan(phrase)
    words = []
    for index, key in enumerate(parsed.keys):
        raw = phrase[parsed.starts[index] : parsed.ends[index]]
        strict = key in _COMMON_SHORT_WORDS and len(key) >= 2 and _is_upper_token(raw)
        words.append(_Word(key, parsed.stems[index], strict))
    return tuple(words)


def _contraction_variant(words: tuple[_Word, ...]) -> tuple[_Word, ...] | None:
    """The phrase with contractions spelled out and spelled-out pairs contracted, if any."""
    out: list[_Word] = []
    index = 0
    changed = False
    while index < len(words):
        word = words[index]
        pair = (word.key, words[index + 1].key) if index + 1 < len(words) else None
        if pair in _CONTRACTED:
            out.append(_plain_word(_CONTRACTED[pair]))
            index += 2
            changed = True
            continue
        expansion = CONTRACTIONS.get(word.key)
        if expansion is not None and not word.strict_case:
            out.extend(_plain_word(part) for part in expansion)
            changed = True
        else:
            out.append(word)
        index += 1
    return tuple(out) if changed else None


_DETERMINERS = word_set("the this that these those my our your their his her its")


def _pronoun_variants(
    words: tuple[_Word, ...], pronouns: tuple[str, ...]
) -> list[tuple[tuple[_Word, ...], int]]:
    """The phrase with its first pronoun of `pronouns` swapped for each of the others."""
    if len(words) < 2:
        return []
    for position, word in enumerate(words):
        if word.key in pronouns:
            return [
                ((*words[:position], _plain_word(other), *words[position + 1 :]), INFLECTED)
                for other in pronouns
                if other != word.key
            ]
    return []


def _variants(words: tuple[_Word, ...]) -> list[tuple[tuple[_Word, ...], int]]:
    """The phrase as written plus every way of joining neighbours ("hand over" -> "handover")
    and its contracted or spelled-out form ("did not" -> "didnt").

    Each variant carries its best possible quality: a joined form is at best INFLECTED.
    """
    if not words:
        return []
    out: list[tuple[tuple[_Word, ...], int]] = [(words, EXACT)]
    joins = len(words) - 1
    # All join patterns for short phrases; long ones only as written or fully joined.
    patterns = range(1, 2**joins) if joins <= 5 else [2**joins - 1]
    # Two numbers side by side are never one word ("1:1" is not "11", "24/7" not "247"), and
    # neither is a determiner with its noun ("the ship" is not "theship", a derivation of "the").
    unjoinable = [
        (words[i].key.isdigit() and words[i + 1].key.isdigit()) or words[i].key in _DETERMINERS
        for i in range(joins)
    ]
    for mask in patterns:
        if any(mask >> index & 1 and unjoinable[index] for index in range(joins)):
            continue
        groups: list[list[_Word]] = [[words[0]]]
        for index in range(joins):
            if mask >> index & 1:
                groups[-1].append(words[index + 1])
            else:
                groups.append([words[index + 1]])
        variant = []
        for group in groups:
            if len(group) == 1:
                variant.append(group[0])
            else:
                variant.append(_plain_word("".join(w.key for w in group)))
        out.append((tuple(variant), INFLECTED))
    contracted = _contraction_variant(words)
    if contracted:
        out.append((contracted, INFLECTED))
    # "walked them through" is said of one person too: "walked her through"; "she had a
    # point" of anyone: "they had a point".
    out.extend(_pronoun_variants(words, _OBJECT_PRONOUNS))
    out.extend(_pronoun_variants(words, _SUBJECT_PRONOUNS))
    keys = tuple(word.key for word in words)
    for family in _SPEAKER_FORMS:
        # The longest form the phrase opens with ("I was", not "I").
        form = max((f for f in family if keys[: len(f)] == f), key=len, default=None)
        if form is not None and len(words) > len(form):
            rest = words[len(form) :]
            out.extend(
                ((*(_plain_word(k) for k in other), *rest), INFLECTED)
                for other in family
                if other != form
            )
            break
    if words[0].key == "not" and len(words) > 1:
        # "not on board" is said "wasn't on board", "isn't on board", "didn't ...".
        out.extend(((_plain_word(short), *words[1:]), INFLECTED) for short in _NOT_CONTRACTED)
    return out


class PhraseSet:
    """Many phrases compiled once and matched against a scanned text in one pass.

    Build it once per rubric (scoring caches it); `occurrences(scan)` gives every place each
    phrase occurs, `found(scan)` the same for only the phrases that occur (what scoring uses:
    an index from each word to the phrases it can start keeps it proportional to the answer),
    `best(scan)` each phrase's best, earliest occurrence.
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)
        self._variants = [_variants(_phrase_words(p)) for p in self.phrases]
        vocab: set[str] = set()
        keys: set[str] = set()
        #: A written form of each vocabulary stem, to compare meanings by.
        self._surface: dict[str, str] = {}
        for variants in self._variants:
            for words, _quality in variants:
                vocab.update(w.stem for w in words)
                keys.update(w.key for w in words)
                for w in words:
                    self._surface.setdefault(w.stem, w.key)
        self._vocab = frozenset(vocab)
        #: Rubric words always count as known words: never a typo of another rubric word.
        self.keys = frozenset(keys)
        roots: dict[str, list[str]] = {}
        for word in sorted(vocab):
            roots.setdefault(root(word), []).append(word)
        self._roots = roots
        # Typo candidates by length: an answer word is compared with words of nearby length.
        by_length: dict[int, list[tuple[str, int]]] = {}
        for word in sorted(vocab):
            budget = typo_budget(word)
            if budget:
                by_length.setdefault(len(word), []).append((word, budget))
        self._by_length = by_length
        self._typo_cache: dict[str, list[tuple[str, int]]] = {}
        #: answer stem -> (vocabulary words it stands for, vocabulary words it may be a typo
        #: of): worked out once per phrase set, so an answer costs a lookup per distinct word.
        self._stem_cache: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {}
        #: (answer word, next answer word) -> `_join`'s answer.
        self._join_cache: dict[tuple[str, str], tuple[str, str, bool] | None] = {}
        # Prefixes of the vocabulary, so "hand" + "over" is only joined when it could help.
        self._prefixes = frozenset(w[:n] for w in vocab for n in range(2, len(w)))
        # The phrases each vocabulary word can start (in any variant): only those are tried,
        # so matching costs what the answer holds, not what the rubric could say.
        starts: dict[str, list[int]] = {}
        for number, variants in enumerate(self._variants):
            for words, _quality in variants:
                numbers = starts.setdefault(words[0].stem, [])
                if not numbers or numbers[-1] != number:
                    numbers.append(number)
        self._starts = starts

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every stem of every phrase (and of its joined and contracted forms)."""
        return self._vocab

    def _lookup(self, token_stem: str, key: str) -> list[tuple[str, int]]:
        """Vocabulary words an answer word stands for, as inflection or derivation.

        A derivation must keep the meaning: two words that merely share a root by spelling
        ("candidate" and "candidly", "conversation" and "conversion", "apply" and "app") are
        not derivations of each other (`_same_sense`)."""
        found: list[tuple[str, int]] = []
        if token_stem in self._vocab:
            found.append((token_stem, INFLECTED))
        for word in self._roots.get(root(token_stem), ()):
            if word != token_stem and _same_sense(key, self._surface.get(word, word)):
                found.append((word, DERIVED))
        return found

    def _typos(self, token_stem: str) -> list[tuple[str, int]]:
        """Vocabulary words an unknown answer word may be a typo of (any position)."""
        cached = self._typo_cache.get(token_stem)
        if cached is not None:
            return cached
        found: list[tuple[str, int]] = []
        size = len(token_stem)
        for length in range(size - 2, size + 3):
            for word, budget in self._by_length.get(length, ()):
                if abs(length - size) > budget or word == token_stem:
                    continue
                if length <= TRANSPOSED_ONLY and not _swapped(token_stem, word):
                    continue
                if OSA.distance(token_stem, word, score_cutoff=budget) <= budget:
                    found.append((word, TYPO))
        if len(self._typo_cache) < 20_000:
            self._typo_cache[token_stem] = found
        return found

    def _read_as(
        self, token_stem: str, key: str, typos: list[tuple[str, int]]
    ) -> list[tuple[str, int]]:
        """The typo candidates a reader could take the typed word for. When it has a likeliest
        reading (`correction`): that word, and any other as near to it (by stems) that is at
        most LIKELY_RATIO times rarer ("enginers" reads "engines" or "engineers", so the
        rubric's "engineers" may match; "andd" reads "and", so it is no typo of "band")."""
        meant = correction(key)
        if meant is None:
            return typos
        meant_stem = NUMBER_WORDS.get(meant) or stem(meant)
        limit = OSA.distance(token_stem, meant_stem)
        frequent = _word_lists().frequent
        least = frequent[meant] / LIKELY_RATIO
        surface = self._surface
        return [
            (w, q)
            for w, q in typos
            if w == meant_stem
            or (
                OSA.distance(token_stem, w) <= limit and frequent.get(surface.get(w, w), 0) >= least
            )
        ]

    def _stem_entry(
        self, token_stem: str, key: str
    ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """What an answer stem stands for in this vocabulary: (inflections and derivations,
        typo candidates), remembered for the next answer (bounded, like the typo cache)."""
        typos = (
            []
            if token_stem in self._vocab or len(token_stem) < 3 or not token_stem.isalpha()
            else self._typos(token_stem)
        )
        entry = (self._lookup(token_stem, key), typos)
        if len(self._stem_cache) < 20_000:
            self._stem_cache[token_stem] = entry
        return entry

    def _hits(self, text: Scan) -> dict[str, dict[int, tuple[int, int]]]:
        """vocabulary stem -> {first token: (token after the match, quality)}."""
        hits: dict[str, dict[int, tuple[int, int]]] = {}
        if not self.phrases:
            return hits
        cache = self._stem_cache
        keys, own = text.keys, self.keys
        known: frozenset[str] | None = None  # the word list, only read when a typo may be
        for token_stem, indices in text.positions().items():
            entry = cache.get(token_stem) or self._stem_entry(token_stem, keys[indices[0]])
            for word, quality in entry[0]:
                # slot[index] = (index + 1, quality) for each index, by built-in maps.
                hits.setdefault(word, {}).update(
                    zip(indices, zip(map(_NEXT.__add__, indices), repeat(quality)), strict=True)
                )
            if not entry[1]:
                continue
            # An answer word may be a typo only when it is neither an English nor a rubric word.
            if known is None:
                known = known_words()
            candidates = [i for i in indices if keys[i] not in own and keys[i] not in known]
            if not candidates:
                continue
            for index in candidates:
                for word, quality in self._read_as(token_stem, keys[index], entry[1]):
                    hits.setdefault(word, {}).setdefault(index, (index + 1, quality))
        # Answer words joined by a hyphen or space that form one phrase word: "hand-over".
        # Only a word that begins some phrase word can start one, and most fail on the
        # first join, which is remembered by word pair: the pairs not seen yet are worked
        # out once, then only the places whose first join can help are read (all found by
        # built-in maps; a remembered join always starts with a prefix).
        prefixes = self._prefixes
        joins = self._join_cache
        # Per token but the last: does it begin a phrase word (so may start a join)?
        opens = list(map(prefixes.__contains__, keys))[:-1]
        nexts = compress(islice(keys, 1, None), opens)
        pairs = list(zip(compress(keys, opens), nexts, strict=True))
        unseen = set(pairs) - joins.keys()
        if len(joins) + len(unseen) > _JOIN_CACHE_LIMIT:
            joins.clear()  # bounded, like the other caches; every pair here is kept
        for left, right in unseen:
            joins[left, right] = self._join(left, right)
        starts = compress(range(len(opens)), opens)
        for index in compress(starts, map(joins.get, pairs)):
            joined = keys[index]
            for nxt in range(index + 1, min(index + 3, len(keys))):
                step = joins.get((joined, keys[nxt]), _UNSEEN)
                if step is _UNSEEN:
                    step = self._join(joined, keys[nxt])
                if step is None:
                    break  # nothing to find this way: no need to read the gap
                longer, joined_stem, is_word = step
                gap = text.gap(nxt - 1, nxt)
                if not gap or len(gap) > 3 or not set(gap) <= _JOINERS:
                    break
                joined = longer
                if is_word:
                    hits.setdefault(joined_stem, {}).setdefault(index, (nxt + 1, INFLECTED))
                if joined not in prefixes:
                    break
        return hits

    def _join(self, left: str, right: str) -> tuple[str, str, bool] | None:
        """Two answer words written as one: (the joined word, its stem, is that a phrase
        word), or None when the pair can neither be nor begin a phrase word. Remembered
        for the next answer (bounded, like the other caches)."""
        step: tuple[str, str, bool] | None = None
        if len(right) >= 2:
            longer = left + right
            joined_stem = stem(longer)
            is_word = joined_stem in self._vocab
            if is_word or longer in self._prefixes:
                step = (longer, joined_stem, is_word)
        if len(self._join_cache) < _JOIN_CACHE_LIMIT:
            self._join_cache[(left, right)] = step
        return step

    def _quality(self, text: Scan, word: _Word, start: int, end: int, quality: int) -> int | None:
        """Refine a hit for one phrase word: EXACT when the keys agree; None if case forbids."""
        if word.strict_case and (
            end != start + 1
            or not _is_upper_token(text.text[text.starts[start] : text.ends[start]])
        ):
            return None
        if end == start + 1 and text.keys[start] == word.key:
            return EXACT
        return quality

    def _next(
        self,
        text: Scan,
        slot: dict[int, tuple[int, int]],
        word: _Word,
        cursor: int,
    ) -> tuple[int, int] | None:
        """The next phrase word at `cursor`, or after a few gap words: (token after, quality)."""
        if all(at not in slot for at in range(cursor, cursor + _PHRASE_WINDOW + 1)):
            return None  # the common case: nothing to find, so no gaps to read
        for skip in range(_PHRASE_WINDOW + 1):
            at = cursor + skip
            if at >= len(text.keys):
                return None
            if skip and text.keys[at - 1] not in _GAP_WORDS:
                inverted = (
                    skip == 1
                    and text.keys[at - 1] in _INVERTED_SUBJECTS
                    and text.keys[cursor - 1] in _AUXILIARIES
                )
                if not inverted:
                    return None
            gap = text.text[text.ends[cursor - 1] : text.starts[at]]
            if (not skip and len(gap) > _MAX_PHRASE_GAP) or _BREAK_RE.search(gap):
                return None
            if skip and "," in gap:
                return None
            nxt = slot.get(at)
            if nxt is None:
                continue
            quality = self._quality(text, word, at, nxt[0], nxt[1])
            if quality is None:
                continue
            return nxt[0], max(quality, INFLECTED) if skip else quality
        return None

    def occurrences(self, text: Scan) -> list[list[PhraseHit]]:
        """Every occurrence of each phrase (the best one per start), best first, then earliest."""
        found = self.found(text)
        return [found.get(number, []) for number in range(len(self.phrases))]

    def found(self, text: Scan) -> dict[int, list[PhraseHit]]:
        """`occurrences` of the phrases that occur at all, by phrase number, in order."""
        starts = text.starts
        return {
            number: [
                PhraseHit(starts[first], end, quality, first, last)
                for quality, first, end, last in spans
            ]
            for number, spans in self.spans(text).items()
        }

    def spans(self, text: Scan) -> dict[int, list[Span]]:
        """`found` as plain tuples, (quality, first token, end offset, last token), in the
        same order: scoring makes a PhraseHit only for the occurrence that counts."""
        hits = self._hits(text)
        starts = self._starts
        tried = sorted({n for word in hits if word in starts for n in starts[word]})
        results: dict[int, list[Span]] = {}
        keys, ends = text.keys, text.ends
        for number in tried:
            # start token -> (quality, start, end offset, last token) of its best variant
            found: dict[int, tuple[int, int, int, int]] = {}
            for words, floor in self._variants[number]:
                first = hits.get(words[0].stem)
                if not first:
                    continue
                head = words[0]
                if len(words) == 1 and not head.strict_case:
                    # One word: every hit is an occurrence (the common case, made quick).
                    for start, (end, q) in first.items():
                        quality = EXACT if end == start + 1 and keys[start] == head.key else q
                        if quality < floor:
                            quality = floor
                        known = found.get(start)
                        if known is None or quality < known[0]:
                            found[start] = (quality, start, ends[end - 1], end - 1)
                    continue
                slots = [hits.get(word.stem) for word in words[1:]]
                if None in slots:
                    continue  # a word of it occurs nowhere
                rest = list(zip(words[1:], slots, strict=True))
                for start, (end, q) in first.items():
                    refined = self._quality(text, head, start, end, q)
                    if refined is None:
                        continue
                    quality = max(refined, floor)
                    cursor = end
                    for word, slot in rest:
                        assert slot is not None
                        nxt = self._next(text, slot, word, cursor)
                        if nxt is None:
                            break
                        cursor, word_quality = nxt
                        quality = max(quality, word_quality)
                    else:
                        known = found.get(start)
                        if known is None or quality < known[0]:
                            found[start] = (quality, start, ends[cursor - 1], cursor - 1)
            if found:
                results[number] = sorted(found.values())
        return results

    def best(self, text: Scan) -> list[PhraseHit | None]:
        """Each phrase's best occurrence: exact before inflected before typo, then earliest."""
        return [found[0] if found else None for found in self.occurrences(text)]


@lru_cache(maxsize=512)
def phrase_set(phrases: tuple[str, ...]) -> PhraseSet:
    """A compiled, cached PhraseSet for these phrases."""
    return PhraseSet(phrases)


def find_phrase(phrase: str, text: str) -> tuple[int, int] | None:
    """(start, end) of the best occurrence of `phrase` in `text`, or None: the scorer's matcher."""
    hit = phrase_set((phrase,)).best(scan(text))[0]
    return None if hit is None else (hit.start, hit.end)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` with `noun` in the right number: "1 answer", "2 answers", "0 answers"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
