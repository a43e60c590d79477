"""The prep kit: plan and reference terms in rubrics, warnings, notes, the brief, TOML, storage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from callback_sim.core.kit import (
    Kit,
    KitError,
    Reference,
    StartPlan,
    Transition,
    apply_kit_to_question,
    apply_plan_to_question,
    apply_references_to_question,
    briefing_note,
    date_phrases,
    dump_kit,
    duration_phrases,
    key_phrases,
    merge_kit,
    parse_kit,
    plan_markdown,
    render_brief,
    score_kit_answer,
    unbriefed_warnings,
)
from callback_sim.core.models import Question, RubricTerm
from callback_sim.core.scoring import score_answer
from callback_sim.core.text import find_phrase

KIT_TOML = """\
[company]
name = "Acme Health"
role = "Senior Product Manager"
next_round = 2026-12-03

[plan]
day30 = [
  "Meet every account manager and learn the billing workflow",
  "Review the churn dashboard with the data team",
]
day60 = ["Ship the self-serve invoice export"]
day90 = ["Cut billing support tickets by 20 percent"]
people = ["Dana Cole (Director of Product)", "the support team lead"]
skills = ["FHIR data standards"]
information_needed = ["How pricing decisions are made"]

[transition]
notice_period = "four weeks"
handover = ["Hand the mobile roadmap to Sam", "Document the release checklist"]
earliest_start = 2027-01-11

[[references]]
name = "Priya Shah"
relationship = "My manager at Globex, 2021-2024"
company = "Globex"
contact = "priya@example.com"
highlights = ["stakeholder management", "data-driven prioritisation"]
projects = ["billing app relaunch"]
briefed_on = 2026-11-25
jd_sent = true

[[references]]
name = "Tom Ruiz"
relationship = "Peer engineering lead"
highlights = ["calm incident leadership"]
projects = ["payments outage in 2023"]

[questions]
ask = [
  "What does success look like in the first year?",
  "Why did the last person leave?",
]
"""

# Mirrors the built-in start_plan-001 / -002 and references-001 / curiosity-001 questions.
PLAN_QUESTION = Question(
    id="start_plan-001",
    prompt="Walk me through your plan for the first 30, 60 and 90 days in this role.",
    category="start_plan",
    tags=("30-60-90",),
    rubric=(
        RubricTerm("Structure by horizon", ("30 days", "60 days", "90 days"), weight=2),
        RubricTerm("Listens first", ("listen", "learn")),
    ),
)
TRANSITION_QUESTION = Question(
    id="start_plan-002",
    prompt="What is your notice period, and how would you hand over your current work?",
    category="start_plan",
    tags=("transition", "notice period"),
    rubric=(RubricTerm("Leaves on good terms", ("handover", "hand over", "document")),),
)
REFERENCES_QUESTION = Question(
    id="references-001",
    prompt="Who are your references and what will they say?",
    category="references",
    rubric=(RubricTerm("Relevant to the role", ("role", "relevant")),),
)
CURIOSITY_QUESTION = Question(
    id="curiosity-001",
    prompt="What questions do you have for us?",
    category="curiosity",
    rubric=(RubricTerm("Asks about the team", ("the team", "your team")),),
)


@pytest.fixture
def kit() -> Kit:
    return parse_kit(KIT_TOML, "acme.toml").kit


def _labels(question: Question) -> list[str]:
    return [t.label for t in question.rubric]


def _matched(score_terms: tuple, label_start: str) -> list[bool]:
    return [t.matched for t in score_terms if t.label.startswith(label_start)]


# -- key phrases and the words people say ------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        (
            "Meet every account manager and learn the billing workflow",
            ("account manager", "billing workflow"),
        ),
        ("Document the release checklist", ("release checklist",)),
        ("Kubernetes", ("kubernetes",)),
        ("Learn SQL", ("SQL",)),
        ("Hand the mobile roadmap to Sam", ("mobile roadmap", "sam")),
        ("Ship the self-serve invoice export", ("self-serve invoice export", "invoice export")),
    ],
)
def test_key_phrases_keep_the_nouns_of_a_goal(goal: str, expected: tuple[str, ...]) -> None:
    assert key_phrases(goal) == expected


@pytest.mark.parametrize("said", ["four weeks", "4 weeks", "a 4-week notice", "Four-week"])
def test_notice_period_matches_in_words_or_digits(said: str) -> None:
    phrases = duration_phrases("four weeks")
    assert any(find_phrase(p, f"My notice is {said}.") for p in phrases)


def test_notice_period_does_not_match_a_different_length() -> None:
    phrases = duration_phrases("4 weeks")
    assert not any(find_phrase(p, "My notice is six weeks.") for p in phrases)
    assert "fortnight" in duration_phrases("two weeks")
    assert "a month" in duration_phrases("1 month")


def test_date_phrases_cover_common_spellings_but_not_another_day() -> None:
    phrases = date_phrases(date(2027, 1, 11))
    for said in ("January 11", "11th of January", "11 Jan", "2027-01-11"):
        assert any(find_phrase(p, f"I could start on {said}.") for p in phrases), said
    assert not any(find_phrase(p, "I could start on January 12.") for p in phrases)


# -- start plan in the rubric -------------------------------------------------------------------


def test_plan_question_gets_goals_and_people_not_transition(kit: Kit) -> None:
    asked = apply_plan_to_question(PLAN_QUESTION, kit.plan)
    labels = _labels(asked)
    assert labels[:2] == ["Structure by horizon", "Listens first"]  # bank terms first, kept
    assert "Your 30-day goal: Meet every account manager and learn the billing workflow" in labels
    assert "Your 90-day goal: Cut billing support tickets by 20 percent" in labels
    assert "People you plan to meet" in labels
    assert not any(label.startswith("Your notice period") for label in labels)
    goal = next(t for t in asked.rubric if t.label.startswith("Your 60-day goal"))
    assert "invoice export" in goal.phrases


def test_transition_question_gets_notice_start_and_handover(kit: Kit) -> None:
    asked = apply_plan_to_question(TRANSITION_QUESTION, kit.plan)
    labels = _labels(asked)
    assert "Your notice period: four weeks" in labels
    assert "Your earliest start: 11 January 2027" in labels
    assert "Handover: Document the release checklist" in labels
    assert not any(label.startswith("Your 30-day goal") for label in labels)
    notice = next(t for t in asked.rubric if t.label.startswith("Your notice period"))
    assert {"four weeks", "4 weeks"} <= set(notice.phrases)


def test_plan_is_not_applied_to_other_categories(kit: Kit) -> None:
    other = replace(PLAN_QUESTION, category="pushback")
    assert apply_plan_to_question(other, kit.plan) is other


def test_applying_twice_does_not_repeat_terms(kit: Kit) -> None:
    once = apply_plan_to_question(PLAN_QUESTION, kit.plan)
    assert apply_plan_to_question(once, kit.plan).rubric == once.rubric


def test_empty_plan_leaves_the_question_as_it_was() -> None:
    assert apply_plan_to_question(PLAN_QUESTION, StartPlan()) is PLAN_QUESTION


def test_answer_that_follows_the_plan_beats_one_that_does_not(kit: Kit) -> None:
    follows = (
        "In the first 30 days I would listen and learn: meet every account manager, learn the "
        "billing workflow and review the churn dashboard with the data team. By 60 days I would "
        "ship the self-serve invoice export. By 90 days I want to cut billing support tickets "
        "by 20 percent, and early on I would sit down with Dana Cole."
    )
    generic = (
        "In the first 30 days I would listen and learn about the product and the people. By 60 "
        "days I would pick a quick win and deliver it with the team. By 90 days I would own a "
        "bigger goal and agree targets with my manager, and early on I would meet many of my "
        "new colleagues across the company."
    )
    asked = apply_kit_to_question(PLAN_QUESTION, kit)
    with_plan = score_answer(asked, follows)
    without_plan = score_answer(asked, generic)
    assert with_plan.content_score > without_plan.content_score + 30
    assert all(_matched(with_plan.terms, "Your "))
    assert not any(_matched(without_plan.terms, "Your "))
    # The bank rubric alone cannot tell them apart: the difference is the candidate's plan.
    assert (
        abs(
            score_answer(PLAN_QUESTION, follows).content_score
            - score_answer(PLAN_QUESTION, generic).content_score
        )
        < 1
    )
    assert score_kit_answer(PLAN_QUESTION, follows, kit).score == with_plan.score


def test_transition_answer_is_checked_for_notice_and_start_date(kit: Kit) -> None:
    asked = apply_plan_to_question(TRANSITION_QUESTION, kit.plan)
    right = score_answer(
        asked,
        "My notice period is 4 weeks, so I could start on January 11. Before I go I will "
        "document the release checklist and hand the mobile roadmap to Sam.",
    )
    wrong = score_answer(
        asked,
        "My notice period is six weeks, so I could start on February 1. Before I go I will "
        "tidy up my projects and say goodbye to the team.",
    )
    assert _matched(right.terms, "Your notice period") == [True]
    assert _matched(right.terms, "Your earliest start") == [True]
    assert _matched(wrong.terms, "Your notice period") == [False]
    assert _matched(wrong.terms, "Your earliest start") == [False]
    assert right.content_score > wrong.content_score


def test_free_text_start_date_still_becomes_a_term() -> None:
    plan = StartPlan(transition=Transition(earliest_start="two weeks after signing"))
    asked = apply_plan_to_question(TRANSITION_QUESTION, plan)
    start = next(t for t in asked.rubric if t.label.startswith("Your earliest start"))
    assert "two weeks" in start.phrases


def test_skills_question_gets_skills_and_information_needed(kit: Kit) -> None:
    question = Question(
        id="start_plan-003",
        prompt="What skills or information would you still need to be effective?",
        category="start_plan",
        tags=("skills",),
    )
    labels = _labels(apply_plan_to_question(question, kit.plan))
    assert labels == [
        "Skill to acquire: FHIR data standards",
        "Still to find out: How pricing decisions are made",
    ]


# -- references ---------------------------------------------------------------------------------


def test_references_question_gets_names_and_highlights(kit: Kit) -> None:
    asked = apply_references_to_question(REFERENCES_QUESTION, kit.references)
    labels = _labels(asked)
    assert labels == [
        "Relevant to the role",
        "Names Priya Shah",
        "What Priya Shah will speak to",
        "Names Tom Ruiz",
        "What Tom Ruiz will speak to",
    ]
    answer = (
        "Priya Shah, my manager at Globex, will speak to my stakeholder management on the "
        "billing app relaunch."
    )
    score = score_answer(asked, answer)
    found = {t.label: t.matched for t in score.terms}
    assert found["Names Priya Shah"] and found["What Priya Shah will speak to"]
    assert not found["Names Tom Ruiz"]


def test_references_are_not_applied_to_other_categories(kit: Kit) -> None:
    assert apply_references_to_question(PLAN_QUESTION, kit.references) is PLAN_QUESTION


def test_warns_for_unbriefed_references_before_a_round(kit: Kit) -> None:
    warnings = unbriefed_warnings(kit.references, date(2026, 12, 3), date(2026, 11, 30))
    assert len(warnings) == 1
    assert warnings[0].startswith("Tom Ruiz is not briefed yet")
    assert "in 3 days (2026-12-03)" in warnings[0]


def test_no_warnings_without_a_coming_round(kit: Kit) -> None:
    assert unbriefed_warnings(kit.references, None, date(2026, 11, 30)) == []
    assert unbriefed_warnings(kit.references, date(2026, 11, 1), date(2026, 11, 30)) == []


def test_warns_when_briefed_but_job_description_not_sent() -> None:
    ref = Reference(name="Ana Lima", briefed_on=date(2026, 11, 1), jd_sent=False)
    warnings = unbriefed_warnings([ref], date(2026, 12, 1), date(2026, 12, 1))
    assert warnings == [
        "Ana Lima has not been sent the job description and the next round is today (2026-12-01)."
    ]


def test_briefing_note_names_role_highlights_and_examples(kit: Kit) -> None:
    note = briefing_note(kit.references[1], kit.company, kit.role)
    assert note.startswith("Subject: Reference for Senior Product Manager at Acme Health\n")
    assert "Hi Tom," in note
    assert "- calm incident leadership" in note
    assert "- payments outage in 2023" in note
    assert "attached the job description" in note
    briefed = briefing_note(kit.references[0], kit.company, "")
    assert "a role at Acme Health" in briefed
    assert "job description from my earlier email" in briefed


# -- the Markdown brief -------------------------------------------------------------------------


def test_brief_has_every_section_and_tone_labels(kit: Kit) -> None:
    brief = render_brief(kit, date(2026, 11, 30))
    for heading in (
        "# Callback prep kit: Acme Health",
        "## Start plan",
        "### First 30 days",
        "### First 60 days",
        "### First 90 days",
        "### People to meet",
        "### Skills to acquire",
        "### Information still needed",
        "### Transition plan",
        "## References",
        "### Priya Shah",
        "### Tom Ruiz",
        "## Questions to ask",
    ):
        assert f"\n{heading}\n" in f"\n{brief}", heading
    assert "- **Notice period:** four weeks" in brief
    assert "> **Warning:** Tom Ruiz is not briefed yet" in brief
    assert "- What does success look like in the first year? — *curious*" in brief
    assert "- Why did the last person leave? — *due diligence*" in brief
    assert "Try instead: What would you like the next person" in brief


def test_empty_kit_brief_says_what_is_missing() -> None:
    brief = render_brief(Kit(company="Initech"), date(2026, 11, 30))
    assert "(no references yet)" in brief
    assert "(no questions yet)" in brief
    assert "- **Notice period:** (not set)" in brief


def test_plan_markdown_sub_headings_follow_the_heading_level(kit: Kit) -> None:
    text = plan_markdown(kit.plan, "# Start plan: Acme Health")
    assert "\n## First 30 days\n" in text
    assert "###" not in text


# -- the kit file -------------------------------------------------------------------------------


def test_parse_reads_every_field(kit: Kit) -> None:
    assert kit.company == "Acme Health"
    assert kit.next_round == date(2026, 12, 3)
    assert kit.plan.transition.earliest_start == "2027-01-11"
    assert kit.references[0].briefed_on == date(2026, 11, 25)
    assert kit.references[0].jd_sent and not kit.references[1].jd_sent
    assert kit.questions[1] == "Why did the last person leave?"


def test_dump_then_parse_gives_the_same_kit(kit: Kit) -> None:
    odd = replace(kit, questions=(*kit.questions, 'Quotes " and \\ and \x7f and é?'))
    assert parse_kit(dump_kit(odd)).kit == odd


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[company]\nname = "A"\n[plan]\nday31 = []\n', "kit.toml:4: [plan]: unknown key 'day31'"),
        (
            '[company]\nname = "A"\nnext_round = "soon"\n',
            "kit.toml:3: [company]: next_round must be a day",
        ),
        ('[plan]\nday30 = ["x"]\n', "missing [company] table"),
        ('[company]\nname = "A"\n[[references]]\nrole = "x"\n', "reference 1: unknown key 'role'"),
        (
            '[company]\nname = "A"\n[[references]]\nname = "B"\n[[references]]\nname = "b"\n',
            "listed twice",
        ),
        ('[company]\nname = "A"\n[questions]\nask = "x"\n', "ask must be an array of strings"),
        ('[company\nname = "A"\n', "kit.toml:1:"),
    ],
)
def test_bad_kit_files_say_file_line_and_what(text: str, message: str) -> None:
    with pytest.raises(KitError) as caught:
        parse_kit(text, "kit.toml")
    assert message in str(caught.value)


def test_reimport_replaces_only_the_sections_in_the_file(kit: Kit) -> None:
    update = parse_kit(
        '[company]\nname = "acme health"\n\n[questions]\nask = ["How do you measure success?"]\n'
    )
    merged = merge_kit(kit, update)
    assert merged.questions == ("How do you measure success?",)
    assert merged.plan == kit.plan
    assert merged.references == kit.references
    assert merged.role == kit.role and merged.next_round == kit.next_round


# -- curiosity practice ------------------------------------------------------------------------


def test_questions_answer_counts_curious_for_and_due_diligence_against() -> None:
    curious = score_kit_answer(
        CURIOSITY_QUESTION,
        "What does success look like in the first year? How has the team changed since you "
        "joined? What are you most excited about next year?",
    )
    hunting = score_kit_answer(
        CURIOSITY_QUESTION,
        "Why did the last person leave? What is the salary range? How much vacation is there?",
    )
    assert curious.content_score > hunting.content_score
    assert [t.matched for t in curious.terms if t.label.startswith("Curious question")] == [
        True,
        True,
        True,
    ]
    assert len([t for t in hunting.avoid if t.label.startswith("Due-diligence")]) == 3
    evidence = next(t for t in hunting.avoid if t.matched)
    assert evidence.evidence == "Why did the last person leave?"
    assert evidence.span == (0, len("Why did the last person leave?"))


# -- storage ------------------------------------------------------------------------------------


def test_store_saves_loads_lists_and_deletes_kits(kit: Kit, tmp_path: Path) -> None:
    from callback_sim.store import Store
    from callback_sim.store.kit import delete_kit, get_kit, list_kit_companies, save_kit

    with Store.open(tmp_path / "kit.db") as store:
        assert get_kit(store, "Acme Health") is None
        saved = save_kit(store, kit)
        assert saved.updated_at is not None
        loaded = get_kit(store, "  ACME   health ")
        assert loaded is not None
        assert replace(loaded, updated_at=None) == kit
        save_kit(store, Kit(company="Initech", questions=("What do you enjoy here?",)))
        assert list_kit_companies(store) == ["Acme Health", "Initech"]
        # Saving again under another spelling replaces, never duplicates.
        save_kit(store, replace(kit, company="acme health", questions=()))
        assert list_kit_companies(store) == ["acme health", "Initech"]
        again = get_kit(store, "Acme Health")
        assert again is not None and again.questions == () and again.references == kit.references
        assert delete_kit(store, "ACME HEALTH")
        assert not delete_kit(store, "ACME HEALTH")
        assert list_kit_companies(store) == ["Initech"]
        rows = store.db.execute("SELECT COUNT(*) FROM kit_references").fetchone()[0]
        assert rows == 0


@pytest.mark.parametrize(
    ("prompt", "tags", "plan", "transition"),
    [
        ("What would your first 90 days look like?", (), True, False),
        ("What is your notice period?", (), False, True),
        ("How would you tie up loose ends at your current job?", (), False, True),
        ("Tell me your plan from your start date.", ("30-60-90",), True, False),
        ("Tell me about your first months.", ("transition",), False, True),
    ],
)
def test_question_kind_comes_from_tags_then_prompt(
    prompt: str, tags: tuple[str, ...], plan: bool, transition: bool
) -> None:
    from callback_sim.core.kit import is_plan_question, is_transition_question

    question = Question(id="q", prompt=prompt, category="start_plan", tags=tags)
    assert (is_plan_question(question), is_transition_question(question)) == (plan, transition)


def test_deeply_nested_kit_is_one_line_not_a_recursion_error() -> None:
    with pytest.raises(KitError) as err:
        parse_kit("a = " + "{x = " * 500, "k.toml")
    assert list(err.value.errors) == [
        "k.toml:1: arrays or tables are nested too deeply to read; "
        "this is not a file callback-sim wrote: fix or remove it"
    ]
