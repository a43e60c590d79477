"""Parse and validate question-bank TOML into `core.models`, with errors as `file:line: message`.

The format is documented in docs/bank-format.md. Validation collects every problem of a
file (not just the first) so a user fixes a bank in one pass; tomllib gives no positions,
so `core.tomlpos` maps each key back to its line.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callback_sim.core.errors import BankError, NotFoundError
from callback_sim.core.models import (
    PERSONAS,
    SIGNAL_NAMES,
    Bank,
    BankSource,
    Question,
    RubricTerm,
    Template,
)
from callback_sim.core.premise import find_premises
from callback_sim.core.tomlcheck import TomlChecker
from callback_sim.core.tomlcheck import quoted as _quoted
from callback_sim.core.tomlcheck import suggest as _suggest
from callback_sim.core.tomlcheck import syntax_error as _syntax_error
from callback_sim.core.tomlcheck import type_name as _type_name
from callback_sim.core.tomlpos import DataPath, LineMap, locate_lines, too_deep_message

#: Default seconds per question when neither the bank nor the question sets one.
DEFAULT_TIME_LIMIT = 120
#: The time limits a bank may set (seconds; docs/bank-format.md): an hour is far longer than
#: any interview answer, and a bound keeps timers and clocks away from overflow.
MIN_TIME_LIMIT = 1
MAX_TIME_LIMIT = 3600

#: What each kind of pushback template is for is documented in docs/bank-format.md.
TEMPLATE_KINDS: tuple[str, ...] = (
    "quote_back",
    "challenge",
    "numbers",
    "hesitation",
    "consistency",
    "uncovered",
    "practice",
)

#: The only placeholders a template prompt may use; `core.seeding` fills them.
TEMPLATE_PLACEHOLDERS: tuple[str, ...] = (
    "quote",
    "question",
    "claim",
    "measure",
    "topic",
    "interviewer",
    "me",
    "company",
    "role",
    "premise",
)

#: What a template's `fits` may name: the kinds of claim its wording suits (docs/seeding.md).
TEMPLATE_FITS: tuple[str, ...] = (
    "decision",
    "ownership",
    "result",
    "figure",
    "team_size",
    "company_size",
    "duration",
    "date",
    "statement",
)

_TOP_KEYS = ("bank", "questions", "templates")
_BANK_KEYS = ("id", "title", "category", "description", "time_limit")
_QUESTION_KEYS = ("id", "prompt", "category", "time_limit", "persona", "tags", "rubric", "avoid")
_TEMPLATE_KEYS = ("id", "kind", *_QUESTION_KEYS[1:], "fits")
_RUBRIC_KEYS = ("label", "phrases", "wordings", "examples", "signals", "weight", "required")
# `required` means "the answer must cover this": it has no meaning for what an answer avoids.
_AVOID_KEYS = ("label", "phrases", "wordings", "signals", "weight")

# Ids appear on command lines and in file names, so they are kept to safe characters.
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ID_RULE = "letters, digits, '.', '_' or '-', starting with a letter or digit"
_CATEGORY_RE = re.compile(r"[\w-]+")

# Escaped braces, a {placeholder}, or a stray brace (group 1 is None only for strays).
_BRACE_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class BankValidationError(BankError):
    """A bank file with problems; `errors` holds every `path:line: message`, one per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__("\n".join(self.errors))


class _Checker(TomlChecker):
    """A bank file's checker: the TOML checks plus ids, categories, personas, terms."""

    # -- tables -------------------------------------------------------------------------

    # -- values -------------------------------------------------------------------------

    def identifier(self, table: dict[str, Any], at: DataPath, where: str) -> str | None:
        value = self.text(table, at, "id", where)
        if value is not None and not _ID_RE.fullmatch(value):
            self.error((*at, "id"), f"{where}: id {_quoted(value)} must be {_ID_RULE}")
            return None
        return value

    def category(self, table: dict[str, Any], at: DataPath, where: str) -> str | None:
        value = self.text(table, at, "category", where)
        if value is not None and not _CATEGORY_RE.fullmatch(value):
            self.error(
                (*at, "category"),
                f"{where}: category {_quoted(value)} must be one word "
                "(letters, digits, '_' or '-'), e.g. pushback or start_plan",
            )
            return None
        return value

    def time_limit(self, table: dict[str, Any], at: DataPath, where: str) -> int | None:
        if "time_limit" not in table:
            return None
        value = table["time_limit"]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                (*at, "time_limit"),
                f"{where}: time_limit must be a whole number of seconds, not {_type_name(value)}",
            )
            return None
        if not MIN_TIME_LIMIT <= value <= MAX_TIME_LIMIT:
            self.error(
                (*at, "time_limit"),
                f"{where}: time_limit must be between {MIN_TIME_LIMIT} and {MAX_TIME_LIMIT} "
                f"seconds (got {value})",
            )
            return None
        return value

    def persona(self, table: dict[str, Any], at: DataPath, where: str) -> str | None:
        value = self.text(table, at, "persona", where)
        if value is not None and value not in PERSONAS:
            self.error(
                (*at, "persona"),
                f"{where}: persona {_quoted(value)} is not one of {', '.join(PERSONAS)}"
                f"{_suggest(value, PERSONAS)}",
            )
            return None
        return value

    # -- rubric terms -------------------------------------------------------------------

    def terms(
        self, owner: dict[str, Any], at: DataPath, key: str, where: str
    ) -> tuple[RubricTerm, ...]:
        allowed = _RUBRIC_KEYS if key == "rubric" else _AVOID_KEYS
        kind = "rubric term" if key == "rubric" else "avoid term"
        out: list[RubricTerm] = []
        for index, table in enumerate(self.tables(owner, at, key, where)):
            term_at = (*at, key, index)
            label = table.get("label")
            name = _quoted(label) if isinstance(label, str) and label.strip() else str(index + 1)
            term_where = f"{where}, {kind} {name}"
            if key == "avoid" and "required" in table:
                self.error(
                    (*term_at, "required"),
                    f"{term_where}: 'required' only applies to rubric terms, not avoid terms",
                )
            others = {k: v for k, v in table.items() if not (key == "avoid" and k == "required")}
            self.table_keys(others, term_at, allowed, term_where)
            if "signals" in table:
                self.missing_keys(table, term_at, ("label",), term_where)
            else:
                self.missing_keys(table, term_at, ("label", "phrases"), term_where)
            label_ok = self.text(table, term_at, "label", term_where)
            phrases: tuple[str, ...] | None = ()
            if "phrases" in table:
                phrases = self.strings(
                    table, term_at, "phrases", term_where, non_empty="signals" not in table
                )
            wordings: tuple[str, ...] | None = ()
            if "wordings" in table:
                wordings = self.strings(table, term_at, "wordings", term_where, non_empty=False)
            examples: tuple[str, ...] | None = ()
            if "examples" in table and key == "rubric":
                examples = self.examples(table, term_at, term_where)
            signals = self.signal_names(table, term_at, term_where)
            weight = self.weight(table, term_at, term_where)
            must = self.flag(table, term_at, "required", term_where) if key == "rubric" else False
            if (
                label_ok is not None
                and phrases is not None
                and wordings is not None
                and examples is not None
                and signals is not None
                and weight is not None
            ):
                out.append(
                    RubricTerm(
                        label=label_ok,
                        phrases=phrases,
                        weight=weight,
                        required=must,
                        line=self.lines.header(term_at),
                        signals=signals,
                        wordings=wordings,
                        examples=examples,
                    )
                )
        return tuple(out)

    def examples(self, table: dict[str, Any], at: DataPath, where: str) -> tuple[str, ...] | None:
        """The term's `examples`: whole sentences, none holding "|", "[" or "]" (the bank
        editor writes them as `[examples: one | two]`)."""
        found = self.strings(table, at, "examples", where, non_empty=False)
        if found is None:
            return None
        ok = True
        for index, sentence in enumerate(found):
            if any(mark in sentence for mark in "|[]"):
                self.error(
                    (*at, "examples", index),
                    f'{where}: example {index + 1} may not hold "|", "[" or "]"',
                )
                ok = False
        return found if ok else None

    def signal_names(
        self, table: dict[str, Any], at: DataPath, where: str
    ) -> tuple[str, ...] | None:
        """The term's `signals` (names from SIGNAL_NAMES), each unknown one reported."""
        if "signals" not in table:
            return ()
        names = self.strings(table, at, "signals", where, non_empty=False)
        if names is None:
            return None
        ok = True
        for index, name in enumerate(names):
            if name not in SIGNAL_NAMES:
                self.error(
                    (*at, "signals", index),
                    f"{where}: unknown signal {name!r} (known: {', '.join(SIGNAL_NAMES)})"
                    f"{_suggest(name, SIGNAL_NAMES)}",
                )
                ok = False
        if ok and not names and "phrases" not in table:
            self.error((*at, "signals"), f"{where}: signals must name at least one signal")
            return None
        return tuple(dict.fromkeys(names)) if ok else None

    def weight(self, table: dict[str, Any], at: DataPath, where: str) -> float | None:
        if "weight" not in table:
            return 1
        value = table["weight"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(
                (*at, "weight"), f"{where}: weight must be a number, not {_type_name(value)}"
            )
            return None
        if not value > 0 or value == float("inf"):  # also rejects nan
            self.error(
                (*at, "weight"), f"{where}: weight must be a number greater than 0 (got {value})"
            )
            return None
        return value

    # -- template prompts ---------------------------------------------------------------

    def placeholders(self, prompt: str, at: DataPath, where: str) -> None:
        """Report every stray brace and every placeholder that seeding cannot fill."""
        allowed = ", ".join("{" + p + "}" for p in TEMPLATE_PLACEHOLDERS)
        for match in _BRACE_RE.finditer(prompt):
            token, name = match.group(0), match.group(1)
            if token in ("{{", "}}"):
                continue  # a literal brace
            if name is None:
                self.error(
                    (*at, "prompt"),
                    f"{where}: prompt has an unmatched {token!r} at character {match.start() + 1}; "
                    f"write {token * 2} for a literal brace",
                )
            elif name not in TEMPLATE_PLACEHOLDERS:
                bare = re.split(r"[!:.\[]", name, maxsplit=1)[0].strip()
                extra = (
                    f" (write it exactly as {{{bare}}})"
                    if bare in TEMPLATE_PLACEHOLDERS
                    else f" (allowed: {allowed}){_suggest(bare, TEMPLATE_PLACEHOLDERS)}"
                )
                self.error(
                    (*at, "prompt"), f"{where}: unknown placeholder {token} in prompt{extra}"
                )


@dataclass(frozen=True)
class _Parsed:
    bank: Bank | None
    errors: tuple[str, ...]
    lines: LineMap | None = None  # for the `id =` line of duplicate-id errors across files

    def id_line(self) -> int:
        return self.lines.line(("bank", "id")) if self.lines is not None else 1


def _parse(text: str, path: str, source: BankSource) -> _Parsed:
    try:
        return _parse_checked(text, path, source)
    except RecursionError:
        return _Parsed(None, (too_deep_message(path),))


def _parse_checked(text: str, path: str, source: BankSource) -> _Parsed:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _Parsed(None, (_syntax_error(path, text, exc),))
    check = _Checker(path, locate_lines(text))
    check.table_keys(data, (), _TOP_KEYS, "top level")

    head = data.get("bank")
    bank_fields: dict[str, Any] = {}
    time_limit = DEFAULT_TIME_LIMIT
    if head is None:
        check.error((), "missing [bank] table (it needs id, title and category)")
    elif not isinstance(head, dict):
        check.error(("bank",), f"bank must be a table ([bank]), not {_type_name(head)}")
    else:
        at: DataPath = ("bank",)
        check.table_keys(head, at, _BANK_KEYS, "[bank]")
        check.missing_keys(head, at, ("id", "title", "category"), "[bank]")
        bank_fields = {
            "id": check.identifier(head, at, "[bank]"),
            "title": check.text(head, at, "title", "[bank]"),
            "category": check.category(head, at, "[bank]"),
            "description": check.text(head, at, "description", "[bank]", blank=True) or "",
        }
        time_limit = check.time_limit(head, at, "[bank]") or DEFAULT_TIME_LIMIT
    bank_id = bank_fields.get("id") or ""
    default_category = bank_fields.get("category") or ""

    questions = _questions(check, data, bank_id, default_category, time_limit)
    templates = _templates(check, data, default_category, time_limit)

    errors = check.messages()
    if errors:
        return _Parsed(None, tuple(errors))
    bank = Bank(
        id=bank_id,
        title=bank_fields["title"],
        category=default_category,
        description=bank_fields["description"],
        time_limit=time_limit,
        questions=questions,
        templates=templates,
        source=source,
        path=path,
    )
    return _Parsed(bank, (), check.lines)


def _name(table: dict[str, Any], noun: str, index: int) -> str:
    """How messages name a question or template: by its id when it has a usable one."""
    value = table.get("id")
    if isinstance(value, str) and value.strip():
        return f"{noun} {_quoted(value)}"
    return f"{noun} {index + 1}"


def _duplicate(
    check: _Checker, seen: dict[str, DataPath], value: str, at: DataPath, noun: str
) -> bool:
    """Report a second use of an id within the file (pointing at the later `id =`)."""
    first = seen.setdefault(value, at)
    if first == at:
        return False
    first_line = check.lines.line((*first, "id"))
    check.error(
        (*at, "id"), f"duplicate {noun} id {_quoted(value)} (first used at line {first_line})"
    )
    return True


def _questions(
    check: _Checker, data: dict[str, Any], bank_id: str, category: str, time_limit: int
) -> tuple[Question, ...]:
    out: list[Question] = []
    seen: dict[str, DataPath] = {}
    for index, table in enumerate(check.tables(data, (), "questions")):
        at: DataPath = ("questions", index)
        where = _name(table, "question", index)
        check.table_keys(table, at, _QUESTION_KEYS, where)
        check.missing_keys(table, at, ("id", "prompt"), where)
        qid = check.identifier(table, at, where)
        if qid is not None and _duplicate(check, seen, qid, at, "question"):
            qid = None
        prompt = check.text(table, at, "prompt", where)
        own_category = check.category(table, at, where)
        own_limit = check.time_limit(table, at, where)
        persona = check.persona(table, at, where)
        tags = check.strings(table, at, "tags", where, non_empty=False) or ()
        rubric = check.terms(table, at, "rubric", where)
        avoid = check.terms(table, at, "avoid", where)
        if qid is None or prompt is None:
            continue
        out.append(
            Question(
                id=qid,
                prompt=prompt,
                category=own_category or category,
                bank_id=bank_id,
                time_limit=own_limit or time_limit,
                persona=persona,
                tags=tags,
                rubric=rubric,
                avoid=avoid,
                line=check.lines.header(at),
            )
        )
    return tuple(out)


def _templates(
    check: _Checker, data: dict[str, Any], category: str, time_limit: int
) -> tuple[Template, ...]:
    out: list[Template] = []
    seen: dict[str, DataPath] = {}
    for index, table in enumerate(check.tables(data, (), "templates")):
        at: DataPath = ("templates", index)
        where = _name(table, "template", index)
        check.table_keys(table, at, _TEMPLATE_KEYS, where)
        check.missing_keys(table, at, ("id", "kind", "prompt"), where)
        tid = check.identifier(table, at, where)
        if tid is not None and _duplicate(check, seen, tid, at, "template"):
            tid = None
        kind = check.text(table, at, "kind", where)
        if kind is not None and kind not in TEMPLATE_KINDS:
            check.error(
                (*at, "kind"),
                f"{where}: kind {_quoted(kind)} is not one of {', '.join(TEMPLATE_KINDS)}"
                f"{_suggest(kind, TEMPLATE_KINDS)}",
            )
            kind = None
        prompt = check.text(table, at, "prompt", where)
        if prompt is not None:
            check.placeholders(prompt, at, where)
        own_category = check.category(table, at, where)
        own_limit = check.time_limit(table, at, where)
        persona = check.persona(table, at, where)
        tags = check.strings(table, at, "tags", where, non_empty=False) or ()
        fits = check.strings(table, at, "fits", where, non_empty=False) or ()
        for fit in fits:
            if fit not in TEMPLATE_FITS:
                check.error(
                    (*at, "fits"),
                    f"{where}: fits {_quoted(fit)} is not one of {', '.join(TEMPLATE_FITS)}"
                    f"{_suggest(fit, TEMPLATE_FITS)}",
                )
        rubric = check.terms(table, at, "rubric", where)
        avoid = check.terms(table, at, "avoid", where)
        if tid is None or kind is None or prompt is None:
            continue
        out.append(
            Template(
                id=tid,
                kind=kind,
                prompt=prompt,
                category=own_category or category,
                # Filled from the bank so seeding never needs the bank to time a question.
                time_limit=own_limit or time_limit,
                persona=persona,
                tags=tags,
                rubric=rubric,
                avoid=avoid,
                line=check.lines.header(at),
                fits=tuple(fits),
            )
        )
    return tuple(out)


def parse_bank(text: str, path: str | Path, *, source: BankSource = "user") -> Bank:
    """The bank in `text` (read from `path`, which error messages name); raises with every error."""
    parsed = _parse(text, str(path), source)
    if parsed.bank is None:
        raise BankValidationError(parsed.errors)
    return parsed.bank


def _read(path: Path, source: BankSource) -> _Parsed:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _Parsed(None, (unreadable_message(path, exc),))
    try:
        # utf-8-sig: editors on Windows often save a byte-order mark, which TOML does not allow.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return _Parsed(
            None,
            (f"{name}:{line}: the file is not UTF-8 text ({exc.reason}); save it as UTF-8",),
        )
    return _parse(text, name, source)


def unreadable_message(path: Path, exc: OSError) -> str:
    """One line on why the file at `path` could not be read, and what to do about it."""
    if exc.errno == errno.ELOOP:
        return f"{path}: is a symbolic link that leads back to itself (a loop); remove the link"
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            try:
                target = f" ({os.readlink(path)})"
            except OSError:
                target = ""
            return (
                f"{path}: is a symbolic link to a file that does not exist{target}; "
                "fix or remove the link"
            )
        return f"{path}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a directory, not a bank file; rename it or move it out of the way"
    if isinstance(exc, PermissionError):
        return f"{path}: cannot be read (permission denied); check its permissions"
    return f"{path}: cannot read the file ({exc.strerror or exc})"


def load_bank_file(path: Path, *, source: BankSource = "user") -> Bank:
    """The bank in the file at `path`; an unreadable or invalid file raises BankValidationError."""
    parsed = _read(path, source)
    if parsed.bank is None:
        raise BankValidationError(parsed.errors)
    return parsed.bank


@dataclass(frozen=True)
class FileCheck:
    """The outcome of checking one bank file: the bank when it is valid, else its errors."""

    path: Path
    bank: Bank | None
    errors: tuple[str, ...]
    #: Problems that do not stop the bank from loading, as `path:line: warning: message`.
    warnings: tuple[str, ...] = ()


def premise_warnings(bank: Bank, lines: LineMap | None = None) -> tuple[str, ...]:
    """A warning per question whose prompt states what the candidate said (`core.premise`).

    Bank questions are asked without a debrief too, so "In round one you said ..." would put
    words in the candidate's mouth; such a prompt belongs in a `[[templates]]` entry.
    """
    out: list[str] = []
    for index, question in enumerate(bank.questions):
        found = find_premises(question.prompt)
        if not found:
            continue
        line = lines.line(("questions", index, "prompt")) if lines else question.line or 1
        out.append(
            f"{bank.path}:{line}: warning: question {_quoted(question.id)} "
            f"{found[0].reason} ({_quoted(found[0].sentence)}), which a round without a "
            "debrief cannot back; ask it as a "
            'question ("Tell me about a decision your manager disagreed with") or make it a '
            "[[templates]] entry filled from the debrief"
        )
    return tuple(out)


def _owner(bank: Bank) -> str:
    return bank.path or f"the {bank.source} bank {bank.id!r}"


def _check_many(
    paths: Sequence[Path], source: BankSource, taken: dict[str, str]
) -> list[FileCheck]:
    """Load each file; a bank whose id is in `taken` (id -> owner) fails with a duplicate error.

    `taken` is updated with every accepted bank, so later files clash with earlier ones.
    """
    out: list[FileCheck] = []
    for path in paths:
        parsed = _read(path, source)
        bank = parsed.bank
        if bank is not None and bank.id in taken:
            message = (
                f"{path}:{parsed.id_line()}: duplicate bank id {_quoted(bank.id)} "
                f"(already used by {taken[bank.id]}); give this bank another id"
            )
            out.append(FileCheck(path, None, (message,)))
            continue
        warnings: tuple[str, ...] = ()
        if bank is not None:
            taken[bank.id] = str(path)
            warnings = premise_warnings(bank, parsed.lines)
        out.append(FileCheck(path, bank, parsed.errors, warnings))
    return out


def check_bank_files(paths: Sequence[Path], *, known: Sequence[Bank] = ()) -> list[FileCheck]:
    """Check each file (once, in order), including duplicate bank ids across them and `known`."""
    unique: dict[Path, Path] = {}
    for path in paths:
        unique.setdefault(path.resolve(), path)
    taken = {bank.id: _owner(bank) for bank in known}
    return _check_many(list(unique.values()), "user", taken)


def validate_bank_files(paths: Sequence[Path], *, known: Sequence[Bank] = ()) -> list[str]:
    """Every error of the given files, as `path:line: message`; empty when all are valid."""
    return [error for check in check_bank_files(paths, known=known) for error in check.errors]


@dataclass(frozen=True)
class BankSet:
    """All usable banks (built-in first, by id, then the user's) and the user-bank problems."""

    banks: tuple[Bank, ...]
    errors: tuple[str, ...] = ()

    def ids(self) -> list[str]:
        return [bank.id for bank in self.banks]

    def get(self, bank_id: str) -> Bank:
        """The bank with this id; NotFoundError lists the known ones."""
        for bank in self.banks:
            if bank.id == bank_id:
                return bank
        known = ", ".join(self.ids()) or "none"
        hint = _suggest(bank_id, self.ids())
        broken = ""
        if self.errors:
            broken = " (some bank files have errors: `callback-sim bank list` shows them)"
        raise NotFoundError(f"no bank {bank_id!r}{hint}; known banks: {known}{broken}")

    def resolve(self, path_or_id: str) -> Bank:
        """An existing file is loaded (or matched to a known bank); anything else is a bank id."""
        candidate = Path(path_or_id).expanduser()
        if candidate.is_file():
            resolved = str(candidate.resolve())
            for bank in self.banks:
                if bank.path is not None and str(Path(bank.path).resolve()) == resolved:
                    return bank
            return load_bank_file(candidate, source="user")
        if candidate.suffix == ".toml" or len(candidate.parts) > 1:
            raise NotFoundError(f"{path_or_id}: no such bank file")
        return self.get(path_or_id)

    def question(self, bank_id: str, question_id: str) -> Question:
        """One question of one bank; NotFoundError says how to list the bank's questions."""
        bank = self.get(bank_id)
        found = bank.question(question_id)
        if found is None:
            hint = _suggest(question_id, [q.id for q in bank.questions])
            raise NotFoundError(
                f"no question {question_id!r} in bank {bank_id!r}{hint}; "
                f"`callback-sim bank show {bank_id}` lists its questions"
            )
        return found

    def find_question(self, question_id: str) -> Question | None:
        """The first question with this id in any bank, or None."""
        for bank in self.banks:
            found = bank.question(question_id)
            if found is not None:
                return found
        return None

    def questions(
        self,
        *,
        bank_ids: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
    ) -> list[Question]:
        """Questions of the given banks (all when None; unknown ids raise) in bank order."""
        if bank_ids is None:
            banks: Iterable[Bank] = self.banks
        else:
            banks = [self.get(bank_id) for bank_id in dict.fromkeys(bank_ids)]
        wanted = None if categories is None else set(categories)
        return [
            q for bank in banks for q in bank.questions if wanted is None or q.category in wanted
        ]

    def templates(self, kind: str | None = None) -> list[Template]:
        """Pushback templates of every bank, optionally only those of one kind."""
        return [t for bank in self.banks for t in bank.templates if kind is None or t.kind == kind]


def _toml_files(directory: Path) -> list[Path]:
    """Every entry named `*.toml`, files or not: a directory or a broken link is reported."""
    try:
        names = [entry.name for entry in os.scandir(directory)]
    except OSError:
        return []
    return [directory / name for name in sorted(names) if name.endswith(".toml")]


def load_bank_set(builtin_dir: Path, user_dir: Path) -> BankSet:
    """Built-in banks sorted by id, then the user's banks; bad files are skipped and reported.

    A broken or duplicate-id bank never stops the app: it is left out and its errors are
    kept in `BankSet.errors` for `bank list` and the TUI to show.
    """
    taken: dict[str, str] = {}
    builtin = _check_many(_toml_files(builtin_dir), "builtin", taken)
    user = _check_many(_toml_files(user_dir), "user", taken)
    banks = sorted((c.bank for c in builtin if c.bank is not None), key=lambda b: b.id)
    banks += [c.bank for c in user if c.bank is not None]
    errors = tuple(error for check in (*builtin, *user) for error in check.errors)
    return BankSet(banks=tuple(banks), errors=errors)
