"""Content rules of the five built-in banks, read with tomllib alone (independent of the loader).

The loader checks that a bank is well-formed; these tests check that the shipped content is
what the product promises: callback questions from several personas, rubrics the matcher can
use, the fixed ids other modules rely on, and pushback templates of every kind.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

BANK_DIR = Path(__file__).resolve().parents[2] / "question_banks"
BANK_IDS = ("pushback", "enthusiasm", "start_plan", "curiosity", "references")
PERSONAS = {"hiring_manager", "peer", "skip_level", "cross_functional", "recruiter"}
TEMPLATE_KINDS = (
    "quote_back",
    "challenge",
    "numbers",
    "hesitation",
    "consistency",
    "uncovered",
    "practice",
)
PLACEHOLDERS = {
    "quote",
    "question",
    "claim",
    "measure",
    "topic",
    "interviewer",
    "me",
    "company",
    "role",
    "premise",
}

BANK_KEYS = {"id", "title", "category", "description", "time_limit"}
QUESTION_KEYS = {"id", "prompt", "category", "time_limit", "persona", "tags", "rubric", "avoid"}
TEMPLATE_KEYS = {"id", "kind", "fits"} | (QUESTION_KEYS - {"id"})
FITS = {"decision", "ownership", "result", "figure", "team_size", "company_size", "duration"}
FITS |= {"date", "statement"}
RUBRIC_KEYS = {"label", "weight", "phrases", "wordings", "examples", "signals", "required"}
AVOID_KEYS = {"label", "weight", "phrases", "wordings", "signals"}

# Signal names as docs/bank-format.md lists them; test_signal_names_match_the_docs keeps this
# list and the loader's SIGNAL_NAMES the same.
SIGNALS = {
    "reasoning",
    "specifics",
    "ownership",
    "acknowledgement",
    "result",
    "reflection",
    "shortcoming",
    "structure",
    "example",
    "timeline",
    "question",
    "enthusiasm",
    "reported",
    "candour",
    "offer",
}
# A rubric term needs this many phrases even when it names signals: a signal only counts in an
# on-topic sentence, so the phrases stay the main way a natural answer earns the term.
MIN_RUBRIC_PHRASES = 6

# Each kind needs at least one of these placeholders to be about the candidate's own answer.
KIND_NEEDS: dict[str, set[str]] = {
    "quote_back": {"quote", "premise"},
    "challenge": {"quote", "claim", "premise"},
    "numbers": {"claim", "quote", "premise"},
    "hesitation": {"question", "quote", "premise"},
    "consistency": {"measure", "question"},
    "uncovered": {"topic"},
    "practice": {"quote"},
}

# Topics a debrief commonly lists as uncovered; seeding finds the probe template by its tags.
UNCOVERED_TOPIC_TAGS = (
    "people management",
    "hiring",
    "budget",
    "on-call",
    "stakeholders",
    "conflict",
)

FIXED = {
    "curiosity-001": ("What questions do you have for us?", "skip_level"),
    "references-001": (
        "Who are your references, and what will they tell us about you?",
        "recruiter",
    ),
    "start_plan-001": (
        "Walk me through your plan for your first 30, 60 and 90 days.",
        "hiring_manager",
    ),
    "start_plan-002": (
        "What is your notice period, and how will you hand over your current work"
        " before you start?",
        "recruiter",
    ),
    "enthusiasm-001": (
        "Now that you're further into our process,"
        " what has you more excited about this role than at the start?",
        "hiring_manager",
    ),
}

_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def load(bank_id: str) -> dict[str, Any]:
    with (BANK_DIR / f"{bank_id}.toml").open("rb") as handle:
        return tomllib.load(handle)


BANKS: dict[str, dict[str, Any]] = {bank_id: load(bank_id) for bank_id in BANK_IDS}
QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    (bank_id, q) for bank_id, data in BANKS.items() for q in data["questions"]
]
TEMPLATES: list[dict[str, Any]] = BANKS["pushback"].get("templates", [])


def all_question(question_id: str) -> dict[str, Any]:
    for _, question in QUESTIONS:
        if question["id"] == question_id:
            return question
    raise AssertionError(f"no question {question_id}")


def check_terms(owner: str, terms: list[dict[str, Any]], keys: set[str]) -> None:
    """Every term has a label, a 1-3 weight and 3+ distinct, short phrases."""
    labels = [t["label"] for t in terms]
    assert len(labels) == len(set(labels)), f"{owner}: duplicate term labels {labels}"
    for term in terms:
        where = f"{owner} / {term.get('label')!r}"
        assert set(term) <= keys, f"{where}: unknown keys {set(term) - keys}"
        assert isinstance(term["label"], str) and term["label"].strip(), where
        assert 1 <= term.get("weight", 1) <= 3, f"{where}: weight outside 1-3"
        phrases = term["phrases"]
        assert len(phrases) >= 3, f"{where}: fewer than 3 phrases"
        wordings = term.get("wordings", [])
        folded = [p.casefold() for p in (*phrases, *wordings)]
        assert len(folded) == len(set(folded)), f"{where}: repeated phrase or wording"
        for phrase in (*phrases, *wordings):
            assert phrase.strip() == phrase and phrase, f"{where}: blank or padded phrase"
            assert len(phrase.split()) <= 6, f"{where}: phrase {phrase!r} too long to match"
        signals = term.get("signals", [])
        assert set(signals) <= SIGNALS, f"{where}: unknown signals {set(signals) - SIGNALS}"
        assert len(signals) == len(set(signals)), f"{where}: repeated signal"


ITEMS: list[tuple[str, dict[str, Any]]] = [(q["id"], q) for _, q in QUESTIONS] + [
    (t["id"], t) for t in TEMPLATES
]


# -- rubrics ---------------------------------------------------------------------------------


#: Example sentences per built-in question's rubric term (compared by meaning, not matched).
MIN_EXAMPLES = 3


def test_every_built_in_question_term_has_examples() -> None:
    from callback_sim.core.banks import load_bank_file

    for path in sorted(BANK_DIR.glob("*.toml")):
        for question in load_bank_file(path, source="builtin").questions:
            for term in question.rubric:
                assert len(term.examples) >= MIN_EXAMPLES, (question.id, term.label)
                assert all(len(e.split()) >= 5 for e in term.examples), (question.id, term.label)


def test_signal_names_match_the_docs() -> None:
    from callback_sim.core.models import SIGNAL_NAMES

    assert set(SIGNAL_NAMES) == SIGNALS


@pytest.mark.parametrize(("item_id", "item"), ITEMS, ids=[item_id for item_id, _ in ITEMS])
def test_every_rubric_term_has_six_spoken_phrases(item_id: str, item: dict[str, Any]) -> None:
    """Plain spoken wordings: a strong answer need not use the one word the author thought of."""
    short = {
        term["label"]: len(term["phrases"])
        for term in item.get("rubric", [])
        if len(term.get("phrases", [])) < MIN_RUBRIC_PHRASES
    }
    assert not short, f"{item_id}: terms with fewer than {MIN_RUBRIC_PHRASES} phrases: {short}"


@pytest.mark.parametrize(("item_id", "item"), ITEMS, ids=[item_id for item_id, _ in ITEMS])
def test_no_phrase_serves_two_terms_of_one_question(item_id: str, item: dict[str, Any]) -> None:
    """A phrase in two terms would earn both from one span of the answer."""
    owner: dict[str, str] = {}
    for kind in ("rubric", "avoid"):
        for term in item.get(kind, []):
            for phrase in term.get("phrases", []):
                first = owner.setdefault(phrase.casefold(), f"{kind} {term['label']!r}")
                assert first == f"{kind} {term['label']!r}", (
                    f"{item_id}: {phrase!r} is in {first} and {kind} {term['label']!r}"
                )


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_signals_are_used_in_every_bank(bank_id: str) -> None:
    data = BANKS[bank_id]
    items = data["questions"] + data.get("templates", [])
    with_signals = [t for item in items for t in item["rubric"] if t.get("signals")]
    assert len(with_signals) * 4 >= sum(len(item["rubric"]) for item in items), (
        f"{bank_id}: fewer than a quarter of the rubric terms name a signal"
    )


# -- banks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_bank_header(bank_id: str) -> None:
    head = BANKS[bank_id]["bank"]
    assert set(BANKS[bank_id]) <= {"bank", "questions", "templates"}
    assert set(head) <= BANK_KEYS
    assert head["id"] == bank_id
    assert head["category"] == bank_id
    assert head["title"].strip() and head["description"].strip()
    assert 60 <= head["time_limit"] <= 180


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_bank_has_enough_well_formed_questions(bank_id: str) -> None:
    questions = BANKS[bank_id]["questions"]
    assert len(questions) >= 12
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), "question ids repeat"
    for qid in ids:
        assert re.fullmatch(rf"{bank_id}-\d{{3}}", qid), f"{qid} is not <bank>-NNN"
    personas = Counter(q["persona"] for q in questions)
    assert set(personas) <= PERSONAS
    assert len(personas) >= 3, f"{bank_id} uses only {sorted(personas)}"


@pytest.mark.parametrize(
    ("bank_id", "question"), QUESTIONS, ids=lambda v: v if isinstance(v, str) else v["id"]
)
def test_question_content(bank_id: str, question: dict[str, Any]) -> None:
    qid = question["id"]
    assert set(question) <= QUESTION_KEYS, f"{qid}: unknown keys {set(question) - QUESTION_KEYS}"
    assert question["prompt"].strip().endswith(("?", ".")), f"{qid}: prompt is not a sentence"
    assert "{" not in question["prompt"], f"{qid}: placeholders only belong in templates"
    assert question.get("category", bank_id) == bank_id
    assert question["persona"] in PERSONAS
    assert 45 <= question.get("time_limit", 90) <= 240
    tags = question.get("tags", [])
    assert tags and all(isinstance(t, str) and t.strip() == t and t for t in tags), qid
    rubric = question["rubric"]
    assert 3 <= len(rubric) <= 6, f"{qid}: {len(rubric)} rubric terms"
    assert sum(1 for t in rubric if t.get("required")) <= 1, f"{qid}: more than one required term"
    check_terms(qid, rubric, RUBRIC_KEYS)
    avoid = question.get("avoid", [])
    assert avoid, f"{qid}: no avoid terms"
    check_terms(qid, avoid, AVOID_KEYS)


def test_every_persona_appears() -> None:
    assert {q["persona"] for _, q in QUESTIONS} == PERSONAS


def test_fixed_questions_are_exact() -> None:
    for qid, (prompt, persona) in FIXED.items():
        question = all_question(qid)
        assert question["prompt"] == prompt
        assert question["persona"] == persona
    assert all_question("start_plan-001")["time_limit"] == 180
    assert "30-60-90" in all_question("start_plan-001")["tags"]
    assert {"transition", "notice period"} <= set(all_question("start_plan-002")["tags"])
    assert all_question("references-001")["tags"] == ["references list"]


def test_curiosity_001_penalises_due_diligence() -> None:
    question = all_question("curiosity-001")
    avoided = {p.casefold() for t in question["avoid"] for p in t["phrases"]}
    assert {"layoffs", "why did the last person leave", "salary"} <= avoided
    labels = {t["label"].casefold() for t in question["rubric"]}
    assert any("success" in label for label in labels)
    assert any("team" in label for label in labels)


@pytest.mark.parametrize("topic", UNCOVERED_TOPIC_TAGS)
def test_common_uncovered_topics_have_a_probe_template(topic: str) -> None:
    probes = [t for t in TEMPLATES if t["kind"] == "uncovered" and topic in t.get("tags", [])]
    assert probes, f"no uncovered template tagged {topic!r}"


def test_start_plan_covers_plan_and_transition() -> None:
    tags = Counter(t for q in BANKS["start_plan"]["questions"] for t in q.get("tags", []))
    assert tags["transition"] >= 3
    assert tags["notice period"] >= 1


# -- pushback templates ----------------------------------------------------------------------


def test_templates_only_in_pushback() -> None:
    for bank_id in BANK_IDS:
        if bank_id != "pushback":
            assert "templates" not in BANKS[bank_id]


def test_template_ids_unique() -> None:
    ids = [t["id"] for t in TEMPLATES]
    assert len(ids) == len(set(ids))
    for tid in ids:
        assert re.fullmatch(r"tpl-[a-z]+(?:-[a-z]+)*-\d+", tid), tid


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_at_least_three_templates_of_each_kind(kind: str) -> None:
    of_kind = [t for t in TEMPLATES if t["kind"] == kind]
    assert len(of_kind) >= 3
    assert len({t.get("persona") for t in of_kind}) >= 2, f"{kind}: one persona only"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["id"])
def test_template_content(template: dict[str, Any]) -> None:
    tid = template["id"]
    assert set(template) <= TEMPLATE_KEYS, f"{tid}: unknown keys {set(template) - TEMPLATE_KEYS}"
    assert template["kind"] in TEMPLATE_KINDS
    assert template.get("persona", "peer") in PERSONAS
    assert template.get("category", "pushback") == "pushback"
    assert 45 <= template.get("time_limit", 120) <= 240
    prompt = template["prompt"]
    used = set(_PLACEHOLDER_RE.findall(prompt))
    assert used <= PLACEHOLDERS, f"{tid}: unknown placeholders {used - PLACEHOLDERS}"
    # No stray braces once the placeholders are taken out.
    assert "{" not in _PLACEHOLDER_RE.sub("", prompt) and "}" not in _PLACEHOLDER_RE.sub("", prompt)
    assert used & KIND_NEEDS[template["kind"]], (
        f"{tid}: needs one of {KIND_NEEDS[template['kind']]}"
    )
    if template["kind"] == "consistency":
        # The point is to hear the figure again unprompted: never state it.
        assert not used & {"claim", "quote", "premise"}, f"{tid}: must not reveal the figure"
    assert set(template.get("fits", [])) <= FITS, f"{tid}: unknown fits"
    # Fallbacks ("that figure", "us") must still read as English.
    assert "the {measure}" not in prompt, f"{tid}: 'the that figure' when the measure is unknown"
    # A claim already carries its own words ("a team of six", "we chose to ..."): no article.
    assert not re.search(r"\b(?:the|a|an) \{claim\}", prompt), f"{tid}: 'the a team of six'"
    assert not re.search(r"(^|[.?!]\s+)\{interviewer\}", prompt), f"{tid}: 'Us asked ...'"
    rubric = template.get("rubric", [])
    assert 2 <= len(rubric) <= 6, f"{tid}: {len(rubric)} rubric terms"
    check_terms(tid, rubric, RUBRIC_KEYS)
    check_terms(tid, template.get("avoid", []), AVOID_KEYS)
