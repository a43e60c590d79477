"""`callback-sim bank list/show/validate` run as the installed program, plus a wheel install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from callback_sim.paths import builtin_banks_dir

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "banks"
CLI = Path(sys.executable).parent / "callback-sim"


def run(*args: str, cwd: Path | None = None, exe: Path = CLI) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def builtin_ids(directory: Path) -> dict[str, int]:
    """Bank id -> question count of each built-in file, read with tomllib alone."""
    out: dict[str, int] = {}
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out[data["bank"]["id"]] = len(data.get("questions", []))
    return out


def install_user_bank(home: Path, fixture: str) -> Path:
    banks = home / "banks"
    banks.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / fixture, banks / fixture))


def test_list_json_lists_the_builtin_banks() -> None:
    result = run("bank", "list", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert {b["id"]: b["questions"] for b in listed} == builtin_ids(builtin_banks_dir())
    for entry in listed:
        assert set(entry) == {"id", "title", "category", "questions", "source", "path"}
        assert entry["source"] == "builtin" and Path(entry["path"]).is_file()
    assert result.stderr == ""


def test_list_shows_user_banks_and_warns_about_broken_ones(isolated_home: Path) -> None:
    install_user_bank(isolated_home, "good.toml")
    broken = install_user_bank(isolated_home, "broken.toml")
    result = run("bank", "list", "--json")
    assert result.returncode == 0
    mine = [b for b in json.loads(result.stdout) if b["source"] == "user"]
    assert [(b["id"], b["questions"]) for b in mine] == [("example", 2)]
    assert f"warning: {broken}:5: [bank]: unknown key 'colour'" in result.stderr
    table = run("bank", "list")
    assert table.returncode == 0
    header, *rows = table.stdout.splitlines()
    assert header.split() == ["ID", "TITLE", "CATEGORY", "QUESTIONS", "SOURCE", "PATH"]
    assert any(row.startswith("example ") and " user " in row for row in rows)


def test_validate_broken_file_exits_1_with_file_line_messages(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.toml", tmp_path / "broken.toml")
    result = run("bank", "validate", "broken.toml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 8
    assert all(line.startswith("broken.toml:") for line in lines)
    assert "broken.toml:19: duplicate question id" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_validate_valid_files_exits_0(tmp_path: Path) -> None:
    for name in ("good.toml", "empty.toml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    result = run("bank", "validate", "good.toml", "empty.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok: good.toml (2 questions, 2 templates)",
        "ok: empty.toml (0 questions, 0 templates)",
    ]


def test_validate_reports_a_missing_file(tmp_path: Path) -> None:
    result = run("bank", "validate", "nowhere.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "nowhere.toml: no such file"


def test_validate_catches_ids_of_installed_banks(isolated_home: Path, tmp_path: Path) -> None:
    installed = install_user_bank(isolated_home, "good.toml")
    copy = tmp_path / "copy.toml"
    shutil.copy(FIXTURES / "good.toml", copy)
    result = run("bank", "validate", "copy.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f'copy.toml:3: duplicate bank id "example" (already used by {installed})'
    )
    # Validating the installed file itself is not a clash with itself.
    assert run("bank", "validate", str(installed)).returncode == 0


def test_builtin_banks_validate_and_clash_with_copies(tmp_path: Path) -> None:
    files = sorted(builtin_banks_dir().glob("*.toml"))
    if not files:
        pytest.skip("question_banks/ has no built-in banks yet")
    result = run("bank", "validate", *map(str, files))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(files)
    shutil.copy(files[0], tmp_path / "copy.toml")
    clash = run("bank", "validate", "copy.toml", cwd=tmp_path)
    assert clash.returncode == 1 and "duplicate bank id" in clash.stderr


def test_show_prints_questions_and_rubric(isolated_home: Path) -> None:
    install_user_bank(isolated_home, "good.toml")
    result = run("bank", "show", "example")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "example-001  [hiring_manager; 90 s; pushback; tags: judgment, conflict]" in out
    assert "+ Measurable outcome (weight 3, required): reduced, increased, percent, saved" in out
    assert "- Blames others (weight 2.5): their fault, incompetent" in out
    assert "example-quote (quote_back)" in out
    data = json.loads(run("bank", "show", "example", "--json").stdout)
    assert data["id"] == "example" and data["source"] == "user"
    assert [q["id"] for q in data["questions"]] == ["example-001", "example-002"]
    assert data["questions"][1]["time_limit"] == 150
    assert data["questions"][0]["rubric"][0] == {
        "label": "Measurable outcome",
        "weight": 3,
        "phrases": ["reduced", "increased", "percent", "saved"],
        "required": True,
    }
    assert data["templates"][1]["kind"] == "numbers"


def test_show_unknown_bank_is_one_line() -> None:
    result = run("bank", "show", "no-such-bank")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no bank 'no-such-bank'" in result.stderr


def test_wheel_install_finds_the_builtin_banks(tmp_path: Path) -> None:
    """A non-editable install ships question_banks inside the package (takes a few seconds)."""
    expected = builtin_ids(REPO / "question_banks")
    if not expected:
        pytest.skip("question_banks/ has no built-in banks yet: nothing to ship")
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        check=True,
        timeout=60,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            *map(str, wheels.glob("*.whl")),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # Dependencies come from this test environment's site-packages; a .pth line adds the
    # directory without running its own .pth files, so the editable checkout stays out.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = run("bank", "list", "--json", cwd=tmp_path, exe=venv / "bin" / "callback-sim")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert {b["id"]: b["questions"] for b in listed} == expected
    for entry in listed:
        assert Path(entry["path"]).is_relative_to(site / "callback_sim" / "question_banks")


def test_bad_entries_in_banks_warn_and_the_other_banks_load(isolated_home: Path) -> None:
    """Issue 14 item 9: a loop, a dangling link, a directory and 500 `[` each warn in one line."""
    banks = isolated_home / "banks"
    banks.mkdir(parents=True)
    (banks / "loop.toml").symlink_to("loop.toml")
    (banks / "dangling.toml").symlink_to("gone.toml")
    (banks / "x.toml").mkdir()
    (banks / "deep.toml").write_text("a = " + "[" * 500 + "\n", encoding="utf-8")
    assert run("bank", "new", "good").returncode == 0
    proc = run("bank", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "good" in [b["id"] for b in json.loads(proc.stdout)]
    warnings = proc.stderr.strip().splitlines()
    assert sorted(Path(w.removeprefix("warning: ").split(":")[0]).name for w in warnings) == [
        "dangling.toml",
        "deep.toml",
        "loop.toml",
        "x.toml",
    ]
    assert "Traceback" not in proc.stderr
    practice = subprocess.run(
        [str(CLI), "practice", "--plain", "--bank", "pushback", "--count", "1", "--seed", "1"],
        input="I chose it because the data showed it.\n.\n",
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert practice.returncode == 0, practice.stderr
