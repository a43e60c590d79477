"""Comment-preserving bank edits and atomic saves with a backup."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from callback_sim import bankfiles
from callback_sim.bankfiles import (
    BACKUPS_KEPT,
    BankEditError,
    BankText,
    backup_path,
    backups_of,
    check_new_id,
    copy_bank_text,
    new_bank_text,
    save_bank,
    write_atomic,
)
from callback_sim.core.banks import BankValidationError, parse_bank
from callback_sim.core.models import Question, RubricTerm

COMMENTED = """\
# My bank: comments here must survive every edit.
[bank]
id = "mine"      # the id
title = "Mine"
category = "pushback"

# --- first -----------------------------------------------------------
[[questions]]
id = "mine-001"
prompt = "Why did you leave?"   # asked every time
tags = ["a",   "b"]

    [[questions.rubric]]
    label = "Reason"
    weight = 2        # matters most
    phrases = ["because",  "the reason"]

    [[questions.rubric]]
    label = "Forward-looking"
    phrases = ["next", "future"]

    [[questions.avoid]]
    label = "Bitter"
    phrases = ["hated"]

# --- second ----------------------------------------------------------
[[questions]]
id = "mine-002"
prompt = "What would you change?"

    [[questions.rubric]]
    label = "Change"
    phrases = ["change"]

# trailing comment
"""


def edit() -> BankText:
    return BankText(COMMENTED, "mine.toml")


def test_editing_one_term_changes_only_that_line() -> None:
    text = edit()
    old = text.bank().questions[0]
    term = replace(old.rubric[1], phrases=("next", "future", "long term"))
    text.update_question(old, replace(old, rubric=(old.rubric[0], term)))
    before, after = COMMENTED.splitlines(), text.text.splitlines()
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [before.index('    phrases = ["next", "future"]')]
    assert after[changed[0]] == '    phrases = ["next", "future", "long term"]'
    assert text.bank().questions[0].rubric[1].phrases == ("next", "future", "long term")


def test_every_question_field_and_term_edit_round_trips() -> None:
    text = edit()
    old = text.bank().questions[0]
    new = replace(
        old,
        prompt="Why did you really leave?",
        category="references",
        time_limit=75,
        persona="recruiter",
        tags=("c",),
        rubric=(
            replace(old.rubric[0], label="Reasons", weight=1.5, required=True),
            RubricTerm("Added", ("x", "y"), weight=3),
        ),
        avoid=(),
    )
    text.update_question(old, new)
    got = text.bank().questions[0]
    assert (got.prompt, got.category, got.time_limit, got.persona, got.tags) == (
        "Why did you really leave?",
        "references",
        75,
        "recruiter",
        ("c",),
    )
    assert [(t.label, t.weight, t.required, t.phrases) for t in got.rubric] == [
        ("Reasons", 1.5, True, ("because", "the reason")),
        ("Added", 3, False, ("x", "y")),
    ]
    assert got.avoid == ()
    # The other question, and every comment, are untouched.
    assert text.text.endswith(COMMENTED[COMMENTED.index("# --- second") :])
    for comment in ("# My bank", "# the id", "# asked every time"):
        assert comment in text.text


def test_wordings_are_saved_edited_and_dropped_with_their_term() -> None:
    text = edit()
    old = text.bank().questions[0]
    first = replace(old.rubric[0], wordings=("the real reason", "what tipped it"))
    text.update_question(old, replace(old, rubric=(first, *old.rubric[1:])))
    assert text.bank().questions[0].rubric[0].wordings == ("the real reason", "what tipped it")
    saved = text.bank().questions[0]
    added = RubricTerm("Added", ("x",), wordings=("y z",))
    # Deleting the first term moves the others up: its wordings go with it, not to them.
    text.update_question(saved, replace(saved, rubric=(*saved.rubric[1:], added)))
    got = text.bank().questions[0]
    assert [t.wordings for t in got.rubric] == [*([()] * (len(saved.rubric) - 1)), ("y z",)]


def test_add_delete_and_move_keep_comments() -> None:
    text = edit()
    bank = text.bank()
    new = Question(id="mine-003", prompt="Who would vouch for you?", category="pushback")
    text.add_questions([new], comments=["imported"])
    assert [q.id for q in text.bank().questions] == ["mine-001", "mine-002", "mine-003"]
    assert text.text.index("# imported") < text.text.index('id = "mine-003"')
    assert text.text.rstrip().endswith("# trailing comment")
    assert text.move_question("mine-003", -1)
    assert [q.id for q in text.bank().questions] == ["mine-001", "mine-003", "mine-002"]
    assert not text.move_question("mine-001", -1)  # already first
    text.delete_question("mine-001")
    assert [q.id for q in text.bank().questions] == ["mine-003", "mine-002"]
    assert "# --- first" not in text.text  # its own comment went with it
    assert "# --- second" in text.text and "# My bank" in text.text
    assert bank.questions[0].id == "mine-001"  # the parsed bank before the edits is unchanged


def test_new_and_copied_banks_are_valid() -> None:
    bank = parse_bank(new_bank_text("fresh", title="Fresh", category="curiosity"), "f.toml")
    assert (bank.id, bank.title, bank.category, bank.questions) == (
        "fresh",
        "Fresh",
        "curiosity",
        (),
    )
    copied = copy_bank_text(COMMENTED, "mine-copy", title="Copy")
    assert parse_bank(copied, "c.toml").id == "mine-copy"
    assert copied.replace('"mine-copy"', '"mine"').replace('"Copy"', '"Mine"') == COMMENTED


def test_adding_to_an_empty_bank() -> None:
    text = BankText(new_bank_text("fresh"), "f.toml")
    text.add_questions([Question(id="fresh-001", prompt="Why?", category="general")])
    assert [q.id for q in text.bank().questions] == ["fresh-001"]


@pytest.mark.parametrize("bad", ["", "has space", "-dash", "x/y"])
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(BankEditError):
        check_new_id(bad, [])


def test_taken_id_is_refused() -> None:
    with pytest.raises(BankEditError, match="already exists"):
        check_new_id("pushback", ["pushback"])


def test_save_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    text = edit()
    text.delete_question("mine-002")
    save_bank(path, text.text, now=1_790_000_000.25)
    assert path.read_text(encoding="utf-8") == text.text
    assert backup_path(path, 1_790_000_000.25).read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mine.toml",
        "mine.toml.20260921-141320-250000.bak",
    ]


def test_save_keeps_the_last_five_dated_backups(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    versions = [COMMENTED]
    for n in range(7):
        text = COMMENTED.replace("Why did you leave", f"Why (v{n}) did you leave")
        save_bank(path, text, now=1_790_000_000 + 60 * n)
        versions.append(text)
    kept = backups_of(path)
    assert len(kept) == BACKUPS_KEPT == 5
    # Oldest first, and they are the five versions before the current one.
    assert [p.read_text(encoding="utf-8") for p in kept] == versions[-6:-1]
    assert path.read_text(encoding="utf-8") == versions[-1]


def test_two_saves_in_the_same_instant_keep_both_backups(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    second = COMMENTED.replace("Why did you leave", "Why did you go")
    save_bank(path, second, now=1_790_000_000)
    save_bank(path, COMMENTED, now=1_790_000_000)
    assert sorted(p.read_text(encoding="utf-8") for p in backups_of(path)) == sorted(
        [COMMENTED, second]
    )


@pytest.mark.parametrize("now", [253_402_300_800.0, -1e20, 1e300])  # year 10000; far past/future
def test_backup_names_survive_odd_clocks(tmp_path: Path, now: float) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_bank(path, COMMENTED.replace("Why did you leave", "Why did you go"), now=now)
    (kept,) = backups_of(path)
    assert kept.read_text(encoding="utf-8") == COMMENTED


def test_invalid_text_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    with pytest.raises(BankValidationError, match=r"mine\.toml:"):
        save_bank(path, COMMENTED.replace('label = "Change"', 'label = ""'))
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_interrupted_save_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    written: list[str] = []

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        # The temporary file is complete at this point; the rename never happens.
        written.append(Path(src).read_text(encoding="utf-8"))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bankfiles.os, "replace", crash)
    with pytest.raises(OSError, match="No space"):
        write_atomic(path, "new text")
    assert written == ["new text"]
    assert path.read_text(encoding="utf-8") == COMMENTED
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_builtin_bank_round_trip_is_byte_for_byte(tmp_path: Path) -> None:
    from callback_sim.paths import builtin_banks_dir

    source = (builtin_banks_dir() / "pushback.toml").read_text(encoding="utf-8")
    text = BankText(copy_bank_text(source, "my-pushback"), tmp_path / "my-pushback.toml")
    old = text.bank().questions[1]
    term = replace(old.rubric[0], phrases=(*old.rubric[0].phrases, "I drove"))
    text.update_question(old, replace(old, rubric=(term, *old.rubric[1:])))
    diff = [
        (a, b) for a, b in zip(source.splitlines(), text.text.splitlines(), strict=True) if a != b
    ]
    # Only the id and the one edited phrases line differ.
    assert [a for a, _ in diff] == [
        'id = "pushback"',
        f"  phrases = {bankfiles.toml_value(list(old.rubric[0].phrases))}",
    ]


def test_examples_are_saved_edited_and_dropped_with_their_term() -> None:
    text = edit()
    old = text.bank().questions[0]
    first = replace(old.rubric[0], examples=("Nobody else went, so I did.", "That call was mine."))
    text.update_question(old, replace(old, rubric=(first, *old.rubric[1:])))
    assert text.bank().questions[0].rubric[0].examples == first.examples
    saved = text.bank().questions[0]
    added = RubricTerm("Added", ("x",), examples=("I rewrote the rota myself.",))
    # Deleting the first term moves the others up: its examples go with it, not to them.
    text.update_question(saved, replace(saved, rubric=(*saved.rubric[1:], added)))
    got = text.bank().questions[0]
    assert [t.examples for t in got.rubric] == [
        *([()] * (len(saved.rubric) - 1)),
        ("I rewrote the rota myself.",),
    ]
