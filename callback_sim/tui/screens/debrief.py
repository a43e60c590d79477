"""Debrief round one: who you met, what they asked, what you said and how it landed.

The debrief is the seed of every pushback question, so the screen shows the claims a
callback interviewer could push on as you type each answer, and previews the round a
callback loop would plan from it. Loading, saving and planning run in thread workers;
saving the same company again replaces its debrief (`store.debriefs.save_debrief`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

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
from callback_sim.core.kit import company_key
from callback_sim.core.models import Question
from callback_sim.tui.screens.form_drafts import FormDraftScreen
from callback_sim.tui.widgets.debrief_forms import ExchangeForm, PersonRow, RoundForm
from callback_sim.tui.widgets.debrief_source import source_label
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.form_input import FormInput

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

#: Topics not covered are typed on one line, separated by these.
TOPIC_SEPARATORS = re.compile(r"[;,\n]")

NEW_ENTRY = "\x00new"  # option id of "+ New debrief" in the company list


def split_topics(text: str) -> tuple[str, ...]:
    """Topics typed on one line ("people management; budget ownership"), once each."""
    return tuple(dict.fromkeys(t.strip() for t in TOPIC_SEPARATORS.split(text) if t.strip()))


def blank_debrief_round() -> DebriefRound:
    """What a new debrief starts with: one round, one person and one exchange to fill in."""
    return DebriefRound(people=(Person(name=""),), exchanges=(Exchange(question="", answer=""),))


class DebriefScreen(FormDraftScreen):
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

    class CompaniesLoaded(Message):
        """The companies with a debrief, read by a worker."""

        def __init__(self, names: list[str]) -> None:
            super().__init__()
            self.names = names

    class DebriefLoaded(Message):
        """One company's debrief, read by a worker (None when it has gone)."""

        def __init__(self, company: str, debrief: Debrief | None) -> None:
            super().__init__()
            self.company = company
            self.debrief = debrief

    class Saved(Message):
        """A worker stored the debrief."""

        def __init__(self, debrief: Debrief) -> None:
            super().__init__()
            self.debrief = debrief

    class Deleted(Message):
        """A worker removed a company's debrief."""

        def __init__(self, company: str) -> None:
            super().__init__()
            self.company = company

    class Failed(Message):
        """A worker could not do what was asked; `reason` is one line."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class PlanReady(Message):
        """The callback loop a debrief would plan, for the preview."""

        def __init__(self, company: str, questions: list[Question]) -> None:
            super().__init__()
            self.company = company
            self.questions = questions

    def __init__(self, company: str | None = None) -> None:
        super().__init__()
        self.initial_company = company
        #: Key of the company the form was loaded from (None for a new debrief).
        self.loaded_key: str | None = None
        self.loaded_path: str | None = None
        self.companies: list[str] = []
        self.list_ready = False  # the company list has been read at least once
        self.saving = False
        self._clean_state: tuple[object, ...] = ()

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="dbf-columns"):
            with Vertical(id="dbf-list-panel") as panel:
                panel.border_title = "Debriefs"
                yield OptionList(id="dbf-companies")
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
                yield FormInput(
                    placeholder="e.g. people management; budget ownership",
                    compact=True,
                    id="dbf-topics",
                )
        yield Static("", id="dbf-status", markup=False)
        yield KeysFooter(compact=True)

    async def on_mount(self) -> None:
        self.query_one("#dbf-companies", OptionList).loading = True
        await self.show_debrief(None)
        self.load_companies()
        if self.initial_company:
            self.open_company(self.initial_company)
        else:
            # The first empty field, so the first keys typed land in the form (the list
            # of saved debriefs is one shift+tab away).
            empty = next((i for i in self.query(FormInput) if not i.value), None)
            (empty or self.query_one("#dbf-companies", OptionList)).focus()
        self.offer_draft()

    # -- the form ---------------------------------------------------------------------------

    async def show_debrief(self, debrief: Debrief | None) -> None:
        """Fill the form with `debrief` (a blank one when None) and mark it unchanged."""
        self.query_one("#dbf-company", Input).value = debrief.company if debrief else ""
        self.query_one("#dbf-role", Input).value = debrief.role if debrief else ""
        self.query_one("#dbf-topics", Input).value = "; ".join(debrief.uncovered if debrief else ())
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
        self.loaded_key = company_key(debrief.company) if debrief else None
        self.loaded_path = debrief.path if debrief else None
        self.renumber()
        self.refresh_claims()
        self.query_one("#dbf-form", VerticalScroll).scroll_home(animate=False)
        self._clean_state = self.form_state()
        self.refresh_bindings()

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

    def form_state(self) -> tuple[object, ...]:
        """Every value on the form, to tell whether anything changed since it was loaded."""
        values: list[object] = []
        for widget in self.query_one("#dbf-form").query("Input, TextArea, Select"):
            if isinstance(widget, Input):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Select):
                values.append(widget.value)
        return tuple(values)

    #: How the app's ctrl+q question names this screen's unsaved edits.
    UNSAVED_WHAT = "the debrief"

    def has_unsaved_edits(self) -> bool:
        """The app's quit asks first when this is true (ctrl+q from any screen)."""
        return self.dirty

    DRAFT_KEY = "debrief.draft"
    DRAFT_WHAT = "the debrief"

    def draft_text(self) -> str | None:
        """The form as debrief TOML (None until it names a company)."""
        try:
            return dump_debrief(self.collect())
        except DebriefError:
            return None

    async def restore_draft_text(self, text: str) -> None:
        await self.show_debrief(parse_debrief(text, "draft"))
        self._clean_state = ()  # restored, not saved
        self.refresh_bindings()

    @property
    def dirty(self) -> bool:
        return self.form_state() != self._clean_state

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
            uncovered=split_topics(self.query_one("#dbf-topics", Input).value),
            path=self.loaded_path,
        )

    def set_status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#dbf-status", Static)
        status.update(text)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "saved", "-saved")

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

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    # -- the company list --------------------------------------------------------------------

    def load_companies(self) -> None:
        context = self.cs_app.context

        def work() -> None:
            from callback_sim.store.debriefs import list_companies

            self.post_message(self.CompaniesLoaded(list_companies(context.store())))

        self.cs_app.run_in_thread(work, name="debrief-companies", exclusive=True)

    def on_debrief_screen_companies_loaded(self, message: CompaniesLoaded) -> None:
        self.companies = message.names
        options = self.query_one("#dbf-companies", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(name, id=name) for name in message.names])
        options.add_option(Option("+ New debrief", id=NEW_ENTRY))
        options.loading = False
        current = self.loaded_key
        match = next((i for i, n in enumerate(message.names) if company_key(n) == current), None)
        options.highlighted = match if match is not None else (highlighted or 0)
        self.list_ready = True
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#dbf-companies")
    def _company_chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == NEW_ENTRY:
            self.action_new()
        else:
            self.open_company(option_id)

    def open_company(self, company: str) -> None:
        """Load a company's debrief into the form (asking first if edits would be lost)."""

        def load() -> None:
            context = self.cs_app.context

            def work() -> None:
                from callback_sim.store.debriefs import find_debrief

                self.post_message(
                    self.DebriefLoaded(company, find_debrief(context.store(), company))
                )

            self.cs_app.run_in_thread(work, name="debrief-load", exclusive=True)

        self.after_confirming_discard(load)

    async def on_debrief_screen_debrief_loaded(self, message: DebriefLoaded) -> None:
        if message.debrief is None:
            self.set_status(f"No debrief for {message.company} any more.", "error")
            self.load_companies()
            return
        await self.show_debrief(message.debrief)
        self.set_status(f"Opened {message.debrief.company}.")
        self.query_one("#dbf-company", Input).focus()

    def after_confirming_discard(self, then: Callable[[], object]) -> None:
        """Run `then()` (sync or async) now, or after the user agrees to drop unsaved changes."""
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        if not self.dirty:
            self.call_later(then)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_later(then)

        self.app.push_screen(
            ConfirmDialog(
                "This debrief has changes that are not saved. Drop them?",
                yes="Drop changes",
                no="Keep editing",
            ),
            answered,
        )

    # -- actions ---------------------------------------------------------------------------

    def focused_in(self, kind: type[Widget]) -> Widget | None:
        """The `kind` section holding focus (a person row, exchange or round), if any."""
        focused = self.focused
        if focused is None:
            return None
        if isinstance(focused, kind):
            return focused
        return next((a for a in focused.ancestors if isinstance(a, kind)), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return not self.saving
        if action == "remove":
            return any(self.focused_in(k) is not None for k in (PersonRow, ExchangeForm, RoundForm))
        if action == "delete":
            options = self.query_one("#dbf-companies", OptionList)
            return (
                self.focused is options
                and options.highlighted is not None
                and options.highlighted < len(self.companies)
            )
        return True

    def action_back(self) -> None:
        def leave() -> None:
            # Not awaited: a screen cannot await its own dismiss from its message handler.
            self.dismiss(None)

        self.after_confirming_discard(leave)

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            debrief = self.collect()
        except DebriefError as exc:
            self.set_status(f"Not saved: {exc}", "error")
            self.notify(str(exc), title="Not saved", severity="error")
            return
        self.saving = True
        self.set_status("Saving…")
        self.refresh_bindings()
        context = self.cs_app.context
        old_key = self.loaded_key

        def work() -> None:
            from callback_sim.store.debriefs import delete_debrief, save_debrief

            try:
                store = context.store()
                save_debrief(store, debrief)
                if old_key is not None and old_key != company_key(debrief.company):
                    # Renamed: the debrief moves to the new name rather than being copied.
                    delete_debrief(store, old_key)
            except CallbackSimError as exc:
                self.post_message(self.Failed(str(exc)))
                return
            self.post_message(self.Saved(debrief))

        self.cs_app.run_in_thread(work, name="debrief-save")

    def on_debrief_screen_saved(self, message: Saved) -> None:
        self.saving = False
        self.loaded_key = company_key(message.debrief.company)
        self._clean_state = self.form_state()
        n = len(message.debrief.exchanges())
        self.set_status(
            f"✓ Saved {message.debrief.company}: {n} exchange{'s' if n != 1 else ''}, "
            f"{len(message.debrief.uncovered)} topic(s) not covered.",
            "saved",
        )
        self.notify(f"Debrief for {message.debrief.company} saved.")
        self.load_companies()
        self.cs_app.reload_home()
        self.refresh_bindings()

    def on_debrief_screen_failed(self, message: Failed) -> None:
        self.saving = False
        self.set_status(f"Not done: {message.reason}", "error")
        self.notify(message.reason, title="Not done", severity="error", timeout=10)
        self.refresh_bindings()

    def action_new(self) -> None:
        async def clear() -> None:
            await self.show_debrief(None)
            self.query_one("#dbf-companies", OptionList).highlighted = None
            self.set_status("New debrief: start with the company name.")
            self.query_one("#dbf-company", Input).focus()

        self.after_confirming_discard(clear)

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

    def action_delete(self) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        options = self.query_one("#dbf-companies", OptionList)
        index = options.highlighted
        if index is None or index >= len(self.companies):
            return
        company = self.companies[index]
        context = self.cs_app.context

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def work() -> None:
                from callback_sim.store.debriefs import delete_debrief

                try:
                    delete_debrief(context.store(), company)
                except CallbackSimError as exc:
                    self.post_message(self.Failed(str(exc)))
                    return
                self.post_message(self.Deleted(company))

            self.cs_app.run_in_thread(work, name="debrief-delete")

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the round-one debrief for {company}? Sessions already practised are kept.",
                yes="Delete",
                no="Keep it",
            ),
            answered,
        )

    async def on_debrief_screen_deleted(self, message: Deleted) -> None:
        if self.loaded_key == company_key(message.company):
            await self.show_debrief(None)
        self.set_status(f"Deleted the debrief for {message.company}.", "saved")
        self.load_companies()
        self.cs_app.reload_home()

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
                await self.show_debrief(replace(debrief, path=None))
                self.loaded_key = None  # a new debrief until saved (saving a known name updates it)
                self._clean_state = ()  # unsaved: leaving asks first
                n = len(debrief.exchanges())
                self.set_status(
                    f"Read {n} exchange{'s' if n != 1 else ''} from your notes; check them, "
                    "then ctrl+s to save."
                )
                self.refresh_bindings()

            self.after_confirming_discard(fill)

        self.app.push_screen(NotesPasteScreen(), answered)

    def palette_commands(self) -> list[SystemCommand]:
        """This screen's actions in the command palette, when they apply."""
        entries = [
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
        return [
            SystemCommand(title, help, callback)
            for action, title, help, callback in entries
            if self.check_action(action, ())
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
            yield TextArea(id="dbf-notes-text", soft_wrap=True)
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
