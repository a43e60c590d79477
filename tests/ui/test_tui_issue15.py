"""Issue 15: every key reachable at 80×24, messages that say what is true, first run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, SelectionList, Static, Switch, TextArea

from callback_sim.core.durations import clock, over_limit, overrun
from callback_sim.core.models import SessionSummary
from callback_sim.core.text import counted
from callback_sim.tui.app import WELCOME_KEY
from callback_sim.tui.screens.banks import BanksScreen
from callback_sim.tui.screens.dialogs import KeysScreen, resume_question
from callback_sim.tui.screens.history import HistoryScreen, rounds_shown
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.progress import ProgressScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.widgets.footer import KeysFooter

from .tui_helpers import FakeClock, home_ready, make_app, wait_for

SMALL = (80, 24)


def footer_keys(screen: Any) -> list[tuple[str, str]]:
    footer = screen.query_one(KeysFooter)
    return [(k.key_display, k.description) for k in footer.shown]


async def round_open(pilot: Pilot[Any]) -> RoundScreen:
    """Home, then `s`: the first question of a quick round, its footer laid out."""
    await home_ready(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RoundScreen))
    screen = pilot.app.screen
    assert isinstance(screen, RoundScreen)
    await pilot.pause(0.1)
    return screen


async def _footer_fits(pilot: Pilot[Any], screen: Any, width: int) -> None:
    footer = screen.query_one(KeysFooter)

    def laid_out() -> list[int]:
        widths = [span.end - span.start for span in footer.spans]
        return widths if widths and all(widths) else []

    await wait_for(pilot, laid_out)
    used = sum(laid_out())
    assert 0 < used <= width, (used, footer_keys(screen))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_home_footer_shows_whole_keys_and_keys_help(
    isolated_home: Path, size: tuple[int, int]
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=size) as pilot:
        home = await home_ready(pilot)
        await pilot.pause(0.1)
        keys = footer_keys(home)
        labels = [d for _, d in keys]
        # Its own keys first, then help; nothing cut in half.
        assert labels[:5] == ["Quick", "Loop", "Weak", "Debrief", "Kit"]
        assert ("?", "Keys") in keys
        await _footer_fits(pilot, home, size[0])
        if size[0] >= 100:
            assert "History" in labels and "Banks" in labels


async def test_keys_panel_lists_every_key_of_the_screen(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen))
        panel = app.screen
        assert isinstance(panel, KeysScreen)
        descriptions = {row.description for row in panel.rows}
        # The keys the 80-column footer has no room for are all here.
        for label in ("Quick", "Loop", "Weak", "Debrief", "Kit", "History", "Banks"):
            assert label in descriptions
        for label in ("Progress", "Voice", "Quit", "Palette", "Keys"):
            assert label in descriptions
        keys = {row.description: row.keys for row in panel.rows}
        assert keys["Keys"] == "?/f1"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_while_typing_the_footer_offers_f1_and_question_mark_types(
    isolated_home: Path,
) -> None:
    app = make_app(isolated_home, config="question_count = 3\n")
    async with app.run_test(size=SMALL) as pilot:
        screen = await round_open(pilot)
        assert ("f1", "Keys") in footer_keys(screen)
        assert ("?", "Keys") not in footer_keys(screen)
        await pilot.press("question_mark")
        assert screen.query_one("#answer", TextArea).text == "?"
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen))


async def test_a_key_pressed_before_the_banks_are_read_starts_the_round(
    isolated_home: Path,
) -> None:
    app = make_app(isolated_home, config="question_count = 3\n")
    async with app.run_test(size=SMALL) as pilot:
        # Straight after the first frame: home data is not loaded yet.
        assert app.home_data is None
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))


async def test_repeat_is_hidden_when_voice_cannot_speak(isolated_home: Path) -> None:
    app = make_app(isolated_home, config="question_count = 3\n")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await round_open(pilot)
        assert "Repeat" not in [d for _, d in footer_keys(screen)]
        assert screen.check_action("repeat", ()) is False


async def test_saved_note_counts_the_saved_answer(isolated_home: Path) -> None:
    fake = FakeClock()
    app = make_app(isolated_home, config='question_count = 3\nfeedback = "end"\n', clock=fake)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await round_open(pilot)
        screen.query_one("#answer", TextArea).insert(" ".join(["word"] * 40))
        fake.advance(20)
        await pilot.press("ctrl+s")
        # The round moves on when the answer is submitted; the note comes once it is saved.
        await wait_for(pilot, lambda: screen.round.position == 2 and len(screen.saved) == 1)
        status = str(screen.query_one("#status-line").render())
        assert "Question 1 saved (40 words)" in status
        assert " 0 words" not in status


async def test_banks_escape_goes_back_and_a_new_bank_reaches_home(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, BanksScreen))
        banks = app.screen
        assert isinstance(banks, BanksScreen)
        await wait_for(pilot, lambda: banks.bank_set is not None)
        banks.query_one("#questions", DataTable).focus()
        # The footer lays itself out after the next refresh: wait for it (slow machines).
        await wait_for(pilot, lambda: bool(footer_keys(banks)))
        assert ("esc", "Back") in footer_keys(banks)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is not banks)
        app.screen.query_one("#new-id", Input).value = "my-bank"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: app.home_data is not None and "my-bank" in [b[0] for b in app.home_data.banks],
        )
        # Escape from the search box lands on the list, a second one leaves.
        banks.query_one("#search", Input).focus()
        await pilot.press("escape")
        assert isinstance(banks.focused, DataTable)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        options = home.query_one("#banks", SelectionList)
        assert "my-bank" in [
            options.get_option_at_index(i).value for i in range(options.option_count)
        ]


async def test_first_run_welcome_shows_once(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        welcome = home.query_one("#welcome")
        assert welcome.display
        text = str(welcome.render())
        for thing in ("Pushback", "Enthusiasm", "Start plan", "Curiosity", "References"):
            assert thing in text
        assert "press s" in text and "d to enter round one" in text
        await pilot.press("x")
        assert not welcome.display
        # the panel does not go blank: with no rounds yet, it says how to start one
        empty = home.query_one("#recent-empty", Static)
        assert empty.display and "No rounds yet" in str(empty.render())
        await wait_for(pilot, lambda: app.context.store().get_state(WELCOME_KEY) is True)
    again = make_app(isolated_home)
    async with again.run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        assert not home.query_one("#welcome").display
        assert "Hide welcome" not in [d for _, d in footer_keys(home)]


@pytest.mark.parametrize(
    ("screen_key", "screen_type"), [("f3", HistoryScreen), ("f5", ProgressScreen)]
)
async def test_every_screen_footer_fits_at_80(
    isolated_home: Path, screen_key: str, screen_type: type
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press(screen_key)
        await wait_for(pilot, lambda: isinstance(app.screen, screen_type))
        await wait_for(pilot, lambda: ("?", "Keys") in footer_keys(app.screen))
        await _footer_fits(pilot, app.screen, 80)


def test_counted_and_round_names() -> None:
    assert counted(1, "answer") == "1 answer"
    assert counted(0, "answer") == "0 answers"
    assert counted(2, "filled pause") == "2 filled pauses"
    plain = SessionSummary(
        id=1, started_at="2026-12-01T09:18:00Z", ended_at=None, status="interrupted",
        mode="plain", company=None, answers=0, planned=1, score=None, seconds=0.0,
    )  # fmt: skip
    text = resume_question(plain, None)
    assert text.startswith("Your round from ") and "0 of 1 question answered" in text


def test_rounds_shown_says_what_the_list_holds() -> None:
    assert rounds_shown(2, 2, False) == "2 rounds"
    assert rounds_shown(1, 1, True) == "1 round matches the filters"
    assert rounds_shown(50, 900, False) == "50 shown of 900 rounds"


def test_one_rounding_rule_for_time_used_and_overrun() -> None:
    # An answer of 48.6 s against 38 s: every place says 0:49, 0:38 and +0:11.
    assert clock(48.6) == "0:49"
    assert overrun(48.6, 38) == 11
    assert over_limit(48.6, 38) == "+0:11 over the 0:38 limit"
    assert over_limit(30.0, 38) == ""
    assert overrun(38.4, 38) == 0


class _Silent:
    """A speaker that could not start (no engine or no audio player)."""

    available = False
    closed = False

    def say(self, text: str, *, persona: str | None = None, on_done: object = None) -> None:
        raise AssertionError("a silent speaker is never asked to speak")

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


async def test_voice_goes_on_only_when_it_can_speak(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callback_sim.speech as speech

    silent = _Silent()
    engine_words = "pyttsx3 could not find libespeak.so.1"
    monkeypatch.setattr(speech, "make_speaker", lambda settings: (silent, engine_words))
    app = make_app(isolated_home, config="voice = true\n")
    async with app.run_test(size=SMALL) as pilot:
        home = await home_ready(pilot)
        # voice = true in config.toml, but nothing can speak: off, and saved off.
        await wait_for(pilot, lambda: not app.voice.enabled)
        await wait_for(
            pilot,
            lambda: "voice = false" in (isolated_home / "config.toml").read_text("utf-8"),
        )
        assert home.query_one("#voice", Switch).value is False
        app.clear_notifications()
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: len(app._notifications) > 0)
        await pilot.pause(0.1)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1, messages
        assert "espeak-ng" in messages[0] and "pyttsx3" not in messages[0]
        assert "Voice on" not in messages[0]
        assert not app.voice.enabled and home.query_one("#voice", Switch).value is False
        assert silent.closed


def test_configuration_doc_lists_every_setting() -> None:
    import dataclasses

    from callback_sim.config import Settings, parse_settings

    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    for f in dataclasses.fields(Settings):
        assert f"`{f.name}`" in doc or f"[{f.name}." in doc, f.name
    # The example is a valid config.toml.
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = parse_settings(example, Path("config.toml"))
    assert settings.question_count == 8 and settings.voices["skip_level"].rate == 160


def test_weak_round_takes_every_due_question_below_the_threshold() -> None:
    from datetime import UTC, datetime, timedelta

    from callback_sim.core.schedule import QuestionSchedule
    from callback_sim.tui.planning import no_weak_questions, weak_by_schedule

    from .tui_helpers import BANK

    now = datetime(2026, 12, 1, tzinfo=UTC)
    questions = list(BANK.questions)

    def sched(q: Any, score: float, due_in_days: float) -> QuestionSchedule:
        return QuestionSchedule(
            bank_id=q.bank_id, question_id=q.id, attempts=1, last_score=score,
            mean_score=score, best_score=score, due=now + timedelta(days=due_in_days),
            stability=1.0, retrievability=0.9, struggling=False,
        )  # fmt: skip

    schedules = {
        (questions[0].bank_id, questions[0].id): sched(questions[0], 90, -1),  # due, strong
        (questions[1].bank_id, questions[1].id): sched(questions[1], 50, -1),  # due, weak
        (questions[2].bank_id, questions[2].id): sched(questions[2], 60, -2),  # due, weak
        (questions[3].bank_id, questions[3].id): sched(questions[3], 40, 3),  # weak, later
    }
    picked = weak_by_schedule(questions, schedules, now, count=1)
    # Both due weak questions, even beyond the count of 1; never the strong one.
    assert [q.id for q in picked] == [questions[1].id, questions[2].id]
    picked = weak_by_schedule(questions, schedules, now, count=3)
    assert [q.id for q in picked] == [questions[1].id, questions[2].id, questions[3].id]
    assert "not answered any" in no_weak_questions(0)
    assert "the question you have answered" in no_weak_questions(1)


async def test_80_columns_keep_status_due_flags_and_dates_in_view(isolated_home: Path) -> None:
    from textual.widgets import DataTable as Table

    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen))
        table = app.screen.query_one("#progress-questions", Table)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[-2:] == ["Due", "Flags"] and "Best" not in labels
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= 80
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert "Best" in [str(c.label) for c in table.columns.values()]
        await pilot.resize_terminal(80, 24)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.pause(0.1)
        until = app.screen.query_one("#history-until", Input)
        assert until.region.right <= 80 and until.region.width >= 15


async def test_debrief_opens_in_the_first_empty_field_tab_keeps_text_and_undo(
    isolated_home: Path,
) -> None:
    from .test_tui_debrief import open_debrief

    app = make_app(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_debrief(pilot)
        await pilot.pause(0.1)
        company = screen.query_one("#dbf-company", Input)
        assert screen.focused is company
        for char in "Acme":
            await pilot.press(char)
        assert company.value == "Acme"
        await pilot.press("tab", "shift+tab")
        assert screen.focused is company
        # Back in a filled field: the cursor is at the end, the next key adds to it.
        await pilot.press("x")
        assert company.value == "Acmex"
        await pilot.press("ctrl+z")
        assert company.value == "Acme"


async def test_kit_fills_the_blank_reference_first_and_the_note_claims_nothing(
    isolated_home: Path,
) -> None:
    from callback_sim.core.kit import Reference, briefing_note

    from .test_tui_kit import open_kit

    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kit(pilot)
        assert len(screen.reference_forms()) == 1
        await pilot.press("ctrl+r")
        await pilot.pause(0.1)
        assert len(screen.reference_forms()) == 1  # no empty "Reference 1" left beside it
        screen.reference_forms()[0].query(Input).first().value = "Priya Shah"
        await pilot.press("ctrl+r")
        await pilot.pause(0.1)
        assert len(screen.reference_forms()) == 2
    note = briefing_note(Reference(name="Priya Shah", jd_sent=False), "Acme", "PM")
    assert "attached" not in note and "send you the job description" in note
