"""Form pieces of the debrief screen: a round, a person met, one exchange with its live claims.

Each piece is filled from a `core.debrief` model and gives one back (`value()`), raising
`DebriefError` with one line that names the round and item when something is missing.
People are referred to by a stable key, not their name, so renaming someone keeps every
"asked by" that points at them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from callback_sim.core.claims import extract_claims
from callback_sim.core.debrief import REACTIONS, DebriefError, DebriefRound, Exchange, Person
from callback_sim.core.models import Claim
from callback_sim.tui.widgets.form_input import FormInput
from callback_sim.tui.widgets.list_field import parse_day
from callback_sim.tui.widgets.text_area import WrappingTextArea

#: Words for claim kinds in the live claims line.
CLAIM_LABELS: dict[str, str] = {
    "percent": "percent",
    "money": "money",
    "team_size": "team size",
    "duration": "duration",
    "date": "date",
    "number": "number",
    "decision": "decision",
    "ownership": "ownership",
    "tool": "tool",
}

_keys = itertools.count(1)


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def describe_claim(claim: Claim) -> str:
    """One claim as the user reads it: its kind, the words used and what it measures."""
    label = CLAIM_LABELS.get(claim.kind, claim.kind)
    said = _short(claim.text, 40)
    if claim.measure and claim.measure.casefold() not in claim.text.casefold():
        said += f" ({claim.measure})"
    return f"{label}: {said}"


def claims_text(answer: str, ignore: Iterable[str] = ()) -> str:
    """The claims line under an answer: what a callback interviewer could push on."""
    if not answer.strip():
        return "Claims: type the answer to see what they could push on."
    claims = extract_claims(answer, ignore=ignore)
    if not claims:
        return "Claims: none found — figures, decisions and tools give them something to probe."
    return "Claims: " + " · ".join(describe_claim(c) for c in claims)


class PersonRow(Horizontal):
    """Name, title and department of someone met, on one line."""

    def __init__(self, person: Person | None = None) -> None:
        self.person_key = f"person-{next(_keys)}"
        super().__init__(classes="dbf-person", id=self.person_key)
        self.person = person or Person(name="")

    def compose(self) -> ComposeResult:
        p = self.person
        yield FormInput(p.name, placeholder="Name", compact=True, classes="dbf-person-name")
        yield FormInput(p.title, placeholder="Title", compact=True, classes="dbf-person-title")
        yield FormInput(
            p.department, placeholder="Department", compact=True, classes="dbf-person-dept"
        )

    @property
    def person_name(self) -> str:
        return self.query_one(".dbf-person-name", Input).value.strip()

    def value(self, where: str) -> Person | None:
        """The person, or None for an empty row; a title without a name is an error."""
        title = self.query_one(".dbf-person-title", Input).value.strip()
        dept = self.query_one(".dbf-person-dept", Input).value.strip()
        if not self.person_name:
            if title or dept:
                raise DebriefError([f"{where}: give the person a name (or clear the row)"])
            return None
        return Person(name=self.person_name, title=title, department=dept)


class ExchangeForm(Vertical):
    """One question of round one: what was asked, the answer, how it landed, who asked."""

    def __init__(
        self,
        exchange: Exchange | None = None,
        *,
        people: Sequence[tuple[str, str]] = (),
        asked_by_key: str | None = None,
    ) -> None:
        super().__init__(classes="dbf-exchange")
        self.exchange = exchange or Exchange(question="", answer="")
        self._people = list(people)  # (person key, shown name)
        self._asked_by_key = asked_by_key

    def compose(self) -> ComposeResult:
        e = self.exchange
        yield Static("Exchange", classes="dbf-exchange-title")
        with Horizontal(classes="dbf-row"):
            yield Label("Question", classes="dbf-label")
            yield FormInput(
                e.question,
                placeholder="What they asked",
                compact=True,
                classes="dbf-question",
            )
        yield Label("Your answer, in your own words", classes="dbf-hint")
        yield WrappingTextArea(
            e.answer,
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            show_line_numbers=False,
            placeholder="What you said, as closely as you remember it",
            classes="dbf-answer",
        )
        yield Static(claims_text(e.answer), classes="dbf-claims", markup=False)
        with Horizontal(classes="dbf-row"):
            yield Label("Landed", classes="dbf-label")
            yield Select(
                [(r, r) for r in REACTIONS],
                value=e.reaction,
                allow_blank=False,
                compact=True,
                classes="dbf-reaction",
            )
            yield Label("Asked by", classes="dbf-label dbf-label-2")
            yield Select(
                self._options(),
                value=self._asked_by_key if self._known(self._asked_by_key) else Select.NULL,
                prompt="(not noted)",
                compact=True,
                classes="dbf-asked-by",
            )
        with Horizontal(classes="dbf-row"):
            yield Label("Concern", classes="dbf-label")
            yield FormInput(
                e.notes or "",
                placeholder="What the interviewer seemed concerned about",
                compact=True,
                classes="dbf-notes",
            )

    def _options(self) -> list[tuple[str, str]]:
        return [(name or "(unnamed)", key) for key, name in self._people]

    def _known(self, key: str | None) -> bool:
        return key is not None and any(k == key for k, _ in self._people)

    def set_title(self, text: str) -> None:
        self.query_one(".dbf-exchange-title", Static).update(text)

    def set_people(self, people: Sequence[tuple[str, str]]) -> None:
        """Offer these people as "asked by", keeping the choice when that person is still there."""
        if list(people) == self._people:
            return
        select = self.query_one(".dbf-asked-by", Select)
        current = select.value
        self._people = list(people)
        with select.prevent(Select.Changed):
            select.set_options(self._options())
            if isinstance(current, str) and self._known(current):
                select.value = current

    def show_claims(self, ignore: Iterable[str]) -> None:
        """Re-read the answer's claims (called as the user types)."""
        answer = self.query_one(".dbf-answer", TextArea).text
        self.query_one(".dbf-claims", Static).update(claims_text(answer, ignore))

    def value(self, where: str, names: Mapping[str, str]) -> Exchange | None:
        """The exchange, or None when both question and answer are blank."""
        question = self.query_one(".dbf-question", Input).value.strip()
        answer = self.query_one(".dbf-answer", TextArea).text.strip()
        notes = self.query_one(".dbf-notes", Input).value.strip()
        if not question and not answer:
            if notes:
                raise DebriefError([f"{where}: add the question and your answer (or clear it)"])
            return None
        if not question:
            raise DebriefError([f"{where}: add the question they asked"])
        if not answer:
            raise DebriefError([f"{where}: add your answer, as you remember it"])
        reaction = self.query_one(".dbf-reaction", Select).value
        asked = self.query_one(".dbf-asked-by", Select).value
        asked_by = names.get(asked) if isinstance(asked, str) else None
        return Exchange(
            question=question,
            answer=answer,
            reaction=str(reaction) if reaction in REACTIONS else "neutral",
            asked_by=asked_by or None,
            notes=notes or None,
        )


class RoundForm(Vertical):
    """One earlier round: date, kind, the people met and the exchanges."""

    def __init__(
        self,
        rnd: DebriefRound | None = None,
        *,
        people: Sequence[PersonRow] = (),
        exchanges: Sequence[ExchangeForm] = (),
    ) -> None:
        super().__init__(classes="dbf-round")
        self.rnd = rnd or DebriefRound()
        self._people = list(people)
        self._exchanges = list(exchanges)

    def compose(self) -> ComposeResult:
        r = self.rnd
        with Horizontal(classes="dbf-row dbf-round-head"):
            yield Static("Round", classes="dbf-round-title")
            yield Label("Date", classes="dbf-label-short")
            yield FormInput(
                r.date.isoformat() if r.date else "",
                placeholder="YYYY-MM-DD",
                compact=True,
                classes="dbf-date",
            )
            yield Label("Kind", classes="dbf-label-short")
            yield FormInput(
                r.kind, placeholder="e.g. phone screen", compact=True, classes="dbf-kind"
            )
        yield Label("People met (name · title · department)", classes="dbf-hint")
        with Vertical(classes="dbf-people"):
            yield from self._people
        with Vertical(classes="dbf-exchanges"):
            yield from self._exchanges

    def set_title(self, text: str) -> None:
        self.query_one(".dbf-round-title", Static).update(text)

    def person_rows(self) -> list[PersonRow]:
        return list(self.query_one(".dbf-people").query_children(PersonRow))

    def exchange_forms(self) -> list[ExchangeForm]:
        return list(self.query_one(".dbf-exchanges").query_children(ExchangeForm))

    def value(self, number: int, names: Mapping[str, str]) -> DebriefRound:
        where = f"Round {number}"
        when = parse_day(
            self.query_one(".dbf-date", Input).value,
            f"{where} date",
            error=DebriefError,
            example="2026-11-20",
        )
        kind = self.query_one(".dbf-kind", Input).value.strip()
        people = [
            p
            for i, row in enumerate(self.person_rows(), start=1)
            if (p := row.value(f"{where}, person {i}")) is not None
        ]
        exchanges = [
            e
            for i, form in enumerate(self.exchange_forms(), start=1)
            if (e := form.value(f"{where}, exchange {i}", names)) is not None
        ]
        return DebriefRound(date=when, kind=kind, people=tuple(people), exchanges=tuple(exchanges))
