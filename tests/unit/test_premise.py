"""The premise detector: prompts that state what the candidate said, and bank warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim.core.banks import check_bank_files, parse_bank, premise_warnings
from callback_sim.core.premise import find_premises, is_faithful_quote, quoted_spans


@pytest.mark.parametrize(
    "prompt",
    [
        "In round one you said you prefer to move fast and fix things later.",
        "You told us in round one you'd build the team here.",
        "You said the launch was a success. How would I have known?",
        "I'll ask your references about the numbers you gave us in round one.",
        "You mentioned a big project at your current job ends next quarter.",
        "You've now heard about our on-call rotation. What's your reaction?",
        "Round one didn't get into money. What is the largest budget you have owned?",
        "If you had to defend your round-one story to our board, what's the case?",
        "This is your fourth conversation today. What keeps your energy up?",
        "You described the system you built. Walk me through it.",
    ],
)
def test_premise_shaped_prompts_are_found(prompt: str) -> None:
    assert find_premises(prompt)


@pytest.mark.parametrize(
    "prompt",
    [
        "Tell me about a decision your manager disagreed with. Would you make the same call today?",
        "Have you told your references about this role?",
        "Tell me about a time you pushed back on another team's plan.",
        "Suppose you asked an interviewer here about layoffs. What would you be trying to learn?",
        "What would you want to know about me as a manager?",
        'The note reads "In round one you said it went well." What do you make of it?',
    ],
)
def test_questions_and_quoted_words_are_not_premises(prompt: str) -> None:
    assert find_premises(prompt) == ()


def test_a_premise_names_its_sentence() -> None:
    (premise,) = find_premises("Hello there. You said it went fine? Tell me more.")
    assert premise.sentence == "You said it went fine?"
    assert premise.reason == "says what the candidate said"


def test_faithful_quotes() -> None:
    answer = "Honestly the company is shrinking, and I want to build something that grows."
    assert is_faithful_quote("I want to build something that grows.", answer)
    assert is_faithful_quote("Honestly the company is shrinking…", answer)
    assert not is_faithful_quote("I want to build a team that grows.", answer)
    assert quoted_spans('He said "one" and “two”.') == ("one", "two")


BANK = """\
[bank]
id = "mine"
title = "Mine"
category = "pushback"

[[questions]]
id = "m-1"
prompt = "Tell me about a decision your manager disagreed with."

[[questions]]
id = "m-2"
prompt = "Fine. In round one you said you prefer to move fast. Why?"
"""


def test_bank_warnings_name_the_prompt_line() -> None:
    bank = parse_bank(BANK, "mine.toml")
    (warning,) = premise_warnings(bank)
    assert warning.startswith('mine.toml:10: warning: question "m-2" ')  # its table
    assert '("In round one you said you prefer to move fast.")' in warning


def test_check_bank_files_keeps_warnings_apart_from_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(BANK, encoding="utf-8")
    (result,) = check_bank_files([path])
    assert result.bank is not None and result.errors == ()
    assert len(result.warnings) == 1 and f"{path}:12: warning:" in result.warnings[0]


def test_bank_validate_prints_warnings_and_exits_0(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from callback_sim.cli import cli

    path = tmp_path / "mine.toml"
    path.write_text(BANK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["bank", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f'{path}:12: warning: question "m-2"' in result.output
    assert f"ok: {path} (2 questions, 0 templates)" in result.output
