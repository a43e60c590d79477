"""Form pieces of the prep kit screen: one reference, and one question to ask with its verdict.

Each piece is filled from a `core.kit` model and gives one back (`value()`), raising
`KitError` with one line that names the item when something is missing. A question to ask
is classified (`core.askcheck.classify_question`) as it is typed, so the candidate sees
whether it reads as curious or as due diligence, why, and a curious rewording.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static

from callback_sim.core.askcheck import AskCheck, classify_question
from callback_sim.core.kit import KitError, Reference
from callback_sim.tui.widgets.form_input import FormInput
from callback_sim.tui.widgets.list_field import ListInput, parse_day


def parse_kit_day(text: str, where: str) -> date | None:
    """An ISO day from one of the kit's date fields (blank is None)."""
    return parse_day(text, where, error=KitError, example="2026-12-03")


def verdict(check: AskCheck) -> Content:
    """The ask-check verdict: a tone label, the reasons, and a curious rewording when due."""
    if check.tone == "due_diligence":
        label = Content.styled(" due diligence ", "bold $text-warning on $warning-muted")
    else:
        label = Content.styled(" curious ", "bold $text-success on $success-muted")
    parts: list[Content | str] = [label]
    if check.reasons:
        parts.append(" " + "; ".join(check.reasons))
    if check.suggestion:
        parts.append(Content.styled(f"\nTry: {check.suggestion}", "italic $text-accent"))
    return Content.assemble(*parts)


class ReferenceForm(Vertical):
    """Who a reference is, what they should highlight, and whether they have been briefed."""

    def __init__(self, reference: Reference | None = None) -> None:
        super().__init__(classes="kit-reference")
        self.reference = reference or Reference(name="")

    def compose(self) -> ComposeResult:
        r = self.reference
        yield Static("Reference", classes="kit-ref-title")
        with Horizontal(classes="kit-row"):
            yield Label("Name", classes="kit-label")
            yield FormInput(
                r.name, placeholder="e.g. Priya Shah", compact=True, classes="kit-ref-name"
            )
        with Horizontal(classes="kit-row"):
            yield Label("Relation", classes="kit-label")
            yield FormInput(
                r.relationship,
                placeholder="e.g. My manager at Globex, 2021-2024",
                compact=True,
                classes="kit-ref-relationship",
            )
        with Horizontal(classes="kit-row"):
            yield Label("Company", classes="kit-label")
            yield FormInput(
                r.company, placeholder="e.g. Globex", compact=True, classes="kit-ref-company"
            )
            yield Label("Contact", classes="kit-label kit-label-2")
            yield FormInput(
                r.contact, placeholder="email or phone", compact=True, classes="kit-ref-contact"
            )
        with Horizontal(classes="kit-row"):
            yield Label("Highlight", classes="kit-label")
            yield ListInput(
                r.highlights,
                placeholder="skills to stress; separated by ;",
                compact=True,
                classes="kit-ref-highlights",
            )
        with Horizontal(classes="kit-row"):
            yield Label("Saw", classes="kit-label")
            yield ListInput(
                r.projects,
                placeholder="projects or examples they saw; separated by ;",
                compact=True,
                classes="kit-ref-projects",
            )
        with Horizontal(classes="kit-row"):
            yield Label("Briefed on", classes="kit-label")
            yield FormInput(
                r.briefed_on.isoformat() if r.briefed_on else "",
                placeholder="not yet",
                compact=True,
                classes="kit-ref-briefed",
            )
            yield Checkbox("Job description sent", r.jd_sent, compact=True, classes="kit-ref-jd")

    def set_title(self, text: str) -> None:
        self.query_one(".kit-ref-title", Static).update(text)

    def _text(self, cls: str) -> str:
        return self.query_one(f".{cls}", Input).value.strip()

    def value(self, where: str) -> Reference | None:
        """The reference, or None when every field is blank; details without a name are an error."""
        name = self._text("kit-ref-name")
        fields = [
            self._text(c)
            for c in (
                "kit-ref-relationship",
                "kit-ref-company",
                "kit-ref-contact",
                "kit-ref-highlights",
                "kit-ref-projects",
                "kit-ref-briefed",
            )
        ]
        jd_sent = self.query_one(".kit-ref-jd", Checkbox).value
        if not name:
            if any(fields) or jd_sent:
                raise KitError([f"{where}: give the reference a name (or clear the fields)"])
            return None
        return Reference(
            name=name,
            relationship=fields[0],
            company=fields[1],
            contact=fields[2],
            highlights=self.query_one(".kit-ref-highlights", ListInput).items,
            projects=self.query_one(".kit-ref-projects", ListInput).items,
            briefed_on=parse_kit_day(fields[5], f"{where} ({name}), briefed on"),
            jd_sent=jd_sent,
        )


class AskRow(Vertical):
    """One question to ask the interviewers, labelled curious or due diligence as it is typed."""

    def __init__(self, text: str = "") -> None:
        super().__init__(classes="kit-ask")
        self.text = text

    def compose(self) -> ComposeResult:
        yield FormInput(
            self.text,
            placeholder="e.g. What does success look like in the first year?",
            compact=True,
            classes="kit-ask-input",
        )
        yield Static("", classes="kit-ask-verdict")

    def on_mount(self) -> None:
        self.show_verdict()

    @property
    def question(self) -> str:
        return self.query_one(".kit-ask-input", Input).value.strip()

    def show_verdict(self) -> AskCheck | None:
        """Classify the question as typed and show the verdict (blank: a hint instead)."""
        out = self.query_one(".kit-ask-verdict", Static)
        if not self.question:
            out.update(Content.styled("Type a question to see how it reads.", "$text-muted"))
            return None
        check = classify_question(self.question)
        out.update(verdict(check))
        out.set_class(check.tone == "due_diligence", "-due")
        return check
