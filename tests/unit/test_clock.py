"""An odd system clock (past year 9999) does not stop a round or lose an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim import clock
from callback_sim.store import Store
from callback_sim.store.db import utc_now
from tests.unit.store_helpers import question, score, submission


def _year_10000() -> object:
    raise ValueError("year 10000 is out of range")


def test_clock_past_year_9999_gives_the_last_second(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "_system_now", _year_10000)
    assert clock.now_utc() == clock.CLOCK_LIMIT
    assert utc_now() == "9999-12-31T23:59:59Z"


def test_answers_are_saved_under_an_odd_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "_system_now", _year_10000)
    with Store.open(tmp_path / "odd.db") as store:
        q = question()
        session = store.create_session(mode="quick", planned=(q,))
        store.save_answer(session.id, submission(q), score(q))
        kept = store.get_session(session.id)
    assert kept.answers[0].answered_at == "9999-12-31T23:59:59Z"
