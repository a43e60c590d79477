"""The score card: total, content and delivery, every rubric term with its evidence, feedback.

Reusable wherever an answer is shown with its score (after each answer, in the round
summary, and in the history screens), so every point can be traced to the answer text.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from callback_sim.core.durations import clock, over_limit
from callback_sim.core.models import Score, TermResult
from callback_sim.core.text import counted

#: Styles (theme variables, so every theme shows them) for matched rubric and avoid terms.
MATCH_STYLE = "bold $text-success on $success-muted"
AVOID_STYLE = "bold $text-error on $error-muted"


def _weight(value: float) -> str:
    return f"{value:g}"


def highlight_answer(text: str, score: Score) -> Content:
    """The answer with each matched term's evidence span highlighted (avoid-terms in red)."""
    content = Content(text)
    for term, style in [(t, MATCH_STYLE) for t in score.terms] + [
        (t, AVOID_STYLE) for t in score.avoid
    ]:
        if term.matched and term.span is not None:
            start, end = term.span
            if 0 <= start < end <= len(text):
                content = content.stylize(style, start, end)
    return content


def _term_line(term: TermResult, *, avoid: bool) -> Content:
    if avoid:
        mark = Content.styled("✗ hit", "bold $text-error") if term.matched else Content("  ok ")
    else:
        mark = (
            Content.styled("✓", "bold $text-success")
            if term.matched
            else Content.styled("✗", "bold $text-error")
        )
    label = f" {term.label} ({_weight(term.weight)})"
    if term.required and not term.matched:
        label += " · required"
    parts: list[Content | str] = [mark, label]
    if term.matched and not avoid:
        parts.append(Content.styled(f"  {how_earned(term)}", "$text-accent"))
    if term.matched and term.evidence:
        parts.append(Content.styled(f"  “{term.evidence}”", "italic $text-muted"))
    return Content.assemble(*parts)


def how_earned(term: TermResult) -> str:
    """How a matched term was earned: by a phrase (with a cut credit), a signal, or its idea
    said in other words."""
    if term.source == "signal":
        return f"[{term.signal} signal]"
    if term.source == "meaning":
        return f"[in other words: near “{term.phrase}”, {term.credit:.0%} credit]"
    if term.cut == "recited":
        return f"[phrase in a sentence that recites the rubric: {term.credit:.0%} credit]"
    if term.credit < 1:
        return f"[phrase in a keyword list: {term.credit:.0%} credit]"
    return "[phrase]"


def delivery_line(score: Score) -> str:
    """Delivery figures in one line: words, time against the limit, fillers, hedges, energy."""
    d = score.delivery
    parts = [counted(d.words, "word")]
    if d.seconds is not None:
        used = clock(d.seconds)
        parts.append(f"{used} of {clock(d.time_limit)}" if d.time_limit else used)
        if over_limit(d.seconds, d.time_limit):
            parts.append(over_limit(d.seconds, d.time_limit))
    # The feedback's words: filled pauses are "um", "uh"; fillers are "you know", "like".
    parts += [
        f"filled pauses {d.filled_pauses}",
        f"fillers {d.discourse_markers}",
        f"hedges {d.hedges}",
        f"energy words {d.energy_words}",
    ]
    return " · ".join(parts)


class ScoreCard(VerticalScroll):
    """One scored answer: figures on top, then terms, delivery, feedback and the marked text."""

    DEFAULT_CSS = """
    ScoreCard {
        height: 1fr;
        padding: 0 1;
        & > .card-totals { text-style: bold; color: $text-primary; margin-bottom: 1; }
        & > .card-heading { text-style: bold; color: $text-accent; margin-top: 1; }
        & > .card-answer { padding: 0 1; background: $boost; }
        & > .card-skipped { color: $text-warning; }
        & > .card-consistency { color: $text-warning; text-style: bold; }
        & > .card-gate { color: $text-warning; }
    }
    """

    def __init__(
        self,
        score: Score | None,
        answer_text: str,
        *,
        skipped: bool = False,
        title: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.score = score
        self.answer_text = answer_text
        self.skipped = skipped
        self.title = title

    def compose(self) -> ComposeResult:
        if self.title:
            yield Static(self.title, classes="card-heading", markup=False)
        score = self.score
        if score is None or self.skipped:
            yield Static("Skipped — not scored.", classes="card-skipped")
            if self.answer_text.strip():
                yield Static("What you had typed", classes="card-heading")
                yield Static(Content(self.answer_text), classes="card-answer")
            return
        yield Static(
            f"Score {score.score:.0f}   ·   content {score.content_score:.0f}"
            f"   ·   delivery {score.delivery_score:.0f}",
            classes="card-totals",
            id="card-totals",
        )
        gate = score.gate
        if gate is not None and gate.well_formedness < 1:
            yield Static(
                f"Read as a keyword list: content × {gate.well_formedness:g}",
                classes="card-gate",
                markup=False,
            )
        if gate is not None and score.terms and gate.on_topic < 1:
            yield Static(
                f"On topic: {gate.on_topic_sentences} of {gate.sentences} sentences — "
                f"content × {gate.on_topic:g}",
                classes="card-gate",
                markup=False,
            )
        if gate is not None and score.terms and gate.strays:
            yield Static(
                f"Strays from the question asked: content × {gate.focus:g}",
                classes="card-gate",
                markup=False,
            )
        if score.terms:
            yield Static("What the rubric looked for", classes="card-heading")
            for term in score.terms:
                yield Static(_term_line(term, avoid=False), classes="card-term")
        if score.avoid:
            yield Static("What costs points", classes="card-heading")
            for term in score.avoid:
                yield Static(_term_line(term, avoid=True), classes="card-avoid")
        yield Static("Delivery", classes="card-heading")
        yield Static(delivery_line(score), classes="card-delivery", markup=False)
        if score.consistency:
            # Drift from round one gets its own heading: it is what a callback interviewer hears.
            yield Static("Changed since round one", classes="card-heading")
            for line in score.consistency:
                yield Static(f"⚠ {line}", classes="card-consistency", markup=False)
        notes = [line for line in score.feedback if line not in score.consistency]
        if notes:
            yield Static("Feedback", classes="card-heading")
            for line in notes:
                yield Static(f"• {line}", classes="card-feedback", markup=False)
        yield Static("Your answer (what the rubric found is highlighted)", classes="card-heading")
        yield Static(
            highlight_answer(self.answer_text, score) if self.answer_text else "(empty)",
            classes="card-answer",
            id="card-answer",
        )
