"""Debrief round one: who you met, what they asked, what you said and how it landed.

The debrief is the seed of every pushback question, so the screen shows the claims a
callback interviewer could push on as you type each answer, and previews the round a
callback loop would plan from it. Loading, saving and planning run in thread workers;
saving the same company again replaces its debrief (`store.debriefs.save_debrief`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from callback_sim.core.debrief import (
    Debrief,
    DebriefError,
    DebriefRound,
    Exchange,
    Person,
    dump_debrief,
    parse_debrief,
)
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import Question
from callback_sim.tui.screens.company_form import CompanyEntry, CompanyFormScreen, PaletteEntry
from callback_sim.tui.widgets.debrief_forms import ExchangeForm, PersonRow, RoundForm
from callback_sim.tui.widgets.debrief_source import source_label
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.form_input import FormInput
from callback_sim.tui.widgets.list_field import ListInput, split_items
from callback_sim.tui.widgets.text_area import WrappingTextArea

if TYPE_CHECKING:
    from callback_sim.store.sessions import Store

#: Topics not covered are typed on one line, separated by these (or line breaks).
TOPIC_SEPARATORS = ";,"


def split_topics(text: str) -> tuple[str, ...]:
    """Topics typed on one line ("people management; budget ownership"), once each."""
    return split_items(text, TOPIC_SEPARATORS)


def blank_debrief_round() -> DebriefRound:
    """What a new debrief starts with: one round, one person and one exchange to fill in."""
    return DebriefRound(people=(Person(name=""),), exchanges=(Exchange(question="", answer=""),))


class DebriefScreen(CompanyFormScreen[Debrief]):
    """List, open, add, edit and delete round-one debriefs; preview the callback loop."""

    CSS_PATH = "debrief.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="debrief.back"),
        Binding("ctrl+s", "save", "Save", id="debrief.save", priority=True),
        Binding("ctrl+n", "new", "New", id="debrief.new", priority=True),
        Binding("ctrl+r", "add_round", "+Round", id="debrief.add_round", priority=True),
        Binding("ctrl+b", "add_person", "+Person", id="debrief.add_person", priority=True),
        Binding("ctrl+t", "add_exchange", "+Exchange", id="debrief.add_exchange", priority=True),
        Binding("ctrl+g", "remove", "Remove", id="debrief.remove", priority=True),
        Binding("ctrl+l", "preview", "Plan", id="debrief.preview", priority=True),
        Binding("f6", "paste_notes", "Notes", id="debrief.paste_notes"),
        Binding("delete", "delete", "Delete", id="debrief.delete"),
    ]

    ID_PREFIX = "dbf"
    WORKER = "debrief"
    NOUN = "debrief"
    LIST_TITLE = "Debriefs"
    NEW_LABEL = "+ New debrief"
    OPENED = "Opened {company}."
    DELETE_QUESTION = (
        "Delete the round-one debrief for {company}? Sessions already practised are kept."
    )
    FORM_ERROR = DebriefError

    #: How the app's ctrl+q question names this screen's unsaved edits.
    UNSAVED_WHAT = "the debrief"
    DRAFT_KEY = "debrief.draft"
    DRAFT_WHAT = "the debrief"

    class PlanReady(Message):
        """The callback loop a debrief would plan, for the preview."""

        def __init__(self, company: str, questions: list[Question]) -> None:
            super().__init__()
            self.company = company
            self.questions = questions

    def __init__(self, company: str | None = None) -> None:
        super().__init__(company)
        self.loaded_path: str | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose_form(self) -> ComposeResult:
        with VerticalScroll(id="dbf-form", can_focus=False) as form:
            # Not a tab stop itself: focusing a field scrolls it into view.
            form.border_title = "Round one"
            with Horizontal(classes="dbf-row"):
                yield Label("Company", classes="dbf-label")
                yield FormInput(placeholder="e.g. Acme Health", compact=True, id="dbf-company")
            with Horizontal(classes="dbf-row"):
                yield Label("Role", classes="dbf-label")
                yield FormInput(
                    placeholder="e.g. Senior Product Manager", compact=True, id="dbf-role"
                )
            yield Vertical(id="dbf-rounds")
            yield Label("Topics round one did not cover (separate with ;)", classes="dbf-hint")
            yield ListInput(
                separators=TOPIC_SEPARATORS,
                placeholder="e.g. people management; budget ownership",
                compact=True,
                id="dbf-topics",
            )

    def focus_start(self) -> None:
        # The first empty field, so the first keys typed land in the form (the list
        # of saved debriefs is one shift+tab away).
        empty = next((i for i in self.query(FormInput) if not i.value), None)
        (empty or self.company_list).focus()

    # -- the form ---------------------------------------------------------------------------

    async def fill_form(self, debrief: Debrief | None) -> None:
        self.query_one("#dbf-company", Input).value = debrief.company if debrief else ""
        self.query_one("#dbf-role", Input).value = debrief.role if debrief else ""
        self.query_one("#dbf-topics", ListInput).show_items(debrief.uncovered if debrief else ())
        rounds = debrief.rounds if debrief and debrief.rounds else (blank_debrief_round(),)
        # People first, so each exchange can point at its asker by key.
        people_rows = [[PersonRow(p) for p in rnd.people] for rnd in rounds]
        by_name = {
            row.person.name.casefold(): row.person_key
            for rows in reversed(people_rows)
            for row in reversed(rows)
            if row.person.name
        }
        people = [(row.person_key, row.person.name) for rows in people_rows for row in rows]
        forms = [
            RoundForm(
                rnd,
                people=rows,
                exchanges=[
                    ExchangeForm(
                        e,
                        people=people,
                        asked_by_key=by_name.get(e.asked_by.casefold()) if e.asked_by else None,
                    )
                    for e in rnd.exchanges
                ],
            )
            for rnd, rows in zip(rounds, people_rows, strict=True)
        ]
        holder = self.query_one("#dbf-rounds", Vertical)
        await holder.remove_children()
        await holder.mount_all(forms)
        self.loaded_path = debrief.path if debrief else None
        self.renumber()
        self.refresh_claims()
        self.query_one("#dbf-form", VerticalScroll).scroll_home(animate=False)

    def round_forms(self) -> list[RoundForm]:
        return list(self.query_one("#dbf-rounds").query_children(RoundForm))

    def people(self) -> list[tuple[str, str]]:
        """Every person row of the form as (key, name), in order."""
        return [
            (row.person_key, row.person_name) for f in self.round_forms() for row in f.person_rows()
        ]

    def renumber(self) -> None:
        """Titles that say which round and exchange each section is."""
        n = 0
        for r, form in enumerate(self.round_forms(), start=1):
            form.set_title(f"Round {r}")
            for ex in form.exchange_forms():
                n += 1
                ex.set_title(f"Exchange {n} (round {r})")
        people = self.people()
        for form in self.round_forms():
            for ex in form.exchange_forms():
                ex.set_people(people)

    def ignore_names(self) -> list[str]:
        """Names that are not tools when reading claims: the people met and the company."""
        names = [name for _, name in self.people() if name]
        company = self.query_one("#dbf-company", Input).value.strip()
        return [*names, company] if company else names

    def refresh_claims(self, form: ExchangeForm | None = None) -> None:
        ignore = self.ignore_names()
        forms = [form] if form else [e for r in self.round_forms() for e in r.exchange_forms()]
        for f in forms:
            f.show_claims(ignore)

    def dump_form(self, form: Debrief) -> str:
        return dump_debrief(form)

    def parse_draft(self, text: str) -> Debrief:
        return parse_debrief(text, "draft")

    def collect(self) -> Debrief:
        """The debrief the form describes; DebriefError names the first thing to fix."""
        company = self.query_one("#dbf-company", Input).value.strip()
        if not company:
            raise DebriefError(["Company: give the company a name"])
        names = dict(self.people())
        rounds = [form.value(i, names) for i, form in enumerate(self.round_forms(), start=1)]
        kept = [r for r in rounds if r.people or r.exchanges or r.date or r.kind]
        return Debrief(
            company=company,
            role=self.query_one("#dbf-role", Input).value.strip(),
            rounds=tuple(kept),
            uncovered=self.query_one("#dbf-topics", ListInput).items,
            path=self.loaded_path,
        )

    def saved_status(self, form: Debrief) -> str:
        from callback_sim.core.text import counted

        n = len(form.exchanges())
        return (
            f"✓ Saved {form.company}: {counted(n, 'exchange')}, "
            f"{counted(len(form.uncovered), 'topic')} not covered."
        )

    def changed(self) -> None:
        super().changed()
        self.cs_app.reload_home()  # home offers a callback loop per debrief

    # -- the store (called in a worker thread) ------------------------------------------------

    def read_companies(self, store: Store) -> tuple[list[CompanyEntry], int]:
        from callback_sim.store.debriefs import list_companies

        names = list_companies(store)
        return [(name, name) for name in names], len(names)

    def read_form(self, store: Store, company: str) -> tuple[Debrief | None, bool]:
        from callback_sim.store.debriefs import find_debrief

        return find_debrief(store, company), True

    def save_form(self, store: Store, form: Debrief) -> Debrief:
        from callback_sim.store.debriefs import save_debrief

        save_debrief(store, form)
        return form

    def delete_form(self, store: Store, company: str) -> None:
        from callback_sim.store.debriefs import delete_debrief

        delete_debrief(store, company)

    # -- live updates ------------------------------------------------------------------------

    @on(TextArea.Changed, ".dbf-answer")
    def _answer_changed(self, event: TextArea.Changed) -> None:
        form = next((a for a in event.text_area.ancestors if isinstance(a, ExchangeForm)), None)
        if form is not None:
            self.refresh_claims(form)

    @on(Input.Changed, ".dbf-person-name")
    def _person_renamed(self) -> None:
        self.renumber()
        self.refresh_claims()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # Enter moves through the form like tab; ctrl+s saves.
        event.stop()
        self.focus_next()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return any(self.focused_in(k) is not None for k in (PersonRow, ExchangeForm, RoundForm))
        return super().check_action(action, parameters)

    def _target_round(self) -> RoundForm:
        found = self.focused_in(RoundForm)
        if isinstance(found, RoundForm):
            return found
        return self.round_forms()[-1]

    async def action_add_round(self) -> None:
        form = RoundForm(DebriefRound(), people=[PersonRow()], exchanges=[])
        await self.query_one("#dbf-rounds").mount(form)
        await form.query_one(".dbf-exchanges").mount(ExchangeForm(people=self.people()))
        self.renumber()
        self.refresh_claims()
        form.query_one(".dbf-date", Input).focus()
        form.scroll_visible()

    async def action_add_person(self) -> None:
        target = self._target_round()
        row = PersonRow()
        await target.query_one(".dbf-people").mount(row)
        self.renumber()
        row.query_one(Input).focus()

    async def action_add_exchange(self) -> None:
        target = self._target_round()
        form = ExchangeForm(people=self.people())
        after = self.focused_in(ExchangeForm)
        holder = target.query_one(".dbf-exchanges")
        if isinstance(after, ExchangeForm) and after.parent is holder:
            await holder.mount(form, after=after)
        else:
            await holder.mount(form)
        self.renumber()
        self.refresh_claims(form)
        form.query_one(".dbf-question", Input).focus()
        form.scroll_visible()

    async def action_remove(self) -> None:
        section: Widget | None = None
        for kind in (PersonRow, ExchangeForm, RoundForm):
            section = self.focused_in(kind)
            if section is not None:
                break
        if section is None:
            return
        if isinstance(section, RoundForm) and len(self.round_forms()) == 1:
            self.notify("A debrief keeps at least one round; clear its fields instead.")
            return
        self.focus_next()
        await section.remove()
        self.renumber()
        self.refresh_claims()
        self.refresh_bindings()

    def action_preview(self, fresh: bool = False) -> None:
        """Show the company's next callback loop: the very loop `l` on home then asks."""
        try:
            debrief = self.collect()
        except DebriefError as exc:
            self.set_status(f"No preview: {exc}", "error")
            return
        context = self.cs_app.context
        count = self.cs_app.settings.question_count
        self.set_status(
            "Planning a fresh callback loop…" if fresh else "Planning the callback loop…"
        )

        def work() -> None:
            from callback_sim.loops import next_company_loop

            try:
                planned = next_company_loop(
                    context.store(), debrief, context.banks(), count=count, fresh=fresh
                ).questions
            except CallbackSimError as exc:
                self.post_message(self.Failed(str(exc)))
                return
            self.post_message(self.PlanReady(debrief.company, planned))

        self.cs_app.run_in_thread(work, name="debrief-preview", exclusive=True)

    def on_debrief_screen_plan_ready(self, message: PlanReady) -> None:
        self.set_status("")

        def closed(fresh: bool | None) -> None:
            if fresh:
                self.action_preview(fresh=True)

        self.app.push_screen(DebriefPlanScreen(message.company, message.questions), closed)

    def action_paste_notes(self) -> None:
        """Paste plain notes; what they say is previewed, then fills the form (not saved yet)."""

        def answered(debrief: Debrief | None) -> None:
            if debrief is None:
                return

            async def fill() -> None:
                await self.show_form(replace(debrief, path=None))
                self.loaded_key = None  # a new debrief until saved (saving a known name updates it)
                self.mark_unsaved()  # leaving asks first
                n = len(debrief.exchanges())
                self.set_status(
                    f"Read {n} exchange{'s' if n != 1 else ''} from your notes; check them, "
                    "then ctrl+s to save."
                )

            self.after_confirming_discard(fill)

        self.app.push_screen(NotesPasteScreen(), answered)

    def palette_entries(self) -> list[PaletteEntry]:
        return [
            (
                "paste_notes",
                "Paste notes",
                "Read a debrief from plain notes: Q:/A:, Interviewer:, (hesitated) (f6)",
                self.action_paste_notes,
            ),
            ("save", "Save debrief", "Store this debrief (ctrl+s)", self.action_save),
            ("new", "New debrief", "Start an empty debrief (ctrl+n)", self.action_new),
            (
                "preview",
                "Preview plan",
                "The questions a callback loop would ask (ctrl+l)",
                self.action_preview,
            ),
        ]


class DebriefPlanScreen(ModalScreen[bool]):
    """The company's next callback loop, each question with where it came from.

    Dismissed with True when the user asks for a fresh loop instead (`f`).
    """

    CSS_PATH = "debrief.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="debrief_plan.close"),
        Binding("f", "fresh", "Fresh loop", id="debrief_plan.fresh"),
    ]

    def __init__(self, company: str, questions: list[Question]) -> None:
        super().__init__()
        self.company = company
        self.questions = questions

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dbf-plan") as box:
            n = len(self.questions)
            box.border_title = (
                f"Next callback loop for {self.company}: {n} question{'s' if n != 1 else ''}"
            )
            box.border_subtitle = "l on the home screen asks exactly these · f for a fresh loop"
            for n, q in enumerate(self.questions, start=1):
                who = (q.persona or "interviewer").replace("_", " ")
                if q.asked_by:
                    who = f"{q.asked_by}, {who}"
                yield Static(
                    f"{n}. [{source_label(q)}] {who}", classes="dbf-plan-source", markup=False
                )
                yield Static(q.prompt, classes="dbf-plan-prompt", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#dbf-plan").focus()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_fresh(self) -> None:
        self.dismiss(True)


class NotesPasteScreen(ModalScreen[Debrief | None]):
    """Paste plain notes; the preview shows what was understood (or what to fix, by line)."""

    CSS_PATH = "debrief.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "use", "Use notes", id="debrief_notes.use", priority=True),
        Binding("escape", "cancel", "Cancel", id="debrief_notes.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reading: Debrief | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dbf-notes") as box:
            box.border_title = "Paste your notes"
            yield Label(
                "Company: …  ·  Interviewer: Name, Title (Department)  ·  Q: …  A: …  ·  "
                "(hesitated) or (they liked this)  ·  Not covered: budget, hiring",
                classes="dbf-hint",
            )
            yield WrappingTextArea(id="dbf-notes-text", soft_wrap=True)
            with VerticalScroll(id="dbf-notes-preview"):
                yield Static("Nothing read yet.", id="dbf-notes-understood", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#dbf-notes-text", TextArea).focus()

    @on(TextArea.Changed, "#dbf-notes-text")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        from callback_sim.core.notes import describe_debrief, parse_notes

        preview = self.query_one("#dbf-notes-understood", Static)
        try:
            reading = parse_notes(event.text_area.text, "notes")
        except DebriefError as exc:
            self.reading = None
            preview.update("Not yet:\n" + "\n".join(exc.errors))
            preview.set_class(True, "-error")
        else:
            self.reading = reading.debrief
            lines = ["Understood:", *describe_debrief(reading.debrief), *reading.warnings]
            preview.update("\n".join(lines))
            preview.set_class(False, "-error")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use":
            return self.reading is not None
        return True

    def action_use(self) -> None:
        if self.reading is not None:
            self.dismiss(self.reading)

    def action_cancel(self) -> None:
        self.dismiss(None)
