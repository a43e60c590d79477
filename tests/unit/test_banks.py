"""Bank parsing and validation: every error kind with its line, the models built, BankSet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callback_sim.core.banks import (
    BankSet,
    BankValidationError,
    check_bank_files,
    load_bank_file,
    load_bank_set,
    parse_bank,
    validate_bank_files,
)
from callback_sim.core.errors import BankError, NotFoundError
from callback_sim.core.models import RubricTerm
from callback_sim.core.tomlpos import locate_lines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"

HEAD = '[bank]\nid = "b"\ntitle = "B"\ncategory = "pushback"\n'  # lines 1-4


def errors_of(text: str, path: str = "t.toml") -> tuple[str, ...]:
    with pytest.raises(BankValidationError) as info:
        parse_bank(text, path)
    return info.value.errors


# Each case: TOML text, the line the error must point at, and a part of its message.
CASES: list[tuple[str, str, int, str]] = [
    ("syntax", HEAD + 'description = "unterminated\n', 5, "column"),
    ("syntax-end", HEAD + "[[questions]]\nid = ", 6, "end of file"),
    ("syntax-duplicate-key", HEAD + 'title = "again"\n', 5, "column"),
    ("no-bank-table", '[[questions]]\nid = "q"\nprompt = "P"\n', 1, "missing [bank] table"),
    ("bank-not-table", 'bank = "x"\n', 1, "bank must be a table"),
    ("unknown-top-key", HEAD + "\n[extra]\nx = 1\n", 6, "unknown key 'extra'"),
    ("unknown-bank-key", HEAD + 'colour = "red"\n', 5, "unknown key 'colour'"),
    ("missing-bank-id", '\n[bank]\ntitle = "B"\ncategory = "c"\n', 2, "missing required key 'id'"),
    ("missing-title", '[bank]\nid = "b"\ncategory = "c"\n', 1, "missing required key 'title'"),
    ("missing-category", '[bank]\nid = "b"\ntitle = "B"\n', 1, "'category'"),
    ("title-type", '[bank]\nid = "b"\ntitle = 3\ncategory = "c"\n', 3, "title must be a string"),
    ("title-blank", '[bank]\nid = "b"\ntitle = "  "\ncategory = "c"\n', 3, "must not be empty"),
    ("bank-id-chars", '[bank]\nid = "my bank"\ntitle = "B"\ncategory = "c"\n', 2, 'id "my bank"'),
    ("category-word", '[bank]\nid = "b"\ntitle = "B"\ncategory = "a b"\n', 4, "one word"),
    ("bank-time-type", HEAD + 'time_limit = "90"\n', 5, "whole number of seconds"),
    ("bank-time-zero", HEAD + "time_limit = 0\n", 5, "between 1 and 3600 seconds (got 0)"),
    (
        "bank-time-huge",
        HEAD + "time_limit = 10000000000\n",
        5,
        "between 1 and 3600 seconds (got 10000000000)",
    ),
    ("bank-time-hour-and-one", HEAD + "time_limit = 3601\n", 5, "between 1 and 3600"),
    ("bank-time-bool", HEAD + "time_limit = true\n", 5, "not true/false"),
    ("questions-not-array", 'questions = "x"\n' + HEAD, 1, "array of tables ([[questions]])"),
    (
        "question-not-table",
        "questions = [\n  1,\n]\n" + HEAD,
        2,
        "questions item 1 must be a table",
    ),
    ("question-missing-id", HEAD + '\n[[questions]]\nprompt = "P"\n', 6, "question 1: missing"),
    ("question-missing-prompt", HEAD + '[[questions]]\nid = "q"\n', 5, "'prompt'"),
    ("question-unknown-key", HEAD + '[[questions]]\nid = "q"\npromt = "P"\n', 7, "'prompt'?"),
    ("question-blank-prompt", HEAD + '[[questions]]\nid = "q"\nprompt = ""\n', 7, "prompt must"),
    ("question-id-type", HEAD + '[[questions]]\nid = 7\nprompt = "P"\n', 6, "id must be a string"),
    ("question-id-chars", HEAD + '[[questions]]\nid = "-q"\nprompt = "P"\n', 6, "starting with"),
    (
        "question-time-float",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\ntime_limit = 1.5\n',
        8,
        "not a number",
    ),
    (
        "question-time-negative",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n\ntime_limit = -5\n',
        9,
        "(got -5)",
    ),
    (
        "persona",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\npersona = "ceo"\n',
        8,
        "hiring_manager, peer, skip_level, cross_functional, recruiter",
    ),
    (
        "tags-type",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\ntags = "judgment"\n',
        8,
        "tags must be an array of strings",
    ),
    (
        "tags-item",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\ntags = [\n  "a",\n  3,\n]\n',
        10,
        "tags item 2 must be a string",
    ),
    (
        "duplicate-question",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions]]\nprompt = "P2"\nid = "q"\n',
        10,
        'duplicate question id "q" (first used at line 6)',
    ),
    (
        "rubric-not-array",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\nrubric = "x"\n',
        8,
        "array of tables ([[questions.rubric]])",
    ),
    (
        "rubric-missing-label",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n  [[questions.rubric]]\n  phrases = ["a"]\n',
        8,
        "rubric term 1: missing required key 'label'",
    ),
    (
        "rubric-missing-phrases",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n  [[questions.rubric]]\n  label = "L"\n',
        8,
        "missing required key 'phrases'",
    ),
    (
        "rubric-unknown-key",
        HEAD
        + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        + 'phrases = ["a"]\nweigth = 2\n',
        11,
        "did you mean 'weight'?",
    ),
    (
        "phrases-empty",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        "phrases = []\n",
        10,
        "at least one phrase",
    ),
    (
        "phrases-type",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = "a"\n',
        10,
        "phrases must be an array of strings",
    ),
    (
        "phrase-blank-multiline",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = [\n  "a",\n  "",\n]\n',
        12,
        "phrases item 2 is empty",
    ),
    (
        "weight-zero",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = ["a"]\nweight = 0\n',
        11,
        "weight must be a number greater than 0 (got 0)",
    ),
    (
        "weight-negative-float",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.avoid]]\nlabel = "L"\n'
        'weight = -0.5\nphrases = ["a"]\n',
        10,
        'avoid term "L": weight must be a number greater than 0 (got -0.5)',
    ),
    (
        "weight-nan",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.avoid]]\nlabel = "L"\n'
        'phrases = ["a"]\nweight = nan\n',
        11,
        "greater than 0",
    ),
    (
        "weight-type",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = ["a"]\nweight = "3"\n',
        11,
        "weight must be a number, not a string",
    ),
    (
        "required-type",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = ["a"]\nrequired = "yes"\n',
        11,
        "required must be true or false",
    ),
    (
        "required-in-avoid",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.avoid]]\nlabel = "L"\n'
        'phrases = ["a"]\nrequired = true\n',
        11,
        "only applies to rubric terms",
    ),
    (
        "inline-term-unknown-key",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\nrubric = [\n'
        '  {label = "L", phrases = ["a"]},\n  {label = "M", phrases = ["b"], x = 1},\n]\n',
        10,
        "rubric term \"M\": unknown key 'x'",
    ),
    (
        "second-question-term",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\n[[questions.rubric]]\nlabel = "L"\n'
        'phrases = ["a"]\n[[questions]]\nid = "r"\nprompt = "P"\n[[questions.rubric]]\n'
        'label = "L"\nphrases = [" "]\n',
        16,
        'question "r", rubric term "L": phrases item 1 is empty',
    ),
    (
        "template-missing-kind",
        HEAD + '\n[[templates]]\nid = "t"\nprompt = "P"\n',
        6,
        "template \"t\": missing required key 'kind'",
    ),
    (
        "template-kind",
        HEAD + '[[templates]]\nid = "t"\nkind = "quote"\nprompt = "P"\n',
        7,
        "did you mean 'quote_back'?",
    ),
    (
        "template-unknown-key",
        HEAD + '[[templates]]\nid = "t"\nkind = "numbers"\nprompt = "P"\nweight = 1\n',
        9,
        "unknown key 'weight'",
    ),
    (
        "template-placeholder",
        HEAD + '[[templates]]\nid = "t"\nkind = "quote_back"\nprompt = "You said {qoute}."\n',
        8,
        "unknown placeholder {qoute}",
    ),
    (
        "template-brace",
        HEAD + '[[templates]]\nid = "t"\nkind = "challenge"\nprompt = "Why {topic"\n',
        8,
        "unmatched '{'",
    ),
    (
        "template-close-brace",
        HEAD + '[[templates]]\nid = "t"\nkind = "challenge"\nprompt = "Why} {topic}"\n',
        8,
        "unmatched '}'",
    ),
    (
        "template-format-spec",
        HEAD + '[[templates]]\nid = "t"\nkind = "challenge"\nprompt = "{claim:>10}"\n',
        8,
        "write it exactly as {claim}",
    ),
    (
        "template-empty-placeholder",
        HEAD + '[[templates]]\nid = "t"\nkind = "challenge"\nprompt = "Why {}"\n',
        8,
        "unknown placeholder {}",
    ),
    (
        "duplicate-template",
        HEAD + '[[templates]]\nid = "t"\nkind = "numbers"\nprompt = "P"\n\n'
        '[[templates]]\nid = "t"\nkind = "numbers"\nprompt = "Q"\n',
        11,
        'duplicate template id "t" (first used at line 6)',
    ),
    (
        "template-term",
        HEAD + '[[templates]]\nid = "t"\nkind = "numbers"\nprompt = "P"\n'
        '  [[templates.avoid]]\n  label = "L"\n  phrases = []\n',
        11,
        'template "t", avoid term "L": phrases must list at least one phrase',
    ),
    (
        "template-unknown-fit",
        HEAD + '[[templates]]\nid = "t"\nkind = "challenge"\nprompt = "P"\nfits = ["decison"]\n',
        9,
        'fits "decison" is not one of decision, ownership',
    ),
    (
        "quoted-keys",
        '[bank]\n"id" = "b"\n\'title\' = "B"\ncategory = "c"\n"time_limit" = -1\n',
        5,
        "time_limit must be between 1 and 3600 seconds",
    ),
    (
        "dotted-key-table",
        HEAD + '[[questions]]\nid = "q"\nprompt = "P"\nextra.deep = 1\n',
        8,
        "unknown key 'extra'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_points_at_line(text: str, line: int, fragment: str) -> None:
    errors = errors_of(text, "banks/t.toml")
    matching = [e for e in errors if fragment in e]
    assert matching, f"no error mentions {fragment!r}: {errors}"
    assert matching[0].startswith(f"banks/t.toml:{line}: "), errors


def test_all_errors_of_a_file_are_collected_in_line_order() -> None:
    errors = errors_of((FIXTURES / "broken.toml").read_text(), "broken.toml")
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == [5, 10, 11, 15, 16, 18, 19, 20]
    assert all(e.count("\n") == 0 for e in errors)


def test_validation_error_str_is_the_errors_one_per_line() -> None:
    with pytest.raises(BankError) as info:
        parse_bank("[bank]\nid = 1\n", "x.toml")
    err = info.value
    assert isinstance(err, BankValidationError)
    assert str(err) == "\n".join(err.errors)
    assert len(err.errors) == 3  # id type, missing title, missing category


def test_good_bank_becomes_models() -> None:
    bank = load_bank_file(FIXTURES / "good.toml", source="builtin")
    assert (bank.id, bank.title, bank.category, bank.time_limit) == (
        "example",
        "Example: defend your round-one story",
        "pushback",
        150,
    )
    assert bank.source == "builtin"
    assert bank.path == str(FIXTURES / "good.toml")
    assert bank.description.startswith("Questions an interviewer asks")
    first, second = bank.questions
    assert first.bank_id == second.bank_id == "example"
    assert (first.time_limit, first.category, first.persona) == (90, "pushback", "hiring_manager")
    assert first.tags == ("judgment", "conflict")
    # Defaults come from the bank: its category and time limit.
    assert (second.time_limit, second.category, second.persona) == (150, "start_plan", None)
    assert first.rubric[0] == RubricTerm(
        label="Measurable outcome",
        phrases=("reduced", "increased", "percent", "saved"),
        weight=3,
        required=True,
        line=18,
    )
    assert first.rubric[1].weight == 1 and first.rubric[1].required is False
    assert first.rubric[1].phrases == ("their point", "understood why")
    assert first.avoid[0].weight == 2.5
    assert (first.line, second.line) == (11, 36)
    quote, numbers = bank.templates
    assert (quote.kind, quote.persona, quote.time_limit, quote.category) == (
        "quote_back",
        "skip_level",
        150,
        "pushback",
    )
    assert quote.rubric[0].label == "Specific detail" and quote.line == 45
    assert (numbers.kind, numbers.time_limit, numbers.category) == ("numbers", 100, "numbers")
    assert numbers.avoid[0].phrases == ("a lot", "roughly")


def test_question_records_round_trip() -> None:
    bank = load_bank_file(FIXTURES / "good.toml")
    for question in bank.questions:
        again = type(question).from_record(question.to_record())
        assert again.to_record() == question.to_record()


def test_bank_with_no_questions_is_valid() -> None:
    bank = load_bank_file(FIXTURES / "empty.toml")
    assert bank.questions == () and bank.templates == () and bank.time_limit == 120


def test_inline_questions_get_their_item_line() -> None:
    text = 'questions = [\n  {id = "a", prompt = "A"},\n  {id = "b", prompt = "B"},\n]\n' + HEAD
    bank = parse_bank(text, "t.toml")
    assert [q.line for q in bank.questions] == [2, 3]


def test_missing_file_and_directory_are_named(tmp_path: Path) -> None:
    with pytest.raises(BankValidationError, match=r"nope\.toml: no such file"):
        load_bank_file(tmp_path / "nope.toml")
    with pytest.raises(BankValidationError, match="is a directory"):
        load_bank_file(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "locked.toml"
    path.write_text(HEAD)
    path.chmod(0)
    with pytest.raises(BankValidationError, match=r"locked\.toml: cannot read"):
        load_bank_file(path)


def test_undecodable_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(HEAD.encode() + 'description = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(BankValidationError) as info:
        load_bank_file(path)
    assert info.value.errors[0].startswith(f"{path}:5: the file is not UTF-8")


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    text = HEAD + '[[questions]]\nid = "q"\nprompt = "P"\ntime_limit = 0\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    with pytest.raises(BankValidationError) as info:
        load_bank_file(path)
    assert info.value.errors == (
        f'{path}:8: question "q": time_limit must be between 1 and 3600 seconds (got 0)',
    )


def write_bank(directory: Path, name: str, bank_id: str, *, questions: int = 1) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f'[bank]\nid = "{bank_id}"\ntitle = "T {bank_id}"\ncategory = "{bank_id}"\n']
    for n in range(questions):
        lines.append(f'[[questions]]\nid = "{bank_id}-{n}"\nprompt = "P{n}"\n')
    path = directory / name
    path.write_text("".join(lines))
    return path


def test_duplicate_bank_ids_across_files(tmp_path: Path) -> None:
    first = write_bank(tmp_path, "a.toml", "same")
    second = write_bank(tmp_path, "b.toml", "same")
    errors = validate_bank_files([first, second])
    assert errors == [
        f'{second}:2: duplicate bank id "same" (already used by {first}); give this bank another id'
    ]


def test_duplicate_bank_id_against_known_and_same_file_twice(tmp_path: Path) -> None:
    known = load_bank_file(write_bank(tmp_path / "builtin", "p.toml", "pushback"))
    mine = write_bank(tmp_path, "mine.toml", "pushback")
    errors = validate_bank_files([mine], known=[known])
    assert len(errors) == 1 and errors[0].startswith(f"{mine}:2: duplicate bank id")
    assert str(tmp_path / "builtin" / "p.toml") in errors[0]
    # The same file given twice is checked once, not reported as its own duplicate.
    other = write_bank(tmp_path, "other.toml", "other")
    checks = check_bank_files([other, other])
    assert len(checks) == 1 and checks[0].bank is not None and not checks[0].errors


def test_load_bank_set_orders_skips_and_reports(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write_bank(builtin, "1.toml", "zeta", questions=2)
    write_bank(builtin, "2.toml", "alpha", questions=1)
    write_bank(user, "a-mine.toml", "mine", questions=3)
    write_bank(user, "b-clash.toml", "alpha")
    (user / "c-broken.toml").write_text('[bank]\nid = "broken"\n')
    (user / "notes.txt").write_text("not a bank")
    banks = load_bank_set(builtin, user)
    assert [(b.id, b.source) for b in banks.banks] == [
        ("alpha", "builtin"),
        ("zeta", "builtin"),
        ("mine", "user"),
    ]
    assert len(banks.errors) == 3
    assert banks.errors[0].startswith(f'{user / "b-clash.toml"}:2: duplicate bank id "alpha"')
    assert str(builtin / "2.toml") in banks.errors[0]
    assert all(e.startswith(f"{user / 'c-broken.toml'}:1: ") for e in banks.errors[1:])


def test_missing_directories_are_fine(tmp_path: Path) -> None:
    banks = load_bank_set(tmp_path / "none", tmp_path / "nothing")
    assert banks.banks == () and banks.errors == ()


@pytest.fixture
def bank_set(tmp_path: Path) -> BankSet:
    builtin = tmp_path / "builtin"
    write_bank(builtin, "p.toml", "pushback", questions=2)
    write_bank(builtin, "e.toml", "enthusiasm", questions=1)
    (builtin / "g.toml").write_text((FIXTURES / "good.toml").read_text())
    return load_bank_set(builtin, tmp_path / "user")


def test_get_and_unknown_bank(bank_set: BankSet) -> None:
    assert bank_set.get("pushback").title == "T pushback"
    with pytest.raises(NotFoundError) as info:
        bank_set.get("pushbak")
    message = str(info.value)
    assert "did you mean 'pushback'?" in message
    assert "known banks: enthusiasm, example, pushback" in message


def test_resolve_by_id_and_by_path(bank_set: BankSet, tmp_path: Path) -> None:
    assert bank_set.resolve("enthusiasm").id == "enthusiasm"
    # A known bank's own file resolves to that bank (keeping its source).
    assert bank_set.resolve(str(tmp_path / "builtin" / "p.toml")).source == "builtin"
    loose = write_bank(tmp_path / "elsewhere", "loose.toml", "loose")
    resolved = bank_set.resolve(str(loose))
    assert (resolved.id, resolved.source) == ("loose", "user")
    with pytest.raises(NotFoundError, match=r"missing\.toml: no such bank file"):
        bank_set.resolve(str(tmp_path / "missing.toml"))
    broken = tmp_path / "broken.toml"
    broken.write_text("[bank]\n")
    with pytest.raises(BankValidationError):
        bank_set.resolve(str(broken))


def test_questions_lookup_and_filters(bank_set: BankSet) -> None:
    assert bank_set.question("pushback", "pushback-1").prompt == "P1"
    with pytest.raises(NotFoundError, match="bank show pushback"):
        bank_set.question("pushback", "pushback-9")
    found = bank_set.find_question("example-002")
    assert found is not None and found.bank_id == "example"
    assert bank_set.find_question("nope") is None
    assert [q.id for q in bank_set.questions(bank_ids=["pushback", "pushback"])] == [
        "pushback-0",
        "pushback-1",
    ]
    assert [q.id for q in bank_set.questions(categories=["start_plan", "enthusiasm"])] == [
        "enthusiasm-0",
        "example-002",
    ]
    assert len(bank_set.questions()) == 5
    with pytest.raises(NotFoundError):
        bank_set.questions(bank_ids=["unknown"])


def test_templates_by_kind(bank_set: BankSet) -> None:
    assert [t.id for t in bank_set.templates()] == ["example-quote", "example-numbers"]
    assert [t.id for t in bank_set.templates("numbers")] == ["example-numbers"]
    assert bank_set.templates("hesitation") == []


# -- the line locator ------------------------------------------------------------------


def test_locator_handles_strings_comments_and_nesting() -> None:
    text = (
        "# [not] a header\n"  # 1
        "[bank]\n"  # 2
        'title = """\n'  # 3
        "[[questions]] inside a string\n"  # 4
        '"""\n'  # 5
        "'literal key' = 1   # comment [x]\n"  # 6
        "a.b = { c = [1, 2], d = '}' }\n"  # 7
        "[[questions]]\n"  # 8
        "  [[questions.rubric]]\n"  # 9
        "[[questions]]\n"  # 10
        "  [[questions.rubric]]\n"  # 11
        "  [[questions.rubric]]\n"  # 12
        "  phrases = [\n"  # 13
        '    "x", # one\n'  # 14
        '    "y",\n'  # 15
        "  ]\n"  # 16
    )
    lines = locate_lines(text)
    assert lines.exact(("bank",)) == 2
    assert lines.exact(("bank", "title")) == 3
    assert lines.exact(("bank", "literal key")) == 6
    assert lines.exact(("bank", "a", "b", "d")) == 7
    assert lines.exact(("bank", "a", "b", "c", 1)) == 7
    assert lines.exact(("questions", 0)) == 8
    assert lines.exact(("questions", 1, "rubric", 1)) == 12
    assert lines.exact(("questions", 1, "rubric", 1, "phrases", 1)) == 15
    assert lines.exact(("questions", 2)) is None
    # Unknown paths fall back to their closest written ancestor, then to line 1.
    assert lines.line(("questions", 1, "rubric", 0, "label")) == 11
    assert lines.line(("nothing",)) == 1
    # The fast header pass agrees with the full scan.
    for path in [("bank",), ("questions", 0), ("questions", 1, "rubric", 0)]:
        assert lines.header(path) == lines.exact(path)


def test_docs_example_is_the_valid_fixture() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "bank-format.md").read_text()
    example = doc.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    assert example == (FIXTURES / "good.toml").read_text()


Q_HEAD = HEAD + '[[questions]]\nid = "q1"\nprompt = "Why?"\n'  # lines 1-7


def test_signals_parse_alone_or_with_phrases() -> None:
    text = (
        Q_HEAD
        + '[[questions.rubric]]\nlabel = "Reasons"\nsignals = ["reasoning", "reasoning"]\n'
        + '[[questions.rubric]]\nlabel = "Outcome"\nphrases = ["saved"]\n'
        + 'signals = ["result"]\n'
    )
    bank = parse_bank(text, "s.toml")
    reasons, outcome = bank.questions[0].rubric
    assert reasons.phrases == () and reasons.signals == ("reasoning",)
    assert outcome.phrases == ("saved",) and outcome.signals == ("result",)
    record = bank.questions[0].to_record()
    assert record["rubric"][0]["signals"] == ["reasoning"]
    again = type(bank.questions[0]).from_record(record)
    assert again.rubric[0].signals == ("reasoning",)


def test_wordings_parse_and_round_trip_through_a_record() -> None:
    text = (
        Q_HEAD
        + '[[questions.rubric]]\nlabel = "Disagreed"\nphrases = ["disagree"]\n'
        + 'wordings = ["butt heads", "at odds"]\n'
    )
    question = parse_bank(text, "w.toml").questions[0]
    assert question.rubric[0].wordings == ("butt heads", "at odds")
    again = type(question).from_record(question.to_record())
    assert again.rubric[0].wordings == ("butt heads", "at odds")


def test_wordings_errors_point_at_line() -> None:
    errors = errors_of(
        Q_HEAD + '[[questions.rubric]]\nlabel = "R"\nphrases = ["x"]\nwordings = "y"\n', "w.toml"
    )
    assert any(e.startswith("w.toml:11: ") and "wordings must be an array" in e for e in errors)


@pytest.mark.parametrize(
    ("term", "line", "fragment"),
    [
        ('label = "R"\nsignals = ["reasonin"]\n', 10, "unknown signal 'reasonin'"),
        ('label = "R"\nsignals = []\n', 10, "signals must name at least one signal"),
        ('label = "R"\n', 8, "missing required key 'phrases'"),
        ('label = "R"\nsignals = "reasoning"\n', 10, "signals must be an array"),
    ],
)
def test_signal_errors_point_at_line(term: str, line: int, fragment: str) -> None:
    errors = errors_of(Q_HEAD + "[[questions.rubric]]\n" + term, "s.toml")
    matching = [e for e in errors if fragment in e]
    assert matching, errors
    assert matching[0].startswith(f"s.toml:{line}: "), errors


def _odd_entries(user: Path) -> dict[str, str]:
    """One of each bad thing a `banks/` folder can hold, with what its warning must say."""
    user.mkdir(parents=True, exist_ok=True)
    (user / "loop.toml").symlink_to("loop.toml")
    (user / "dangling.toml").symlink_to("gone.toml")
    (user / "x.toml").mkdir()
    (user / "deep.toml").write_text("a = " + "[" * 500 + "\n", encoding="utf-8")
    return {
        "loop.toml": "symbolic link that leads back to itself",
        "dangling.toml": "symbolic link to a file that does not exist (gone.toml)",
        "x.toml": "is a directory, not a bank file",
        "deep.toml": "nested too deeply",
    }


def test_bad_entries_in_banks_are_one_line_warnings_and_the_rest_load(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write_bank(builtin, "1.toml", "zeta")
    write_bank(user, "a-good.toml", "good", questions=2)
    expected = _odd_entries(user)
    banks = load_bank_set(builtin, user)
    assert banks.ids() == ["zeta", "good"]
    assert len(banks.errors) == len(expected)
    for name, words in expected.items():
        (line,) = [e for e in banks.errors if e.startswith(f"{user / name}:")]
        assert words in line and "\n" not in line and len(line) < 200


def test_deeply_nested_text_is_a_bank_error_not_a_recursion_error() -> None:
    with pytest.raises(BankValidationError) as info:
        parse_bank("x = " + "[" * 500, "deep.toml")
    assert info.value.errors == (
        "deep.toml:1: arrays or tables are nested too deeply to read; "
        "this is not a file callback-sim wrote: fix or remove it",
    )


def test_examples_parse_and_round_trip_through_a_record() -> None:
    text = (
        Q_HEAD
        + '[[questions.rubric]]\nlabel = "Owns it"\nphrases = ["I did"]\n'
        + 'examples = ["Nobody else went down to the docks, so I went myself.",\n'
        + '  "That call was mine."]\n'
    )
    question = parse_bank(text, "e.toml").questions[0]
    assert question.rubric[0].examples[1] == "That call was mine."
    again = type(question).from_record(question.to_record())
    assert again.rubric[0].examples == question.rubric[0].examples


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[[questions.rubric]]\nlabel = "R"\nphrases = ["x"]\nexamples = "y"\n',
            "examples must be an array",
        ),
        (
            '[[questions.rubric]]\nlabel = "R"\nphrases = ["x"]\nexamples = ["a | b"]\n',
            'may not hold "|"',
        ),
        ('[[questions.avoid]]\nlabel = "A"\nphrases = ["x"]\nexamples = ["y"]\n', "examples"),
    ],
)
def test_examples_errors_point_at_line(table: str, message: str) -> None:
    errors = errors_of(
        Q_HEAD + '[[questions.rubric]]\nlabel = "K"\nphrases = ["k"]\n' + table, "e.toml"
    )
    assert any(e.startswith("e.toml:") and message in e for e in errors), errors
