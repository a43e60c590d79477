"""Where a seeded question came from, in words: for the round screen and the plan preview."""

from __future__ import annotations

from callback_sim.core.models import Question

#: Why a seeded question of each kind is asked, said after the quote on the round screen.
KIND_REASONS: dict[str, str] = {
    "hesitation": "they hesitated here",
    "numbers": "pushing on your numbers",
    "challenge": "challenging your call",
    "consistency": "checking your story holds",
    "quote_back": "asking for more detail",
}


def source_label(question: Question) -> str:
    """Short source of a planned question: "hesitation · exchange 2", "bank pushback"."""
    src = question.source
    kind = src.kind.replace("_", " ")
    if src.kind == "bank":
        return f"bank {question.bank_id}" if question.bank_id else "bank"
    if src.kind == "uncovered" and src.topic:
        return f"uncovered · {src.topic}"
    if src.kind == "practice":
        return "practice answer"
    if src.kind == "follow_up" and src.follows is not None:
        return f"follow-up to answer {src.follows}"
    if src.exchange is not None:
        return f"{kind} · exchange {src.exchange + 1}"
    return kind


def source_line(question: Question) -> str | None:
    """What the round screen says about a seeded question's origin; None for bank questions."""
    src = question.source
    if src.kind == "bank":
        return None
    reason = KIND_REASONS.get(src.kind)
    if src.kind == "follow_up":
        # The prompt already quotes the answer just given; say which one it presses on.
        return "Following up your last answer"
    if src.quote:
        line = f'Quoting you, round one: "{src.quote}"'
        return f"{line} ({reason})" if reason else line
    if src.kind == "uncovered" and src.topic:
        return f"Round one never covered: {src.topic}"
    if src.kind == "practice":
        return "From your last practice answer"
    if src.exchange is not None:
        return f"Following up round one, exchange {src.exchange + 1}" + (
            f" ({reason})" if reason else ""
        )
    return "Seeded from your round-one debrief"
