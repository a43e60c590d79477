"""Progress over time: per category, per question, timing, energy per round, compare attempts.

Pure aggregation of stored answers (reduced to `AnswerPoint`s so thousands load cheaply),
so the progress screen, the compare view and `callback-sim progress` all say the same thing.
The JSON shape is documented in docs/progress.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from callback_sim.core.energy import EnergyPoint, energy_trend
from callback_sim.core.followup import is_follow_up_id
from callback_sim.core.models import CATEGORIES, Answer, Delivery
from callback_sim.core.schedule import QuestionSchedule, Review, parse_utc, schedule_question

QuestionKey = tuple[str, str]  # (bank_id, question_id)

#: Unicode eighth blocks, for trends pasted into notes (`callback-sim progress`).
_BLOCKS = "▁▂▃▄▅▆▇█"

#: Scores per category kept for charts: wider than any terminal.
RECENT_SCORES = 300


@dataclass(frozen=True)
class AnswerPoint:
    """One stored answer reduced to what progress needs: no text, no rubric."""

    session_id: int
    position: int
    bank_id: str
    question_id: str
    category: str
    answered_at: str  # UTC ISO 8601, as stored
    score: float | None  # None when skipped or unscored
    skipped: bool = False
    think_seconds: float | None = None
    seconds: float = 0.0
    time_limit: int = 120
    overtime: float = 0.0
    scorer_version: int | None = None  # the scorer that produced `score`
    rescored: bool = False  # recomputed by `callback-sim rescore`

    @property
    def key(self) -> QuestionKey:
        return (self.bank_id, self.question_id)

    @property
    def day(self) -> str:
        """The UTC day (YYYY-MM-DD) the answer was given."""
        return self.answered_at[:10]

    @property
    def scored(self) -> bool:
        return self.score is not None and not self.skipped


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _ordered(points: Iterable[AnswerPoint]) -> list[AnswerPoint]:
    return sorted(points, key=lambda p: (p.answered_at, p.session_id, p.position))


def sparkline_text(values: Sequence[float], *, low: float = 0.0, high: float = 100.0) -> str:
    """Values as a row of block characters on a fixed scale (scores: 0..100)."""
    span = high - low or 1.0
    out = []
    for v in values:
        level = round((min(max(v, low), high) - low) / span * (len(_BLOCKS) - 1))
        out.append(_BLOCKS[level])
    return "".join(out)


# -- per category ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayMean:
    """The mean score of one day's scored answers in one category."""

    day: str
    mean: float
    answers: int

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "mean": self.mean, "answers": self.answers}


@dataclass(frozen=True)
class CategoryProgress:
    """How one category has gone: counts, mean, the latest and best score, a daily trend."""

    category: str
    answers: int  # scored answers
    mean: float | None
    latest: float | None
    best: float | None
    trend: tuple[DayMean, ...] = ()
    #: The latest scored answers' scores, oldest first (at most RECENT_SCORES), for charts.
    recent: tuple[float, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "answers": self.answers,
            "mean": self.mean,
            "latest": self.latest,
            "best": self.best,
            "trend": [d.to_json() for d in self.trend],
        }


def _category_order(category: str) -> tuple[int, str]:
    # The five strategies first, in the product's order; bank-defined words after, A-Z.
    if category in CATEGORIES:
        return (CATEGORIES.index(category), category)
    return (len(CATEGORIES), category)


def category_progress(points: Iterable[AnswerPoint]) -> list[CategoryProgress]:
    """Per category (the five strategies first): scored answers only, trend by UTC day."""
    by_category: dict[str, list[AnswerPoint]] = defaultdict(list)
    for p in _ordered(points):
        if p.scored:
            by_category[p.category].append(p)
    out: list[CategoryProgress] = []
    for category in sorted(by_category, key=_category_order):
        items = by_category[category]
        scores = [p.score for p in items if p.score is not None]
        days: dict[str, list[float]] = defaultdict(list)
        for p in items:
            if p.score is not None:
                days[p.day].append(p.score)
        trend = tuple(
            DayMean(day, round(sum(v) / len(v), 1), len(v)) for day, v in sorted(days.items())
        )
        out.append(
            CategoryProgress(
                category=category,
                answers=len(scores),
                mean=_mean(scores),
                latest=scores[-1],
                best=max(scores),
                trend=trend,
                recent=tuple(scores[-RECENT_SCORES:]),
            )
        )
    return out


# -- per question ---------------------------------------------------------------------------


def reviews_by_question(points: Iterable[AnswerPoint]) -> dict[QuestionKey, list[Review]]:
    """Each question's attempts as FSRS reviews; a skip counts as a score of 0 (a miss)."""
    reviews: dict[QuestionKey, list[Review]] = defaultdict(list)
    for p in points:
        if p.scored and p.score is not None:
            reviews[p.key].append(Review(parse_utc(p.answered_at), p.score))
        elif p.skipped:
            reviews[p.key].append(Review(parse_utc(p.answered_at), 0.0))
    return dict(reviews)


def build_schedules(
    points: Iterable[AnswerPoint],
    *,
    now: datetime,
    suspended: Collection[QuestionKey] = (),
) -> dict[QuestionKey, QuestionSchedule]:
    """The spaced-repetition schedule of every practised or suspended question."""
    reviews = reviews_by_question(points)
    keys = set(reviews) | set(suspended)
    return {
        key: schedule_question(
            key[0], key[1], reviews.get(key, []), now=now, suspended=key in suspended
        )
        for key in sorted(keys)
    }


@dataclass(frozen=True)
class QuestionProgress:
    """One question's attempts: best, latest and mean score, when it is due, its flags."""

    bank_id: str
    question_id: str
    prompt: str
    category: str
    attempts: int  # skips included
    best: float | None
    latest: float | None  # the latest attempt's score; None when it was skipped
    mean: float | None
    last_answered_at: str | None
    due: str | None = None  # UTC ISO 8601 from the schedule
    struggling: bool = False
    suspended: bool = False
    scores: tuple[float, ...] = ()  # scored attempts, oldest first
    rescored: bool = False  # some attempt's score was recomputed by `rescore`

    @property
    def key(self) -> QuestionKey:
        return (self.bank_id, self.question_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank_id,
            "question_id": self.question_id,
            "prompt": self.prompt,
            "category": self.category,
            "attempts": self.attempts,
            "best": self.best,
            "latest": self.latest,
            "mean": self.mean,
            "last_answered_at": self.last_answered_at,
            "due": self.due,
            "struggling": self.struggling,
            "suspended": self.suspended,
            "rescored": self.rescored,
            "follow_up": is_follow_up_id(self.question_id),
        }


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def question_progress(
    points: Iterable[AnswerPoint],
    *,
    prompts: Mapping[QuestionKey, str],
    schedules: Mapping[QuestionKey, QuestionSchedule],
) -> list[QuestionProgress]:
    """Per practised question, weakest first: struggling ones, then by latest score.

    Questions never scored (only skipped) sort as 0, so they come up first too.
    """
    by_question: dict[QuestionKey, list[AnswerPoint]] = defaultdict(list)
    for p in _ordered(points):
        by_question[p.key].append(p)
    out: list[QuestionProgress] = []
    for key, items in by_question.items():
        scores = tuple(p.score for p in items if p.scored and p.score is not None)
        last = items[-1]
        schedule = schedules.get(key)
        out.append(
            QuestionProgress(
                bank_id=key[0],
                question_id=key[1],
                prompt=prompts.get(key, key[1]),
                category=last.category,
                attempts=len(items),
                best=max(scores) if scores else None,
                latest=last.score if last.scored else None,
                mean=_mean(scores),
                last_answered_at=last.answered_at,
                due=_stamp(schedule.due) if schedule is not None else None,
                struggling=schedule.struggling if schedule is not None else False,
                suspended=schedule.suspended if schedule is not None else False,
                scores=scores,
                rescored=any(p.rescored for p in items),
            )
        )
    out.sort(
        key=lambda q: (
            not q.struggling,
            q.latest if q.latest is not None else 0.0,
            q.bank_id,
            q.question_id,
        )
    )
    return out


# -- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimingDay:
    """One day's timing: mean think time, mean time used, how many answers ran over."""

    day: str
    answers: int
    think_mean: float | None  # seconds before the first keystroke
    seconds_mean: float
    overtime_answers: int
    overtime_mean: float  # mean seconds past the limit over all the day's answers

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "answers": self.answers,
            "think_mean": self.think_mean,
            "seconds_mean": self.seconds_mean,
            "overtime_answers": self.overtime_answers,
            "overtime_mean": self.overtime_mean,
        }


def timing_trend(points: Iterable[AnswerPoint]) -> list[TimingDay]:
    """Think time and overtime per UTC day, oldest first (skipped answers left out)."""
    days: dict[str, list[AnswerPoint]] = defaultdict(list)
    for p in points:
        if not p.skipped:
            days[p.day].append(p)
    out = []
    for day in sorted(days):
        items = days[day]
        thinks = [p.think_seconds for p in items if p.think_seconds is not None]
        out.append(
            TimingDay(
                day=day,
                answers=len(items),
                think_mean=_mean(thinks),
                seconds_mean=round(sum(p.seconds for p in items) / len(items), 1),
                overtime_answers=sum(1 for p in items if p.overtime > 0),
                overtime_mean=round(sum(p.overtime for p in items) / len(items), 1),
            )
        )
    return out


# -- energy per round and across rounds -----------------------------------------------------


@dataclass(frozen=True)
class RoundEnergy:
    """The energy curve of one round (energy words per 100 words per question) and its verdict."""

    session_id: int
    started_at: str
    points: tuple[EnergyPoint, ...]
    sagged: bool
    sentence: str

    @property
    def curve(self) -> tuple[float, ...]:
        """Energy words per 100 words of each answered question, in round order."""
        return tuple(round(p.energy_rate, 1) for p in self.points if p.answered)

    @property
    def mean_rate(self) -> float | None:
        return _mean(self.curve)

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "started_at": self.started_at,
            "energy": [
                {
                    "position": p.position,
                    "answered": p.answered,
                    "words": p.words,
                    "energy_words": p.energy_words,
                    "energy_rate": round(p.energy_rate, 1),
                    "hesitation_rate": round(p.hesitation_rate, 1),
                }
                for p in self.points
            ],
            "mean_energy_rate": self.mean_rate,
            "sagged": self.sagged,
        }


def round_energy(
    session_id: int, started_at: str, deliveries: Sequence[tuple[int, Delivery | None]]
) -> RoundEnergy:
    """One round's energy curve, judged by `core.energy` like the round summary."""
    trend = energy_trend(sorted(deliveries, key=lambda d: d[0]))
    return RoundEnergy(session_id, started_at, trend.points, trend.sagged, trend.sentence)


@dataclass(frozen=True)
class EnergyAcrossRounds:
    """Energy over the rounds: each round's mean rate (oldest first), sags, and a sentence."""

    rates: tuple[float, ...]
    sagged_rounds: int
    rounds: int
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rates": list(self.rates),
            "sagged_rounds": self.sagged_rounds,
            "rounds": self.rounds,
            "sentence": self.sentence,
        }


#: A change in mean energy words per 100 words this large between halves is a trend.
ENERGY_TREND_STEP = 0.5


def energy_across_rounds(rounds: Sequence[RoundEnergy]) -> EnergyAcrossRounds:
    """Whether energy is rising or falling from round to round, and how often rounds sagged."""
    ordered = sorted(rounds, key=lambda r: (r.started_at, r.session_id))
    rates = tuple(r.mean_rate for r in ordered if r.mean_rate is not None)
    sagged = sum(1 for r in ordered if r.sagged)
    if len(rates) < 2:
        sentence = "Finish a few more rounds to see how your energy moves from round to round."
    else:
        half = len(rates) // 2
        early = sum(rates[:half]) / half
        late = sum(rates[-half:]) / half
        if late - early >= ENERGY_TREND_STEP:
            direction = "rising: later rounds use more energy words"
        elif early - late >= ENERGY_TREND_STEP:
            direction = "falling: later rounds use fewer energy words"
        else:
            direction = "steady from round to round"
        sentence = (
            f"Energy is {direction} ({early:.1f} → {late:.1f} per 100 words); "
            f"it sagged late in {sagged} of {len(ordered)} rounds."
        )
    return EnergyAcrossRounds(rates, sagged, len(ordered), sentence)


# -- compare attempts -----------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptChange:
    """One attempt at a question against the attempt before it (the previous scored one)."""

    answer: Answer
    previous: Answer | None
    delta: float | None  # score change; None when either side is unscored
    gained: tuple[str, ...] = ()  # rubric terms covered now, not before
    lost: tuple[str, ...] = ()  # rubric terms covered before, not now
    new_avoid: tuple[str, ...] = ()  # avoid-terms hit now, not before
    cleared_avoid: tuple[str, ...] = ()  # avoid-terms hit before, not now
    #: The two scores came from different scorer versions: no delta, said instead.
    scorer_changed: bool = False

    def to_json(self) -> dict[str, Any]:
        score = self.answer.score
        return {
            "session_id": self.answer.session_id,
            "position": self.answer.position,
            "answered_at": self.answer.answered_at,
            "score": score.score if score is not None and not self.answer.skipped else None,
            "delta": self.delta,
            "gained": list(self.gained),
            "lost": list(self.lost),
            "new_avoid": list(self.new_avoid),
            "cleared_avoid": list(self.cleared_avoid),
            "scorer_changed": self.scorer_changed,
        }


def _matched(answer: Answer, *, avoid: bool = False) -> list[str]:
    if answer.score is None or answer.skipped:
        return []
    terms = answer.score.avoid if avoid else answer.score.terms
    return [t.label for t in terms if t.matched]


def _is_scored(answer: Answer) -> bool:
    return answer.score is not None and not answer.skipped


def same_scorer(a: int | None, b: int | None) -> bool:
    """Whether two stored scores came from one scorer (unknown versions are not judged)."""
    return a is None or b is None or a == b


def scorer_note(versions: Collection[int], rescored: int) -> list[str]:
    """Lines saying when scores of different scorers are mixed, and how many were rescored."""
    lines: list[str] = []
    if len(versions) > 1:
        ordered = sorted(versions)
        names = ", ".join(str(v) for v in ordered[:-1]) + f" and {ordered[-1]}"
        lines.append(
            f"Scores from scorer versions {names} are mixed here, so trends compare unlike "
            f"scores: `callback-sim rescore --all` puts every answer on version {ordered[-1]}."
        )
    if rescored:
        lines.append(
            f"↻ {rescored} answer{'' if rescored == 1 else 's'} rescored with a later scorer "
            "(`callback-sim rescore`); the text and timing are as answered."
        )
    return lines


def compare_pair(previous: Answer | None, answer: Answer) -> AttemptChange:
    """What changed from `previous` to `answer`: score delta, rubric terms gained and lost.

    Terms are compared by label (in the newer attempt's rubric order, then the older's),
    so a rubric edited between attempts still compares what both share.
    """
    if previous is None or not _is_scored(answer) or not _is_scored(previous):
        gained = tuple(_matched(answer)) if previous is None else ()
        return AttemptChange(answer, previous, None, gained=gained)
    assert answer.score is not None and previous.score is not None
    if not same_scorer(previous.scorer_version, answer.scorer_version):
        # Scores of two scorers are not on one scale: compare like with like only.
        return AttemptChange(answer, previous, None, scorer_changed=True)
    now, before = _matched(answer), _matched(previous)
    avoid_now, avoid_before = _matched(answer, avoid=True), _matched(previous, avoid=True)
    return AttemptChange(
        answer=answer,
        previous=previous,
        delta=round(answer.score.score - previous.score.score, 1),
        gained=tuple(t for t in now if t not in before),
        lost=tuple(t for t in before if t not in now),
        new_avoid=tuple(t for t in avoid_now if t not in avoid_before),
        cleared_avoid=tuple(t for t in avoid_before if t not in avoid_now),
    )


def compare_attempts(answers: Sequence[Answer]) -> list[AttemptChange]:
    """Every attempt (oldest first) against the latest scored attempt before it."""
    ordered = sorted(answers, key=lambda a: (a.answered_at or "", a.session_id, a.position))
    out: list[AttemptChange] = []
    last_scored: Answer | None = None
    for answer in ordered:
        if not _is_scored(answer):
            out.append(AttemptChange(answer, last_scored, None))
            continue
        out.append(compare_pair(last_scored, answer))
        last_scored = answer
    return out


# -- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressReport:
    """Everything `callback-sim progress` prints and the progress screen shows."""

    generated_at: str
    categories: tuple[CategoryProgress, ...]
    questions: tuple[QuestionProgress, ...]
    timing: tuple[TimingDay, ...]
    rounds: tuple[RoundEnergy, ...]  # newest first
    energy: EnergyAcrossRounds = field(
        default_factory=lambda: energy_across_rounds(()),
    )
    scorer_versions: tuple[int, ...] = ()  # versions among the scored answers
    rescored: int = 0  # answers recomputed by `rescore`

    def to_json(self) -> dict[str, Any]:
        """The `progress --format json` object (docs/progress.md)."""
        return {
            "generated_at": self.generated_at,
            "categories": [c.to_json() for c in self.categories],
            "questions": [q.to_json() for q in self.questions],
            "timing": [t.to_json() for t in self.timing],
            "rounds": [r.to_json() for r in self.rounds],
            "energy": self.energy.to_json(),
            "scorer_versions": list(self.scorer_versions),
            "mixed_scorers": len(self.scorer_versions) > 1,
            "rescored_answers": self.rescored,
        }


def build_report(
    points: Sequence[AnswerPoint],
    *,
    prompts: Mapping[QuestionKey, str],
    rounds: Sequence[RoundEnergy],
    now: datetime,
    suspended: Collection[QuestionKey] = (),
) -> ProgressReport:
    """The whole progress picture from stored answers, as of `now` (due dates depend on it)."""
    schedules = build_schedules(points, now=now, suspended=suspended)
    newest_first = sorted(rounds, key=lambda r: (r.started_at, r.session_id), reverse=True)
    return ProgressReport(
        generated_at=_stamp(now),
        categories=tuple(category_progress(points)),
        questions=tuple(question_progress(points, prompts=prompts, schedules=schedules)),
        timing=tuple(timing_trend(points)),
        rounds=tuple(newest_first),
        energy=energy_across_rounds(rounds),
        scorer_versions=tuple(
            sorted({p.scorer_version for p in points if p.scored and p.scorer_version})
        ),
        rescored=sum(1 for p in points if p.rescored),
    )


def _fig(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def due_label(due: str | None, now: datetime) -> str:
    """When a question is due again, relative to `now`: "now", "in 3 h", "in 12 d"."""
    if due is None:
        return "—"
    seconds = (parse_utc(due) - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} d"


def progress_markdown(report: ProgressReport, *, questions_limit: int | None = None) -> str:
    """The report as Markdown that reads well pasted into notes."""
    now = parse_utc(report.generated_at)
    lines = [f"# Progress ({report.generated_at[:10]})", ""]
    if not report.categories and not report.questions:
        lines.append("No answers yet: practise a round first (`callback-sim practice`).")
        return "\n".join(lines) + "\n"
    notes = scorer_note(report.scorer_versions, report.rescored)
    if notes:
        lines += [*notes, ""]
    lines += [
        "## By category",
        "",
        "| Category | Answers | Mean | Latest | Best | Trend (daily mean, 0–100) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in report.categories:
        spark = sparkline_text([d.mean for d in c.trend[-30:]])
        lines.append(
            f"| {_cell(c.category)} | {c.answers} | {_fig(c.mean)} | {_fig(c.latest)} "
            f"| {_fig(c.best)} | {spark} |"
        )
    questions = report.questions[:questions_limit] if questions_limit else report.questions
    lines += [
        "",
        "## By question (weakest first)",
        "",
        "| Question | Category | Attempts | Latest | Best | Mean | Due | Flags |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for q in questions:
        flags = ", ".join(
            flag
            for flag, on in (
                ("struggling", q.struggling),
                ("suspended", q.suspended),
                ("↻ rescored", q.rescored),
            )
            if on
        )
        prompt = q.prompt if len(q.prompt) <= 70 else q.prompt[:69] + "…"
        lines.append(
            f"| {_cell(prompt)} (`{q.bank_id}/{q.question_id}`) | {_cell(q.category)} "
            f"| {q.attempts} | {_fig(q.latest)} | {_fig(q.best)} | {_fig(q.mean)} "
            f"| {due_label(q.due, now)} | {flags} |"
        )
    if questions_limit and len(report.questions) > questions_limit:
        lines.append(f"\n…and {len(report.questions) - questions_limit} more.")
    if report.timing:
        lines += [
            "",
            "## Timing",
            "",
            "| Day | Answers | Think (s) | Time used (s) | Over time | Overtime (s, mean) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for t in report.timing[-14:]:
            think = "—" if t.think_mean is None else f"{t.think_mean:.1f}"
            lines.append(
                f"| {t.day} | {t.answers} | {think} | {t.seconds_mean:.0f} "
                f"| {t.overtime_answers} | {t.overtime_mean:.1f} |"
            )
    if report.rounds:
        lines += [
            "",
            "## Energy across rounds",
            "",
            report.energy.sentence,
            "",
            "| Round | Started | Energy words per 100 words, by question | Mean | Late sag |",
            "|---:|---|---|---:|---|",
        ]
        for r in report.rounds[:10]:
            curve = " ".join(f"{v:.1f}" for v in r.curve) or "—"
            mean = "—" if r.mean_rate is None else f"{r.mean_rate:.1f}"
            lines.append(
                f"| {r.session_id} | {r.started_at[:16].replace('T', ' ')} | {curve} "
                f"| {mean} | {'yes' if r.sagged else 'no'} |"
            )
    lines += [
        "",
        "Scores describe rubric coverage and delivery; they do not predict hiring decisions.",
    ]
    return "\n".join(lines) + "\n"
