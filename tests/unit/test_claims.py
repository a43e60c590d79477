"""Claim extraction: figures with what they measure, decisions, ownership and named tools."""

from __future__ import annotations

import pytest

from callback_sim.core.claims import (
    extract_claims,
    figure_phrases,
    format_number,
    split_sentences,
    words_to_number,
)
from callback_sim.core.models import Claim

Row = tuple[str, str, float | None, str | None]  # kind, text, value, measure


def rows(text: str) -> list[Row]:
    return [(c.kind, c.text, c.value, c.measure) for c in extract_claims(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "We cut churn by 12% in two quarters with six engineers.",
            [
                ("percent", "12%", 12.0, "churn"),
                ("duration", "two quarters", 6.0, None),
                ("team_size", "six engineers", 6.0, "engineers"),
            ],
        ),
        (
            "About two-thirds of our customers stayed.",
            [("percent", "two-thirds", 66.67, "customers")],
        ),
        (
            "We saved $1.2M in infrastructure costs.",
            [("money", "$1.2M", 1_200_000.0, "infrastructure costs")],
        ),
        ("We shipped it in Q3.", [("date", "Q3", 3.0, "quarter")]),
        ("We shipped it in Q3 2024.", [("date", "Q3 2024", 3.0, "quarter")]),
        ("I hired a dozen engineers.", [("team_size", "a dozen engineers", 12.0, "engineers")]),
        ("Conversion went up 12 percent.", [("percent", "12 percent", 12.0, "conversion")]),
        ("It was a team of five.", [("team_size", "a team of five", 5.0, "team")]),
        ("The migration took three quarters.", [("duration", "three quarters", 9.0, None)]),
        ("Three quarters of the team were remote.", [("percent", "Three quarters", 75.0, "team")]),
        ("We launched in 2023.", [("date", "2023", 2023.0, "year")]),
        ("The project ran over 18 months.", [("duration", "18 months", 18.0, None)]),
        ("Our budget was €40k.", [("money", "€40k", 40_000.0, "budget")]),
        ("We doubled revenue.", [("number", "doubled", 2.0, "revenue")]),
        ("Revenue tripled after the launch.", [("number", "tripled", 3.0, "revenue")]),
        ("Retention fell twelve percent.", [("percent", "twelve percent", 12.0, "retention")]),
        ("We grew signups by 30%.", [("percent", "30%", 30.0, "signups")]),
        ("Uptime of 99.9% was the goal.", [("percent", "99.9%", 99.9, "uptime")]),
        ("We onboarded 1,200 customers.", [("number", "1,200", 1200.0, "customers")]),
        ("It cost 2 million dollars.", [("money", "2 million dollars", 2_000_000.0, None)]),
        ("We cut costs by half.", [("percent", "half", 50.0, "costs")]),
        ("We delayed the launch by a quarter.", [("duration", "a quarter", 3.0, None)]),
        (
            "It shipped in March 2022 with a five-person team.",
            [
                ("date", "March 2022", 2022.0, "month"),
                ("team_size", "five-person team", 5.0, "team"),
            ],
        ),
        ("I managed twenty-five people.", [("team_size", "twenty-five people", 25.0, "people")]),
        ("Deploys got 3x faster.", [("number", "3x", 3.0, None)]),
        ("We closed FY23 ahead of plan.", [("date", "FY23", 2023.0, "fiscal year")]),
        (
            "Incidents fell from 40 a week to 10.",
            [
                ("number", "40", 40.0, "incidents"),
                ("number", "10", 10.0, None),
            ],
        ),
    ],
)
def test_figures(sentence: str, expected: list[Row]) -> None:
    found = [r for r in rows(sentence) if r[0] not in ("decision", "ownership", "tool")]
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "I really enjoyed working with the team.",
        "Thanks for having me!",
        "We did standups twice a week.",
        "That was the one that mattered most to me.",
        "",
        "   \n  ",
    ],
)
def test_sentences_without_claims_yield_none(sentence: str) -> None:
    assert extract_claims(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "kind", "text"),
    [
        (
            "I decided to sunset the legacy API because it cost too much.",
            "decision",
            "I decided to sunset the legacy API",
        ),
        (
            "We chose Kafka over RabbitMQ, which was cheaper.",
            "decision",
            "We chose Kafka over RabbitMQ",
        ),
        (
            "We finally opted for a phased rollout.",
            "decision",
            "We finally opted for a phased rollout",
        ),
        (
            "I led the relaunch of our billing app.",
            "ownership",
            "I led the relaunch of our billing app",
        ),
        (
            "I built the ingestion pipeline and we then scaled it.",
            "ownership",
            "I built the ingestion pipeline",
        ),
        ("I owned a $1.2M marketing budget.", "ownership", "I owned a $1.2M marketing budget"),
        (
            "I personally ran the pricing experiments.",
            "ownership",
            "I personally ran the pricing experiments",
        ),
        (
            "I was responsible for vendor selection.",
            "ownership",
            "I was responsible for vendor selection",
        ),
    ],
)
def test_decisions_and_ownership_keep_their_clause(sentence: str, kind: str, text: str) -> None:
    assert (kind, text) in [(c.kind, c.text) for c in extract_claims(sentence)]


def test_we_built_is_not_personal_ownership() -> None:
    assert [
        c for c in extract_claims("We built the pipeline together.") if c.kind == "ownership"
    ] == []


@pytest.mark.parametrize(
    ("sentence", "tools"),
    [
        ("We migrated to Postgres from MySQL.", ["Postgres", "MySQL"]),
        ("Kafka was the bottleneck.", ["Kafka"]),
        ("The Director of Product liked our Amplitude dashboards.", ["Amplitude"]),
        ("Deploys got faster after we moved to GitHub Actions.", ["GitHub Actions"]),
        ("We met on Monday in March with the CEO.", []),
        ("Honestly it went well.", []),
    ],
)
def test_named_tools(sentence: str, tools: list[str]) -> None:
    assert [c.text for c in extract_claims(sentence) if c.kind == "tool"] == tools


def test_tools_remember_how_they_were_used() -> None:
    (tool,) = [c for c in extract_claims("We migrated to Postgres last year.") if c.kind == "tool"]
    assert tool.measure == "migrated to"


def test_ignored_names_are_not_tools() -> None:
    text = "Dana Cole at Acme Health asked about Snowflake."
    tools = [
        c.text
        for c in extract_claims(text, ignore=["Dana Cole", "Acme Health"])
        if c.kind == "tool"
    ]
    assert tools == ["Snowflake"]


def test_each_claim_keeps_its_sentence_in_reading_order() -> None:
    text = "I led the relaunch. It took 18 months! Churn fell 12%. Thanks."
    claims = extract_claims(text)
    assert [(c.kind, c.sentence) for c in claims] == [
        ("ownership", "I led the relaunch."),
        ("duration", "It took 18 months!"),
        ("percent", "Churn fell 12%."),
    ]


def test_extraction_is_deterministic() -> None:
    text = (
        "I led a team of five. We cut costs by $40k in Q3 using Snowflake, and I decided to stop."
    )
    assert extract_claims(text) == extract_claims(text)
    assert len(extract_claims(text)) >= 5


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("six", 6),
        ("twenty-five", 25),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two hundred", 200),
        ("three thousand five hundred", 3500),
        ("a couple of", 2),
        ("1,200", 1200),
        ("1.5", 1.5),
        ("blue", None),
        ("", None),
    ],
)
def test_words_to_number(text: str, value: float | None) -> None:
    assert words_to_number(text) == value


def test_split_sentences_keeps_decimals_and_abbreviations() -> None:
    text = "We raised $1.2M, e.g. from Acme. Then U.S. sales grew 5%.\nNew line here"
    assert split_sentences(text) == [
        "We raised $1.2M, e.g. from Acme.",
        "Then U.S. sales grew 5%.",
        "New line here",
    ]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (Claim("percent", "12%", "", 12.0, "churn"), {"12%", "12 percent", "twelve percent"}),
        (
            Claim("team_size", "six engineers", "", 6.0, "engineers"),
            {"6 engineers", "six engineers", "team of six"},
        ),
        (Claim("money", "$1.2M", "", 1_200_000.0, None), {"$1.2M", "1.2 million", "1.2M"}),
        (
            Claim("duration", "two quarters", "", 6.0, None),
            {"two quarters", "6 months", "six months"},
        ),
        (Claim("date", "Q3", "", 3.0, "quarter"), {"Q3"}),
    ],
)
def test_figure_phrases_say_the_figure_several_ways(claim: Claim, expected: set[str]) -> None:
    assert expected <= set(figure_phrases(claim))


def test_format_number() -> None:
    assert [format_number(v) for v in (12.0, 1.25, 66.67, 1_200_000.0)] == [
        "12",
        "1.25",
        "66.67",
        "1,200,000",
    ]


def test_an_acronym_ending_in_an_abbreviation_still_ends_its_sentence() -> None:
    from callback_sim.core.claims import split_sentences

    assert split_sentences("We run the NMS. Amara asked about it. Ms. Okafor agreed.") == [
        "We run the NMS.",
        "Amara asked about it.",
        "Ms. Okafor agreed.",
    ]
