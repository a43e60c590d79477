"""Frozen dataclasses shared by every layer: banks, questions, scores, sessions.

These are the shapes the store persists and the UI shows; the JSON contracts in
PRODUCT.md are produced from them by the `to_json` methods so there is one source.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal

#: The five callback strategies the product drills (banks may add other words).
CATEGORIES: tuple[str, ...] = ("pushback", "enthusiasm", "start_plan", "curiosity", "references")

#: Interviewer personas a question can be asked by.
PERSONAS: tuple[str, ...] = (
    "hiring_manager",
    "peer",
    "skip_level",
    "cross_functional",
    "recruiter",
)

#: Kinds of question source (see `QuestionSource`).
SOURCE_KINDS: tuple[str, ...] = (
    "bank",
    "quote_back",
    "challenge",
    "numbers",
    "hesitation",
    "consistency",
    "uncovered",
    "practice",
    "follow_up",
)


class _Model:
    """Equality, hashing and repr by field, written once for the models below.

    `dataclass` compiles each generated method from source when the module is imported
    (in Python 3.11), and that was most of this module's import cost, paid before the
    app's first frame: the models declare `eq=False, repr=False` and inherit these,
    which behave as the generated ones do (fields in order; equal only to the same
    class). RubricTerm keeps the generated ones: scoring hashes its terms on every call.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _values(self) == _values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_values(self))

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in self.__dataclass_fields__  # type: ignore[attr-defined]
        )
        return f"{type(self).__qualname__}({fields})"


#: Per model class: its field values as one tuple, in field order.
_FIELD_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values(model: _Model) -> tuple[Any, ...]:
    cls = type(model)
    getter = _FIELD_VALUES.get(cls)
    if getter is None:
        names = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
        if len(names) == 1:
            (name,) = names
            getter = lambda obj: (getattr(obj, name),)  # noqa: E731
        else:
            getter = attrgetter(*names)
        _FIELD_VALUES[cls] = getter
    return getter(model)


SessionStatus = Literal["in_progress", "completed", "interrupted"]
BankSource = Literal["builtin", "user"]

#: Signals a rubric term may name besides its phrases (bank key `signals`); each is a detector
#: of a strong answer's shape that cites the sentence it found. docs/bank-format.md lists them.
SIGNAL_NAMES: tuple[str, ...] = (
    "reasoning",  # because, since, so that, which meant, given that
    "specifics",  # quantities with units, from X to Y, named systems, people, dates
    "ownership",  # I + an action verb: I rebuilt, I wrote, I ran
    "acknowledgement",  # the other side's view taken seriously: their concern was fair
    "result",  # a change that came of it, ideally measured
    "reflection",  # looking back, next time, I should have, I'd do it another way
    "shortcoming",  # a flaw or mistake of one's own, admitted: I tend to ..., I underestimated
    "structure",  # situation, then action, then result
    "example",  # a concrete past instance: last year, at my previous job, once when
    "timeline",  # a plan in time: first week, by day 30, in the first quarter
    "question",  # asks an open, curious question
    "enthusiasm",  # genuine, specific interest or energy
    "reported",  # what someone else said, in the candidate's words: "when Priya said ..."
    "candour",  # a hard thing said plainly: "cards on the table", "I'd be lying if I said"
    "offer",  # something put forward to make it work: "I'm happy to", "I could cover"
)


@dataclass(frozen=True)
class RubricTerm:
    """One thing a strong answer covers (or, in `avoid`, one thing that costs points)."""

    label: str
    phrases: tuple[str, ...]
    weight: float = 1.0
    required: bool = False
    line: int | None = None  # line in the bank file, for error messages and editors
    signals: tuple[str, ...] = ()  # names from SIGNAL_NAMES that also earn this term
    #: Made from the candidate's own material (prep kit, round-one claims): an answer is
    #: meant to say these words, so they never count as stuffing the rubric.
    personal: bool = False
    #: Other ways people say the idea (idioms, particular instances): matched exactly like
    #: phrases, but not used to judge the question's topic or compared by meaning.
    wordings: tuple[str, ...] = ()
    #: Whole sentences that make the point, as candidates say it: compared with each
    #: sentence of an answer by meaning (never matched as phrases, nor used for the topic).
    examples: tuple[str, ...] = ()

    @property
    def tags(self) -> str:
        """Its wordings, examples and signals as `bank show` and the bank editor write them
        after the phrases: `[wordings: a; b] [examples: one | two] [signals: reasoning]` (""
        when it has none)."""
        parts = []
        if self.wordings:
            parts.append(f"[wordings: {'; '.join(self.wordings)}]")
        if self.examples:
            parts.append(f"[examples: {' | '.join(self.examples)}]")
        if self.signals:
            parts.append(f"[signals: {', '.join(self.signals)}]")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "weight": self.weight,
            "phrases": list(self.phrases),
        }
        if self.wordings:
            out["wordings"] = list(self.wordings)
        if self.examples:
            out["examples"] = list(self.examples)
        if self.signals:
            out["signals"] = list(self.signals)
        if self.required:
            out["required"] = True
        if self.personal:
            out["personal"] = True
        return out


@dataclass(frozen=True, eq=False, repr=False)
class QuestionSource(_Model):
    """Where a question came from: a bank, or a seed from the candidate's earlier answers."""

    kind: str = "bank"
    exchange: int | None = None  # 0-based index of the round-one exchange in the debrief
    quote: str | None = None  # the candidate's own words being quoted back
    topic: str | None = None  # the uncovered topic probed
    #: follow_up: the 1-based position (in the session) of the answer this question presses on.
    follows: int | None = None
    #: follow_up: what it presses on (core.followup.TRIGGERS), e.g. "measurement".
    trigger: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "exchange": self.exchange,
            "quote": self.quote,
            "topic": self.topic,
        }
        if self.kind == "follow_up":
            # Only a follow-up has these; other sources keep the four keys of PRODUCT.md.
            out["follows"] = self.follows
            out["trigger"] = self.trigger
        return out


@dataclass(frozen=True, eq=False, repr=False)
class Claim(_Model):
    """A checkable statement from an earlier answer: a figure, a name, a decision."""

    #: number | percent | money | team_size | duration | date | decision | ownership | tool
    kind: str
    text: str  # the span as the candidate wrote it, e.g. "12%"
    sentence: str  # the sentence it came from
    value: float | None = None  # normalised numeric value, when the claim is a figure
    measure: str | None = None  # what the figure measures, e.g. "churn"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "sentence": self.sentence,
            "value": self.value,
            "measure": self.measure,
        }


@dataclass(frozen=True, eq=False, repr=False)
class Template(_Model):
    """A pushback template: a prompt with placeholders filled from the candidate's earlier answers.

    Kinds and placeholders are documented in docs/bank-format.md; `core.seeding` fills them.
    """

    id: str
    kind: str  # quote_back | challenge | numbers | hesitation | consistency | uncovered | practice
    prompt: str
    category: str = "pushback"
    time_limit: int | None = None
    persona: str | None = None
    tags: tuple[str, ...] = ()
    rubric: tuple[RubricTerm, ...] = ()
    avoid: tuple[RubricTerm, ...] = ()
    line: int | None = None
    #: The kinds of claim the prompt suits (`TEMPLATE_FITS`); empty: any claim.
    fits: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Question(_Model):
    """A question as it will be asked, with the rubric that scores its answer."""

    id: str
    prompt: str
    category: str
    bank_id: str = ""
    time_limit: int = 120
    persona: str | None = None
    tags: tuple[str, ...] = ()
    rubric: tuple[RubricTerm, ...] = ()
    avoid: tuple[RubricTerm, ...] = ()
    source: QuestionSource = field(default_factory=QuestionSource)
    #: Claims from round one this answer should stay consistent with (seeded questions).
    claims: tuple[Claim, ...] = ()
    #: Name of the interviewer when a debrief names them (seeded rounds).
    asked_by: str | None = None
    line: int | None = None

    def to_record(self) -> dict[str, Any]:
        """Everything needed to show and re-score the question later, as plain JSON data."""
        return {
            "id": self.id,
            "prompt": self.prompt,
            "category": self.category,
            "bank_id": self.bank_id,
            "time_limit": self.time_limit,
            "persona": self.persona,
            "tags": list(self.tags),
            "rubric": [t.to_json() for t in self.rubric],
            "avoid": [t.to_json() for t in self.avoid],
            "source": self.source.to_json(),
            "claims": [c.to_json() for c in self.claims],
            "asked_by": self.asked_by,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Question:
        def terms(items: list[dict[str, Any]]) -> tuple[RubricTerm, ...]:
            return tuple(
                RubricTerm(
                    label=t["label"],
                    phrases=tuple(t.get("phrases", ())),
                    weight=float(t.get("weight", 1.0)),
                    required=bool(t.get("required", False)),
                    signals=tuple(t.get("signals", ())),
                    personal=bool(t.get("personal", False)),
                    wordings=tuple(t.get("wordings", ())),
                    examples=tuple(t.get("examples", ())),
                )
                for t in items
            )

        src = data.get("source") or {}
        return cls(
            id=data["id"],
            prompt=data["prompt"],
            category=data.get("category", ""),
            bank_id=data.get("bank_id", ""),
            time_limit=int(data.get("time_limit", 120)),
            persona=data.get("persona"),
            tags=tuple(data.get("tags", ())),
            rubric=terms(data.get("rubric", [])),
            avoid=terms(data.get("avoid", [])),
            source=QuestionSource(
                kind=src.get("kind", "bank"),
                exchange=src.get("exchange"),
                quote=src.get("quote"),
                topic=src.get("topic"),
                follows=src.get("follows"),
                trigger=src.get("trigger"),
            ),
            claims=tuple(Claim(**c) for c in data.get("claims", [])),
            asked_by=data.get("asked_by"),
        )


@dataclass(frozen=True, eq=False, repr=False)
class Bank(_Model):
    """One question bank file."""

    id: str
    title: str
    category: str
    description: str = ""
    time_limit: int = 120
    questions: tuple[Question, ...] = ()
    #: Pushback templates (seeding); their shape is defined in core.seeding / docs/bank-format.md.
    templates: tuple[Template, ...] = ()
    source: BankSource = "builtin"
    path: str | None = None

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "questions": len(self.questions),
            "source": self.source,
            "path": self.path,
        }


@dataclass(frozen=True, eq=False, repr=False)
class TermResult(_Model):
    """Whether one rubric or avoid term was found, with the evidence that proves it."""

    label: str
    weight: float
    matched: bool
    evidence: str | None = None  # the text span of the answer that matched
    phrase: str | None = None  # the rubric phrase that matched
    span: tuple[int, int] | None = None  # [start, end) offsets of evidence in the answer
    required: bool = False
    source: Literal["phrase", "signal", "meaning"] | None = None  # how the term was earned
    signal: str | None = None  # the signal (SIGNAL_NAMES) that earned it
    sentence: str | None = None  # the sentence of the answer holding the evidence
    credit: float = 1.0  # fraction of the weight earned (below 1 when the sentence gate cut it)
    similarity: float | None = None  # source "meaning": how near the sentence is to `phrase`
    #: Why a phrase's credit was cut: "list" (a keyword list) or "recited" (a sentence that
    #: ticks off the rubric's points in its own words); None when it was not.
    cut: Literal["list", "recited"] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "weight": self.weight,
            "matched": self.matched,
            "evidence": self.evidence,
            "phrase": self.phrase,
            "source": self.source,
            "signal": self.signal,
            "sentence": self.sentence,
            "credit": self.credit if self.matched else 0.0,
            "similarity": self.similarity,
            "cut": self.cut if self.matched else None,
        }

    def to_record(self) -> dict[str, Any]:
        """JSON plus the span and required flag, for storage and highlighting."""
        out = self.to_json()
        out["span"] = list(self.span) if self.span else None
        out["required"] = self.required
        return out

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> TermResult:
        span = data.get("span")
        matched = bool(data["matched"])
        source = data.get("source")
        if source is None and matched and data.get("phrase"):
            source = "phrase"  # scored before signals existed: only phrases earned terms
        credit = float(data.get("credit", 1.0)) if matched else 1.0
        cut = data.get("cut")
        if cut is None and matched and source == "phrase" and credit < 1:
            cut = "list"  # scored before version 5: only keyword lists cut a phrase's credit
        return cls(
            label=data["label"],
            weight=data["weight"],
            matched=matched,
            evidence=data.get("evidence"),
            phrase=data.get("phrase"),
            span=(int(span[0]), int(span[1])) if span else None,
            required=bool(data.get("required", False)),
            source=source,
            signal=data.get("signal"),
            sentence=data.get("sentence"),
            credit=credit,
            similarity=data.get("similarity"),
            cut=cut if matched else None,
        )


@dataclass(frozen=True, eq=False, repr=False)
class Gate(_Model):
    """How much the answer reads as sentences on the question's topic (docs/scoring.md)."""

    function_word_ratio: float  # share of words that are function words (the, of, I, was)
    rubric_word_density: float  # share of words that are rubric words
    well_formedness: float  # 0-1 factor on content from the two figures above
    sentences: int
    on_topic_sentences: int  # sentences sharing words with the question and its rubric
    on_topic: float  # 0-1 factor on content from the share of on-topic sentences
    concrete_sentences: int = 0  # sentences with a figure, a name, an example or own action
    concreteness: float = 1.0  # factor on content: below 1 for a generic answer
    topicality: float | None = None  # how near the answer's words lie to the question's
    #: Share of words from the rubric's vocabulary, whether or not they complete a phrase.
    rubric_vocabulary_density: float | None = None
    #: How near its most on-topic sentences come to the question (version 7; None: not judged).
    reach: float | None = None
    focus: float = 1.0  # factor on content: below 1 for an answer that strays from the question

    @property
    def strays(self) -> bool:
        """Whether focus cut the content of an answer that is otherwise on topic (one with no
        on-topic sentence is shown as off topic instead)."""
        return self.on_topic > 0 and self.focus < 1

    def to_json(self) -> dict[str, Any]:
        return {
            "function_word_ratio": self.function_word_ratio,
            "rubric_word_density": self.rubric_word_density,
            "well_formedness": self.well_formedness,
            "sentences": self.sentences,
            "on_topic_sentences": self.on_topic_sentences,
            "on_topic": self.on_topic,
            "concrete_sentences": self.concrete_sentences,
            "concreteness": self.concreteness,
            "topicality": self.topicality,
            "rubric_vocabulary_density": self.rubric_vocabulary_density,
            "reach": self.reach,
            "focus": self.focus,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Gate:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


@dataclass(frozen=True, eq=False, repr=False)
class Delivery(_Model):
    """Delivery figures read from the answer text and its timing."""

    words: int
    seconds: float | None
    time_limit: int | None
    filled_pauses: int
    discourse_markers: int
    hedges: int
    energy_words: int

    def to_json(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "seconds": self.seconds,
            "time_limit": self.time_limit,
            "filled_pauses": self.filled_pauses,
            "discourse_markers": self.discourse_markers,
            "hedges": self.hedges,
            "energy_words": self.energy_words,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Delivery:
        return cls(
            words=int(data["words"]),
            seconds=data.get("seconds"),
            time_limit=data.get("time_limit"),
            filled_pauses=int(data.get("filled_pauses", 0)),
            discourse_markers=int(data.get("discourse_markers", 0)),
            hedges=int(data.get("hedges", 0)),
            energy_words=int(data.get("energy_words", 0)),
        )


@dataclass(frozen=True, eq=False, repr=False)
class Score(_Model):
    """The explainable result of scoring one answer (0-100 everywhere)."""

    question_id: str
    score: float
    content_score: float
    delivery_score: float
    terms: tuple[TermResult, ...]
    avoid: tuple[TermResult, ...]
    delivery: Delivery
    feedback: tuple[str, ...]
    #: Drift from round one ("In round one you said a team of five; now eight").
    consistency: tuple[str, ...] = ()
    gate: Gate | None = None  # sentence and topic figures (scorer version 2 on)
    scorer_version: int | None = None  # which scoring rules produced this score

    def to_json(self) -> dict[str, Any]:
        """The `score --json` object of PRODUCT.md (plus `consistency` when flagged)."""
        out: dict[str, Any] = {
            "question_id": self.question_id,
            "score": self.score,
            "content_score": self.content_score,
            "delivery_score": self.delivery_score,
            "terms": [t.to_json() for t in self.terms],
            "avoid": [t.to_json() for t in self.avoid],
            "delivery": self.delivery.to_json(),
            "feedback": list(self.feedback),
        }
        if self.consistency:
            out["consistency"] = list(self.consistency)
        if self.gate is not None:
            out["gate"] = self.gate.to_json()
            out["on_topic"] = self.gate.on_topic
        if self.scorer_version is not None:
            out["scorer_version"] = self.scorer_version
        return out


@dataclass(frozen=True, eq=False, repr=False)
class Answer(_Model):
    """One answered (or skipped) question of a session, with the question as asked."""

    session_id: int
    position: int  # 1-based place in the round
    question: Question  # prompt and rubric *as asked*; editing a bank never rewrites this
    text: str
    seconds: float
    think_seconds: float | None = None  # time before the first keystroke
    time_limit: int = 120
    overtime: float = 0.0  # seconds past the limit
    skipped: bool = False
    score: Score | None = None
    answered_at: str | None = None  # UTC ISO 8601
    id: int | None = None
    timed_out: bool = False  # submitted by the timer
    scorer_version: int | None = None  # the scorer that produced `score` (None: unscored)
    rescored_at: str | None = None  # UTC ISO 8601 of the last `rescore`, None if never


@dataclass(frozen=True, eq=False, repr=False)
class Session(_Model):
    """One practice round."""

    id: int
    started_at: str  # UTC ISO 8601
    status: SessionStatus
    mode: str  # quick | loop | weak | plain | company ...
    ended_at: str | None = None
    company: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    pid: int | None = None
    #: Planned questions in order (as asked); answers fill positions 1..n.
    planned: tuple[Question, ...] = ()
    answers: tuple[Answer, ...] = ()

    @property
    def mean_score(self) -> float | None:
        scores = [a.score.score for a in self.answers if a.score is not None and not a.skipped]
        if not scores:
            return None
        return round(sum(scores) / len(scores), 1)


@dataclass(frozen=True, eq=False, repr=False)
class SessionSummary(_Model):
    """One row of the history list: cheap to load thousands of."""

    id: int
    started_at: str
    ended_at: str | None
    status: SessionStatus
    mode: str
    company: str | None
    answers: int  # answers submitted (skipped ones included)
    planned: int  # questions planned for the round
    score: float | None  # mean score of the answers, None when none
    seconds: float  # time spent answering
    follow_ups: int = 0  # answers that were follow-up questions (counted in `answers`)

    def to_json(self) -> dict[str, Any]:
        """The `history --json` item of PRODUCT.md (plus `follow_ups`)."""
        return {
            "id": self.id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "status": self.status,
            "mode": self.mode,
            "company": self.company,
            "answers": self.answers,
            "score": self.score,
            "follow_ups": self.follow_ups,
        }


@dataclass(frozen=True, eq=False, repr=False)
class Draft(_Model):
    """The answer being typed, saved every few seconds so a crash loses almost nothing."""

    session_id: int
    position: int
    text: str
    think_seconds: float | None = None
    elapsed: float = 0.0  # seconds already spent on this question
    saved_at: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class QuestionStat(_Model):
    """How a question has gone so far: feeds the round planner and weak-question rounds."""

    question_id: str
    bank_id: str
    attempts: int
    last_score: float | None
    mean_score: float | None
    best_score: float | None = None
    last_answered_at: str | None = None
