"""The models' shared equality, hashing and repr behave as dataclass's generated ones."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from callback_sim.core import models
from callback_sim.core.models import (
    Delivery,
    Draft,
    Question,
    QuestionSource,
    RubricTerm,
    SessionSummary,
)

MODELS = [
    cls
    for cls in vars(models).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
]


def _reference(cls: type) -> type:
    """The same fields in a plain frozen dataclass: what the generated methods do."""
    return dataclasses.make_dataclass(
        cls.__name__,
        [(f.name, Any, f) for f in dataclasses.fields(cls)],
        frozen=True,
    )


def _sample(cls: type, salt: int = 0) -> Any:
    values: dict[str, Any] = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        defaulted = f.default is not dataclasses.MISSING
        if i and (defaulted or f.default_factory is not dataclasses.MISSING):
            continue
        values[f.name] = f"{f.name}-{salt}"
    return cls(**values)


def test_every_model_is_covered() -> None:
    assert len(MODELS) >= 15
    assert RubricTerm in MODELS and SessionSummary in MODELS


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_repr_eq_and_hash_match_a_generated_dataclass(cls: type) -> None:
    ref = _reference(cls)
    a, b, other = _sample(cls), _sample(cls), _sample(cls, salt=1)
    ra = _sample(ref)
    assert repr(a) == repr(ra)
    assert a == b
    assert (a != b) is False
    assert a != other
    assert (a == ra) is False  # another class is never equal, as dataclass has it
    try:
        hash(ra)
    except TypeError:
        with pytest.raises(TypeError):  # a dict field (Session.settings) is unhashable
            hash(a)
    else:
        assert hash(a) == hash(b) == hash(ra)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.__setattr__(dataclasses.fields(cls)[0].name, "changed")


def test_nested_models_compare_and_print_by_value() -> None:
    q1 = Question(id="q", prompt="P", category="c", source=QuestionSource(kind="bank"))
    q2 = Question(id="q", prompt="P", category="c", source=QuestionSource(kind="bank"))
    assert q1 == q2 and hash(q1) == hash(q2)
    assert q1 != dataclasses.replace(q1, source=QuestionSource(kind="numbers"))
    assert {q1: 1}[q2] == 1
    assert "source=QuestionSource(kind='bank'" in repr(q1)
    assert Draft(1, 2, "x") == Draft(1, 2, "x")
    assert Delivery(1, None, None, 0, 0, 0, 0) != Delivery(2, None, None, 0, 0, 0, 0)
    assert Draft(1, 2, "x").__eq__(object()) is NotImplemented
