"""Importing question lists (Markdown, CSV, text), planning ids and starter rubrics, export."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim.core.banks import load_bank_set, parse_bank
from callback_sim.core.importer import (
    NEEDS_RUBRIC,
    ImportedQuestion,
    ImportFormatError,
    audience,
    bank_to_markdown,
    format_for,
    is_ask,
    next_number,
    parse_csv,
    parse_markdown,
    parse_questions,
    parse_text,
    plan_import,
)
from callback_sim.core.models import SIGNAL_NAMES, Bank, Question, RubricTerm
from callback_sim.core.starter import MIN_SIMILARITY, propose_rubric, signal_rubric, similarity
from callback_sim.paths import builtin_banks_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def prompts(name: str) -> list[str]:
    path = FIXTURES / name
    return [q.prompt for q in parse_questions(path.read_text(encoding="utf-8"), format_for(path))]


def test_blog_post_with_front_matter_prose_and_headings() -> None:
    found = parse_markdown((FIXTURES / "blog-post.md").read_text(encoding="utf-8"))
    assert [q.prompt for q in found] == [
        "In round one you mentioned a project that slipped. What would you do differently?",
        "You said your team grew revenue by 20%. How much of that was your work?",
        "Walk me through the trade-offs you weighed on that migration.",
        "Why do you still want this job after meeting the team?",
        "What excites you most about our product roadmap?",
        "Tell me what you would work on first if you could pick anything.",
        "What would your first 90 days look like?",
        "What do you need to learn before you can be effective here?",
        "What does success look like in this role after a year?",
        "How does this team decide what to build next?",
    ]
    # Headings that name a category become the category.
    assert [q.category for q in found] == ["pushback"] * 3 + ["enthusiasm"] * 3 + [
        "start_plan"
    ] * 2 + ["curiosity"] * 2
    assert found[0].line == 23


def test_mdx_ignores_imports_jsx_comments_and_code() -> None:
    found = parse_markdown((FIXTURES / "component-docs.mdx").read_text(encoding="utf-8"))
    assert [q.prompt for q in found] == [
        "Tell me about a time you had to lead without authority.",
        "Describe a decision you made with incomplete data.",
        "How do you handle a teammate who misses deadlines?",
        "What do you do when you disagree with a code review?",
        "Who would you pick as a reference, and why?",
        "What will your last manager say is your biggest weakness?",
    ]
    assert found[0].tags == ("leadership",)
    assert found[-1].category == "references"


def test_readme_list_mixed_markers_nested_bullets_and_bold() -> None:
    assert prompts("readme-list.md") == [
        "Why are you leaving your current job?",
        "Why do you want to work here rather than at our competitors?",
        "Tell me about yourself — the version for someone who has read your résumé.",
        "What is the hardest feedback you have received?",
        "Which of your projects are you proudest of, and why?",
        "How do you decide when to pay down technical debt?",
        "Explain how you would onboard a new engineer to a legacy codebase.",
        "Describe a production incident you owned end to end.",
    ]


def test_answers_and_tips_under_questions_are_not_questions() -> None:
    assert prompts("with-answers.md") == [
        "Tell me about a time you failed.",
        "How do you handle conflict with a stakeholder?",
        "What would you do in your first week?",
        "Describe how you prioritise when everything is urgent.",
        "Do you have any questions for us?",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Share this post with a friend", []),
        ("- Tell me about a conflict.", ["Tell me about a conflict."]),
        ("- Answer: Describe the outcome.", []),
        ("1. Why **this** [company](https://x.io)?", ["Why this company?"]),
        ("Some prose that asks why?", []),
        ("Q: Why now?", ["Why now?"]),
        ("| Why? | table |", []),
    ],
)
def test_markdown_question_rule(line: str, expected: list[str]) -> None:
    assert [q.prompt for q in parse_markdown(line + "\n")] == expected


def test_markdown_skips_repeated_prompts() -> None:
    assert len(parse_markdown("- Why here?\n- why here?\n")) == 1


def test_csv_with_header_quoted_commas_and_phrases() -> None:
    found = parse_csv((FIXTURES / "with-header.csv").read_text(encoding="utf-8"))
    assert [q.prompt for q in found] == [
        "Why this company, and why now?",
        "Walk me through your first 30, 60 and 90 days.",
        "Who should we call as a reference?",
    ]
    assert found[0].phrases == ("mission", "growth", "timing")
    assert found[0].time_limit == 90
    assert found[1].time_limit is None
    assert found[2].category == "references"


def test_csv_without_header() -> None:
    found = parse_csv((FIXTURES / "no-header.csv").read_text(encoding="utf-8"))
    assert len(found) == 3
    assert found[0].category == "pushback"
    assert found[0].phrases == ("owned", "slipped", "recovered")
    assert found[1].category is None and found[1].phrases == ()


def test_csv_header_columns_in_any_order() -> None:
    found = parse_csv("category,question\nenthusiasm,Why us?\n")
    assert found[0].prompt == "Why us?" and found[0].category == "enthusiasm"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Why?,pushback,soon\n", "f.csv:1: time_limit 'soon'"),
        ("prompt,colour\nWhy?,red\n", "f.csv:1: unknown column 'colour'"),
        ("Why?,two words\n", "f.csv:1: category 'two words'"),
        ("Why?,a,1,x,extra\n", "f.csv:1: 5 columns"),
        ('"",pushback\n', "f.csv:1: the prompt column is empty"),
    ],
)
def test_csv_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_csv(text, "f.csv")


def test_plain_text_one_per_line() -> None:
    found = parse_text((FIXTURES / "plain.txt").read_text(encoding="utf-8"))
    assert [(q.line, q.prompt) for q in found] == [
        (2, "Why are you interested in this role?"),
        (3, "What would your references say about you?"),
        (5, "Tell me about a time you changed your mind."),
    ]


def test_format_from_extension_or_option() -> None:
    assert format_for("a.MDX") == "md"
    assert format_for("a.csv") == "csv"
    assert format_for("a.bin", "txt") == "txt"
    with pytest.raises(ImportFormatError, match="--format"):
        format_for("a.bin")


def _bank(*ids: str) -> Bank:
    questions = tuple(Question(id=i, prompt=f"Prompt {i}?", category="general") for i in ids)
    return Bank(id="mine", title="Mine", category="general", questions=questions, source="user")


def test_ids_continue_after_the_highest_number() -> None:
    assert next_number("mine", ["mine-002", "mine-010", "other-050", "mine-x"]) == 11
    assert next_number("mine", []) == 1


def test_plan_skips_duplicates_and_marks_missing_rubrics() -> None:
    builtin = load_bank_set(builtin_banks_dir(), Path("/nonexistent"))
    bank = _bank("mine-001", "mine-007")
    imported = [
        ImportedQuestion("prompt MINE-001?", 1),  # same prompt, other case: a duplicate
        ImportedQuestion("Who are your references, and what will they say about you?", 2),
        ImportedQuestion("Why this job?", 3, phrases=("mission",)),
    ]
    plan = plan_import(bank, imported, reference=builtin.banks)
    assert [q.id for q in plan.added] == ["mine-008", "mine-009"]
    assert [d.line for d in plan.duplicates] == [1]
    starter = plan.added[0]
    assert NEEDS_RUBRIC in starter.tags and starter.needs_rubric
    assert starter.starter_from is not None and starter.starter_from.startswith("references-")
    assert starter.rubric  # copied terms
    own = plan.added[1]
    assert not own.needs_rubric and own.rubric == (RubricTerm("Key points", ("mission",)),)


def test_starter_prefers_similar_prompts_and_refuses_unrelated() -> None:
    builtin = load_bank_set(builtin_banks_dir(), Path("/nonexistent")).banks
    found = propose_rubric("What is your plan for your first 90 days?", builtin)
    assert found is not None and found.question.category == "start_plan"
    assert propose_rubric("Zebra xylophone quantum?", builtin) is None
    assert similarity("Who are your references?", "Who are your references?") == 100


def test_markdown_export_round_trips_prompts_and_parses() -> None:
    bank = parse_bank(
        (builtin_banks_dir() / "pushback.toml").read_text(encoding="utf-8"), "pushback.toml"
    )
    markdown = bank_to_markdown(bank)
    assert markdown.startswith(f"# {bank.title}\n")
    again = parse_markdown(markdown)
    asked = [q.prompt for q in bank.questions if q.prompt.rstrip().endswith("?")]
    assert [q.prompt for q in again] == asked
    assert {q.category for q in again} == {"pushback"}


def test_an_item_opening_with_a_quoted_question_is_kept() -> None:
    text = (
        "1. Why this company?\n"
        "2. “How do teams celebrate wins?” — asked with curly quotes and a dash\n"
        "3. ‘How do you handle conflict?’\n"
        '4. "What would you change first?" (straight quotes)\n'
    )
    assert [q.prompt for q in parse_markdown(text)] == [
        "Why this company?",
        "How do teams celebrate wins?",
        "How do you handle conflict?",
        "What would you change first?",
    ]


def test_starters_are_borrowed_only_from_really_alike_questions() -> None:
    builtin = load_bank_set(builtin_banks_dir(), Path("/nonexistent")).banks
    quarter = (
        "What would you like the person in this role to have achieved by the end of the "
        "first quarter?"
    )
    assert propose_rubric(quarter, builtin) is None
    found = propose_rubric("Who are your references, and what will they say about you?", builtin)
    assert found is not None and found.question.id.startswith("references-")
    # The threshold: no built-in question is that alike to any question of another bank.
    for bank in builtin:
        for question in bank.questions:
            closest = max(
                similarity(question.prompt, other.prompt)
                for other_bank in builtin
                if other_bank.id != bank.id
                for other in other_bank.questions
            )
            assert closest < MIN_SIMILARITY, question.id


def test_without_an_alike_question_the_starter_is_signals_only() -> None:
    builtin = load_bank_set(builtin_banks_dir(), Path("/nonexistent"))
    imported = [ImportedQuestion("How do teams celebrate wins?", 1, category="curiosity")]
    planned = plan_import(_bank(), imported, reference=builtin.banks).added[0]
    assert planned.needs_rubric and NEEDS_RUBRIC in planned.tags
    assert planned.starter_from is None
    assert planned.rubric and all(not t.phrases and t.signals for t in planned.rubric)
    signals = {s for t in planned.rubric for s in t.signals}
    assert {"example", "result", "question"} <= signals <= set(SIGNAL_NAMES)
    assert signal_rubric(None) == (
        RubricTerm("A concrete example", (), signals=("example",)),
        RubricTerm("A result", (), signals=("result",)),
    )


def test_who_a_list_is_for() -> None:
    asks = prompts("asks-list.md")
    assert audience(asks) == ("asks", 5)
    assert not is_ask("You said your team grew revenue by 20%. How much of that was your work?")
    assert not is_ask("Why this company, and why now?")
    for name in ("readme-list.md", "blog-post.md", "with-header.csv", "plain.txt"):
        assert audience(prompts(name))[0] == "questions", name
    assert audience(asks[:2] + prompts("readme-list.md")[:3])[0] == "unclear"
