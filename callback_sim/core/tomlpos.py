"""Line numbers for the keys and tables of a TOML document, which tomllib does not report.

`locate_lines` scans text that tomllib has already accepted and maps each data path
(`("questions", 2, "rubric", 0, "weight")`: table keys and array indexes, as in the parsed
dict) to the 1-based line where it is written, so validators can say `file:line: message`.
It is a small recursive scanner, not a second parser: on text tomllib rejects it gives
best-effort results and never raises.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping

DataPath = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"

_KEY_PART_RE = re.compile(_KEY_PART)
_HEADER_RE = re.compile(rf"(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?")
_KEY_EQ_RE = re.compile(rf"({_DOTTED})[ \t]*=[ \t]*")
# Whitespace, newlines and comments between statements or array items.
_GAP_RE = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
# Multi-line strings may end with one or two extra quotes that belong to the content.
_STRING_RE = re.compile(
    rf'"""(?:[^\\]|\\.)*?"""(?:"{{0,2}})|\'\'\'[\s\S]*?\'\'\'(?:\'{{0,2}})|{_BASIC}|{_LITERAL}'
)
# Strings and comments (skipped), or a header alone on its line (groups 1 and 2).
_HEADER_LINE_RE = re.compile(
    rf'#[^\n]*|"""(?:[^\\]|\\.)*?"""(?:"{{0,2}})|\'\'\'[\s\S]*?\'\'\'(?:\'{{0,2}})'
    rf"|{_BASIC}|{_LITERAL}|^[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?=#|\r?$)",
    re.MULTILINE,
)
_HEADER_ONLY_RE = re.compile(
    rf"^[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?=#|\r?$)", re.MULTILINE
)
# Numbers, booleans and dates; a date-time may have a space between date and time.
_SCALAR_RE = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:[^\s,\]}#]*|[^\s,\]}#]+")


def _key_parts(dotted: str) -> tuple[str, ...]:
    if '"' not in dotted and "'" not in dotted:
        return tuple(part.strip() for part in dotted.split("."))  # bare keys: the usual case
    parts: list[str] = []
    for match in _KEY_PART_RE.finditer(dotted):
        token = match.group(0)
        if token.startswith('"'):
            # Escapes in quoted keys are rare; let tomllib decode them exactly.
            parts.append(tomllib.loads(f"k = {token}")["k"])
        elif token.startswith("'"):
            parts.append(token[1:-1])
        else:
            parts.append(token)
    return tuple(parts)


class _Tables:
    """Resolves `[table]` and `[[array]]` headers to data paths, recording where each starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[DataPath, int] = {}
        # Number of elements so far of each array of tables, keyed by its resolved path.
        self.aot_counts: dict[DataPath, int] = {}

    def record(self, path: DataPath, pos: int) -> None:
        self.offsets.setdefault(path, pos)

    def record_key(self, table: DataPath, keys: tuple[str, ...], pos: int) -> DataPath:
        """Record a (possibly dotted) key and the tables its dots create implicitly."""
        for end in range(len(table) + 1, len(table) + len(keys) + 1):
            self.record((table + keys)[:end], pos)
        return table + keys

    def header(self, is_array: bool, keys: tuple[str, ...], pos: int) -> DataPath:
        """Resolve a `[table]` or `[[array]]` header to its data path and record it."""
        resolved: DataPath = ()
        for key in keys[:-1]:
            resolved += (key,)
            # A header inside an array of tables refers to the array's latest element.
            count = self.aot_counts.get(resolved)
            if count:
                resolved += (count - 1,)
        resolved += (keys[-1],)
        if is_array:
            index = self.aot_counts.get(resolved, 0)
            self.aot_counts[resolved] = index + 1
            self.record(resolved, pos)
            resolved += (index,)
        self.record(resolved, pos)
        return resolved

    def headers_only(self) -> None:
        """Record just the table headers: one regex pass that steps over strings and comments."""
        # Only a multi-line string can hide a header-like line; without one, skip tokenizing.
        multiline = '"""' in self.text or "'''" in self.text
        pattern = _HEADER_LINE_RE if multiline else _HEADER_ONLY_RE
        for match in pattern.finditer(self.text):
            if match.group(1):
                self.header(match.group(1) == "[[", _key_parts(match.group(2)), match.start(1))


class _Scanner(_Tables):
    """One pass over the text, recording the offset where each table, key and item starts."""

    def gap(self, pos: int) -> int:
        match = _GAP_RE.match(self.text, pos)
        return match.end() if match else pos

    def run(self) -> None:
        text = self.text
        table: DataPath = ()
        pos = self.gap(0)
        while pos < len(text):
            if text[pos] == "[":
                header = _HEADER_RE.match(text, pos)
                if header is None:
                    return
                table = self.header(header.group(1) == "[[", _key_parts(header.group(2)), pos)
                pos = header.end()
            else:
                key_eq = _KEY_EQ_RE.match(text, pos)
                if key_eq is None:
                    return
                path = self.record_key(table, _key_parts(key_eq.group(1)), pos)
                pos = self.value(key_eq.end(), path)
            pos = self.gap(pos)

    def value(self, pos: int, path: DataPath) -> int:
        """Skip one value starting at `pos`, recording array items and inline-table keys."""
        text = self.text
        if pos >= len(text):
            return pos
        char = text[pos]
        if char == "[":
            return self.array(pos + 1, path)
        if char == "{":
            return self.inline_table(pos + 1, path)
        match = _STRING_RE.match(text, pos) or _SCALAR_RE.match(text, pos)
        return match.end() if match else pos + 1

    def array(self, pos: int, path: DataPath) -> int:
        text = self.text
        index = 0
        while True:
            pos = self.gap(pos)
            if pos >= len(text):
                return pos
            if text[pos] == "]":
                return pos + 1
            item = (*path, index)
            self.record(item, pos)
            pos = self.gap(self.value(pos, item))
            if pos < len(text) and text[pos] == ",":
                pos += 1
            index += 1

    def inline_table(self, pos: int, path: DataPath) -> int:
        text = self.text
        while True:
            pos = self.gap(pos)
            if pos >= len(text):
                return pos
            if text[pos] == "}":
                return pos + 1
            key_eq = _KEY_EQ_RE.match(text, pos)
            if key_eq is None:
                return pos
            key_path = self.record_key(path, _key_parts(key_eq.group(1)), pos)
            pos = self.gap(self.value(key_eq.end(), key_path))
            if pos < len(text) and text[pos] == ",":
                pos += 1


def _line_numbers(text: str, offsets: Mapping[DataPath, int]) -> dict[DataPath, int]:
    lines: dict[DataPath, int] = {}
    line, last = 1, 0
    # Counting newlines between consecutive offsets keeps the work in C.
    for path, pos in sorted(offsets.items(), key=lambda item: item[1]):
        line += text.count("\n", last, pos)
        last = pos
        lines[path] = line
    return lines


class LineMap:
    """Data path -> 1-based line, computed lazily: valid files only ever need the headers.

    `header` answers from one cheap regex pass over the table headers; `exact` and `line`
    run the full scan (keys, array items, inline tables), which error messages need.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._headers: dict[DataPath, int] | None = None
        self._all: dict[DataPath, int] | None = None

    def header(self, path: DataPath) -> int | None:
        """The line of the `[table]`/`[[array]]` header (or inline item) that opens `path`."""
        if self._headers is None:
            tables = _Tables(self._text)
            tables.headers_only()
            self._headers = _line_numbers(self._text, tables.offsets)
        found = self._headers.get(path)
        # Tables written inline (`questions = [{...}]`) have no header: ask the full scan.
        return found if found is not None else self.exact(path)

    def exact(self, path: DataPath) -> int | None:
        """The line of exactly this path, or None when it is not written in the text."""
        if self._all is None:
            scanner = _Scanner(self._text)
            scanner.run()
            self._all = _line_numbers(self._text, scanner.offsets)
        return self._all.get(path)

    def line(self, path: DataPath) -> int:
        """The line of `path` or of its closest written ancestor; 1 for the document itself."""
        for end in range(len(path), 0, -1):
            found = self.exact(path[:end])
            if found is not None:
                return found
        return 1


def locate_lines(text: str) -> LineMap:
    """Line numbers for every table, key and array item of `text` (computed on first use)."""
    return LineMap(text)


def too_deep_message(path: object) -> str:
    """The one line for a TOML file nested too deeply to read (500 `[` in a row, say).

    tomllib parses nested arrays and inline tables recursively, so such a file raises
    RecursionError rather than TOMLDecodeError; every reader of user TOML turns it into this.
    """
    return (
        f"{path}:1: arrays or tables are nested too deeply to read; "
        "this is not a file callback-sim wrote: fix or remove it"
    )
