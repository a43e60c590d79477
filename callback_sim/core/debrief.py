"""Round-one debriefs: who the candidate met, what was asked, what they answered and how it landed.

A debrief is the seed of every pushback question (`core.seeding`). It is read from and
written to the TOML file documented in docs/debrief-format.md; parse errors are
`path:line: message`, like bank files, and every problem of a file is reported at once.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from callback_sim.core.errors import CallbackSimError
from callback_sim.core.tomlcheck import TomlChecker as _Checker
from callback_sim.core.tomlcheck import read_text
from callback_sim.core.tomlcheck import syntax_error as _syntax_error
from callback_sim.core.tomlcheck import type_name as _type_name
from callback_sim.core.tomlpos import DataPath, locate_lines, too_deep_message

#: How an answer landed with the interviewer.
REACTIONS: tuple[str, ...] = ("resonated", "neutral", "hesitated")

_TOP_KEYS = ("company", "rounds", "uncovered")
_COMPANY_KEYS = ("name", "role")
_ROUND_KEYS = ("date", "kind", "people", "exchanges")
_PERSON_KEYS = ("name", "title", "department")
_EXCHANGE_KEYS = ("question", "answer", "reaction", "asked_by", "notes")
_UNCOVERED_KEYS = ("topics",)


class DebriefError(CallbackSimError):
    """A debrief that cannot be used; `errors` holds each problem as `path:line: message`."""

    def __init__(self, errors: tuple[str, ...] | list[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Person:
    """Someone the candidate met in an earlier round."""

    name: str
    title: str = ""
    department: str = ""


@dataclass(frozen=True)
class Exchange:
    """One question of an earlier round with the candidate's answer in their own words."""

    question: str
    answer: str
    reaction: str = "neutral"  # one of REACTIONS
    asked_by: str | None = None  # a Person.name of the debrief
    notes: str | None = None  # what the interviewer seemed concerned about

    def __post_init__(self) -> None:
        if self.reaction not in REACTIONS:
            raise DebriefError([f"reaction {self.reaction!r} is not one of {', '.join(REACTIONS)}"])


@dataclass(frozen=True)
class DebriefRound:
    """One earlier round: when, what kind, who was there and what was said."""

    date: date | None = None
    kind: str = ""
    people: tuple[Person, ...] = ()
    exchanges: tuple[Exchange, ...] = ()


@dataclass(frozen=True)
class Debrief:
    """Everything the candidate remembers of one company's earlier rounds."""

    company: str
    role: str = ""
    rounds: tuple[DebriefRound, ...] = ()
    uncovered: tuple[str, ...] = ()  # topics the earlier rounds did not cover
    #: The file it was read from, when it was; not part of the debrief's identity.
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.company.strip():
            raise DebriefError(["a debrief needs a company name"])

    def exchanges(self) -> list[tuple[int, DebriefRound, Exchange]]:
        """Every exchange with its 0-based index in file order (across rounds) and its round."""
        out: list[tuple[int, DebriefRound, Exchange]] = []
        for rnd in self.rounds:
            for exchange in rnd.exchanges:
                out.append((len(out), rnd, exchange))
        return out

    def people(self) -> tuple[Person, ...]:
        """Everyone met, first mention first, once each (by name, case-insensitively)."""
        seen: dict[str, Person] = {}
        for rnd in self.rounds:
            for person in rnd.people:
                seen.setdefault(person.name.casefold(), person)
        return tuple(seen.values())

    def person(self, name: str | None) -> Person | None:
        """The person met with this name (case-insensitive), or None."""
        if not name:
            return None
        wanted = name.strip().casefold()
        return next((p for p in self.people() if p.name.casefold() == wanted), None)


# -- reading ---------------------------------------------------------------------------------


def _date(check: _Checker, table: dict[str, Any], at: DataPath, where: str) -> date | None:
    """A TOML local date, or an ISO date string; anything else is reported."""
    if "date" not in table:
        return None
    value = table["date"]
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, str) else _type_name(value)
    check.error((*at, "date"), f"{where}: date must be a day like 2026-11-20, not {shown}")
    return None


def _people(check: _Checker, rnd: dict[str, Any], at: DataPath, where: str) -> list[Person]:
    out: list[Person] = []
    for index, table in enumerate(check.tables(rnd, at, "people", where)):
        p_at = (*at, "people", index)
        p_where = f"{where}, person {index + 1}"
        check.table_keys(table, p_at, _PERSON_KEYS, p_where)
        check.missing_keys(table, p_at, ("name",), p_where)
        name = check.text(table, p_at, "name", p_where)
        title = check.text(table, p_at, "title", p_where, blank=True) or ""
        department = check.text(table, p_at, "department", p_where, blank=True) or ""
        if name is not None:
            out.append(
                Person(name=name.strip(), title=title.strip(), department=department.strip())
            )
    return out


def _exchanges(
    check: _Checker, rnd: dict[str, Any], at: DataPath, where: str
) -> list[tuple[DataPath, Exchange]]:
    out: list[tuple[DataPath, Exchange]] = []
    for index, table in enumerate(check.tables(rnd, at, "exchanges", where)):
        e_at = (*at, "exchanges", index)
        e_where = f"{where}, exchange {index + 1}"
        check.table_keys(table, e_at, _EXCHANGE_KEYS, e_where)
        check.missing_keys(table, e_at, ("question", "answer"), e_where)
        question = check.text(table, e_at, "question", e_where)
        answer = check.text(table, e_at, "answer", e_where)
        reaction = check.text(table, e_at, "reaction", e_where)
        if reaction is not None and reaction.strip().lower() not in REACTIONS:
            check.error(
                (*e_at, "reaction"),
                f"{e_where}: reaction {reaction!r} is not one of {', '.join(REACTIONS)}",
            )
            reaction = None
        asked_by = check.text(table, e_at, "asked_by", e_where)
        notes = check.text(table, e_at, "notes", e_where, blank=True)
        if question is None or answer is None or ("reaction" in table and reaction is None):
            continue
        exchange = Exchange(
            question=question.strip(),
            answer=answer.strip(),
            reaction=(reaction or "neutral").strip().lower(),
            asked_by=asked_by.strip() if asked_by else None,
            notes=notes.strip() or None if notes is not None else None,
        )
        out.append((e_at, exchange))
    return out


def parse_debrief(text: str, path: str | Path = "<debrief>") -> Debrief:
    """The debrief in `text` (read from `path`, which messages name); raises with every error."""
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DebriefError([_syntax_error(name, text, exc)]) from None
    except RecursionError:
        raise DebriefError([too_deep_message(name)]) from None
    check = _Checker(name, locate_lines(text))
    check.table_keys(data, (), _TOP_KEYS, "file")

    company_name: str | None = None
    role = ""
    head = data.get("company")
    if head is None:
        check.error((), 'missing [company] table (it needs at least name = "...")')
    elif not isinstance(head, dict):
        check.error(("company",), f"company must be a table ([company]), not {_type_name(head)}")
    else:
        check.table_keys(head, ("company",), _COMPANY_KEYS, "[company]")
        check.missing_keys(head, ("company",), ("name",), "[company]")
        company_name = check.text(head, ("company",), "name", "[company]")
        role = (check.text(head, ("company",), "role", "[company]", blank=True) or "").strip()

    rounds: list[DebriefRound] = []
    asked: list[tuple[DataPath, Exchange]] = []
    for index, table in enumerate(check.tables(data, (), "rounds")):
        at: DataPath = ("rounds", index)
        where = f"round {index + 1}"
        check.table_keys(table, at, _ROUND_KEYS, where)
        when = _date(check, table, at, where)
        kind = (check.text(table, at, "kind", where, blank=True) or "").strip()
        people = _people(check, table, at, where)
        exchanges = _exchanges(check, table, at, where)
        asked.extend(exchanges)
        rounds.append(
            DebriefRound(
                date=when,
                kind=kind,
                people=tuple(people),
                exchanges=tuple(e for _, e in exchanges),
            )
        )

    topics: tuple[str, ...] = ()
    uncovered = data.get("uncovered")
    if uncovered is not None:
        if not isinstance(uncovered, dict):
            check.error(
                ("uncovered",),
                f"uncovered must be a table ([uncovered] with topics = [...]), "
                f"not {_type_name(uncovered)}",
            )
        else:
            check.table_keys(uncovered, ("uncovered",), _UNCOVERED_KEYS, "[uncovered]")
            found = check.strings(
                uncovered, ("uncovered",), "topics", "[uncovered]", non_empty=False
            )
            topics = tuple(dict.fromkeys(t.strip() for t in found or ()))

    # asked_by must name someone met, so persona mapping never silently falls back on a typo.
    known = {p.name.casefold() for r in rounds for p in r.people}
    for e_at, exchange in asked:
        if exchange.asked_by and exchange.asked_by.casefold() not in known:
            listed = ", ".join(sorted({p.name for r in rounds for p in r.people})) or "nobody yet"
            check.error(
                (*e_at, "asked_by"),
                f"asked_by {exchange.asked_by!r} is not one of the people met ({listed}); "
                "add them under [[rounds.people]]",
            )

    errors = check.messages()
    if errors or company_name is None:
        raise DebriefError(errors or [f"{name}:1: missing company name"])
    return Debrief(
        company=company_name.strip(),
        role=role,
        rounds=tuple(rounds),
        uncovered=topics,
        path=name,
    )


def load_debrief(path: Path) -> Debrief:
    """The debrief in the file at `path`; unreadable or invalid files raise DebriefError."""
    return parse_debrief(read_debrief_text(path), path)


def read_debrief_text(path: Path) -> str:
    """The text of a debrief or notes file; unreadable or non-UTF-8 files raise DebriefError."""
    return read_text(path, "a debrief file", DebriefError)


# -- writing ---------------------------------------------------------------------------------


def _string(value: str) -> str:
    """A TOML basic string: JSON escaping is valid TOML, except that DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump_debrief(debrief: Debrief) -> str:
    """The debrief as TOML in the documented layout; parsing it back gives an equal Debrief."""
    lines = ["[company]", f"name = {_string(debrief.company)}"]
    if debrief.role:
        lines.append(f"role = {_string(debrief.role)}")
    for rnd in debrief.rounds:
        lines += ["", "[[rounds]]"]
        if rnd.date is not None:
            lines.append(f"date = {rnd.date.isoformat()}")
        if rnd.kind:
            lines.append(f"kind = {_string(rnd.kind)}")
        for person in rnd.people:
            lines += ["", "  [[rounds.people]]", f"  name = {_string(person.name)}"]
            if person.title:
                lines.append(f"  title = {_string(person.title)}")
            if person.department:
                lines.append(f"  department = {_string(person.department)}")
        for exchange in rnd.exchanges:
            lines += [
                "",
                "  [[rounds.exchanges]]",
                f"  question = {_string(exchange.question)}",
                f"  answer = {_string(exchange.answer)}",
                f"  reaction = {_string(exchange.reaction)}",
            ]
            if exchange.asked_by:
                lines.append(f"  asked_by = {_string(exchange.asked_by)}")
            if exchange.notes:
                lines.append(f"  notes = {_string(exchange.notes)}")
    if debrief.uncovered:
        topics = ", ".join(_string(t) for t in debrief.uncovered)
        lines += ["", "[uncovered]", f"topics = [{topics}]"]
    return "\n".join(lines) + "\n"
