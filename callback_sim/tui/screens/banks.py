"""The bank browser and editor: every bank, fuzzy search, question details, and editing.

Built-in banks are read-only: copy one (c) to get a user bank that keeps its comments.
Every change goes through `callback_sim.bankfiles` (comment-preserving, atomic, with a
dated `.bak` of the previous version, the last five kept) in a thread worker; the banks
are then reloaded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from callback_sim.core.banks import BankSet, BankValidationError, parse_bank
from callback_sim.core.models import PERSONAS, Bank, Question, TermResult
from callback_sim.tui.widgets.bank_terms import HELP, format_terms, parse_terms
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.text_area import WrappingTextArea

if TYPE_CHECKING:
    from callback_sim.bankfiles import BankText
    from callback_sim.tui.context import ScreenHost

#: Matches below this rapidfuzz score (0-100) are left out of a search.
SEARCH_CUTOFF = 60.0


def search_questions(questions: tuple[Question, ...], query: str) -> list[Question]:
    """Questions matching `query` best first (rapidfuzz over prompt and tags); all when blank."""
    if not query.strip():
        return list(questions)
    from rapidfuzz import fuzz, process, utils

    choices = [f"{q.prompt} {' '.join(q.tags)} {q.id}" for q in questions]
    found = process.extract(
        query,
        choices,
        scorer=fuzz.partial_token_set_ratio,
        processor=utils.default_process,
        score_cutoff=SEARCH_CUTOFF,
        limit=None,
    )
    # Stable for equal scores: bank order.
    return [questions[index] for _, _, index in sorted(found, key=lambda f: (-f[1], f[2]))]


def question_details(question: Question) -> Content:
    """A question with its settings and rubric, for the detail pane."""
    parts: list[Content | str] = [
        Content.styled(question.prompt, "bold"),
        "\n",
        Content.styled(
            f"{question.id} · {question.category} · {question.persona or 'any persona'} · "
            f"{question.time_limit} s"
            + (f" · tags: {', '.join(question.tags)}" if question.tags else ""),
            "$text-muted",
        ),
    ]
    for sign, terms, style in (
        ("+", question.rubric, "$text-success"),
        ("−", question.avoid, "$text-error"),
    ):
        for term in terms:
            extra = ", required" if term.required else ""
            signals = f" {term.tags}" if term.tags else ""
            parts += [
                "\n",
                Content.styled(f"{sign} {term.label}", f"bold {style}"),
                f" ({term.weight:g}{extra}): {'; '.join(term.phrases)}{signals}",
            ]
    if not question.rubric:
        parts += [
            "\n",
            Content.styled("No rubric terms yet: edit the question to add some.", "$text-warning"),
        ]
    return Content.assemble(*parts)


def term_result_line(term: TermResult, *, avoid: bool) -> Content:
    """One Try-it line: found or not, and the phrase and answer text that matched."""
    if term.matched:
        mark = Content.styled(
            "✗ hit" if avoid else "✓", "bold $text-error" if avoid else "bold $text-success"
        )
        if term.source == "signal":
            said = f"  {term.signal} signal ← “{term.evidence}”"
        elif term.source == "meaning":
            said = f"  in other words, near “{term.phrase}” ← “{term.evidence}”"
        else:
            said = f"  “{term.phrase}” ← “{term.evidence}”"
        if term.source == "meaning":
            said += f" ({term.credit:.0%} of its weight)"
        elif term.cut == "recited":
            said += f" (in a sentence that recites the rubric: {term.credit:.0%} of its weight)"
        elif term.credit < 1:
            said += f" (in a keyword list: {term.credit:.0%} of its weight)"
        why = Content.styled(said, "italic $text-muted")
        return Content.assemble(mark, f" {term.label} ({term.weight:g})", why)
    mark = Content("  ok") if avoid else Content.styled("✗", "bold $text-error")
    return Content.assemble(mark, f" {term.label} ({term.weight:g})")


# -- messages from workers ---------------------------------------------------------------------


class BanksLoaded(Message):
    """The banks were (re)read; `select` names the bank and question to show."""

    def __init__(self, banks: BankSet, select: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        self.banks = banks
        self.select = select


class EditorReady(Message):
    """A user bank's text was read for the question editor."""

    def __init__(
        self,
        bank: Bank,
        text: BankText,
        question: Question | None,
        draft: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.text = text
        self.question = question
        self.draft = draft


# -- dialogs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewBankRequest:
    """What the new-bank dialog asks for; `copy_from` is set when copying a bank."""

    bank_id: str
    title: str
    category: str
    copy_from: str | None = None


class NewBankDialog(ModalScreen[NewBankRequest | None]):
    """Id, title and category of a new user bank (empty, or a copy of another bank)."""

    CSS_PATH = "banks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create", id="banks.dialog.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="banks.dialog.cancel"),
    ]

    def __init__(self, *, copy_from: Bank | None = None, taken: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.copy_from = copy_from
        self.taken = taken

    def compose(self) -> ComposeResult:
        source = self.copy_from
        with Vertical(id="new-bank"):
            heading = f"Copy “{source.title}” into a bank of your own" if source else "New bank"
            yield Static(heading, id="new-bank-heading", markup=False)
            yield Label("Id (letters, digits, . _ -)")
            yield Input(f"my-{source.id}" if source else "", id="new-id")
            yield Label("Title")
            yield Input(f"{source.title} (my copy)" if source else "", id="new-title")
            yield Label("Category")
            yield Input(source.category if source else "general", id="new-category")
            yield Static("", id="new-bank-error")
        yield KeysFooter()

    def action_create(self) -> None:
        from callback_sim.bankfiles import BankEditError, check_new_id

        bank_id = self.query_one("#new-id", Input).value.strip()
        try:
            check_new_id(bank_id, self.taken)
        except BankEditError as exc:
            self.query_one("#new-bank-error", Static).update(str(exc))
            return
        self.dismiss(
            NewBankRequest(
                bank_id=bank_id,
                title=self.query_one("#new-title", Input).value.strip() or bank_id,
                category=self.query_one("#new-category", Input).value.strip() or "general",
                copy_from=self.copy_from.id if self.copy_from else None,
            )
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_create()

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- the question editor -------------------------------------------------------------------------


class QuestionEditor(Screen[str | None]):
    """Edit one question of a user bank, checked as you type, with a live Try-it panel.

    Dismisses with the would-be file text when saved (the caller writes it), None on cancel.
    """

    CSS_PATH = "banks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    #: Seconds of quiet typing before the checks and the Try-it score are redone.
    CHECK_DELAY = 0.25
    #: How the app's ctrl+q question names this screen's unsaved edits.
    UNSAVED_WHAT = "the question editor"

    def __init__(
        self,
        bank: Bank,
        text: BankText,
        question: Question | None,
        draft: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.source = text
        self.original = question
        self.new_id = question.id if question else self._next_id()
        self.would_be: str | None = None
        self.errors: tuple[str, ...] = ()
        self._timer: Timer | None = None
        self._draft = draft
        self._clean: dict[str, str] | None = None

    def _next_id(self) -> str:
        from callback_sim.core.importer import next_number

        return (
            f"{self.bank.id}-{next_number(self.bank.id, (q.id for q in self.bank.questions)):03d}"
        )

    def compose(self) -> ComposeResult:
        q = self.original
        yield Header()
        with Horizontal(id="editor-columns"):
            with Vertical(id="editor-form") as form:
                form.border_title = (
                    f"{'Edit' if q else 'New'} question {self.new_id} · {self.bank.id}"
                )
                yield Label("Prompt")
                yield WrappingTextArea(
                    q.prompt if q else "", id="ed-prompt", soft_wrap=True, compact=True
                )
                with Horizontal(classes="ed-row"):
                    yield Label("Category", classes="ed-label")
                    yield Input(
                        q.category if q else self.bank.category, id="ed-category", compact=True
                    )
                    yield Label("Seconds", classes="ed-label")
                    yield Input(
                        str(q.time_limit if q else self.bank.time_limit),
                        id="ed-time",
                        compact=True,
                    )
                with Horizontal(classes="ed-row"):
                    yield Label("Persona", classes="ed-label")
                    yield Select(
                        [(p.replace("_", " "), p) for p in PERSONAS],
                        value=q.persona if q and q.persona else Select.NULL,
                        prompt="any persona",
                        id="ed-persona",
                        compact=True,
                    )
                with Horizontal(classes="ed-row"):
                    yield Label("Tags", classes="ed-label")
                    yield Input(
                        ", ".join(q.tags) if q else "",
                        placeholder="comma-separated",
                        id="ed-tags",
                        compact=True,
                    )
                yield Label("Rubric (+) and avoid (-) terms, one per line")
                yield WrappingTextArea(
                    format_terms(q.rubric, q.avoid) if q else "+ Key point (weight 1): ",
                    id="ed-terms",
                    soft_wrap=True,
                    compact=True,
                )
                yield Static(HELP, id="ed-help", markup=False)
            with Vertical(id="editor-try") as side:
                side.border_title = "Try it: a sample answer, scored as you type"
                yield WrappingTextArea("", id="ed-sample", soft_wrap=True, compact=True)
                with VerticalScroll(id="ed-result-scroll"):
                    yield Static("", id="ed-result")
        yield Static("", id="ed-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        for area in self.query(TextArea):
            area.cursor_blink = False
        self.query_one("#ed-prompt", TextArea).focus()
        self._clean = self.form_values()
        self.refresh_checks()
        if self._draft is not None and self._draft != self._clean:
            self._offer_draft(self._draft)

    # -- unsaved edits and drafts -----------------------------------------------------------

    #: The form fields a draft keeps, by widget id.
    DRAFT_FIELDS: ClassVar[tuple[str, ...]] = (
        "ed-prompt",
        "ed-category",
        "ed-time",
        "ed-persona",
        "ed-tags",
        "ed-terms",
    )

    def form_values(self) -> dict[str, str]:
        """What the form holds now, as text (the persona as its id, or "")."""
        values: dict[str, str] = {}
        for name in self.DRAFT_FIELDS:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Input):
                values[name] = widget.value
            elif isinstance(widget, Select):
                values[name] = "" if widget.value is Select.NULL else str(widget.value)
        return values

    def fill(self, values: dict[str, str]) -> None:
        """Put draft values back into the form."""
        for name, value in values.items():
            if name not in self.DRAFT_FIELDS:
                continue
            widget = self.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value
            elif isinstance(widget, Select):
                widget.value = value if value in PERSONAS else Select.NULL
        self.refresh_checks()

    def has_unsaved_edits(self) -> bool:
        """The app's quit (and escape) ask first when this is true."""
        return self._clean is not None and self.form_values() != self._clean

    def draft_key(self) -> str:
        return editor_draft_key(self.bank.id, self.original.id if self.original else None)

    def keep_draft(self) -> None:
        """Keep the form's text in the store, to be offered back when this editor reopens."""
        store = self._store()
        if store is not None:
            try:
                store.set_state(self.draft_key(), self.form_values())
            except Exception as exc:  # the app is quitting: say so, never crash
                self.app.notify(f"Could not keep the editor draft: {exc}", severity="error")

    def forget_draft(self) -> None:
        key = self.draft_key()

        def forget() -> None:
            store = self._store()
            if store is not None:
                store.delete_state(key)

        cast("ScreenHost", self.app).run_in_thread(forget, name="forget-editor-draft")

    def _store(self) -> Any:
        try:
            return cast("ScreenHost", self.app).context.store()
        except Exception:  # no database (damaged, read-only): drafts are best effort
            return None

    def _offer_draft(self, draft: dict[str, str]) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.fill(draft)
                self.notify("Restored your unsaved edits; ctrl+s saves them.")
            else:
                self.forget_draft()

        what = (
            f"question {self.original.id}" if self.original else f"a new question in {self.bank.id}"
        )
        self.app.push_screen(
            ConfirmDialog(
                f"You left unsaved edits to {what} last time. Restore them?",
                yes="Restore",
                no="Discard",
            ),
            answered,
        )

    # -- checks ---------------------------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.CHECK_DELAY, self.refresh_checks)

    def edited_question(self) -> tuple[Question, list[str]]:
        """The question the form describes, and the form problems the TOML cannot show."""
        problems: list[str] = []
        limit_text = self.query_one("#ed-time", Input).value.strip()
        time_limit = self.bank.time_limit
        if limit_text:
            try:
                time_limit = int(limit_text)
            except ValueError:
                problems.append(f"time limit {limit_text!r} must be a whole number of seconds")
        persona = self.query_one("#ed-persona", Select).value
        terms = parse_terms(self.query_one("#ed-terms", TextArea).text)
        problems += terms.errors
        tags = tuple(
            t.strip() for t in self.query_one("#ed-tags", Input).value.split(",") if t.strip()
        )
        question = Question(
            id=self.new_id,
            prompt=self.query_one("#ed-prompt", TextArea).text.strip(),
            category=self.query_one("#ed-category", Input).value.strip() or self.bank.category,
            bank_id=self.bank.id,
            time_limit=time_limit,
            persona=None if persona is Select.NULL else str(persona),
            tags=tags,
            rubric=terms.rubric,
            avoid=terms.avoid,
        )
        return question, problems

    def would_be_text(self, question: Question) -> str:
        """The bank file as it would be saved with this question."""
        from callback_sim.bankfiles import BankText

        edit = BankText(self.source.text, self.source.path)
        if self.original is None:
            edit.add_questions([question])
        else:
            edit.update_question(self.original, question)
        return edit.text

    def refresh_checks(self) -> None:
        """Validate the would-be file with the bank validator and re-score the sample answer."""
        question, problems = self.edited_question()
        errors = list(problems)
        self.would_be = None
        try:
            text = self.would_be_text(question)
            parse_bank(text, self.source.path, source="user")
            self.would_be = text
        except BankValidationError as exc:
            errors += list(exc.errors)
        except Exception as exc:  # any editing failure is shown, not raised
            errors.append(str(exc))
        if errors:
            # A line the editor cannot read is left out of the would-be file, so that file may
            # validate; saving it would delete the term. Only a form with no problem saves.
            self.would_be = None
        self.errors = tuple(errors)
        status = self.query_one("#ed-status", Static)
        if errors:
            shown = errors[:3]
            more = len(errors) - len(shown)
            if more:
                shown.append(f"… and {more} more problem{'s' if more != 1 else ''}")
            status.update(Content.styled("\n".join(shown), "$text-error"))
            status.set_class(True, "-invalid")
        else:
            status.update(
                Content.styled(
                    "✓ valid: ctrl+s saves (the previous file is kept as a dated .bak)",
                    "$text-success",
                )
            )
            status.set_class(False, "-invalid")
        self._score(question)
        self.refresh_bindings()

    def _score(self, question: Question) -> None:
        from callback_sim.core.scoring import score_answer

        sample = self.query_one("#ed-sample", TextArea).text
        result = self.query_one("#ed-result", Static)
        usable = replace(
            question,
            rubric=tuple(t for t in question.rubric if t.phrases or t.signals),
            avoid=tuple(t for t in question.avoid if t.phrases or t.signals),
        )
        if not sample.strip():
            result.update(
                Content.styled(
                    "Type a sample answer above to see which terms it covers.", "$text-muted"
                )
            )
            return
        score = score_answer(usable, sample)
        lines: list[Content | str] = [
            Content.styled(
                f"Score {score.score:.0f} · content {score.content_score:.0f}"
                f" · delivery {score.delivery_score:.0f}",
                "bold",
            )
        ]
        lines += [
            "\n" + "",
            *[x for t in score.terms for x in ("\n", term_result_line(t, avoid=False))],
        ]
        lines += [x for t in score.avoid for x in ("\n", term_result_line(t, avoid=True))]
        result.update(Content.assemble(*lines))

    # -- actions ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.refresh_checks()
        if self.would_be is None:
            count = len(self.errors)
            self.notify(
                f"Not saved: fix the {count} problem{'s' if count != 1 else ''} shown at the "
                "bottom first (your text is kept).",
                severity="warning",
            )
            return
        self.dismiss(self.would_be)

    def action_cancel(self) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        if not self.has_unsaved_edits():
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.forget_draft()
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "This question has changes that are not saved. Drop them?",
                yes="Drop changes",
                no="Keep editing",
            ),
            answered,
        )


def editor_draft_key(bank_id: str, question_id: str | None) -> str:
    """The `app_state` key of the question editor's draft for one question (or a new one)."""
    return f"banks.editor-draft:{bank_id}:{question_id or '+new'}"


# -- the browser ---------------------------------------------------------------------------------


class BanksScreen(Screen[None]):
    """All banks (built-in ones read-only), their questions with fuzzy search, and editing."""

    CSS_PATH = "banks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="banks.search"),
        Binding("n", "new_bank", "New bank", id="banks.new"),
        Binding("c", "copy_bank", "Copy", id="banks.copy"),
        Binding("e", "edit", "Edit", id="banks.edit"),
        Binding("a", "add", "Add", id="banks.add"),
        Binding("d", "delete", "Delete", id="banks.delete"),
        Binding("left_square_bracket", "move(-1)", "Up", id="banks.up"),
        Binding("right_square_bracket", "move(1)", "Down", id="banks.down"),
        Binding("escape", "back", "Back", id="banks.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bank_set: BankSet | None = None
        self.bank: Bank | None = None
        self.shown: list[Question] = []

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="banks-columns"):
            with Vertical(id="bank-pane") as pane:
                pane.border_title = "Banks"
                yield OptionList(id="bank-list")
            with Vertical(id="question-pane") as questions:
                questions.border_title = "Questions"
                yield Input(placeholder="/ fuzzy search: prompt or tags", id="search")
                yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="detail-scroll"):
                    yield Static("", id="detail")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#questions", DataTable)
        table.add_column("Id", key="id")
        table.add_column("Prompt", key="prompt")
        self.query_one("#bank-list", OptionList).loading = True
        self.reload()

    # -- loading ---------------------------------------------------------------------------------

    def reload(self, select: tuple[str, str | None] | None = None, *, fresh: bool = False) -> None:
        """Read the banks in a worker (from disk again with `fresh`)."""
        context = self.cs_app.context

        def load() -> None:
            self.post_message(BanksLoaded(context.banks(reload=fresh), select))

        self.cs_app.run_in_thread(load, name="load-banks", exclusive=True)

    def on_banks_loaded(self, message: BanksLoaded) -> None:
        self.bank_set = message.banks
        home = self.cs_app.home_data
        listed = tuple((b.id, b.title, len(b.questions)) for b in message.banks.banks)
        if home is not None and home.banks != listed:
            # A bank was created or changed here: Home's bank list must show it now.
            self.cs_app.reload_home()
        options = self.query_one("#bank-list", OptionList)
        current = message.select[0] if message.select else (self.bank.id if self.bank else None)
        options.clear_options()
        for bank in message.banks.banks:
            prompt = Content.assemble(
                f"{bank.title} ({len(bank.questions)})",
                Content.styled(" built-in" if bank.source == "builtin" else "", "$text-muted"),
            )
            options.add_option(Option(prompt, id=bank.id))
        options.loading = False
        ids = message.banks.ids()
        if ids:
            index = ids.index(current) if current in ids else 0
            options.highlighted = index
            self.show_bank(
                message.banks.banks[index], message.select[1] if message.select else None
            )
        if message.banks.errors:
            self.notify(
                f"{len(message.banks.errors)} bank "
                f"{'problem' if len(message.banks.errors) == 1 else 'problems'}: "
                "`callback-sim bank list` shows them",
                severity="warning",
            )

    @on(OptionList.OptionHighlighted, "#bank-list")
    def _bank_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.bank_set is not None and event.option.id is not None:
            bank = self.bank_set.get(event.option.id)
            if bank is not self.bank:
                self.show_bank(bank)

    def show_bank(self, bank: Bank, question_id: str | None = None) -> None:
        """Show a bank's questions (filtered by the search box)."""
        self.bank = bank
        pane = self.query_one("#question-pane")
        kind = "built-in, read-only: c copies it" if bank.source == "builtin" else "yours"
        pane.border_title = f"{bank.title} · {len(bank.questions)} questions · {kind}"
        self._fill(question_id)
        self.refresh_bindings()

    def _fill(self, question_id: str | None = None) -> None:
        table = self.query_one("#questions", DataTable)
        query = self.query_one("#search", Input).value
        self.shown = search_questions(self.bank.questions, query) if self.bank else []
        table.clear()
        for q in self.shown:
            table.add_row(q.id, q.prompt, key=q.id)
        if question_id is not None:
            for row, q in enumerate(self.shown):
                if q.id == question_id:
                    table.move_cursor(row=row)
        self._show_detail()

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#questions", DataTable).focus()

    @on(DataTable.RowHighlighted, "#questions")
    def _row_highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#questions")
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):
            self.action_edit()

    def selected(self) -> Question | None:
        table = self.query_one("#questions", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        question = self.selected()
        if question is None:
            text = (
                "No questions match." if self.bank and self.bank.questions else "No questions yet."
            )
            if self.bank is not None and self.bank.source == "user":
                text += " Press a to add one."
            detail.update(text)
        else:
            detail.update(question_details(question))

    # -- which keys apply ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        user = self.bank is not None and self.bank.source == "user"
        if action == "copy_bank":
            return self.bank is not None
        if action == "add":
            return user
        if action in ("edit", "delete"):
            return user and self.selected() is not None
        if action == "move":
            # Reordering a filtered list would be confusing: only in the full list.
            return (
                user and self.selected() is not None and not self.query_one("#search", Input).value
            )
        return True

    # -- actions ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Escape leaves the search box first; a second escape goes back to practice."""
        if isinstance(self.focused, Input):
            self.query_one("#questions", DataTable).focus()
            return
        self.app.switch_mode("practice")

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new_bank(self) -> None:
        taken = tuple(self.bank_set.ids()) if self.bank_set else ()
        self.app.push_screen(NewBankDialog(taken=taken), self._create_bank)

    def action_copy_bank(self) -> None:
        if self.bank is None:
            return
        taken = tuple(self.bank_set.ids()) if self.bank_set else ()
        self.app.push_screen(NewBankDialog(copy_from=self.bank, taken=taken), self._create_bank)

    def _create_bank(self, request: NewBankRequest | None) -> None:
        if request is None:
            return
        context = self.cs_app.context

        def create() -> None:
            from callback_sim.bankfiles import create_bank_file

            context.paths.ensure_data_dir()
            path = create_bank_file(
                context.paths.user_banks,
                context.banks(),
                request.bank_id,
                title=request.title,
                category=request.category,
                copy_from=request.copy_from,
            )
            self.post_message(BanksLoaded(context.banks(reload=True), (request.bank_id, None)))
            self.app.call_from_thread(self.notify, f"Created {path}")

        self.cs_app.run_in_thread(create, name="create-bank")

    def _open_editor(self, question: Question | None) -> None:
        bank = self.bank
        if bank is None or bank.path is None:
            return

        context = self.cs_app.context

        def read() -> None:
            from callback_sim.bankfiles import BankText

            text = BankText.read(Path(cast(str, bank.path)))
            draft = None
            try:
                kept = context.store().get_state(
                    editor_draft_key(bank.id, question.id if question else None)
                )
            except Exception:  # no database: no draft to offer, editing still works
                kept = None
            if isinstance(kept, dict):
                draft = {str(k): str(v) for k, v in kept.items()}
            self.post_message(EditorReady(bank, text, question, draft))

        self.cs_app.run_in_thread(read, name="read-bank")

    def action_edit(self) -> None:
        question = self.selected()
        if question is not None:
            self._open_editor(question)

    def action_add(self) -> None:
        self._open_editor(None)

    def on_editor_ready(self, message: EditorReady) -> None:
        bank = message.bank
        editor = QuestionEditor(bank, message.text, message.question, message.draft)

        def saved(text: str | None) -> None:
            if text is not None:
                self._write(
                    bank,
                    text,
                    editor.new_id,
                    f"Saved {editor.new_id}",
                    draft_key=editor.draft_key(),
                )

        self.app.push_screen(editor, saved)

    def _write(
        self, bank: Bank, text: str, select: str | None, done: str, *, draft_key: str | None = None
    ) -> None:
        """Save a bank's new text (atomically, keeping dated .bak copies) and reload the banks."""
        context = self.cs_app.context
        path = Path(cast(str, bank.path))

        def save() -> None:
            from callback_sim.bankfiles import save_bank

            save_bank(path, text)
            if draft_key is not None:
                # The bank is saved; a draft left by a failure is only offered again.
                with contextlib.suppress(Exception):
                    context.store().delete_state(draft_key)
            self.post_message(BanksLoaded(context.banks(reload=True), (bank.id, select)))
            self.app.call_from_thread(self.notify, f"{done} in {path.name}")

        self.cs_app.run_in_thread(save, name="save-bank")

    def _change(self, edit: Callable[[BankText], object], select: str | None, done: str) -> None:
        bank = self.bank
        if bank is None or bank.path is None:
            return
        context = self.cs_app.context
        path = Path(bank.path)

        def run() -> None:
            from callback_sim.bankfiles import BankText, save_bank

            text = BankText.read(path)
            edit(text)
            save_bank(path, text.text)
            self.post_message(BanksLoaded(context.banks(reload=True), (bank.id, select)))
            self.app.call_from_thread(self.notify, done)

        self.cs_app.run_in_thread(run, name="save-bank")

    def action_delete(self) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        question = self.selected()
        if question is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(
                    lambda t: t.delete_question(question.id), None, f"Deleted {question.id}"
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Delete {question.id}: “{question.prompt}”? The previous file is kept as a "
                "dated .bak; past answers keep the question as it was asked.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def action_move(self, offset: int) -> None:
        question = self.selected()
        if question is None:
            return
        self._change(
            lambda t: t.move_question(question.id, offset), question.id, f"Moved {question.id}"
        )

    def palette_commands(self) -> list[SystemCommand]:
        """The browser's actions in the command palette (those that apply now)."""
        entries: list[tuple[str, str, str, Callable[[], Any]]] = [
            ("search", "Search questions", "Fuzzy search prompts and tags (/)", self.action_search),
            ("new_bank", "New bank", "Create an empty bank of your own (n)", self.action_new_bank),
            (
                "copy_bank",
                "Copy bank",
                "Copy this bank into one you can edit (c)",
                self.action_copy_bank,
            ),
            ("edit", "Edit question", "Edit the selected question (e)", self.action_edit),
            ("add", "Add question", "Add a question to this bank (a)", self.action_add),
            ("delete", "Delete question", "Delete the selected question (d)", self.action_delete),
        ]
        return [
            SystemCommand(title, help_text, callback)
            for action, title, help_text, callback in entries
            if self.check_action(action, ())
        ]
