"""The company list and form that the debrief and prep-kit screens share.

Both screens list companies on the left and edit one company's form on the right. Opening a
company, starting a new form, deleting one and leaving all ask first when there are unsaved
changes; saving and deleting run in thread workers, and a company renamed on the form is
moved rather than copied. A subclass says only what is its own: the form's widgets, how to
fill and collect it, and which store functions read, save and delete it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast

from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from callback_sim.core.errors import CallbackSimError
from callback_sim.core.kit import company_key
from callback_sim.tui.screens.form_drafts import FormDraftScreen
from callback_sim.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from callback_sim.store.sessions import Store

NEW_ENTRY = "\x00new"  # option id of the "+ New …" entry at the end of the company list


class CompanyForm(Protocol):
    """What the screen needs of the thing its form edits: whose it is."""

    @property
    def company(self) -> str: ...


FormT = TypeVar("FormT", bound=CompanyForm)

#: One line of the company list: (company, label shown).
CompanyEntry = tuple[str, str]

#: A palette entry: (action it checks, title, help, callback).
PaletteEntry = tuple[str, str, str, Callable[[], object]]


class CompanyFormScreen(FormDraftScreen, Generic[FormT]):
    """A company list beside one company's form (see the module docstring)."""

    #: Prefix of the shared widgets' ids: `{ID_PREFIX}-columns`, `-list-panel`, `-companies`
    #: (the list), `-company` (the company name field) and `-status`.
    ID_PREFIX: ClassVar[str] = "form"
    #: Prefix of the worker names (`{WORKER}-save`, `{WORKER}-load`, …).
    WORKER: ClassVar[str] = "form"
    #: What one form is, in messages ("debrief", "prep kit").
    NOUN: ClassVar[str] = "form"
    #: Title of the list panel and the label of its last entry.
    LIST_TITLE: ClassVar[str] = "Companies"
    NEW_LABEL: ClassVar[str] = "+ New"
    #: Status after a stored form is opened; `{company}` is filled in.
    OPENED: ClassVar[str] = "Opened {company}."
    #: The delete question; `{company}` is filled in.
    DELETE_QUESTION: ClassVar[str] = "Delete {company}?"
    #: What `collect()` raises, naming the first thing to fix.
    FORM_ERROR: ClassVar[type[CallbackSimError]] = CallbackSimError

    class CompaniesLoaded(Message):
        """The company list, read by a worker; the first `stored` entries have a saved form."""

        def __init__(self, entries: list[CompanyEntry], stored: int) -> None:
            super().__init__()
            self.entries = entries
            self.stored = stored

    class Loaded(Message):
        """One company's form, read by a worker: None when it has gone; `stored` is False
        for a fresh form named after the company (nothing saved yet)."""

        def __init__(self, company: str, form: Any, stored: bool = True) -> None:
            super().__init__()
            self.company = company
            self.form = form
            self.stored = stored

    class Saved(Message):
        """A worker stored the form."""

        def __init__(self, form: Any) -> None:
            super().__init__()
            self.form = form

    class Deleted(Message):
        """A worker removed a company's form."""

        def __init__(self, company: str) -> None:
            super().__init__()
            self.company = company

    class Failed(Message):
        """A worker could not do what was asked; `reason` is one line."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, company: str | None = None) -> None:
        super().__init__()
        self.initial_company = company
        #: Key of the company the form was loaded from (None for a new form).
        self.loaded_key: str | None = None
        self.companies: list[str] = []  # the list's companies, in option order
        self.stored_count = 0  # the first stored_count of `companies` have a saved form
        self.list_ready = False  # the company list has been read at least once
        self.saving = False
        self._clean_state: tuple[object, ...] = ()

    # -- what a subclass provides ----------------------------------------------------------

    def compose_form(self) -> ComposeResult:
        """The form, right of the company list."""
        raise NotImplementedError

    async def fill_form(self, form: FormT | None) -> None:
        """Put `form` (a blank one when None) into the widgets."""
        raise NotImplementedError

    def collect(self) -> FormT:
        """What the form describes; FORM_ERROR names the first thing to fix."""
        raise NotImplementedError

    def dump_form(self, form: FormT) -> str:
        """The form as the text a draft keeps (the file format the form saves as)."""
        raise NotImplementedError

    def parse_draft(self, text: str) -> FormT:
        """A kept draft's text read back."""
        raise NotImplementedError

    def saved_status(self, form: FormT) -> str:
        """The status line after `form` was saved."""
        raise NotImplementedError

    def palette_entries(self) -> list[PaletteEntry]:
        """This screen's palette entries; those whose action does not apply are left out."""
        return []

    def focus_start(self) -> None:
        """Where focus goes when the screen opens without a company: the list (enter opens
        one, or the last entry starts a new form)."""
        self.company_list.focus()

    def changed(self) -> None:
        """After a save or delete: re-read what shows the stored forms."""
        self.load_companies()

    # Store calls, run in a worker thread.

    def read_companies(self, store: Store) -> tuple[list[CompanyEntry], int]:
        """The company list's entries, and how many of the first have a stored form."""
        raise NotImplementedError

    def read_form(self, store: Store, company: str) -> tuple[FormT | None, bool]:
        """The company's form and whether it is stored (None, True when it has gone)."""
        raise NotImplementedError

    def save_form(self, store: Store, form: FormT) -> FormT:
        """Store `form` as its company's, replacing an earlier one; returns what was stored."""
        raise NotImplementedError

    def delete_form(self, store: Store, company: str) -> None:
        """Remove the company's form."""
        raise NotImplementedError

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        p = self.ID_PREFIX
        yield Header()
        with Horizontal(id=f"{p}-columns"):
            with Vertical(id=f"{p}-list-panel") as panel:
                panel.border_title = self.LIST_TITLE
                yield OptionList(id=f"{p}-companies")
            yield from self.compose_form()
        yield Static("", id=f"{p}-status", markup=False)
        yield KeysFooter(compact=True)

    @property
    def company_list(self) -> OptionList:
        return self.query_one(f"#{self.ID_PREFIX}-companies", OptionList)

    @property
    def company_input(self) -> Input:
        return self.query_one(f"#{self.ID_PREFIX}-company", Input)

    async def on_mount(self) -> None:
        self.company_list.loading = True
        await self.show_form(None)
        self.load_companies()
        if self.initial_company:
            self.open_company(self.initial_company)
        else:
            self.focus_start()
        self.offer_draft()

    # -- the form --------------------------------------------------------------------------

    async def show_form(self, form: FormT | None) -> None:
        """Fill the form with `form` (a blank one when None) and mark it unchanged."""
        await self.fill_form(form)
        self.loaded_key = company_key(form.company) if form is not None else None
        self.mark_clean()

    def form_state(self) -> tuple[object, ...]:
        """Every value on the form, to tell whether anything changed since it was loaded."""
        values: list[object] = []
        form = self.query_one(f"#{self.ID_PREFIX}-columns")
        for widget in form.query("Input, TextArea, Select, Checkbox"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Input | Select | Checkbox):
                values.append(widget.value)
        return tuple(values)

    def mark_clean(self) -> None:
        """What the form holds now is what is stored."""
        self._clean_state = self.form_state()
        self.refresh_bindings()

    def mark_unsaved(self) -> None:
        """The form holds something not stored yet, even if untouched: leaving asks first."""
        self._clean_state = ()
        self.refresh_bindings()

    @property
    def dirty(self) -> bool:
        return self.form_state() != self._clean_state

    def has_unsaved_edits(self) -> bool:
        """The app's quit asks first when this is true (ctrl+q from any screen)."""
        return self.dirty

    def draft_text(self) -> str | None:
        """The form as text to keep (None until it names a company and its fields read)."""
        try:
            return self.dump_form(self.collect())
        except self.FORM_ERROR:
            return None

    async def restore_draft_text(self, text: str) -> None:
        await self.show_form(self.parse_draft(text))
        self.mark_unsaved()  # restored, not saved

    def set_status(self, text: str, kind: str = "") -> None:
        status = self.query_one(f"#{self.ID_PREFIX}-status", Static)
        status.update(text)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "saved", "-saved")

    def focused_in(self, kind: type[Widget]) -> Widget | None:
        """The `kind` section holding focus (a row or part of the form), if any."""
        focused = self.focused
        if focused is None:
            return None
        if isinstance(focused, kind):
            return focused
        return next((a for a in focused.ancestors if isinstance(a, kind)), None)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

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
                f"This {self.NOUN} has changes that are not saved. Drop them?",
                yes="Drop changes",
                no="Keep editing",
            ),
            answered,
        )

    # -- the company list ------------------------------------------------------------------

    def load_companies(self) -> None:
        context = self.cs_app.context

        def work() -> None:
            self.post_message(self.CompaniesLoaded(*self.read_companies(context.store())))

        self.cs_app.run_in_thread(work, name=f"{self.WORKER}-companies", exclusive=True)

    def on_company_form_screen_companies_loaded(self, message: CompaniesLoaded) -> None:
        self.companies = [company for company, _ in message.entries]
        self.stored_count = message.stored
        options = self.company_list
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(label, id=company) for company, label in message.entries])
        options.add_option(Option(self.NEW_LABEL, id=NEW_ENTRY))
        options.loading = False
        match = next(
            (i for i, c in enumerate(self.companies) if company_key(c) == self.loaded_key), None
        )
        # Else the entry the cursor was on (after a delete, the one that took its place).
        options.highlighted = match if match is not None else (highlighted or 0)
        self.list_ready = True
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.company_list:
            return
        option_id = event.option.id or ""
        if option_id == NEW_ENTRY:
            self.action_new()
        else:
            self.open_company(option_id)

    def open_company(self, company: str) -> None:
        """Load a company's form (asking first if edits would be lost)."""
        context = self.cs_app.context

        def load() -> None:
            def work() -> None:
                form, stored = self.read_form(context.store(), company)
                self.post_message(self.Loaded(company, form, stored))

            self.cs_app.run_in_thread(work, name=f"{self.WORKER}-load", exclusive=True)

        self.after_confirming_discard(load)

    async def on_company_form_screen_loaded(self, message: Loaded) -> None:
        form = cast("FormT | None", message.form)
        if form is None:
            self.set_status(f"No {self.NOUN} for {message.company} any more.", "error")
            self.load_companies()
            return
        await self.show_form(form)
        if message.stored:
            self.set_status(self.OPENED.format(company=form.company))
        else:
            # Not stored yet: the name is filled in, so leaving it untouched is still "unsaved".
            self.loaded_key = None
            self.mark_unsaved()
            self.set_status(f"New {self.NOUN} for {form.company}: ctrl+s saves it.")
        self.company_input.focus()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return not self.saving
        if action == "delete":
            options = self.company_list
            return (
                self.focused is options
                and options.highlighted is not None
                and options.highlighted < self.stored_count
            )
        return True

    def action_back(self) -> None:
        def leave() -> None:
            # Not awaited: a screen cannot await its own dismiss from its message handler.
            self.dismiss(None)

        self.after_confirming_discard(leave)

    def action_new(self) -> None:
        async def clear() -> None:
            await self.show_form(None)
            self.company_list.highlighted = None
            self.set_status(f"New {self.NOUN}: start with the company name.")
            self.company_input.focus()

        self.after_confirming_discard(clear)

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            form = self.collect()
        except self.FORM_ERROR as exc:
            self.set_status(f"Not saved: {exc}", "error")
            self.notify(str(exc), title="Not saved", severity="error")
            return
        self.saving = True
        self.set_status("Saving…")
        self.refresh_bindings()
        context = self.cs_app.context
        old_key = self.loaded_key

        def work() -> None:
            try:
                store = context.store()
                saved = self.save_form(store, form)
                if old_key is not None and old_key != company_key(form.company):
                    # Renamed: the form moves to the new name rather than being copied.
                    self.delete_form(store, old_key)
            except CallbackSimError as exc:
                self.post_message(self.Failed(str(exc)))
                return
            self.post_message(self.Saved(saved))

        self.cs_app.run_in_thread(work, name=f"{self.WORKER}-save")

    def on_company_form_screen_saved(self, message: Saved) -> None:
        form = cast("FormT", message.form)
        self.saving = False
        self.loaded_key = company_key(form.company)
        self._clean_state = self.form_state()
        self.set_status(self.saved_status(form), "saved")
        self.notify(f"{self.NOUN.capitalize()} for {form.company} saved.")
        self.changed()
        self.refresh_bindings()

    def on_company_form_screen_failed(self, message: Failed) -> None:
        self.saving = False
        self.set_status(f"Not done: {message.reason}", "error")
        self.notify(message.reason, title="Not done", severity="error", timeout=10)
        self.refresh_bindings()

    def action_delete(self) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        index = self.company_list.highlighted
        if index is None or index >= self.stored_count:
            return
        company = self.companies[index]
        context = self.cs_app.context

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def work() -> None:
                try:
                    self.delete_form(context.store(), company)
                except CallbackSimError as exc:
                    self.post_message(self.Failed(str(exc)))
                    return
                self.post_message(self.Deleted(company))

            self.cs_app.run_in_thread(work, name=f"{self.WORKER}-delete")

        self.app.push_screen(
            ConfirmDialog(self.DELETE_QUESTION.format(company=company), yes="Delete", no="Keep it"),
            answered,
        )

    async def on_company_form_screen_deleted(self, message: Deleted) -> None:
        if self.loaded_key == company_key(message.company):
            await self.show_form(None)
        self.set_status(f"Deleted the {self.NOUN} for {message.company}.", "saved")
        self.changed()

    def palette_commands(self) -> list[SystemCommand]:
        """This screen's actions in the command palette, when they apply."""
        return [
            SystemCommand(title, help, callback)
            for action, title, help, callback in self.palette_entries()
            if self.check_action(action, ())
        ]
