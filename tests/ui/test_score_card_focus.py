"""The score card says when an answer strays from the question, and what it cost."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from callback_sim.core.banks import load_bank_set
from callback_sim.core.scoring import score_answer
from callback_sim.paths import builtin_banks_dir
from callback_sim.tui.widgets.score_card import ScoreCard
from tests.unit.test_focus import ELSEWHERE


async def test_a_straying_answer_shows_its_focus_factor() -> None:
    bank_set = load_bank_set(builtin_banks_dir(), Path("/nonexistent/user/banks"))
    question = next(q for bank in bank_set.banks for q in bank.questions if q.id == "pushback-001")
    score = score_answer(question, ELSEWHERE, seconds=60)
    assert score.gate is not None and score.gate.focus < 1

    class CardApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ScoreCard(score, ELSEWHERE)

    app = CardApp()
    async with app.run_test(size=(100, 30)):
        lines = [str(s.render()) for s in app.query(".card-gate").results(Static)]
        assert f"Strays from the question asked: content × {score.gate.focus:g}" in lines
