"""Round-one debriefs: parsing with file:line errors, TOML round trips, and storage."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from callback_sim.core.debrief import (
    Debrief,
    DebriefError,
    DebriefRound,
    Exchange,
    Person,
    dump_debrief,
    load_debrief,
    parse_debrief,
)
from callback_sim.core.errors import NotFoundError
from callback_sim.store import Store
from callback_sim.store.debriefs import (
    delete_debrief,
    find_debrief,
    get_debrief,
    list_companies,
    save_debrief,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs"
ACME = FIXTURES / "acme.toml"

MINIMAL = """\
[company]
name = "Acme Health"

[[rounds]]
  [[rounds.exchanges]]
  question = "Q?"
  answer = "A."
"""


def test_fixture_parses_with_every_field() -> None:
    d = load_debrief(ACME)
    assert d.company == "Acme Health"
    assert d.role == "Senior Product Manager"
    assert [r.date for r in d.rounds] == [date(2026, 11, 20), date(2026, 11, 27)]
    assert [r.kind for r in d.rounds] == ["phone screen", "panel"]
    assert d.rounds[0].people[0] == Person("Dana Cole", "Director of Product", "Product")
    indexed = d.exchanges()
    assert [i for i, _, _ in indexed] == [0, 1, 2, 3]
    assert indexed[1][2].reaction == "hesitated"
    assert indexed[0][2].notes == "She asked twice about the team size."
    assert indexed[3][2].asked_by is None
    assert d.uncovered == ("people management", "budget ownership")
    assert d.person("dana cole") == d.rounds[0].people[0]
    assert [p.name for p in d.people()] == ["Dana Cole", "Sam Okafor", "Priya Raman"]


def test_reaction_defaults_to_neutral_and_strings_are_trimmed() -> None:
    d = parse_debrief(MINIMAL.replace('"A."', '"  A.  "'))
    exchange = d.rounds[0].exchanges[0]
    assert exchange.reaction == "neutral"
    assert exchange.answer == "A."
    assert d.role == ""


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (MINIMAL + "color = 1\n", 8, "unknown key 'color'"),
        (MINIMAL.replace('name = "Acme Health"', 'name = "Acme"\nwebsite = "x"'), 3, "website"),
        (MINIMAL.replace('answer = "A."', "answer = 3"), 7, "answer must be a string"),
        (MINIMAL + '  reaction = "loved it"\n', 8, "reaction 'loved it' is not one of"),
        (MINIMAL.replace('name = "Acme Health"', 'role = "PM"'), 1, "missing required key 'name'"),
        (MINIMAL.replace('name = "Acme Health"', 'name = "  "'), 2, "name must not be empty"),
        (MINIMAL + '  asked_by = "Nobody"\n', 8, "asked_by 'Nobody' is not one of the people"),
        (MINIMAL.replace("[[rounds]]", '[[rounds]]\ndate = "last week"'), 5, "date must be a day"),
        (MINIMAL.replace('answer = "A."', "answer = "), 7, "Invalid value"),
        ('[company]\nname = "X"\n[uncovered]\ntopics = [1]\n', 4, "topics item 1 must be a string"),
        ("[company]\nname = 'X'\n[[rounds]]\n[[rounds.people]]\ntitle = 'CEO'\n", 4, "'name'"),
    ],
)
def test_errors_name_the_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(DebriefError) as err:
        parse_debrief(text, "d.toml")
    first = err.value.errors[0]
    assert first.startswith(f"d.toml:{line}: "), err.value.errors
    assert needle in str(err.value)


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL + '  reaction = "meh"\n  colour = "red"\n'
    with pytest.raises(DebriefError) as err:
        parse_debrief(text, "d.toml")
    assert len(err.value.errors) == 2
    assert [e.split(":")[1] for e in err.value.errors] == ["8", "9"]


def test_missing_company_table_is_an_error() -> None:
    with pytest.raises(DebriefError, match=r"^d.toml:1: missing \[company\]"):
        parse_debrief("[uncovered]\ntopics = []\n", "d.toml")


def test_unreadable_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(DebriefError, match="no such file"):
        load_debrief(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[company]\nname = "Caf\xe9"\n')
    with pytest.raises(DebriefError, match=r"latin1.toml:2: the file is not UTF-8"):
        load_debrief(bad)


def test_dataclasses_refuse_bad_values() -> None:
    with pytest.raises(DebriefError):
        Exchange("Q", "A", reaction="enthusiastic")
    with pytest.raises(DebriefError):
        Debrief(company=" ")


TRICKY = Debrief(
    company='Zürich "Quotes" & Co',
    role="Staff PM \\ Platform",
    rounds=(
        DebriefRound(
            date=date(2026, 1, 2),
            kind="onsite",
            people=(Person("José Núñez", "VP Engineering", ""), Person("Ann")),
            exchanges=(
                Exchange(
                    "Why us?\nReally?",
                    "Line one.\n\tLine two with a tab, an emoji 🚀 and a DEL \x7f.",
                    "hesitated",
                    "José Núñez",
                    "Asked about 'notice period'",
                ),
            ),
        ),
        DebriefRound(),
    ),
    uncovered=("on-call", "budget ownership"),
)


@pytest.mark.parametrize("debrief", [TRICKY, Debrief(company="Bare")])
def test_export_then_import_gives_the_same_debrief(debrief: Debrief) -> None:
    assert parse_debrief(dump_debrief(debrief)) == debrief


def test_fixture_round_trips_through_the_writer() -> None:
    d = load_debrief(ACME)
    assert parse_debrief(dump_debrief(d)) == d


# -- storage --------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "db.sqlite")
    yield s  # type: ignore[misc]
    s.close()


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_store_round_trip_and_case_insensitive_lookup(store: Store) -> None:
    d = load_debrief(ACME)
    save_debrief(store, d)
    assert get_debrief(store, "ACME  health") == d
    assert find_debrief(store, "Other") is None
    assert list_companies(store) == ["Acme Health"]


def test_tricky_text_survives_the_database(store: Store) -> None:
    save_debrief(store, TRICKY)
    loaded = get_debrief(store, TRICKY.company)
    # The store drops control characters (DEL) that SQLite text should not hold; all else stays.
    assert loaded.rounds[0].exchanges[0].answer == TRICKY.rounds[0].exchanges[0].answer.replace(
        "\x7f", ""
    )
    assert loaded.rounds[0].people == TRICKY.rounds[0].people
    assert loaded.rounds[1] == DebriefRound()
    assert loaded.uncovered == TRICKY.uncovered


def test_reimport_updates_instead_of_duplicating(store: Store, tmp_path: Path) -> None:
    d = load_debrief(ACME)
    first = save_debrief(store, d)
    changed = Debrief(
        company="acme health",
        role="Group PM",
        rounds=d.rounds[:1],
        uncovered=("hiring",),
    )
    second = save_debrief(store, changed)
    assert first == second
    db = tmp_path / "db.sqlite"
    assert _count(db, "debrief_companies") == 1
    assert _count(db, "debrief_rounds") == 1
    assert _count(db, "debrief_exchanges") == 2
    assert _count(db, "debrief_people") == 2
    assert _count(db, "debrief_topics") == 1
    assert get_debrief(store, "Acme Health") == changed


def test_unknown_company_lists_the_known_ones(store: Store) -> None:
    with pytest.raises(NotFoundError, match="none yet"):
        get_debrief(store, "Acme")
    save_debrief(store, load_debrief(ACME))
    with pytest.raises(NotFoundError, match=r"did you mean 'Acme Health'.*known companies: Acme"):
        get_debrief(store, "Acme Healht")


def test_delete_removes_every_row(store: Store, tmp_path: Path) -> None:
    save_debrief(store, load_debrief(ACME))
    assert delete_debrief(store, "acme health") is True
    assert delete_debrief(store, "acme health") is False
    db = tmp_path / "db.sqlite"
    for table in ("companies", "rounds", "people", "exchanges", "topics"):
        assert _count(db, f"debrief_{table}") == 0


def test_deeply_nested_debrief_is_one_line_not_a_recursion_error() -> None:
    with pytest.raises(DebriefError) as err:
        parse_debrief("a = " + "[" * 500, "d.toml")
    assert list(err.value.errors) == [
        "d.toml:1: arrays or tables are nested too deeply to read; "
        "this is not a file callback-sim wrote: fix or remove it"
    ]
