"""Home: start a quick round, a callback loop or weak questions; recent rounds; resume."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Select, SelectionList, Static, Switch

from callback_sim.core.models import SessionSummary
from callback_sim.tui.messages import HomeData, RoundRequest
from callback_sim.tui.widgets.app_header import AppHeader
from callback_sim.tui.widgets.choice_select import ChoiceSelect
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.rounds_table import RoundsTable

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

COUNT_CHOICES: tuple[int, ...] = (3, 5, 8, 10, 15)
MULTIPLIER_CHOICES: tuple[float, ...] = (0.5, 0.75, 1.0, 1.5, 2.0)

#: What each round mode is called on screen.
MODE_TITLES: dict[str, str] = {
    "quick": "Quick round",
    "loop": "Callback loop",
    "weak": "Weak questions",
    "plain": "Line mode",
    "company": "Line-mode loop",
}

#: The same, where the recent-rounds table is narrow (under 100 columns).
SHORT_MODE_TITLES: dict[str, str] = {
    "quick": "Quick",
    "loop": "Loop",
    "weak": "Weak",
    "plain": "Line",
    "company": "Line",
}

#: A round's status, short, for the narrow table.
SHORT_STATUS: dict[str, str] = {
    "completed": "done",
    "interrupted": "stopped",
    "in_progress": "open",
}

#: The form's fields, top to bottom (the company is shown once a debrief exists).
FIELD_LABELS: tuple[str, ...] = ("Questions", "Time limit", "Voice", "Follow-ups", "Company")

#: Below this many columns the recent rounds table uses the short forms above.
NARROW_BELOW = 100


def when(stamp: str | None) -> str:
    """A stored UTC time as a short local date and time."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.astimezone().strftime("%b %d %H:%M")


#: How a round is named in a sentence ("Your quick round from …").
ROUND_NAMES: dict[str, str] = {
    "quick": "quick round",
    "loop": "callback loop",
    "weak": "weak-question round",
    "company": "callback loop",
}

#: The first-run welcome: what callback rounds drill and the two ways in.
WELCOME = (
    "Welcome. Callback rounds test five things:\n"
    "1 Pushback: round one, repeated and probed\n"
    "2 Enthusiasm: energy across long days\n"
    "3 Start plan: your 30/60/90 days\n"
    "4 Curiosity: light, open questions to ask\n"
    "5 References: chosen and briefed\n"
    "\n"
    "Two ways in: press s for a quick round now, or d to enter round one (who you met, "
    "what they asked, what you said), then l for a loop seeded from it.\n"
    "\n"
    "Press x to hide this for good."
)


def round_name(mode: str) -> str:
    """A session's kind as a person would name it in a sentence."""
    return ROUND_NAMES.get(mode, "round")


def short_when(stamp: str | None) -> str:
    """A stored UTC time as the local time when it is today, else the date."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    today = datetime.now().astimezone().date()
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%b %d")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


class FieldLabels(Widget):
    """The labels of the form's fields as one widget: each on the middle of its field's
    three rows, down the grid's first column (a label and a row per field were ten widgets,
    a fifth of the work before the first frame)."""

    def __init__(self, labels: tuple[str, ...], *, id: str) -> None:
        super().__init__(id=id)
        self.labels = labels

    def show(self, labels: tuple[str, ...]) -> None:
        self.labels = labels
        self.styles.row_span = len(labels)
        self.refresh(layout=True)

    def on_mount(self) -> None:
        self.styles.row_span = len(self.labels)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 * len(self.labels)

    def render(self) -> Text:
        return Text("\n".join(row for label in self.labels for row in ("", label, "")))

    def render_line(self, y: int) -> Strip:
        # A field's first and third rows are blank, drawn as a label's padding is.
        if y % 3 != 1:
            return Strip([])
        return super().render_line(y)


class HomeScreen(Screen[None]):
    """The practice mode's base screen; the App fills it in once the store and banks are read."""

    CSS_PATH = "home.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "start('quick')",
            "Quick",
            id="home.quick",
            tooltip="Quick round with the chosen banks, question count and time limit",
        ),
        Binding(
            "l",
            "start('loop')",
            "Loop",
            id="home.loop",
            tooltip="Callback loop: several interviewers back to back",
        ),
        Binding(
            "w",
            "start('weak')",
            "Weak",
            id="home.weak",
            tooltip="Weak questions: every question scored below 70 that is due again",
        ),
        Binding(
            "r", "resume", "Resume", id="home.resume", tooltip="Go back to the interrupted round"
        ),
        Binding(
            "d",
            "app.open_debrief",
            "Debrief",
            id="home.debrief",
            tooltip="Debrief round one: who you met, what they asked, what you said",
        ),
        Binding(
            "k",
            "app.open_kit",
            "Kit",
            id="home.kit",
            tooltip="Prep kit: start plan, references and questions to ask, per company",
        ),
        Binding(
            "x",
            "hide_welcome",
            "Hide welcome",
            id="home.hide_welcome",
            tooltip="Hide the first-run welcome for good",
        ),
    ]

    class StartRound(Message):
        """The user asked for a round."""

        def __init__(self, request: RoundRequest) -> None:
            super().__init__()
            self.request = request

    class Resume(Message):
        """The user asked to resume an interrupted session."""

        def __init__(self, session_id: int) -> None:
            super().__init__()
            self.session_id = session_id

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        #: A round key pressed before the banks were read: acted on once they are.
        self.queued: str | None = None
        self.welcome_hidden = False
        self._resumed = False

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        settings = self.cs_app.settings
        counts = sorted({*COUNT_CHOICES, settings.question_count})
        multipliers = sorted({*MULTIPLIER_CHOICES, settings.time_multiplier})
        # The welcome, the empty-table line and the resume banner only when the data read
        # early says they show (each widget is ~1% of start-up); `_part` adds them later.
        data = self.cs_app.home_data
        yield AppHeader()
        with Horizontal(id="home-columns"):
            with Vertical(id="start-panel") as panel:
                panel.border_title = "New round"
                # A Static, not a Label: the same line, without parsing Label's stylesheet.
                yield Static("Banks (space toggles)", id="banks-label", markup=False)
                yield SelectionList[str](id="banks")
                # One grid for the fields, their labels one widget down the left.
                with Grid(id="fields"):
                    yield FieldLabels(FIELD_LABELS[:-1], id="field-labels")
                    yield ChoiceSelect(
                        [(str(n), n) for n in counts],
                        value=settings.question_count,
                        allow_blank=False,
                        id="count",
                    )
                    yield ChoiceSelect(
                        [(f"{m:g}×", m) for m in multipliers],
                        value=settings.time_multiplier,
                        allow_blank=False,
                        id="multiplier",
                    )
                    yield Switch(value=self.cs_app.voice.enabled, id="voice")
                    yield Switch(value=settings.follow_ups, id="follow-ups")
                    # Shown once a debrief exists: `l` then plans that company's callback loop.
                    yield ChoiceSelect[str]([], prompt="Banks only", id="company")
            with Vertical(id="recent-panel") as recent:
                recent.border_title = "Recent rounds"
                if data is None or data.welcome:
                    yield self._make_part("welcome")
                yield RoundsTable(id="recent", zebra_stripes=True)
                if data is None or not data.recent:
                    yield self._make_part("recent-empty")
        if data is None or data.resumable:
            yield self._make_part("resume-banner")
        yield KeysFooter()

    #: The parts of the screen made only when they show: id -> first text.
    _PARTS: ClassVar[dict[str, str]] = {
        "welcome": WELCOME,
        "recent-empty": "Loading your rounds…",
        "resume-banner": "",
    }

    def _make_part(self, part: str) -> Static:
        return Static(self._PARTS[part], id=part, markup=False)

    def _part(self, part: str, *, needed: bool) -> Static | None:
        """The Static `#part`, mounted now if it is `needed` and was not composed."""
        try:
            return self.query_one(f"#{part}", Static)
        except NoMatches:
            if not needed:
                return None
        widget = self._make_part(part)
        if part == "resume-banner":
            self.mount(widget, before=self.query_one(KeysFooter))
        elif part == "welcome":
            self.query_one("#recent-panel").mount(widget, before="#recent")
        else:
            self.query_one("#recent-panel").mount(widget, after="#recent")
        return widget

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles a screen each time it resumes. The first time is right after
        # it mounted, when every widget has just been styled (and each change of class or
        # focus since restyled what it touched): a second full pass, ~2% of start-up.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        table = self.query_one("#recent", RoundsTable)
        table.add_columns("When", "Round", "Done", "Score", "Status")
        table.display = False
        for part in ("resume-banner", "welcome"):
            widget = self._part(part, needed=False)
            if widget is not None:
                widget.display = False
        self.query_one("#company").display = False
        if self.cs_app.home_data is not None:
            self.show_data(self.cs_app.home_data)
        else:
            # Only while the banks are still being read (not mounted at all when they were).
            self.query_one("#banks", SelectionList).loading = True

    # -- filled in by the App -------------------------------------------------------------

    def show_data(self, data: HomeData) -> None:
        """Show banks, recent sessions and what can be resumed (called by the App)."""
        first = self.data is None
        self.data = data
        banks = self.query_one("#banks", SelectionList)
        chosen = set(banks.selected) if not first else None
        banks.clear_options()
        # In one call: each add_option lays the list out again.
        banks.add_options(
            [
                (f"{title} ({count})", bank_id, chosen is None or bank_id in chosen)
                for bank_id, title, count in data.banks
            ]
        )
        banks.loading = False
        self.query_one("#banks-label", Static).update(
            "Banks (space toggles)"
            if data.banks
            else "No banks found: add one with `callback-sim bank new ID`"
        )
        self._show_recent(data.recent)
        banner = self._part("resume-banner", needed=bool(data.resumable))
        if banner is not None:
            if data.resumable:
                s = data.resumable[0]
                banner.update(
                    f"Interrupted round from {when(s.started_at)}: {s.answers} of {s.planned} "
                    "answered. Press r to resume it."
                )
            banner.display = bool(data.resumable)
        self._show_companies(data.companies)
        welcome = self._part("welcome", needed=self.welcome_shown)
        if welcome is not None:
            welcome.display = self.welcome_shown
        self.refresh_bindings()
        if self.queued is not None:
            queued, self.queued = self.queued, None
            self.action_start(queued)

    @property
    def welcome_shown(self) -> bool:
        return self.data is not None and self.data.welcome and not self.welcome_hidden

    def action_hide_welcome(self) -> None:
        if self.welcome_shown:
            self.welcome_hidden = True
            welcome = self._part("welcome", needed=False)
            if welcome is not None:
                welcome.display = False
            if self.data is not None:
                self._show_recent(self.data.recent)  # no rounds yet: say so where it stood
            self.cs_app.dismiss_welcome()
            self.refresh_bindings()

    def _show_companies(self, companies: tuple[str, ...]) -> None:
        """Offer the companies with a debrief for a callback loop, keeping the choice."""
        select = self.query_one("#company", Select)
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options([(name, name) for name in companies])
            if chosen in companies:
                select.value = chosen
        select.display = bool(companies)
        labels = self.query_one("#field-labels", FieldLabels)
        labels.show(FIELD_LABELS if companies else FIELD_LABELS[:-1])

    def _show_recent(self, sessions: tuple[SessionSummary, ...]) -> None:
        table = self.query_one("#recent", RoundsTable)
        table.clear()
        # Narrow: short forms, so the Status column is never cut off at 80 columns.
        narrow = self._recent_narrow = self.app.size.width < NARROW_BELOW
        for s in sessions:
            table.add_row(
                short_when(s.started_at) if narrow else when(s.started_at),
                (SHORT_MODE_TITLES if narrow else MODE_TITLES).get(s.mode, s.mode),
                f"{s.answers}/{s.planned}",
                _score(s.score),
                SHORT_STATUS.get(s.status, s.status) if narrow else s.status.replace("_", " "),
                key=str(s.id),
            )

        table.display = bool(sessions)
        shown = not sessions and not self.welcome_shown
        empty = self._part("recent-empty", needed=shown)
        if empty is not None:
            empty.update("No rounds yet. Press s to start a quick round.")
            empty.display = shown

    def on_resize(self) -> None:
        narrow = self.app.size.width < NARROW_BELOW
        if self.data is not None and getattr(self, "_recent_narrow", narrow) != narrow:
            self._show_recent(self.data.recent)

    def show_voice(self, on: bool) -> None:
        switch = self.query_one("#voice", Switch)
        if switch.value != on:
            with switch.prevent(Switch.Changed):
                switch.value = on

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            # While the banks are being read the key is taken and acted on once they are.
            return self.data is None or bool(self.data.banks)
        if action == "resume":
            return self.data is not None and bool(self.data.resumable)
        if action == "hide_welcome":
            return self.welcome_shown
        return True

    def request(self, mode: str) -> RoundRequest:
        """The round the form describes."""
        banks = self.query_one("#banks", SelectionList)
        count = self.query_one("#count", Select).value
        multiplier = self.query_one("#multiplier", Select).value
        company = self.query_one("#company", Select).value
        return RoundRequest(
            mode=mode,
            bank_ids=tuple(str(b) for b in banks.selected),
            count=int(cast(int, count)),
            time_multiplier=float(cast(float, multiplier)),
            company=str(company) if mode == "loop" and isinstance(company, str) else None,
            follow_ups=self.query_one("#follow-ups", Switch).value,
        )

    def action_start(self, mode: str) -> None:
        if self.data is None:
            self.queued = mode
            return
        request = self.request(mode)
        if not request.bank_ids and not request.company:
            self.notify("Choose at least one bank (space toggles).", severity="warning")
            return
        self.post_message(self.StartRound(request))

    def action_resume(self) -> None:
        if self.data is not None and self.data.resumable:
            self.post_message(self.Resume(self.data.resumable[0].id))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id == "voice" and event.value != self.cs_app.voice.enabled:
            self.cs_app.action_toggle_voice()
        if event.switch.id == "follow-ups" and event.value != self.cs_app.settings.follow_ups:
            self.cs_app.update_settings(follow_ups=event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        if event.select.id == "count" and event.value != self.cs_app.settings.question_count:
            self.cs_app.update_settings(question_count=int(cast(int, event.value)))
        if event.select.id == "multiplier" and event.value != self.cs_app.settings.time_multiplier:
            self.cs_app.update_settings(time_multiplier=float(cast(float, event.value)))

    def palette_commands(self) -> list[SystemCommand]:
        """Round starts in the command palette (the App adds its own entries)."""
        commands = [
            SystemCommand(title, f"Start a {title.lower()} with the chosen banks", self._starter(m))
            for m, title in MODE_TITLES.items()
        ]
        if self.data is not None and self.data.resumable:
            commands.append(
                SystemCommand(
                    "Resume round", "Go back to the interrupted round", self.action_resume
                )
            )
        for name in self.data.companies if self.data is not None else ():
            commands.append(
                SystemCommand(
                    f"Callback loop: {name}",
                    "Seeded from its round-one debrief, scored against its prep kit",
                    lambda n=name: self.start_company_loop(n),
                )
            )
        return commands

    def start_company_loop(self, company: str) -> None:
        """Choose `company` for the loop and start it."""
        self.query_one("#company", Select).value = company
        self.action_start("loop")

    def _starter(self, mode: str) -> Any:
        return lambda: self.action_start(mode)
