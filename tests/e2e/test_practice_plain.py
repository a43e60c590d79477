"""`callback-sim practice --plain` as a real process: pipes, SIGKILL, resume, bad disks."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.store_e2e_helpers import CLI, Interactive, install_bank, run
from tests.nobody import require_nobody_can_run_python

pytestmark = pytest.mark.e2e

PROMPTS = {
    "Tell me about a decision your manager disagreed with.",
    "Why do you want this role now, after three rounds?",
    "What would your first 30 days look like?",
}


@pytest.fixture
def home(isolated_home: Path) -> Path:
    install_bank(isolated_home)
    # These tests pin which planned question each piped answer goes to; follow-ups (on by
    # default) would take answers of their own. tests/e2e/test_practice_followups.py has them.
    (isolated_home / "config.toml").write_text("follow_ups = false\n", encoding="utf-8")
    return isolated_home


def _history(*args: str) -> list[dict[str, object]]:
    done = run("history", "--json", *args)
    assert done.returncode == 0, done.stderr
    items: list[dict[str, object]] = json.loads(done.stdout)
    return items


def test_piped_round_answers_scores_and_completes(home: Path) -> None:
    answers = (
        "We reduced incidents by 60 percent over two quarters.\n.\n"
        "Because I am excited 👍🏽 about the mission — مرحبا.\n.\n"
        ".\n"  # a '.' alone skips the third
    )
    done = run("practice", "--plain", "--bank", "e2e", "--count", "3", "--seed", "4", stdin=answers)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert sum(prompt in out for prompt in PROMPTS) == 3
    assert out.count("Score ") == 2 and "skipped" in out
    assert "Round complete: 3 questions" in out
    [item] = _history()
    assert item["status"] == "completed" and item["answers"] == 3
    report = json.loads(run("report", str(item["id"]), "--format", "json").stdout)
    texts = [a["answer"] for a in report["answers"]]
    assert "Because I am excited 👍🏽 about the mission — مرحبا." in texts
    assert [a["skipped"] for a in report["answers"]] == [False, False, True]
    assert set(report["answers"][0]) >= {
        "position", "question_id", "prompt", "answer", "seconds", "skipped", "score",
        "terms", "avoid", "delivery", "feedback",
    }  # fmt: skip


def test_same_seed_same_questions(home: Path) -> None:
    def order() -> list[str]:
        done = run("practice", "--plain", "--bank", "e2e", "--count", "3", "--seed", "9")
        return [line for line in done.stdout.splitlines() if line in PROMPTS]

    first = order()
    assert len(first) == 1  # empty stdin: the first question is asked, then the round stops
    assert order() == first


def test_empty_stdin_leaves_a_resumable_session(home: Path) -> None:
    done = run("practice", "--plain", "--bank", "e2e", "--count", "2")
    assert done.returncode == 0, done.stderr
    assert "Round stopped after 0 of 2 questions" in done.stdout
    [item] = _history()
    assert item["status"] == "interrupted" and item["answers"] == 0


def test_eof_mid_answer_keeps_what_was_typed(home: Path) -> None:
    done = run("practice", "--plain", "--bank", "e2e", "--count", "2", stdin="no final dot")
    assert done.returncode == 0, done.stderr
    [item] = _history()
    assert item["answers"] == 1 and item["status"] == "interrupted"
    report = json.loads(run("report", str(item["id"]), "--format", "json").stdout)
    assert report["answers"][0]["answer"] == "no final dot"


def test_control_characters_and_bad_bytes_are_cleaned(home: Path) -> None:
    env = os.environ.copy()
    proc = subprocess.run(
        [
            str(CLI),
            "practice",
            "--plain",
            "--bank",
            "e2e",
            "--count",
            "1",
        ],
        input=b"bell\x07 and \xff\xfe bad bytes\r\n.\r\n",
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    [item] = _history()
    report = json.loads(run("report", str(item["id"]), "--format", "json").stdout)
    assert report["answers"][0]["answer"] == "bell and \ufffd\ufffd bad bytes"


def test_sigkill_after_first_answer_loses_nothing_and_resumes(home: Path) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "3", "--seed", "2")
    try:
        proc.expect("End your answer")
        proc.send("We reduced costs by 12 percent, and I kept the team of six.\n.\n")
        proc.expect("Question 2 of 3")
        proc.expect("End your answer")
        time.sleep(2.1)  # past the draft interval: the next line is saved as a draft
        proc.send("My draft, half typed\n")
        db = home / "callback-sim.db"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            conn = sqlite3.connect(db)
            drafts = conn.execute("SELECT text FROM drafts").fetchall()
            conn.close()
            if drafts:
                break
            time.sleep(0.05)
        proc.kill()
    finally:
        proc.close()
    assert drafts == [("My draft, half typed",)]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    [item] = _history()
    assert item["status"] == "interrupted" and item["answers"] == 1
    doctor = run("doctor")
    assert "integrity:    ok" in doctor.stdout and "1 interrupted" in doctor.stdout

    resumed = run(
        "practice",
        "--plain",
        "--resume",
        str(item["id"]),
        stdin="Because I am excited.\n.\nI would meet the team and learn.\n.\n",
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming session" in resumed.stdout and "at question 2 of 3" in resumed.stdout
    assert "| My draft, half typed" in resumed.stdout
    assert "Round complete: 3 questions" in resumed.stdout
    [item] = _history()
    assert item["status"] == "completed" and item["answers"] == 3
    report = json.loads(run("report", str(item["id"]), "--format", "json").stdout)
    assert report["answers"][0]["answer"].startswith("We reduced costs by 12 percent")
    # Resuming again is refused with one line.
    again = run("practice", "--plain", "--resume", str(item["id"]))
    assert again.returncode == 1 and "already completed" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


def test_resume_of_a_live_session_is_refused(home: Path) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "2")
    try:
        proc.expect("End your answer")
        [item] = _history()
        assert item["status"] == "in_progress"
        done = run("practice", "--plain", "--resume", str(item["id"]))
        assert done.returncode == 1 and "still being answered" in done.stderr
    finally:
        proc.close()


@pytest.fixture
def nobody_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory owned by `nobody` (root ignores permission bits)."""
    import tempfile

    require_nobody_can_run_python()
    base = Path(tempfile.mkdtemp(prefix="cs-e2e-", dir="/tmp"))
    os.chmod(base, 0o755)
    data = base / "home"
    data.mkdir(mode=0o700)
    install_bank(data)
    for path in [data, *data.rglob("*")]:
        shutil.chown(path, "nobody", "nogroup")
    monkeypatch.setenv("CALLBACK_SIM_HOME", str(data))
    try:
        yield data
    finally:
        os.chmod(data, 0o700)
        shutil.rmtree(base, ignore_errors=True)


def _as_nobody(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", str(CLI), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_read_only_data_directory_is_said_before_the_first_question(nobody_home: Path) -> None:
    first = _as_nobody("practice", "--plain", "--bank", "e2e", "--count", "1", stdin="ok\n.\n")
    assert first.returncode == 0, first.stderr
    db = nobody_home / "callback-sim.db"
    for path in nobody_home.glob("callback-sim.db*"):
        os.chmod(path, 0o400)
    os.chmod(nobody_home, 0o500)
    done = _as_nobody("practice", "--plain", "--bank", "e2e", "--count", "1", stdin="lost?\n.\n")
    assert done.returncode == 1
    assert "Question 1" not in done.stdout  # said before the round, not mid-answer
    [line] = done.stderr.strip().splitlines()
    assert "read-only" in line and (str(db) in line or str(nobody_home) in line)
    assert "Traceback" not in done.stderr


@pytest.fixture
def small_disk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    home = mnt / "home"
    install_bank(home)
    monkeypatch.setenv("CALLBACK_SIM_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    try:
        yield home
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_disk_full_mid_round_keeps_the_answer_and_recovers(
    small_disk_home: Path, tmp_path: Path
) -> None:
    proc = Interactive("practice", "--plain", "--bank", "e2e", "--count", "2", "--seed", "1")
    long_answer = "We reduced churn by 12 percent with six engineers. " * 12_000  # ~620 KB
    try:
        proc.expect("End your answer")
        filler = small_disk_home.parent / "filler"
        free = shutil.disk_usage(small_disk_home).free
        filler.write_bytes(b"\0" * (free - 32 * 1024))
        proc.send(long_answer + "\n.\n")
        # communicate, not wait: the answer is echoed back and would fill the pipe.
        rest, err_bytes = proc.proc.communicate(timeout=60)
        out, err = proc.output + rest.decode(), err_bytes.decode()
    finally:
        proc.close()
    assert proc.proc.returncode == 1
    [line] = err.strip().splitlines()
    assert "disk is full" in line and "doctor --recover" in line
    assert "could not be saved" in out and long_answer.strip()[:60] in out  # shown
    kept = list((tmp_path / "tmp").glob("callback-sim-*-recovery/*/answer-*.json"))
    assert len(kept) == 1 and str(kept[0]) in line
    filler.unlink()
    doctor = run("doctor", "--recover")
    assert "recovered:" in doctor.stdout, doctor.stdout + doctor.stderr
    [item] = _history()
    assert item["answers"] == 1 and item["status"] == "interrupted"
    report = json.loads(run("report", str(item["id"]), "--format", "json").stdout)
    assert report["answers"][0]["answer"] == long_answer  # verbatim, trailing space too
    assert run("doctor").returncode == 0


DEBRIEF = Path(__file__).parent.parent / "fixtures" / "debriefs" / "acme.toml"


def test_company_round_is_seeded_from_the_debrief(home: Path) -> None:
    imported = run("debrief", "import", str(DEBRIEF))
    assert imported.returncode == 0, imported.stderr
    planned = json.loads(
        run("plan", "--company", "Acme Health", "--count", "3", "--seed", "5", "--json").stdout
    )
    done = run(
        "practice", "--plain", "--company", "acme health", "--count", "3", "--seed", "5",
        stdin="We cut churn by 12 percent.\n.\nA second answer.\n.\nA third.\n.\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # The same seed asks what `plan` previewed, in order.
    asked = [q["prompt"] for q in planned["questions"]]
    positions = [done.stdout.index(prompt) for prompt in asked]
    assert positions == sorted(positions)
    [item] = _history()
    assert item["company"] == "Acme Health" and item["mode"] == "company"
    assert item["status"] == "completed"


def test_unknown_company_is_one_line(home: Path) -> None:
    done = run("practice", "--plain", "--company", "Initech")
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert "no debrief for company 'Initech'" in line
    assert _history() == []
