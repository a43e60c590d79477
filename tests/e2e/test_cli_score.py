"""`callback-sim score` run as the installed program: JSON shape, answer sources, clean errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_focus import ELSEWHERE

pytestmark = pytest.mark.e2e

CLI = Path(sys.executable).parent / "callback-sim"

BANK = """\
[bank]
id = "score-demo"
title = "Score demo"
category = "pushback"

[[questions]]
id = "demo-001"
prompt = "Tell me about a decision your manager disagreed with."
time_limit = 90

  [[questions.rubric]]
  label = "Measurable outcome"
  weight = 3
  phrases = ["reduced", "percent", "saved"]

  [[questions.rubric]]
  label = "Stakeholders"
  weight = 2
  required = true
  phrases = ["stakeholders", "aligned"]

  [[questions.avoid]]
  label = "Blames others"
  weight = 2
  phrases = ["their fault", "incompetent"]
"""

ANSWER = "Um, I aligned the stakeholdrs and we reduced incidents by 60% — it was their fault."


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CLI), *args],
        env=os.environ.copy(),
        input=stdin,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "score-demo.toml"
    path.write_text(BANK, encoding="utf-8")
    return path


def score_json(bank: Path, *extra: str, stdin: bytes | None = None) -> dict[str, object]:
    done = run(
        "score", "--bank", str(bank), "--question", "demo-001", "--json", *extra, stdin=stdin
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    data = json.loads(done.stdout.decode("utf-8"))
    assert isinstance(data, dict)
    return data


def test_json_object_has_the_product_shape(bank: Path) -> None:
    data = score_json(bank, "--answer", ANSWER, "--seconds", "75")
    # PRODUCT.md's fields first, in its order; scorer version 2 adds fields after them.
    assert list(data)[:8] == [
        "question_id", "score", "content_score", "delivery_score",
        "terms", "avoid", "delivery", "feedback",
    ]  # fmt: skip
    assert set(list(data)[8:]) <= {"gate", "on_topic", "scorer_version", "consistency"}
    assert data["question_id"] == "demo-001"
    terms = data["terms"]
    assert isinstance(terms, list)
    assert [t["label"] for t in terms] == ["Measurable outcome", "Stakeholders"]
    product_keys = ("label", "weight", "matched", "evidence", "phrase")
    assert {k: terms[0][k] for k in product_keys} == {
        "label": "Measurable outcome",
        "weight": 3,
        "matched": True,
        "evidence": "reduced",
        "phrase": "reduced",
    }
    assert terms[0]["source"] == "phrase" and terms[0]["credit"] == 1.0
    assert [{k: t[k] for k in product_keys} for t in data["avoid"]] == [
        {
            "label": "Blames others",
            "weight": 2,
            "matched": True,
            "evidence": "their fault",
            "phrase": "their fault",
        }
    ]
    delivery = data["delivery"]
    assert isinstance(delivery, dict)
    assert delivery["seconds"] == 75 and delivery["time_limit"] == 90
    assert delivery["filled_pauses"] == 1
    # coverage 100 x the gate's factors, minus 20 for the avoid term; the total is
    # 0.7 content + 0.3 delivery (relevance 1 from content 50 on), to one decimal
    gate = data["gate"]
    assert isinstance(gate, dict)
    factors = gate["well_formedness"] * gate["on_topic"] * gate["concreteness"]
    content = round(100 * factors - 20, 1)
    assert data["content_score"] == content >= 50
    total = 0.7 * content + 0.3 * float(data["delivery_score"])  # type: ignore[arg-type]
    assert abs(float(data["score"]) - total) <= 0.05 + 1e-9  # type: ignore[arg-type]
    assert 1 <= len(data["feedback"]) <= 3  # type: ignore[arg-type]


def test_answer_file_and_stdin_give_the_same_score(bank: Path, tmp_path: Path) -> None:
    answer_file = tmp_path / "answer.txt"
    answer_file.write_bytes(b"\xef\xbb\xbf" + ANSWER.encode("utf-8"))  # a BOM is fine
    from_file = score_json(bank, "--answer-file", str(answer_file))
    from_stdin = score_json(bank, "--answer-file", "-", stdin=ANSWER.encode("utf-8"))
    from_arg = score_json(bank, "--answer", ANSWER)
    assert from_file == from_stdin == from_arg
    assert from_file["delivery"]["seconds"] is None  # type: ignore[index]


def test_readable_breakdown_shows_terms_evidence_and_feedback(bank: Path) -> None:
    done = run("score", "--bank", str(bank), "--question", "demo-001", "--answer", ANSWER)
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert "Score " in out and "content 71.0" in out
    assert '✓ Measurable outcome (3): "reduced"' in out
    assert "[reduced]" in out
    assert "✗ Blames others (2): found" in out
    assert "Feedback" in out and 'Drop "their fault"' in out


def test_huge_unicode_answer_file_is_scored(bank: Path, tmp_path: Path) -> None:
    answer_file = tmp_path / "huge.txt"
    junk = "we reduced 🙂 costs \u202eעברית\u202c e\u0301 \x07 " * 20_000
    answer_file.write_text(junk, encoding="utf-8")
    data = score_json(bank, "--answer-file", str(answer_file))
    assert data["delivery"]["words"] == 20_000 * 5  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--bank", "no-such-bank", "--question", "x", "--answer", "a"], "no bank 'no-such-bank'"),
        (["--bank", "{bank}", "--question", "nope", "--answer", "a"], "no question 'nope'"),
        (["--bank", "missing.toml", "--question", "x", "--answer", "a"], "missing.toml"),
        (["--bank", "{bank}", "--question", "demo-001"], "exactly one of"),
        (
            ["--bank", "{bank}", "--question", "demo-001", "--answer", "a", "--answer-file", "f"],
            "exactly one of",
        ),
        (
            ["--bank", "{bank}", "--question", "demo-001", "--answer-file", "{nofile}"],
            "cannot read",
        ),
        (["--bank", "{bank}", "--question", "demo-001", "--answer-file", "{latin1}"], "not UTF-8"),
        (["--bank", "{bank}", "--question", "demo-001", "--answer-file", "{dir}"], "cannot read"),
    ],
)
def test_user_errors_are_one_line_exit_1(
    bank: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("résumé".encode("latin-1"))
    values = {
        "bank": str(bank),
        "nofile": str(tmp_path / "absent.txt"),
        "latin1": str(latin1),
        "dir": str(tmp_path),
    }
    done = run("score", *[a.format(**values) for a in args])
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert done.stdout == b""
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err
    assert "Traceback" not in err


def test_builtin_bank_by_id() -> None:
    answer = (
        "Because the data showed churn, we reduced it by 12 percent; in hindsight I'd go faster."
    )
    done = run("score", "--bank", "pushback", "--question", "pushback-001", "--answer", answer,
               "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["question_id"] == "pushback-001"
    assert data["terms"][0]["matched"] is True


def test_undecodable_command_line_bytes_do_not_crash(bank: Path) -> None:
    # On Linux, argv bytes that are not UTF-8 reach Python as lone surrogates.
    done = subprocess.run(
        [str(CLI), "score", "--bank", str(bank), "--question", "demo-001", "--json",
         "--answer", b"we reduced \xff\xfe costs \xed\xa0\x80"],
        env=os.environ.copy(), capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["terms"][0]["evidence"] == "reduced"
    assert data["delivery"]["words"] == 3


def test_bad_seconds_is_a_usage_error(bank: Path) -> None:
    done = run("score", "--bank", str(bank), "--question", "demo-001", "--answer", "a",
               "--seconds", "-5")  # fmt: skip
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr


def test_a_paraphrase_is_shown_as_earned_in_other_words() -> None:
    answer = (
        "Twelve months in, what would the person in this seat have accomplished for you to be "
        "really pleased with the hire?"
    )
    args = ("score", "--bank", "curiosity", "--question", "curiosity-001", "--answer", answer)
    text = run(*args).stdout.decode()
    assert "✓ Asks what success looks like (2): in other words, near “" in text
    assert "(75% credit) — “Twelve months in" in text
    assert "topicality " in text
    data = json.loads(run(*args, "--json").stdout)
    term = next(t for t in data["terms"] if t["label"] == "Asks what success looks like")
    assert term["source"] == "meaning" and term["credit"] == 0.75
    assert 0.69 <= term["similarity"] <= 1
    assert isinstance(data["gate"]["topicality"], float)


def test_an_answer_to_another_question_is_shown_as_straying() -> None:
    # A story about a project, given to "a decision your manager disagreed with".
    answer = ELSEWHERE
    args = ("score", "--bank", "pushback", "--question", "pushback-001", "--answer", answer)
    text = run(*args, "--seconds", "60").stdout.decode()
    assert ": strays from the question" in text
    assert "- Most of this is about something other than the question asked" in text
    data = json.loads(run(*args, "--seconds", "60", "--json").stdout)
    assert data["gate"]["focus"] < 0.8 and data["gate"]["reach"] < 0.58
    assert data["score"] < 35
