"""Sessions as the JSON, CSV and Markdown that `report`, `history` and `export` print.

Pure functions of `core.models` objects, so the TUI can offer the same exports. The JSON
keys follow PRODUCT.md; extra keys (bank_id, timings, sub-scores) only ever add.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from callback_sim.core.models import Answer, Session, SessionSummary

HISTORY_CSV_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "status",
    "mode",
    "company",
    "answers",
    "planned",
    "score",
    "seconds",
)

EXPORT_CSV_COLUMNS = (
    "session_id",
    "started_at",
    "ended_at",
    "status",
    "mode",
    "company",
    "position",
    "bank_id",
    "question_id",
    "category",
    "persona",
    "prompt",
    "answer",
    "seconds",
    "think_seconds",
    "time_limit",
    "overtime",
    "skipped",
    "score",
    "content_score",
    "delivery_score",
    "matched_terms",
    "missed_terms",
    "avoid_hits",
    "feedback",
    "answered_at",
)


def answer_json(answer: Answer) -> dict[str, Any]:
    """One answer of `report --format json`: the PRODUCT.md keys first, then extras."""
    score = answer.score
    q = answer.question
    return {
        "position": answer.position,
        "question_id": q.id,
        "prompt": q.prompt,
        "answer": answer.text,
        "seconds": answer.seconds,
        "skipped": answer.skipped,
        "score": score.score if score else None,
        # to_record: the PRODUCT.md keys plus `span` and `required`
        "terms": [t.to_record() for t in score.terms] if score else [],
        "avoid": [t.to_record() for t in score.avoid] if score else [],
        "delivery": score.delivery.to_json() if score else None,
        "feedback": list(score.feedback) if score else [],
        # extras
        "bank_id": q.bank_id,
        "category": q.category,
        "persona": q.persona,
        "source": q.source.to_json(),
        "think_seconds": answer.think_seconds,
        "time_limit": answer.time_limit,
        "overtime": answer.overtime,
        "content_score": score.content_score if score else None,
        "delivery_score": score.delivery_score if score else None,
        "consistency": list(score.consistency) if score else [],
        "answered_at": answer.answered_at,
        "timed_out": answer.timed_out,
        "scorer_version": answer.scorer_version,
        "rescored_at": answer.rescored_at,
        # the question exactly as asked: prompt, rubric (phrases, weights, required), limits
        "question": q.to_record(),
    }


def session_json(session: Session) -> dict[str, Any]:
    """The whole session for `report --format json` and `export --format json`."""
    answered = {a.position for a in session.answers}
    return {
        "id": session.id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "status": session.status,
        "mode": session.mode,
        "company": session.company,
        "score": session.mean_score,
        "planned": len(session.planned),
        "settings": session.settings,
        "answers": [answer_json(a) for a in session.answers],
        "unanswered": [
            {"position": n, "question_id": q.id, "prompt": q.prompt, "bank_id": q.bank_id}
            for n, q in enumerate(session.planned, start=1)
            if n not in answered
        ],
    }


def history_rows(summaries: Iterable[SessionSummary]) -> Iterator[list[Any]]:
    for s in summaries:
        yield [
            s.id,
            s.started_at,
            s.ended_at or "",
            s.status,
            s.mode,
            s.company or "",
            s.answers,
            s.planned,
            "" if s.score is None else s.score,
            s.seconds,
        ]


def export_rows(sessions: Iterable[Session]) -> Iterator[list[Any]]:
    """One CSV row per answer; a session without answers still gets one row."""
    for s in sessions:
        head = [s.id, s.started_at, s.ended_at or "", s.status, s.mode, s.company or ""]
        if not s.answers:
            yield head + [""] * (len(EXPORT_CSV_COLUMNS) - len(head))
            continue
        for a in s.answers:
            sc = a.score
            q = a.question
            yield [
                *head,
                a.position,
                q.bank_id,
                q.id,
                q.category,
                q.persona or "",
                q.prompt,
                a.text,
                a.seconds,
                "" if a.think_seconds is None else a.think_seconds,
                a.time_limit,
                a.overtime,
                int(a.skipped),
                "" if sc is None else sc.score,
                "" if sc is None else sc.content_score,
                "" if sc is None else sc.delivery_score,
                "" if sc is None else "; ".join(t.label for t in sc.terms if t.matched),
                "" if sc is None else "; ".join(t.label for t in sc.terms if not t.matched),
                "" if sc is None else "; ".join(t.label for t in sc.avoid if t.matched),
                "" if sc is None else " | ".join(sc.feedback),
                a.answered_at or "",
            ]


def _quote(text: str) -> str:
    """Markdown blockquote keeping the answer verbatim, blank lines included."""
    if not text.strip():
        return "> *(no text)*"
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _persona(name: str | None) -> str:
    return (name or "interviewer").replace("_", " ")


def answer_markdown(answer: Answer) -> list[str]:
    q = answer.question
    lines = [f"## {answer.position}. {q.prompt}", ""]
    meta = f"*{_persona(q.persona)} · {q.category} · {q.bank_id}/{q.id}*"
    lines += [meta, ""]
    if q.source.kind == "follow_up":
        lines += [f"Follow-up to answer {q.source.follows}, on your words “{q.source.quote}”", ""]
    elif q.source.quote:
        lines += [f"Quoting round one: “{q.source.quote}”", ""]
    lines += ["**Your answer**" + (" (skipped)" if answer.skipped else ""), "", _quote(answer.text)]
    timing = f"Time: {answer.seconds:.0f} s of {answer.time_limit} s"
    if answer.think_seconds is not None:
        timing += f"; {answer.think_seconds:.0f} s before typing"
    if answer.overtime > 0:
        timing += f"; {answer.overtime:.0f} s overtime"
    lines += ["", timing]
    sc = answer.score
    if sc is None:
        lines += ["", "Not scored."]
        return lines
    lines += [
        "",
        f"**Score {sc.score:.1f}** (content {sc.content_score:.1f}, "
        f"delivery {sc.delivery_score:.1f})",
        "",
    ]
    for t in sc.terms:
        weight = f"weight {t.weight:g}"
        if t.matched:
            lines.append(f"- [x] {t.label} ({weight}): “{t.evidence}”")
        else:
            req = ", required" if t.required else ""
            lines.append(f"- [ ] {t.label} ({weight}{req}): not found")
    for t in sc.avoid:
        if t.matched:
            lines.append(f"- [!] avoid: {t.label} (−{t.weight:g}): “{t.evidence}”")
    d = sc.delivery
    lines += [
        "",
        f"Delivery: {d.words} words, {d.filled_pauses} filled pauses, "
        f"{d.discourse_markers} fillers, {d.hedges} hedges, {d.energy_words} energy words",
    ]
    if sc.consistency:
        lines += ["", *(f"Consistency: {c}" for c in sc.consistency)]
    if sc.feedback:
        lines += ["", "Feedback:", *(f"- {f}" for f in sc.feedback)]
    return lines


def session_markdown(session: Session) -> str:
    """`report --format md`: every question as asked, the answer verbatim, evidence, feedback."""
    title = f"# Session {session.id}"
    if session.company:
        title += f" — {session.company}"
    score = "—" if session.mean_score is None else f"{session.mean_score:.1f}"
    lines = [
        title,
        "",
        f"- Started: {session.started_at} (UTC)",
        f"- Ended: {session.ended_at or '—'}",
        f"- Status: {session.status.replace('_', ' ')}",
        f"- Mode: {session.mode}",
        f"- Answered: {len(session.answers)} of {len(session.planned)}",
        f"- Mean score: {score}",
    ]
    for answer in session.answers:
        lines += ["", *answer_markdown(answer)]
    answered = {a.position for a in session.answers}
    missing = [(n, q) for n, q in enumerate(session.planned, start=1) if n not in answered]
    if missing:
        lines += ["", "## Not answered", ""]
        lines += [f"{n}. {q.prompt}" for n, q in missing]
    return "\n".join(lines) + "\n"
