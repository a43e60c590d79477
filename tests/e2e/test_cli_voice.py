"""`callback-sim voice test` / `voice say` run as the installed program."""

from __future__ import annotations

import array
import ctypes
import math
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CLI = Path(sys.executable).parent / "callback-sim"
QUESTION = "Tell me about a time you disagreed with your manager."


def _espeak_ng_installed() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    try:
        ctypes.CDLL("libespeak-ng.so.1")
    except OSError:
        return False
    return True


needs_engine = pytest.mark.skipif(
    not _espeak_ng_installed(),
    reason="espeak-ng is not installed (sudo apt install libespeak-ng1 espeak-ng)",
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.speech
@needs_engine
def test_voice_test_reports_engine_voices_and_audio() -> None:
    proc = run("voice", "test")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    engine_line = next(line for line in out.splitlines() if line.startswith("engine:"))
    assert engine_line.split(":", 1)[1].strip() not in ("", "none")
    assert "installed" in out and "player:" in out and "audio output:" in out
    # the five personas are listed with the voice each one will use
    for persona in ("hiring_manager", "peer", "skip_level", "cross_functional", "recruiter"):
        assert persona in out
    assert proc.stderr == ""


@pytest.mark.speech
@needs_engine
def test_voice_say_writes_a_few_seconds_of_speech(tmp_path: Path) -> None:
    proc = run("voice", "say", QUESTION, "--out", "q.wav", "--persona", "peer", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("wrote q.wav")
    with wave.open(str(tmp_path / "q.wav"), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    assert 1.0 < seconds < 15.0
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 500
    assert proc.stderr == ""


@pytest.mark.speech
@needs_engine
def test_voice_say_rate_option_changes_length(tmp_path: Path) -> None:
    assert (
        run("voice", "say", QUESTION, "--out", "s.wav", "--rate", "100", cwd=tmp_path).returncode
        == 0
    )
    assert (
        run("voice", "say", QUESTION, "--out", "f.wav", "--rate", "300", cwd=tmp_path).returncode
        == 0
    )
    with wave.open(str(tmp_path / "s.wav")) as slow, wave.open(str(tmp_path / "f.wav")) as fast:
        assert slow.getnframes() > 1.8 * fast.getnframes()


def test_voice_say_to_unwritable_path_is_one_line_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "q.wav"
    proc = run("voice", "say", QUESTION, "--out", str(target))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(target) in lines[0]
    assert "Traceback" not in proc.stderr
    assert not target.exists()


def test_voice_say_empty_text_is_one_line_exit_1(tmp_path: Path) -> None:
    proc = run("voice", "say", "   ", "--out", "q.wav", cwd=tmp_path)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "empty" in proc.stderr


def test_voice_say_unknown_persona_is_usage_error(tmp_path: Path) -> None:
    proc = run("voice", "say", QUESTION, "--out", "q.wav", "--persona", "ceo", cwd=tmp_path)
    assert proc.returncode == 2
    assert not (tmp_path / "q.wav").exists()


@pytest.mark.speech
@needs_engine
def test_voice_say_refuses_an_existing_file_unless_force(tmp_path: Path) -> None:
    """Issue 14 item 8: `voice say --out` never replaces a file silently; new files are 0600."""
    target = tmp_path / "q.wav"
    target.write_bytes(b"not mine to lose")
    proc = run("voice", "say", QUESTION, "--out", "q.wav", cwd=tmp_path)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert "q.wav" in line and "already exists" in line and "--force" in line
    assert target.read_bytes() == b"not mine to lose"
    forced = run("voice", "say", QUESTION, "--out", "q.wav", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    with wave.open(str(target), "rb") as wav:
        assert wav.getnframes() > 0
    assert target.stat().st_mode & 0o777 == 0o600
    fresh = run("voice", "say", QUESTION, "--out", "new.wav", cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert (tmp_path / "new.wav").stat().st_mode & 0o777 == 0o600
    # No temporary files left behind.
    assert not list(tmp_path.glob(".*.tmp"))
