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


LUMEN = """Company: Lumen Health
Round 1 with Priya (eng manager) at Lumen Health, 45 min video call

Q: Tell me about a project you're proud of
A: we moved reminders to a queue. (hesitated) didn't really land, we built it anyway.

Interviewer: seemed skeptical about the on-call stuff, asked twice whether I'd done on-call.
Q: Have you been on call?
A: yes, one week in four for about a year.
"""


def test_a_remark_is_not_a_name_and_a_heading_names_who_was_met() -> None:
    reading = parse_notes(LUMEN, "n.txt")
    (rnd,) = reading.debrief.rounds
    assert [(p.name, p.title) for p in rnd.people] == [("Priya", "eng manager")]
    assert rnd.kind == "video call"  # the length and "at Lumen Health" are not the kind
    first, on_call = rnd.exchanges
    # "(hesitated)" inside the answer is the reaction, and is not left in the answer.
    assert first.reaction == "hesitated" and "(hesitated)" not in first.answer
    # The remark is the note of the exchange it is about (on-call), and reads as hesitation.
    assert (
        on_call.notes
        == "seemed skeptical about the on-call stuff, asked twice whether I'd done on-call"
    )
    assert on_call.reaction == "hesitated"
    assert on_call.asked_by == "Priya"
    assert any("reads as a remark, not a name" in w and "n.txt:7:" in w for w in reading.warnings)


@pytest.mark.parametrize(
    ("line", "people"),
    [
        (
            "Interviewer: Dana Cole, Director of Product (Product)",
            [("Dana Cole", "Director of Product")],
        ),
        ("Interviewer: Daniel Osei, Matron, Medicine Division", [("Daniel Osei", "Matron")]),
        (
            "met: Gareth Pryce (Associate Director, Highways) and "
            "Nadia Farouk (HR Business Partner)",
            [("Gareth Pryce", "Associate Director"), ("Nadia Farouk", "HR Business Partner")],
        ),
        ("Interviewer: Tom Whitcombe, Head of FP&A", [("Tom Whitcombe", "Head of FP&A")]),
        ("## with Claire Beaumont, Head of HR (Operations)", [("Claire Beaumont", "Head of HR")]),
        (
            "## Round 1 with Inês Carvalho (Design Director) + Ollie Brandt (Lead Designer), 1 hr",
            [("Inês Carvalho", "Design Director"), ("Ollie Brandt", "Lead Designer")],
        ),
        ("Interviewer: Priya - seemed skeptical", [("Priya", "")]),
    ],
)
def test_people_lines_as_people_write_them(line: str, people: list[tuple[str, str]]) -> None:
    text = f"Company: X\n{line}\nQ: Why us?\nA: I like the product a lot.\n"
    (rnd,) = parse_notes(text).debrief.rounds
    assert [(p.name, p.title) for p in rnd.people] == people


def test_a_lower_case_name_is_a_guess_that_is_shown() -> None:
    reading = parse_notes(
        "Company: X\nInterviewer: priya, eng manager\nQ: Why?\nA: Because.\n", "n.md"
    )
    assert reading.debrief.rounds[0].people[0].name == "Priya"
    assert any("guessed 'priya, eng manager' is a name (Priya)" in w for w in reading.warnings)


def test_remarks_in_brackets_are_notes_and_what_was_said_in_them_is_answer() -> None:
    text = (
        "Company: X\nInterviewer: Priya Raman, Area Manager\nQ: Biggest turnaround?\n"
        "A: I took over a store 14% below budget.\n"
        "(she asked for the annual turnover — I said about £2.1m)\n"
        "Q: Late team members?\nA: A private conversation first.\n(shrug)\n"
    )
    reading = parse_notes(text, "n.md")
    first, second = reading.debrief.rounds[0].exchanges
    assert first.answer.endswith("I said about £2.1m.")
    assert first.notes == "she asked for the annual turnover"
    assert (second.reaction, second.notes) == ("neutral", "shrug")
    assert any("n.md:8:" in w and "left neutral" in w for w in reading.warnings)


def test_dates_asked_by_in_brackets_and_topics_with_comments() -> None:
    text = (
        "Company: X\n## Round 1 with Hannah Kowalczyk (analytics manager), 45 min Teams call, "
        "10 Nov 2026\nmet: Nadia Farouk (HR)\nQ: (Nadia) a time you managed a difficult client\n"
        "A: fortnightly design-freeze meetings and a change log.\n"
        "Didn't get to: salary (I want ~72k), accessibility research. HR will email.\n"
    )
    d = parse_notes(text).debrief
    (rnd,) = d.rounds
    assert (rnd.date, rnd.kind) == (date(2026, 11, 10), "Teams call")
    assert rnd.exchanges[0].asked_by == "Nadia Farouk"
    assert rnd.exchanges[0].question == "a time you managed a difficult client"
    assert d.uncovered == ("salary", "accessibility research")


PROSE = """Company: Harrowgate Fulfilment

Met Łukasz Wiśniewski (General Manager of the site) and briefly Fiona McBride from HR.

Łukasz started with the usual tell me about yourself. I went through Amazon, 3 yrs as area manager.

He asked about H&S. Told him yes, one in 2024, we retrained the drivers. He nodded a lot.

Then something about overtime. He seemed rushed.

salary wasn't discussed, neither was locum cover or the Saturday rota.
"""


def test_prose_notes_give_people_exchanges_and_topics() -> None:
    reading = parse_notes(PROSE, "p.txt")
    (rnd,) = reading.debrief.rounds
    assert [(p.name, p.title) for p in rnd.people] == [
        ("Łukasz Wiśniewski", "General Manager of the site"),
        ("Fiona McBride", "HR"),
    ]
    yourself, safety = rnd.exchanges
    assert yourself.question == "Tell me about yourself"
    assert yourself.answer.startswith("I went through Amazon")
    assert yourself.asked_by == "Łukasz Wiśniewski"
    assert safety.question == "H&S"
    assert safety.answer == "Told him yes, one in 2024, we retrained the drivers."
    assert (safety.reaction, safety.notes) == ("resonated", "He nodded a lot.")
    # A question with no answer in the notes is not invented: it is skipped and said so.
    assert any("p.txt:9:" in w and "found no answer" in w for w in reading.warnings)
    assert reading.debrief.uncovered == ("salary", "locum cover", "Saturday rota")


def test_prose_reactions_from_remarks_before_and_asides_within() -> None:
    text = (
        "Company: X\nMet Dana Cole (CTO).\n\n"
        "I think the bit about budgets didn't land. She asked how I cut costs and I said we "
        "dropped two vendors.\n\n"
        "Then a question about why X — I said I commute past the office, which got a laugh.\n"
    )
    first, second = parse_notes(text).debrief.rounds[0].exchanges
    assert first.reaction == "hesitated" and "didn't land" in (first.notes or "")
    assert second.reaction == "resonated"
    assert "laugh" not in second.question
