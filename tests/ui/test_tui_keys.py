"""docs/keys.md lists exactly the bindings of the app and every screen."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens.banks import BanksScreen, NewBankDialog, QuestionEditor
from callback_sim.tui.screens.compare import CompareScreen
from callback_sim.tui.screens.debrief import DebriefPlanScreen, DebriefScreen, NotesPasteScreen
from callback_sim.tui.screens.dialogs import ConfirmDialog
from callback_sim.tui.screens.feedback import FeedbackScreen
from callback_sim.tui.screens.history import HistoryScreen
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.kit import KitExportScreen, KitNoteScreen, KitScreen
from callback_sim.tui.screens.progress import ProgressScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.screens.session_detail import SessionDetailScreen
from callback_sim.tui.screens.summary import SummaryScreen

DOC = Path(__file__).resolve().parents[2] / "docs" / "keys.md"

SCREENS: dict[str, type] = {
    "Everywhere": CallbackSimApp,
    "Banks": BanksScreen,
    "Question editor": QuestionEditor,
    "New bank": NewBankDialog,
    "Home": HomeScreen,
    "Round": RoundScreen,
    "Score card": FeedbackScreen,
    "Summary": SummaryScreen,
    "Dialog": ConfirmDialog,
    "History": HistoryScreen,
    "Round detail": SessionDetailScreen,
    "Progress": ProgressScreen,
    "Compare": CompareScreen,
    "Debrief": DebriefScreen,
    "Debrief plan": DebriefPlanScreen,
    "Debrief notes": NotesPasteScreen,
    "Prep kit": KitScreen,
    "Briefing note": KitNoteScreen,
    "Export plan": KitExportScreen,
}


def documented() -> set[tuple[str, str, str]]:
    rows = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*([^|]+?)\s*\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|", line)
        if m:
            rows.add((m.group(1), m.group(2), m.group(3)))
    return rows


def bound() -> set[tuple[str, str, str]]:
    rows = set()
    for screen, cls in SCREENS.items():
        for b in cls.BINDINGS:
            assert isinstance(b, Binding), f"{cls.__name__} has a binding without an id: {b}"
            assert b.id, f"{cls.__name__} binding {b.key} has no id"
            rows.add((screen, b.key, b.description))
    return rows


def test_every_binding_is_documented_and_nothing_else() -> None:
    docs = {
        (screen, keys, text.split(":")[0].split(" (")[0]) for screen, keys, text in documented()
    }
    code = bound()
    # The palette key is the App's COMMAND_PALETTE_BINDING, not a BINDINGS entry.
    docs.discard(("Everywhere", CallbackSimApp.COMMAND_PALETTE_BINDING, "Command palette"))
    missing = {(s, k) for s, k, _ in code} - {(s, k) for s, k, _ in docs}
    extra = {(s, k) for s, k, _ in docs} - {(s, k) for s, k, _ in code}
    assert not missing, f"bindings missing from docs/keys.md: {sorted(missing)}"
    assert not extra, f"docs/keys.md lists keys the code does not bind: {sorted(extra)}"


def test_documented_descriptions_start_with_the_footer_label() -> None:
    docs = documented()
    for screen, key, description in bound():
        matches = [text for s, k, text in docs if s == screen and k == key]
        assert any(text.startswith(description) for text in matches), (screen, key, description)
