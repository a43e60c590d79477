"""What the candidate said, reported saying, or noted to themselves (core/said.py)."""

from __future__ import annotations

import pytest

from callback_sim.core.said import Passage, passages, premise_of, second_person


def voices(text: str, others: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(p.voice, p.text.strip(" .")) for p in passages(text, others)]


def test_reported_speech_and_a_candid_aside_are_told_apart() -> None:
    text = "I said I led it but honestly it was me and one other dev, Sam did most of it."
    assert voices(text) == [
        ("reported", "I said I led it"),
        ("aside", "but honestly it was me and one other dev, Sam did most of it"),
    ]


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("We cut churn by 12% (actually closer to 10%) in a year.", "actually closer to 10%"),
        ("said i'm a quick learner (cringe)", "cringe"),
        ("didn't really have a great ending, we built it anyway.", "didn't really"),
        ("She seemed bored by the whole thing.", "She seemed bored"),
        ("be ready for this if it comes up again", "be ready"),
        ("forgot about duplicate records until she prompted me", "forgot about"),
        ("Honestly I oversold the R a bit, I mostly use it for cleaning.", "oversold"),
    ],
)
def test_notes_to_self_are_asides(text: str, aside: str) -> None:
    found = [p.text for p in passages(text) if p.voice == "aside"]
    assert any(aside in a for a in found), found
    said = [p.text for p in passages(text) if p.voice == "said"]
    assert not any(aside in s for s in said)


def test_words_said_aloud_stay_quotable() -> None:
    # A candid opening is part of what was said; a figure in brackets belongs to the sentence.
    assert voices("Honestly I have hit a ceiling at Northwind Health.") == [
        ("said", "Honestly I have hit a ceiling at Northwind Health")
    ]
    assert voices("We cut costs (about 40%) in two quarters.") == [
        ("said", "We cut costs (about 40%) in two quarters")
    ]


def test_remarks_about_the_people_met_are_not_answers() -> None:
    text = "I built the dashboard in Power BI, gareth asked loads about refresh times."
    assert voices(text, ("Gareth Pryce",)) == [
        ("said", "I built the dashboard in Power BI"),
        ("aside", "gareth asked loads about refresh times"),
    ]
    # Without knowing Gareth, the same words could be part of the answer.
    assert voices(text)[-1][0] == "said"


@pytest.mark.parametrize(
    ("text", "premise"),
    [
        ("I said I led it", "you said you led it"),
        ("told them I'd want to start in March", "you said you'd want to start in March"),
        (
            "said got absence down from 6.8% to 4.9%",
            "you said you got absence down from 6.8% to 4.9%",
        ),
        ("said £52k plus shift allowance", "you said £52k plus shift allowance"),
        (
            "talked about the reminders rewrite at my last job",
            "you talked about the reminders rewrite at your last job",
        ),
        ("I told them about a near miss", "you talked about a near miss"),
        (
            "gave the example of arguing against dark mode",
            "you gave the example of arguing against dark mode",
        ),
        ("I said I was the lead", "you said you were the lead"),
    ],
)
def test_reported_speech_is_stated_back_in_the_second_person(text: str, premise: str) -> None:
    (passage,) = passages(text)
    assert passage.voice == "reported"
    assert premise_of(passage) == premise


def test_a_long_premise_keeps_the_clause_of_its_figure() -> None:
    passage = Passage(
        "said the study ran for three weeks with commuters, about how they plan trips, and that "
        "it led to a notification which raised weekly active users by about 11%",
        "reported",
        verb="said",
        content="the study ran for three weeks with commuters, about how they plan trips, and that "
        "it led to a notification which raised weekly active users by about 11%",
    )
    assert premise_of(passage, "11%") == (
        "you said it led to a notification which raised weekly active users by about 11%"
    )


def test_second_person_keeps_the_interviewers_words_when_asked() -> None:
    assert second_person("why I want to leave my job") == "why you want to leave your job"
    assert second_person("tell me why I'm leaving", mine_only=True) == "tell me why you're leaving"
