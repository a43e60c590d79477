"""Checking parsed TOML files: one checker and its helpers for banks, debriefs and kits.

Each file format (core/banks.py, core/debrief.py, core/kit.py) walks its parsed dict with
a `TomlChecker`, which collects every problem as `path:line: message` (lines found by
core/tomlpos.py) instead of stopping at the first: unknown and missing keys, wrong types,
empty text. `syntax_error` turns tomllib's message into the same one-line form.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from callback_sim.core.tomlpos import DataPath, LineMap

_TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END_RE = re.compile(r"\s*\(at end of document\)$")


def type_name(value: Any) -> str:
    """What a parsed TOML value is, in words for an error message ("an array")."""
    # bool before int: TOML true is a Python int subclass.
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date/time"
    return type(value).__name__


def quoted(value: str) -> str:
    """`value` as a TOML basic string, to show it as the user wrote it."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def suggest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest of `choices`, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _first(problem: tuple[int, str]) -> int:
    return problem[0]


def syntax_error(path: str, text: str, exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's error as `path:line: message (column N)`."""
    message = str(exc)
    position = _TOML_POSITION_RE.search(message)
    if position:
        column = position.group(2)
        return f"{path}:{position.group(1)}: {message[: position.start()]} (column {column})"
    if _TOML_END_RE.search(message):
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return f"{path}:{max(line, 1)}: {_TOML_END_RE.sub('', message)} (at end of file)"
    return f"{path}:1: {message}"


class TomlChecker:
    """Walks the parsed dict of one file, building models and collecting (line, message)."""

    def __init__(self, path: str, lines: LineMap) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[tuple[int, str]] = []

    def error(self, at: DataPath, message: str) -> None:
        self.problems.append((self.lines.line(at), message))

    def messages(self) -> list[str]:
        # Stable sort: problems on one line keep the order they were found in.
        return [f"{self.path}:{line}: {msg}" for line, msg in sorted(self.problems, key=_first)]

    def table_keys(
        self, table: dict[str, Any], at: DataPath, allowed: Sequence[str], where: str
    ) -> None:
        """Report keys `table` may not have, each at its own line."""
        for key in table:
            if key not in allowed:
                self.error(
                    (*at, key),
                    f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})"
                    f"{suggest(key, allowed)}",
                )

    def missing_keys(
        self, table: dict[str, Any], at: DataPath, keys: Sequence[str], where: str
    ) -> bool:
        """Report each missing required key at the table's header; True when none is missing."""
        missing = [k for k in keys if k not in table]
        for key in missing:
            self.error(at, f"{where}: missing required key {key!r}")
        return not missing

    def text(
        self, table: dict[str, Any], at: DataPath, key: str, where: str, *, blank: bool = False
    ) -> str | None:
        """A non-blank string (or any string with `blank`), or None when absent or unusable."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            self.error((*at, key), f"{where}: {key} must be a string, not {type_name(value)}")
            return None
        if not blank and not value.strip():
            self.error((*at, key), f"{where}: {key} must not be empty")
            return None
        return value

    def strings(
        self, table: dict[str, Any], at: DataPath, key: str, where: str, *, non_empty: bool
    ) -> tuple[str, ...] | None:
        """An array of non-blank strings (reported item by item), or None when unusable."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list):
            self.error(
                (*at, key), f"{where}: {key} must be an array of strings, not {type_name(value)}"
            )
            return None
        if non_empty and not value:
            self.error((*at, key), f"{where}: {key} must list at least one phrase")
            return None
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.error(
                    (*at, key, index),
                    f"{where}: {key} item {index + 1} must be a string, not {type_name(item)}",
                )
                ok = False
            elif not item.strip():
                self.error((*at, key, index), f"{where}: {key} item {index + 1} is empty")
                ok = False
        return tuple(value) if ok else None

    def tables(
        self, parent: dict[str, Any], at: DataPath, key: str, where: str | None = None
    ) -> list[dict[str, Any]]:
        """The tables of an array of tables such as [[questions]]; other shapes are reported."""
        if key not in parent:
            return []
        value = parent[key]
        prefix = f"{where}: " if where else ""
        header = ".".join(p for p in (*at, key) if isinstance(p, str))
        if not isinstance(value, list):
            self.error(
                (*at, key),
                f"{prefix}{key} must be an array of tables ([[{header}]]), not {type_name(value)}",
            )
            return []
        out: list[dict[str, Any]] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.error(
                    (*at, key, index),
                    f"{prefix}{key} item {index + 1} must be a table, not {type_name(item)}",
                )
                out.append({})  # keep later items at their own index
        return out

    def flag(self, table: dict[str, Any], at: DataPath, key: str, where: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.error((*at, key), f"{where}: {key} must be true or false, not {type_name(value)}")
            return False
        return value


def read_text(path: Path, what: str, error: Callable[[list[str]], Exception]) -> str:
    """The UTF-8 text of the file at `path` (a byte-order mark allowed), or `error([line])`
    raised with one `path[:line]: message` naming the problem and what to do."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise error([f"{path}: is a directory, not {what}"]) from None
    except OSError as exc:
        raise error([f"{path}: cannot read the file ({exc.strerror or exc})"]) from None
    try:
        # utf-8-sig: a byte-order mark from a Windows editor is not an error worth reporting.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            [f"{path}:{line}: the file is not UTF-8 text ({exc.reason}); save it as UTF-8"]
        ) from None
