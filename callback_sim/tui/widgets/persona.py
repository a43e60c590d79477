"""Who is asking: a small fixed cast of interviewers, one per persona, and their banner."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from callback_sim.core.models import Question


@dataclass(frozen=True)
class Interviewer:
    """A persona given a face: a name, a title and the level or department they speak for."""

    persona: str
    name: str
    title: str
    level: str


#: One interviewer per persona, so a loop feels like meeting several people.
INTERVIEWERS: dict[str, Interviewer] = {
    "hiring_manager": Interviewer(
        "hiring_manager", "Maya Chen", "Engineering Manager", "Hiring manager"
    ),
    "skip_level": Interviewer(
        "skip_level", "Robert Okafor", "Director of Engineering", "Skip-level"
    ),
    "cross_functional": Interviewer(
        "cross_functional", "Priya Natarajan", "Senior Product Manager", "Product partner"
    ),
    "peer": Interviewer("peer", "Sam Rivera", "Senior Software Engineer", "Peer on the team"),
    "recruiter": Interviewer("recruiter", "Jordan Lee", "Technical Recruiter", "Recruiting"),
}

#: Who asks a question that names no persona.
PANEL = Interviewer("panel", "Interview panel", "Callback round", "Panel")


def interviewer_for(question: Question) -> Interviewer:
    """The interviewer asking `question`; a debrief's `asked_by` name wins over the cast."""
    base = INTERVIEWERS.get(question.persona or "", PANEL)
    if question.asked_by:
        return Interviewer(base.persona, question.asked_by, "From your round-one notes", base.level)
    return base


class PersonaBanner(Widget):
    """One line: the interviewer's name, title and level, above the question."""

    DEFAULT_CSS = """
    PersonaBanner {
        height: 1;
        width: 1fr;
        layout: horizontal;
        & > #persona-name { width: auto; text-style: bold; color: $text-accent; }
        & > #persona-role { width: 1fr; color: $text-muted; padding-left: 1; }
    }
    """

    def __init__(self, interviewer: Interviewer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.interviewer = interviewer

    def compose(self) -> ComposeResult:
        yield Static(self.interviewer.name, id="persona-name", markup=False)
        yield Static(self._role(), id="persona-role", markup=False)

    def _role(self) -> str:
        i = self.interviewer
        return f"{i.title} · {i.level}"

    def show(self, interviewer: Interviewer) -> None:
        """Switch to another interviewer (the next question's)."""
        self.interviewer = interviewer
        if self.is_mounted:
            self.query_one("#persona-name", Static).update(interviewer.name)
            self.query_one("#persona-role", Static).update(self._role())
