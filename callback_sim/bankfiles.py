"""Edit user bank files in place, keeping their comments and layout, and save them safely.

A bank file is cut into blocks, one per top-level table (`[bank]`, each `[[questions]]`,
each `[[templates]]`), each with the comment lines written right above it. Adding,
deleting and reordering questions splice whole blocks; editing a question parses just its
block with tomlkit (which keeps comments and formatting) and writes back only the keys
that changed. Everything outside the edited block stays byte-for-byte the same.

Saving writes a temporary file in the same directory, fsyncs it, keeps the previous
version as a dated `NAME.toml.YYYYMMDD-HHMMSS-ffffff.bak` (the last five are kept) and then
renames over the file (`os.replace`), so a crash at any moment leaves either the old file or
the new one, never half of one.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from callback_sim.core.banks import BankSet, parse_bank
from callback_sim.core.errors import BankError, CallbackSimError
from callback_sim.core.importer import NEEDS_RUBRIC, PlannedQuestion
from callback_sim.core.models import Bank, Question, RubricTerm

#: Suffix of the previous versions kept beside a saved bank.
BACKUP_SUFFIX = ".bak"
#: How many dated previous versions of a bank are kept (the oldest is removed first).
BACKUPS_KEPT = 5

# A top-level table header: [name] or [[name]] with no dot in the name (sub-tables have one).
_TOP_HEADER_RE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?\s*(?:#.*)?$")
_SUB_HEADER_RE = re.compile(r"^(\s*)\[\[\s*questions\.(?:rubric|avoid)\s*\]\]")
_ID_RULE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class BankEditError(CallbackSimError):
    """A bank file that cannot be edited this way (the message says what to do instead)."""


def toml_value(value: Any) -> str:
    """`value` written as TOML (strings quoted and escaped the way tomlkit does)."""
    return tomlkit.item(value).as_string()


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


@dataclass(frozen=True)
class _Block:
    """Lines [start, end) of one top-level table: comments above it through its last content."""

    name: str
    start: int
    header: int
    end: int  # one past the last non-blank, non-comment line


def _blocks(lines: Sequence[str]) -> list[_Block]:
    headers = [
        (i, m.group(1))
        for i, line in enumerate(lines)
        if (m := _TOP_HEADER_RE.match(line)) and not line.lstrip().startswith("#")
    ]
    blocks: list[_Block] = []
    for k, (header, name) in enumerate(headers):
        limit = headers[k + 1][0] if k + 1 < len(headers) else len(lines)
        end = header + 1
        for i in range(header + 1, limit):
            if not _is_comment_or_blank(lines[i]):
                end = i + 1
        blocks.append(_Block(name, header, header, end))
    # Comment lines directly above a header (after the previous block's content) belong to it,
    # except the blank lines that separate them from the previous block.
    out: list[_Block] = []
    for k, block in enumerate(blocks):
        floor = blocks[k - 1].end if k else 0
        start = block.header
        while start > floor and _is_comment_or_blank(lines[start - 1]):
            start -= 1
        while start < block.header and not lines[start].strip():
            start += 1
        out.append(_Block(block.name, start, block.header, block.end))
    return out


def _indent_of_terms(lines: Sequence[str]) -> str:
    for line in lines:
        m = _SUB_HEADER_RE.match(line)
        if m:
            return m.group(1)
    return "  "


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _term_lines(kind: str, term: RubricTerm, indent: str) -> list[str]:
    lines = [
        f"{indent}[[questions.{kind}]]",
        f"{indent}label = {toml_value(term.label)}",
    ]
    if term.weight != 1:
        lines.append(f"{indent}weight = {toml_value(_number(term.weight))}")
    if term.phrases or not term.signals:
        lines.append(f"{indent}phrases = {toml_value(list(term.phrases))}")
    if term.wordings:
        lines.append(f"{indent}wordings = {toml_value(list(term.wordings))}")
    if term.examples:
        lines.append(f"{indent}examples = {toml_value(list(term.examples))}")
    if term.signals:
        lines.append(f"{indent}signals = {toml_value(list(term.signals))}")
    if term.required and kind == "rubric":
        lines.append(f"{indent}required = true")
    return lines


def question_block(
    question: Question | PlannedQuestion,
    *,
    bank_category: str,
    bank_time_limit: int,
    indent: str = "  ",
    comment: str | None = None,
) -> str:
    """The TOML text of one new `[[questions]]` table in the built-in banks' layout."""
    lines = [f"# {line}" for line in textwrap.wrap(comment or "", 94)]
    lines += [
        "[[questions]]",
        f"id = {toml_value(question.id)}",
        f"prompt = {toml_value(question.prompt)}",
    ]
    if question.category and question.category != bank_category:
        lines.append(f"category = {toml_value(question.category)}")
    if question.time_limit and question.time_limit != bank_time_limit:
        lines.append(f"time_limit = {question.time_limit}")
    persona = getattr(question, "persona", None)
    if persona:
        lines.append(f"persona = {toml_value(persona)}")
    if question.tags:
        lines.append(f"tags = {toml_value(list(question.tags))}")
    for kind, terms in (("rubric", question.rubric), ("avoid", question.avoid)):
        for term in terms:
            lines += ["", *_term_lines(kind, term, indent)]
    return "\n".join(lines) + "\n"


def new_bank_text(
    bank_id: str,
    *,
    title: str | None = None,
    category: str = "general",
    description: str = "",
    time_limit: int | None = None,
) -> str:
    """The text of a new, empty user bank (valid as written)."""
    lines = [
        f"# Question bank {bank_id!s}: check it with `callback-sim bank validate FILE`;",
        "# the format is in docs/bank-format.md.",
        "",
        "[bank]",
        f"id = {toml_value(bank_id)}",
        f"title = {toml_value(title or bank_id)}",
        f"category = {toml_value(category)}",
    ]
    if description:
        lines.append(f"description = {toml_value(description)}")
    if time_limit is not None:
        lines.append(f"time_limit = {time_limit}")
    return "\n".join(lines) + "\n"


class BankText:
    """The text of one bank file with comment-preserving edits; `text` is the current version."""

    def __init__(self, text: str, path: str | Path) -> None:
        self.text = text
        self.path = Path(path)

    @classmethod
    def read(cls, path: Path) -> BankText:
        return cls(path.read_text(encoding="utf-8-sig"), path)

    # -- reading ---------------------------------------------------------------------------

    def bank(self) -> Bank:
        """The bank the current text describes; BankValidationError lists every problem."""
        return parse_bank(self.text, self.path, source="user")

    def _lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def _question_blocks(self) -> tuple[list[str], list[_Block]]:
        lines = self._lines()
        blocks = [b for b in _blocks(lines) if b.name == "questions"]
        data = tomllib.loads(self.text)
        questions = data.get("questions", [])
        if not isinstance(questions, list) or len(questions) != len(blocks):
            raise BankEditError(
                f"{self.path}: its questions are not written as [[questions]] tables, one per "
                "header; edit this file in a text editor"
            )
        return lines, blocks

    def _index(self, question_id: str) -> int:
        data = tomllib.loads(self.text)
        for index, table in enumerate(data.get("questions", [])):
            if isinstance(table, dict) and table.get("id") == question_id:
                return index
        raise BankEditError(f"{self.path}: no question {question_id!r}")

    # -- whole-bank fields -------------------------------------------------------------------

    def set_bank_fields(self, **fields: Any) -> None:
        """Change keys of `[bank]` (None removes an optional one); other text is untouched."""
        doc = tomlkit.parse(self.text)
        head = doc.get("bank")
        if not isinstance(head, Table):
            raise BankEditError(f"{self.path}: no [bank] table to change")
        for key, value in fields.items():
            if value is None:
                head.pop(key, None)
            elif head.get(key) != value:
                head[key] = value
        self.text = doc.as_string()

    # -- questions ---------------------------------------------------------------------------

    def add_questions(
        self,
        questions: Sequence[Question | PlannedQuestion],
        *,
        comments: Sequence[str | None] = (),
    ) -> None:
        """Append questions after the last one (before any templates), in the file's layout."""
        if not questions:
            return
        bank = self.bank()
        lines, blocks = self._question_blocks()
        indent = _indent_of_terms(lines)
        if blocks:
            at = blocks[-1].end
            # Keep the blank lines that followed the last question before the new ones.
            while at < len(lines) and not lines[at].strip():
                at += 1
        else:
            others = [b for b in _blocks(lines) if b.name != "bank"]
            at = others[0].start if others else len(lines)
        texts = [
            question_block(
                q,
                bank_category=bank.category,
                bank_time_limit=bank.time_limit,
                indent=indent,
                comment=comments[i] if i < len(comments) else None,
            )
            for i, q in enumerate(questions)
        ]
        before = lines[:at]
        if before and not before[-1].endswith("\n"):
            before[-1] += "\n"
        if before and before[-1].strip():
            before.append("\n")
        insert = "\n".join(texts)
        after = lines[at:]
        if after:
            insert += "\n"
        self.text = "".join(before) + insert + "".join(after)

    def delete_question(self, question_id: str) -> None:
        """Remove one question's block (its comments and the blank lines after it)."""
        index = self._index(question_id)
        lines, blocks = self._question_blocks()
        block = blocks[index]
        end = block.end
        while end < len(lines) and not lines[end].strip():
            end += 1
        self.text = "".join(lines[: block.start] + lines[end:])

    def move_question(self, question_id: str, offset: int) -> bool:
        """Swap a question with its neighbour (-1 up, +1 down); False at either end."""
        index = self._index(question_id)
        lines, blocks = self._question_blocks()
        other = index + offset
        if offset not in (-1, 1) or not 0 <= other < len(blocks):
            return False
        first, second = sorted((blocks[index], blocks[other]), key=lambda b: b.start)
        middle = lines[first.end : second.start]
        if any(line.strip() for line in middle):
            # Something other than blank lines between them (a template): do not reorder.
            raise BankEditError(
                f"{self.path}: questions {question_id!r} and its neighbour are not next to "
                "each other in the file; move it in a text editor"
            )
        swapped = (
            lines[: first.start]
            + _with_newline(lines[second.start : second.end])
            + middle
            + _with_newline(lines[first.start : first.end])
            + lines[second.end :]
        )
        if not self.text.endswith("\n") and swapped and swapped[-1].endswith("\n"):
            swapped[-1] = swapped[-1][:-1]
        self.text = "".join(swapped)
        return True

    def update_question(self, old: Question, new: Question) -> None:
        """Write the fields of `new` that differ from `old` into `old`'s block, nothing else."""
        index = self._index(old.id)
        lines, blocks = self._question_blocks()
        block = blocks[index]
        bank = self.bank()
        source = "".join(_with_newline(lines[block.start : block.end]))
        doc = tomlkit.parse(source)
        table = doc["questions"][0]
        assert isinstance(table, Table)
        _update_table(table, old, new, bank, _indent_of_terms(lines))
        edited = doc.as_string()
        if not lines[block.end - 1].endswith("\n"):
            edited = edited.rstrip("\n")
        self.text = "".join(lines[: block.start]) + edited + "".join(lines[block.end :])


def _with_newline(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return list(lines)


def _set(table: Table, key: str, value: Any, *, drop: bool = False) -> None:
    if drop:
        table.pop(key, None)
    else:
        table[key] = value


def _update_table(table: Table, old: Question, new: Question, bank: Bank, indent: str) -> None:
    if new.id != old.id:
        _set(table, "id", new.id)
    if new.prompt != old.prompt:
        _set(table, "prompt", new.prompt)
    if new.category != old.category:
        _set(table, "category", new.category, drop=new.category == bank.category)
    if new.time_limit != old.time_limit:
        _set(table, "time_limit", new.time_limit, drop=new.time_limit == bank.time_limit)
    if new.persona != old.persona:
        _set(table, "persona", new.persona, drop=new.persona is None)
    if new.tags != old.tags:
        _set(table, "tags", list(new.tags), drop=not new.tags and "tags" in table)
    for kind, before, after in (
        ("rubric", old.rubric, new.rubric),
        ("avoid", old.avoid, new.avoid),
    ):
        if _plain(before) != _plain(after):
            _update_terms(table, kind, before, after, indent)


def _plain(terms: Sequence[RubricTerm]) -> list[tuple[Any, ...]]:
    return [
        (
            t.label,
            tuple(t.phrases),
            tuple(t.wordings),
            tuple(t.examples),
            float(t.weight),
            t.required,
            t.signals,
        )
        for t in terms
    ]


def _update_terms(
    table: Table,
    kind: str,
    before: Sequence[RubricTerm],
    after: Sequence[RubricTerm],
    indent: str,
) -> None:
    current = table.get(kind)
    if current is not None and not isinstance(current, AoT):
        # Inline arrays of tables: rewrite the whole array (tomlkit keeps the rest intact).
        table[kind] = [_term_dict(t, kind) for t in after]
        return
    for index, term in enumerate(after[: len(before)]):
        assert current is not None
        sub = current[index]
        old = before[index]
        if term.label != old.label:
            sub["label"] = term.label
        if tuple(term.phrases) != tuple(old.phrases) and (
            term.phrases or not term.signals or "phrases" in sub
        ):
            sub["phrases"] = list(term.phrases)
        for key, now, was in (
            ("wordings", term.wordings, old.wordings),
            ("examples", term.examples, old.examples),
        ):
            if tuple(now) != tuple(was):
                if now:
                    sub[key] = list(now)
                else:
                    sub.pop(key, None)
        if term.signals != old.signals:
            if term.signals:
                sub["signals"] = list(term.signals)
            else:
                sub.pop("signals", None)
                if "phrases" not in sub:
                    sub["phrases"] = list(term.phrases)
        if float(term.weight) != float(old.weight):
            if term.weight == 1 and "weight" in sub:
                sub.pop("weight")
            else:
                sub["weight"] = _number(term.weight)
        if kind == "rubric" and term.required != old.required:
            if term.required:
                sub["required"] = True
            else:
                sub.pop("required", None)
    if current is not None:
        for index in range(len(before) - 1, len(after) - 1, -1):
            del current[index]
    extra = after[len(before) :]
    if extra:
        # Each new term ends with a blank line unless it is the last thing in the question.
        last_in_table = kind == "avoid" or "avoid" not in table
        chunks = ["\n".join(_term_lines(kind, t, indent)) + "\n" for t in extra]
        text = "\n".join(chunks) + ("" if last_in_table else "\n")
        parsed = tomlkit.parse("[[questions]]\n\n" + text)
        new_terms = parsed["questions"][0][kind]
        assert isinstance(new_terms, AoT)
        if current is None or len(current) == 0:
            if current is not None:
                table.pop(kind)
            table[kind] = new_terms
        else:
            if not current[-1].as_string().endswith("\n\n"):
                current[-1].add(tomlkit.nl())
            for sub in list(new_terms):
                current.append(sub)
    elif current is not None and len(current) == 0:
        table.pop(kind)


def _term_dict(term: RubricTerm, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"label": term.label}
    if term.weight != 1:
        out["weight"] = _number(term.weight)
    if term.phrases or not term.signals:
        out["phrases"] = list(term.phrases)
    if term.wordings:
        out["wordings"] = list(term.wordings)
    if term.examples:
        out["examples"] = list(term.examples)
    if term.signals:
        out["signals"] = list(term.signals)
    if term.required and kind == "rubric":
        out["required"] = True
    return out


# -- copying a bank --------------------------------------------------------------------------------


def copy_bank_text(text: str, new_id: str, *, title: str | None = None) -> str:
    """A bank's text with a new id (and title), its comments and layout kept."""
    doc = tomlkit.parse(text)
    head = doc.get("bank")
    if not isinstance(head, Table):
        raise BankEditError("the bank has no [bank] table to copy")
    head["id"] = new_id
    if title is not None:
        head["title"] = title
    return doc.as_string()


def check_new_id(bank_id: str, taken: Sequence[str]) -> None:
    """Raise a one-line error when `bank_id` is not a valid, free bank id."""
    if not _ID_RULE_RE.fullmatch(bank_id):
        raise BankEditError(
            f"bank id {bank_id!r} must use letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if bank_id in taken:
        raise BankEditError(f"a bank with id {bank_id!r} already exists; choose another id")


def user_bank_path(user_dir: Path, bank_id: str) -> Path:
    """Where the user bank with this id is written."""
    return user_dir / f"{bank_id}.toml"


# -- saving ----------------------------------------------------------------------------------------


def _stamp(now: float | None = None) -> str:
    """A sortable UTC time for a backup's name; odd clocks (year 10000, before 1970) work too."""
    seconds = time.time() if now is None else now
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        # Not a calendar date (year 10000, say): the raw seconds, bounded, still name it.
        bounded = max(-(10**15), min(10**15, seconds)) if seconds == seconds else 0.0
        return f"t{int(bounded):+017d}"
    return moment.strftime("%Y%m%d-%H%M%S-%f")


def backup_path(path: Path, now: float | None = None) -> Path:
    """Where a backup of `path` taken at `now` goes: `NAME.toml.YYYYMMDD-HHMMSS-ffffff.bak`."""
    return path.with_name(f"{path.name}.{_stamp(now)}{BACKUP_SUFFIX}")


def backups_of(path: Path) -> list[Path]:
    """The dated backups of `path`, oldest first."""
    prefix = path.name + "."
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    return sorted(
        p
        for p in entries
        if p.name.startswith(prefix) and p.name.endswith(BACKUP_SUFFIX) and p.is_file()
    )


def _keep_backup(path: Path, now: float | None = None) -> Path:
    """Copy the current `path` to a new dated backup and drop all but the last BACKUPS_KEPT."""
    target = backup_path(path, now)
    while target.exists():  # two saves within a microsecond (or a clock that stands still)
        now = (time.time() if now is None else now) + 1e-6
        target = backup_path(path, now)
    shutil.copyfile(path, target)
    older = [p for p in backups_of(path) if p != target]
    for stale in older[: max(0, len(older) - (BACKUPS_KEPT - 1))]:
        stale.unlink(missing_ok=True)
    return target


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform: the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(
    path: Path, text: str, *, backup: bool = True, now: float | None = None
) -> Path | None:
    """Write `text` to `path` atomically; the previous version is kept as a dated `.bak`.

    Returns the backup's path when one was written. On any failure the old file is intact
    and the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    saved_backup: Path | None = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temp, mode)
        if backup and path.exists():
            saved_backup = _keep_backup(path, now)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)
    return saved_backup


def save_bank(path: Path, text: str, *, backup: bool = True, now: float | None = None) -> Bank:
    """Validate `text` as a bank, then write it atomically to `path`; returns the bank.

    An invalid text raises BankValidationError and leaves the file as it was.
    """
    bank = parse_bank(text, path, source="user")
    write_atomic(path, text, backup=backup, now=now)
    return bank


def read_bank_text(bank: Bank) -> str:
    """The file text of a loaded bank (built-in or user)."""
    if bank.path is None:
        raise BankError(f"bank {bank.id!r} has no file to read")
    return Path(bank.path).read_text(encoding="utf-8-sig")


def needs_rubric_comment(question: PlannedQuestion) -> str | None:
    """The comment written above an imported question that has no rubric of its own."""
    if not question.needs_rubric:
        return None
    if question.starter_from:
        return (
            f"{NEEDS_RUBRIC}: imported without a rubric; the terms below are a starter copied "
            f"from {question.starter_from}. Edit them, then remove the {NEEDS_RUBRIC} tag."
        )
    return (
        f"{NEEDS_RUBRIC}: imported without a rubric and no built-in question is alike; the "
        "terms below are earned by signals only. Add phrases, then remove the "
        f"{NEEDS_RUBRIC} tag."
    )


def create_bank_file(
    user_dir: Path,
    banks: BankSet,
    bank_id: str,
    *,
    title: str | None = None,
    category: str | None = None,
    copy_from: str | None = None,
) -> Path:
    """Write the new user bank `bank_id`: empty, or a copy of `copy_from` with its comments."""
    check_new_id(bank_id, banks.ids())
    path = user_bank_path(user_dir, bank_id)
    if path.exists():
        raise BankEditError(f"{path} already exists; choose another id or delete that file")
    if copy_from is not None:
        source = banks.get(copy_from)
        text = copy_bank_text(
            read_bank_text(source), bank_id, title=title or f"{source.title} (my copy)"
        )
        if category is not None:
            edit = BankText(text, path)
            edit.set_bank_fields(category=category)
            text = edit.text
    else:
        text = new_bank_text(bank_id, title=title, category=category or "general")
    save_bank(path, text, backup=False)
    return path
