"""The callback prep kit, per company: start plan, references and the questions to ask.

Three tabs over one company's kit. The start plan exports to Markdown (`plan_markdown`);
references show a warning while any is not briefed and a round is coming
(`unbriefed_warnings`), and each has a briefing note to copy; every question to ask is
labelled curious or due diligence as it is typed (`classify_question`). Loading and saving
run in thread workers (`store.kit`); nothing is ever sent anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from callback_sim.core.kit import (
    Kit,
    KitError,
    Reference,
    StartPlan,
    Transition,
    briefing_note,
    company_key,
    dump_kit,
    parse_kit,
    plan_markdown,
    unbriefed_warnings,
)
from callback_sim.tui.screens.company_form import CompanyEntry, CompanyFormScreen, PaletteEntry
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.form_input import FormInput
from callback_sim.tui.widgets.kit_forms import AskRow, ReferenceForm, parse_kit_day
from callback_sim.tui.widgets.list_field import ListArea
from callback_sim.tui.widgets.text_area import WrappingTextArea

if TYPE_CHECKING:
    from callback_sim.store.sessions import Store

#: The start plan's list fields: (field id, label, placeholder), typed one item per line.
PLAN_LISTS: tuple[tuple[str, str, str], ...] = (
    ("day30", "30 days", "Meet every account manager"),
    ("day60", "60 days", "Ship the self-serve invoice export"),
    ("day90", "90 days", "Cut billing support tickets by 20 percent"),
    ("people", "People", "Dana Cole (Director of Product)"),
    ("skills", "Skills", "FHIR data standards"),
    ("information_needed", "Still need", "How pricing decisions are made"),
)


def export_path(data_dir: Path, company: str) -> Path:
    """Where the start plan is written unless the user types another path."""
    slug = "-".join(company_key(company).split()) or "company"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in slug)
    return data_dir / "exports" / f"{safe}-start-plan.md"


def is_blank(form: Widget) -> bool:
    """Whether nothing has been typed into `form` (its text fields are all empty)."""
    return not any(i.value.strip() for i in form.query(Input)) and not any(
        a.text.strip() for a in form.query(TextArea)
    )


class KitScreen(CompanyFormScreen[Kit]):
    """List, open, add, edit and delete prep kits; export the plan; briefing notes."""

    CSS_PATH = "kit.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="kit.back"),
        Binding("ctrl+s", "save", "Save", id="kit.save", priority=True),
        Binding("ctrl+n", "new", "New", id="kit.new", priority=True),
        Binding("ctrl+r", "add_reference", "+Reference", id="kit.add_reference", priority=True),
        Binding("ctrl+t", "add_question", "+Question", id="kit.add_question", priority=True),
        Binding("ctrl+g", "remove", "Remove", id="kit.remove", priority=True),
        Binding("ctrl+b", "note", "Briefing note", id="kit.note", priority=True),
        Binding("ctrl+f", "export", "Export plan", id="kit.export", priority=True),
        Binding("delete", "delete", "Delete", id="kit.delete"),
    ]

    ID_PREFIX = "kit"
    WORKER = "kit"
    NOUN = "prep kit"
    LIST_TITLE = "Prep kits"
    NEW_LABEL = "+ New kit"
    OPENED = "Opened the prep kit for {company}."
    DELETE_QUESTION = "Delete the prep kit for {company}? Its round-one debrief is kept."
    FORM_ERROR = KitError

    #: How the app's ctrl+q question names this screen's unsaved edits.
    UNSAVED_WHAT = "the prep kit"
    DRAFT_KEY = "kit.draft"
    DRAFT_WHAT = "the prep kit"

    class Exported(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(
        self, company: str | None = None, *, today: Callable[[], date] | None = None
    ) -> None:
        super().__init__(company)
        self.today = today or date.today

    # -- layout ---------------------------------------------------------------------------

    def compose_form(self) -> ComposeResult:
        with Vertical(id="kit-main"):
            with Horizontal(classes="kit-row"):
                yield Label("Company", classes="kit-label")
                yield FormInput(placeholder="e.g. Acme Health", compact=True, id="kit-company")
            with Horizontal(classes="kit-row"):
                yield Label("Role", classes="kit-label")
                yield FormInput(
                    placeholder="e.g. Senior Product Manager", compact=True, id="kit-role"
                )
                yield Label("Next round", classes="kit-label kit-label-2")
                yield FormInput(placeholder="YYYY-MM-DD", compact=True, id="kit-next-round")
            yield Static("", id="kit-warnings", markup=False)
            with TabbedContent(id="kit-tabs"):
                with (
                    TabPane("Start plan", id="kit-plan"),
                    VerticalScroll(id="kit-plan-form", can_focus=False),
                ):
                    yield Static("One item per line. Transition plan below.", classes="kit-hint")
                    for field, label, hint in PLAN_LISTS:
                        with Horizontal(classes="kit-area-row"):
                            yield Label(label, classes="kit-label")
                            yield ListArea(
                                id=f"kit-{field}", placeholder=f"e.g. {hint}", classes="kit-list"
                            )
                    with Horizontal(classes="kit-row"):
                        yield Label("Notice", classes="kit-label")
                        yield FormInput(
                            placeholder="e.g. four weeks", compact=True, id="kit-notice"
                        )
                        yield Label("Start", classes="kit-label kit-label-2")
                        yield FormInput(
                            placeholder="e.g. 2027-01-11 or words",
                            compact=True,
                            id="kit-earliest",
                        )
                    with Horizontal(classes="kit-area-row"):
                        yield Label("Handover", classes="kit-label")
                        yield ListArea(
                            id="kit-handover",
                            placeholder="e.g. Hand the mobile roadmap to Sam",
                            classes="kit-list",
                        )
                with TabPane("References", id="kit-refs"):
                    yield VerticalScroll(id="kit-refs-list", can_focus=False)
                with TabPane("Questions to ask", id="kit-asks"):
                    yield VerticalScroll(id="kit-asks-list", can_focus=False)

    # -- the form ---------------------------------------------------------------------------

    async def fill_form(self, kit: Kit | None) -> None:
        k = kit or Kit(company="(new)")
        self.query_one("#kit-company", Input).value = kit.company if kit else ""
        self.query_one("#kit-role", Input).value = k.role
        self.query_one("#kit-next-round", Input).value = (
            k.next_round.isoformat() if k.next_round else ""
        )
        plan = k.plan
        for field, _, _ in PLAN_LISTS:
            self.query_one(f"#kit-{field}", ListArea).show_items(getattr(plan, field))
        self.query_one("#kit-notice", Input).value = plan.transition.notice_period
        self.query_one("#kit-earliest", Input).value = plan.transition.earliest_start
        self.query_one("#kit-handover", ListArea).show_items(plan.transition.handover)
        refs = self.query_one("#kit-refs-list", VerticalScroll)
        await refs.remove_children()
        await refs.mount_all([ReferenceForm(r) for r in k.references] or [ReferenceForm()])
        asks = self.query_one("#kit-asks-list", VerticalScroll)
        await asks.remove_children()
        await asks.mount_all([AskRow(q) for q in k.questions] or [AskRow()])
        self.renumber()
        self.show_warnings()

    def reference_forms(self) -> list[ReferenceForm]:
        return list(self.query_one("#kit-refs-list").query_children(ReferenceForm))

    def ask_rows(self) -> list[AskRow]:
        return list(self.query_one("#kit-asks-list").query_children(AskRow))

    def renumber(self) -> None:
        for n, form in enumerate(self.reference_forms(), start=1):
            form.set_title(f"Reference {n}")

    def dump_form(self, form: Kit) -> str:
        return dump_kit(form)

    def parse_draft(self, text: str) -> Kit:
        return parse_kit(text, "draft").kit

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def collect_plan(self) -> StartPlan:
        """The start plan and transition plan the first tab describes."""
        lists = {
            field: self.query_one(f"#kit-{field}", ListArea).items for field, _, _ in PLAN_LISTS
        }
        return StartPlan(
            **lists,
            transition=Transition(
                notice_period=self._value("#kit-notice"),
                handover=self.query_one("#kit-handover", ListArea).items,
                earliest_start=self._value("#kit-earliest"),
            ),
        )

    def collect_references(self) -> tuple[Reference, ...]:
        refs = [
            r
            for n, form in enumerate(self.reference_forms(), start=1)
            if (r := form.value(f"Reference {n}")) is not None
        ]
        seen: set[str] = set()
        for r in refs:
            if r.name.casefold() in seen:
                raise KitError([f"References: {r.name} is listed twice; keep one"])
            seen.add(r.name.casefold())
        return tuple(refs)

    def collect(self) -> Kit:
        """The kit the form describes; KitError names the first thing to fix."""
        company = self._value("#kit-company")
        if not company:
            raise KitError(["Company: give the company a name"])
        return Kit(
            company=company,
            role=self._value("#kit-role"),
            next_round=parse_kit_day(self._value("#kit-next-round"), "Next round"),
            plan=self.collect_plan(),
            references=self.collect_references(),
            questions=tuple(q for row in self.ask_rows() if (q := row.question)),
        )

    def show_warnings(self) -> None:
        """Warn about references not briefed while a round is coming (as the form stands)."""
        box = self.query_one("#kit-warnings", Static)
        try:
            next_round = parse_kit_day(self._value("#kit-next-round"), "Next round")
            refs = self.collect_references()
        except KitError:
            return  # half-typed dates: keep the last warning until the field makes sense
        warnings = unbriefed_warnings(refs, next_round, self.today())
        box.update("\n".join(f"⚠ {w}" for w in warnings))
        box.display = bool(warnings)

    def saved_status(self, form: Kit) -> str:
        from callback_sim.core.text import counted

        return (
            f"✓ Saved the prep kit for {form.company}: "
            f"{counted(len(form.references), 'reference')}, "
            f"{counted(len(form.questions), 'question')} to ask."
        )

    # -- the store (called in a worker thread) ------------------------------------------------

    def read_companies(self, store: Store) -> tuple[list[CompanyEntry], int]:
        """Companies with a kit, then those with only a debrief (a kit can be started for them)."""
        from callback_sim.store.debriefs import list_companies
        from callback_sim.store.kit import list_kit_companies

        kits = list_kit_companies(store)
        have = {company_key(k) for k in kits}
        debriefs = [d for d in list_companies(store) if company_key(d) not in have]
        entries = [(name, name) for name in kits] + [(d, f"{d} (debrief)") for d in debriefs]
        return entries, len(kits)

    def read_form(self, store: Store, company: str) -> tuple[Kit | None, bool]:
        """The company's kit, or a fresh one named after it (and its debrief's role)."""
        from callback_sim.store.debriefs import find_debrief
        from callback_sim.store.kit import get_kit

        kit = get_kit(store, company)
        if kit is not None:
            return kit, True
        debrief = find_debrief(store, company)
        name, role = (debrief.company, debrief.role) if debrief else (company, "")
        return Kit(company=name, role=role), False

    def save_form(self, store: Store, form: Kit) -> Kit:
        from callback_sim.store.kit import save_kit

        return save_kit(store, form)

    def delete_form(self, store: Store, company: str) -> None:
        from callback_sim.store.kit import delete_kit

        delete_kit(store, company)

    # -- live updates ------------------------------------------------------------------------

    @on(Input.Changed, "#kit-next-round, .kit-ref-name, .kit-ref-briefed")
    def _briefing_changed(self) -> None:
        self.show_warnings()

    @on(Checkbox.Changed, ".kit-ref-jd")
    def _jd_changed(self) -> None:
        self.show_warnings()

    @on(Input.Changed, ".kit-ask-input")
    def _ask_changed(self, event: Input.Changed) -> None:
        row = next((a for a in event.input.ancestors if isinstance(a, AskRow)), None)
        if row is not None:
            row.show_verdict()

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.has_class("kit-ask-input"):
            # Enter after a question starts the next one.
            await self.action_add_question()
        else:
            self.focus_next()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    # -- actions ---------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one("#kit-tabs", TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.focused_in(ReferenceForm) is not None or self.focused_in(AskRow) is not None
        if action == "note":
            return self.active_tab == "kit-refs"
        if action == "export":
            return self.active_tab == "kit-plan"
        return super().check_action(action, parameters)

    async def action_add_reference(self) -> None:
        self.query_one("#kit-tabs", TabbedContent).active = "kit-refs"
        # The blank "Reference 1" a new kit starts with is filled first, not left beside it.
        blank = next((f for f in self.reference_forms() if is_blank(f)), None)
        form = blank or ReferenceForm()
        if blank is None:
            await self.query_one("#kit-refs-list").mount(form)
        self.renumber()
        form.query_one(Input).focus()
        form.scroll_visible()
        self.show_warnings()

    async def action_add_question(self) -> None:
        self.query_one("#kit-tabs", TabbedContent).active = "kit-asks"
        row = AskRow()
        holder = self.query_one("#kit-asks-list")
        after = self.focused_in(AskRow)
        if isinstance(after, AskRow):
            await holder.mount(row, after=after)
        else:
            await holder.mount(row)
        row.query_one(Input).focus()
        row.scroll_visible()

    async def action_remove(self) -> None:
        section = self.focused_in(ReferenceForm) or self.focused_in(AskRow)
        if section is None:
            return
        self.focus_next()
        await section.remove()
        self.renumber()
        self.show_warnings()
        self.refresh_bindings()

    def action_note(self) -> None:
        """Show the briefing note of the reference holding focus (or the first)."""
        form = self.focused_in(ReferenceForm)
        forms = self.reference_forms()
        target = form if isinstance(form, ReferenceForm) else (forms[0] if forms else None)
        try:
            reference = target.value("Reference") if target is not None else None
        except KitError as exc:
            self.set_status(str(exc), "error")
            return
        if reference is None:
            self.set_status("Name the reference first: the note is written to them.", "error")
            return
        company = self._value("#kit-company") or "the company"
        note = briefing_note(reference, company, self._value("#kit-role"))
        self.app.push_screen(KitNoteScreen(reference.name, note))

    def action_export(self) -> None:
        company = self._value("#kit-company")
        if not company:
            self.set_status("Name the company first: the plan is exported under its name.", "error")
            return
        plan = self.collect_plan()
        default = export_path(self.cs_app.context.paths.data_dir, company)

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            text = plan_markdown(plan, heading=f"# Start plan: {company}")

            def work() -> None:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                except OSError as exc:
                    reason = exc.strerror or str(exc)
                    self.post_message(self.Failed(f"{target}: cannot write the plan ({reason})"))
                    return
                self.post_message(self.Exported(target))

            self.cs_app.run_in_thread(work, name="kit-export")

        self.app.push_screen(KitExportScreen(default), chosen)

    def on_kit_screen_exported(self, message: Exported) -> None:
        self.set_status(f"✓ Start plan written to {message.path}", "saved")
        self.notify(f"Start plan written to {message.path}", title="Exported", timeout=8)

    def palette_entries(self) -> list[PaletteEntry]:
        return [
            ("save", "Save prep kit", "Store this kit (ctrl+s)", self.action_save),
            ("new", "New prep kit", "Start an empty kit (ctrl+n)", self.action_new),
            ("export", "Export start plan", "Write it as Markdown (ctrl+f)", self.action_export),
            ("note", "Briefing note", "A note to copy to a reference (ctrl+b)", self.action_note),
        ]


class KitNoteScreen(ModalScreen[None]):
    """A reference's briefing note, selectable so it can be copied; nothing is sent."""

    CSS_PATH = "kit.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="kit_note.close"),
        Binding("ctrl+a", "select_all", "Select all", id="kit_note.select_all", priority=True),
    ]

    def __init__(self, name: str, note: str) -> None:
        super().__init__()
        self.reference_name = name
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="kit-note") as box:
            box.border_title = f"Briefing note for {self.reference_name}"
            yield WrappingTextArea(self.note, read_only=True, soft_wrap=True, id="kit-note-text")
            yield Static(
                "Select text and press ctrl+c to copy it into your own mail client; "
                "nothing is sent from here.",
                classes="kit-hint",
            )
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#kit-note-text", TextArea).focus()

    def action_select_all(self) -> None:
        self.query_one("#kit-note-text", TextArea).select_all()

    def action_close(self) -> None:
        self.dismiss(None)


class KitExportScreen(ModalScreen[str | None]):
    """Ask where to write the start plan; Enter writes it there, Escape cancels."""

    CSS_PATH = "kit.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="kit_export.cancel"),
    ]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="kit-export") as box:
            box.border_title = "Export the start plan as Markdown"
            yield Label("Write it to (Enter writes, Escape cancels):", classes="kit-hint")
            yield FormInput(str(self.default), id="kit-export-path")
        yield KeysFooter(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
