"""Plain notes read into a debrief: the formats people keep, what was understood, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from callback_sim.core.debrief import DebriefError, dump_debrief, parse_debrief
from callback_sim.core.notes import describe_debrief, load_debrief_file, parse_notes, reaction_of

NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs" / "contoso-notes.md"


def test_the_fixture_notes_become_a_debrief() -> None:
    reading = load_debrief_file(NOTES)
    d = reading.debrief
    assert reading.warnings == ()  # the title heading is skipped silently
    assert (d.company, d.role) == ("Contoso Clinics", "Clinical Operations Lead")
    assert [(r.kind, r.date) for r in d.rounds] == [
        ("video call", date(2026, 11, 24)),
        ("panel", date(2026, 11, 28)),
    ]
    grace, tom = d.rounds[0].people
    assert (grace.name, grace.title, grace.department) == (
        "Grace Otieno",
        "Director of Nursing",
        "Clinical Operations",
    )
    assert tom.department == "People"
    first, second = d.rounds[0].exchanges
    assert first.answer.endswith("with the same eight nurses.")  # continued on the next line
    assert (first.reaction, first.asked_by) == ("resonated", None)  # two people: not guessed
    assert (second.reaction, second.asked_by) == ("hesitated", "Tom Reyes")  # "Q (Tom):"
    assert second.notes == "he asked twice whether I would get bored again"
    (third,) = d.rounds[1].exchanges
    assert (third.reaction, third.asked_by) == ("neutral", "Priya Shah")  # the only one there
    assert d.uncovered == ("on-call", "patient complaints")
    # What it gives is a debrief like any other: the TOML dump reads back the same.
    assert parse_debrief(dump_debrief(d)) == d


@pytest.mark.parametrize(
    ("text", "reaction"),
    [
        ("they liked this", "resonated"),
        ("hesitated", "hesitated"),
        ("she didn't like it", "hesitated"),
        ("long pause", "hesitated"),
        ("neutral", "neutral"),
        ("nodded", "resonated"),
        ("shrug", None),
    ],
)
def test_reactions_in_brackets(text: str, reaction: str | None) -> None:
    assert reaction_of(text) == reaction


def test_markdown_bullets_bold_keys_and_trailing_reactions() -> None:
    text = (
        "- **Company:** Globex\n"
        "- Interviewer: Ada Park — VP Engineering\n"
        "* **Q:** Why us?\n"
        "* **A:** Your platform team ships weekly. (they liked this)\n"
        "* Asked by: ada\n"
        "* Note: wants more on hiring\n"
        "Uncovered: budget; hiring\n"
    )
    d = parse_notes(text, "n.md").debrief
    (exchange,) = d.rounds[0].exchanges
    assert d.rounds[0].people[0].title == "VP Engineering"
    assert exchange.answer == "Your platform team ships weekly."
    assert (exchange.reaction, exchange.asked_by) == ("resonated", "Ada Park")
    assert exchange.notes == "wants more on hiring"
    assert d.uncovered == ("budget", "hiring")


def test_errors_have_line_numbers_and_say_what_to_do() -> None:
    text = "Q: one?\nQ: two?\nA: yes\n(shrug)\nAsked by: Bob\nA: stray\n"
    with pytest.raises(DebriefError) as caught:
        parse_notes(text, "bad.md")
    assert caught.value.errors == (
        "bad.md:1: a question with no answer; add an `A:` line after it",
        "bad.md:1: no `Company:` line; add one like `Company: Acme Health` at the top",
        "bad.md:5: asked by 'Bob', who is not one of the people met (nobody yet); add an "
        "`Interviewer:` line for them",
        "bad.md:6: a second `A:` for one question; join the two answers",
    )


def test_lines_not_understood_are_warnings_not_errors() -> None:
    reading = parse_notes("Company: X\nOverall I think it went fine\nQ: a?\nA: b.\n", "n.txt")
    assert reading.warnings == (
        "n.txt:2: warning: not understood, skipped: 'Overall I think it went fine'",
    )
    assert len(reading.debrief.exchanges()) == 1


def test_empty_notes_say_there_is_nothing_to_practise() -> None:
    with pytest.raises(DebriefError, match="nothing to practise from"):
        parse_notes("Company: X\n", "n.md")


def test_describe_says_what_was_understood() -> None:
    lines = describe_debrief(load_debrief_file(NOTES).debrief)
    assert lines[0] == "Company: Contoso Clinics — Clinical Operations Lead"
    assert '  2. Q: "Why are you leaving your current job?"' in lines
    assert any("hesitated, asked by Tom Reyes" in line for line in lines)
    assert lines[-1] == "Not covered: on-call, patient complaints"
