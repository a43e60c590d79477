"""Question lists from Markdown, CSV or plain text, and banks exported as Markdown.

Pure parsing: the CLI and the TUI read the file and hand the text here. Markdown found in
the wild mixes questions with prose, answers and tips, so only items that *are* questions
become questions: text ending with `?`, or an imperative prompt ("Tell me…", "Walk me
through…"). docs/bank-editing.md states the rules.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from callback_sim.core.errors import BankError
from callback_sim.core.models import CATEGORIES, Bank, Question, RubricTerm

#: Import formats and the file extensions that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "md": (".md", ".markdown", ".mdx"),
    "csv": (".csv",),
    "txt": (".txt", ".text", ".lst"),
}

#: Tag given to imported questions that have no rubric of their own.
NEEDS_RUBRIC = "needs-rubric"

#: Label of the rubric term made from a CSV row's `phrases` column.
CSV_TERM_LABEL = "Key points"

# Openings of imperative interview prompts ("Walk me through…"). Lower-case, word-bounded.
_IMPERATIVES = (
    "tell",
    "describe",
    "walk",
    "talk",
    "explain",
    "give",
    "share (?:a|an|one|your|how|what|why|when|with me|about|something)",
    "take me",
    "run me",
    "name",
    "list",
    "summarize",
    "summarise",
    "outline",
    "compare",
    "define",
    "discuss",
    "introduce",
    "imagine",
    "suppose",
    "pitch",
    "sell me",
    "convince",
    "teach",
    "show me",
    "rate",
    "estimate",
    "design",
    "pick",
    "recall",
    "think of",
    "please",
)
_IMPERATIVE_RE = re.compile(
    r"^(?:" + "|".join(w.replace(" ", r"\s+") for w in _IMPERATIVES) + r")\b", re.I
)

# Lines that label an answer, tip or example rather than ask something.
_NOT_A_QUESTION_RE = re.compile(
    r"^(?:a|answer|sample answer|example answer|example|tip|tips|why it'?s asked|why they ask"
    r"|what they want|how to answer|note|hint|follow[- ]up answer)\s*[:.\-–—]",
    re.I,
)
# "Q:", "Q1.", "Question 3:" in front of a question.
_QUESTION_PREFIX_RE = re.compile(r"^(?:q(?:uestion)?\s*#?\d*\s*[:.)\-–—]\s*)", re.I)

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM_RE = re.compile(r"^(\s*)(?:\d+[.)]|[-*+])\s+(.*)$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_MDX_STATEMENT_RE = re.compile(r"^\s*(?:import|export)\s")
_TAG_LINE_RE = re.compile(r"^\s*(?:</?[A-Za-z][^>]*/?>\s*)+$")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*?/?>")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE_RE = re.compile(r"`([^`]*)`")
_NUMBER_PREFIX_RE = re.compile(r"^\d+[.)]\s+")
_SPACES_RE = re.compile(r"\s+")
_TAG_SLUG_RE = re.compile(r"[^a-z0-9]+")


class ImportFormatError(BankError):
    """An import file that cannot be read as the chosen format; message is `path:line: ...`."""


@dataclass(frozen=True)
class ImportedQuestion:
    """One question read from an import file, before it gets an id in a bank."""

    prompt: str
    line: int
    category: str | None = None
    time_limit: int | None = None
    tags: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


# -- format choice -----------------------------------------------------------------------------


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The import format: `explicit` when given, else from the file's extension."""
    if explicit is not None:
        if explicit not in FORMATS:
            raise ImportFormatError(
                f"unknown import format {explicit!r}; use one of {', '.join(FORMATS)}"
            )
        return explicit
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    raise ImportFormatError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
        "pass --format md, csv or txt"
    )


def parse_questions(text: str, fmt: str, path: str | Path = "<text>") -> list[ImportedQuestion]:
    """The questions of `text` in format `fmt` (md, csv or txt)."""
    if fmt == "md":
        return parse_markdown(text)
    if fmt == "csv":
        return parse_csv(text, path)
    if fmt == "txt":
        return parse_text(text)
    raise ImportFormatError(f"unknown import format {fmt!r}; use one of {', '.join(FORMATS)}")


# -- who the questions are for --------------------------------------------------------------

# A question for the interviewer asks about their side: the team, the company, this role.
_ABOUT_EMPLOYER_RE = re.compile(
    r"\b(?:the|this)\s+(?:team|company|role|position|job|org|organi[sz]ation|culture"
    r"|department|group|business|office|manager|leadership)s?\b|\bteams\b|\bhere\b"
    r"|\bwork(?:ing)? (?:here|with you)\b|\byou enjoy\b",
    re.I,
)
# ...while a question for the candidate asks about them: their past, plans and reasons.
_ABOUT_CANDIDATE_RE = re.compile(
    r"\b(?:tell me|describe|walk me|talk me|give (?:me|us) an example|a time (?:when )?you"
    r"|you (?:said|mentioned|led|handled|did|made|managed|owned|chose|decided|failed|still)"
    r"|why (?:do|did|are|would) you|why (?:this|here|now)|you want"
    r"|your (?:own|current|last|previous|references"
    r"|experience|strength|weakness|greatest|biggest|first|plan|manager|résumé|resume)"
    r"|round one|yourself)\b",
    re.I,
)
#: Share of the questions that must ask about the employer's side (and not about the
#: candidate) for a list to be taken as questions *to ask*; below QUESTIONS_BELOW it is
#: questions to answer (a blog post's few "questions you should ask" among thirty others);
#: in between, the user is asked.
ASKS_AT = 0.6
QUESTIONS_BELOW = 1 / 3


def is_ask(prompt: str) -> bool:
    """Whether a question reads as one for the interviewer (about the team, company, role)."""
    return bool(_ABOUT_EMPLOYER_RE.search(prompt)) and not _ABOUT_CANDIDATE_RE.search(prompt)


def audience(prompts: Sequence[str]) -> tuple[str, int]:
    """("asks" | "questions" | "unclear", how many prompts read as questions to ask)."""
    asks = sum(1 for p in prompts if is_ask(p))
    share = asks / len(prompts) if prompts else 0.0
    if share >= ASKS_AT:
        return "asks", asks
    if share < QUESTIONS_BELOW:
        return "questions", asks
    return "unclear", asks


# -- text cleaning -----------------------------------------------------------------------------


def clean_inline(text: str) -> str:
    """Markdown inline markup (links, emphasis, code, HTML/JSX tags) removed, spaces collapsed."""
    text = _TAG_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis such as ***bold italic***
        previous = text
        text = _EMPHASIS_RE.sub(r"\2", text)
    return _SPACES_RE.sub(" ", text).strip()


# An item that opens with a quoted question, maybe followed by a remark about it:
# `“How do teams celebrate wins?” — asked with curly quotes and a dash`.
_QUOTED_RE = re.compile(r'^(?:"([^"]+)"|“([^”]+)”|‘([^’]+)’|«([^»]+)»)\s*(.*)$')


def _prompt_text(raw: str) -> str:
    text = clean_inline(raw)
    text = _QUESTION_PREFIX_RE.sub("", text)
    text = _NUMBER_PREFIX_RE.sub("", text)
    quoted = _QUOTED_RE.match(text.strip())
    if quoted:
        inner = next(group for group in quoted.groups()[:4] if group is not None).strip()
        if is_question(inner):
            return inner  # the quoted question, without its quotes or a remark after it
    return text.strip().strip('"“”').strip()


def is_question(text: str, *, allow_imperative: bool = True) -> bool:
    """True for a question (ends with `?`) or, when allowed, an imperative prompt."""
    if not text or _NOT_A_QUESTION_RE.match(text):
        return False
    if text.rstrip().endswith("?"):
        return True
    return allow_imperative and bool(_IMPERATIVE_RE.match(text))


def tag_for(heading: str) -> str:
    """A heading as a tag: lower-case words joined by '-' ("Start plan" becomes start-plan)."""
    return _TAG_SLUG_RE.sub("-", clean_inline(heading).lower()).strip("-")


# Words in a heading that name one of the product's categories.
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("push_?back", "pushback"),
    ("enthusias|motivation|excite", "enthusiasm"),
    ("start_?plan|first_\\d+_days|30_60_90|90_day", "start_plan"),
    ("questions_(?:you_should_|to_)ask|ask_(?:the|your)_interviewer|curiosity", "curiosity"),
    ("referen", "references"),
)


def category_for(heading: str) -> str | None:
    """The product category a heading names ("References", "Your start plan"), if any."""
    slug = tag_for(heading).replace("-", "_")
    for category in CATEGORIES:
        if category in slug:
            return category
    for pattern, category in _CATEGORY_WORDS:
        if re.search(pattern, slug):
            return category
    return None


# -- Markdown ----------------------------------------------------------------------------------


def _skip_front_matter(lines: list[str]) -> int:
    """Index of the first line after YAML (---) or TOML (+++) front matter."""
    if lines and lines[0].strip() in ("---", "+++"):
        fence = lines[0].strip()
        for index in range(1, len(lines)):
            if lines[index].strip() == fence:
                return index + 1
    return 0


@dataclass
class _Section:
    tag: str | None = None
    category: str | None = None
    is_question: bool = False  # a heading that is itself a question: its items are notes


@dataclass
class _Item:
    indent: int
    is_question: bool


def _strip_comments(text: str) -> str:
    """HTML (<!-- -->) and MDX ({/* */}) comments blanked, keeping line numbers."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    return re.sub(r"\{/\*.*?\*/\}", blank, text, flags=re.S)


def parse_markdown(text: str) -> list[ImportedQuestion]:
    """Questions of a Markdown (or MDX) question list.

    Headings become tags (or the category, when they name one); a heading that is itself a
    question (ends with `?`, or is numbered and imperative) becomes a question, and the list
    items under it are its notes unless they end with `?`. List items that are questions
    become questions; items nested under a question item are its answer notes, hints or
    follow-ups and never become questions. Front matter, code blocks, HTML/JSX tags,
    import/export lines, tables, block quotes and prose are ignored.
    """
    lines = _strip_comments(text).splitlines()
    start = _skip_front_matter(lines)
    sections: dict[int, _Section] = {}
    items: list[_Item] = []
    out: list[ImportedQuestion] = []
    fence: str | None = None
    seen: set[str] = set()

    def context() -> tuple[str | None, tuple[str, ...]]:
        category = None
        tags: list[str] = []
        for level in sorted(sections):
            section = sections[level]
            if section.is_question:
                continue
            if section.category is not None:
                category = section.category
            elif section.tag:
                tags.append(section.tag)
        return category, tuple(dict.fromkeys(tags))

    def add(prompt: str, line: int) -> None:
        key = prompt.casefold()
        if key in seen:
            return
        seen.add(key)
        category, tags = context()
        out.append(ImportedQuestion(prompt=prompt, line=line, category=category, tags=tags))

    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        fence_match = _FENCE_RE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1) == fence:
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        if not line.strip():
            continue
        if _MDX_STATEMENT_RE.match(line) or _TAG_LINE_RE.match(line):
            continue
        if line.lstrip().startswith("|") or line.lstrip().startswith(">"):
            continue  # tables and block quotes hold examples, not questions
        heading = _HEADING_RE.match(line)
        if heading:
            items.clear()
            level = len(heading.group(1))
            raw_title = clean_inline(heading.group(2))
            title = _prompt_text(heading.group(2))
            for deeper in [k for k in sections if k >= level]:
                del sections[deeper]
            # "## 3. Tell me about…" is a question; "## Share this post" is not.
            numbered = bool(
                _NUMBER_PREFIX_RE.match(raw_title) or _QUESTION_PREFIX_RE.match(raw_title)
            )
            if is_question(title, allow_imperative=numbered):
                add(title, number)
                sections[level] = _Section(is_question=True)
                continue
            if level == 1:
                continue  # the document's title, not a section
            sections[level] = _Section(tag=tag_for(title) or None, category=category_for(title))
            continue
        item = _ITEM_RE.match(line)
        if item:
            indent = len(item.group(1).expandtabs(4))
            while items and items[-1].indent >= indent:
                items.pop()
            prompt = _prompt_text(item.group(2))
            if any(parent.is_question for parent in items):
                # Answers, hints and follow-ups of the question above (context-bound).
                items.append(_Item(indent, False))
                continue
            in_question_section = any(sec.is_question for sec in sections.values())
            question = is_question(prompt, allow_imperative=not in_question_section)
            items.append(_Item(indent, question))
            if question:
                add(prompt, number)
            continue
        # A prose paragraph: only an explicit "Q: ...?" line counts as a question.
        stripped = clean_inline(line)
        if _QUESTION_PREFIX_RE.match(stripped):
            prompt = _prompt_text(line)
            if is_question(prompt):
                add(prompt, number)
        if not line.startswith((" ", "\t")):
            items.clear()  # an unindented paragraph ends the list above it
    return out


# -- CSV -----------------------------------------------------------------------------------------

_CSV_COLUMNS = ("prompt", "category", "time_limit", "phrases")
_HEADER_NAMES: dict[str, str] = {
    "prompt": "prompt",
    "question": "prompt",
    "questions": "prompt",
    "text": "prompt",
    "category": "category",
    "time_limit": "time_limit",
    "time limit": "time_limit",
    "seconds": "time_limit",
    "time": "time_limit",
    "phrases": "phrases",
    "keywords": "phrases",
    "rubric": "phrases",
}


def _split_phrases(cell: str) -> tuple[str, ...]:
    parts = re.split(r"[;|]", cell)
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def parse_csv(text: str, path: str | Path = "<csv>") -> list[ImportedQuestion]:
    """Rows of `prompt[,category,time_limit,phrases]`, with or without a header row.

    A first row naming a `prompt` (or `question`) column is a header; with one, columns may
    come in any order. Phrases are separated by `;` or `|`.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    columns: Sequence[str] = _CSV_COLUMNS
    out: list[ImportedQuestion] = []
    first = True
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if first:
            first = False
            names = [_HEADER_NAMES.get(c.lower()) for c in cells]
            if "prompt" in names:
                unknown = [c for c, n in zip(cells, names, strict=True) if n is None and c]
                if unknown:
                    raise ImportFormatError(
                        f"{path}:{number}: unknown column {unknown[0]!r} in the header; "
                        f"use {', '.join(_CSV_COLUMNS)}"
                    )
                columns = [n or "" for n in names]
                continue
        values = dict(zip(columns, cells, strict=False))
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            raise ImportFormatError(
                f"{path}:{number}: {len(cells)} columns, at most {len(columns)} expected "
                f"({', '.join(columns)}); quote a prompt that contains commas"
            )
        prompt = values.get("prompt", "")
        if not prompt:
            raise ImportFormatError(f"{path}:{number}: the prompt column is empty")
        limit_text = values.get("time_limit", "")
        time_limit = None
        if limit_text:
            if not limit_text.isdigit() or int(limit_text) <= 0:
                raise ImportFormatError(
                    f"{path}:{number}: time_limit {limit_text!r} must be a whole number of "
                    "seconds greater than 0"
                )
            time_limit = int(limit_text)
        category = values.get("category") or None
        if category is not None and not re.fullmatch(r"[\w-]+", category):
            raise ImportFormatError(
                f"{path}:{number}: category {category!r} must be one word "
                "(letters, digits, '_' or '-')"
            )
        out.append(
            ImportedQuestion(
                prompt=_SPACES_RE.sub(" ", prompt),
                line=number,
                category=category,
                time_limit=time_limit,
                phrases=_split_phrases(values.get("phrases", "")),
            )
        )
    return out


# -- plain text ----------------------------------------------------------------------------------


def parse_text(text: str) -> list[ImportedQuestion]:
    """One question per non-blank line; list markers are dropped and `#` lines are comments."""
    out: list[ImportedQuestion] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        item = _ITEM_RE.match(line)
        prompt = _SPACES_RE.sub(" ", item.group(2) if item else line).strip()
        if prompt:
            out.append(ImportedQuestion(prompt=prompt, line=number))
    return out


# -- into a bank ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedQuestion:
    """An imported question with its new id, tags and rubric, ready to be written."""

    id: str
    prompt: str
    category: str | None
    time_limit: int | None
    tags: tuple[str, ...]
    rubric: tuple[RubricTerm, ...]
    avoid: tuple[RubricTerm, ...] = ()
    #: Where a starter rubric came from ("pushback-003"), None when the import had its own.
    starter_from: str | None = None
    needs_rubric: bool = False


@dataclass(frozen=True)
class ImportPlan:
    """What importing into a bank adds, and which prompts were skipped as duplicates."""

    added: tuple[PlannedQuestion, ...]
    duplicates: tuple[ImportedQuestion, ...] = ()
    starters: dict[str, str] = field(default_factory=dict)  # new id -> source question id


_ID_NUMBER_RE_CACHE: dict[str, re.Pattern[str]] = {}


def next_number(bank_id: str, existing_ids: Iterable[str]) -> int:
    """The number after the highest `<bank id>-NNN` among `existing_ids` (1 when none)."""
    pattern = _ID_NUMBER_RE_CACHE.setdefault(bank_id, re.compile(re.escape(bank_id) + r"-(\d+)$"))
    numbers = [int(m.group(1)) for i in existing_ids if (m := pattern.match(i))]
    return max(numbers, default=0) + 1


def _prompt_key(prompt: str) -> str:
    return _SPACES_RE.sub(" ", prompt).strip().casefold()


def plan_import(
    bank: Bank,
    imported: Sequence[ImportedQuestion],
    *,
    reference: Sequence[Bank] = (),
) -> ImportPlan:
    """Ids, tags and rubrics for `imported` in `bank`; exact-duplicate prompts are skipped.

    Ids continue after the highest `<bank id>-NNN`. A question without phrases gets the tag
    NEEDS_RUBRIC and a starter rubric: copied from a really alike question of `reference`
    (core/starter.py), otherwise signals only.
    """
    from callback_sim.core.starter import propose_rubric, signal_rubric

    number = next_number(bank.id, (q.id for q in bank.questions))
    taken_ids = {q.id for q in bank.questions}
    seen = {_prompt_key(q.prompt) for q in bank.questions}
    added: list[PlannedQuestion] = []
    duplicates: list[ImportedQuestion] = []
    starters: dict[str, str] = {}
    for item in imported:
        key = _prompt_key(item.prompt)
        if key in seen:
            duplicates.append(item)
            continue
        seen.add(key)
        qid = f"{bank.id}-{number:03d}"
        while qid in taken_ids:
            number += 1
            qid = f"{bank.id}-{number:03d}"
        number += 1
        taken_ids.add(qid)
        category = item.category if item.category != bank.category else None
        if item.phrases:
            added.append(
                PlannedQuestion(
                    id=qid,
                    prompt=item.prompt,
                    category=category,
                    time_limit=item.time_limit,
                    tags=item.tags,
                    rubric=(RubricTerm(CSV_TERM_LABEL, item.phrases),),
                )
            )
            continue
        starter = propose_rubric(item.prompt, reference, category=item.category)
        if starter is not None:
            starters[qid] = starter.question.id
        added.append(
            PlannedQuestion(
                id=qid,
                prompt=item.prompt,
                category=category,
                time_limit=item.time_limit,
                tags=(*item.tags, NEEDS_RUBRIC),
                rubric=starter.question.rubric if starter else signal_rubric(item.category),
                avoid=starter.question.avoid if starter else (),
                starter_from=starter.question.id if starter else None,
                needs_rubric=True,
            )
        )
    return ImportPlan(tuple(added), tuple(duplicates), starters)


# -- export as Markdown --------------------------------------------------------------------------


def _weight(value: float) -> str:
    return f"{value:g}"


def _term_note(sign: str, term: RubricTerm) -> str:
    extra = ", required" if term.required else ""
    return f"   - {sign} {term.label} (weight {_weight(term.weight)}{extra}): " + "; ".join(
        term.phrases
    )


def bank_to_markdown(bank: Bank) -> str:
    """The bank as a Markdown question list: a section per category, rubric terms as notes.

    Importing the result again gives back the same prompts, categories and tags (the notes
    are nested under each question and do not end with `?`, so they are not questions).
    """
    lines = [f"# {bank.title}", ""]
    if bank.description:
        lines += [bank.description.strip(), ""]
    lines += [f"Bank `{bank.id}` · category {bank.category} · {bank.time_limit} s per question", ""]
    by_category: dict[str, list[Question]] = {}
    for q in bank.questions:
        by_category.setdefault(q.category, []).append(q)
    for category, questions in by_category.items():
        lines += [f"## {category}", ""]
        for number, q in enumerate(questions, start=1):
            prompt = _SPACES_RE.sub(" ", q.prompt).strip()
            lines.append(f"{number}. {prompt}")
            details = [q.id]
            if q.persona:
                details.append(q.persona)
            if q.time_limit != bank.time_limit:
                details.append(f"{q.time_limit} s")
            if q.tags:
                details.append("tags: " + ", ".join(q.tags))
            lines.append(f"   - ({'; '.join(details)})")
            lines += [_term_note("+", t) for t in q.rubric]
            lines += [_term_note("−", t) for t in q.avoid]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
