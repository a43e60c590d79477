"""Follow-ups in `practice --plain` as a real process, and the plain-mode draft (issue 14.7)."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.store_e2e_helpers import Interactive, install_bank, run

pytestmark = pytest.mark.e2e

#: Every answer gives something to press on: a figure with no word on how it was measured.
PRESSABLE = [
    "We reduced incidents by 60 percent over two quarters.",
    "We grew weekly signups by 25 percent after the redesign.",
    "We cut hosting costs by 30 percent in one quarter.",
    "We doubled the release cadence within a year.",
]


@pytest.fixture
def home(isolated_home: Path) -> Path:
    install_bank(isolated_home)
    return isolated_home


def _piped(*answers: str) -> str:
    return "".join(f"{a}\n.\n" for a in answers)


def _round(seed: int, stdin: str) -> str:
    done = run(
        "practice", "--plain", "--bank", "e2e", "--count", "3", "--seed", str(seed), stdin=stdin
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _last_session() -> dict[str, object]:
    items = json.loads(run("history", "--json").stdout)
    report = json.loads(run("report", str(items[0]["id"]), "--format", "json").stdout)
    assert isinstance(report, dict)
    return {"history": items[0], "report": report}


def test_a_follow_up_quotes_the_answer_just_given_and_is_stored(home: Path) -> None:
    out = _round(4, _piped(*PRESSABLE))
    # Three planned questions allow one follow-up; every answer invites one.
    assert out.count("Follow-up to question") == 1
    assert "Round complete: 3 questions and 1 follow-up" in out
    match = re.search(r"Follow-up to question (\d) · .*\nYou (?:said|mentioned) “([^”]+)”", out)
    assert match, out
    number, quote = int(match.group(1)), match.group(2)
    assert quote in PRESSABLE[number - 1]  # the candidate's own words, verbatim
    data = _last_session()
    assert data["history"]["answers"] == 4 and data["history"]["follow_ups"] == 1
    answers = data["report"]["answers"]
    [follow] = [a for a in answers if a["source"]["kind"] == "follow_up"]
    parent = answers[follow["position"] - 2]
    assert follow["source"]["follows"] == parent["position"] == number
    assert follow["source"]["quote"] == quote and follow["source"]["trigger"] == "measurement"
    assert follow["question_id"] == f"{parent['question_id']}~follow-up"
    assert follow["answer"] == PRESSABLE[number] and follow["score"] is not None
    assert data["report"]["planned"] == 4 and data["report"]["unanswered"] == []
    progress = json.loads(run("progress", "--format", "json").stdout)
    [tracked] = [q for q in progress["questions"] if q["follow_up"]]
    assert tracked["question_id"] == follow["question_id"] and tracked["attempts"] == 1


DEBRIEF = Path(__file__).parent.parent / "fixtures" / "debriefs" / "acme.toml"


def test_plan_json_says_how_many_follow_ups_may_come(home: Path) -> None:
    assert run("debrief", "import", str(DEBRIEF)).returncode == 0

    def plan() -> dict[str, object]:
        done = run("plan", "--company", "Acme Health", "--count", "6", "--seed", "1", "--json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert all(q["source"]["kind"] != "follow_up" for q in data["questions"])
        assert all(
            set(q["source"]) == {"kind", "exchange", "quote", "topic"} for q in data["questions"]
        )
        follow_ups = data["follow_ups"]
        assert isinstance(follow_ups, dict)
        return follow_ups

    assert plan() == {"enabled": True, "at_most": 2}
    (home / "config.toml").write_text("follow_ups = false\n", encoding="utf-8")
    assert plan() == {"enabled": False, "at_most": 0}


def test_the_same_seed_and_answers_give_the_same_round(home: Path) -> None:
    first = _round(4, _piped(*PRESSABLE))
    # Past scores steer which questions are planned: start the second round from scratch.
    for path in home.glob("callback-sim.db*"):
        path.unlink()
    second = _round(4, _piped(*PRESSABLE))
    strip = re.compile(r"Session \d+|--resume \d+|\d+ s of")
    assert strip.sub("", first) == strip.sub("", second)


def test_the_setting_turns_follow_ups_off(home: Path) -> None:
    (home / "config.toml").write_text("follow_ups = false\n", encoding="utf-8")
    out = _round(4, _piped(*PRESSABLE))
    assert "Follow-up" not in out and "Round complete: 3 questions, mean" in out
    assert _last_session()["history"]["follow_ups"] == 0


def test_nothing_to_press_on_asks_no_follow_up(home: Path) -> None:
    calm = "I led it, I measured the result in our dashboard, and it fell by 10 percent."
    out = _round(4, _piped(calm, calm, calm))
    assert "Follow-up" not in out


def test_a_follow_up_cut_off_by_sigkill_is_asked_again_on_resume(home: Path) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "3", "--seed", "4")
    try:
        proc.expect("End your answer")
        proc.send(_piped(PRESSABLE[0]))
        proc.expect("Follow-up to question 1")
        out = proc.expect("Time limit 90 s")
        prompt = out.split("Follow-up to question 1")[1].splitlines()[1]
        proc.kill()
    finally:
        proc.close()
    session = json.loads(run("history", "--json").stdout)[0]
    resumed = run(
        "practice", "--plain", "--resume", str(session["id"]), stdin=_piped(*PRESSABLE[1:])
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert "at question 1 of 3" in resumed.stdout
    assert resumed.stdout.count("Follow-up to question 1") == 1 and prompt in resumed.stdout
    assert "Round complete: 3 questions and 1 follow-up" in resumed.stdout


# -- the plain-mode draft (issue 14.7) --------------------------------------------------------


def _drafts(db: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT position, text FROM drafts").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def _wait_for_draft(db: Path, seconds: float) -> list[tuple[int, str]]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _drafts(db)
        if found:
            return found
        time.sleep(0.1)
    return []


def test_a_line_then_silence_is_kept_as_a_draft_through_sigkill(home: Path) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "2")
    try:
        proc.expect("End your answer")
        proc.send("The first line of my answer\n")
        # No further input: the draft is written on the 2 s timer, not when a line arrives.
        drafts = _wait_for_draft(home / "callback-sim.db", 6)
        proc.kill()
    finally:
        proc.close()
    assert drafts == [(1, "The first line of my answer")]
    assert _drafts(home / "callback-sim.db") == drafts


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_after_one_line_keeps_it_and_the_round_resumes(
    home: Path, sig: signal.Signals, code: int
) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "2")
    try:
        proc.expect("End your answer")
        proc.send("Only one line so far\n")
        time.sleep(0.3)  # the line has arrived; the 2 s draft timer has not fired yet
        proc.proc.send_signal(sig)
        assert proc.proc.wait(timeout=10) == code
        assert proc.proc.stdout is not None
        tail = proc.output + proc.proc.stdout.read().decode()
    finally:
        proc.close()
    assert "Resume with `callback-sim practice --plain --resume" in tail
    assert _drafts(home / "callback-sim.db") == [(1, "Only one line so far")]
    session = json.loads(run("history", "--json").stdout)[0]
    assert session["status"] == "interrupted"
    resumed = run("practice", "--plain", "--resume", str(session["id"]), stdin=_piped("a", "b"))
    assert "| Only one line so far" in resumed.stdout
